// The GICv3 physical CPU interface: signalling (IRQ for Group 1, FIQ for Group 0 with
// one security state), masking, acknowledge, priority drop and deactivation, preemption,
// and the identification of its system registers.
#include "tests/models/gicv3_test_bench.h"

namespace mtesim::test::gic {
namespace {

using G = GicRegister;

TEST(GicCpuInterface, SreIsFixedOn) {
  Bench b;
  EXPECT_EQ(b.Sys(0, G::ICC_SRE_EL1), 0x7u);
  b.SetSys(0, G::ICC_SRE_EL1, 0);
  EXPECT_EQ(b.Sys(0, G::ICC_SRE_EL1), 0x7u);
  EXPECT_EQ(b.Hyp(0, G::ICC_SRE_EL2), 0xFu);
}

TEST(GicCpuInterface, CtlrReportsPriorityBitsAndOnlyCbprAndEoiModeAreWritable) {
  Bench b;
  // A3V [15], IDbits = 1 [13:11], PRIbits = 4 [10:8] (five priority bits).
  EXPECT_EQ(b.Sys(0, G::ICC_CTLR_EL1), 0x8C00u);
  b.SetSys(0, G::ICC_CTLR_EL1, 0xFFFFFFFF);
  EXPECT_EQ(b.Sys(0, G::ICC_CTLR_EL1), 0x8C03u);
}

TEST(GicCpuInterface, PmrKeepsFivePriorityBits) {
  Bench b;
  EXPECT_EQ(b.Sys(0, G::ICC_PMR_EL1), 0u);
  b.SetSys(0, G::ICC_PMR_EL1, 0xFF);
  EXPECT_EQ(b.Sys(0, G::ICC_PMR_EL1), 0xF8u);
}

TEST(GicCpuInterface, BinaryPointsResetToAndStayAtTheirMinimum) {
  Bench b;
  EXPECT_EQ(b.Sys(0, G::ICC_BPR0_EL1), 2u);
  EXPECT_EQ(b.Sys(0, G::ICC_BPR1_EL1), 3u);
  b.SetSys(0, G::ICC_BPR0_EL1, 0);
  b.SetSys(0, G::ICC_BPR1_EL1, 1);
  EXPECT_EQ(b.Sys(0, G::ICC_BPR0_EL1), 2u);
  EXPECT_EQ(b.Sys(0, G::ICC_BPR1_EL1), 3u);
  b.SetSys(0, G::ICC_BPR1_EL1, 6);
  EXPECT_EQ(b.Sys(0, G::ICC_BPR1_EL1), 6u);
}

TEST(GicCpuInterface, CommonBinaryPointMakesBpr1AnAliasOfBpr0PlusOne) {
  Bench b;
  b.SetSys(0, G::ICC_BPR0_EL1, 4);
  b.SetSys(0, G::ICC_CTLR_EL1, kCtlrCbpr);
  EXPECT_EQ(b.Sys(0, G::ICC_BPR1_EL1), 5u);
  b.SetSys(0, G::ICC_BPR1_EL1, 7);  // ignored
  b.SetSys(0, G::ICC_CTLR_EL1, 0);
  EXPECT_EQ(b.Sys(0, G::ICC_BPR1_EL1), 3u);
}

TEST(GicCpuInterface, Group1InterruptIsSignalledAsIrq) {
  Bench b;
  b.EnableAll();
  b.ConfigureSpi(40, true, 0x80);
  b.Pend(40);
  EXPECT_TRUE(b.pe(0).irq());
  EXPECT_FALSE(b.pe(0).fiq());
}

TEST(GicCpuInterface, Group0InterruptIsSignalledAsFiq) {
  Bench b;
  b.EnableAll();
  b.ConfigureSpi(40, false, 0x80);
  b.Pend(40);
  EXPECT_TRUE(b.pe(0).fiq());
  EXPECT_FALSE(b.pe(0).irq());
}

TEST(GicCpuInterface, PriorityMaskHidesInterruptsOfEqualOrLowerPriority) {
  Bench b;
  b.EnableAll();
  b.ConfigureSpi(40, true, 0x80);
  b.SetSys(0, G::ICC_PMR_EL1, 0x80);
  b.Pend(40);
  EXPECT_FALSE(b.pe(0).irq());
  b.SetSys(0, G::ICC_PMR_EL1, 0x88);
  EXPECT_TRUE(b.pe(0).irq());
}

TEST(GicCpuInterface, DisabledGroupIsNotSignalledNorShown) {
  Bench b;
  b.EnableAll();
  b.SetSys(0, G::ICC_IGRPEN1_EL1, 0);
  b.ConfigureSpi(40, true, 0x80);
  b.Pend(40);
  EXPECT_FALSE(b.pe(0).irq());
  EXPECT_EQ(b.Sys(0, G::ICC_HPPIR1_EL1), 1023u);
  b.SetSys(0, G::ICC_IGRPEN1_EL1, 1);
  EXPECT_EQ(b.Sys(0, G::ICC_IGRPEN1_EL1), 1u);
  EXPECT_TRUE(b.pe(0).irq());
}

TEST(GicCpuInterface, DistributorGroupEnableGatesEveryInterruptOfTheGroup) {
  Bench b;
  b.EnableAll();
  b.ConfigurePrivate(0, 27, true, 0x80);
  b.SetDist(GICD_CTLR, 1);  // Group 1 off
  b.gic.SetPrivateInterrupt(0, 27, true);
  EXPECT_FALSE(b.pe(0).irq());
  b.SetDist(GICD_CTLR, 2);
  EXPECT_TRUE(b.pe(0).irq());
}

TEST(GicCpuInterface, DisabledInterruptIsNotSignalled) {
  Bench b;
  b.EnableAll();
  b.ConfigureSpi(40, true, 0x80);
  b.SetDist(GICD_ICENABLER + 4, 1u << 8);
  b.Pend(40);
  EXPECT_FALSE(b.pe(0).irq());
}

TEST(GicCpuInterface, AcknowledgeMakesTheInterruptActiveAndDropsTheLine) {
  Bench b;
  b.EnableAll();
  b.ConfigureSpi(40, true, 0x80);
  b.Pend(40);
  EXPECT_EQ(b.Sys(0, G::ICC_IAR1_EL1), 40u);
  EXPECT_TRUE(b.Active(40));
  EXPECT_FALSE(b.Pending(40));
  EXPECT_FALSE(b.pe(0).irq());
}

TEST(GicCpuInterface, AcknowledgeWithNothingPendingReturnsSpurious) {
  Bench b;
  b.EnableAll();
  EXPECT_EQ(b.Sys(0, G::ICC_IAR1_EL1), 1023u);
  EXPECT_EQ(b.Sys(0, G::ICC_IAR0_EL1), 1023u);
  EXPECT_EQ(b.Sys(0, G::ICC_RPR_EL1), 0xFFu);
}

TEST(GicCpuInterface, EachAcknowledgeRegisterTakesOnlyItsGroup) {
  Bench b;
  b.EnableAll();
  b.ConfigureSpi(40, false, 0x80);
  b.Pend(40);
  EXPECT_EQ(b.Sys(0, G::ICC_IAR1_EL1), 1023u);
  EXPECT_EQ(b.Sys(0, G::ICC_HPPIR1_EL1), 1023u);
  EXPECT_FALSE(b.Active(40));
  EXPECT_EQ(b.Sys(0, G::ICC_HPPIR0_EL1), 40u);
  EXPECT_EQ(b.Sys(0, G::ICC_IAR0_EL1), 40u);
}

TEST(GicCpuInterface, HighestPriorityThenLowestIntidIsAcknowledgedFirst) {
  Bench b;
  b.EnableAll();
  b.ConfigureSpi(41, true, 0x60);
  b.ConfigureSpi(40, true, 0x60);
  b.ConfigureSpi(33, true, 0x70);
  b.ConfigurePrivate(0, 20, true, 0x60);
  for (unsigned i : {33u, 40u, 41u}) b.Pend(i);
  b.SetRedist(0, GICR_ISPENDR0, 1u << 20);
  EXPECT_EQ(b.Sys(0, G::ICC_HPPIR1_EL1), 20u);
  b.SetRedist(0, GICR_ICPENDR0, 1u << 20);
  EXPECT_EQ(b.Sys(0, G::ICC_HPPIR1_EL1), 40u);
}

TEST(GicCpuInterface, HppirShowsWithoutAcknowledging) {
  Bench b;
  b.EnableAll();
  b.ConfigureSpi(40, true, 0x80);
  b.Pend(40);
  EXPECT_EQ(b.Sys(0, G::ICC_HPPIR1_EL1), 40u);
  EXPECT_FALSE(b.Active(40));
  EXPECT_TRUE(b.pe(0).irq());
}

TEST(GicCpuInterface, PriorityFFIsNeverSignalled) {
  Bench b;
  b.EnableAll();
  b.ConfigureSpi(40, true, 0xFF);
  b.Pend(40);
  EXPECT_EQ(b.Sys(0, G::ICC_HPPIR1_EL1), 1023u);
  EXPECT_FALSE(b.pe(0).irq());
}

TEST(GicCpuInterface, RunningPriorityIsTheAcknowledgedGroupPriority) {
  Bench b;
  b.EnableAll();
  b.ConfigureSpi(40, true, 0x8C);
  b.Pend(40);
  b.Sys(0, G::ICC_IAR1_EL1);
  EXPECT_EQ(b.Sys(0, G::ICC_RPR_EL1), 0x88u);  // BPR1 = 3: group priority bits [7:3]
  EXPECT_EQ(b.Sys(0, G::ICC_AP1R0_EL1), 1u << (0x88 >> 3));
}

TEST(GicCpuInterface, EoiModeZeroDropsPriorityAndDeactivates) {
  Bench b;
  b.EnableAll();
  b.ConfigureSpi(40, true, 0x80);
  b.Pend(40);
  b.Sys(0, G::ICC_IAR1_EL1);
  b.SetSys(0, G::ICC_EOIR1_EL1, 40);
  EXPECT_FALSE(b.Active(40));
  EXPECT_EQ(b.Sys(0, G::ICC_RPR_EL1), 0xFFu);
  EXPECT_EQ(b.Sys(0, G::ICC_AP1R0_EL1), 0u);
}

TEST(GicCpuInterface, EoiModeOneOnlyDropsPriorityAndDirDeactivates) {
  Bench b;
  b.EnableAll();
  b.SetSys(0, G::ICC_CTLR_EL1, kCtlrEoiMode);
  b.ConfigureSpi(40, true, 0x80);
  b.Pend(40);
  b.Sys(0, G::ICC_IAR1_EL1);
  b.SetSys(0, G::ICC_EOIR1_EL1, 40);
  EXPECT_EQ(b.Sys(0, G::ICC_RPR_EL1), 0xFFu);
  EXPECT_TRUE(b.Active(40));
  b.SetSys(0, G::ICC_DIR_EL1, 40);
  EXPECT_FALSE(b.Active(40));
}

TEST(GicCpuInterface, DirIsIgnoredWithEoiModeZero) {
  Bench b;
  b.EnableAll();
  b.ConfigureSpi(40, true, 0x80);
  b.Pend(40);
  b.Sys(0, G::ICC_IAR1_EL1);
  b.SetSys(0, G::ICC_DIR_EL1, 40);
  EXPECT_TRUE(b.Active(40));
}

TEST(GicCpuInterface, EoiOfTheOtherGroupIsIgnored) {
  Bench b;
  b.EnableAll();
  b.ConfigureSpi(40, true, 0x80);
  b.Pend(40);
  b.Sys(0, G::ICC_IAR1_EL1);
  b.SetSys(0, G::ICC_EOIR0_EL1, 40);
  EXPECT_TRUE(b.Active(40));
  EXPECT_EQ(b.Sys(0, G::ICC_RPR_EL1), 0x80u);
}

TEST(GicCpuInterface, EoiOfASpecialIntidIsIgnored) {
  Bench b;
  b.EnableAll();
  b.ConfigureSpi(40, true, 0x80);
  b.Pend(40);
  b.Sys(0, G::ICC_IAR1_EL1);
  b.SetSys(0, G::ICC_EOIR1_EL1, 1023);
  EXPECT_EQ(b.Sys(0, G::ICC_RPR_EL1), 0x80u);
}

TEST(GicCpuInterface, HigherPriorityInterruptPreemptsTheActiveOne) {
  Bench b;
  b.EnableAll();
  b.ConfigureSpi(40, true, 0x80);
  b.ConfigureSpi(41, true, 0x40);
  b.ConfigureSpi(42, true, 0x80);
  b.Pend(40);
  b.Sys(0, G::ICC_IAR1_EL1);
  b.Pend(42);
  EXPECT_FALSE(b.pe(0).irq());  // same priority: no preemption
  EXPECT_EQ(b.Sys(0, G::ICC_IAR1_EL1), 1023u);
  b.Pend(41);
  EXPECT_TRUE(b.pe(0).irq());
  EXPECT_EQ(b.Sys(0, G::ICC_IAR1_EL1), 41u);
  EXPECT_EQ(b.Sys(0, G::ICC_RPR_EL1), 0x40u);
  b.SetSys(0, G::ICC_EOIR1_EL1, 41);
  EXPECT_EQ(b.Sys(0, G::ICC_RPR_EL1), 0x80u);
}

TEST(GicCpuInterface, PreemptionComparesOnlyGroupPriorityBits) {
  Bench b;
  b.EnableAll();
  b.SetSys(0, G::ICC_BPR1_EL1, 4);  // group priority bits [7:4]
  b.ConfigureSpi(40, true, 0x88);
  b.ConfigureSpi(41, true, 0x80);
  b.Pend(40);
  EXPECT_EQ(b.Sys(0, G::ICC_IAR1_EL1), 40u);
  EXPECT_EQ(b.Sys(0, G::ICC_RPR_EL1), 0x80u);
  b.Pend(41);
  EXPECT_FALSE(b.pe(0).irq());  // 0x80 < 0x88 only in a subpriority bit
  EXPECT_EQ(b.Sys(0, G::ICC_IAR1_EL1), 1023u);
}

TEST(GicCpuInterface, FinerBinaryPointLetsASubpriorityPreempt) {
  Bench b;
  b.EnableAll();
  b.ConfigureSpi(40, true, 0x88);
  b.ConfigureSpi(41, true, 0x80);
  b.Pend(40);
  b.Sys(0, G::ICC_IAR1_EL1);  // BPR1 = 3: running priority 0x88
  b.Pend(41);
  EXPECT_TRUE(b.pe(0).irq());
  EXPECT_EQ(b.Sys(0, G::ICC_IAR1_EL1), 41u);
}

TEST(GicCpuInterface, ActivePrioritiesRegistersSetTheRunningPriority) {
  Bench b;
  b.EnableAll();
  b.SetSys(0, G::ICC_AP0R0_EL1, 1u << 4);
  EXPECT_EQ(b.Sys(0, G::ICC_RPR_EL1), 0x20u);
  b.ConfigureSpi(40, true, 0x30);
  b.Pend(40);
  EXPECT_FALSE(b.pe(0).irq());
  b.SetSys(0, G::ICC_AP0R0_EL1, 0);
  EXPECT_TRUE(b.pe(0).irq());
}

TEST(GicCpuInterface, LevelInterruptIsPendingAgainAfterDeactivationWhileHigh) {
  Bench b;
  b.EnableAll();
  b.ConfigurePrivate(0, 30, true, 0x80);
  b.gic.SetPrivateInterrupt(0, 30, true);
  EXPECT_EQ(b.Sys(0, G::ICC_IAR1_EL1), 30u);
  EXPECT_FALSE(b.pe(0).irq());  // active and pending: not signalled
  b.SetSys(0, G::ICC_EOIR1_EL1, 30);
  EXPECT_TRUE(b.pe(0).irq());
  b.gic.SetPrivateInterrupt(0, 30, false);
  EXPECT_FALSE(b.pe(0).irq());
}

TEST(GicCpuInterface, LinesAreDrivenOnlyWhenTheirLevelChanges) {
  Bench b;
  b.EnableAll();
  b.ConfigureSpi(40, true, 0x80);
  b.ConfigureSpi(41, true, 0x80);
  const unsigned before = b.pe(0).calls;
  b.Pend(40);
  b.Pend(41);
  b.SetSys(0, G::ICC_PMR_EL1, 0xF0);
  EXPECT_EQ(b.pe(0).calls, before + 1);
}

TEST(GicCpuInterface, InterruptsReachOnlyTheirPe) {
  Bench b;
  b.EnableAll();
  b.ConfigurePrivate(1, 27, true, 0x80);
  b.gic.SetPrivateInterrupt(1, 27, true);
  EXPECT_TRUE(b.pe(1).irq());
  EXPECT_FALSE(b.pe(0).irq());
  EXPECT_EQ(b.Sys(0, G::ICC_IAR1_EL1), 1023u);
  EXPECT_EQ(b.Sys(1, G::ICC_IAR1_EL1), 27u);
}

TEST(GicCpuInterface, ResetRestoresTheCpuInterfaceButNotTheRedistributor) {
  Bench b;
  b.EnableAll();
  b.ConfigureSpi(40, true, 0x80);
  b.Pend(40);
  b.Sys(0, G::ICC_IAR1_EL1);
  b.gic.ResetCpuInterface(0);
  EXPECT_EQ(b.Sys(0, G::ICC_PMR_EL1), 0u);
  EXPECT_EQ(b.Sys(0, G::ICC_IGRPEN1_EL1), 0u);
  EXPECT_EQ(b.Sys(0, G::ICC_RPR_EL1), 0xFFu);
  EXPECT_TRUE(b.Active(40));
}

TEST(GicCpuInterface, ANewlyConnectedPeIsToldItsLines) {
  Bench b;
  b.EnableAll();
  b.ConfigureSpi(40, true, 0x80);
  b.Pend(40);
  FakePe late;
  b.gic.ConnectPe(0, late);
  EXPECT_TRUE(late.irq());
}

}  // namespace
}  // namespace mtesim::test::gic
