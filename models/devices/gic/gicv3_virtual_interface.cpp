// The virtualization extension of the CPU interface (IHI 0069 chapter 6 and section
// 12.4-12.5): the ICH_*_EL2 control registers, and the ICV_*_EL1 registers an EL1 guest
// reaches under HCR_EL2.IMO/FMO, which present the list registers as a virtual CPU
// interface: acknowledge moves a list register from pending to active, EOI drops the
// virtual running priority and (EOImode 0) deactivates, a hardware list register
// (HW = 1) deactivates its physical interrupt too. The virtual IRQ/FIQ lines and the
// maintenance interrupt (PPI 25 of this PE, while ICH_HCR_EL2.En and ICH_MISR_EL2 != 0)
// are recomputed after every change, as QEMU does.
#include <algorithm>

#include "models/devices/gic/gicv3.h"
#include "models/devices/gic/gicv3_cpu_interface.h"
#include "models/devices/gic/priority.h"

namespace mtesim::models {

using namespace gicv3;
using isa::ExecContext;
using isa::GicRegister;

namespace {

uint8_t LrPriority(uint64_t lr) { return static_cast<uint8_t>(lr >> ich::kLrPriorityShift); }
uint64_t LrVintid(uint64_t lr) { return lr & ich::kLrVintidMask; }
bool IsSpecial(uint64_t intid) { return intid >= kFirstSpecialIntid && intid <= kSpurious; }
// ICH_EISR_EL2: invalid, software-managed (HW = 0) and asking for a maintenance interrupt
// on EOI.
bool LrSignalsEoi(uint64_t lr) { return (lr & (ich::kLrState | ich::kLrHw | ich::kLrEoi)) == ich::kLrEoi; }
// ICH_ELRSR_EL2: invalid and holding no pending EOI maintenance.
bool LrIsEmpty(uint64_t lr) { return (lr & ich::kLrState) == 0 && ((lr & ich::kLrHw) || !(lr & ich::kLrEoi)); }
unsigned VmcrField(uint64_t vmcr, unsigned shift, unsigned bits) {
  return static_cast<unsigned>(vmcr >> shift) & ((1u << bits) - 1);
}

}  // namespace

// ---- ICH_*_EL2 ----

uint64_t Gicv3CpuInterface::ReadHypervisor(GicRegister r) const {
  switch (r) {
    case GicRegister::ICH_AP0R0_EL2: return vapr_[kGroup0];
    case GicRegister::ICH_AP1R0_EL2: return vapr_[kGroup1];
    case GicRegister::ICH_HCR_EL2: return hcr_;
    case GicRegister::ICH_VTR_EL2: return ich::kVtr;
    case GicRegister::ICH_MISR_EL2: return MaintenanceStatus();
    case GicRegister::ICH_EISR_EL2: return ListRegisterStatus(LrSignalsEoi);
    case GicRegister::ICH_ELRSR_EL2: return ListRegisterStatus(LrIsEmpty);
    case GicRegister::ICH_VMCR_EL2: return vmcr_;
    default: break;
  }
  const unsigned n = static_cast<unsigned>(r) - static_cast<unsigned>(GicRegister::ICH_LR0_EL2);
  return n < kListRegisters ? lr_[n] : 0;
}

void Gicv3CpuInterface::WriteHypervisor(GicRegister r, uint64_t value) {
  switch (r) {
    case GicRegister::ICH_AP0R0_EL2: vapr_[kGroup0] = static_cast<uint32_t>(value); break;
    case GicRegister::ICH_AP1R0_EL2: vapr_[kGroup1] = static_cast<uint32_t>(value); break;
    case GicRegister::ICH_HCR_EL2: hcr_ = value & ich::kHcrWritable; break;
    case GicRegister::ICH_VMCR_EL2:
      // VFIQEn is RAO/WI; binary points below their minimum become the minimum.
      vmcr_ = (value & ich::kVmcrWritable) | ich::kVmcrVfiqen;
      SetVirtualBinaryPoint(kGroup0, VmcrField(vmcr_, ich::kVmcrVbpr0Shift, 3));
      SetVirtualBinaryPoint(kGroup1, VmcrField(vmcr_, ich::kVmcrVbpr1Shift, 3));
      break;
    default: {
      const unsigned n = static_cast<unsigned>(r) - static_cast<unsigned>(GicRegister::ICH_LR0_EL2);
      if (n >= kListRegisters) return;
      // The priority's unimplemented low bits and NMI (no FEAT_GICv3_NMI) are RES0.
      lr_[n] = value & ~(ich::kLrPriorityRes0 | ich::kLrNmi);
      break;
    }
  }
  UpdateVirtualLines();
}

// ICH_EISR_EL2 and ICH_ELRSR_EL2: bit i for list register i if `test` holds.
uint32_t Gicv3CpuInterface::ListRegisterStatus(bool (*test)(uint64_t lr)) const {
  uint32_t bits = 0;
  for (unsigned i = 0; i < kListRegisters; ++i)
    if (test(lr_[i])) bits |= 1u << i;
  return bits;
}

// ICH_MISR_EL2: the conditions of maintenance.h (note VGrp0D there) over the list
// registers and ICH_VMCR_EL2's group enables.
uint32_t Gicv3CpuInterface::MaintenanceStatus() const {
  maintenance::Inputs in{ListRegisterStatus(LrSignalsEoi) != 0, 0, 0, (vmcr_ & ich::kVmcrVeng0) != 0,
                         (vmcr_ & ich::kVmcrVeng1) != 0};
  for (unsigned i = 0; i < kListRegisters; ++i) {
    if (lr_[i] & ich::kLrState) ++in.valid;
    if ((lr_[i] & ich::kLrState) == ich::kLrPending) ++in.pending;
  }
  return maintenance::Status(hcr_, in);
}

// ---- the virtual CPU interface's priorities ----

// The highest priority list register in the pending state (active-and-pending ones are
// not candidates) whose group ICH_VMCR_EL2 enables; the first wins a tie, and priority
// 0xFF is never signalled. -1 when there is none.
int Gicv3CpuInterface::HighestPendingListRegister() const {
  if (!(vmcr_ & (ich::kVmcrVeng0 | ich::kVmcrVeng1))) return -1;
  int best = -1;
  uint8_t best_priority = kIdlePriority;
  for (unsigned i = 0; i < kListRegisters; ++i) {
    const uint64_t lr = lr_[i];
    if ((lr & ich::kLrState) != ich::kLrPending) continue;
    if (!(vmcr_ & ((lr & ich::kLrGroup) ? ich::kVmcrVeng1 : ich::kVmcrVeng0))) continue;
    if (LrPriority(lr) < best_priority) {
      best_priority = LrPriority(lr);
      best = static_cast<int>(i);
    }
  }
  return best;
}

unsigned Gicv3CpuInterface::VirtualBinaryPoint(Group g) const {
  return VmcrField(vmcr_, g == kGroup0 ? ich::kVmcrVbpr0Shift : ich::kVmcrVbpr1Shift, 3);
}

// As the physical binary points, with QEMU's treatment of the value as a signed number.
void Gicv3CpuInterface::SetVirtualBinaryPoint(Group g, int64_t value) {
  const uint64_t bpr = ClampBinaryPoint(g, value);
  const unsigned shift = g == kGroup0 ? ich::kVmcrVbpr0Shift : ich::kVmcrVbpr1Shift;
  vmcr_ = (vmcr_ & ~(uint64_t{7} << shift)) | bpr << shift;
}

uint32_t Gicv3CpuInterface::VirtualGroupPriorityMask(Group g) const {
  return models::GroupPriorityMask(g == kGroup1, vmcr_ & ich::kVmcrVcbpr, VirtualBinaryPoint(kGroup0),
                                   VirtualBinaryPoint(kGroup1));
}

// Whether the pending list register `lr` may be signalled: the virtual interface is
// enabled, its priority is above the virtual priority mask and its group priority above
// the virtual running priority.
bool Gicv3CpuInterface::VirtualCanPreempt(uint64_t lr) const {
  if (!(hcr_ & maintenance::kHcrEn)) return false;
  return Preempts(LrPriority(lr), VmcrField(vmcr_, ich::kVmcrVpmrShift, 8), RunningPriority(vapr_),
                  VirtualGroupPriorityMask((lr & ich::kLrGroup) ? kGroup1 : kGroup0));
}

void Gicv3CpuInterface::UpdateVirtualLines() {
  bool virq = false, vfiq = false;
  const int best = HighestPendingListRegister();
  if (best >= 0 && VirtualCanPreempt(lr_[best])) ((lr_[best] & ich::kLrGroup) ? virq : vfiq) = true;
  lines_.Drive(ExecContext::kVfiqLine, vfiq);
  lines_.Drive(ExecContext::kVirqLine, virq);
  const bool maintenance_level = (hcr_ & maintenance::kHcrEn) && MaintenanceStatus() != 0;
  gic_.SetPrivateInterrupt(pe_, kMaintenanceInterrupt, maintenance_level);
}

// ---- ICV_*_EL1 ----

uint64_t Gicv3CpuInterface::ReadVirtual(GicRegister r) {
  switch (r) {
    case GicRegister::ICC_PMR_EL1: return VmcrField(vmcr_, ich::kVmcrVpmrShift, 8);
    case GicRegister::ICC_IAR0_EL1: return VirtualAcknowledge(kGroup0);
    case GicRegister::ICC_IAR1_EL1: return VirtualAcknowledge(kGroup1);
    case GicRegister::ICC_HPPIR0_EL1: case GicRegister::ICC_HPPIR1_EL1: {
      const Group g = r == GicRegister::ICC_HPPIR0_EL1 ? kGroup0 : kGroup1;
      const int best = HighestPendingListRegister();
      if (best < 0 || ((lr_[best] & ich::kLrGroup) != 0) != (g == kGroup1)) return kSpurious;
      return LrVintid(lr_[best]);
    }
    case GicRegister::ICC_BPR0_EL1: case GicRegister::ICC_BPR1_EL1:
      return BinaryPointAsRead(r == GicRegister::ICC_BPR0_EL1 ? kGroup0 : kGroup1, vmcr_ & ich::kVmcrVcbpr,
                               VirtualBinaryPoint(kGroup0), VirtualBinaryPoint(kGroup1));
    case GicRegister::ICC_AP0R0_EL1: return vapr_[kGroup0];
    case GicRegister::ICC_AP1R0_EL1: return vapr_[kGroup1];
    case GicRegister::ICC_RPR_EL1: return RunningPriority(vapr_);
    case GicRegister::ICC_CTLR_EL1:
      // The fixed fields match ICH_VTR_EL2's; CBPR and EOImode are ICH_VMCR_EL2's.
      return icc::kCtlrFixed | ((vmcr_ & ich::kVmcrVeoim) ? icc::kCtlrEoiMode : 0) |
             ((vmcr_ & ich::kVmcrVcbpr) ? icc::kCtlrCbpr : 0);
    case GicRegister::ICC_IGRPEN0_EL1: return (vmcr_ & ich::kVmcrVeng0) ? 1 : 0;
    case GicRegister::ICC_IGRPEN1_EL1: return (vmcr_ & ich::kVmcrVeng1) ? 1 : 0;
    default: return 0;
  }
}

void Gicv3CpuInterface::WriteVirtual(GicRegister r, uint64_t value) {
  switch (r) {
    case GicRegister::ICC_PMR_EL1:
      vmcr_ = (vmcr_ & ~(uint64_t{0xFF} << ich::kVmcrVpmrShift)) |
              (value & icc::kPriorityMask) << ich::kVmcrVpmrShift;
      break;
    case GicRegister::ICC_EOIR0_EL1: VirtualEndOfInterrupt(kGroup0, value); break;
    case GicRegister::ICC_EOIR1_EL1: VirtualEndOfInterrupt(kGroup1, value); break;
    case GicRegister::ICC_BPR0_EL1:
      SetVirtualBinaryPoint(kGroup0, static_cast<int32_t>(value));
      break;
    case GicRegister::ICC_BPR1_EL1:
      if (!(vmcr_ & ich::kVmcrVcbpr)) SetVirtualBinaryPoint(kGroup1, static_cast<int32_t>(value));
      break;
    case GicRegister::ICC_AP0R0_EL1: vapr_[kGroup0] = static_cast<uint32_t>(value); break;
    case GicRegister::ICC_AP1R0_EL1: vapr_[kGroup1] = static_cast<uint32_t>(value); break;
    case GicRegister::ICC_DIR_EL1: VirtualDeactivate(value); break;
    case GicRegister::ICC_CTLR_EL1:
      vmcr_ = (vmcr_ & ~(ich::kVmcrVcbpr | ich::kVmcrVeoim)) | ((value & icc::kCtlrCbpr) ? ich::kVmcrVcbpr : 0) |
              ((value & icc::kCtlrEoiMode) ? ich::kVmcrVeoim : 0);
      break;
    case GicRegister::ICC_IGRPEN0_EL1:
      vmcr_ = (vmcr_ & ~ich::kVmcrVeng0) | ((value & 1) ? ich::kVmcrVeng0 : 0);
      break;
    case GicRegister::ICC_IGRPEN1_EL1:
      vmcr_ = (vmcr_ & ~ich::kVmcrVeng1) | ((value & 1) ? ich::kVmcrVeng1 : 0);
      break;
    default: return;
  }
  UpdateVirtualLines();
}

// ICV_IAR<g>_EL1: the highest priority pending list register, if of group g and able to
// preempt, becomes active and its group priority is set in ICH_AP<g>R0_EL2. A special
// vINTID (1020-1023) is returned as it is and its list register becomes invalid.
uint64_t Gicv3CpuInterface::VirtualAcknowledge(Group g) {
  const int best = HighestPendingListRegister();
  uint64_t intid = kSpurious;
  if (best >= 0) {
    uint64_t& lr = lr_[best];
    if (((lr & ich::kLrGroup) != 0) == (g == kGroup1) && VirtualCanPreempt(lr)) {
      intid = LrVintid(lr);
      if (IsSpecial(intid)) {
        lr &= ~ich::kLrPending;
      } else {
        const unsigned bit = ActivePriorityBit(LrPriority(lr) & VirtualGroupPriorityMask(g), kMinBinaryPoint);
        lr = (lr & ~ich::kLrPending) | ich::kLrActive;
        vapr_[g] |= 1u << bit;
      }
    }
  }
  UpdateVirtualLines();
  return intid;
}

// The active list register holding vINTID `intid`, or -1.
int Gicv3CpuInterface::FindActiveListRegister(uint64_t intid) const {
  for (unsigned i = 0; i < kListRegisters; ++i)
    if ((lr_[i] & ich::kLrActive) && LrVintid(lr_[i]) == intid) return static_cast<int>(i);
  return -1;
}

// Clears the list register's active state; with HW = 1 the physical interrupt pINTID
// (unless special) is deactivated in the distributor or this PE's redistributor.
void Gicv3CpuInterface::DeactivateListRegister(unsigned index) {
  const uint64_t lr = lr_[index];
  if (lr & ich::kLrHw) {
    const unsigned pintid = static_cast<unsigned>((lr >> ich::kLrPintidShift) & ich::kLrPintidMask);
    if (pintid < kFirstSpecialIntid) gic_.Deactivate(pe_, pintid);
  }
  lr_[index] = lr & ~ich::kLrActive;
}

void Gicv3CpuInterface::IncrementEoiCount() { hcr_ = maintenance::WithEoiCountIncremented(hcr_); }

// ICV_EOIR<g>_EL1: drops the highest active virtual priority (group 0 first on a tie:
// QEMU drops before checking, an IMPLEMENTATION DEFINED order), then finds the active list
// register for the INTID. None: ICH_HCR_EL2.EOIcount counts it (not for LPIs). One of
// group g at the dropped priority: deactivated at once with EOImode 0.
void Gicv3CpuInterface::VirtualEndOfInterrupt(Group g, uint64_t value) {
  const uint64_t intid = value & 0xFFFFFF;
  if (IsSpecial(intid)) return;
  const unsigned b0 = LowestSetBit(vapr_[kGroup0]), b1 = LowestSetBit(vapr_[kGroup1]);
  if (b0 == 32 && b1 == 32) return;  // nothing active: the list registers are not checked
  const Group dropped = b0 <= b1 ? kGroup0 : kGroup1;
  vapr_[dropped] &= vapr_[dropped] - 1;
  const unsigned drop_priority = PriorityOfActiveBit(std::min(b0, b1), kMinBinaryPoint);

  const int index = FindActiveListRegister(intid);
  if (index < 0) {
    if (intid < kLpiFirst) IncrementEoiCount();
    return;
  }
  const uint64_t lr = lr_[index];
  const bool same_group = ((lr & ich::kLrGroup) != 0) == (g == kGroup1);
  if (same_group && (LrPriority(lr) & VirtualGroupPriorityMask(g)) == drop_priority &&
      (!(vmcr_ & ich::kVmcrVeoim) || intid >= kLpiFirst))
    DeactivateListRegister(static_cast<unsigned>(index));
}

// ICV_DIR_EL1: with virtual EOImode 1, deactivates the active list register for the
// INTID (below 1020), or counts a miss in EOIcount.
void Gicv3CpuInterface::VirtualDeactivate(uint64_t value) {
  const uint64_t intid = value & 0xFFFFFF;
  if (intid >= kFirstSpecialIntid || !(vmcr_ & ich::kVmcrVeoim)) return;
  const int index = FindActiveListRegister(intid);
  if (index < 0) IncrementEoiCount();
  else DeactivateListRegister(static_cast<unsigned>(index));
}

}  // namespace mtesim::models
