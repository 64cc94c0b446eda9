// The word-wide scan of compact instruction runs (traces/compact_run.h) against the plain
// byte-by-byte reading of the same bytes: where a run ends and what its weights sum to.
#include <cstdint>
#include <cstring>
#include <random>

#include <gtest/gtest.h>

#include "traces/compact_run.h"

namespace mtesim::traces {
namespace {

constexpr uint32_t kWeights[isa::kInsnClassCount] = {1, 3, 12, 1, 1, 1, 4, 1, 1, 1, 8000000};

bool IsCompact(uint8_t b) { return b >= kCompactInsn && b < kCompactInsn + isa::kInsnClassCount; }

void ExpectAgrees(const uint8_t (&bytes)[8], const CompactWeights& weights) {
  unsigned n = 0;
  uint64_t sum = 0;
  while (n < 8 && IsCompact(bytes[n])) sum += kWeights[bytes[n++] - kCompactInsn];
  uint64_t word;
  std::memcpy(&word, bytes, sizeof word);
  EXPECT_EQ(LeadingCompact(word), n) << std::hex << word;
  EXPECT_EQ(weights.LeadingSum(word), sum) << std::hex << word;
}

TEST(CompactRun, EveryByteValueEndsARunOrNot) {
  const CompactWeights weights(kWeights);
  for (unsigned b = 0; b < 256; ++b)
    for (unsigned at = 0; at < 8; ++at) {
      uint8_t bytes[8];
      for (unsigned i = 0; i < 8; ++i) bytes[i] = static_cast<uint8_t>(kCompactInsn + (i * 3) % isa::kInsnClassCount);
      bytes[at] = static_cast<uint8_t>(b);
      ExpectAgrees(bytes, weights);
    }
}

TEST(CompactRun, RandomWordsOfTagsAndOtherBytes) {
  const CompactWeights weights(kWeights);
  std::mt19937 rng(12);
  for (int k = 0; k < 200000; ++k) {
    uint8_t bytes[8];
    for (uint8_t& b : bytes)
      b = rng() % 4 ? static_cast<uint8_t>(kCompactInsn + rng() % isa::kInsnClassCount) : static_cast<uint8_t>(rng());
    ExpectAgrees(bytes, weights);
  }
}

TEST(CompactRun, OneTagsWeight) {
  const CompactWeights weights(kWeights);
  for (unsigned c = 0; c < isa::kInsnClassCount; ++c)
    EXPECT_EQ(weights.Of(static_cast<uint8_t>(kCompactInsn | c)), kWeights[c]);
}

}  // namespace
}  // namespace mtesim::traces
