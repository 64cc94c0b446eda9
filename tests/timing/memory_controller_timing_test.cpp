// The memory controller's timing half (models/memory/memory_controller_timing.h), one
// rule per test: where tags live (the 1/32 carve-out behind the tag cache, or the ECC
// bits of data lines) decides the DRAM traffic of a line's fill or writeback.
#include <gtest/gtest.h>

#include "models/cache/tag_cache.h"
#include "timing_bench.h"

namespace timing_test {
namespace {

using mtesim::models::MemoryControllerTiming;

struct Controller {
  mtesim::stats::Tree tree;
  TimingConfig config;
  MemoryControllerTiming timing;
  Controller(TagPlacement placement, bool tag_cache)
      : config(Make(placement, tag_cache)),
        timing(config.tag_cache, config.tag_storage, config.dram, config.controller_cycles, kMemoryBytes, kCycle,
               tree.root().Child("memory")) {}
  static TimingConfig Make(TagPlacement placement, bool tag_cache) {
    TimingConfig c = Config();
    c.tag_storage = placement;
    c.tag_cache.enabled = tag_cache;
    return c;
  }
  unsigned line() const { return config.l2.line_bytes; }
  // The data extent whose tags one tag-cache line holds (2 KiB with 64-byte lines).
  uint64_t TagRegion() const { return uint64_t{config.tag_cache.line_bytes} * mtesim::cache::kDataBytesPerTagByte; }
  // A transfer from the L2 at time 0; the data delay, and the tags' in *tags_ready.
  sc_time Transfer(LineTransfer::Op op, uint64_t offset, bool data, bool tags, sc_time* tags_ready = nullptr) {
    LineTransfer ext;
    ext.op = op;
    ext.data = data;
    ext.tags = tags;
    sc_time delay = sc_core::SC_ZERO_TIME;
    timing.Transfer(offset, line(), ext, delay);
    if (tags_ready) *tags_ready = ext.tags_ready;
    return delay;
  }
  sc_time Fill(uint64_t offset, bool data, bool tags, sc_time* tags_ready = nullptr) {
    return Transfer(LineTransfer::Op::Fill, offset, data, tags, tags_ready);
  }
  void Writeback(uint64_t offset, bool data, bool tags) { Transfer(LineTransfer::Op::Writeback, offset, data, tags); }
  uint64_t Stat(const std::string& name) const {
    uint64_t v = 0;
    if (!tree.Lookup("memory." + name, &v)) ADD_FAILURE() << "no statistic memory." << name;
    return v;
  }
};

TEST(MemoryControllerTiming, CarveOutTagFillWithoutTagCacheIsADramTagRead) {
  Controller c(TagPlacement::CarveOut, false);
  c.Fill(0, true, true);
  EXPECT_EQ(c.Stat("dram.data_reads"), 1u);
  EXPECT_EQ(c.Stat("dram.tag_reads"), 1u);  // the line's tags are a few bytes of one burst
  c.Fill(c.line(), true, true);             // nothing filters the next line's
  EXPECT_EQ(c.Stat("dram.tag_reads"), 2u);
  EXPECT_EQ(c.Stat("tag_fills"), 2u);
}

TEST(MemoryControllerTiming, CarveOutSecondTagFillOfATagCacheLineHits) {
  Controller c(TagPlacement::CarveOut, true);
  c.Fill(0, true, true);
  EXPECT_EQ(c.Stat("dram.tag_reads"), 1u);
  EXPECT_EQ(c.Stat("tag_cache.misses"), 1u);
  c.Fill(c.TagRegion() - c.line(), true, true);  // the same tag-storage line
  EXPECT_EQ(c.Stat("dram.tag_reads"), 1u);
  EXPECT_EQ(c.Stat("tag_cache.hits"), 1u);
  c.Fill(c.TagRegion(), true, true);  // the next one
  EXPECT_EQ(c.Stat("dram.tag_reads"), 2u);
  EXPECT_EQ(c.Stat("tag_cache.misses"), 2u);
}

TEST(MemoryControllerTiming, CarveOutTagCacheMissBringsTagsAfterTheData) {
  Controller c(TagPlacement::CarveOut, true);
  sc_time tags;
  const sc_time data = c.Fill(0, true, true, &tags);
  EXPECT_GT(tags, data);  // the tag-cache lookup, then its DRAM fill
  EXPECT_GE(tags, kCycle * static_cast<double>(c.config.controller_cycles + c.config.tag_cache.hit_cycles));
}

TEST(MemoryControllerTiming, UntaggedFillMakesNoTagAccess) {
  Controller c(TagPlacement::CarveOut, true);
  sc_time tags;
  const sc_time data = c.Fill(0, true, false, &tags);
  EXPECT_EQ(tags, data);
  EXPECT_EQ(c.Stat("dram.tag_reads"), 0u);
  EXPECT_EQ(c.Stat("tag_cache.misses") + c.Stat("tag_cache.hits"), 0u);
  EXPECT_EQ(c.Stat("tag_fills"), 0u);
}

TEST(MemoryControllerTiming, EccDataAndTagsFillMakesNoDramTagAccess) {
  Controller c(TagPlacement::Ecc, true);
  sc_time tags;
  const sc_time data = c.Fill(0, true, true, &tags);
  EXPECT_EQ(tags, data);  // in the ECC bits of the line
  EXPECT_EQ(c.Stat("dram.data_reads"), 1u);
  EXPECT_EQ(c.Stat("dram.tag_reads"), 0u);
  EXPECT_EQ(c.Stat("dram.tag_writes"), 0u);
  EXPECT_EQ(c.Stat("tag_fills"), 1u);
}

TEST(MemoryControllerTiming, EccDataAndTagsWritebackMakesNoDramTagAccess) {
  Controller c(TagPlacement::Ecc, true);
  c.Writeback(0, true, true);
  EXPECT_EQ(c.Stat("dram.data_writes"), 1u);
  EXPECT_EQ(c.Stat("dram.tag_writes"), 0u);
}

TEST(MemoryControllerTiming, CarveOutDirtyTagsWritebackWritesTheTagCache) {
  Controller c(TagPlacement::CarveOut, true);
  c.Writeback(0, false, true);
  EXPECT_EQ(c.Stat("tag_cache.writes"), 1u);
  EXPECT_EQ(c.Stat("dram.tag_writes"), 0u);  // the dirty tag line stays in the tag cache
  EXPECT_EQ(c.Stat("dram.data_writes"), 0u);
  c.Writeback(c.line(), false, true);
  EXPECT_EQ(c.Stat("tag_cache.writes"), 2u);
  EXPECT_EQ(c.Stat("tag_cache.hits"), 1u);
  EXPECT_EQ(c.Stat("tag_writebacks"), 2u);
}

TEST(MemoryControllerTiming, CarveOutDirtyTagsWritebackWithoutTagCacheWritesDram) {
  Controller c(TagPlacement::CarveOut, false);
  c.Writeback(0, false, true);
  EXPECT_EQ(c.Stat("dram.tag_writes"), 1u);
  EXPECT_EQ(c.Stat("dram.data_writes"), 0u);
}

// A writeback reports when it has drained (its DRAM writes done): the writer's buffer
// entry is held that long (tests/cache: the L2's writeback buffer), nobody waits more.
TEST(MemoryControllerTiming, WritebackReportsWhenItHasDrained) {
  Controller c(TagPlacement::CarveOut, false);
  LineTransfer ext;
  ext.op = LineTransfer::Op::Writeback;
  ext.data = true;
  ext.tags = false;
  sc_time delay = sc_core::SC_ZERO_TIME;
  c.timing.Transfer(0, c.line(), ext, delay);
  const auto& t = c.config.dram.t;
  // A write to a closed bank: activate, CAS write latency, burst, after the controller.
  const double expected_ps = double(c.config.controller_cycles) * kCycle.to_seconds() * 1e12 +
                             double((t.tRCD + t.tCWL + t.tBURST) * t.tck_ps);
  EXPECT_EQ(delay.value(), static_cast<uint64_t>(expected_ps));
  EXPECT_EQ(ext.tags_ready, delay);
}

}  // namespace
}  // namespace timing_test
