// Memslot backing policies (policies/backing_policy.h): the KVM/QEMU default (lazy,
// tag-capable with MTE), eager population, and untagged backing under MTE.
#include <gtest/gtest.h>

#include "models/hypervisor/policies/backing_policy.h"
#include "vm_test_bench.h"

using namespace hyp_test;

namespace {
constexpr uint64_t kIpa = 0x80000000, kSize = 8 * kPageBytes;
}  // namespace

TEST(BackingPolicy, TheDefaultIsLazyAndTagCapableWithMte) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(VmBench::EnableMte(vm), 0);
  uint64_t backing = 0;
  ASSERT_EQ(BackMemslot(vm, b.board.host, b.board.pages, *DefaultBackingPolicy(), 0, kIpa, kSize, &backing), 0);
  EXPECT_TRUE(vm.FindMemslot(kIpa)->tag_capable);
  EXPECT_TRUE(b.board.pages.TagCapable(backing, kSize));
  EXPECT_FALSE(vm.stage2().Lookup(kIpa).valid);  // nothing mapped before the guest runs
  EXPECT_EQ(vm.stats().pages_sanitised(), 0u);
}

TEST(BackingPolicy, WithoutMteTheDefaultTakesAnyMemory) {
  VmBench b;
  Vm& vm = b.NewVm();
  EXPECT_EQ(KvmQemuBacking().tags(vm), TagBacking::Any);
  ASSERT_EQ(VmBench::EnableMte(vm), 0);
  EXPECT_EQ(KvmQemuBacking().tags(vm), TagBacking::TagCapable);
}

TEST(BackingPolicy, EagerMapsAndSanitisesEveryPageAtOnce) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(VmBench::EnableMte(vm), 0);
  FixedBacking eager(TagBacking::TagCapable, BackingPolicy::Population::Eager);
  uint64_t backing = 0;
  // Stale tags in the pool: eager population clears them before the guest can see them.
  b.SetHostTags(kTaggedBase, 0x9);
  ASSERT_EQ(BackMemslot(vm, b.board.host, b.board.pages, eager, 0, kIpa, kSize, &backing), 0);
  EXPECT_EQ(vm.stats().pages_sanitised(), kSize / kPageBytes);
  for (uint64_t off = 0; off < kSize; off += kPageBytes) EXPECT_TRUE(b.Walk(vm, kIpa + off).ok);
  EXPECT_EQ(b.HostTags(backing), std::vector<uint8_t>(kTagsPerPage, 0));
}

TEST(BackingPolicy, TheSlotGetsTheFlagsAskedFor) {
  // The VMM backs its read-only boot flash through the policy too.
  VmBench b;
  Vm& vm = b.NewVm();
  uint64_t backing = 0;
  ASSERT_EQ(BackMemslot(vm, b.board.host, b.board.pages, *DefaultBackingPolicy(), 0, kIpa, kSize, &backing,
                        KVM_MEM_READONLY), 0);
  ASSERT_NE(vm.FindMemslot(kIpa), nullptr);
  EXPECT_TRUE(vm.FindMemslot(kIpa)->readonly());
}

TEST(BackingPolicy, UntaggedBackingUnderMteNeedsTheNoTagAccessOptIn) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(VmBench::EnableMte(vm), 0);
  FixedBacking untagged(TagBacking::Untagged, BackingPolicy::Population::Eager);
  uint64_t backing = 0;
  EXPECT_EQ(BackMemslot(vm, b.board.host, b.board.pages, untagged, 0, kIpa, kSize, &backing), kEINVAL);
  // The refused slot's pages went back to the pool: the same allocation succeeds again.
  const int64_t again = b.board.pages.Allocate(HostPool::Vmm, kSize / kPageBytes, TagBacking::Untagged);
  EXPECT_EQ(again, int64_t(kUntaggedBase));
  b.board.pages.Free(kUntaggedBase, kSize / kPageBytes);

  Vm& opted = b.NewVm();
  ASSERT_EQ(VmBench::EnableMte(opted), 0);
  ASSERT_EQ(VmBench::EnableCap(opted, KVM_CAP_ARM_MTE_PERM), 0);
  ASSERT_EQ(BackMemslot(opted, b.board.host, b.board.pages, untagged, 0, kIpa, kSize, &backing), 0);
  EXPECT_FALSE(opted.FindMemslot(kIpa)->tag_capable);
  EXPECT_EQ(opted.stage2().Lookup(kIpa).attributes.type, Stage2MemType::NoTagAccess);
}
