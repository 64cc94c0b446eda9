// The vGIC's save/restore attribute groups (vgic_registers.cpp): KVM_{GET,SET}_DEVICE_ATTR
// with KVM_DEV_ARM_VGIC_GRP_DIST_REGS, REDIST_REGS, CPU_SYSREGS, LEVEL_INFO (GICv3) and
// DIST_REGS, CPU_REGS (GICv2), one KVM rule or errno row per test
// (Documentation/virt/kvm/devices/arm-vgic-v3.rst, arm-vgic.rst).
#include <gtest/gtest.h>

#include "vgic_test_bench.h"

using namespace hyp_test;

namespace {

constexpr uint32_t kDistRegs = KVM_DEV_ARM_VGIC_GRP_DIST_REGS, kRedistRegs = KVM_DEV_ARM_VGIC_GRP_REDIST_REGS,
                   kSysregs = KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS, kLevel = KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO,
                   kCpuRegs = KVM_DEV_ARM_VGIC_GRP_CPU_REGS;
constexpr uint64_t kSgiBase = 0x10000;

int SpiLine(Vm& vm, uint32_t intid, uint32_t level) {
  KvmIrqLevel l;
  l.irq = KvmArmIrq(KVM_ARM_IRQ_TYPE_SPI, 0, intid);
  l.level = level;
  return vm.IrqLine(l);
}

}  // namespace

// ---- GICv3 distributor ----

TEST(VgicAttrV3, DistRegsReadAndWriteTheDistributorAsTheGuestSeesIt) {
  VmBench b;
  Vm& vm = b.NewVm();
  Vgic& vgic = ReadyVgic(vm, 3, 1);
  EXPECT_EQ(Get(vgic, kDistRegs, 0x0000), 0x50u);  // GICD_CTLR: ARE and DS read as one
  ASSERT_EQ(SetReg(vgic, kDistRegs, 0x0104, 1u << 8), 0);  // GICD_ISENABLER1: SPI 40
  EXPECT_EQ(GuestRead(vgic, 0, kVgicDist + 0x104), 1u << 8);
  GuestWrite(vgic, 0, kVgicDist + 0x420 + 8, 0xA0);  // GICD_IPRIORITYR10: SPI 40
  EXPECT_EQ(Get(vgic, kDistRegs, 0x0428), 0xA0u);
  // A read-only register ignores the write; GICD_TYPER still reads as before.
  const uint64_t typer = Get(vgic, kDistRegs, 0x0004);
  EXPECT_EQ(SetReg(vgic, kDistRegs, 0x0004, 0), 0);
  EXPECT_EQ(Get(vgic, kDistRegs, 0x0004), typer);
}

TEST(VgicAttrV3, GicdIidrTakesBackOnlyTheValueItReads) {
  VmBench b;
  Vm& vm = b.NewVm();
  Vgic& vgic = ReadyVgic(vm, 3, 1);
  const uint64_t iidr = Get(vgic, kDistRegs, 0x0008);
  EXPECT_EQ(SetReg(vgic, kDistRegs, 0x0008, iidr), 0);
  EXPECT_EQ(SetReg(vgic, kDistRegs, 0x0008, iidr + (1u << 12)), kEINVAL);  // another revision
}

TEST(VgicAttrV3, TheMpidrOfADistributorRegisterIsIgnored) {
  VmBench b;
  Vm& vm = b.NewVm();
  Vgic& vgic = ReadyVgic(vm, 3, 1);
  EXPECT_EQ(Get(vgic, kDistRegs, uint64_t{0xFF} << 40 | 0x0000), 0x50u);
}

TEST(VgicAttrV3, IrouterIsReachedAs32BitHalves) {
  VmBench b;
  Vm& vm = b.NewVm();
  Vgic& vgic = ReadyVgic(vm, 3, 1);
  const uint64_t irouter40 = 0x6000 + 8 * 40;
  ASSERT_EQ(SetReg(vgic, kDistRegs, irouter40, 0x00030201), 0);
  ASSERT_EQ(SetReg(vgic, kDistRegs, irouter40 + 4, 0x04), 0);
  EXPECT_EQ(Get(vgic, kDistRegs, irouter40), 0x00030201u);
  EXPECT_EQ(Get(vgic, kDistRegs, irouter40 + 4), 0x04u);
}

TEST(VgicAttrV3, AnOffsetWithoutARegisterIsEnxio) {
  VmBench b;
  Vm& vm = b.NewVm();
  Vgic& vgic = ReadyVgic(vm, 3, 1);
  uint64_t v = 0;
  EXPECT_EQ(GetReg(vgic, kDistRegs, 0x0020, v), kENXIO);      // reserved
  EXPECT_EQ(SetReg(vgic, kDistRegs, 0x0020, 0), kENXIO);
  EXPECT_EQ(GetReg(vgic, kDistRegs, 0x0F00, v), kENXIO);      // GICD_SGIR: none with affinity routing
  EXPECT_EQ(GetReg(vgic, kDistRegs, 0x0102, v), kENXIO);      // not a register's offset
  EXPECT_EQ(GetReg(vgic, kDistRegs, 0x10000, v), kENXIO);     // beyond the frame
  EXPECT_EQ(GetReg(vgic, kRedistRegs, V3Vcpu(0) | 0x0020, v), kENXIO);
  EXPECT_EQ(GetReg(vgic, kRedistRegs, V3Vcpu(0) | 0x20000, v), kENXIO);  // the next vCPU's frames
}

TEST(VgicAttrV3, ANullValuePointerIsEfault) {
  VmBench b;
  Vm& vm = b.NewVm();
  Vgic& vgic = ReadyVgic(vm, 3, 1);
  KvmDeviceAttr a;
  a.group = kDistRegs;
  EXPECT_EQ(vgic.GetAttr(a), kEFAULT);
  EXPECT_EQ(vgic.SetAttr(a), kEFAULT);
}

TEST(VgicAttrV3, BeforeInitTheRegistersAreEbusy) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(vm.CreateVcpu(0), 0);
  KvmCreateDevice d;
  d.type = KVM_DEV_TYPE_ARM_VGIC_V3;
  ASSERT_EQ(vm.CreateDevice(d), 0);
  uint64_t v = 0;
  EXPECT_EQ(GetReg(*vm.vgic(), kDistRegs, 0, v), kEBUSY);
  EXPECT_EQ(SetReg(*vm.vgic(), kSysregs, V3Vcpu(0) | kIccPmr, 0), kEBUSY);
}

// ---- the pending latch and the input level (arm-vgic-v3.rst: ISPENDR, ICPENDR) ----

TEST(VgicAttrV3, IspendrReadsTheLatchAloneWhereTheGuestSeesTheLevelToo) {
  VmBench b;
  Vm& vm = b.NewVm();
  Vgic& vgic = ReadyVgic(vm, 3, 1);
  ASSERT_EQ(SpiLine(vm, 41, 1), 0);  // SPI 41 level-sensitive (the reset), held high
  EXPECT_EQ(GuestRead(vgic, 0, kVgicDist + 0x204), 1u << 9);  // pending for the guest
  EXPECT_EQ(Get(vgic, kDistRegs, 0x0204), 0u);                // but nothing latched
  EXPECT_EQ(Get(vgic, kLevel, 32), 1u << 9);                  // the line is the level's
}

TEST(VgicAttrV3, IspendrStoresTheLatchSoALevelInterruptStaysPendingAfterItsLineFalls) {
  VmBench b;
  Vm& vm = b.NewVm();
  Vgic& vgic = ReadyVgic(vm, 3, 1);
  ASSERT_EQ(SetReg(vgic, kDistRegs, 0x0204, 1u << 9 | 1u << 10), 0);
  ASSERT_EQ(SetReg(vgic, kDistRegs, 0x0204, 1u << 9), 0);  // a zero bit clears: stored, not set
  EXPECT_EQ(Get(vgic, kDistRegs, 0x0204), 1u << 9);
  ASSERT_EQ(SpiLine(vm, 41, 1), 0);
  ASSERT_EQ(SpiLine(vm, 41, 0), 0);
  EXPECT_EQ(GuestRead(vgic, 0, kVgicDist + 0x204), 1u << 9);  // the latch holds it
}

TEST(VgicAttrV3, IcpendrIsRazWi) {
  VmBench b;
  Vm& vm = b.NewVm();
  Vgic& vgic = ReadyVgic(vm, 3, 1);
  ASSERT_EQ(SetReg(vgic, kDistRegs, 0x0204, 1u << 9), 0);
  EXPECT_EQ(Get(vgic, kDistRegs, 0x0284), 0u);
  ASSERT_EQ(SetReg(vgic, kDistRegs, 0x0284, 1u << 9), 0);
  EXPECT_EQ(Get(vgic, kDistRegs, 0x0204), 1u << 9);  // not cleared
  ASSERT_EQ(SetReg(vgic, kRedistRegs, V3Vcpu(0) | (kSgiBase + 0x200), 1u << 3), 0);
  ASSERT_EQ(SetReg(vgic, kRedistRegs, V3Vcpu(0) | (kSgiBase + 0x280), 1u << 3), 0);
  EXPECT_EQ(Get(vgic, kRedistRegs, V3Vcpu(0) | (kSgiBase + 0x200)), 1u << 3);
  EXPECT_EQ(Get(vgic, kRedistRegs, V3Vcpu(0) | (kSgiBase + 0x280)), 0u);
}

// ---- GICv3 redistributors ----

TEST(VgicAttrV3, RedistRegsNameTheVcpuByItsAffinity) {
  VmBench b;
  Vm& vm = b.NewVm();
  Vgic& vgic = ReadyVgic(vm, 3, 2);
  ASSERT_EQ(SetReg(vgic, kRedistRegs, V3Vcpu(1) | (kSgiBase + 0x100), 1u << 27), 0);  // vCPU 1's PPI 27
  EXPECT_EQ(GuestRead(vgic, 0, kVgicRedist + 0x20000 + kSgiBase + 0x100), 1u << 27);
  EXPECT_EQ(GuestRead(vgic, 0, kVgicRedist + kSgiBase + 0x100), 0u);  // vCPU 0's untouched
  // GICR_TYPER's upper half is the affinity the attr names the vCPU by.
  EXPECT_EQ(Get(vgic, kRedistRegs, V3Vcpu(1) | 0x000C), V3Vcpu(1) >> 32);
}

TEST(VgicAttrV3, AnMpidrOfNoVcpuIsEinval) {
  VmBench b;
  Vm& vm = b.NewVm();
  Vgic& vgic = ReadyVgic(vm, 3, 2);
  uint64_t v = 0;
  EXPECT_EQ(GetReg(vgic, kRedistRegs, V3Vcpu(2) | 0x0014, v), kEINVAL);
  EXPECT_EQ(GetReg(vgic, kSysregs, V3Vcpu(2) | kIccPmr, v), kEINVAL);
  EXPECT_EQ(GetReg(vgic, kLevel, V3Vcpu(2) | 0, v), kEINVAL);
  EXPECT_EQ(GetReg(vgic, kRedistRegs, uint64_t{1} << 56 | 0x0014, v), kEINVAL);  // Aff3 = 1
}

// ---- GICv3 CPU interface system registers ----

TEST(VgicAttrV3, CpuSysregsReachTheVcpusCpuInterface) {
  VmBench b;
  Vm& vm = b.NewVm();
  Vgic& vgic = ReadyVgic(vm, 3, 2);
  ASSERT_EQ(SetReg(vgic, kSysregs, V3Vcpu(1) | kIccPmr, 0xF0), 0);
  EXPECT_EQ(GuestMrs(vgic, 1, "ICC_PMR_EL1"), 0xF0u);
  EXPECT_EQ(GuestMrs(vgic, 0, "ICC_PMR_EL1"), 0u);
  GuestMsr(vgic, 0, "ICC_IGRPEN1_EL1", 1);
  EXPECT_EQ(Get(vgic, kSysregs, V3Vcpu(0) | kIccIgrpen1), 1u);
  ASSERT_EQ(SetReg(vgic, kSysregs, V3Vcpu(0) | kIccAp1r0, 1u << 4), 0);  // an active priority: 0x20
  EXPECT_EQ(GuestMrs(vgic, 0, "ICC_RPR_EL1"), 0x20u);
}

TEST(VgicAttrV3, ASysregOutsideKvmsTableIsEnxio) {
  VmBench b;
  Vm& vm = b.NewVm();
  Vgic& vgic = ReadyVgic(vm, 3, 1);
  uint64_t v = 0;
  EXPECT_EQ(GetReg(vgic, kSysregs, V3Vcpu(0) | kIccIar1, v), kENXIO);  // an acknowledge, not state
  EXPECT_EQ(GetReg(vgic, kSysregs, V3Vcpu(0) | IccInstr(12, 11, 3), v), kENXIO);  // ICC_RPR_EL1
}

TEST(VgicAttrV3, AnActivePriorityRegisterBeyondThePriorityBitsIsEinval) {
  VmBench b;
  Vm& vm = b.NewVm();
  Vgic& vgic = ReadyVgic(vm, 3, 1);
  uint64_t v = 0;
  EXPECT_EQ(GetReg(vgic, kSysregs, V3Vcpu(0) | kIccAp0r1, v), kEINVAL);  // 5 bits: AP0R0 only
  EXPECT_EQ(GetReg(vgic, kSysregs, V3Vcpu(0) | kIccAp0r0, v), 0);
}

TEST(VgicAttrV3, ACtlrWithOtherReadOnlyFieldsOrAnSreWithoutSreIsEinval) {
  VmBench b;
  Vm& vm = b.NewVm();
  Vgic& vgic = ReadyVgic(vm, 3, 1);
  const uint64_t ctlr = Get(vgic, kSysregs, V3Vcpu(0) | kIccCtlr);
  EXPECT_EQ(SetReg(vgic, kSysregs, V3Vcpu(0) | kIccCtlr, ctlr ^ 0x700), kEINVAL);  // PRIbits
  EXPECT_EQ(SetReg(vgic, kSysregs, V3Vcpu(0) | kIccCtlr, ctlr | 2), 0);           // EOImode is writable
  EXPECT_EQ(Get(vgic, kSysregs, V3Vcpu(0) | kIccCtlr), ctlr | 2);
  EXPECT_EQ(SetReg(vgic, kSysregs, V3Vcpu(0) | kIccSre, 0), kEINVAL);
  EXPECT_EQ(SetReg(vgic, kSysregs, V3Vcpu(0) | kIccSre, 7), 0);
}

// ---- GICv3 input levels ----

TEST(VgicAttrV3, LevelInfoReadsAndRestoresTheLinesWithoutLatching) {
  VmBench b;
  Vm& vm = b.NewVm();
  Vgic& vgic = ReadyVgic(vm, 3, 2);
  vgic.SetPpi(1, 27, true);  // vCPU 1's virtual timer
  EXPECT_EQ(Get(vgic, kLevel, V3Vcpu(1) | 0), 1u << 27);
  EXPECT_EQ(Get(vgic, kLevel, V3Vcpu(0) | 0), 0u);
  ASSERT_EQ(SetReg(vgic, kLevel, V3Vcpu(0) | 0, 1u << 30 | 0xFFFF), 0);  // SGIs have no line: ignored
  EXPECT_EQ(Get(vgic, kLevel, V3Vcpu(0) | 0), 1u << 30);
  // SPIs are distributor-wide; a level-sensitive one is pending while its line is high,
  // and an edge-triggered one restored high does not latch.
  ASSERT_EQ(SetReg(vgic, kDistRegs, 0x0C08, 2u << 2 * 9), 0);  // GICD_ICFGR2: SPI 41 edge
  ASSERT_EQ(SetReg(vgic, kLevel, V3Vcpu(1) | 32, 1u << 8 | 1u << 9), 0);
  EXPECT_EQ(Get(vgic, kLevel, V3Vcpu(0) | 32), 1u << 8 | 1u << 9);
  EXPECT_EQ(GuestRead(vgic, 0, kVgicDist + 0x204), 1u << 8);
  EXPECT_EQ(Get(vgic, kLevel, V3Vcpu(0) | 0x3E0), 0u);  // beyond the SPIs: RAZ
}

TEST(VgicAttrV3, LevelInfoOffA32InterruptBoundaryOrOfAnotherInfoIsEinval) {
  VmBench b;
  Vm& vm = b.NewVm();
  Vgic& vgic = ReadyVgic(vm, 3, 1);
  uint64_t v = 0;
  EXPECT_EQ(GetReg(vgic, kLevel, V3Vcpu(0) | 40, v), kEINVAL);
  EXPECT_EQ(GetReg(vgic, kLevel, V3Vcpu(0) | 1u << KVM_DEV_ARM_VGIC_LINE_LEVEL_INFO_SHIFT | 32, v), kEINVAL);
}

TEST(VgicAttrV3, HasAttrAnswersForTheRegisterGroups) {
  VmBench b;
  Vm& vm = b.NewVm();
  Vgic& vgic = ReadyVgic(vm, 3, 1);
  KvmDeviceAttr a;
  a.group = kRedistRegs;
  a.attr = V3Vcpu(0) | 0x0014;
  EXPECT_EQ(vgic.HasAttr(a), 0);
  a.attr = V3Vcpu(0) | 0x0020;
  EXPECT_EQ(vgic.HasAttr(a), kENXIO);
  a.group = kCpuRegs;  // GICv2's group
  EXPECT_EQ(vgic.HasAttr(a), kENXIO);
}

// ---- GICv2 ----

TEST(VgicAttrV2, DistRegsAreBankedByCpuid) {
  VmBench b;
  Vm& vm = b.NewVm();
  Vgic& vgic = ReadyVgic(vm, 2, 2);
  ASSERT_EQ(SetReg(vgic, kDistRegs, V2Cpu(1) | 0x0100, 1u << 27), 0);  // CPU 1's PPI 27
  EXPECT_EQ(GuestRead(vgic, 1, kVgicDist + 0x100), 0xFFFFu | 1u << 27);
  EXPECT_EQ(GuestRead(vgic, 0, kVgicDist + 0x100), 0xFFFFu);
  EXPECT_EQ(Get(vgic, kDistRegs, V2Cpu(1) | 0x0100), 0xFFFFu | 1u << 27);
  EXPECT_EQ(Get(vgic, kDistRegs, V2Cpu(0) | 0x0004) & 0xE0, 1u << 5);  // GICD_TYPER: two CPUs
}

TEST(VgicAttrV2, GicdIidrTakesBackOnlyTheValueItReads) {
  VmBench b;
  Vm& vm = b.NewVm();
  Vgic& vgic = ReadyVgic(vm, 2, 1);
  const uint64_t iidr = Get(vgic, kDistRegs, 0x008);
  EXPECT_EQ(SetReg(vgic, kDistRegs, 0x008, iidr), 0);
  EXPECT_EQ(SetReg(vgic, kDistRegs, 0x008, 0), kEINVAL);
}

TEST(VgicAttrV2, ACpuidOfNoVcpuIsEinval) {
  VmBench b;
  Vm& vm = b.NewVm();
  Vgic& vgic = ReadyVgic(vm, 2, 2);
  uint64_t v = 0;
  EXPECT_EQ(GetReg(vgic, kDistRegs, V2Cpu(2) | 0, v), kEINVAL);
  EXPECT_EQ(GetReg(vgic, kCpuRegs, V2Cpu(2) | 0x04, v), kEINVAL);
}

TEST(VgicAttrV2, AnOffsetWithoutARegisterIsEnxio) {
  VmBench b;
  Vm& vm = b.NewVm();
  Vgic& vgic = ReadyVgic(vm, 2, 1);
  uint64_t v = 0;
  EXPECT_EQ(GetReg(vgic, kDistRegs, 0x00C, v), kENXIO);
  EXPECT_EQ(GetReg(vgic, kDistRegs, 0xD00, v), kENXIO);
  EXPECT_EQ(GetReg(vgic, kDistRegs, 0x102, v), kENXIO);
  EXPECT_EQ(GetReg(vgic, kCpuRegs, 0x0C, v), kENXIO);  // GICC_IAR: an acknowledge, not state
  EXPECT_EQ(GetReg(vgic, kCpuRegs, 0x1000, v), kENXIO);  // GICC_DIR
  EXPECT_EQ(GetReg(vgic, kCpuRegs, 0xFC, v), 0);         // GICC_IIDR
}

TEST(VgicAttrV2, CpuRegsReachTheCpusInterface) {
  VmBench b;
  Vm& vm = b.NewVm();
  Vgic& vgic = ReadyVgic(vm, 2, 2);
  ASSERT_EQ(SetReg(vgic, kCpuRegs, V2Cpu(1) | 0x04, 0xF0), 0);  // GICC_PMR
  EXPECT_EQ(GuestRead(vgic, 1, kVgicCpu + 0x04), 0xF0u);
  EXPECT_EQ(GuestRead(vgic, 0, kVgicCpu + 0x04), 0u);
  // GICC_APR0 bit n is group priority 2n (8 priority bits, 7 preemption bits).
  ASSERT_EQ(SetReg(vgic, kCpuRegs, V2Cpu(0) | 0xD0, 1u << 5), 0);
  EXPECT_EQ(GuestRead(vgic, 0, kVgicCpu + 0x14), 0x0Au);  // GICC_RPR
}

TEST(VgicAttrV2, PendingReadsTheLatchAlone) {
  VmBench b;
  Vm& vm = b.NewVm();
  Vgic& vgic = ReadyVgic(vm, 2, 1);
  ASSERT_EQ(SpiLine(vm, 41, 1), 0);  // level-sensitive, held high
  EXPECT_EQ(GuestRead(vgic, 0, kVgicDist + 0x204), 1u << 9);
  EXPECT_EQ(Get(vgic, kDistRegs, 0x204), 0u);
  EXPECT_EQ(Get(vgic, kDistRegs, 0x284), 0u);
  ASSERT_EQ(SetReg(vgic, kDistRegs, 0x204, 1u << 10), 0);  // ISPENDR sets the latch
  EXPECT_EQ(Get(vgic, kDistRegs, 0x204), 1u << 10);
  ASSERT_EQ(SetReg(vgic, kDistRegs, 0x284, 1u << 10), 0);  // ICPENDR clears it
  EXPECT_EQ(Get(vgic, kDistRegs, 0x204), 0u);
}

TEST(VgicAttrV2, AGicv2InitialisesAtItsFirstRegisterAccess) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(vm.CreateVcpu(0), 0);
  KvmCreateDevice d;
  d.type = KVM_DEV_TYPE_ARM_VGIC_V2;
  ASSERT_EQ(vm.CreateDevice(d), 0);
  ASSERT_FALSE(vm.vgic()->initialized());
  EXPECT_EQ(Get(*vm.vgic(), kDistRegs, 0x0008), 0x43Bu);  // GICD_IIDR
  EXPECT_TRUE(vm.vgic()->initialized());
}
