// The stage-2 fault path: lazy mapping from memslots, MMIO, NoTagAccess exits, and the
// tag sanitising of a page's first map into a guest with MTE.
#include <gtest/gtest.h>

#include "vm_test_bench.h"

using namespace hyp_test;
using mtesim::mmu::AccessType;

TEST(Stage2Fault, AnIpaWithoutMemslotIsMmio) {
  VmBench b;
  Vm& vm = b.NewVm();
  EXPECT_EQ(vm.HandleStage2Fault(0x09000000, true, false).outcome, Stage2FaultOutcome::Mmio);
  EXPECT_EQ(vm.stats().faults_mmio(), 1u);
}

TEST(Stage2Fault, AWriteToAReadOnlySlotIsMmio) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(VmBench::AddSlot(vm, 0, 0x80000000, 0x4000, kTaggedBase, KVM_MEM_READONLY), 0);
  EXPECT_EQ(vm.HandleStage2Fault(0x80000000, true, false).outcome, Stage2FaultOutcome::Mmio);
  EXPECT_EQ(vm.HandleStage2Fault(0x80000000, false, false).outcome, Stage2FaultOutcome::Mapped);
  EXPECT_FALSE(b.Walk(vm, 0x80000000, AccessType::Write).ok);
}

TEST(Stage2Fault, AFaultMapsThePageFromItsMemslot) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(VmBench::AddSlot(vm, 0, 0x80000000, 0x4000, kTaggedBase + 0x10000), 0);
  EXPECT_FALSE(b.Walk(vm, 0x80002010).ok);  // lazily: nothing before the fault
  ASSERT_EQ(vm.HandleStage2Fault(0x80002010, false, false).outcome, Stage2FaultOutcome::Mapped);
  const auto t = b.Walk(vm, 0x80002010, AccessType::Write);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.pa, kTaggedBase + 0x12010);
  EXPECT_EQ(t.entry.memattr, 0xF);  // Normal Write-Back
  EXPECT_EQ(vm.stats().faults_mapped(), 1u);
}

TEST(Stage2Fault, AFaultOnAMappedPageIsSpurious) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(VmBench::AddSlot(vm, 0, 0x80000000, 0x4000, kTaggedBase), 0);
  ASSERT_EQ(vm.HandleStage2Fault(0x80000000, false, false).outcome, Stage2FaultOutcome::Mapped);
  EXPECT_EQ(vm.HandleStage2Fault(0x80000008, true, false).outcome, Stage2FaultOutcome::Spurious);
}

TEST(Stage2Fault, ATagAccessToANoTagAccessPageExitsToTheVmm) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(VmBench::EnableMte(vm), 0);
  ASSERT_EQ(VmBench::EnableCap(vm, KVM_CAP_ARM_MTE_PERM), 0);
  ASSERT_EQ(VmBench::AddSlot(vm, 0, 0x80000000, 0x4000, kUntaggedBase), 0);
  const Stage2FaultResult r = vm.HandleStage2Fault(0x80000040, true, true);
  EXPECT_EQ(r.outcome, Stage2FaultOutcome::NoTagAccess);
  EXPECT_EQ(r.ipa, 0x80000040u);
  EXPECT_TRUE(r.write);
  EXPECT_EQ(vm.HandleStage2Fault(0x80000040, false, true).outcome, Stage2FaultOutcome::NoTagAccess);
  EXPECT_EQ(vm.stats().faults_notagaccess(), 2u);
}

TEST(Stage2Fault, AnUntaggedSlotFromBeforeMteWasEnabledIsEfault) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(VmBench::AddSlot(vm, 0, 0x80000000, 0x4000, kUntaggedBase), 0);
  ASSERT_EQ(VmBench::EnableMte(vm), 0);
  const Stage2FaultResult r = vm.HandleStage2Fault(0x80000000, false, false);
  EXPECT_EQ(r.outcome, Stage2FaultOutcome::Error);
  EXPECT_EQ(r.error, kEFAULT);
}

TEST(Sanitise, TheFirstMapIntoAGuestWithMteClearsThePagesTags) {
  VmBench b;
  b.SetHostTags(kTaggedBase, 0xA);  // stale tags of a previous user
  Vm& vm = b.NewVm();
  ASSERT_EQ(VmBench::EnableMte(vm), 0);
  ASSERT_EQ(VmBench::AddSlot(vm, 0, 0x80000000, 0x4000, kTaggedBase), 0);
  ASSERT_EQ(vm.HandleStage2Fault(0x80000000, false, false).outcome, Stage2FaultOutcome::Mapped);
  EXPECT_EQ(b.HostTags(kTaggedBase), std::vector<uint8_t>(kTagsPerPage, 0));
  EXPECT_EQ(vm.stats().pages_sanitised(), 1u);
}

TEST(Sanitise, WithoutMteTheTagsAreNotTouched) {
  VmBench b;
  b.SetHostTags(kTaggedBase, 0xA);
  Vm& vm = b.NewVm();
  ASSERT_EQ(VmBench::AddSlot(vm, 0, 0x80000000, 0x4000, kTaggedBase), 0);
  ASSERT_EQ(vm.HandleStage2Fault(0x80000000, false, false).outcome, Stage2FaultOutcome::Mapped);
  EXPECT_EQ(b.HostTags(kTaggedBase), std::vector<uint8_t>(kTagsPerPage, 0xA));
  EXPECT_EQ(vm.stats().pages_sanitised(), 0u);
}

TEST(Sanitise, OncePerHostPageNotOnARemap) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(VmBench::EnableMte(vm), 0);
  ASSERT_EQ(VmBench::AddSlot(vm, 0, 0x80000000, 0x4000, kTaggedBase), 0);
  ASSERT_EQ(vm.HandleStage2Fault(0x80000000, false, false).outcome, Stage2FaultOutcome::Mapped);
  b.SetHostTags(kTaggedBase, 0x5);  // the guest's STGs
  ASSERT_EQ(VmBench::AddSlot(vm, 0, 0, 0, 0), 0);  // unmapped ...
  ASSERT_EQ(VmBench::AddSlot(vm, 0, 0x90000000, 0x4000, kTaggedBase), 0);  // ... and mapped again
  ASSERT_EQ(vm.HandleStage2Fault(0x90000000, false, false).outcome, Stage2FaultOutcome::Mapped);
  EXPECT_EQ(b.HostTags(kTaggedBase), std::vector<uint8_t>(kTagsPerPage, 0x5));
  EXPECT_EQ(vm.stats().pages_sanitised(), 1u);
}

TEST(Sanitise, ASecondVmMappingTheSameHostPageDoesNotResanitise) {
  VmBench b;
  const int first = b.hyp.CreateVm(0);
  Vm& vm1 = *b.hyp.GetVm(first);
  ASSERT_EQ(VmBench::EnableMte(vm1), 0);
  ASSERT_EQ(VmBench::AddSlot(vm1, 0, 0x80000000, 0x4000, kTaggedBase), 0);
  ASSERT_EQ(vm1.HandleStage2Fault(0x80000000, false, false).outcome, Stage2FaultOutcome::Mapped);
  b.SetHostTags(kTaggedBase, 0x7);
  ASSERT_EQ(b.hyp.DestroyVm(first), 0);  // the VMM keeps the page and hands it on
  Vm& vm2 = b.NewVm();
  ASSERT_EQ(VmBench::EnableMte(vm2), 0);
  ASSERT_EQ(VmBench::AddSlot(vm2, 0, 0x80000000, 0x4000, kTaggedBase), 0);
  ASSERT_EQ(vm2.HandleStage2Fault(0x80000000, false, false).outcome, Stage2FaultOutcome::Mapped);
  EXPECT_EQ(b.HostTags(kTaggedBase), std::vector<uint8_t>(kTagsPerPage, 0x7));
  EXPECT_EQ(vm2.stats().pages_sanitised(), 0u);
}

TEST(Sanitise, AFreedHostPageIsSanitisedAgainOnItsNextFirstMap) {
  VmBench b;
  const int64_t pa = b.board.pages.Allocate(HostPool::Vmm, 1, TagBacking::TagCapable);
  ASSERT_GT(pa, 0);
  Vm& vm = b.NewVm();
  ASSERT_EQ(VmBench::EnableMte(vm), 0);
  ASSERT_EQ(VmBench::AddSlot(vm, 0, 0x80000000, 0x1000, static_cast<uint64_t>(pa)), 0);
  ASSERT_EQ(vm.HandleStage2Fault(0x80000000, false, false).outcome, Stage2FaultOutcome::Mapped);
  ASSERT_EQ(VmBench::AddSlot(vm, 0, 0, 0, 0), 0);
  b.board.pages.Free(static_cast<uint64_t>(pa), 1);  // PG_mte_tagged goes with the page
  b.SetHostTags(static_cast<uint64_t>(pa), 0x3);
  ASSERT_EQ(VmBench::AddSlot(vm, 0, 0x80000000, 0x1000, static_cast<uint64_t>(pa)), 0);
  ASSERT_EQ(vm.HandleStage2Fault(0x80000000, false, false).outcome, Stage2FaultOutcome::Mapped);
  EXPECT_EQ(b.HostTags(static_cast<uint64_t>(pa)), std::vector<uint8_t>(kTagsPerPage, 0));
  EXPECT_EQ(vm.stats().pages_sanitised(), 2u);
}
