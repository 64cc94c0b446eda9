// design.md, "Functional state lives in one place": the caches, the tag cache and DRAM
// are timing models over the memory controller's stores. However much the timing chain
// fills, dirties and writes back, the data and tags in the TagStorageMemory are those the
// functional accesses left there.
#include <cstring>
#include <vector>

#include <gtest/gtest.h>

#include "timing_bench.h"

namespace timing_test {
namespace {

TEST(FunctionalState, LineTransfersNeverChangeDataOrTags) {
  // Small caches, so dirty lines leave the L1D and the L2 and reach the controller.
  TimingConfig c = Config();
  c.l1d.size_bytes = 256;
  c.l1d.ways = 1;
  c.l2.size_bytes = 512;
  c.l2.ways = 1;
  Bench b(c, Bench::Below::Controller);
  for (uint64_t i = 0; i < kMemoryBytes; ++i) b.ram->host_base()[i] = static_cast<uint8_t>(i * 7 + 3);
  for (uint64_t i = 0; i < b.ram->tag_store_size(); ++i) b.ram->tag_host_base()[i] = static_cast<uint8_t>(i * 13 + 5);
  const std::vector<uint8_t> data(b.ram->host_base(), b.ram->host_base() + kMemoryBytes);
  const std::vector<uint8_t> tags(b.ram->tag_host_base(), b.ram->tag_host_base() + b.ram->tag_store_size());

  for (uint64_t pa = 0; pa < 64 * 1024; pa += 48) {
    b.Store(pa, true, TagCheckTiming::Sync);
    b.Access(MemoryAccessKind::TagWrite, pa & ~uint64_t{15}, 16, true);
    b.Load(pa + 0x8000, true, TagCheckTiming::Async);
  }
  ASSERT_GT(b.Stat("memory.writebacks"), 0u);
  ASSERT_GT(b.Stat("memory.tag_writebacks"), 0u);
  EXPECT_EQ(std::memcmp(data.data(), b.ram->host_base(), data.size()), 0);
  EXPECT_EQ(std::memcmp(tags.data(), b.ram->tag_host_base(), tags.size()), 0);
}

}  // namespace
}  // namespace timing_test
