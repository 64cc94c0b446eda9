#include "models/hypervisor/host_gic.h"

#include "models/hypervisor/el2_sysreg.h"
#include "models/devices/gic/gicv3_registers.h"
#include "models/devices/gic/interrupt_controller.h"

namespace mtesim::hyp {
namespace {

namespace gic = models::gicv3;

// The private interrupts the host uses (header); every other one stays disabled.
constexpr uint32_t kHostPrivate = 1u << models::kVirtualTimerPpi | 1u << models::kPhysicalTimerPpi |
                                  1u << models::kHypPhysicalTimerPpi | 1u << HostGic::kKickSgi;

}  // namespace

HostGic::HostGic(HostPhysicalMemory& memory, uint64_t distributor_base, uint64_t redistributor_base)
    : memory_(memory), distributor_(distributor_base), redistributors_(redistributor_base) {}

bool HostGic::InitPe(models::ProcessingElement& pe) {
  if (!distributor_ready_) {
    // Affinity routing, Group 1 on (one Security state: Group 1 is signalled as IRQ).
    if (!memory_.WriteDevice32(distributor_ + gic::gicd::CTLR, gic::gicd::kCtlrAre | gic::gicd::kCtlrEnableGrp1))
      return false;
    distributor_ready_ = true;
  }
  const unsigned n = pe.index();
  if (redistributor_ready_.size() <= n) redistributor_ready_.resize(n + 1, false);
  if (!redistributor_ready_[n]) {
    const uint64_t rd = redistributors_ + n * gic::kRedistributorStride;
    // Wake the redistributor, put the host's interrupts in Group 1 and enable them
    // (priority 0).
    if (!memory_.WriteDevice32(rd + gic::gicr::WAKER, 0) || !memory_.WriteDevice32(rd + gic::gicr::IGROUPR0, kHostPrivate) ||
        !memory_.WriteDevice32(rd + gic::gicr::ISENABLER0, kHostPrivate))
      return false;
    redistributor_ready_[n] = true;
  }
  // The CPU interface resets with the PE: every priority unmasked, split EOI, Group 1 on.
  pe.WriteSystemRegister(isa::Insn{SysregAccessInsn("ICC_PMR_EL1", false)}, 0xFF);
  pe.WriteSystemRegister(isa::Insn{SysregAccessInsn("ICC_CTLR_EL1", false)}, gic::icc::kCtlrEoiMode);
  pe.WriteSystemRegister(isa::Insn{SysregAccessInsn("ICC_IGRPEN1_EL1", false)}, 1);
  return true;
}

unsigned HostGic::Acknowledge(models::ProcessingElement& pe) {
  static const uint32_t iar = SysregAccessInsn("ICC_IAR1_EL1", true);
  return static_cast<unsigned>(pe.ReadSystemRegister(isa::Insn{iar}) & 0xFFFFFF);
}

void HostGic::PriorityDrop(models::ProcessingElement& pe, unsigned intid) {
  static const uint32_t eoir = SysregAccessInsn("ICC_EOIR1_EL1", false);
  pe.WriteSystemRegister(isa::Insn{eoir}, intid);
}

void HostGic::Deactivate(models::ProcessingElement& pe, unsigned intid) {
  static const uint32_t dir = SysregAccessInsn("ICC_DIR_EL1", false);
  pe.WriteSystemRegister(isa::Insn{dir}, intid);
}

void HostGic::Kick(unsigned pe_index) {
  memory_.WriteDevice32(redistributors_ + pe_index * gic::kRedistributorStride + gic::gicr::ISPENDR0, 1u << kKickSgi);
}

void HostGic::ClearActive(unsigned pe_index, unsigned intid) {
  memory_.WriteDevice32(redistributors_ + pe_index * gic::kRedistributorStride + gic::gicr::ICACTIVER0, 1u << intid);
}

}  // namespace mtesim::hyp
