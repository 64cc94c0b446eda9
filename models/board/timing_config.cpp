#include "models/board/timing_config.h"

#include "models/error.h"

namespace mtesim::models {

TimingConfig::TimingConfig() {
  // Private 32 KiB L1s (instruction hits hide in the fetch pipeline; a data hit is the
  // load-to-use latency), a shared 512 KiB L2 and a 16 KiB tag cache: a small
  // application cluster of the MTE generation.
  l1i.size_bytes = 32 * 1024;
  l1i.ways = 4;
  l1i.hit_cycles = 1;
  l1d.size_bytes = 32 * 1024;
  l1d.ways = 4;
  l1d.hit_cycles = 3;
  l2.size_bytes = 512 * 1024;
  l2.ways = 8;
  l2.hit_cycles = 12;
  l2.prefetch = "next_line";
  dram = dram::DramPreset("ddr4_3200");
}

namespace {

CoreTimingConfig ReadCore(config::JsonObject obj, CoreTimingConfig c) {
  if (obj.Has("latency")) {
    config::JsonObject lat = obj.Object("latency");
    for (unsigned k = 0; k < isa::kInsnClassCount; ++k)
      c.latency[k] = static_cast<uint32_t>(lat.Unsigned(isa::kInsnClassNames[k], c.latency[k], 1, 1000));
    lat.RejectUnknownKeys();
  }
  c.exception_cycles = static_cast<uint32_t>(obj.Unsigned("exception_cycles", c.exception_cycles, 0, 100000));
  c.translation_cycles = static_cast<uint32_t>(obj.Unsigned("translation_cycles", c.translation_cycles, 0, 10000));
  c.store_buffer_entries = static_cast<uint32_t>(obj.Unsigned("store_buffer_entries", c.store_buffer_entries, 1, 64));
  obj.RejectUnknownKeys();
  return c;
}

}  // namespace

TimingConfig ReadTimingConfig(config::JsonObject obj) {
  TimingConfig t;
  if (obj.Has("core")) t.core = ReadCore(obj.Object("core"), t.core);
  if (obj.Has("l1i")) t.l1i = cache::ReadCacheConfig(obj.Object("l1i"), t.l1i);
  if (obj.Has("l1d")) t.l1d = cache::ReadCacheConfig(obj.Object("l1d"), t.l1d);
  if (obj.Has("l2")) t.l2 = cache::ReadCacheConfig(obj.Object("l2"), t.l2);
  if (obj.Has("tag_cache")) t.tag_cache = cache::ReadTagCacheConfig(obj.Object("tag_cache"), t.tag_cache);
  t.tag_storage = obj.Choice("tag_storage", "carveout", {"carveout", "ecc"}) == "ecc" ? TagPlacement::Ecc
                                                                                      : TagPlacement::CarveOut;
  if (obj.Has("dram")) t.dram = dram::ReadDramConfig(obj.Object("dram"));
  t.controller_cycles = static_cast<uint32_t>(obj.Unsigned("controller_cycles", t.controller_cycles, 0, 10000));
  obj.RejectUnknownKeys();
  // A private cache's line fills exactly one line below it.
  if (t.l1i.line_bytes > t.l2.line_bytes || t.l1d.line_bytes > t.l2.line_bytes)
    throw Error(obj.Key("l2") + ".line: " + std::to_string(t.l2.line_bytes) +
                " bytes is smaller than an L1 line (L1 lines must fit in one L2 line)");
  if (t.l2.line_bytes > t.dram.line_bytes * 64)
    throw Error(obj.Key("l2") + ".line: larger than 64 DRAM bursts");
  return t;
}

}  // namespace mtesim::models
