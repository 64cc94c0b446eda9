// The host kernel's GICv3 driver as the hypervisor needs it (Linux irq-gic-v3.c, reduced
// to what KVM's timer handling uses): the distributor and each PE's redistributor set up
// once, the CPU interface (ICC_PMR_EL1, ICC_CTLR_EL1.EOImode = 1, ICC_IGRPEN1_EL1) every
// time a PE comes out of reset, and acknowledge / priority drop / deactivate on the PE's
// own ICC_* registers, executed at EL2 through the PE as EL2 code would. EOImode 1 splits
// the priority drop from the deactivation, which is what lets KVM keep a level-sensitive
// timer PPI active (so it does not fire again) until the guest has dealt with it.
//
// Enabled, in Group 1 at the highest priority: the timer PPIs the guests own (CNTV 27,
// CNTP 30), the hypervisor's own EL2 physical timer (CNTHP 26: the scheduler's tick) and
// one SGI, the kick that makes a PE leave its guest to reschedule (Linux's
// IPI_RESCHEDULE, what kvm_vcpu_kick sends). The redistributor of PE n is the n-th frame (the boards number their
// PEs as QEMU virt does; a kernel would match GICR_TYPER's affinity).
#pragma once
#include <cstdint>
#include <vector>

#include "models/hypervisor/host_memory.h"
#include "models/pe/processing_element.h"

namespace mtesim::hyp {

class HostGic {
 public:
  HostGic(HostPhysicalMemory& memory, uint64_t distributor_base, uint64_t redistributor_base);

  // Readies the GIC for `pe`, which has just been powered on at EL2. False when the
  // GIC refused a register write (no GIC there).
  bool InitPe(models::ProcessingElement& pe);
  // ICC_IAR1_EL1: the INTID acknowledged (1023 when none).
  unsigned Acknowledge(models::ProcessingElement& pe);
  // ICC_EOIR1_EL1 (priority drop only, with EOImode 1) and ICC_DIR_EL1.
  void PriorityDrop(models::ProcessingElement& pe, unsigned intid);
  void Deactivate(models::ProcessingElement& pe, unsigned intid);
  // Makes the kick SGI pending on PE `pe_index` (from any PE's thread: the host sets it
  // pending in that PE's redistributor).
  void Kick(unsigned pe_index);
  static constexpr unsigned kKickSgi = 0;
  // Clears the active state of private interrupt `intid` of PE `pe_index` in its
  // redistributor (GICR_ICACTIVER0), from any thread: a timer PPI held active for a vCPU
  // that leaves the PE, whose CPU interface may be in no state to take ICC_DIR_EL1.
  void ClearActive(unsigned pe_index, unsigned intid);

 private:
  HostPhysicalMemory& memory_;
  const uint64_t distributor_, redistributors_;
  bool distributor_ready_ = false;
  std::vector<bool> redistributor_ready_;
};

}  // namespace mtesim::hyp
