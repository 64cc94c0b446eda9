// VM isolation at stage 2: a VM's tables map only its own memslots' backing; never
// another VM's, and never the hypervisor's private pool (where the tables live).
#include <gtest/gtest.h>

#include "vm_test_bench.h"

using namespace hyp_test;

TEST(Isolation, AMemslotBackedByAnotherLiveVmsMemoryIsEfault) {
  VmBench b;
  Vm& a = b.NewVm();
  Vm& c = b.NewVm();
  ASSERT_EQ(VmBench::AddSlot(a, 0, 0x80000000, 0x4000, kTaggedBase), 0);
  EXPECT_EQ(VmBench::AddSlot(c, 0, 0x80000000, 0x4000, kTaggedBase + 0x2000), kEFAULT);
}

TEST(Isolation, EveryPageAVmMapsIsItsOwnBacking) {
  VmBench b;
  Vm& a = b.NewVm();
  Vm& c = b.NewVm();
  ASSERT_EQ(VmBench::AddSlot(a, 0, 0x80000000, 0x10000, kTaggedBase), 0);
  ASSERT_EQ(VmBench::AddSlot(c, 0, 0x80000000, 0x10000, kTaggedBase + 0x10000), 0);
  for (uint64_t off = 0; off < 0x10000; off += 0x1000) {
    ASSERT_EQ(a.HandleStage2Fault(0x80000000 + off, true, false).outcome, Stage2FaultOutcome::Mapped);
    ASSERT_EQ(c.HandleStage2Fault(0x80000000 + off, true, false).outcome, Stage2FaultOutcome::Mapped);
  }
  for (uint64_t off = 0; off < 0x10000; off += 0x1000) {
    const auto ta = b.Walk(a, 0x80000000 + off), tc = b.Walk(c, 0x80000000 + off);
    ASSERT_TRUE(ta.ok && tc.ok);
    EXPECT_EQ(ta.pa, kTaggedBase + off);
    EXPECT_EQ(tc.pa, kTaggedBase + 0x10000 + off);
  }
}

TEST(Isolation, NoVmMapsThePrivatePoolItsTablesLiveIn) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(VmBench::AddSlot(vm, 0, 0x40000000, 0x10000, kTaggedBase), 0);
  for (uint64_t off = 0; off < 0x10000; off += 0x1000)
    ASSERT_EQ(vm.HandleStage2Fault(0x40000000 + off, true, false).outcome, Stage2FaultOutcome::Mapped);
  for (uint64_t page : vm.stage2().table_pages())
    EXPECT_TRUE(b.board.pages.InPool(HostPool::Hypervisor, page, kPageBytes));
  // IPAs equal to the tables' PAs (this slot's IPA range holds them) map the slot's
  // backing, never the tables themselves.
  for (uint64_t ipa = 0x40000000; ipa < 0x40010000; ipa += 0x1000) {
    const auto t = b.Walk(vm, ipa);
    ASSERT_TRUE(t.ok);
    EXPECT_FALSE(b.board.pages.InPool(HostPool::Hypervisor, t.pa & ~0xFFFull, kPageBytes));
  }
}

TEST(Isolation, TwoVmsTablesAreDistinct) {
  VmBench b;
  Vm& a = b.NewVm();
  Vm& c = b.NewVm();
  for (uint64_t pa : a.stage2().table_pages())
    for (uint64_t pc : c.stage2().table_pages()) EXPECT_NE(pa, pc);
}
