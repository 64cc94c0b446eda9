// The GICv2 distributor and CPU interface against IHI 0048B and QEMU 10's virt GIC
// (revision 2, 288 interrupts, no Security Extensions), one rule per test.
#include "tests/models/gicv2_test_bench.h"

#include "models/error.h"

using namespace gicv2_test;

// ---- identification and configuration ----

TEST(Gicv2, TyperReportsInterruptLinesAndCpuCount) {
  Bench four(4);
  EXPECT_EQ(four.D(GICD_TYPER), 0x68u);  // ITLinesNumber 8 (288 interrupts), CPUNumber 3
  Bench one(1);
  EXPECT_EQ(one.D(GICD_TYPER), 0x08u);
}

TEST(Gicv2, IidrRegistersIdentifyArmGicv2) {
  Bench b;
  EXPECT_EQ(b.D(GICD_IIDR), 0x43Bu);
  EXPECT_EQ(b.C(GICC_IIDR), 0x0002043Bu);
}

TEST(Gicv2, PeripheralAndComponentIdsMatchCortexA15Gic) {
  Bench b;
  EXPECT_EQ(b.D(0xFD0), 0x04u);  // PIDR4
  EXPECT_EQ(b.D(0xFE0), 0x90u);  // PIDR0
  EXPECT_EQ(b.D(0xFE4), 0xB4u);
  EXPECT_EQ(b.D(0xFE8), 0x2Bu);  // PIDR2: ArchRev 2
  EXPECT_EQ(b.D(0xFEC), 0x00u);
  EXPECT_EQ(b.D(0xFF0), 0x0Du);
  EXPECT_EQ(b.D(0xFF4), 0xF0u);
  EXPECT_EQ(b.D(0xFF8), 0x05u);
  EXPECT_EQ(b.D(0xFFC), 0xB1u);
}

TEST(Gicv2, RejectsMoreThanEightCpus) {
  EXPECT_THROW(Gicv2("gic_nine", 9, false), mtesim::Error);
}

TEST(Gicv2, ReportsVersionTwoAndNoSystemRegisterInterface) {
  Bench b;
  EXPECT_EQ(b.gic.version(), 2u);
  EXPECT_EQ(b.gic.CpuInterface(0), nullptr);
}

TEST(Gicv2, DistributorControlKeepsOnlyTheGroupEnables) {
  Bench b;
  b.WD(GICD_CTLR, 0xFFFFFFFF);
  EXPECT_EQ(b.D(GICD_CTLR), 3u);
}

TEST(Gicv2, CpuControlKeepsTheGicv2BitsWithoutSecurityExtensions) {
  Bench b;
  b.WC(GICC_CTLR, 0xFFFFFFFF);
  EXPECT_EQ(b.C(GICC_CTLR), 0x21Fu);  // EnableGrp0/1, AckCtl, FIQEn, CBPR, EOImode
}

TEST(Gicv2, BinaryPointRegistersClampToTheirMinimum) {
  Bench b;
  EXPECT_EQ(b.C(GICC_BPR), 0u);
  EXPECT_EQ(b.C(GICC_ABPR), 1u);
  b.WC(GICC_ABPR, 0);
  EXPECT_EQ(b.C(GICC_ABPR), 1u);
  b.WC(GICC_BPR, 0xF3);
  EXPECT_EQ(b.C(GICC_BPR), 3u);
}

TEST(Gicv2, AliasedAcknowledgeRegistersReadAsZero) {
  Bench b;
  b.EnableCpu(0);
  b.PendSpi(40, 0x10);
  EXPECT_EQ(b.C(GICC_AIAR), 0u);  // QEMU leaves GICC_AIAR/AEOIR/AHPPIR RAZ/WI
  EXPECT_TRUE(b.Pending(40));
}

// ---- MMIO decoding ----

TEST(Gicv2, AccessesOutsideTheDecodedFramesAreAddressErrors) {
  Bench b;
  uint32_t v = 0;
  EXPECT_EQ(b.Transport(Frame::D, tlm::TLM_READ_COMMAND, 0x1000, &v, 4, 0), tlm::TLM_ADDRESS_ERROR_RESPONSE);
  EXPECT_EQ(b.Transport(Frame::C, tlm::TLM_READ_COMMAND, 0x2000, &v, 4, 0), tlm::TLM_ADDRESS_ERROR_RESPONSE);
  EXPECT_EQ(b.Transport(Frame::D, tlm::TLM_READ_COMMAND, 0x102, &v, 4, 0), tlm::TLM_ADDRESS_ERROR_RESPONSE);
}

TEST(Gicv2, VirtualizationFramesAreAbsentWithoutTheExtensions) {
  Bench b(2, false);
  uint32_t v = 0;
  EXPECT_EQ(b.Transport(Frame::H, tlm::TLM_READ_COMMAND, GICH_VTR, &v, 4, 0), tlm::TLM_ADDRESS_ERROR_RESPONSE);
  EXPECT_EQ(b.Transport(Frame::V, tlm::TLM_READ_COMMAND, GICC_IIDR, &v, 4, 0), tlm::TLM_ADDRESS_ERROR_RESPONSE);
}

TEST(Gicv2, DistributorBytesReadAsLanesOfTheWord) {
  Bench b(4);
  EXPECT_EQ(b.Read(Frame::D, GICD_TYPER, 0, 1), 0x68u);
  EXPECT_EQ(b.Read(Frame::D, GICD_IIDR + 1, 0, 1), 0x04u);
  EXPECT_EQ(b.Read(Frame::D, GICD_ICFGR + 2, 0, 2), 0xAAAAu);
}

TEST(Gicv2, NarrowDistributorWriteChangesOnlyItsLanes) {
  Bench b;
  b.WD(GICD_IPRIORITYR + 32, 0x44332211);
  b.Write(Frame::D, GICD_IPRIORITYR + 34, 0xA0, 0, 1);
  EXPECT_EQ(b.D(GICD_IPRIORITYR + 32), 0x44A02211u);
}

TEST(Gicv2, DoublewordAccessIsTwoWords) {
  Bench b;
  uint64_t v = 0x8877665544332211ull;
  EXPECT_EQ(b.Transport(Frame::D, tlm::TLM_WRITE_COMMAND, GICD_IPRIORITYR + 40, &v, 8, 0), tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(b.D(GICD_IPRIORITYR + 40), 0x44332211u);
  EXPECT_EQ(b.D(GICD_IPRIORITYR + 44), 0x88776655u);
}

TEST(Gicv2, DebugReadOfIarDoesNotAcknowledge) {
  Bench b;
  b.EnableCpu(0);
  b.PendSpi(40, 0x10);
  uint32_t v = 0;
  tlm::tlm_generic_payload t;
  t.set_command(tlm::TLM_READ_COMMAND);
  t.set_address(GICC_IAR);
  t.set_data_ptr(reinterpret_cast<unsigned char*>(&v));
  t.set_data_length(4);
  EXPECT_EQ(b.bus.c->transport_dbg(t), 4u);
  EXPECT_EQ(v, kSpurious);
  EXPECT_EQ(b.C(GICC_IAR), 40u);
}

// ---- enable, pending, active ----

TEST(Gicv2, SgisAreAlwaysEnabledAndEdgeTriggered) {
  Bench b;
  b.WD(GICD_ICENABLER, 0xFFFFFFFF);
  b.WD(GICD_ICFGR, 0);
  EXPECT_EQ(b.D(GICD_ISENABLER) & 0xFFFF, 0xFFFFu);
  EXPECT_EQ(b.D(GICD_ICFGR), 0xAAAAAAAAu);
}

TEST(Gicv2, SetEnableAndClearEnableOfAnSpi) {
  Bench b;
  b.WD(GICD_ISENABLER + 4, 1u << 8);  // INTID 40
  EXPECT_EQ(b.D(GICD_ICENABLER + 4), 1u << 8);
  b.WD(GICD_ICENABLER + 4, 1u << 8);
  EXPECT_EQ(b.D(GICD_ISENABLER + 4), 0u);
}

TEST(Gicv2, PpiEnableIsBankedPerCpu) {
  Bench b;
  b.Enable(27, 0);
  EXPECT_TRUE(b.D(GICD_ISENABLER, 0) & (1u << 27));
  EXPECT_FALSE(b.D(GICD_ISENABLER, 1) & (1u << 27));
}

TEST(Gicv2, SetPendingAndClearPendingOfAnSpi) {
  Bench b;
  b.SetTarget(40, 1);
  b.SetPending(40);
  EXPECT_TRUE(b.Pending(40));
  b.WD(Bench::BitRegister(GICD_ICPENDR, 40), Bench::Bit(40));
  EXPECT_FALSE(b.Pending(40));
}

TEST(Gicv2, SetPendingOfAnSpiWithoutTargetsHasNoEffect) {
  Bench b;  // QEMU latches a software-pended SPI on its target CPUs; there are none
  b.SetPending(40);
  EXPECT_FALSE(b.Pending(40));
}

TEST(Gicv2, SetPendingOfAPpiIsBankedPerCpu) {
  Bench b;
  b.SetPending(20, 1);
  EXPECT_TRUE(b.Pending(20, 1));
  EXPECT_FALSE(b.Pending(20, 0));
}

TEST(Gicv2, ClearPendingOfAPpiClearsItOnEveryCpu) {
  Bench b;  // QEMU's GICD_ICPENDR is not banked
  b.SetPending(20, 0);
  b.SetPending(20, 1);
  b.WD(GICD_ICPENDR, 1u << 20, 0);
  EXPECT_FALSE(b.Pending(20, 1));
}

TEST(Gicv2, SgiPendingCannotBeSetOrClearedThroughPendRegisters) {
  Bench b;
  b.WD(GICD_ISPENDR, 0xFFFF);
  EXPECT_EQ(b.D(GICD_ISPENDR) & 0xFFFF, 0u);
  b.WD(GICD_SGIR, (2u << 24) | 4);  // SGI 4 to self
  b.WD(GICD_ICPENDR, 0xFFFF);
  EXPECT_TRUE(b.Pending(4));
}

TEST(Gicv2, SetActiveAndClearActive) {
  Bench b;
  b.WD(GICD_ISACTIVER + 4, 1u << 8);
  EXPECT_TRUE(b.Active(40));
  b.WD(GICD_ICACTIVER + 4, 1u << 8);
  EXPECT_FALSE(b.Active(40));
}

TEST(Gicv2, ActiveInterruptIsNotSignalledAgain) {
  Bench b;
  b.EnableCpu(0);
  b.WD(GICD_ISACTIVER + 4, 1u << 8);
  b.PendSpi(40, 0x10);
  EXPECT_FALSE(b.pe[0].irq());
  b.WD(GICD_ICACTIVER + 4, 1u << 8);
  EXPECT_TRUE(b.pe[0].irq());
}

TEST(Gicv2, DisabledInterruptIsNotSignalled) {
  Bench b;
  b.EnableCpu(0);
  b.SetTarget(40, 1);
  b.SetPending(40);
  EXPECT_FALSE(b.pe[0].irq());
  b.Enable(40);
  EXPECT_TRUE(b.pe[0].irq());
}

// ---- priorities, targets, groups, configuration ----

TEST(Gicv2, AllEightPriorityBitsAreImplemented) {
  Bench b;
  b.SetPriority(40, 0xFF);
  EXPECT_EQ(b.Read(Frame::D, GICD_IPRIORITYR + 40, 0, 1), 0xFFu);
  b.WC(GICC_PMR, 0xFF);
  EXPECT_EQ(b.C(GICC_PMR), 0xFFu);
}

TEST(Gicv2, PrivatePrioritiesAreBankedSpiPrioritiesShared) {
  Bench b;
  b.SetPriority(27, 0x50, 1);
  b.SetPriority(40, 0x60, 1);
  EXPECT_EQ(b.Read(Frame::D, GICD_IPRIORITYR + 27, 0, 1), 0u);
  EXPECT_EQ(b.Read(Frame::D, GICD_IPRIORITYR + 40, 0, 1), 0x60u);
}

TEST(Gicv2, TargetsOfPrivateInterruptsReadAsTheAccessingCpu) {
  Bench b(4);
  EXPECT_EQ(b.D(GICD_ITARGETSR, 2), 0x04040404u);
  EXPECT_EQ(b.D(GICD_ITARGETSR + 28, 1), 0x02020202u);
  b.WD(GICD_ITARGETSR + 16, 0x0F0F0F0F, 1);  // read-only
  EXPECT_EQ(b.D(GICD_ITARGETSR + 16, 1), 0x02020202u);
}

TEST(Gicv2, SpiTargetsReadBackAsWritten) {
  Bench b(4);
  b.WD(GICD_ITARGETSR + 32, 0x80040201);
  EXPECT_EQ(b.D(GICD_ITARGETSR + 32), 0x80040201u);
}

TEST(Gicv2, TargetsAreRazWiOnAUniprocessorGic) {
  Bench b(1);
  b.WD(GICD_ITARGETSR + 32, 0x02020202);
  EXPECT_EQ(b.D(GICD_ITARGETSR + 32), 0u);
  EXPECT_EQ(b.D(GICD_ITARGETSR), 0u);
  b.EnableCpu(0);
  b.Enable(40);
  b.SetPending(40);  // still routed to the only CPU
  EXPECT_TRUE(b.pe[0].irq());
}

TEST(Gicv2, SpiIsSignalledOnlyToItsTargetCpu) {
  Bench b(2);
  b.EnableCpu(0);
  b.EnableCpu(1);
  b.PendSpi(40, 0x10, 0x2);
  EXPECT_FALSE(b.pe[0].irq());
  EXPECT_TRUE(b.pe[1].irq());
  EXPECT_EQ(b.C(GICC_IAR, 1), 40u);
}

TEST(Gicv2, AssertedSpiInputIsSignalledOnlyToItsTargetCpu) {
  Bench b(2);
  b.EnableCpu(0);
  b.EnableCpu(1);
  b.SetTarget(40, 0x2);
  b.Enable(40);
  b.gic.SetSharedInterrupt(40, true);
  EXPECT_FALSE(b.pe[0].irq());
  EXPECT_TRUE(b.pe[1].irq());
}

TEST(Gicv2, RetargetingAPendingSpiMovesItsPendingState) {
  Bench b(2);
  b.EnableCpu(0);
  b.EnableCpu(1);
  b.PendSpi(40, 0x10, 0x1);
  EXPECT_TRUE(b.pe[0].irq());
  b.SetTarget(40, 0x2);
  EXPECT_FALSE(b.pe[0].irq());
  EXPECT_TRUE(b.pe[1].irq());
}

TEST(Gicv2, SpiPendingOnTwoTargetsStaysPendingOnTheOtherAfterAnAcknowledge) {
  Bench b(2);  // QEMU's GICv2 keeps an SPI's pending state per target CPU
  b.EnableCpu(0);
  b.EnableCpu(1);
  b.PendSpi(40, 0x10, 0x3);
  EXPECT_EQ(b.C(GICC_IAR, 0), 40u);
  EXPECT_TRUE(b.pe[1].irq());
}

TEST(Gicv2, PrivateGroupsAreBankedSpiGroupsShared) {
  Bench b;
  b.WD(GICD_IGROUPR, 0xFFFFFFFF, 1);
  b.WD(GICD_IGROUPR + 4, 0x00000100, 1);
  EXPECT_EQ(b.D(GICD_IGROUPR, 0), 0u);
  EXPECT_EQ(b.D(GICD_IGROUPR, 1), 0xFFFFFFFFu);
  EXPECT_EQ(b.D(GICD_IGROUPR + 4, 0), 0x100u);
}

TEST(Gicv2, RegistersBeyondTheLastInterruptAreRazWi) {
  Bench b;
  b.WD(GICD_ISENABLER + 4 * 9, 0xFFFFFFFF);  // INTIDs 288..319
  EXPECT_EQ(b.D(GICD_ISENABLER + 4 * 9), 0u);
  b.WD(GICD_IPRIORITYR + 288, 0xFFFFFFFF);
  EXPECT_EQ(b.D(GICD_IPRIORITYR + 288), 0u);
}

// ---- level-sensitive and edge-triggered inputs ----

TEST(Gicv2, LevelSensitiveSpiIsPendingOnlyWhileItsLineIsHigh) {
  Bench b;
  b.SetTarget(40, 1);
  b.gic.SetSharedInterrupt(40, true);
  EXPECT_TRUE(b.Pending(40));
  b.gic.SetSharedInterrupt(40, false);
  EXPECT_FALSE(b.Pending(40));
}

TEST(Gicv2, LevelSensitiveSpiStaysPendingAfterAcknowledgeWhileHigh) {
  Bench b;
  b.EnableCpu(0);
  b.SetTarget(40, 1);
  b.SetPriority(40, 0x10);
  b.Enable(40);
  b.gic.SetSharedInterrupt(40, true);
  EXPECT_EQ(b.C(GICC_IAR), 40u);
  EXPECT_TRUE(b.Active(40));
  EXPECT_TRUE(b.Pending(40));
}

TEST(Gicv2, ClearPendingCannotClearAHighLevelSensitiveInput) {
  Bench b;
  b.SetTarget(40, 1);
  b.gic.SetSharedInterrupt(40, true);
  b.WD(Bench::BitRegister(GICD_ICPENDR, 40), Bench::Bit(40));
  EXPECT_TRUE(b.Pending(40));
}

TEST(Gicv2, EdgeTriggeredSpiLatchesARisingEdge) {
  Bench b;
  b.SetEdge(40);
  b.SetTarget(40, 1);
  b.gic.SetSharedInterrupt(40, true);
  b.gic.SetSharedInterrupt(40, false);
  EXPECT_TRUE(b.Pending(40));
}

TEST(Gicv2, EdgeTriggeredSpiAcknowledgeClearsPendingEvenWithLineHigh) {
  Bench b;
  b.EnableCpu(0);
  b.SetEdge(40);
  b.SetTarget(40, 1);
  b.SetPriority(40, 0x10);
  b.Enable(40);
  b.gic.SetSharedInterrupt(40, true);
  EXPECT_EQ(b.C(GICC_IAR), 40u);
  EXPECT_FALSE(b.Pending(40));
}

TEST(Gicv2, PpiInputReachesOnlyItsCpu) {
  Bench b;
  b.EnableCpu(0);
  b.EnableCpu(1);
  b.Enable(30, 0);
  b.Enable(30, 1);
  b.gic.SetPrivateInterrupt(1, 30, true);
  EXPECT_FALSE(b.pe[0].irq());
  EXPECT_TRUE(b.pe[1].irq());
  EXPECT_EQ(b.C(GICC_IAR, 1), 30u);
}

TEST(Gicv2, InputsOutsideTheirRangeAreRejected) {
  Bench b;
  EXPECT_THROW(b.gic.SetSharedInterrupt(288, true), mtesim::Error);
  EXPECT_THROW(b.gic.SetSharedInterrupt(31, true), mtesim::Error);
  EXPECT_THROW(b.gic.SetPrivateInterrupt(0, 15, true), mtesim::Error);
  EXPECT_THROW(b.gic.SetPrivateInterrupt(2, 27, true), mtesim::Error);
}

// ---- signalling ----

TEST(Gicv2, NothingIsSignalledUntilDistributorAndCpuInterfaceAreEnabled) {
  Bench b;
  b.WC(GICC_PMR, 0xFF);
  b.PendSpi(40, 0x10);
  b.WC(GICC_CTLR, 1);
  EXPECT_FALSE(b.pe[0].irq());
  EXPECT_EQ(b.C(GICC_HPPIR), kSpurious);
  b.WD(GICD_CTLR, 1);
  EXPECT_TRUE(b.pe[0].irq());
}

TEST(Gicv2, LineOutputChangesOnlyWhenItsLevelChanges) {
  Bench b;
  b.EnableCpu(0);
  b.PendSpi(40, 0x10);
  const unsigned calls = b.pe[0].calls;
  b.SetPriority(41, 0x20);  // unrelated change
  b.PendSpi(42, 0x30);
  EXPECT_EQ(b.pe[0].calls, calls);
  EXPECT_TRUE(b.pe[0].irq());
}

TEST(Gicv2, PriorityMaskHidesInterruptsOfEqualOrLowerPriority) {
  Bench b;
  b.EnableCpu(0);
  b.PendSpi(40, 0x80);
  b.WC(GICC_PMR, 0x80);
  EXPECT_FALSE(b.pe[0].irq());
  EXPECT_EQ(b.C(GICC_HPPIR), kSpurious);
  EXPECT_EQ(b.C(GICC_IAR), kSpurious);
  b.WC(GICC_PMR, 0x81);
  EXPECT_TRUE(b.pe[0].irq());
}

TEST(Gicv2, HighestPriorityWinsAndTiesGoToTheLowestIntid) {
  Bench b;
  b.EnableCpu(0);
  b.PendSpi(45, 0x40);
  b.PendSpi(41, 0x20);
  b.PendSpi(43, 0x20);
  EXPECT_EQ(b.C(GICC_HPPIR), 41u);
}

TEST(Gicv2, AcknowledgeMakesActiveAndRaisesRunningPriority) {
  Bench b;
  b.EnableCpu(0);
  b.PendSpi(40, 0x44);
  EXPECT_EQ(b.C(GICC_RPR), 0xFFu);  // idle
  EXPECT_EQ(b.C(GICC_IAR), 40u);
  EXPECT_EQ(b.C(GICC_RPR), 0x44u);
  EXPECT_TRUE(b.Active(40));
  EXPECT_FALSE(b.Pending(40));
  EXPECT_FALSE(b.pe[0].irq());
}

TEST(Gicv2, IarReadsSpuriousWhenNothingIsPending) {
  Bench b;
  b.EnableCpu(0);
  EXPECT_EQ(b.C(GICC_IAR), kSpurious);
  EXPECT_EQ(b.C(GICC_HPPIR), kSpurious);
}

TEST(Gicv2, HigherPriorityInterruptPreemptsTheActiveOne) {
  Bench b;
  b.EnableCpu(0);
  b.PendSpi(40, 0x80);
  EXPECT_EQ(b.C(GICC_IAR), 40u);
  b.PendSpi(41, 0x80);
  EXPECT_FALSE(b.pe[0].irq());
  EXPECT_EQ(b.C(GICC_IAR), kSpurious);  // same priority cannot preempt
  b.PendSpi(42, 0x40);
  EXPECT_TRUE(b.pe[0].irq());
  EXPECT_EQ(b.C(GICC_IAR), 42u);
}

TEST(Gicv2, BinaryPointLimitsPreemptionToGroupPriority) {
  Bench b;
  b.EnableCpu(0);
  b.WC(GICC_BPR, 3);  // group priority bits [7:4]
  b.PendSpi(40, 0x48);
  EXPECT_EQ(b.C(GICC_IAR), 40u);
  EXPECT_EQ(b.C(GICC_RPR), 0x40u);
  b.PendSpi(41, 0x44);  // same group priority 0x40
  EXPECT_FALSE(b.pe[0].irq());
  b.PendSpi(42, 0x3F);
  EXPECT_TRUE(b.pe[0].irq());
}

TEST(Gicv2, FinerBinaryPointAllowsPreemptionWithinTheGroup) {
  Bench b;
  b.EnableCpu(0);
  b.PendSpi(40, 0x48);  // BPR 0: group priority bits [7:1]
  EXPECT_EQ(b.C(GICC_IAR), 40u);
  b.PendSpi(41, 0x44);
  EXPECT_TRUE(b.pe[0].irq());
}

TEST(Gicv2, Group1UsesTheAliasedBinaryPointUnlessCbpr) {
  Bench b;
  b.EnableCpu(0, 3 | (1u << 2));  // AckCtl
  b.WC(GICC_ABPR, 4);             // group 1 priority bits [7:4]
  b.SetGroup1(40);
  b.PendSpi(40, 0x48);
  EXPECT_EQ(b.C(GICC_IAR), 40u);
  EXPECT_EQ(b.C(GICC_RPR), 0x40u);
}

TEST(Gicv2, EndOfInterruptDropsPriorityAndDeactivates) {
  Bench b;
  b.EnableCpu(0);
  b.PendSpi(40, 0x44);
  b.WC(GICC_EOIR, b.C(GICC_IAR));
  EXPECT_EQ(b.C(GICC_RPR), 0xFFu);
  EXPECT_FALSE(b.Active(40));
}

TEST(Gicv2, NestedEndOfInterruptRestoresThePreemptedPriority) {
  Bench b;
  b.EnableCpu(0);
  b.PendSpi(40, 0x80);
  EXPECT_EQ(b.C(GICC_IAR), 40u);
  b.PendSpi(41, 0x40);
  EXPECT_EQ(b.C(GICC_IAR), 41u);
  b.WC(GICC_EOIR, 41);
  EXPECT_EQ(b.C(GICC_RPR), 0x80u);
}

TEST(Gicv2, EndOfInterruptWithNothingActiveIsIgnored) {
  Bench b;
  b.WD(GICD_ISACTIVER + 4, 1u << 8);
  b.WC(GICC_EOIR, 40);
  EXPECT_TRUE(b.Active(40));
}

TEST(Gicv2, EoiModeSplitsPriorityDropFromDeactivation) {
  Bench b;
  b.EnableCpu(0, 1 | (1u << 9));
  b.PendSpi(40, 0x44);
  b.WC(GICC_EOIR, b.C(GICC_IAR));
  EXPECT_EQ(b.C(GICC_RPR), 0xFFu);
  EXPECT_TRUE(b.Active(40));
  b.WC(GICC_DIR, 40);
  EXPECT_FALSE(b.Active(40));
}

TEST(Gicv2, DeactivateIsIgnoredWithoutEoiMode) {
  Bench b;
  b.EnableCpu(0);
  b.PendSpi(40, 0x44);
  EXPECT_EQ(b.C(GICC_IAR), 40u);
  b.WC(GICC_DIR, 40);
  EXPECT_TRUE(b.Active(40));
}

TEST(Gicv2, Group1InterruptReads1022WithoutAckCtl) {
  Bench b;
  b.EnableCpu(0);
  b.SetGroup1(40);
  b.PendSpi(40, 0x10);
  EXPECT_EQ(b.C(GICC_HPPIR), 1022u);
  EXPECT_EQ(b.C(GICC_IAR), 1022u);
  b.WC(GICC_CTLR, 3 | (1u << 2));
  EXPECT_EQ(b.C(GICC_IAR), 40u);
}

TEST(Gicv2, FiqEnSignalsGroup0AsFiq) {
  Bench b;
  b.EnableCpu(0, 3 | (1u << 3));
  b.PendSpi(40, 0x10);
  EXPECT_TRUE(b.pe[0].fiq());
  EXPECT_FALSE(b.pe[0].irq());
}

TEST(Gicv2, Group1IsSignalledAsIrqEvenWithFiqEn) {
  Bench b;
  b.EnableCpu(0, 3 | (1u << 3));
  b.SetGroup1(40);
  b.PendSpi(40, 0x10);
  EXPECT_TRUE(b.pe[0].irq());
  EXPECT_FALSE(b.pe[0].fiq());
}

TEST(Gicv2, GroupDisabledInTheCpuInterfaceIsNotSignalled) {
  Bench b;
  b.EnableCpu(0, 1);  // EnableGrp0 only
  b.SetGroup1(40);
  b.PendSpi(40, 0x10);
  EXPECT_FALSE(b.pe[0].irq());
  EXPECT_FALSE(b.pe[0].fiq());
}

TEST(Gicv2, GroupDisabledInTheDistributorIsNotSignalled) {
  Bench b;
  b.EnableCpu(0);
  b.WD(GICD_CTLR, 1);  // EnableGrp0 only
  b.SetGroup1(40);
  b.PendSpi(40, 0x10);
  EXPECT_FALSE(b.pe[0].irq());
}

TEST(Gicv2, ActivePriorityRegistersRecordPreemptionLevels) {
  Bench b;
  b.EnableCpu(0, 3 | (1u << 2));
  b.PendSpi(40, 0x40);  // level 0x20: GICC_APR1 bit 0
  EXPECT_EQ(b.C(GICC_IAR), 40u);
  EXPECT_EQ(b.C(GICC_APR0 + 4), 1u);
  b.SetGroup1(41);
  b.PendSpi(41, 0x10);  // group 1, level 8: GICC_NSAPR0 bit 8
  EXPECT_EQ(b.C(GICC_IAR), 41u);
  EXPECT_EQ(b.C(GICC_NSAPR0), 1u << 8);
}

TEST(Gicv2, WritingActivePrioritiesSetsTheRunningPriority) {
  Bench b;
  b.WC(GICC_APR0, 1u << 4);
  EXPECT_EQ(b.C(GICC_RPR), 0x08u);
  b.WC(GICC_APR0, 0);
  EXPECT_EQ(b.C(GICC_RPR), 0xFFu);
}

// ---- software-generated interrupts ----

TEST(Gicv2, AcknowledgeOfAnSgiReportsItsSourceCpu) {
  Bench b(4);
  b.EnableCpu(0);
  b.WD(GICD_SGIR, (1u << 16) | 3, 2);  // CPU 2 sends SGI 3 to CPU 0
  EXPECT_TRUE(b.pe[0].irq());
  EXPECT_EQ(b.C(GICC_IAR), 3u | (2u << 10));
}

TEST(Gicv2, SgiTargetFilterAllButSelf) {
  Bench b(3);
  b.WD(GICD_SGIR, (1u << 24) | 7, 1);
  EXPECT_TRUE(b.Pending(7, 0));
  EXPECT_FALSE(b.Pending(7, 1));
  EXPECT_TRUE(b.Pending(7, 2));
}

TEST(Gicv2, SgiTargetFilterSelfOnly) {
  Bench b(3);
  b.WD(GICD_SGIR, (2u << 24) | (0x7u << 16) | 7, 1);  // the list is ignored
  EXPECT_FALSE(b.Pending(7, 0));
  EXPECT_TRUE(b.Pending(7, 1));
  EXPECT_FALSE(b.Pending(7, 2));
}

TEST(Gicv2, SgiToAbsentCpusIsIgnored) {
  Bench b(2);
  b.EnableCpu(0);
  b.EnableCpu(1);
  b.WD(GICD_SGIR, (0xFCu << 16) | 1);
  EXPECT_FALSE(b.pe[0].irq());
  EXPECT_FALSE(b.pe[1].irq());
  EXPECT_FALSE(b.Pending(1, 0));
  EXPECT_FALSE(b.Pending(1, 1));
}

TEST(Gicv2, SgirIsOnlyWrittenAsAWord) {
  Bench b;
  b.Write(Frame::D, GICD_SGIR + 2, 0x01, 0, 1);  // target list byte: CPU 0
  b.Write(Frame::D, GICD_SGIR, 0x0001, 0, 2);
  EXPECT_FALSE(b.Pending(1));
}

TEST(Gicv2, SgiFromTwoSourcesIsAcknowledgedOncePerSource) {
  Bench b(3);
  b.EnableCpu(0);
  b.WD(GICD_SGIR, (1u << 16) | 5, 2);
  b.WD(GICD_SGIR, (1u << 16) | 5, 1);
  EXPECT_EQ(b.C(GICC_IAR), 5u | (1u << 10));
  EXPECT_TRUE(b.Pending(5));  // still pending from CPU 2
  b.WC(GICC_EOIR, 5u | (1u << 10));
  EXPECT_EQ(b.C(GICC_IAR), 5u | (2u << 10));
  EXPECT_FALSE(b.Pending(5));
}

TEST(Gicv2, SpendsgirShowsAndSetsSgiSources) {
  Bench b(4);
  b.WD(GICD_SGIR, (1u << 16) | 6, 3);  // SGI 6 from CPU 3
  EXPECT_EQ(b.D(GICD_SPENDSGIR + 4), 0x08u << 16);
  b.Write(Frame::D, GICD_SPENDSGIR + 9, 0x02, 0, 1);  // SGI 9 from CPU 1
  EXPECT_TRUE(b.Pending(9));
  EXPECT_EQ(b.D(GICD_CPENDSGIR + 8), 0x02u << 8);
}

TEST(Gicv2, CpendsgirClearsSourcesAndPendingWithTheLast) {
  Bench b(4);
  b.WD(GICD_SGIR, (1u << 16) | 6, 3);
  b.WD(GICD_SGIR, (1u << 16) | 6, 2);
  b.Write(Frame::D, GICD_CPENDSGIR + 6, 0x08, 0, 1);
  EXPECT_TRUE(b.Pending(6));
  b.Write(Frame::D, GICD_CPENDSGIR + 6, 0x04, 0, 1);
  EXPECT_FALSE(b.Pending(6));
  EXPECT_EQ(b.D(GICD_SPENDSGIR + 4), 0u);
}

TEST(Gicv2, SgiSourcesAreBankedPerTargetCpu) {
  Bench b(2);
  b.WD(GICD_SGIR, (2u << 16) | 2, 0);  // SGI 2 from CPU 0 to CPU 1
  EXPECT_EQ(b.D(GICD_SPENDSGIR, 1), 0x01u << 16);
  EXPECT_EQ(b.D(GICD_SPENDSGIR, 0), 0u);
}

TEST(Gicv2, ConnectingAPeReplaysItsRaisedLines) {
  Bench b(2);
  b.EnableCpu(1);
  b.WD(GICD_SGIR, (2u << 16) | 2, 0);
  FakePe late;
  b.gic.ConnectPe(1, late);
  EXPECT_TRUE(late.irq());
}
