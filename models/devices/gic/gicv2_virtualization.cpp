// The GICv2 Virtualization Extensions (IHI 0048B chapter 5): the virtual interface control
// registers (GICH) of the accessing CPU, the list registers that feed its virtual CPU
// interface (GICV), the VIRQ/VFIQ outputs and the maintenance interrupt (PPI 25).
#include <algorithm>

#include "models/devices/gic/gicv2.h"
#include "models/devices/gic/gicv2_registers.h"

namespace mtesim::models {

using namespace gicv2;
using Line = isa::ExecContext::InterruptLine;

namespace {
// An invalid entry that asks for an EOI maintenance interrupt (GICH_EISR).
bool LrSignalsEoi(uint32_t lr) { return LrState(lr) == 0 && !(lr & kLrHw) && (lr & kLrEoi); }
// An entry free for reuse (GICH_ELRSR).
bool LrIsEmpty(uint32_t lr) { return LrState(lr) == 0 && ((lr & kLrHw) || !(lr & kLrEoi)); }
}  // namespace

uint32_t Gicv2::HypRead(unsigned cpu, uint64_t offset) const {
  const HypState& h = hyp_[cpu];
  const CpuInterfaceState& v = vcpu_[cpu];
  if (offset >= GICH_LR0 && offset <= GICH_LR63) {
    const unsigned n = static_cast<unsigned>(offset - GICH_LR0) / 4;
    return n < h.lr.size() ? h.lr[n] : 0;
  }
  switch (offset) {
    case GICH_HCR: return h.hcr;
    case GICH_VTR: return kVtr;
    case GICH_VMCR:
      return (v.ctlr & kVmcrCtlrMask) | uint32_t{v.abpr} << kVmcrAbpShift | uint32_t{v.bpr} << kVmcrBpShift |
             uint32_t(v.priority_mask >> 3) << kVmcrPriMaskShift;
    case GICH_MISR: return h.misr;
    case GICH_EISR0: return ListRegisterStatus(cpu, 0, LrSignalsEoi);
    case GICH_EISR1: return ListRegisterStatus(cpu, 32, LrSignalsEoi);
    case GICH_ELRSR0: return ListRegisterStatus(cpu, 0, LrIsEmpty);
    case GICH_ELRSR1: return ListRegisterStatus(cpu, 32, LrIsEmpty);
    case GICH_APR: return v.apr[0];
    default: return 0;
  }
}

void Gicv2::HypWrite(unsigned cpu, uint64_t offset, uint32_t value) {
  HypState& h = hyp_[cpu];
  CpuInterfaceState& v = vcpu_[cpu];
  if (offset >= GICH_LR0 && offset <= GICH_LR63) {
    const unsigned n = static_cast<unsigned>(offset - GICH_LR0) / 4;
    if (n < h.lr.size()) h.lr[n] = value & kLrMask;
    return;
  }
  switch (offset) {
    case GICH_HCR: h.hcr = value & kHcrMask; return;
    // GICH_VMCR is the hypervisor's window on GICV_CTLR, _ABPR, _BPR and _PMR.
    case GICH_VMCR:
      v.ctlr = value & kVmcrCtlrMask & kCpuCtlrMask;
      v.abpr = static_cast<uint8_t>(std::max((value >> kVmcrAbpShift) & 7, kVirtualResetAbpr));
      v.bpr = static_cast<uint8_t>(std::max((value >> kVmcrBpShift) & 7, kVirtualMinBpr));
      v.priority_mask = static_cast<uint16_t>(((value >> kVmcrPriMaskShift) & 0x1F) << 3);
      return;
    case GICH_APR:
      v.apr[0] = value;
      v.running_priority = PriorityFromActiveBits(v, true);
      return;
    default: return;  // GICH_VTR, _MISR, _EISRn and _ELRSRn are read-only
  }
}

// GICH_EISR<n> and GICH_ELRSR<n>: bit i for list register first_lr + i if `test` holds.
uint32_t Gicv2::ListRegisterStatus(unsigned cpu, unsigned first_lr, bool (*test)(uint32_t lr)) const {
  uint32_t bits = 0;
  for (unsigned n = first_lr; n < kListRegisterCount; ++n) {
    if (test(hyp_[cpu].lr[n])) bits |= 1u << (n - first_lr);
  }
  return bits;
}

void Gicv2::CountUnmatchedEoi(unsigned cpu) {
  hyp_[cpu].hcr = static_cast<uint32_t>(maintenance::WithEoiCountIncremented(hyp_[cpu].hcr));
}

// The list register that holds virtual interrupt `virtual_id` (several holding it is
// UNPREDICTABLE: the lowest numbered valid one is used).
uint32_t* Gicv2::ListRegisterFor(unsigned cpu, unsigned virtual_id) {
  for (unsigned n = 0; n < kListRegisterCount; ++n) {
    uint32_t& lr = hyp_[cpu].lr[n];
    if (LrVirtualId(lr) == virtual_id && LrState(lr) != 0) return &lr;
  }
  return nullptr;
}

// Whether an EOI or DIR of `virtual_id` matches an acknowledged (active) list register.
bool Gicv2::HasActiveListRegister(unsigned cpu, unsigned virtual_id) const {
  for (unsigned n = 0; n < kListRegisterCount; ++n) {
    const uint32_t lr = hyp_[cpu].lr[n];
    if (LrVirtualId(lr) == virtual_id && (lr & kLrActive)) return true;
  }
  return false;
}

// GICH_MISR: the conditions of maintenance.h over the list registers and GICV_CTLR.
uint32_t Gicv2::MaintenanceStatus(unsigned cpu) const {
  const HypState& h = hyp_[cpu];
  const uint32_t ctlr = vcpu_[cpu].ctlr;
  maintenance::Inputs in{ListRegisterStatus(cpu, 0, LrSignalsEoi) != 0, 0, 0, (ctlr & kCtlrEnableGrp0) != 0,
                         (ctlr & kCtlrEnableGrp1) != 0};
  for (unsigned n = 0; n < kListRegisterCount; ++n) {
    in.valid += LrState(h.lr[n]) != 0;
    in.pending += LrState(h.lr[n]) == 1;
  }
  return maintenance::Status(h.hcr, in);
}

// The virtual counterpart of UpdatePhysical over the pending list registers, gated by
// GICH_HCR.En instead of GICD_CTLR (and, as there, choosing before looking at the group
// enables); then the maintenance interrupt, which is asserted while GICH_HCR.En is set and
// any GICH_MISR bit is.
void Gicv2::UpdateVirtual(unsigned cpu) {
  CpuInterfaceState& vi = vcpu_[cpu];
  HypState& h = hyp_[cpu];
  vi.highest_pending = kSpurious;
  bool virq = false, vfiq = false;
  if ((h.hcr & maintenance::kHcrEn) && (vi.ctlr & (kCtlrEnableGrp0 | kCtlrEnableGrp1))) {
    unsigned best = kSpurious, best_priority = kIdlePriority;
    bool best_group1 = false;
    for (unsigned n = 0; n < kListRegisterCount; ++n) {
      const uint32_t lr = h.lr[n];
      if (LrState(lr) == 1 && LrPriority(lr) < best_priority) {  // pending, not active
        best_priority = LrPriority(lr);
        best = LrVirtualId(lr);
        best_group1 = (lr & kLrGroup1) != 0;
      }
    }
    Present(vi, best, best_priority, best_group1, ~0u, virq, vfiq);
  }
  pe_[cpu].Drive(Line::kVirqLine, virq);
  pe_[cpu].Drive(Line::kVfiqLine, vfiq);

  h.misr = MaintenanceStatus(cpu);
  view_[cpu].SetLevel(kMaintenanceInterrupt, (h.hcr & maintenance::kHcrEn) && h.misr);
}

}  // namespace mtesim::models
