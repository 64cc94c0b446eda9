// Replacement policies (models/cache/replacement_policy.h): each evicts a different line
// of one crafted sequence in a one-set, four-way cache.
#include "models/cache/replacement_policy.h"

#include <set>
#include <vector>

#include <gtest/gtest.h>

#include "cache_test_support.h"
#include "models/error.h"

namespace cache_test {
namespace {

using mtesim::cache::CacheOp;

// Fills lines 0..3 (dirty, so a victim names itself in its writeback), touches line 0
// again, then misses on line 4: the victim's line index.
uint64_t VictimOfCraftedSequence(const std::string& policy) {
  Bench b(Config(4 * kLine, 4, policy));
  for (unsigned i = 0; i < 4; ++i) b.cache.Access(LineAt(i), CacheOp::Write, false);
  b.cache.Access(LineAt(0), CacheOp::Read, false);
  const mtesim::cache::Outcome o = b.cache.Access(LineAt(4), CacheOp::Read, false);
  EXPECT_TRUE(o.writeback.needed);
  return (o.writeback.address - LineAt(0)) / kLine;
}

TEST(ReplacementPolicy, LruEvictsTheLeastRecentlyUsedLine) { EXPECT_EQ(VictimOfCraftedSequence("lru"), 1u); }

TEST(ReplacementPolicy, FifoEvictsTheOldestFillDespiteItsHit) { EXPECT_EQ(VictimOfCraftedSequence("fifo"), 0u); }

// The tree's root points away from way 0 (just hit) to the right half; that half's node
// points away from way 3 (filled last) to way 2.
TEST(ReplacementPolicy, PlruFollowsTheTreeBits) { EXPECT_EQ(VictimOfCraftedSequence("plru"), 2u); }

TEST(ReplacementPolicy, PlruCyclesThroughAllWaysOnFills) {
  auto plru = mtesim::cache::MakeReplacementPolicy("plru", 1, 8);
  std::set<unsigned> victims;
  for (unsigned i = 0; i < 8; ++i) {
    const unsigned v = plru->Victim(0);
    victims.insert(v);
    plru->OnFill(0, v);
  }
  EXPECT_EQ(victims.size(), 8u);
}

TEST(ReplacementPolicy, RandomIsTheSameOnEveryRun) {
  auto a = mtesim::cache::MakeReplacementPolicy("random", 4, 8);
  auto b = mtesim::cache::MakeReplacementPolicy("random", 4, 8);
  std::vector<unsigned> va, vb;
  std::set<unsigned> distinct;
  for (unsigned i = 0; i < 64; ++i) {
    va.push_back(a->Victim(i % 4));
    vb.push_back(b->Victim(i % 4));
    EXPECT_LT(va.back(), 8u);
    distinct.insert(va.back());
  }
  EXPECT_EQ(va, vb);
  EXPECT_GT(distinct.size(), 4u);  // and it does spread over the ways
}

TEST(ReplacementPolicy, UnknownNameIsAnError) {
  EXPECT_THROW(mtesim::cache::MakeReplacementPolicy("mru", 1, 4), mtesim::Error);
}

}  // namespace
}  // namespace cache_test
