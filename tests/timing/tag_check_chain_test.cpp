// Synchronous and asynchronous tag checks over the whole chain (CoreTiming -> L2 ->
// TagStorageMemory with its MemoryControllerTiming): where the tags live decides whether
// a synchronous check waits longer than the data. Expected stalls come from a DRAM model
// of the same configuration serving the same requests.
#include <gtest/gtest.h>

#include "models/cache/tag_cache.h"
#include "models/memory/dram/dram.h"
#include "timing_bench.h"

namespace timing_test {
namespace {

constexpr uint64_t kData = 0x10000;

TimingConfig Placement(TagPlacement placement, bool tag_cache) {
  TimingConfig c = Config();
  c.tag_storage = placement;
  c.tag_cache.enabled = tag_cache;
  return c;
}

uint64_t CyclesOf(uint64_t ps) { return (ps + kCyclePs - 1) / kCyclePs; }

// What a first L1D miss at kData stalls for its data and, under the carve-out without a
// tag cache, for its tags: the L2's lookup and the controller's pass, then DRAM.
struct Expected {
  uint64_t data = 0, tags = 0;
  explicit Expected(const TimingConfig& c) {
    mtesim::stats::Tree tree;
    mtesim::dram::Dram dram(c.dram, tree.root());
    const uint64_t start = (uint64_t{c.l2.hit_cycles} + c.controller_cycles) * kCyclePs;
    uint64_t data_ps = start;
    for (uint64_t a = kData; a < kData + c.l2.line_bytes; a += c.dram.line_bytes)
      data_ps = std::max(data_ps, dram.Access(start, a, false, false));
    const uint64_t tags_ps =
        dram.Access(start, mtesim::cache::TagStorageAddress(kMemoryBytes, kData), false, true);
    data = c.l1d.hit_cycles + CyclesOf(data_ps);
    tags = c.l1d.hit_cycles + CyclesOf(std::max(tags_ps, data_ps));
  }
};

TEST(TagCheckChain, CarveOutTagMissSyncLoadStallsUntilTheTags) {
  const TimingConfig c = Placement(TagPlacement::CarveOut, false);
  const Expected want(c);
  ASSERT_GT(want.tags, want.data);  // the tag read queues behind the data's
  Bench b(c, Bench::Below::Controller);
  EXPECT_EQ(b.Load(kData, true, TagCheckTiming::Sync), want.tags);
  EXPECT_EQ(b.Stat("pe0.stalls.tag_wait"), want.tags - want.data);
  EXPECT_EQ(b.Stat("memory.dram.tag_reads"), 1u);
}

TEST(TagCheckChain, CarveOutTagMissAsyncLoadStallsOnlyForTheData) {
  const TimingConfig c = Placement(TagPlacement::CarveOut, false);
  Bench b(c, Bench::Below::Controller);
  EXPECT_EQ(b.Load(kData, true, TagCheckTiming::Async), Expected(c).data);
  EXPECT_EQ(b.Stat("pe0.stalls.tag_wait"), 0u);
  EXPECT_EQ(b.Stat("memory.dram.tag_reads"), 1u);  // the tags still come, for the later check
}

TEST(TagCheckChain, EccTagsComeWithTheDataSoSyncCostsNothingMore) {
  const TimingConfig c = Placement(TagPlacement::Ecc, true);
  Bench sync(c, Bench::Below::Controller), async(c, Bench::Below::Controller);
  const uint64_t s = sync.Load(kData, true, TagCheckTiming::Sync);
  EXPECT_EQ(s, async.Load(kData, true, TagCheckTiming::Async));
  EXPECT_EQ(s, Expected(c).data);
  EXPECT_EQ(sync.Stat("pe0.stalls.tag_wait"), 0u);
  EXPECT_EQ(sync.Stat("memory.dram.tag_reads"), 0u);
}

TEST(TagCheckChain, TaggedLineReachesTheControllerWithItsTagsUntaggedWithout) {
  Bench b(Placement(TagPlacement::CarveOut, true), Bench::Below::Controller);
  b.Load(kData, true);
  EXPECT_EQ(b.Stat("memory.fills"), 1u);
  EXPECT_EQ(b.Stat("memory.tag_fills"), 1u);
  b.Load(kData + 0x1000, false);
  EXPECT_EQ(b.Stat("memory.fills"), 2u);
  EXPECT_EQ(b.Stat("memory.tag_fills"), 1u);
  // A synchronous check on the Tagged line finds its tags in the L1D.
  EXPECT_EQ(b.Load(kData + 8, true, TagCheckTiming::Sync), b.config.l1d.hit_cycles);
  EXPECT_EQ(b.Stat("memory.fills"), 2u);
}

}  // namespace
}  // namespace timing_test
