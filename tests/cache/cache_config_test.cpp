// Reading and checking a cache's configuration (models/cache/cache_config.h): every
// error names the dotted key at fault.
#include "models/cache/cache_config.h"

#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "models/error.h"

namespace {

using mtesim::cache::CacheConfig;
using mtesim::cache::ReadCacheConfig;

CacheConfig Read(const nlohmann::json& j) { return ReadCacheConfig({j, "timing.l2"}, CacheConfig{}); }

// The message of the error reading `j` raises (empty when it raises none).
std::string ErrorOf(const nlohmann::json& j) {
  try {
    Read(j);
  } catch (const mtesim::Error& e) {
    return e.what();
  }
  return "";
}

// Reading `j` fails with a message naming `key`.
::testing::AssertionResult NamesKey(const nlohmann::json& j, const std::string& key) {
  const std::string message = ErrorOf(j);
  if (message.find(key) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "error '" << message << "' does not name " << key;
}

TEST(CacheConfig, ReadsEveryKey) {
  const CacheConfig c = Read({{"size", "256K"}, {"ways", 16}, {"line", 128}, {"hit_cycles", 12},
                              {"replacement", "plru"}, {"prefetch", "stride"}, {"prefetch_degree", 4}});
  EXPECT_EQ(c.size_bytes, 256u * 1024);
  EXPECT_EQ(c.ways, 16u);
  EXPECT_EQ(c.line_bytes, 128u);
  EXPECT_EQ(c.hit_cycles, 12u);
  EXPECT_EQ(c.replacement, "plru");
  EXPECT_EQ(c.prefetch, "stride");
  EXPECT_EQ(c.prefetch_degree, 4u);
  EXPECT_EQ(c.sets(), 128u);
}

TEST(CacheConfig, AbsentKeysKeepTheDefaults) {
  CacheConfig defaults;
  defaults.ways = 2;
  const CacheConfig c = ReadCacheConfig({nlohmann::json::object(), "timing.l1d"}, defaults);
  EXPECT_EQ(c.ways, 2u);
  EXPECT_EQ(c.size_bytes, defaults.size_bytes);
}

TEST(CacheConfig, UnknownReplacementNamesTheKey) {
  EXPECT_TRUE(NamesKey(nlohmann::json({{"replacement", "mru"}}), "timing.l2.replacement"));
}

TEST(CacheConfig, UnknownPrefetchNamesTheKey) {
  EXPECT_TRUE(NamesKey(nlohmann::json({{"prefetch", "magic"}}), "timing.l2.prefetch"));
}

TEST(CacheConfig, SizeNotAPowerOfTwoNamesTheKey) {
  EXPECT_TRUE(NamesKey(nlohmann::json({{"size", "48K"}}), "timing.l2.size"));
}

TEST(CacheConfig, ZeroWaysNamesTheKey) {
  EXPECT_TRUE(NamesKey(nlohmann::json({{"ways", 0}}), "timing.l2.ways"));
}

TEST(CacheConfig, WaysGivingNoPowerOfTwoSetsNamesTheKey) {
  EXPECT_TRUE(NamesKey(nlohmann::json({{"ways", 3}}), "timing.l2.ways"));
}

TEST(CacheConfig, LineSmallerThanAGranuleNamesTheKey) {
  EXPECT_TRUE(NamesKey(nlohmann::json({{"line", 8}}), "timing.l2.line"));
}

TEST(CacheConfig, LineLargerThanTheCacheNamesTheKey) {
  EXPECT_TRUE(NamesKey(nlohmann::json({{"size", 64}, {"ways", 1}, {"line", 128}}), "timing.l2.line"));
}

TEST(CacheConfig, SizeTooSmallForTheWaysNamesTheKey) {
  EXPECT_TRUE(NamesKey(nlohmann::json({{"size", 128}, {"ways", 4}, {"line", 64}}), "timing.l2.size"));
}

TEST(CacheConfig, UnknownKeyIsNamed) {
  EXPECT_TRUE(NamesKey(nlohmann::json({{"colour", "red"}}), "timing.l2.colour"));
}

TEST(CacheConfig, NegativeNumberNamesTheKey) {
  EXPECT_TRUE(NamesKey(nlohmann::json({{"hit_cycles", -3}}), "timing.l2.hit_cycles"));
}

TEST(CacheConfig, NegativeSizeNamesTheKey) {
  EXPECT_TRUE(NamesKey(nlohmann::json({{"size", -4096}}), "timing.l2.size"));
}

TEST(CacheConfig, TooManyHitCyclesNamesTheKey) {
  EXPECT_TRUE(NamesKey(nlohmann::json({{"hit_cycles", 1001}}), "timing.l2.hit_cycles"));
}

TEST(CacheConfig, PrefetchDegreeOutOfRangeNamesTheKey) {
  EXPECT_TRUE(NamesKey(nlohmann::json({{"prefetch_degree", 0}}), "timing.l2.prefetch_degree"));
  EXPECT_TRUE(NamesKey(nlohmann::json({{"prefetch_degree", 9}}), "timing.l2.prefetch_degree"));
}

TEST(CacheConfig, ValidateNamesKeysOfACppBuiltConfig) {
  CacheConfig c;
  c.ways = 0;
  try {
    mtesim::cache::Validate(c, "pe0.l1d");
    FAIL() << "zero ways accepted";
  } catch (const mtesim::Error& e) {
    EXPECT_NE(std::string(e.what()).find("pe0.l1d.ways"), std::string::npos) << e.what();
  }
}

TEST(CacheConfig, DefaultsAreValid) { EXPECT_NO_THROW(mtesim::cache::Validate(CacheConfig{}, "l1d")); }

}  // namespace
