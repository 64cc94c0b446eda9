// The in-order core's timing rules (models/pe/core_timing.h), one per test, over the L2
// and a fake memory whose latencies are fixed (timing_bench.h): hits, misses, the store
// buffer, synchronous and asynchronous tag checks, tags travelling with Tagged lines,
// table walks, split accesses and instruction fetch.
#include <gtest/gtest.h>

#include "timing_bench.h"

namespace timing_test {
namespace {

constexpr uint64_t kLine = 0x10000;  // a line-aligned address

TEST(CoreTiming, L1dHitLoadStallsHitCycles) {
  Bench b;
  b.Load(kLine);
  EXPECT_EQ(b.Load(kLine), b.config.l1d.hit_cycles);
  EXPECT_EQ(b.Stat("pe0.l1d.hits"), 1u);
}

TEST(CoreTiming, L1dMissStallsForTheLevelsBelowAndIssuesOneFill) {
  Bench b;
  EXPECT_EQ(b.Load(kLine), b.MissCycles());
  EXPECT_GT(b.MissCycles(), b.config.l1d.hit_cycles);
  EXPECT_EQ(b.fake->fills, 1u);
  EXPECT_EQ(b.fake->last_address, kLine);
  EXPECT_EQ(b.Stat("pe0.l1d.misses"), 1u);
  EXPECT_EQ(b.Stat("l2.misses"), 1u);
  EXPECT_EQ(b.Stat("pe0.stalls.load"), b.MissCycles());
}

TEST(CoreTiming, SecondAccessToTheLineHits) {
  Bench b;
  b.Load(kLine);
  EXPECT_EQ(b.Load(kLine + b.config.l1d.line_bytes - 8), b.config.l1d.hit_cycles);
  EXPECT_EQ(b.fake->fills, 1u);
  EXPECT_EQ(b.Stat("pe0.l1d.hits"), 1u);
}

TEST(CoreTiming, StoreMissDoesNotStall) {
  Bench b;
  EXPECT_EQ(b.Store(kLine), 0u);
  EXPECT_EQ(b.Store(kLine + 0x1000, true, TagCheckTiming::Async), 0u);
  EXPECT_EQ(b.Stat("pe0.stalls.tag_wait"), 0u);
}

// A synchronously checked store waits for tags that are not in the L1D with its line;
// on a line that holds them the check happens in the pipeline.
TEST(CoreTiming, SyncCheckedStoreWaitsForItsTags) {
  Bench b;
  const uint64_t wait = b.MissTagCycles() - b.config.l1d.hit_cycles;
  EXPECT_EQ(b.Store(kLine, true, TagCheckTiming::Sync), wait);
  EXPECT_EQ(b.Stat("pe0.stalls.tag_wait"), wait);
  EXPECT_EQ(b.Store(kLine + 16, true, TagCheckTiming::Sync), 0u);
}

// Store misses hold store-buffer entries until their lines arrive: with every entry
// held, the next store miss waits for the oldest.
TEST(CoreTiming, StoreMissesBeyondTheStoreBufferWait) {
  TimingConfig c = Config();
  c.core.store_buffer_entries = 2;
  Bench b(c);
  EXPECT_EQ(b.Store(kLine), 0u);
  EXPECT_EQ(b.Store(kLine + 0x1000), 0u);
  // All three at the same time: the third waits for the first's line.
  EXPECT_EQ(b.Store(kLine + 0x2000), b.MissCycles());
  EXPECT_EQ(b.Stat("pe0.stalls.store_buffer"), b.MissCycles());
  EXPECT_EQ(b.Store(kLine + 16), 0u);  // a hit drains at once
}

TEST(CoreTiming, SyncCheckedLoadWaitsForTagsThatComeAfterTheData) {
  Bench b;
  EXPECT_EQ(b.Load(kLine, true, TagCheckTiming::Sync), b.MissTagCycles());
  EXPECT_EQ(b.Stat("pe0.stalls.load"), b.MissCycles());
  EXPECT_EQ(b.Stat("pe0.stalls.tag_wait"), kTagCycles);
}

TEST(CoreTiming, AsyncCheckedLoadWaitsForTheDataOnly) {
  Bench b;
  EXPECT_EQ(b.Load(kLine, true, TagCheckTiming::Async), b.MissCycles());
  EXPECT_EQ(b.Stat("pe0.stalls.tag_wait"), 0u);
}

TEST(CoreTiming, UncheckedLoadOfTaggedMemoryWaitsForTheDataOnly) {
  Bench b;
  EXPECT_EQ(b.Load(kLine, true, TagCheckTiming::None), b.MissCycles());
}

TEST(CoreTiming, TaggedLineFillBringsItsTags) {
  Bench b;
  b.Load(kLine, true);
  EXPECT_EQ(b.fake->fills, 1u);
  EXPECT_EQ(b.fake->tag_fills, 1u);
  EXPECT_TRUE(b.fake->last.data);
  EXPECT_TRUE(b.fake->last.tags);
  // A later synchronous check on the line needs no tag transfer: the tags came with it.
  EXPECT_EQ(b.Load(kLine + 32, true, TagCheckTiming::Sync), b.config.l1d.hit_cycles);
  EXPECT_EQ(b.fake->fills, 1u);
  EXPECT_EQ(b.Stat("pe0.stalls.tag_wait"), 0u);
}

TEST(CoreTiming, UntaggedLineFillCarriesNoTags) {
  Bench b;
  b.Load(kLine, false);
  EXPECT_EQ(b.fake->fills, 1u);
  EXPECT_EQ(b.fake->tag_fills, 0u);
  EXPECT_FALSE(b.fake->last.tags);
  EXPECT_EQ(b.Stat("l2.tag_fills"), 0u);
}

TEST(CoreTiming, WalkDescriptorReadsStallForTheirFullLatency) {
  Bench b;
  EXPECT_EQ(b.Access(MemoryAccessKind::WalkStage1, kLine), b.MissCycles());
  EXPECT_EQ(b.Access(MemoryAccessKind::WalkStage2, kLine + 8), b.config.l1d.hit_cycles);
  EXPECT_EQ(b.Access(MemoryAccessKind::WalkStage2, kLine + 0x1000), b.MissCycles());
  EXPECT_EQ(b.Stat("pe0.stalls.walk"), 2 * b.MissCycles() + b.config.l1d.hit_cycles);
  EXPECT_EQ(b.Stat("pe0.stalls.load"), 0u);
}

TEST(CoreTiming, AccessStraddlingTwoLinesAccessesBoth) {
  Bench b;
  const uint64_t line = b.config.l1d.line_bytes;
  EXPECT_EQ(b.Access(MemoryAccessKind::Read, kLine + line - 4, 8), 2 * b.MissCycles());
  EXPECT_EQ(b.fake->fills, 2u);
  EXPECT_EQ(b.fake->last_address, kLine + line);
  EXPECT_EQ(b.Stat("pe0.l1d.misses"), 2u);
  // Both are now present.
  EXPECT_EQ(b.Load(kLine), b.config.l1d.hit_cycles);
  EXPECT_EQ(b.Load(kLine + line), b.config.l1d.hit_cycles);
}

TEST(CoreTiming, TagLoadStallsForTheTags) {
  Bench b;
  EXPECT_EQ(b.Access(MemoryAccessKind::TagRead, kLine, 16, true), b.MissTagCycles());
  EXPECT_EQ(b.Stat("pe0.stalls.tag_load"), b.MissTagCycles());
}

TEST(CoreTiming, TagStoreDoesNotStall) {
  Bench b;
  EXPECT_EQ(b.Access(MemoryAccessKind::TagWrite, kLine, 16, true), 0u);
}

TEST(CoreTiming, FetchStallsOnlyOnL1iMisses) {
  Bench b;
  const uint32_t line = b.config.l1i.line_bytes;
  const uint64_t miss = b.config.l2.hit_cycles + kMemoryCycles;  // beyond the pipelined L1I hit
  EXPECT_EQ(b.Access(MemoryAccessKind::Fetch, kLine, line), miss);
  EXPECT_EQ(b.Access(MemoryAccessKind::Fetch, kLine, line), 0u);
  EXPECT_EQ(b.Stat("pe0.stalls.fetch"), miss);
  EXPECT_TRUE(b.fake->last.instruction);
  EXPECT_EQ(b.Stat("pe0.l1d.misses"), 0u);
}

}  // namespace
}  // namespace timing_test
