// KVM_SET_USER_MEMORY_REGION: KVM's argument checks, and the MTE rule for backing
// without tag storage (refused, unless the VM opted in to NoTagAccess).
#include <gtest/gtest.h>

#include "vm_test_bench.h"

using namespace hyp_test;

TEST(Memslot, AnUnalignedAddressOrSizeIsEinval) {
  VmBench b;
  Vm& vm = b.NewVm();
  EXPECT_EQ(VmBench::AddSlot(vm, 0, 0x80000800, 0x1000, kTaggedBase), kEINVAL);
  EXPECT_EQ(VmBench::AddSlot(vm, 0, 0x80000000, 0x1800, kTaggedBase), kEINVAL);
  EXPECT_EQ(VmBench::AddSlot(vm, 0, 0x80000000, 0x1000, kTaggedBase + 0x10), kEINVAL);
}

TEST(Memslot, UnknownFlagsAreEinval) {
  VmBench b;
  Vm& vm = b.NewVm();
  EXPECT_EQ(VmBench::AddSlot(vm, 0, 0x80000000, 0x1000, kTaggedBase, 1u << 2), kEINVAL);
}

TEST(Memslot, ASlotIdBeyondNrMemslotsIsEinval) {
  VmBench b;
  Vm& vm = b.NewVm();
  EXPECT_EQ(VmBench::AddSlot(vm, 32, 0x80000000, 0x1000, kTaggedBase), kEINVAL);
  EXPECT_EQ(VmBench::AddSlot(vm, 31, 0x80000000, 0x1000, kTaggedBase), 0);
}

TEST(Memslot, AWrappingRangeIsEinval) {
  VmBench b;
  Vm& vm = b.NewVm();
  EXPECT_EQ(VmBench::AddSlot(vm, 0, 0xFFFFFFFFFFFFF000ull, 0x2000, kTaggedBase), kEINVAL);
}

TEST(Memslot, AnOverlappingSlotIsEexist) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(VmBench::AddSlot(vm, 0, 0x80000000, 0x4000, kTaggedBase), 0);
  EXPECT_EQ(VmBench::AddSlot(vm, 1, 0x80003000, 0x2000, kTaggedBase + 0x4000), kEEXIST);
}

TEST(Memslot, SizeZeroDeletesTheSlotAndItsMappings) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(VmBench::AddSlot(vm, 0, 0x80000000, 0x4000, kTaggedBase), 0);
  ASSERT_EQ(vm.HandleStage2Fault(0x80000000, false, false).outcome, Stage2FaultOutcome::Mapped);
  ASSERT_EQ(VmBench::AddSlot(vm, 0, 0, 0, 0), 0);
  EXPECT_EQ(vm.FindMemslot(0x80000000), nullptr);
  EXPECT_FALSE(b.Walk(vm, 0x80000000).ok);
}

TEST(Memslot, DeletingASlotThatIsNotThereIsEinval) {
  VmBench b;
  Vm& vm = b.NewVm();
  EXPECT_EQ(VmBench::AddSlot(vm, 4, 0, 0, 0), kEINVAL);
}

TEST(Memslot, ResizingOrRebackingAnExistingSlotIsEinval) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(VmBench::AddSlot(vm, 0, 0x80000000, 0x4000, kTaggedBase), 0);
  EXPECT_EQ(VmBench::AddSlot(vm, 0, 0x80000000, 0x8000, kTaggedBase), kEINVAL);
  EXPECT_EQ(VmBench::AddSlot(vm, 0, 0x80000000, 0x4000, kTaggedBase + 0x4000), kEINVAL);
  EXPECT_EQ(VmBench::AddSlot(vm, 0, 0x80000000, 0x4000, kTaggedBase, KVM_MEM_READONLY), kEINVAL);
}

TEST(Memslot, ASlotBeyondTheVmsIpaSpaceIsEfault) {
  VmBench b;
  Vm& vm = b.NewVm(32);
  EXPECT_EQ(VmBench::AddSlot(vm, 0, 0xFFFFF000, 0x2000, kTaggedBase), kEFAULT);
}

TEST(Memslot, BackingInThePrivatePoolIsEfault) {
  VmBench b;
  Vm& vm = b.NewVm();
  EXPECT_EQ(VmBench::AddSlot(vm, 0, 0x80000000, 0x1000, kPrivateBase), kEFAULT);
  EXPECT_EQ(VmBench::AddSlot(vm, 0, 0x80000000, 0x1000, kRamBase + kRamSize), kEFAULT);
}

TEST(Memslot, WithMteUntaggedBackingIsEinval) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(VmBench::EnableMte(vm), 0);
  EXPECT_EQ(VmBench::AddSlot(vm, 0, 0x80000000, 0x4000, kUntaggedBase), kEINVAL);
  EXPECT_EQ(VmBench::AddSlot(vm, 0, 0x80000000, 0x4000, kTaggedBase), 0);
}

TEST(Memslot, WithoutMteUntaggedBackingIsAccepted) {
  VmBench b;
  Vm& vm = b.NewVm();
  EXPECT_EQ(VmBench::AddSlot(vm, 0, 0x80000000, 0x4000, kUntaggedBase), 0);
}

TEST(Memslot, WithTheNoTagAccessOptInUntaggedBackingIsAccepted) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(VmBench::EnableMte(vm), 0);
  ASSERT_EQ(VmBench::EnableCap(vm, KVM_CAP_ARM_MTE_PERM), 0);
  EXPECT_EQ(VmBench::AddSlot(vm, 0, 0x80000000, 0x4000, kUntaggedBase), 0);
}

TEST(Memslot, NoTagAccessSlotsAreMappedNoTagAccess) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(VmBench::EnableMte(vm), 0);
  ASSERT_EQ(VmBench::EnableCap(vm, KVM_CAP_ARM_MTE_PERM), 0);
  ASSERT_EQ(VmBench::AddSlot(vm, 0, 0x80000000, 0x4000, kUntaggedBase), 0);
  ASSERT_EQ(vm.HandleStage2Fault(0x80001000, false, false).outcome, Stage2FaultOutcome::Mapped);
  const auto t = b.Walk(vm, 0x80001000);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.pa, kUntaggedBase + 0x1000);
  EXPECT_TRUE(t.entry.perms.notagaccess);
}

TEST(Memslot, TheNoTagAccessOptInNeedsFeatMtePerm) {
  HostCapabilities host = Mte3Host();
  host.mte.perm = false;
  VmBench b(host);
  Vm& vm = b.NewVm();
  EXPECT_EQ(VmBench::EnableCap(vm, KVM_CAP_ARM_MTE_PERM), kEINVAL);
}

TEST(Memslot, TheNoTagAccessOptInAfterAVcpuIsEinval) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(vm.CreateVcpu(0), 0);
  EXPECT_EQ(VmBench::EnableCap(vm, KVM_CAP_ARM_MTE_PERM), kEINVAL);
}

TEST(Memslot, AnUnknownVmCapabilityIsEinval) {
  VmBench b;
  Vm& vm = b.NewVm();
  EXPECT_EQ(VmBench::EnableCap(vm, 4242), kEINVAL);
}
