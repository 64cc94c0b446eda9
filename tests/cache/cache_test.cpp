// The timing cache's rules (models/cache/cache.h): hits, fills, victims, writebacks,
// tag state and prefetch bookkeeping, one rule per test.
#include "models/cache/cache.h"

#include <gtest/gtest.h>

#include "cache_test_support.h"
#include "models/error.h"

namespace cache_test {
namespace {

using mtesim::cache::CacheOp;
using mtesim::cache::Outcome;

TEST(Cache, SecondAccessToAFilledLineHits) {
  Bench b(Config(4096, 4));
  const Outcome miss = b.cache.Access(0x1000, CacheOp::Read, false);
  EXPECT_FALSE(miss.hit);
  EXPECT_TRUE(miss.fill.needed);
  EXPECT_TRUE(miss.fill.data);
  EXPECT_FALSE(miss.fill.tags);
  const Outcome hit = b.cache.Access(0x1038, CacheOp::Read, false);  // same line
  EXPECT_TRUE(hit.hit);
  EXPECT_FALSE(hit.fill.needed);
  EXPECT_EQ(b.Stat("hits"), 1u);
  EXPECT_EQ(b.Stat("misses"), 1u);
  EXPECT_EQ(b.Stat("fills"), 1u);
}

TEST(Cache, ConflictingLineEvictsInAOneSetCache) {
  Bench b(Config(2 * kLine, 2));
  b.cache.Access(LineAt(0), CacheOp::Read, false);
  b.cache.Access(LineAt(1), CacheOp::Read, false);
  EXPECT_TRUE(b.cache.Access(LineAt(0), CacheOp::Read, false).hit);
  b.cache.Access(LineAt(2), CacheOp::Read, false);  // evicts line 1, the least recently used
  EXPECT_EQ(b.Stat("evictions"), 1u);
  EXPECT_FALSE(b.cache.Access(LineAt(1), CacheOp::Read, false).hit);
}

TEST(Cache, CleanVictimNeedsNoWriteback) {
  Bench b(Config(kLine, 1));
  b.cache.Access(LineAt(0), CacheOp::Read, true);
  const Outcome o = b.cache.Access(LineAt(1), CacheOp::Read, false);
  EXPECT_FALSE(o.writeback.needed);
  EXPECT_EQ(b.Stat("evictions"), 1u);
  EXPECT_EQ(b.Stat("writebacks"), 0u);
}

TEST(Cache, WrittenVictimWritesBackItsDataOnly) {
  Bench b(Config(kLine, 1));
  b.cache.Access(LineAt(0) + 8, CacheOp::Write, true);
  const Outcome o = b.cache.Access(LineAt(1), CacheOp::Read, false);
  ASSERT_TRUE(o.writeback.needed);
  EXPECT_EQ(o.writeback.address, LineAt(0));
  EXPECT_TRUE(o.writeback.data);
  EXPECT_FALSE(o.writeback.tags);
  EXPECT_EQ(b.Stat("data_writebacks"), 1u);
  EXPECT_EQ(b.Stat("tag_writebacks"), 0u);
}

TEST(Cache, TagWrittenVictimWritesBackItsTagsOnly) {
  Bench b(Config(kLine, 1));
  b.cache.Access(LineAt(0), CacheOp::TagWrite, true);
  const Outcome o = b.cache.Access(LineAt(1), CacheOp::Read, false);
  ASSERT_TRUE(o.writeback.needed);
  EXPECT_FALSE(o.writeback.data);
  EXPECT_TRUE(o.writeback.tags);
  EXPECT_EQ(b.Stat("tag_writebacks"), 1u);
  EXPECT_EQ(b.Stat("data_writebacks"), 0u);
}

TEST(Cache, DataTagWriteDirtiesBoth) {
  Bench b(Config(kLine, 1));
  b.cache.Access(LineAt(0), CacheOp::DataTagWrite, true);
  const Outcome o = b.cache.Access(LineAt(1), CacheOp::Read, false);
  ASSERT_TRUE(o.writeback.needed);
  EXPECT_TRUE(o.writeback.data);
  EXPECT_TRUE(o.writeback.tags);
  EXPECT_EQ(b.Stat("writebacks"), 1u);
}

TEST(Cache, TaggedFillBringsTheTags) {
  Bench b(Config(4096, 4));
  const Outcome o = b.cache.Access(0x2000, CacheOp::Read, true);
  EXPECT_TRUE(o.fill.data);
  EXPECT_TRUE(o.fill.tags);
  EXPECT_TRUE(b.cache.Access(0x2000, CacheOp::TagRead, true).hit);
  EXPECT_EQ(b.Stat("tag_fills"), 1u);
}

TEST(Cache, TaggedAccessToALineWithoutTagsIsATagOnlyFill) {
  Bench b(Config(4096, 4));
  b.cache.Access(0x2000, CacheOp::Read, false);  // filled as Untagged: no tags
  const Outcome o = b.cache.Access(0x2000, CacheOp::Read, true);
  EXPECT_FALSE(o.hit);
  ASSERT_TRUE(o.fill.needed);
  EXPECT_FALSE(o.fill.data);
  EXPECT_TRUE(o.fill.tags);
  EXPECT_FALSE(o.writeback.needed);
  EXPECT_EQ(b.Stat("tag_misses"), 1u);
  EXPECT_EQ(b.Stat("misses"), 2u);
  EXPECT_EQ(b.Stat("evictions"), 0u);
  EXPECT_TRUE(b.cache.Access(0x2000, CacheOp::TagRead, true).hit);
}

TEST(Cache, TagReadOfAnUntaggedLineStillNeedsTheTags) {
  Bench b(Config(4096, 4));
  b.cache.Access(0x2000, CacheOp::Read, false);
  const Outcome o = b.cache.Access(0x2000, CacheOp::TagRead, false);
  EXPECT_TRUE(o.fill.needed);
  EXPECT_FALSE(o.fill.data);
  EXPECT_TRUE(o.fill.tags);
}

TEST(Cache, OpsAreCountedByKind) {
  Bench b(Config(4096, 4));
  b.cache.Access(0x0, CacheOp::Read, false);
  b.cache.Access(0x0, CacheOp::Write, false);
  b.cache.Access(0x40, CacheOp::Fetch, false);
  b.cache.Access(0x80, CacheOp::TagRead, true);
  b.cache.Access(0x80, CacheOp::TagWrite, true);
  b.cache.Access(0x80, CacheOp::DataTagWrite, true);
  EXPECT_EQ(b.Stat("reads"), 1u);
  EXPECT_EQ(b.Stat("writes"), 2u);
  EXPECT_EQ(b.Stat("fetches"), 1u);
  EXPECT_EQ(b.Stat("tag_reads"), 1u);
  EXPECT_EQ(b.Stat("tag_writes"), 2u);
}

TEST(Cache, HitAndMissRatesAreFormulasOfTheCounters) {
  Bench b(Config(4096, 4));
  b.cache.Access(0x0, CacheOp::Read, false);
  for (int i = 0; i < 3; ++i) b.cache.Access(0x0, CacheOp::Read, false);
  const nlohmann::json j = b.tree.ToJson();
  EXPECT_DOUBLE_EQ(j["l1d"]["hit_rate"].get<double>(), 0.75);
  EXPECT_DOUBLE_EQ(j["l1d"]["miss_rate"].get<double>(), 0.25);
}

TEST(Cache, NextLinePrefetchSuggestsTheNextLine) {
  Bench b(Config(4096, 4, "lru", "next_line"));
  const Outcome o = b.cache.Access(0x1000, CacheOp::Read, false);
  ASSERT_EQ(o.prefetch_count, 1u);
  EXPECT_EQ(o.prefetch[0], 0x1040u);
}

TEST(Cache, NextLinePrefetchStaysInThe4KiBPage) {
  Bench b(Config(4096, 4, "lru", "next_line", 2));
  EXPECT_EQ(b.cache.Access(0x1F80, CacheOp::Read, false).prefetch_count, 1u);  // 0x1FC0 only
  EXPECT_EQ(b.cache.Access(0x2FC0, CacheOp::Read, false).prefetch_count, 0u);
}

TEST(Cache, DemandHitOnAPrefetchedLineCountsOnce) {
  Bench b(Config(4096, 4, "lru", "next_line"));
  const Outcome miss = b.cache.Access(0x1000, CacheOp::Read, false);
  const Outcome fill = b.cache.Prefetch(miss.prefetch[0], false);
  EXPECT_TRUE(fill.fill.needed);
  EXPECT_EQ(b.Stat("prefetches"), 1u);
  EXPECT_TRUE(b.cache.Access(0x1040, CacheOp::Read, false).hit);
  EXPECT_TRUE(b.cache.Access(0x1040, CacheOp::Read, false).hit);
  EXPECT_EQ(b.Stat("prefetch_hits"), 1u);
}

TEST(Cache, FirstHitOnAPrefetchedLineKeepsTheStreamGoing) {
  Bench b(Config(4096, 4, "lru", "next_line"));
  b.cache.Prefetch(0x1040, false);
  const Outcome o = b.cache.Access(0x1040, CacheOp::Read, false);
  ASSERT_EQ(o.prefetch_count, 1u);
  EXPECT_EQ(o.prefetch[0], 0x1080u);
  EXPECT_EQ(b.cache.Access(0x1040, CacheOp::Read, false).prefetch_count, 0u);
}

TEST(Cache, PrefetchOfAPresentLineDoesNothing) {
  Bench b(Config(4096, 4, "lru", "next_line"));
  b.cache.Access(0x1000, CacheOp::Read, false);
  EXPECT_FALSE(b.cache.Prefetch(0x1000, false).fill.needed);
  EXPECT_EQ(b.Stat("prefetches"), 0u);
}

TEST(Cache, PrefetchCanEvictADirtyLine) {
  Bench b(Config(kLine, 1, "lru", "next_line"));
  b.cache.Access(LineAt(0), CacheOp::Write, false);
  const Outcome o = b.cache.Prefetch(LineAt(1), false);
  EXPECT_TRUE(o.fill.needed);
  ASSERT_TRUE(o.writeback.needed);
  EXPECT_EQ(o.writeback.address, LineAt(0));
}

TEST(Cache, StridePrefetchFollowsARepeatedStride) {
  Bench b(Config(4096, 4, "lru", "stride", 2));
  EXPECT_EQ(b.cache.Access(0x3000, CacheOp::Read, false).prefetch_count, 0u);
  EXPECT_EQ(b.cache.Access(0x3100, CacheOp::Read, false).prefetch_count, 0u);  // stride seen once
  const Outcome o = b.cache.Access(0x3200, CacheOp::Read, false);             // and again
  ASSERT_EQ(o.prefetch_count, 2u);
  EXPECT_EQ(o.prefetch[0], 0x3300u);
  EXPECT_EQ(o.prefetch[1], 0x3400u);
}

TEST(Cache, StridePrefetchWaitsForTheStrideToRepeat) {
  Bench b(Config(4096, 4, "lru", "stride", 2));
  b.cache.Access(0x3000, CacheOp::Read, false);
  b.cache.Access(0x3100, CacheOp::Read, false);
  EXPECT_EQ(b.cache.Access(0x3300, CacheOp::Read, false).prefetch_count, 0u);  // stride changed
}

TEST(Cache, WritebackFromAboveNeedsNoFill) {
  Bench b(Config(4096, 4));
  const Outcome o = b.cache.WritebackFromAbove(0x4000, true, false);
  EXPECT_FALSE(o.fill.needed);
  EXPECT_TRUE(b.cache.Access(0x4000, CacheOp::Read, false).hit);
  EXPECT_EQ(b.Stat("fills"), 0u);
}

TEST(Cache, LineWrittenBackFromAboveIsDirty) {
  Bench b(Config(kLine, 1));
  b.cache.WritebackFromAbove(LineAt(0), false, true);
  const Outcome o = b.cache.Access(LineAt(1), CacheOp::Read, false);
  ASSERT_TRUE(o.writeback.needed);
  EXPECT_FALSE(o.writeback.data);
  EXPECT_TRUE(o.writeback.tags);
}

TEST(Cache, TagsWrittenBackFromAboveLeaveTheDataToFill) {
  Bench b(Config(4096, 4));
  b.cache.WritebackFromAbove(0x4000, false, true);
  const Outcome o = b.cache.Access(0x4000, CacheOp::Read, true);
  ASSERT_TRUE(o.fill.needed);
  EXPECT_TRUE(o.fill.data);
  EXPECT_FALSE(o.fill.tags);
}

TEST(Cache, InvalidConfigIsRefusedNamingTheStatisticsPath) {
  mtesim::stats::Tree tree;
  try {
    Cache c(Config(4096, 0), tree.root().Child("pe0").Child("l1d"));
    FAIL() << "zero ways accepted";
  } catch (const mtesim::Error& e) {
    EXPECT_NE(std::string(e.what()).find("pe0.l1d.ways"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace cache_test
