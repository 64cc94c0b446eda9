// The vGIC's state copy (models/hypervisor/migration/vgic_state_copy.h): a guest's GIC
// configured on one VM, copied into a fresh VM's vGIC through the GET/SET attribute
// groups, reads the same everywhere afterwards, through the VMM's attributes and the
// guest's own accesses, and goes on to deliver what the source would have.
#include <gtest/gtest.h>

#include "models/hypervisor/migration/vgic_state_copy.h"
#include "vgic_test_bench.h"

using namespace hyp_test;

namespace {

constexpr uint64_t kSgiBase = 0x10000;

// Every register a GET reaches in `group` with the vCPU field `who` over [0, end): the
// offsets with none (ENXIO) are skipped, the same on both sides.
void ExpectSameRegisters(Vgic& a, Vgic& b, uint32_t group, uint64_t who, uint64_t end) {
  for (uint64_t off = 0; off < end; off += 4) {
    uint64_t va = 0, vb = 0;
    const int ea = GetReg(a, group, who | off, va), eb = GetReg(b, group, who | off, vb);
    ASSERT_EQ(ea, eb) << "group " << group << " offset 0x" << std::hex << off;
    if (ea == 0) {
      EXPECT_EQ(va, vb) << "group " << group << " offset 0x" << std::hex << off;
    }
  }
}

void ExpectSameGuestView(Vgic& a, Vgic& b, unsigned vcpu, uint64_t base, uint64_t end) {
  for (uint64_t off = 0; off < end; off += 4) {
    if (base == kVgicCpu && off == 0x0C) continue;  // GICC_IAR would acknowledge
    EXPECT_EQ(GuestRead(a, vcpu, base + off), GuestRead(b, vcpu, base + off))
        << "vCPU " << vcpu << " at 0x" << std::hex << base + off;
  }
}

}  // namespace

TEST(VgicStateCopy, AGicv3RoundTripReadsTheSameEverywhere) {
  VmBench bench;
  Vm& src_vm = bench.NewVm();
  Vm& dst_vm = bench.NewVm();
  Vgic& src = ReadyVgic(src_vm, 3, 2);
  Vgic& dst = ReadyVgic(dst_vm, 3, 2);
  // The guest's driver: both groups on, SPIs 40 (edge, routed to vCPU 1) and 41 (level,
  // its line high) in Group 1, enabled, with priorities; PPI 27 on vCPU 0; an SGI pending
  // on vCPU 1.
  GuestWrite(src, 0, kVgicDist + 0x0, 0x3);
  GuestWrite(src, 0, kVgicDist + 0x84, 3u << 8);
  GuestWrite(src, 0, kVgicDist + 0x104, 3u << 8);
  GuestWrite(src, 0, kVgicDist + 0x428, 0x6080);  // SPI 40: 0x80, SPI 41: 0x60
  GuestWrite(src, 0, kVgicDist + 0xC08, 2u << 2 * 8);  // SPI 40 edge-triggered
  GuestWrite(src, 0, kVgicDist + 0x6000 + 8 * 40, static_cast<uint32_t>(V3Vcpu(1) >> 32));
  GuestWrite(src, 0, kVgicRedist + kSgiBase + 0x80, 1u << 27);
  GuestWrite(src, 0, kVgicRedist + kSgiBase + 0x100, 1u << 27);
  GuestWrite(src, 0, kVgicRedist + kSgiBase + 0x418, 0x50u << 24);  // PPI 27: 0x50
  GuestWrite(src, 0, kVgicRedist + 0x20000 + kSgiBase + 0x80, 1u << 3);   // vCPU 1's SGI 3: Group 1,
  GuestWrite(src, 0, kVgicRedist + 0x20000 + kSgiBase + 0x100, 1u << 3);  // enabled,
  GuestWrite(src, 0, kVgicRedist + 0x20000 + kSgiBase + 0x200, 1u << 3);  // pending
  GuestWrite(src, 0, kVgicRedist + 0x14, 0);  // GICR_WAKER: vCPU 0 awake
  for (unsigned v = 0; v < 2; ++v) {
    GuestMsr(src, v, "ICC_PMR_EL1", 0xF0);
    GuestMsr(src, v, "ICC_IGRPEN1_EL1", 1);
  }
  GuestMsr(src, 0, "ICC_BPR0_EL1", 3);
  GuestMsr(src, 0, "ICC_CTLR_EL1", 2);  // EOImode: acknowledge and drop, deactivate later
  KvmIrqLevel line;
  line.irq = KvmArmIrq(KVM_ARM_IRQ_TYPE_SPI, 0, 41);
  line.level = 1;
  ASSERT_EQ(src_vm.IrqLine(line), 0);
  src.SetPpi(0, 27, true);
  // vCPU 0 takes PPI 27 (priority 0x50, before SPI 41's 0x60) and drops its priority
  // (EOImode: it stays active until deactivated), then takes SPI 41, which it holds:
  // two active interrupts, 41's priority in ICC_AP1R0_EL1.
  ASSERT_EQ(GuestMrs(src, 0, "ICC_IAR1_EL1"), 27u);
  src.SetPpi(0, 27, false);
  GuestMsr(src, 0, "ICC_EOIR1_EL1", 27);
  ASSERT_EQ(GuestMrs(src, 0, "ICC_IAR1_EL1"), 41u);
  ASSERT_EQ(GuestMrs(src, 0, "ICC_RPR_EL1"), 0x60u);
  // The SPI 40 latch: pending for vCPU 1.
  GuestWrite(src, 0, kVgicDist + 0x204, 1u << 8);

  ASSERT_GT(CopyVgicState(src, dst), 0);

  ExpectSameRegisters(src, dst, KVM_DEV_ARM_VGIC_GRP_DIST_REGS, 0, 0x10000);
  for (unsigned v = 0; v < 2; ++v) {
    ExpectSameRegisters(src, dst, KVM_DEV_ARM_VGIC_GRP_REDIST_REGS, V3Vcpu(v), 0x20000);
    for (unsigned intid = 0; intid < 1024; intid += 32)
      EXPECT_EQ(Get(src, KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO, V3Vcpu(v) | intid),
                Get(dst, KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO, V3Vcpu(v) | intid));
    for (const uint64_t r : {kIccPmr, kIccBpr0, kIccBpr1, kIccAp0r0, kIccAp1r0, kIccCtlr, kIccSre, kIccIgrpen0,
                             kIccIgrpen1})
      EXPECT_EQ(Get(src, KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS, V3Vcpu(v) | r),
                Get(dst, KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS, V3Vcpu(v) | r));
    for (const char* r : {"ICC_RPR_EL1", "ICC_HPPIR1_EL1", "ICC_HPPIR0_EL1"})
      EXPECT_EQ(GuestMrs(src, v, r), GuestMrs(dst, v, r)) << r << " of vCPU " << v;
    EXPECT_EQ(src.lines(v).virq(), dst.lines(v).virq()) << "vCPU " << v;
  }
  ExpectSameGuestView(src, dst, 0, kVgicDist, 0x10000);
  ExpectSameGuestView(src, dst, 0, kVgicRedist, 0x40000);
  // What the destination holds is live state, not a copy of numbers: vCPU 1 takes the
  // pending SGI 3 and then SPI 40 (0x80 only once 3 is dropped), as it would have at
  // the source; vCPU 0 completes 41 and runs idle again, 27 still active.
  EXPECT_EQ(GuestMrs(dst, 1, "ICC_IAR1_EL1"), 3u);
  GuestMsr(dst, 1, "ICC_EOIR1_EL1", 3);
  EXPECT_EQ(GuestMrs(dst, 1, "ICC_IAR1_EL1"), 40u);
  EXPECT_EQ(GuestRead(dst, 0, kVgicDist + 0x304), 3u << 8);  // 40 and 41 active
  GuestMsr(dst, 0, "ICC_EOIR1_EL1", 41);
  GuestMsr(dst, 0, "ICC_DIR_EL1", 41);
  EXPECT_EQ(GuestRead(dst, 0, kVgicDist + 0x304), 1u << 8);
  EXPECT_EQ(GuestMrs(dst, 0, "ICC_RPR_EL1"), 0xFFu);
  EXPECT_EQ(GuestRead(dst, 0, kVgicRedist + kSgiBase + 0x300), 1u << 27);
}

TEST(VgicStateCopy, AGicv2RoundTripReadsTheSameEverywhere) {
  VmBench bench;
  Vm& src_vm = bench.NewVm();
  Vm& dst_vm = bench.NewVm();
  Vgic& src = ReadyVgic(src_vm, 2, 2);
  Vgic& dst = ReadyVgic(dst_vm, 2, 2);
  GuestWrite(src, 0, kVgicDist + 0x0, 1);                 // GICD_CTLR
  GuestWrite(src, 0, kVgicDist + 0x104, 3u << 8);         // SPIs 40, 41 enabled
  GuestWrite(src, 0, kVgicDist + 0x428, 0x6080);          // their priorities
  GuestWrite(src, 0, kVgicDist + 0x828, 0x0102);          // SPI 40 -> CPU 1, SPI 41 -> CPU 0
  GuestWrite(src, 0, kVgicDist + 0xC08, 2u << 2 * 8);     // SPI 40 edge-triggered
  for (unsigned c = 0; c < 2; ++c) {
    GuestWrite(src, c, kVgicDist + 0x100, 1u << 27);      // each CPU's PPI 27
    GuestWrite(src, c, kVgicDist + 0x418, 0x50u << 24);
    GuestWrite(src, c, kVgicCpu + 0x00, 1);               // GICC_CTLR
    GuestWrite(src, c, kVgicCpu + 0x04, 0xF0);            // GICC_PMR
  }
  GuestWrite(src, 0, kVgicCpu + 0x08, 3);                 // GICC_BPR
  GuestWrite(src, 0, kVgicDist + 0xF00, 2u << 16 | 5);    // SGI 5 from CPU 0 to CPU 1
  KvmIrqLevel line;
  line.irq = KvmArmIrq(KVM_ARM_IRQ_TYPE_SPI, 0, 41);
  line.level = 1;
  ASSERT_EQ(src_vm.IrqLine(line), 0);
  src.SetPpi(0, 27, true);
  ASSERT_EQ(GuestRead(src, 0, kVgicCpu + 0x0C), 27u);     // CPU 0 acknowledges PPI 27: active
  GuestWrite(src, 0, kVgicDist + 0x204, 1u << 8);         // SPI 40 latched (on CPU 1)
  src.SetPpi(0, 27, false);

  ASSERT_GT(CopyVgicState(src, dst), 0);
  // KVM's GICv2 has no LEVEL_INFO: the device holding SPI 41 high drives its line again
  // on the destination (QEMU's devices carry their output levels in their own state).
  ASSERT_EQ(dst_vm.IrqLine(line), 0);

  for (unsigned c = 0; c < 2; ++c) {
    ExpectSameRegisters(src, dst, KVM_DEV_ARM_VGIC_GRP_DIST_REGS, V2Cpu(c), 0x1000);
    ExpectSameRegisters(src, dst, KVM_DEV_ARM_VGIC_GRP_CPU_REGS, V2Cpu(c), 0x100);
    ExpectSameGuestView(src, dst, c, kVgicDist, 0xF00);
    ExpectSameGuestView(src, dst, c, kVgicCpu, 0x100);
    EXPECT_EQ(src.lines(c).virq(), dst.lines(c).virq()) << "CPU " << c;
  }
  // The destination delivers what the source would: CPU 1 the SGI from CPU 0, then SPI 40.
  EXPECT_EQ(GuestRead(dst, 1, kVgicCpu + 0x0C), 5u);  // GICC_IAR: source CPU 0, SGI 5
  GuestWrite(dst, 1, kVgicCpu + 0x10, 5);              // GICC_EOIR
  EXPECT_EQ(GuestRead(dst, 1, kVgicCpu + 0x0C), 40u);
  EXPECT_EQ(GuestRead(dst, 0, kVgicCpu + 0x14), 0x50u);  // CPU 0 still runs at PPI 27's priority
}

TEST(VgicStateCopy, VgicsOfDifferentShapesAreEinval) {
  VmBench bench;
  Vm& a = bench.NewVm();
  Vm& b = bench.NewVm();
  Vgic& src = ReadyVgic(a, 3, 2);
  Vgic& dst = ReadyVgic(b, 3, 1);
  EXPECT_EQ(CopyVgicState(src, dst), kEINVAL);
}
