// The in-kernel vGIC's KVM device API (models/hypervisor/vgic/vgic.h): KVM_CREATE_DEVICE,
// KVM_{SET,GET}_DEVICE_ATTR for the frame addresses and CTRL_INIT, the first run's
// kvm_vgic_map_resources and KVM_IRQ_LINE, one KVM rule (errno row) per test.
#include <gtest/gtest.h>

#include "models/hypervisor/vgic/vgic.h"
#include "vm_test_bench.h"

using namespace hyp_test;

namespace {

constexpr uint64_t kDist = 0x08000000, kCpu = 0x08010000, kRedist = 0x080A0000;

int CreateVgic(Vm& vm, uint32_t type, uint32_t flags = 0) {
  KvmCreateDevice d;
  d.type = type;
  d.flags = flags;
  return vm.CreateDevice(d);
}

int SetAddr(Vgic& vgic, uint64_t type, uint64_t addr) {
  KvmDeviceAttr a;
  a.group = KVM_DEV_ARM_VGIC_GRP_ADDR;
  a.attr = type;
  a.addr = &addr;
  return vgic.SetAttr(a);
}

int Init(Vgic& vgic) {
  KvmDeviceAttr a;
  a.group = KVM_DEV_ARM_VGIC_GRP_CTRL;
  a.attr = KVM_DEV_ARM_VGIC_CTRL_INIT;
  return vgic.SetAttr(a);
}

int IrqLine(Vm& vm, uint32_t type, uint32_t intid, uint32_t level = 1) {
  KvmIrqLevel l;
  l.irq = KvmArmIrq(type, 0, intid);
  l.level = level;
  return vm.IrqLine(l);
}

// A VM with `vcpus` vCPUs and a vGIC of `version` placed at QEMU virt's addresses.
Vgic& PlacedVgic(Vm& vm, unsigned version, unsigned vcpus = 1) {
  for (unsigned i = 0; i < vcpus; ++i) EXPECT_EQ(vm.CreateVcpu(i), 0);
  EXPECT_EQ(CreateVgic(vm, version == 2 ? KVM_DEV_TYPE_ARM_VGIC_V2 : KVM_DEV_TYPE_ARM_VGIC_V3), 0);
  Vgic& vgic = *vm.vgic();
  EXPECT_EQ(SetAddr(vgic, version == 2 ? KVM_VGIC_V2_ADDR_TYPE_DIST : KVM_VGIC_V3_ADDR_TYPE_DIST, kDist), 0);
  EXPECT_EQ(SetAddr(vgic, version == 2 ? KVM_VGIC_V2_ADDR_TYPE_CPU : KVM_VGIC_V3_ADDR_TYPE_REDIST,
                    version == 2 ? kCpu : kRedist),
            0);
  return vgic;
}

uint32_t Read32(Vgic& vgic, uint64_t ipa) {
  uint8_t d[4] = {};
  EXPECT_EQ(vgic.Mmio(0, ipa, false, d, 4), Vgic::MmioResult::Done);
  return uint32_t{d[0]} | uint32_t{d[1]} << 8 | uint32_t{d[2]} << 16 | uint32_t{d[3]} << 24;
}

void Write32(Vgic& vgic, uint64_t ipa, uint32_t v) {
  uint8_t d[4] = {static_cast<uint8_t>(v), static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v >> 16),
                  static_cast<uint8_t>(v >> 24)};
  EXPECT_EQ(vgic.Mmio(0, ipa, true, d, 4), Vgic::MmioResult::Done);
}

// A PE's interrupt inputs, as a loaded vCPU's PE sees them.
struct LinesProbe : mtesim::models::InterruptTarget {
  uint8_t lines = 0;
  void SetInterruptLine(mtesim::isa::ExecContext::InterruptLine l, bool level) override {
    lines = static_cast<uint8_t>(level ? lines | l : lines & ~l);
  }
};

}  // namespace

// ---- KVM_CREATE_DEVICE (kvm_ioctl_create_device, kvm_vgic_create) ----

TEST(VgicDevice, ATypeThatIsNoVgicIsEnodev) {
  VmBench b;
  Vm& vm = b.NewVm();
  EXPECT_EQ(CreateVgic(vm, 42), kENODEV);
}

TEST(VgicDevice, TheTestFlagChecksTheTypeAndCreatesNothing) {
  VmBench b;
  Vm& vm = b.NewVm();
  EXPECT_EQ(CreateVgic(vm, KVM_DEV_TYPE_ARM_VGIC_V3, KVM_CREATE_DEVICE_TEST), 0);
  EXPECT_EQ(vm.vgic(), nullptr);
  EXPECT_EQ(CreateVgic(vm, 42, KVM_CREATE_DEVICE_TEST), kENODEV);
}

TEST(VgicDevice, ASecondVgicIsEexist) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(CreateVgic(vm, KVM_DEV_TYPE_ARM_VGIC_V3), 0);
  EXPECT_EQ(CreateVgic(vm, KVM_DEV_TYPE_ARM_VGIC_V2), kEEXIST);
}

TEST(VgicDevice, CreatingItAfterAVcpuRanIsEbusy) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(vm.CreateVcpu(0), 0);
  vm.GetVcpu(0)->MarkRun();
  EXPECT_EQ(CreateVgic(vm, KVM_DEV_TYPE_ARM_VGIC_V3), kEBUSY);
}

TEST(VgicDevice, AVgicV2ForMoreThanEightVcpusIsE2big) {
  HostCapabilities host = Mte3Host();
  host.max_vcpus = host.max_vcpu_id = 16;
  VmBench b(host);
  Vm& vm = b.NewVm();
  for (unsigned i = 0; i < 9; ++i) ASSERT_EQ(vm.CreateVcpu(i), 0);
  EXPECT_EQ(CreateVgic(vm, KVM_DEV_TYPE_ARM_VGIC_V2), kE2BIG);
  EXPECT_EQ(CreateVgic(vm, KVM_DEV_TYPE_ARM_VGIC_V3), 0);
}

TEST(VgicDevice, ANinthVcpuWithAVgicV2IsEinval) {
  HostCapabilities host = Mte3Host();
  host.max_vcpus = host.max_vcpu_id = 16;
  VmBench b(host);
  Vm& vm = b.NewVm();
  ASSERT_EQ(CreateVgic(vm, KVM_DEV_TYPE_ARM_VGIC_V2), 0);
  for (unsigned i = 0; i < 8; ++i) ASSERT_EQ(vm.CreateVcpu(i), 0);
  EXPECT_EQ(vm.CreateVcpu(8), kEINVAL);
}

// ---- KVM_DEV_ARM_VGIC_GRP_ADDR (kvm_vgic_addr, vgic_check_iorange) ----

TEST(VgicDevice, AnAddressTypeOfTheOtherVersionIsEnodev) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(CreateVgic(vm, KVM_DEV_TYPE_ARM_VGIC_V3), 0);
  EXPECT_EQ(SetAddr(*vm.vgic(), KVM_VGIC_V2_ADDR_TYPE_CPU, kCpu), kENODEV);
}

TEST(VgicDevice, PlacingAFrameTwiceIsEexist) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(CreateVgic(vm, KVM_DEV_TYPE_ARM_VGIC_V2), 0);
  ASSERT_EQ(SetAddr(*vm.vgic(), KVM_VGIC_V2_ADDR_TYPE_DIST, kDist), 0);
  EXPECT_EQ(SetAddr(*vm.vgic(), KVM_VGIC_V2_ADDR_TYPE_DIST, kDist + 0x10000), kEEXIST);
}

TEST(VgicDevice, AnAddressOffTheVersionsAlignmentIsEinval) {
  VmBench b;
  Vm& v2 = b.NewVm();
  ASSERT_EQ(CreateVgic(v2, KVM_DEV_TYPE_ARM_VGIC_V2), 0);
  EXPECT_EQ(SetAddr(*v2.vgic(), KVM_VGIC_V2_ADDR_TYPE_DIST, kDist + 0x800), kEINVAL);  // 4 KiB
  Vm& v3 = b.NewVm();
  ASSERT_EQ(CreateVgic(v3, KVM_DEV_TYPE_ARM_VGIC_V3), 0);
  EXPECT_EQ(SetAddr(*v3.vgic(), KVM_VGIC_V3_ADDR_TYPE_DIST, kDist + 0x1000), kEINVAL);  // 64 KiB
}

TEST(VgicDevice, AFrameBeyondTheIpaSpaceIsE2big) {
  VmBench b;
  Vm& vm = b.NewVm();  // 40-bit IPA
  ASSERT_EQ(CreateVgic(vm, KVM_DEV_TYPE_ARM_VGIC_V3), 0);
  EXPECT_EQ(SetAddr(*vm.vgic(), KVM_VGIC_V3_ADDR_TYPE_DIST, uint64_t{1} << 40), kE2BIG);
}

TEST(VgicDevice, AnUnknownGroupOrControlIsEnxio) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(CreateVgic(vm, KVM_DEV_TYPE_ARM_VGIC_V3), 0);
  KvmDeviceAttr a;
  a.group = 99;
  EXPECT_EQ(vm.vgic()->SetAttr(a), kENXIO);
  EXPECT_EQ(vm.vgic()->HasAttr(a), kENXIO);
  a.group = KVM_DEV_ARM_VGIC_GRP_CTRL;
  a.attr = 7;
  EXPECT_EQ(vm.vgic()->SetAttr(a), kENXIO);
  a.attr = KVM_DEV_ARM_VGIC_CTRL_INIT;
  EXPECT_EQ(vm.vgic()->HasAttr(a), 0);
}

TEST(VgicDevice, GetAttrReadsThePlacedAddressOrUndef) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(CreateVgic(vm, KVM_DEV_TYPE_ARM_VGIC_V3), 0);
  ASSERT_EQ(SetAddr(*vm.vgic(), KVM_VGIC_V3_ADDR_TYPE_DIST, kDist), 0);
  uint64_t value = 0;
  KvmDeviceAttr a;
  a.group = KVM_DEV_ARM_VGIC_GRP_ADDR;
  a.attr = KVM_VGIC_V3_ADDR_TYPE_DIST;
  a.addr = &value;
  ASSERT_EQ(vm.vgic()->GetAttr(a), 0);
  EXPECT_EQ(value, kDist);
  a.attr = KVM_VGIC_V3_ADDR_TYPE_REDIST;
  ASSERT_EQ(vm.vgic()->GetAttr(a), 0);
  EXPECT_EQ(value, ~uint64_t{0});  // VGIC_ADDR_UNDEF
}

// ---- KVM_DEV_ARM_VGIC_CTRL_INIT (vgic_init) and the first run (kvm_vgic_map_resources) ----

TEST(VgicDevice, AVcpuCreatedAfterInitIsEbusy) {
  VmBench b;
  Vm& vm = b.NewVm();
  Vgic& vgic = PlacedVgic(vm, 3);
  ASSERT_EQ(Init(vgic), 0);
  EXPECT_EQ(Init(vgic), 0);  // initialising again is harmless
  EXPECT_EQ(vm.CreateVcpu(1), kEBUSY);
}

TEST(VgicDevice, InitWithoutVcpusIsEinval) {  // a model rule: the model needs its PEs
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(CreateVgic(vm, KVM_DEV_TYPE_ARM_VGIC_V3), 0);
  EXPECT_EQ(Init(*vm.vgic()), kEINVAL);
}

TEST(VgicDevice, RunningWithAnUninitialisedVgicV3IsEbusy) {
  VmBench b;
  Vm& vm = b.NewVm();
  EXPECT_EQ(PlacedVgic(vm, 3).MapResources(), kEBUSY);
}

TEST(VgicDevice, AVgicV2InitialisesItselfOnTheFirstRun) {
  VmBench b;
  Vm& vm = b.NewVm();
  Vgic& vgic = PlacedVgic(vm, 2);
  EXPECT_EQ(vgic.MapResources(), 0);
  EXPECT_TRUE(vgic.initialized());
}

TEST(VgicDevice, RunningWithAFrameNotPlacedIsEnxio) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(vm.CreateVcpu(0), 0);
  ASSERT_EQ(CreateVgic(vm, KVM_DEV_TYPE_ARM_VGIC_V3), 0);
  ASSERT_EQ(SetAddr(*vm.vgic(), KVM_VGIC_V3_ADDR_TYPE_DIST, kDist), 0);
  ASSERT_EQ(Init(*vm.vgic()), 0);
  EXPECT_EQ(vm.vgic()->MapResources(), kENXIO);
}

TEST(VgicDevice, RunningWithOverlappingFramesIsEinval) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(vm.CreateVcpu(0), 0);
  ASSERT_EQ(CreateVgic(vm, KVM_DEV_TYPE_ARM_VGIC_V2), 0);
  ASSERT_EQ(SetAddr(*vm.vgic(), KVM_VGIC_V2_ADDR_TYPE_DIST, kDist), 0);
  ASSERT_EQ(SetAddr(*vm.vgic(), KVM_VGIC_V2_ADDR_TYPE_CPU, kDist), 0);
  EXPECT_EQ(vm.vgic()->MapResources(), kEINVAL);
}

// ---- guest accesses to the frames ----

TEST(VgicDevice, FramesReachTheModelOnlyOnceMapped) {
  VmBench b;
  Vm& vm = b.NewVm();
  Vgic& vgic = PlacedVgic(vm, 3);
  ASSERT_EQ(Init(vgic), 0);
  uint8_t d[4] = {};
  EXPECT_EQ(vgic.Mmio(0, kDist + 4, false, d, 4), Vgic::MmioResult::NotMine);  // not yet on the io bus
  ASSERT_EQ(vgic.MapResources(), 0);
  EXPECT_EQ(Read32(vgic, kDist + 0xFFE8) >> 4 & 0xF, 3u);  // GICD_PIDR2.ArchRev: a GICv3
  EXPECT_EQ(vgic.Mmio(0, kDist + 0x10000, false, d, 4), Vgic::MmioResult::NotMine);  // past the frame: the VMM's
  EXPECT_EQ(vgic.Mmio(0, kDist + 2, false, d, 4), Vgic::MmioResult::ExternalAbort);  // unaligned, as bare QEMU
}

TEST(VgicDevice, AGicv2CpuInterfaceIsBankedByTheAccessingVcpu) {
  VmBench b;
  Vm& vm = b.NewVm();
  Vgic& vgic = PlacedVgic(vm, 2, 2);
  ASSERT_EQ(vgic.MapResources(), 0);
  uint8_t pmr[4] = {0xF0, 0, 0, 0};
  ASSERT_EQ(vgic.Mmio(1, kCpu + 0x4, true, pmr, 4), Vgic::MmioResult::Done);  // GICC_PMR of vCPU 1
  EXPECT_EQ(Read32(vgic, kCpu + 0x4), 0u);                                   // vCPU 0's is untouched
}

// ---- KVM_IRQ_LINE (kvm_vm_ioctl_irq_line, kvm_vgic_inject_irq) ----

TEST(VgicIrqLine, AnSpiWithoutAVgicIsEnxio) {
  VmBench b;
  Vm& vm = b.NewVm();
  EXPECT_EQ(IrqLine(vm, KVM_ARM_IRQ_TYPE_SPI, 40), kENXIO);
}

TEST(VgicIrqLine, ACpuLineWithAVgicIsEnxio) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(CreateVgic(vm, KVM_DEV_TYPE_ARM_VGIC_V3), 0);
  EXPECT_EQ(IrqLine(vm, KVM_ARM_IRQ_TYPE_CPU, 0), kENXIO);
}

TEST(VgicIrqLine, AnSpiBelow32IsEinval) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(Init(PlacedVgic(vm, 3)), 0);
  EXPECT_EQ(IrqLine(vm, KVM_ARM_IRQ_TYPE_SPI, 31), kEINVAL);
}

TEST(VgicIrqLine, AnSpiBeyondTheVgicsInterruptsIsEinval) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(Init(PlacedVgic(vm, 3)), 0);
  EXPECT_EQ(IrqLine(vm, KVM_ARM_IRQ_TYPE_SPI, kVgicNrIrqs), kEINVAL);
  EXPECT_EQ(IrqLine(vm, KVM_ARM_IRQ_TYPE_SPI, kVgicNrIrqs - 1), 0);
}

TEST(VgicIrqLine, AnSpiBeforeAVgicV3IsInitialisedIsEbusy) {
  VmBench b;
  Vm& vm = b.NewVm();
  PlacedVgic(vm, 3);
  EXPECT_EQ(IrqLine(vm, KVM_ARM_IRQ_TYPE_SPI, 40), kEBUSY);
}

TEST(VgicIrqLine, ALevelSpiIsPendingInTheDistributorWhileHigh) {
  VmBench b;
  Vm& vm = b.NewVm();
  Vgic& vgic = PlacedVgic(vm, 2);
  ASSERT_EQ(vgic.MapResources(), 0);
  ASSERT_EQ(IrqLine(vm, KVM_ARM_IRQ_TYPE_SPI, 40, 1), 0);
  EXPECT_EQ(Read32(vgic, kDist + 0x204) & 1u << 8, 1u << 8);  // GICD_ISPENDR1 bit 8 = INTID 40
  ASSERT_EQ(IrqLine(vm, KVM_ARM_IRQ_TYPE_SPI, 40, 0), 0);
  EXPECT_EQ(Read32(vgic, kDist + 0x204) & 1u << 8, 0u);
}

// ---- delivery and the trapped CPU interface ----

TEST(VgicDelivery, AnEnabledSpiRaisesTheLoadedVcpusVirtualIrq) {
  VmBench b;
  Vm& vm = b.NewVm();
  Vgic& vgic = PlacedVgic(vm, 3);
  ASSERT_EQ(Init(vgic), 0);
  ASSERT_EQ(vgic.MapResources(), 0);
  LinesProbe pe;
  vgic.LoadVcpu(0, pe);
  // The guest's driver: distributor Group 1 on, SPI 40 in Group 1 and enabled; its CPU
  // interface (replayed ICC_* accesses) unmasked with Group 1 on.
  Write32(vgic, kDist + 0x0, 0x2);             // GICD_CTLR.EnableGrp1
  Write32(vgic, kDist + 0x84, 1u << 8);        // GICD_IGROUPR1
  Write32(vgic, kDist + 0x104, 1u << 8);       // GICD_ISENABLER1
  uint64_t pmr = 0xFF, on = 1;
  ASSERT_TRUE(vgic.EmulateSysreg(0, *mtesim::isa::FindSystemRegister("ICC_PMR_EL1"), false, pmr));
  ASSERT_TRUE(vgic.EmulateSysreg(0, *mtesim::isa::FindSystemRegister("ICC_IGRPEN1_EL1"), false, on));
  EXPECT_FALSE(vgic.lines(0).virq());
  ASSERT_EQ(IrqLine(vm, KVM_ARM_IRQ_TYPE_SPI, 40), 0);
  EXPECT_TRUE(vgic.lines(0).virq());
  EXPECT_EQ(pe.lines, mtesim::isa::ExecContext::kVirqLine);  // the model's IRQ is the PE's vIRQ
  uint64_t iar = 0;
  ASSERT_TRUE(vgic.EmulateSysreg(0, *mtesim::isa::FindSystemRegister("ICC_IAR1_EL1"), true, iar));
  EXPECT_EQ(iar, 40u);
  EXPECT_EQ(pe.lines, 0);  // acknowledged: nothing more to signal
  vgic.PutVcpu(0);
  ASSERT_EQ(IrqLine(vm, KVM_ARM_IRQ_TYPE_SPI, 41), 0);  // (not enabled anyway)
  EXPECT_EQ(pe.lines, 0);
}

TEST(VgicDelivery, ARegisterTheModelLacksIsUndefinedForTheGuest) {
  VmBench b;
  Vm& vm = b.NewVm();
  Vgic& vgic = PlacedVgic(vm, 3);
  ASSERT_EQ(Init(vgic), 0);
  uint64_t v = 0;
  EXPECT_FALSE(vgic.EmulateSysreg(0, *mtesim::isa::FindSystemRegister("ICC_AP1R1_EL1"), true, v));  // 5 priority bits
  EXPECT_TRUE(vgic.EmulateSysreg(0, *mtesim::isa::FindSystemRegister("ICC_AP1R0_EL1"), true, v));
}

TEST(VgicDelivery, TheVcpuTimerRegistersAreKvmTimerOneRegs) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(vm.CreateVcpu(0), 0);
  Vcpu& v = *vm.GetVcpu(0);
  ASSERT_EQ(v.SetOneReg(KvmSysReg(3, 3, 14, 0, 2), 0x1234), 0);  // KVM_REG_ARM_TIMER_CVAL
  EXPECT_EQ(v.state().sys(SavedSysreg::CNTV_CVAL_EL0), 0x1234u);
  ASSERT_EQ(v.SetOneReg(KvmSysReg(3, 3, 14, 2, 1), 1), 0);  // KVM_REG_ARM_PTIMER_CTL
  EXPECT_EQ(v.state().sys(SavedSysreg::CNTP_CTL_EL0), 1u);
}
