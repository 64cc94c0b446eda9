// The KVM device API of the in-kernel vGIC (Linux include/uapi/linux/kvm.h and
// arch/arm64/include/uapi/asm/kvm.h): KVM_CREATE_DEVICE's types, the attribute groups a
// VMM sets on the device (KVM_SET_DEVICE_ATTR), and KVM_IRQ_LINE's encoding. Values are
// KVM's, so a VMM written against this model uses KVM's numbers.
#pragma once
#include <cstdint>

namespace mtesim::hyp {

// struct kvm_create_device: `type` in, `fd` out; with KVM_CREATE_DEVICE_TEST only whether
// the type exists is checked.
constexpr uint32_t KVM_DEV_TYPE_ARM_VGIC_V2 = 5;
constexpr uint32_t KVM_DEV_TYPE_ARM_VGIC_V3 = 7;
constexpr uint32_t KVM_CREATE_DEVICE_TEST = 1;
struct KvmCreateDevice {
  uint32_t type = 0;
  uint32_t fd = 0;
  uint32_t flags = 0;
};

// struct kvm_device_attr. `addr` is the user pointer the value is read from (SET) or
// written to (GET): here a host pointer to a u64. The groups whose value KVM defines as
// a __u32 (DIST_REGS, REDIST_REGS, CPU_REGS, LEVEL_INFO) use its low 32 bits: a GET
// stores the value zero-extended, a SET ignores the upper half.
struct KvmDeviceAttr {
  uint32_t flags = 0;
  uint32_t group = 0;
  uint64_t attr = 0;
  uint64_t* addr = nullptr;
};

// Attribute groups (arch/arm64/include/uapi/asm/kvm.h).
constexpr uint32_t KVM_DEV_ARM_VGIC_GRP_ADDR = 0;
constexpr uint32_t KVM_DEV_ARM_VGIC_GRP_DIST_REGS = 1;
constexpr uint32_t KVM_DEV_ARM_VGIC_GRP_CPU_REGS = 2;  // GICv2's CPU interface
constexpr uint32_t KVM_DEV_ARM_VGIC_GRP_NR_IRQS = 3;
constexpr uint32_t KVM_DEV_ARM_VGIC_GRP_CTRL = 4;
constexpr uint32_t KVM_DEV_ARM_VGIC_GRP_REDIST_REGS = 5;
constexpr uint32_t KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS = 6;  // GICv3's ICC_* registers
constexpr uint32_t KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO = 7;
// The register groups' attr: GICv2 names the CPU in bits [39:32], GICv3 the vCPU's
// affinity (Aff3.Aff2.Aff1.Aff0) in bits [63:32]; below, the frame offset, or for
// CPU_SYSREGS the register's encoding (op0 [15:14], op1 [13:11], CRn [10:7], CRm [6:3],
// op2 [2:0]), or for LEVEL_INFO the info [31:10] and the first INTID [9:0].
constexpr unsigned KVM_DEV_ARM_VGIC_CPUID_SHIFT = 32;
constexpr uint64_t KVM_DEV_ARM_VGIC_CPUID_MASK = uint64_t{0xFF} << KVM_DEV_ARM_VGIC_CPUID_SHIFT;
constexpr unsigned KVM_DEV_ARM_VGIC_V3_MPIDR_SHIFT = 32;
constexpr uint64_t KVM_DEV_ARM_VGIC_V3_MPIDR_MASK = uint64_t{0xFFFFFFFF} << KVM_DEV_ARM_VGIC_V3_MPIDR_SHIFT;
constexpr uint64_t KVM_DEV_ARM_VGIC_OFFSET_MASK = 0xFFFFFFFF;
constexpr uint64_t KVM_DEV_ARM_VGIC_SYSREG_INSTR_MASK = 0xFFFF;
constexpr unsigned KVM_DEV_ARM_VGIC_LINE_LEVEL_INFO_SHIFT = 10;
constexpr uint64_t KVM_DEV_ARM_VGIC_LINE_LEVEL_INFO_MASK = uint64_t{0x3FFFFF} << KVM_DEV_ARM_VGIC_LINE_LEVEL_INFO_SHIFT;
constexpr uint64_t KVM_DEV_ARM_VGIC_LINE_LEVEL_INTID_MASK = 0x3FF;
constexpr uint64_t VGIC_LEVEL_INFO_LINE_LEVEL = 0;
constexpr uint64_t KVM_DEV_ARM_VGIC_CTRL_INIT = 0;
// KVM_DEV_ARM_VGIC_GRP_ADDR attributes: which frame's base address.
constexpr uint64_t KVM_VGIC_V2_ADDR_TYPE_DIST = 0;
constexpr uint64_t KVM_VGIC_V2_ADDR_TYPE_CPU = 1;
constexpr uint64_t KVM_VGIC_V3_ADDR_TYPE_DIST = 2;
constexpr uint64_t KVM_VGIC_V3_ADDR_TYPE_REDIST = 3;
// Frame sizes and the alignment KVM requires of their bases.
constexpr uint64_t KVM_VGIC_V2_DIST_SIZE = 0x1000;
constexpr uint64_t KVM_VGIC_V2_CPU_SIZE = 0x2000;
constexpr uint64_t KVM_VGIC_V3_DIST_SIZE = 0x10000;
constexpr uint64_t KVM_VGIC_V3_REDIST_SIZE = 0x20000;  // RD_base + SGI_base, per vCPU
constexpr uint64_t kVgicV2Alignment = 0x1000;          // SZ_4K
constexpr uint64_t kVgicV3Alignment = 0x10000;         // SZ_64K
// The highest vCPU count a GICv2 can address (GICD_ITARGETSR has 8 bits).
constexpr unsigned VGIC_V2_MAX_CPUS = 8;
// The interrupt count the vGIC implements: QEMU's virt sets KVM_DEV_ARM_VGIC_GRP_NR_IRQS
// to 288 (256 SPIs), which is what the register model (models/devices/gic) has.
constexpr uint32_t kVgicNrIrqs = 288;

// KVM_IRQ_LINE's irq field: type in bits [27:24], vCPU index in [23:16] (and [31:28] as
// vcpu2 for more than 256 vCPUs), INTID in [15:0].
constexpr unsigned KVM_ARM_IRQ_TYPE_SHIFT = 24, KVM_ARM_IRQ_VCPU_SHIFT = 16, KVM_ARM_IRQ_VCPU2_SHIFT = 28;
constexpr uint32_t KVM_ARM_IRQ_TYPE_CPU = 0;
constexpr uint32_t KVM_ARM_IRQ_TYPE_SPI = 1;
constexpr uint32_t KVM_ARM_IRQ_TYPE_PPI = 2;
constexpr uint32_t KvmArmIrq(uint32_t type, uint32_t vcpu, uint32_t intid) {
  return type << KVM_ARM_IRQ_TYPE_SHIFT | (vcpu & 0xFF) << KVM_ARM_IRQ_VCPU_SHIFT |
         (vcpu >> 8 & 0xF) << KVM_ARM_IRQ_VCPU2_SHIFT | (intid & 0xFFFF);
}
// struct kvm_irq_level.
struct KvmIrqLevel {
  uint32_t irq = 0;
  uint32_t level = 0;
};

}  // namespace mtesim::hyp
