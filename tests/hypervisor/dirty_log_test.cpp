// Dirty logging: the slot is write-protected at stage 2, the first write (or tag write)
// to a page faults, is logged and unprotected; harvesting re-protects.
#include <gtest/gtest.h>

#include "vm_test_bench.h"

using namespace hyp_test;
using mtesim::mmu::AccessType;

namespace {

// A VM with MTE and a logging slot of 8 pages at IPA 0x80000000, every page mapped.
struct LogBench : VmBench {
  Vm& vm = NewVm();
  LogBench() {
    EXPECT_EQ(EnableMte(vm), 0);
    EXPECT_EQ(AddSlot(vm, 0, 0x80000000, 0x8000, kTaggedBase), 0);
    for (uint64_t p = 0; p < 8; ++p) vm.HandleStage2Fault(0x80000000 + (p << 12), true, false);
    EXPECT_EQ(AddSlot(vm, 0, 0x80000000, 0x8000, kTaggedBase, KVM_MEM_LOG_DIRTY_PAGES), 0);
  }
  uint64_t Harvest() {
    uint64_t bitmap = 0;
    EXPECT_EQ(vm.GetDirtyLog(0, &bitmap), 0);
    return bitmap;
  }
};

}  // namespace

TEST(DirtyLog, EnablingWriteProtectsTheSlot) {
  LogBench b;
  EXPECT_FALSE(b.Walk(b.vm, 0x80003000, AccessType::Write).ok);
  EXPECT_TRUE(b.Walk(b.vm, 0x80003000, AccessType::Read).ok);
}

TEST(DirtyLog, TheFirstWriteIsLoggedAndUnprotected) {
  LogBench b;
  EXPECT_EQ(b.vm.HandleStage2Fault(0x80003008, true, false).outcome, Stage2FaultOutcome::DirtyLogged);
  EXPECT_TRUE(b.Walk(b.vm, 0x80003000, AccessType::Write).ok);
  EXPECT_EQ(b.Harvest(), uint64_t{1} << 3);
  EXPECT_EQ(b.vm.stats().dirty_pages_logged(), 1u);
}

TEST(DirtyLog, ATagWriteDirtiesThePage) {
  LogBench b;
  EXPECT_EQ(b.vm.HandleStage2Fault(0x80005000, true, true).outcome, Stage2FaultOutcome::DirtyLogged);
  EXPECT_EQ(b.Harvest(), uint64_t{1} << 5);
}

TEST(DirtyLog, AReadIsNotLogged) {
  LogBench b;
  EXPECT_EQ(b.vm.HandleStage2Fault(0x80005000, false, false).outcome, Stage2FaultOutcome::Spurious);
  EXPECT_EQ(b.Harvest(), 0u);
}

TEST(DirtyLog, AFirstMapForAWriteIsLoggedAndAFirstMapForAReadIsReadOnly) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(VmBench::AddSlot(vm, 0, 0x80000000, 0x4000, kTaggedBase, KVM_MEM_LOG_DIRTY_PAGES), 0);
  ASSERT_EQ(vm.HandleStage2Fault(0x80000000, false, false).outcome, Stage2FaultOutcome::Mapped);
  EXPECT_FALSE(b.Walk(vm, 0x80000000, AccessType::Write).ok);
  ASSERT_EQ(vm.HandleStage2Fault(0x80001000, true, false).outcome, Stage2FaultOutcome::Mapped);
  EXPECT_TRUE(b.Walk(vm, 0x80001000, AccessType::Write).ok);
  uint64_t bitmap = 0;
  ASSERT_EQ(vm.GetDirtyLog(0, &bitmap), 0);
  EXPECT_EQ(bitmap, 2u);
}

TEST(DirtyLog, GetDirtyLogClearsAndReprotects) {
  LogBench b;
  ASSERT_EQ(b.vm.HandleStage2Fault(0x80001000, true, false).outcome, Stage2FaultOutcome::DirtyLogged);
  EXPECT_EQ(b.Harvest(), 2u);
  EXPECT_FALSE(b.Walk(b.vm, 0x80001000, AccessType::Write).ok);
  EXPECT_EQ(b.Harvest(), 0u);
  EXPECT_EQ(b.vm.HandleStage2Fault(0x80001000, true, false).outcome, Stage2FaultOutcome::DirtyLogged);
}

TEST(DirtyLog, WithManualProtectGetLeavesTheLogAndClearReprotects) {
  LogBench b;
  ASSERT_EQ(VmBench::EnableCap(b.vm, KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2, 1), 0);
  ASSERT_EQ(b.vm.HandleStage2Fault(0x80002000, true, false).outcome, Stage2FaultOutcome::DirtyLogged);
  EXPECT_EQ(b.Harvest(), 4u);
  EXPECT_TRUE(b.Walk(b.vm, 0x80002000, AccessType::Write).ok);
  KvmClearDirtyLog clear;
  const uint64_t bits = 4;
  clear.slot = 0;
  clear.first_page = 0;
  clear.num_pages = 8;
  clear.dirty_bitmap = &bits;
  ASSERT_EQ(b.vm.ClearDirtyLog(clear), 0);
  EXPECT_FALSE(b.Walk(b.vm, 0x80002000, AccessType::Write).ok);
  EXPECT_EQ(b.Harvest(), 0u);
}

TEST(DirtyLog, ASlotWithoutLoggingIsEnoent) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(VmBench::AddSlot(vm, 0, 0x80000000, 0x4000, kTaggedBase), 0);
  uint64_t bitmap = 0;
  EXPECT_EQ(vm.GetDirtyLog(0, &bitmap), kENOENT);
  EXPECT_EQ(vm.GetDirtyLog(1, &bitmap), kENOENT);
  KvmClearDirtyLog clear;
  clear.dirty_bitmap = &bitmap;
  EXPECT_EQ(vm.ClearDirtyLog(clear), kENOENT);
}

TEST(DirtyLog, ASlotIdBeyondTheLimitIsEinval) {
  VmBench b;
  Vm& vm = b.NewVm();
  uint64_t bitmap = 0;
  EXPECT_EQ(vm.GetDirtyLog(32, &bitmap), kEINVAL);
}

TEST(DirtyLog, ClearingAnUnalignedOrOutOfSlotRangeIsEinval) {
  LogBench b;
  const uint64_t bits = ~0ull;
  KvmClearDirtyLog clear;
  clear.dirty_bitmap = &bits;
  clear.first_page = 1;
  clear.num_pages = 1;
  EXPECT_EQ(b.vm.ClearDirtyLog(clear), kEINVAL);
  clear.first_page = 0;
  clear.num_pages = 9;
  EXPECT_EQ(b.vm.ClearDirtyLog(clear), kEINVAL);
}

TEST(DirtyLog, TurningLoggingOffStopsIt) {
  LogBench b;
  ASSERT_EQ(VmBench::AddSlot(b.vm, 0, 0x80000000, 0x8000, kTaggedBase), 0);
  uint64_t bitmap = 0;
  EXPECT_EQ(b.vm.GetDirtyLog(0, &bitmap), kENOENT);
}

TEST(DirtyLog, UnknownManualProtectFlagsAreEinval) {
  VmBench b;
  Vm& vm = b.NewVm();
  EXPECT_EQ(VmBench::EnableCap(vm, KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2, 4), kEINVAL);
}

TEST(DirtyLog, ANullBitmapIsEfault) {
  LogBench b;
  EXPECT_EQ(b.vm.GetDirtyLog(0, nullptr), kEFAULT);
  KvmClearDirtyLog clear;
  clear.num_pages = 8;
  EXPECT_EQ(b.vm.ClearDirtyLog(clear), kEFAULT);
}

TEST(DirtyLog, AfterLoggingIsTurnedOffAWriteToAProtectedPageIsLetThrough) {
  LogBench b;
  ASSERT_EQ(VmBench::AddSlot(b.vm, 0, 0x80000000, 0x8000, kTaggedBase), 0);
  EXPECT_EQ(b.vm.HandleStage2Fault(0x80004000, true, false).outcome, Stage2FaultOutcome::Mapped);
  EXPECT_TRUE(b.Walk(b.vm, 0x80004000, AccessType::Write).ok);
}
