// The memory controller's tag cache (models/cache/tag_cache.h): lines of tag storage,
// each covering the tags of 2 KiB of data.
#include "models/cache/tag_cache.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "models/error.h"

namespace {

using mtesim::cache::TagCache;
using mtesim::cache::TagCacheConfig;
using mtesim::cache::TagStorageAddress;

constexpr uint64_t kCarveOut = 0xF000'0000;

uint64_t Stat(const mtesim::stats::Tree& tree, const std::string& name) {
  uint64_t v = 0;
  if (!tree.Lookup("mc.tag_cache." + name, &v)) ADD_FAILURE() << "no statistic " << name;
  return v;
}

struct Bench {
  mtesim::stats::Tree tree;
  TagCache tags;
  explicit Bench(TagCacheConfig c = {}) : tags(c, tree.root().Child("mc").Child("tag_cache")) {}
};

TEST(TagCache, DataTwoKibApartUseDifferentTagLines) {
  Bench b;
  EXPECT_FALSE(b.tags.Access(TagStorageAddress(kCarveOut, 0x10000), false).hit);
  EXPECT_FALSE(b.tags.Access(TagStorageAddress(kCarveOut, 0x10000 + 2048), false).hit);
  EXPECT_EQ(Stat(b.tree, "misses"), 2u);
}

TEST(TagCache, DataOneKibApartShareATagLine) {
  Bench b;
  EXPECT_FALSE(b.tags.Access(TagStorageAddress(kCarveOut, 0x10000), false).hit);
  EXPECT_TRUE(b.tags.Access(TagStorageAddress(kCarveOut, 0x10000 + 1024), false).hit);
  EXPECT_EQ(Stat(b.tree, "hits"), 1u);
}

TEST(TagCache, WrittenTagLineIsWrittenBackWhenEvicted) {
  TagCacheConfig c;
  c.size_bytes = 64;
  c.ways = 1;
  Bench b(c);
  b.tags.Access(TagStorageAddress(kCarveOut, 0), true);
  const mtesim::cache::Outcome o = b.tags.Access(TagStorageAddress(kCarveOut, 4096), false);
  EXPECT_TRUE(o.fill.needed);
  ASSERT_TRUE(o.writeback.needed);
  EXPECT_EQ(o.writeback.address, kCarveOut);
  EXPECT_EQ(Stat(b.tree, "evictions"), 1u);
  EXPECT_EQ(Stat(b.tree, "writebacks"), 1u);
}

TEST(TagCache, ReadsItsConfigFromJson) {
  const nlohmann::json j = {{"enabled", false}, {"size", "8K"}, {"ways", 2}, {"line", 128},
                            {"replacement", "fifo"}, {"hit_cycles", 3}};
  const TagCacheConfig c = mtesim::cache::ReadTagCacheConfig({j, "memory.tag_cache"}, {});
  EXPECT_FALSE(c.enabled);
  EXPECT_EQ(c.size_bytes, 8192u);
  EXPECT_EQ(c.ways, 2u);
  EXPECT_EQ(c.line_bytes, 128u);
  EXPECT_EQ(c.replacement, "fifo");
  EXPECT_EQ(c.hit_cycles, 3u);
}

TEST(TagCache, ConfigErrorsNameTheKey) {
  const nlohmann::json j = {{"ways", 0}};
  try {
    mtesim::cache::ReadTagCacheConfig({j, "memory.tag_cache"}, {});
    FAIL() << "zero ways accepted";
  } catch (const mtesim::Error& e) {
    EXPECT_NE(std::string(e.what()).find("memory.tag_cache.ways"), std::string::npos) << e.what();
  }
}

}  // namespace
