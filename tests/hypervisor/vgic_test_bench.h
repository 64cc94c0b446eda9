// A VM with a placed, initialised vGIC and the accesses the vGIC tests make: the guest's
// (frame MMIO, replayed ICC_* registers) and the VMM's (the save/restore attributes).
#pragma once
#include <gtest/gtest.h>

#include "isa/system_registers.h"
#include "models/devices/gic/gicv3.h"
#include "models/hypervisor/vgic/vgic.h"
#include "vm_test_bench.h"

namespace hyp_test {

constexpr uint64_t kVgicDist = 0x08000000, kVgicCpu = 0x08010000, kVgicRedist = 0x080A0000;

// A vGIC of `version` at QEMU virt's addresses for the vCPUs `vm` has, initialised and
// mapped (what the VMM's vgic_setup does).
inline Vgic& InitVgic(Vm& vm, unsigned version) {
  KvmCreateDevice d;
  d.type = version == 2 ? KVM_DEV_TYPE_ARM_VGIC_V2 : KVM_DEV_TYPE_ARM_VGIC_V3;
  EXPECT_EQ(vm.CreateDevice(d), 0);
  Vgic& vgic = *vm.vgic();
  uint64_t dist = kVgicDist, other = version == 2 ? kVgicCpu : kVgicRedist;
  KvmDeviceAttr a;
  a.group = KVM_DEV_ARM_VGIC_GRP_ADDR;
  a.attr = version == 2 ? KVM_VGIC_V2_ADDR_TYPE_DIST : KVM_VGIC_V3_ADDR_TYPE_DIST;
  a.addr = &dist;
  EXPECT_EQ(vgic.SetAttr(a), 0);
  a.attr = version == 2 ? KVM_VGIC_V2_ADDR_TYPE_CPU : KVM_VGIC_V3_ADDR_TYPE_REDIST;
  a.addr = &other;
  EXPECT_EQ(vgic.SetAttr(a), 0);
  KvmDeviceAttr init;
  init.group = KVM_DEV_ARM_VGIC_GRP_CTRL;
  init.attr = KVM_DEV_ARM_VGIC_CTRL_INIT;
  EXPECT_EQ(vgic.SetAttr(init), 0);
  EXPECT_EQ(vgic.MapResources(), 0);
  return vgic;
}

// `vcpus` new vCPUs and InitVgic's vGIC.
inline Vgic& ReadyVgic(Vm& vm, unsigned version, unsigned vcpus) {
  for (unsigned i = 0; i < vcpus; ++i) EXPECT_EQ(vm.CreateVcpu(i), 0);
  return InitVgic(vm, version);
}

// The guest's 32-bit access by vCPU `vcpu`.
inline uint32_t GuestRead(Vgic& vgic, unsigned vcpu, uint64_t ipa) {
  uint8_t d[4] = {};
  EXPECT_EQ(vgic.Mmio(vcpu, ipa, false, d, 4), Vgic::MmioResult::Done);
  return uint32_t{d[0]} | uint32_t{d[1]} << 8 | uint32_t{d[2]} << 16 | uint32_t{d[3]} << 24;
}
inline void GuestWrite(Vgic& vgic, unsigned vcpu, uint64_t ipa, uint32_t v) {
  uint8_t d[4] = {static_cast<uint8_t>(v), static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v >> 16),
                  static_cast<uint8_t>(v >> 24)};
  EXPECT_EQ(vgic.Mmio(vcpu, ipa, true, d, 4), Vgic::MmioResult::Done);
}
// The guest's MRS / MSR of an ICC_* register on vCPU `vcpu` (GICv3).
inline uint64_t GuestMrs(Vgic& vgic, unsigned vcpu, const char* name) {
  uint64_t v = 0;
  EXPECT_TRUE(vgic.EmulateSysreg(vcpu, *mtesim::isa::FindSystemRegister(name), true, v)) << name;
  return v;
}
inline void GuestMsr(Vgic& vgic, unsigned vcpu, const char* name, uint64_t v) {
  EXPECT_TRUE(vgic.EmulateSysreg(vcpu, *mtesim::isa::FindSystemRegister(name), false, v)) << name;
}

// KVM_GET_DEVICE_ATTR / KVM_SET_DEVICE_ATTR: the errno, the value through `value`.
inline int GetReg(Vgic& vgic, uint32_t group, uint64_t attr, uint64_t& value) {
  KvmDeviceAttr a;
  a.group = group;
  a.attr = attr;
  a.addr = &value;
  return vgic.GetAttr(a);
}
inline int SetReg(Vgic& vgic, uint32_t group, uint64_t attr, uint64_t value) {
  KvmDeviceAttr a;
  a.group = group;
  a.attr = attr;
  a.addr = &value;
  return vgic.SetAttr(a);
}
// The GET of a register that must exist.
inline uint64_t Get(Vgic& vgic, uint32_t group, uint64_t attr) {
  uint64_t v = 0;
  EXPECT_EQ(GetReg(vgic, group, attr, v), 0) << "group " << group << " attr 0x" << std::hex << attr;
  return v;
}

// The attr's vCPU field for GICv3 vCPU `i` (its affinity, as GICR_TYPER[63:32]) and for
// GICv2 CPU `i`.
inline uint64_t V3Vcpu(unsigned i) {
  const uint64_t mpidr = mtesim::models::Gicv3::MpidrAffinity(i);
  return ((mpidr >> 8 & 0xFF000000u) | (mpidr & 0xFFFFFF)) << KVM_DEV_ARM_VGIC_V3_MPIDR_SHIFT;
}
inline uint64_t V2Cpu(unsigned i) { return uint64_t{i} << KVM_DEV_ARM_VGIC_CPUID_SHIFT; }

// ICC_* encodings as KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS names them.
constexpr uint64_t IccInstr(unsigned crn, unsigned crm, unsigned op2) { return 3u << 14 | crn << 7 | crm << 3 | op2; }
constexpr uint64_t kIccPmr = IccInstr(4, 6, 0), kIccBpr0 = IccInstr(12, 8, 3), kIccAp0r0 = IccInstr(12, 8, 4),
                   kIccAp0r1 = IccInstr(12, 8, 5), kIccAp1r0 = IccInstr(12, 9, 0), kIccIar1 = IccInstr(12, 12, 0),
                   kIccBpr1 = IccInstr(12, 12, 3), kIccCtlr = IccInstr(12, 12, 4), kIccSre = IccInstr(12, 12, 5),
                   kIccIgrpen0 = IccInstr(12, 12, 6), kIccIgrpen1 = IccInstr(12, 12, 7);

}  // namespace hyp_test
