// The GICv3 virtualization extension: the ICH_*_EL2 registers, list-register injection
// as virtual IRQ/FIQ, the ICV_* view EL1 gets under HCR_EL2.IMO/FMO (acknowledge, EOI,
// deactivate, priorities), hardware list registers, and the maintenance interrupt.
#include "tests/models/gicv3_test_bench.h"

namespace mtesim::test::gic {
namespace {

using G = GicRegister;

// A bench whose PE 0 runs a guest at EL1 with both interrupt groups virtualized and the
// virtual interface enabled, both virtual groups on, the virtual priority mask open.
class GicVirtual : public ::testing::Test {
 protected:
  GicVirtual() {
    b.SetHyp(0, G::ICH_HCR_EL2, kIchHcrEn);
    b.SetHyp(0, G::ICH_VMCR_EL2, kVmcrVeng0 | kVmcrVeng1 | uint64_t{0xF8} << kVmcrVpmrShift);
  }
  uint64_t Guest(G r) { return b.Sys(0, r, guest); }
  void SetGuest(G r, uint64_t v) { b.SetSys(0, r, v, guest); }
  uint64_t LrState(unsigned n) { return b.Hyp(0, Lr(n)) & kLrStateMask; }

  Bench b;
  FakeContext guest{1, true, kHcrImo | kHcrFmo};
};

TEST_F(GicVirtual, VtrReportsFourListRegistersAndFivePriorityBits) {
  // PRIbits - 1 [31:29], PREbits - 1 [28:26], IDbits [25:23] = 1, A3V, nV4, TDS, ListRegs - 1.
  EXPECT_EQ(b.Hyp(0, G::ICH_VTR_EL2), 0x90B80003u);
}

TEST(GicVirtualRegisters, VmcrResetsWithMinimumBinaryPointsAndVfiqEn) {
  Bench b;
  EXPECT_EQ(b.Hyp(0, G::ICH_VMCR_EL2), 0x004C0008u);  // VBPR0 = 2, VBPR1 = 3, VFIQEn
  b.SetHyp(0, G::ICH_VMCR_EL2, 0);
  EXPECT_EQ(b.Hyp(0, G::ICH_VMCR_EL2), 0x004C0008u);  // binary points clamp, VFIQEn is RAO
}

TEST(GicVirtualRegisters, HcrKeepsItsDefinedFields) {
  Bench b;
  b.SetHyp(0, G::ICH_HCR_EL2, 0xFFFFFFFFFFFFFFFFull);
  EXPECT_EQ(b.Hyp(0, G::ICH_HCR_EL2), 0xF8007CFFu);  // EOIcount, TDIR, TSEI, TALL1/0, TC, enables
}

TEST(GicVirtualRegisters, ListRegisterPriorityKeepsFiveBits) {
  Bench b;
  b.SetHyp(0, Lr(2), ListRegister(LrState::Pending, true, 0xFF, 40));
  EXPECT_EQ(b.Hyp(0, Lr(2)), ListRegister(LrState::Pending, true, 0xF8, 40));
}

TEST_F(GicVirtual, PendingGroup1ListRegisterRaisesVirq) {
  b.SetHyp(0, Lr(0), ListRegister(LrState::Pending, true, 0x80, 40));
  EXPECT_TRUE(b.pe(0).virq());
  EXPECT_FALSE(b.pe(0).vfiq());
  EXPECT_FALSE(b.pe(0).irq());
}

TEST_F(GicVirtual, PendingGroup0ListRegisterRaisesVfiq) {
  b.SetHyp(0, Lr(1), ListRegister(LrState::Pending, false, 0x80, 40));
  EXPECT_TRUE(b.pe(0).vfiq());
  EXPECT_FALSE(b.pe(0).virq());
}

TEST_F(GicVirtual, NothingIsSignalledWhileTheVirtualInterfaceIsDisabled) {
  b.SetHyp(0, Lr(0), ListRegister(LrState::Pending, true, 0x80, 40));
  b.SetHyp(0, G::ICH_HCR_EL2, 0);
  EXPECT_FALSE(b.pe(0).virq());
  EXPECT_EQ(Guest(G::ICC_IAR1_EL1), 1023u);
}

TEST_F(GicVirtual, DisabledVirtualGroupIsNotSignalled) {
  b.SetHyp(0, Lr(0), ListRegister(LrState::Pending, true, 0x80, 40));
  SetGuest(G::ICC_IGRPEN1_EL1, 0);
  EXPECT_FALSE(b.pe(0).virq());
  EXPECT_EQ(Guest(G::ICC_HPPIR1_EL1), 1023u);
  SetGuest(G::ICC_IGRPEN1_EL1, 1);
  EXPECT_TRUE(b.pe(0).virq());
}

TEST_F(GicVirtual, VirtualPriorityMaskHidesLowerPriorities) {
  b.SetHyp(0, Lr(0), ListRegister(LrState::Pending, true, 0x80, 40));
  SetGuest(G::ICC_PMR_EL1, 0x80);
  EXPECT_FALSE(b.pe(0).virq());
  EXPECT_EQ(b.Hyp(0, G::ICH_VMCR_EL2) >> kVmcrVpmrShift, 0x80u);
  SetGuest(G::ICC_PMR_EL1, 0xFF);
  EXPECT_EQ(Guest(G::ICC_PMR_EL1), 0xF8u);
  EXPECT_TRUE(b.pe(0).virq());
}

TEST_F(GicVirtual, El1ReadsTheVirtualInterfaceOnlyUnderImoOrFmo) {
  b.EnableAll();
  b.ConfigureSpi(50, true, 0x80);
  b.Pend(50);
  b.SetHyp(0, Lr(0), ListRegister(LrState::Pending, true, 0x80, 40));
  SetGuest(G::ICC_PMR_EL1, 0xC0);
  EXPECT_EQ(Guest(G::ICC_HPPIR1_EL1), 40u);
  EXPECT_EQ(b.Sys(0, G::ICC_HPPIR1_EL1, b.el1), 50u);  // HCR_EL2.IMO = 0: physical
  EXPECT_EQ(b.Sys(0, G::ICC_HPPIR1_EL1, b.el2), 50u);  // EL2: physical
  FakeContext fmo_only(1, true, kHcrFmo);
  EXPECT_EQ(b.Sys(0, G::ICC_HPPIR1_EL1, fmo_only), 50u);  // group 1 follows IMO
  EXPECT_EQ(b.Sys(0, G::ICC_PMR_EL1, fmo_only), 0xC0u);   // PMR follows either
  EXPECT_EQ(b.Sys(0, G::ICC_PMR_EL1, b.el1), 0xF8u);
}

TEST_F(GicVirtual, AcknowledgeActivatesTheListRegisterAndSetsTheActivePriority) {
  b.SetHyp(0, Lr(0), ListRegister(LrState::Pending, true, 0x80, 40));
  EXPECT_EQ(Guest(G::ICC_IAR1_EL1), 40u);
  EXPECT_EQ(LrState(0), uint64_t{2} << 62);
  EXPECT_EQ(b.Hyp(0, G::ICH_AP1R0_EL2), 1u << (0x80 >> 3));
  EXPECT_EQ(Guest(G::ICC_RPR_EL1), 0x80u);
  EXPECT_FALSE(b.pe(0).virq());
}

TEST_F(GicVirtual, AcknowledgeTakesTheHighestPriorityListRegister) {
  b.SetHyp(0, Lr(0), ListRegister(LrState::Pending, true, 0xA0, 40));
  b.SetHyp(0, Lr(1), ListRegister(LrState::Pending, true, 0x60, 41));
  b.SetHyp(0, Lr(2), ListRegister(LrState::Pending, true, 0x60, 42));
  EXPECT_EQ(Guest(G::ICC_IAR1_EL1), 41u);  // the first of equal priorities
}

TEST_F(GicVirtual, AcknowledgeOfTheOtherGroupReturnsSpurious) {
  b.SetHyp(0, Lr(0), ListRegister(LrState::Pending, false, 0x80, 40));
  EXPECT_EQ(Guest(G::ICC_IAR1_EL1), 1023u);
  EXPECT_EQ(LrState(0), uint64_t{1} << 62);
  EXPECT_EQ(Guest(G::ICC_IAR0_EL1), 40u);
  EXPECT_EQ(b.Hyp(0, G::ICH_AP0R0_EL2), 1u << (0x80 >> 3));
}

TEST_F(GicVirtual, ActiveAndPendingListRegisterIsNotSignalled) {
  b.SetHyp(0, Lr(0), ListRegister(LrState::ActivePending, true, 0x80, 40));
  EXPECT_FALSE(b.pe(0).virq());
  EXPECT_EQ(Guest(G::ICC_HPPIR1_EL1), 1023u);
}

TEST_F(GicVirtual, SpecialVintidIsReturnedAndTheListRegisterInvalidated) {
  b.SetHyp(0, Lr(0), ListRegister(LrState::Pending, true, 0x80, 1022));
  EXPECT_EQ(Guest(G::ICC_IAR1_EL1), 1022u);
  EXPECT_EQ(LrState(0), 0u);
  EXPECT_EQ(b.Hyp(0, G::ICH_AP1R0_EL2), 0u);
}

TEST_F(GicVirtual, HigherGroupPriorityPreemptsTheActiveVirtualInterrupt) {
  b.SetHyp(0, Lr(0), ListRegister(LrState::Pending, true, 0x80, 40));
  Guest(G::ICC_IAR1_EL1);
  b.SetHyp(0, Lr(1), ListRegister(LrState::Pending, true, 0x80, 41));
  EXPECT_FALSE(b.pe(0).virq());
  b.SetHyp(0, Lr(2), ListRegister(LrState::Pending, true, 0x70, 42));
  EXPECT_TRUE(b.pe(0).virq());
  SetGuest(G::ICC_BPR1_EL1, 5);  // group priority bits [7:5]: 0x60 vs 0x80 still higher
  EXPECT_TRUE(b.pe(0).virq());
  SetGuest(G::ICC_BPR1_EL1, 7);  // group priority bit [7]: 0x00 vs 0x80
  EXPECT_TRUE(b.pe(0).virq());
  b.SetHyp(0, Lr(2), ListRegister(LrState::Pending, true, 0x90, 42));
  EXPECT_FALSE(b.pe(0).virq());
}

TEST_F(GicVirtual, EoiModeZeroDropsPriorityAndInvalidatesTheListRegister) {
  b.SetHyp(0, Lr(0), ListRegister(LrState::Pending, true, 0x80, 40));
  Guest(G::ICC_IAR1_EL1);
  SetGuest(G::ICC_EOIR1_EL1, 40);
  EXPECT_EQ(LrState(0), 0u);
  EXPECT_EQ(b.Hyp(0, G::ICH_AP1R0_EL2), 0u);
  EXPECT_EQ(Guest(G::ICC_RPR_EL1), 0xFFu);
}

TEST_F(GicVirtual, EoiModeOneKeepsTheListRegisterActiveUntilDir) {
  SetGuest(G::ICC_CTLR_EL1, kCtlrEoiMode);
  EXPECT_EQ(b.Hyp(0, G::ICH_VMCR_EL2) & kVmcrVeoim, kVmcrVeoim);
  b.SetHyp(0, Lr(0), ListRegister(LrState::Pending, true, 0x80, 40));
  Guest(G::ICC_IAR1_EL1);
  SetGuest(G::ICC_EOIR1_EL1, 40);
  EXPECT_EQ(LrState(0), uint64_t{2} << 62);
  EXPECT_EQ(Guest(G::ICC_RPR_EL1), 0xFFu);
  SetGuest(G::ICC_DIR_EL1, 40);
  EXPECT_EQ(LrState(0), 0u);
}

TEST_F(GicVirtual, DirIsIgnoredWithEoiModeZero) {
  b.SetHyp(0, Lr(0), ListRegister(LrState::Pending, true, 0x80, 40));
  Guest(G::ICC_IAR1_EL1);
  SetGuest(G::ICC_DIR_EL1, 40);
  EXPECT_EQ(LrState(0), uint64_t{2} << 62);
}

TEST_F(GicVirtual, EoiWithoutAMatchingListRegisterCountsInEoiCount) {
  b.SetHyp(0, Lr(0), ListRegister(LrState::Pending, true, 0x80, 40));
  Guest(G::ICC_IAR1_EL1);
  SetGuest(G::ICC_EOIR1_EL1, 77);
  EXPECT_EQ(b.Hyp(0, G::ICH_HCR_EL2) >> kIchHcrEoiCountShift, 1u);
  EXPECT_EQ(b.Hyp(0, G::ICH_AP1R0_EL2), 0u);  // the priority was dropped anyway
}

TEST_F(GicVirtual, DirWithoutAMatchingListRegisterCountsInEoiCount) {
  SetGuest(G::ICC_CTLR_EL1, kCtlrEoiMode);
  SetGuest(G::ICC_DIR_EL1, 77);
  EXPECT_EQ(b.Hyp(0, G::ICH_HCR_EL2) >> kIchHcrEoiCountShift, 1u);
}

TEST_F(GicVirtual, EoiWithNothingActiveIsIgnored) {
  SetGuest(G::ICC_EOIR1_EL1, 77);
  EXPECT_EQ(b.Hyp(0, G::ICH_HCR_EL2) >> kIchHcrEoiCountShift, 0u);
}

TEST_F(GicVirtual, HardwareListRegisterDeactivatesThePhysicalInterrupt) {
  // The hypervisor took SPI 50 (left active with EOImode 1) and hands it to the guest.
  b.EnableAll();
  b.SetSys(0, G::ICC_CTLR_EL1, kCtlrEoiMode, b.el2);
  b.ConfigureSpi(50, true, 0x80);
  b.Pend(50);
  EXPECT_EQ(b.Sys(0, G::ICC_IAR1_EL1, b.el2), 50u);
  b.SetSys(0, G::ICC_EOIR1_EL1, 50, b.el2);
  ASSERT_TRUE(b.Active(50));
  b.SetHyp(0, Lr(0), ListRegister(LrState::Pending, true, 0xA0, 27, true, 50));
  EXPECT_EQ(Guest(G::ICC_IAR1_EL1), 27u);
  SetGuest(G::ICC_EOIR1_EL1, 27);
  EXPECT_FALSE(b.Active(50));
  EXPECT_EQ(LrState(0), 0u);
}

TEST_F(GicVirtual, HardwareListRegisterDeactivatesAPrivateInterruptOfThisPe) {
  b.SetRedist(0, GICR_ISACTIVER0, 1u << 27);
  b.SetRedist(1, GICR_ISACTIVER0, 1u << 27);
  b.SetHyp(0, Lr(0), ListRegister(LrState::Active, true, 0xA0, 27, true, 27));
  SetGuest(G::ICC_CTLR_EL1, kCtlrEoiMode);
  SetGuest(G::ICC_DIR_EL1, 27);
  EXPECT_EQ(b.Redist(0, GICR_ISACTIVER0), 0u);
  EXPECT_EQ(b.Redist(1, GICR_ISACTIVER0), 1u << 27);
}

TEST_F(GicVirtual, ElrsrAndEisrDescribeTheListRegisters) {
  b.SetHyp(0, Lr(0), ListRegister(LrState::Pending, true, 0x80, 40));
  b.SetHyp(0, Lr(1), ListRegister(LrState::Invalid, true, 0x80, 41, false, 0, true));  // EOI done
  b.SetHyp(0, Lr(2), ListRegister(LrState::Invalid, true, 0x80, 42, true, 0x200));    // HW: bit 41 is pINTID
  EXPECT_EQ(b.Hyp(0, G::ICH_ELRSR_EL2), 0b1100u);
  EXPECT_EQ(b.Hyp(0, G::ICH_EISR_EL2), 0b0010u);
}

TEST_F(GicVirtual, EoiOfAnEoiListRegisterRaisesTheMaintenanceInterrupt) {
  b.SetHyp(0, Lr(0), ListRegister(LrState::Pending, true, 0x80, 40, false, 0, true));
  Guest(G::ICC_IAR1_EL1);
  EXPECT_EQ(b.Hyp(0, G::ICH_MISR_EL2), 0u);
  EXPECT_EQ(b.Redist(0, GICR_ISPENDR0) & (1u << 25), 0u);
  SetGuest(G::ICC_EOIR1_EL1, 40);
  EXPECT_EQ(b.Hyp(0, G::ICH_MISR_EL2), kMisrEoi);
  EXPECT_EQ(b.Hyp(0, G::ICH_EISR_EL2), 1u);
  EXPECT_EQ(b.Redist(0, GICR_ISPENDR0), 1u << 25);  // PPI 25, level-sensitive
  EXPECT_EQ(b.Redist(1, GICR_ISPENDR0), 0u);
  b.SetHyp(0, Lr(0), 0);
  EXPECT_EQ(b.Redist(0, GICR_ISPENDR0), 0u);
}

TEST_F(GicVirtual, MaintenanceInterruptReachesEl2AsAPpi) {
  b.EnableAll();
  b.ConfigurePrivate(0, 25, true, 0x80);
  b.SetHyp(0, G::ICH_HCR_EL2, kIchHcrEn | kIchHcrNpie);  // no pending list register
  EXPECT_TRUE(b.pe(0).irq());
  EXPECT_EQ(b.Sys(0, G::ICC_IAR1_EL1, b.el2), 25u);
}

TEST_F(GicVirtual, MaintenanceInterruptNeedsTheVirtualInterfaceEnabled) {
  b.SetHyp(0, G::ICH_HCR_EL2, kIchHcrNpie);
  EXPECT_EQ(b.Hyp(0, G::ICH_MISR_EL2), kMisrNp);
  EXPECT_EQ(b.Redist(0, GICR_ISPENDR0), 0u);
  b.SetHyp(0, G::ICH_HCR_EL2, kIchHcrNpie | kIchHcrEn);
  EXPECT_EQ(b.Redist(0, GICR_ISPENDR0), 1u << 25);
}

TEST_F(GicVirtual, UnderflowAndNoPendingStatus) {
  b.SetHyp(0, G::ICH_HCR_EL2, kIchHcrEn | kIchHcrUie | kIchHcrNpie);
  b.SetHyp(0, Lr(0), ListRegister(LrState::Pending, true, 0x80, 40));
  EXPECT_EQ(b.Hyp(0, G::ICH_MISR_EL2), kMisrU);  // fewer than two valid, one pending
  b.SetHyp(0, Lr(1), ListRegister(LrState::Active, true, 0x80, 41));
  EXPECT_EQ(b.Hyp(0, G::ICH_MISR_EL2), 0u);
  b.SetHyp(0, Lr(0), 0);
  EXPECT_EQ(b.Hyp(0, G::ICH_MISR_EL2), kMisrU | kMisrNp);
}

TEST_F(GicVirtual, EoiCountStatusNeedsLrenpie) {
  SetGuest(G::ICC_CTLR_EL1, kCtlrEoiMode);
  SetGuest(G::ICC_DIR_EL1, 77);
  EXPECT_EQ(b.Hyp(0, G::ICH_MISR_EL2), 0u);
  b.SetHyp(0, G::ICH_HCR_EL2, b.Hyp(0, G::ICH_HCR_EL2) | kIchHcrLrenpie);
  EXPECT_EQ(b.Hyp(0, G::ICH_MISR_EL2), kMisrLrenp);
}

TEST_F(GicVirtual, GroupEnableStatusBitsFollowTheVirtualGroupEnables) {
  b.SetHyp(0, G::ICH_HCR_EL2, kIchHcrEn | kIchHcrVgrp0eie | kIchHcrVgrp1eie | kIchHcrVgrp0die | kIchHcrVgrp1die);
  EXPECT_EQ(b.Hyp(0, G::ICH_MISR_EL2), kMisrVgrp0e | kMisrVgrp1e);
  SetGuest(G::ICC_IGRPEN1_EL1, 0);
  EXPECT_EQ(b.Hyp(0, G::ICH_MISR_EL2), kMisrVgrp0e | kMisrVgrp1d);
}

// IHI 0069, ICH_MISR_EL2.VGrp0D: "ICH_HCR_EL2.VGrp0DIE == 1 and ICH_VMCR_EL2.VENG0 == 0"
// (QEMU 10 tests VENG1 instead).
TEST_F(GicVirtual, VGrp0DFollowsVEng0NotVEng1) {
  b.SetHyp(0, G::ICH_HCR_EL2, kIchHcrEn | kIchHcrVgrp0die);
  SetGuest(G::ICC_IGRPEN0_EL1, 0);
  EXPECT_EQ(b.Hyp(0, G::ICH_MISR_EL2), kMisrVgrp0d);
  SetGuest(G::ICC_IGRPEN0_EL1, 1);
  SetGuest(G::ICC_IGRPEN1_EL1, 0);
  EXPECT_EQ(b.Hyp(0, G::ICH_MISR_EL2), 0u);
}

TEST_F(GicVirtual, GuestViewsOfCtlrBprAndIgrpenAreTheVmcrFields) {
  EXPECT_EQ(Guest(G::ICC_CTLR_EL1), 0x8C00u);
  SetGuest(G::ICC_CTLR_EL1, kCtlrCbpr);
  EXPECT_EQ(Guest(G::ICC_BPR1_EL1), 3u);  // VBPR0 + 1
  SetGuest(G::ICC_BPR0_EL1, 5);
  EXPECT_EQ(Guest(G::ICC_BPR1_EL1), 6u);
  EXPECT_EQ(Guest(G::ICC_IGRPEN0_EL1), 1u);
  EXPECT_EQ(b.Hyp(0, G::ICH_VMCR_EL2), 0xF8000000u | 5u << 21 | 3u << 18 | 0x10 | 0x8 | 0x3);
  EXPECT_EQ(b.Sys(0, G::ICC_BPR0_EL1, b.el2), 2u);  // the physical one is untouched
}

TEST_F(GicVirtual, GuestActivePrioritiesAreTheIchOnes) {
  SetGuest(G::ICC_AP0R0_EL1, 0x100);
  EXPECT_EQ(b.Hyp(0, G::ICH_AP0R0_EL2), 0x100u);
  EXPECT_EQ(Guest(G::ICC_RPR_EL1), 0x40u);
  EXPECT_EQ(b.Sys(0, G::ICC_AP0R0_EL1, b.el2), 0u);
}

TEST_F(GicVirtual, SgisFromAVirtualizedGuestTrapRatherThanReachTheGic) {
  EXPECT_EQ(b.Check(0, G::ICC_SGI1R_EL1, false, guest), AccessResult::TrapToEl2);
}

TEST_F(GicVirtual, VirtualLinesBelongToTheirPe) {
  b.SetHyp(1, G::ICH_HCR_EL2, kIchHcrEn);
  b.SetHyp(1, G::ICH_VMCR_EL2, kVmcrVeng1 | uint64_t{0xF8} << kVmcrVpmrShift);
  b.SetHyp(1, Lr(0), ListRegister(LrState::Pending, true, 0x80, 40));
  EXPECT_TRUE(b.pe(1).virq());
  EXPECT_FALSE(b.pe(0).virq());
}

}  // namespace
}  // namespace mtesim::test::gic
