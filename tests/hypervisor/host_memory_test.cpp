// Host physical memory (transport_dbg data and tags in COPY_TAGS layout) and the host page
// allocator's pools.
#include <gtest/gtest.h>

#include "models/hypervisor/kvm_errors.h"
#include "hypervisor_test_bench.h"

using namespace hyp_test;
using namespace mtesim::hyp;

TEST(HostPhysicalMemory, DataAndTagsRoundTrip) {
  Board b;
  const uint8_t data[4] = {1, 2, 3, 4};
  uint8_t back[4] = {};
  ASSERT_TRUE(b.host.Write(kTaggedBase + 0x100, data, 4));
  ASSERT_TRUE(b.host.Read(kTaggedBase + 0x100, back, 4));
  EXPECT_EQ(std::vector<uint8_t>(back, back + 4), std::vector<uint8_t>(data, data + 4));
  uint8_t tags[4] = {0x1, 0x2, 0xF3, 0x4}, tags_back[4] = {};
  ASSERT_TRUE(b.host.WriteTags(kTaggedBase, 64, tags));
  ASSERT_TRUE(b.host.ReadTags(kTaggedBase, 64, tags_back));
  EXPECT_EQ(std::vector<uint8_t>(tags_back, tags_back + 4), (std::vector<uint8_t>{1, 2, 3, 4}));
}

TEST(HostPhysicalMemory, UnbackedAddressesFail) {
  Board b;
  uint8_t byte = 0;
  EXPECT_FALSE(b.host.Read(kRamBase + kRamSize, &byte, 1));
  uint64_t word = 0;
  EXPECT_FALSE(b.host.ReadU64(0x1000, &word));
}

TEST(HostPhysicalMemory, TagStorageIsReportedPerRange) {
  Board b;
  EXPECT_TRUE(b.host.HasTagStorage(kTaggedBase, 0x10000));
  EXPECT_FALSE(b.host.HasTagStorage(kUntaggedBase, 0x1000));
  EXPECT_TRUE(b.host.HasNoTagStorage(kUntaggedBase, kUntaggedSize));
  EXPECT_FALSE(b.host.HasTagStorage(kUntaggedBase - 0x1000, 0x2000));  // straddles
}

TEST(HostPageAllocator, ARangeMixingTagStorageIsEinval) {
  Board b;
  HostPageAllocator pages(b.host);
  EXPECT_EQ(pages.AddRange(HostPool::Vmm, kUntaggedBase - 0x1000, 0x2000), kEINVAL);
}

TEST(HostPageAllocator, OverlappingOrUnalignedRangesAreEinval) {
  Board b;
  EXPECT_EQ(b.pages.AddRange(HostPool::Vmm, kTaggedBase, 0x1000), kEINVAL);  // added by the board
  HostPageAllocator pages(b.host);
  EXPECT_EQ(pages.AddRange(HostPool::Vmm, kTaggedBase + 1, 0x1000), kEINVAL);
  EXPECT_EQ(pages.AddRange(HostPool::Vmm, kTaggedBase, 0), kEINVAL);
}

TEST(HostPageAllocator, ARangeThatIsNotMemoryIsEfault) {
  Board b;
  HostPageAllocator pages(b.host);
  EXPECT_EQ(pages.AddRange(HostPool::Vmm, kRamBase + kRamSize, 0x1000), kEFAULT);
}

TEST(HostPageAllocator, AllocationsComeFromTheAskedPoolAndCapability) {
  Board b;
  const int64_t priv = b.pages.Allocate(HostPool::Hypervisor, 1);
  const int64_t tagged = b.pages.Allocate(HostPool::Vmm, 1, TagBacking::TagCapable);
  const int64_t untagged = b.pages.Allocate(HostPool::Vmm, 1, TagBacking::Untagged);
  EXPECT_TRUE(b.pages.InPool(HostPool::Hypervisor, static_cast<uint64_t>(priv), kPageBytes));
  EXPECT_TRUE(b.pages.TagCapable(static_cast<uint64_t>(tagged), kPageBytes));
  EXPECT_EQ(static_cast<uint64_t>(untagged), kUntaggedBase);
  EXPECT_FALSE(b.pages.TagCapable(static_cast<uint64_t>(untagged), kPageBytes));
}

TEST(HostPageAllocator, AlignedContiguousAllocations) {
  Board b;
  ASSERT_GT(b.pages.Allocate(HostPool::Hypervisor, 1), 0);
  const int64_t four = b.pages.Allocate(HostPool::Hypervisor, 4, TagBacking::Any, 4);
  ASSERT_GT(four, 0);
  EXPECT_EQ(static_cast<uint64_t>(four) % (4 * kPageBytes), 0u);
}

TEST(HostPageAllocator, AnExhaustedPoolIsEnomem) {
  Board b;
  EXPECT_EQ(b.pages.Allocate(HostPool::Vmm, (kUntaggedSize >> 12) + 1, TagBacking::Untagged), kENOMEM);
}
