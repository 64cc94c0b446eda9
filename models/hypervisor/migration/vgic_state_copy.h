// The in-kernel vGIC's state carried from a source VM to its destination at switch-over,
// as QEMU's arm_gicv3_kvm.c / arm_gic_kvm.c save it from one KVM and restore it into the
// other: every register through KVM_GET_DEVICE_ATTR on the source's vGIC and
// KVM_SET_DEVICE_ATTR on the destination's (the DIST_REGS, REDIST_REGS / CPU_REGS,
// CPU_SYSREGS and LEVEL_INFO groups), in QEMU's order: configuration (groups, trigger
// modes, routing) before the pending and active state it qualifies, input levels before
// pending latches, the CPU interface's control before its priorities.
#pragma once
#include <cstdint>

#include "models/hypervisor/vgic/vgic.h"

namespace mtesim::hyp {

// Both vGICs of one version with the same vCPUs (the VMM created both alike), the
// source's vCPUs stopped. The registers written, or the first GET/SET's errno (EINVAL
// when the two vGICs differ in version or vCPU count); 0 for a source vGIC that was never
// initialised (a GICv2 initialises at its first use).
int64_t CopyVgicState(Vgic& source, Vgic& destination);

}  // namespace mtesim::hyp
