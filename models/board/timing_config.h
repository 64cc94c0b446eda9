// Everything --mode timing needs to know about the machine's timing (design.md, "Two
// speeds"): the core's per-class issue latencies, the caches, the memory controller's
// tag cache and tag placement, and DRAM. Typed structs filled from the configuration's
// "timing" object (DRAMSys style); every error names the dotted key at fault.
#pragma once
#include <array>
#include <cstdint>
#include <string>

#include "isa/insn_class.h"
#include "models/cache/cache_config.h"
#include "models/cache/tag_cache.h"
#include "models/config/json_reader.h"
#include "models/memory/dram/dram_config.h"
#include "models/memory/memory_controller_timing.h"

namespace mtesim::models {

// An in-order core: each instruction issues in its class's latency (isa/insn_class.h);
// memory accesses add the stalls the caches report.
struct CoreTimingConfig {
  // int_alu, int_mul, int_div, branch, load, store, atomic, tag_arith, tag_load,
  // tag_store, system: a small in-order core's figures (Cortex-A55 class).
  std::array<uint32_t, isa::kInsnClassCount> latency{1, 3, 12, 1, 1, 1, 4, 1, 1, 1, 8};
  uint32_t exception_cycles = 20;    // entering a synchronous exception (pipeline flush)
  uint32_t translation_cycles = 2;   // a translation the first-level TLB misses (second-level lookup)
  uint32_t store_buffer_entries = 8;  // stores waiting for their lines before a store stalls
};

struct TimingConfig {
  CoreTimingConfig core;
  cache::CacheConfig l1i, l1d, l2;
  cache::TagCacheConfig tag_cache;
  TagPlacement tag_storage = TagPlacement::CarveOut;
  dram::DramConfig dram;
  uint32_t controller_cycles = 10;  // the memory controller's own pass (queueing, ECC), per request

  TimingConfig();
};

// Reads the configuration's "timing" object (keys core, l1i, l1d, l2, tag_cache,
// tag_storage, dram, controller_cycles) over the defaults; `obj`'s path names errors.
TimingConfig ReadTimingConfig(config::JsonObject obj);

}  // namespace mtesim::models
