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
// written to (GET): here a host pointer to a u64.
struct KvmDeviceAttr {
  uint32_t flags = 0;
  uint32_t group = 0;
  uint64_t attr = 0;
  uint64_t* addr = nullptr;
};

// Attribute groups (arch/arm64/include/uapi/asm/kvm.h).
constexpr uint32_t KVM_DEV_ARM_VGIC_GRP_ADDR = 0;
constexpr uint32_t KVM_DEV_ARM_VGIC_GRP_NR_IRQS = 3;
constexpr uint32_t KVM_DEV_ARM_VGIC_GRP_CTRL = 4;
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
