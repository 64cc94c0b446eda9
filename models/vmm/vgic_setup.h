// The VMM's part of the in-kernel interrupt controller, as QEMU's kvm_arm_gicv2/gicv3
// realize it for the virt machine: KVM_CREATE_DEVICE of the vGIC version the guest's
// device tree describes, its frames placed at QEMU virt's addresses (KVM_DEV_ARM_VGIC_
// GRP_ADDR), then KVM_DEV_ARM_VGIC_CTRL_INIT once every vCPU exists.
#pragma once

#include "models/hypervisor/vm.h"

namespace mtesim::vmm {

// `version` 2 or 3. Returns 0 or the first KVM error (a negative errno).
int CreateVgic(hyp::Vm& vm, unsigned version);

}  // namespace mtesim::vmm
