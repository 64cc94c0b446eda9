// The GICv2 Virtualization Extensions (GICH, GICV, maintenance interrupt) against
// IHI 0048B chapter 5 and QEMU 10's virt GIC with virtualization=on, one rule per test.
#include "tests/models/gicv2_test_bench.h"

using namespace gicv2_test;

namespace {

constexpr uint32_t kHcrEn = 1;
constexpr unsigned kMaintenancePpi = 25;

// A GIC with the extensions whose virtual interface on `cpu` is on for both groups
// (GICH_HCR.En, GICV_CTLR.EnableGrp0/1) with no virtual priority masking.
struct VirtBench : Bench {
  explicit VirtBench(unsigned cpus = 2) : Bench(cpus, true) {}
  uint32_t H(uint64_t offset, unsigned cpu = 0) { return Read(Frame::H, offset, cpu); }
  uint32_t V(uint64_t offset, unsigned cpu = 0) { return Read(Frame::V, offset, cpu); }
  void WH(uint64_t offset, uint32_t value, unsigned cpu = 0) { Write(Frame::H, offset, value, cpu); }
  void WV(uint64_t offset, uint32_t value, unsigned cpu = 0) { Write(Frame::V, offset, value, cpu); }
  void EnableVirtual(unsigned cpu = 0, uint32_t gicv_ctlr = 3) {
    WH(GICH_HCR, kHcrEn, cpu);
    WV(GICC_CTLR, gicv_ctlr, cpu);
    WV(GICC_PMR, 0xFF, cpu);
  }
  void SetLr(unsigned n, uint32_t value, unsigned cpu = 0) { WH(GICH_LR0 + 4 * n, value, cpu); }
  uint32_t Lr(unsigned n, unsigned cpu = 0) { return H(GICH_LR0 + 4 * n, cpu); }
  // Whether the maintenance interrupt is asserted on `cpu` (PPI 25 pending there).
  bool Maintenance(unsigned cpu = 0) { return Pending(kMaintenancePpi, cpu); }
};

uint32_t State(uint32_t lr) { return (lr >> 28) & 3; }

}  // namespace

// ---- identification and configuration ----

TEST(Gicv2Virtualization, VtrReportsFourListRegistersAndFivePriorityBits) {
  VirtBench b;
  EXPECT_EQ(b.H(GICH_VTR), 0x90000003u);
}

TEST(Gicv2Virtualization, VirtualCpuInterfaceIdentifiesAsGicv2) {
  VirtBench b;
  EXPECT_EQ(b.V(GICC_IIDR), 0x0002043Bu);
}

TEST(Gicv2Virtualization, ResetStateHasEveryListRegisterEmpty) {
  VirtBench b;
  EXPECT_EQ(b.H(GICH_HCR), 0u);
  EXPECT_EQ(b.H(GICH_ELRSR0), 0xFu);
  EXPECT_EQ(b.H(GICH_ELRSR0 + 4), 0u);
  EXPECT_EQ(b.H(GICH_EISR0), 0u);
  EXPECT_EQ(b.H(GICH_MISR), 0u);
  EXPECT_EQ(b.H(GICH_VMCR), (2u << 21) | (3u << 18));  // BPR 2, ABPR 3
}

TEST(Gicv2Virtualization, ListRegisterReservedBitsReadAsZero) {
  VirtBench b;
  b.SetLr(0, 0xFFFFFFFF);
  EXPECT_EQ(b.Lr(0), 0xFF8FFFFFu);
}

TEST(Gicv2Virtualization, HypControlKeepsItsDefinedFields) {
  VirtBench b;
  b.WH(GICH_HCR, 0xFFFFFFFF);
  EXPECT_EQ(b.H(GICH_HCR), 0xF80000FFu);
}

TEST(Gicv2Virtualization, VmcrIsTheHypervisorViewOfTheVirtualCpuInterface) {
  VirtBench b;
  b.WH(GICH_VMCR, 0x3FF | (0x1Fu << 27));  // binary points 0: clamped to 3 and 2
  EXPECT_EQ(b.V(GICC_CTLR), 0x21Fu);
  EXPECT_EQ(b.V(GICC_PMR), 0xF8u);
  EXPECT_EQ(b.V(GICC_BPR), 2u);
  EXPECT_EQ(b.V(GICC_ABPR), 3u);
  b.WV(GICC_PMR, 0x40);
  EXPECT_EQ(b.H(GICH_VMCR), 0x21Fu | (3u << 18) | (2u << 21) | (0x08u << 27));
}

TEST(Gicv2Virtualization, VirtualPriorityMaskHasFiveBits) {
  VirtBench b;
  b.WV(GICC_PMR, 0xFF);
  EXPECT_EQ(b.V(GICC_PMR), 0xF8u);
}

TEST(Gicv2Virtualization, HypInterfaceIsBankedPerCpu) {
  VirtBench b;
  b.EnableVirtual(1);
  b.SetLr(0, ListRegister(33, 0x40, kLrPending), 1);
  EXPECT_EQ(b.Lr(0, 0), 0u);
  EXPECT_TRUE(b.pe[1].virq());
  EXPECT_FALSE(b.pe[0].virq());
}

// ---- injecting virtual interrupts ----

TEST(Gicv2Virtualization, PendingListRegisterRaisesVirq) {
  VirtBench b;
  b.EnableVirtual();
  b.SetLr(0, ListRegister(33, 0x40, kLrPending));
  EXPECT_TRUE(b.pe[0].virq());
  EXPECT_FALSE(b.pe[0].irq());
}

TEST(Gicv2Virtualization, VirqNeedsTheVirtualInterfaceEnabledInGichHcr) {
  VirtBench b;
  b.EnableVirtual();
  b.WH(GICH_HCR, 0);
  b.SetLr(0, ListRegister(33, 0x40, kLrPending));
  EXPECT_FALSE(b.pe[0].virq());
  EXPECT_EQ(b.V(GICC_IAR), kSpurious);
}

TEST(Gicv2Virtualization, VirqNeedsTheVirtualCpuInterfaceEnabled) {
  VirtBench b;
  b.EnableVirtual(0, 0);
  b.SetLr(0, ListRegister(33, 0x40, kLrPending));
  EXPECT_FALSE(b.pe[0].virq());
}

TEST(Gicv2Virtualization, VirtualPriorityMaskHidesListRegisters) {
  VirtBench b;
  b.EnableVirtual();
  b.WV(GICC_PMR, 0x40);
  b.SetLr(0, ListRegister(33, 0x40, kLrPending));
  EXPECT_FALSE(b.pe[0].virq());
  b.WV(GICC_PMR, 0x48);
  EXPECT_TRUE(b.pe[0].virq());
}

TEST(Gicv2Virtualization, HighestPriorityListRegisterIsPresented) {
  VirtBench b;
  b.EnableVirtual();
  b.SetLr(0, ListRegister(33, 0x60, kLrPending));
  b.SetLr(1, ListRegister(34, 0x20, kLrPending));
  b.SetLr(2, ListRegister(35, 0x40, kLrPending));
  EXPECT_EQ(b.V(GICC_HPPIR), 34u);
}

TEST(Gicv2Virtualization, AcknowledgeThroughGicvMakesTheListRegisterActive) {
  VirtBench b;
  b.EnableVirtual();
  b.SetLr(0, ListRegister(33, 0x40, kLrPending));
  EXPECT_EQ(b.V(GICC_IAR), 33u);
  EXPECT_EQ(State(b.Lr(0)), 2u);  // active
  EXPECT_EQ(b.V(GICC_RPR), 0x40u);
  EXPECT_FALSE(b.pe[0].virq());
}

TEST(Gicv2Virtualization, AcknowledgedVirtualSgiReportsTheListRegisterCpuId) {
  VirtBench b;
  b.EnableVirtual();
  b.SetLr(0, ListRegister(2, 0x40, kLrPending | (3u << 10)));
  EXPECT_EQ(b.V(GICC_IAR), 2u | (3u << 10));
}

TEST(Gicv2Virtualization, Group0WithFiqEnRaisesVfiq) {
  VirtBench b;
  b.EnableVirtual(0, 3 | (1u << 3));
  b.SetLr(0, ListRegister(33, 0x40, kLrPending));
  EXPECT_TRUE(b.pe[0].vfiq());
  EXPECT_FALSE(b.pe[0].virq());
}

TEST(Gicv2Virtualization, Group1ListRegisterReads1022WithoutAckCtl) {
  VirtBench b;
  b.EnableVirtual();
  b.SetLr(0, ListRegister(33, 0x40, kLrPending | kLrGroup1));
  EXPECT_TRUE(b.pe[0].virq());
  EXPECT_EQ(b.V(GICC_IAR), 1022u);
  b.WV(GICC_CTLR, 3 | (1u << 2));
  EXPECT_EQ(b.V(GICC_IAR), 33u);
}

TEST(Gicv2Virtualization, ActiveVirtualPriorityIsRecordedInGichApr) {
  VirtBench b;
  b.EnableVirtual();
  b.SetLr(0, ListRegister(33, 0x40, kLrPending));
  EXPECT_EQ(b.V(GICC_IAR), 33u);
  EXPECT_EQ(b.H(GICH_APR), 1u << 8);  // preemption level 0x40 >> 3
  EXPECT_EQ(b.V(GICC_APR0), 1u << 8);
}

TEST(Gicv2Virtualization, WritingGichAprSetsTheVirtualRunningPriority) {
  VirtBench b;
  b.WH(GICH_APR, 1u << 2);
  EXPECT_EQ(b.V(GICC_RPR), 0x10u);
}

TEST(Gicv2Virtualization, OnlyAHigherPriorityVirtualInterruptPreempts) {
  VirtBench b;
  b.EnableVirtual();
  b.SetLr(0, ListRegister(33, 0x40, kLrPending));
  EXPECT_EQ(b.V(GICC_IAR), 33u);
  b.SetLr(1, ListRegister(34, 0x50, kLrPending));
  EXPECT_FALSE(b.pe[0].virq());
  b.SetLr(2, ListRegister(35, 0x30, kLrPending));
  EXPECT_TRUE(b.pe[0].virq());
}

// ---- completion ----

TEST(Gicv2Virtualization, EndOfInterruptThroughGicvEmptiesTheListRegister) {
  VirtBench b;
  b.EnableVirtual();
  b.SetLr(0, ListRegister(33, 0x40, kLrPending));
  b.WV(GICC_EOIR, b.V(GICC_IAR));
  EXPECT_EQ(State(b.Lr(0)), 0u);
  EXPECT_EQ(b.H(GICH_ELRSR0), 0xFu);
  EXPECT_EQ(b.V(GICC_RPR), 0xFFu);
}

TEST(Gicv2Virtualization, EoiModeLeavesDeactivationToGicvDir) {
  VirtBench b;
  b.EnableVirtual(0, 3 | (1u << 9));
  b.SetLr(0, ListRegister(33, 0x40, kLrPending));
  b.WV(GICC_EOIR, b.V(GICC_IAR));
  EXPECT_EQ(State(b.Lr(0)), 2u);
  EXPECT_EQ(b.V(GICC_RPR), 0xFFu);
  b.WV(GICC_DIR, 33);
  EXPECT_EQ(State(b.Lr(0)), 0u);
}

TEST(Gicv2Virtualization, EmptyAndEoiStatusFollowTheHwAndEoiBits) {
  VirtBench b;
  b.SetLr(0, kLrEoi | 33);           // invalid, EOI requested: not free, in EISR
  b.SetLr(1, kLrHw | kLrEoi | 34);   // bit 19 is part of the physical ID: free
  b.SetLr(2, ListRegister(35, 0x40, kLrActive));
  EXPECT_EQ(b.H(GICH_EISR0), 0x1u);
  EXPECT_EQ(b.H(GICH_ELRSR0), 0xAu);
}

TEST(Gicv2Virtualization, HwListRegisterDeactivatesThePhysicalInterrupt) {
  VirtBench b;
  b.EnableCpu(0, 1 | (1u << 9));  // host: EOImode, so the guest deactivates
  b.PendSpi(40, 0x10);
  EXPECT_EQ(b.C(GICC_IAR), 40u);
  b.WC(GICC_EOIR, 40);
  EXPECT_TRUE(b.Active(40));
  b.EnableVirtual();
  b.SetLr(0, ListRegister(27, 0x40, kLrPending | kLrHw | (40u << 10)));
  b.WV(GICC_EOIR, b.V(GICC_IAR));
  EXPECT_FALSE(b.Active(40));
}

TEST(Gicv2Virtualization, UnmatchedEndOfInterruptCountsInEoiCount) {
  VirtBench b;
  b.EnableVirtual();
  b.SetLr(0, ListRegister(33, 0x40, kLrPending));
  EXPECT_EQ(b.V(GICC_IAR), 33u);
  b.SetLr(0, 0);  // the hypervisor took the entry away
  b.WV(GICC_EOIR, 33);
  EXPECT_EQ(b.H(GICH_HCR) >> 27, 1u);
}

TEST(Gicv2Virtualization, UnmatchedDeactivateCountsInEoiCount) {
  VirtBench b;
  b.EnableVirtual(0, 3 | (1u << 9));
  b.WV(GICC_DIR, 50);
  EXPECT_EQ(b.H(GICH_HCR) >> 27, 1u);
}

// ---- maintenance interrupt ----

TEST(Gicv2Virtualization, EoiOfAnEoiListRegisterRaisesTheMaintenanceInterrupt) {
  VirtBench b;
  b.EnableVirtual();
  b.SetLr(0, ListRegister(33, 0x40, kLrPending | kLrEoi));
  EXPECT_FALSE(b.Maintenance());
  b.WV(GICC_EOIR, b.V(GICC_IAR));
  EXPECT_EQ(b.H(GICH_EISR0), 1u);
  EXPECT_EQ(b.H(GICH_MISR), 1u);  // EOI
  EXPECT_TRUE(b.Maintenance());
}

TEST(Gicv2Virtualization, MaintenanceInterruptIsPpi25OfThePhysicalCpuInterface) {
  VirtBench b;
  b.EnableCpu(1);
  b.Enable(kMaintenancePpi, 1);
  b.WH(GICH_HCR, kHcrEn | (1u << 3), 1);  // NPIE: no list register is pending
  EXPECT_TRUE(b.pe[1].irq());
  EXPECT_FALSE(b.pe[0].irq());
  EXPECT_EQ(b.C(GICC_IAR, 1), kMaintenancePpi);
}

TEST(Gicv2Virtualization, MaintenanceInterruptNeedsGichHcrEn) {
  VirtBench b;
  b.WH(GICH_HCR, 1u << 1);  // UIE without En
  EXPECT_EQ(b.H(GICH_MISR), 2u);
  EXPECT_FALSE(b.Maintenance());
  b.WH(GICH_HCR, kHcrEn | (1u << 1));
  EXPECT_TRUE(b.Maintenance());
}

TEST(Gicv2Virtualization, UnderflowIsSignalledWithAtMostOneValidListRegister) {
  VirtBench b;
  b.SetLr(0, ListRegister(33, 0x40, kLrPending));
  b.SetLr(1, ListRegister(34, 0x40, kLrPending));
  b.WH(GICH_HCR, kHcrEn | (1u << 1));
  EXPECT_EQ(b.H(GICH_MISR) & 2u, 0u);
  b.SetLr(1, 0);
  EXPECT_EQ(b.H(GICH_MISR) & 2u, 2u);
}

TEST(Gicv2Virtualization, NoPendingIsSignalledWhenNoListRegisterIsPending) {
  VirtBench b;
  b.WH(GICH_HCR, kHcrEn | (1u << 3));
  EXPECT_EQ(b.H(GICH_MISR), 8u);
  b.SetLr(0, ListRegister(33, 0x40, kLrPending));
  EXPECT_EQ(b.H(GICH_MISR), 0u);
  EXPECT_FALSE(b.Maintenance());
}

TEST(Gicv2Virtualization, EoiCountIsSignalledWithLrenpie) {
  VirtBench b;
  b.EnableVirtual(0, 3 | (1u << 9));
  b.WH(GICH_HCR, kHcrEn | (1u << 2));
  EXPECT_EQ(b.H(GICH_MISR), 0u);
  b.WV(GICC_DIR, 50);  // unmatched
  EXPECT_EQ(b.H(GICH_MISR), 4u);
  EXPECT_TRUE(b.Maintenance());
}

TEST(Gicv2Virtualization, GroupEnableAndDisableConditionsFollowGicvCtlr) {
  VirtBench b;
  b.WH(GICH_HCR, kHcrEn | (1u << 4) | (1u << 7));  // VGrp0EIE, VGrp1DIE
  b.WV(GICC_CTLR, 1);  // group 0 enabled, group 1 disabled
  EXPECT_EQ(b.H(GICH_MISR), (1u << 4) | (1u << 7));
  b.WV(GICC_CTLR, 2);
  EXPECT_EQ(b.H(GICH_MISR), 0u);
}
