// The physical CPU interface (ICC_*_EL1, IHI 0069 section 12.2) and the dispatch of
// every GicRegister: which registers exist, their EL2 traps, and whether an EL1 access
// reaches the physical or the virtual interface.
#include "models/devices/gic/gicv3_cpu_interface.h"

#include <algorithm>

#include "isa/bits.h"
#include "isa/register_fields.h"
#include "models/devices/gic/gicv3.h"
#include "models/devices/gic/priority.h"

namespace mtesim::models {

using namespace gicv3;
using isa::AccessResult;
using isa::ExecContext;
using isa::GicRegister;

namespace {

// The checks an access needs beyond the encoding's EL (QEMU's access functions with no
// EL3): ICH_HCR_EL2.TC traps the registers common to both groups, TALL0 and TALL1 those
// of one group, TDIR ICC_DIR_EL1 (and TC too); SGI generation from EL1 traps to EL2 while
// HCR_EL2.IMO or FMO is set (SGIs are not virtualized). All of these apply at EL1 only.
enum class Check : uint8_t { None, Tc, Tall0, Tall1, Tdir, Sgi, Hyp, Absent };
// Which HCR_EL2 routing bit sends an EL1 access to the ICV_* register instead.
enum Route : uint8_t { kPhysicalOnly = 0, kFmo = 1, kImo = 2, kFmoOrImo = 3 };
struct Traits {
  Check check;
  Route route;
};

// With 5 preemption bits only the first active-priorities register of each group exists
// (physical and virtual), and 4 list registers; the others are UNDEFINED, as unregistered
// encodings are in QEMU.
Traits TraitsOf(GicRegister r) {
  switch (r) {
    case GicRegister::ICC_PMR_EL1: case GicRegister::ICC_RPR_EL1: case GicRegister::ICC_CTLR_EL1:
      return {Check::Tc, kFmoOrImo};
    case GicRegister::ICC_DIR_EL1: return {Check::Tdir, kFmoOrImo};
    case GicRegister::ICC_IAR0_EL1: case GicRegister::ICC_EOIR0_EL1: case GicRegister::ICC_HPPIR0_EL1:
    case GicRegister::ICC_BPR0_EL1: case GicRegister::ICC_AP0R0_EL1: case GicRegister::ICC_IGRPEN0_EL1:
      return {Check::Tall0, kFmo};
    case GicRegister::ICC_IAR1_EL1: case GicRegister::ICC_EOIR1_EL1: case GicRegister::ICC_HPPIR1_EL1:
    case GicRegister::ICC_BPR1_EL1: case GicRegister::ICC_AP1R0_EL1: case GicRegister::ICC_IGRPEN1_EL1:
      return {Check::Tall1, kImo};
    case GicRegister::ICC_SGI0R_EL1: case GicRegister::ICC_SGI1R_EL1: case GicRegister::ICC_ASGI1R_EL1:
      return {Check::Sgi, kPhysicalOnly};
    case GicRegister::ICC_SRE_EL1: return {Check::None, kPhysicalOnly};
    case GicRegister::ICC_SRE_EL2: case GicRegister::ICH_AP0R0_EL2: case GicRegister::ICH_AP1R0_EL2:
    case GicRegister::ICH_HCR_EL2: case GicRegister::ICH_VTR_EL2: case GicRegister::ICH_MISR_EL2:
    case GicRegister::ICH_EISR_EL2: case GicRegister::ICH_ELRSR_EL2: case GicRegister::ICH_VMCR_EL2:
      return {Check::Hyp, kPhysicalOnly};
    default: break;
  }
  const unsigned lr = static_cast<unsigned>(r) - static_cast<unsigned>(GicRegister::ICH_LR0_EL2);
  if (r >= GicRegister::ICH_LR0_EL2 && r <= GicRegister::ICH_LR15_EL2 && lr < kListRegisters)
    return {Check::Hyp, kPhysicalOnly};
  return {Check::Absent, kPhysicalOnly};  // ICC_AP{0,1}R{1,2,3}_EL1, ICH_AP{0,1}R{1,2,3}_EL2, ICH_LR4-15_EL2
}

bool IsHypervisorRegister(GicRegister r) { return r >= GicRegister::ICH_AP0R0_EL2 && r < GicRegister::kCount; }

bool RoutedToVirtual(GicRegister r, const ExecContext& c) {
  if (c.s.PSTATE.EL != 1) return false;
  const Route route = TraitsOf(r).route;
  const uint64_t hcr = c.EffectiveHcr();
  return ((route & kFmo) && isa::Bit(hcr, isa::hcr::FMO)) || ((route & kImo) && isa::Bit(hcr, isa::hcr::IMO));
}

}  // namespace

Gicv3CpuInterface::Gicv3CpuInterface(Gicv3& gic, unsigned pe) : gic_(gic), pe_(pe) { Reset(); }

// The values QEMU's CPU interface reset gives: PMR 0 (everything masked), the binary
// points at their minimum, no active priorities, both groups disabled, EOImode 0; the
// virtual interface disabled with every list register invalid.
void Gicv3CpuInterface::Reset() {
  pmr_ = 0;
  bpr_ = {kMinBinaryPoint, kMinBinaryPoint + 1};
  apr_ = {};
  group_enabled_ = {};
  ctlr_ = icc::kCtlrFixed;
  hcr_ = 0;
  vmcr_ = ich::kVmcrReset;
  lr_ = {};
  vapr_ = {};
  UpdatePhysicalLines();
  UpdateVirtualLines();
}

AccessResult Gicv3CpuInterface::Access(GicRegister r, bool, const ExecContext& c) {
  const unsigned el = c.s.PSTATE.EL;
  const bool el1 = el == 1;
  switch (TraitsOf(r).check) {
    case Check::Absent: return AccessResult::Undefined;
    case Check::Hyp: return c.HaveEl2() && el >= 2 ? AccessResult::Allowed : AccessResult::Undefined;
    case Check::None: break;
    case Check::Tc:
      if (el1 && (hcr_ & ich::kHcrTc)) return AccessResult::TrapToEl2;
      break;
    case Check::Tall0:
      if (el1 && (hcr_ & ich::kHcrTall0)) return AccessResult::TrapToEl2;
      break;
    case Check::Tall1:
      if (el1 && (hcr_ & ich::kHcrTall1)) return AccessResult::TrapToEl2;
      break;
    case Check::Tdir:
      if (el1 && (hcr_ & (ich::kHcrTdir | ich::kHcrTc))) return AccessResult::TrapToEl2;
      break;
    case Check::Sgi: {
      const uint64_t hcr = c.EffectiveHcr();
      if (el1 && (isa::Bit(hcr, isa::hcr::IMO) || isa::Bit(hcr, isa::hcr::FMO))) return AccessResult::TrapToEl2;
      if (el1 && (hcr_ & ich::kHcrTc)) return AccessResult::TrapToEl2;
      break;
    }
  }
  return el >= 1 ? AccessResult::Allowed : AccessResult::Undefined;
}

uint64_t Gicv3CpuInterface::Read(GicRegister r, const ExecContext& c) {
  if (IsHypervisorRegister(r)) return ReadHypervisor(r);
  if (RoutedToVirtual(r, c)) return ReadVirtual(r);
  return ReadPhysical(r, c);
}

void Gicv3CpuInterface::Write(GicRegister r, uint64_t value, const ExecContext& c) {
  if (IsHypervisorRegister(r)) return WriteHypervisor(r, value);
  if (RoutedToVirtual(r, c)) return WriteVirtual(r, value);
  WritePhysical(r, value, c);
}

// ---- the physical interface ----

uint64_t Gicv3CpuInterface::ReadPhysical(GicRegister r, const ExecContext&) {
  switch (r) {
    case GicRegister::ICC_PMR_EL1: return pmr_;
    case GicRegister::ICC_IAR0_EL1: return Acknowledge(kGroup0);
    case GicRegister::ICC_IAR1_EL1: return Acknowledge(kGroup1);
    case GicRegister::ICC_HPPIR0_EL1: return HighestPendingIntid(kGroup0);
    case GicRegister::ICC_HPPIR1_EL1: return HighestPendingIntid(kGroup1);
    case GicRegister::ICC_BPR0_EL1: case GicRegister::ICC_BPR1_EL1:
      return BinaryPointAsRead(r == GicRegister::ICC_BPR0_EL1 ? kGroup0 : kGroup1, ctlr_ & icc::kCtlrCbpr,
                               bpr_[kGroup0], bpr_[kGroup1]);
    case GicRegister::ICC_AP0R0_EL1: return apr_[kGroup0];
    case GicRegister::ICC_AP1R0_EL1: return apr_[kGroup1];
    case GicRegister::ICC_RPR_EL1: return RunningPriority(apr_);
    case GicRegister::ICC_CTLR_EL1: return ctlr_;
    case GicRegister::ICC_SRE_EL1: return icc::kSreEl1;
    case GicRegister::ICC_SRE_EL2: return icc::kSreEl2;
    case GicRegister::ICC_IGRPEN0_EL1: return group_enabled_[kGroup0];
    case GicRegister::ICC_IGRPEN1_EL1: return group_enabled_[kGroup1];
    default: return 0;  // write-only
  }
}

void Gicv3CpuInterface::WritePhysical(GicRegister r, uint64_t value, const ExecContext&) {
  switch (r) {
    case GicRegister::ICC_PMR_EL1: pmr_ = static_cast<uint8_t>(value) & icc::kPriorityMask; break;
    case GicRegister::ICC_EOIR0_EL1: return EndOfInterrupt(kGroup0, value);
    case GicRegister::ICC_EOIR1_EL1: return EndOfInterrupt(kGroup1, value);
    case GicRegister::ICC_BPR0_EL1: WriteBinaryPoint(kGroup0, value); break;
    case GicRegister::ICC_BPR1_EL1: WriteBinaryPoint(kGroup1, value); break;
    case GicRegister::ICC_AP0R0_EL1: apr_[kGroup0] = static_cast<uint32_t>(value); break;
    case GicRegister::ICC_AP1R0_EL1: apr_[kGroup1] = static_cast<uint32_t>(value); break;
    case GicRegister::ICC_DIR_EL1: return Deactivate(value);
    case GicRegister::ICC_SGI0R_EL1: return GenerateSgi(value, kGroup0);
    case GicRegister::ICC_SGI1R_EL1: return GenerateSgi(value, kGroup1);
    // "Group 1 of the other Security state" is Secure Group 1, which a distributor with
    // DS = 1 treats as Group 0.
    case GicRegister::ICC_ASGI1R_EL1: return GenerateSgi(value, kGroup0);
    case GicRegister::ICC_CTLR_EL1:
      ctlr_ = (ctlr_ & ~(icc::kCtlrCbpr | icc::kCtlrEoiMode)) | (value & (icc::kCtlrCbpr | icc::kCtlrEoiMode));
      break;
    case GicRegister::ICC_IGRPEN0_EL1: group_enabled_[kGroup0] = value & 1; break;
    case GicRegister::ICC_IGRPEN1_EL1: group_enabled_[kGroup1] = value & 1; break;
    default: return;  // ICC_SRE_ELx: RAO/WI
  }
  UpdatePhysicalLines();
}

// The redistributor's choice is signalled only if its group is enabled here (a pending
// interrupt of a disabled group hides any other, as in QEMU).
bool Gicv3CpuInterface::HighestPendingEnabled() const {
  const auto& h = gic_.HighestPending(pe_);
  return h.priority != kIdlePriority && group_enabled_[h.group1 ? kGroup1 : kGroup0];
}

uint32_t Gicv3CpuInterface::GroupPriorityMask(Group g) const {
  return models::GroupPriorityMask(g == kGroup1, ctlr_ & icc::kCtlrCbpr, bpr_[kGroup0], bpr_[kGroup1]);
}

// Whether the highest priority pending interrupt may be taken: enabled, above the
// priority mask, and with a group priority above the running priority.
bool Gicv3CpuInterface::CanPreempt() const {
  if (!HighestPendingEnabled()) return false;
  const auto& h = gic_.HighestPending(pe_);
  return Preempts(h.priority, pmr_, RunningPriority(apr_), GroupPriorityMask(h.group1 ? kGroup1 : kGroup0));
}

void Gicv3CpuInterface::UpdatePhysicalLines() {
  bool irq = false, fiq = false;
  if (CanPreempt()) (gic_.HighestPending(pe_).group1 ? irq : fiq) = true;
  lines_.Drive(ExecContext::kFiqLine, fiq);
  lines_.Drive(ExecContext::kIrqLine, irq);
}

// ICC_HPPIR<g>_EL1: the highest priority pending interrupt if it is of group g and its
// group is enabled, else 1023 (without EL3 no 1020/1021 is ever returned).
uint64_t Gicv3CpuInterface::HighestPendingIntid(Group g) const {
  if (!HighestPendingEnabled()) return kSpurious;
  const auto& h = gic_.HighestPending(pe_);
  return h.group1 == (g == kGroup1) ? h.intid : kSpurious;
}

// ICC_IAR<g>_EL1: the interrupt HPPIR names, if it can preempt, becomes active and its
// group priority is recorded in the active-priorities register of its group.
uint64_t Gicv3CpuInterface::Acknowledge(Group g) {
  if (!CanPreempt()) return kSpurious;
  const uint64_t intid = HighestPendingIntid(g);
  if (intid >= kFirstSpecialIntid) return intid;
  const auto& h = gic_.HighestPending(pe_);
  const unsigned bit = ActivePriorityBit(h.priority & GroupPriorityMask(g), kMinBinaryPoint);
  apr_[g] |= 1u << bit;
  gic_.Activate(pe_, static_cast<unsigned>(intid));  // updates the lines with the new running priority
  return intid;
}

// ICC_EOIR<g>_EL1: drops the running priority if the highest active priority belongs to
// group g (otherwise ignored, as are INTIDs beyond the implemented ones, special ones
// included), then, with EOImode 0, deactivates the INTID written.
void Gicv3CpuInterface::EndOfInterrupt(Group g, uint64_t value) {
  const unsigned intid = static_cast<unsigned>(value & 0xFFFFFF);
  if (intid >= kGicInterruptCount) return;
  const unsigned g0 = LowestSetBit(apr_[kGroup0]), g1 = LowestSetBit(apr_[kGroup1]);
  Group active;
  if (g1 < g0) active = kGroup1;
  else if (g0 < 32) active = kGroup0;
  else return;  // nothing active
  if (active != g) return;
  apr_[g] &= apr_[g] - 1;
  UpdatePhysicalLines();
  if (!(ctlr_ & icc::kCtlrEoiMode)) gic_.Deactivate(pe_, intid);
}

// ICC_DIR_EL1: with EOImode 1, deactivates the interrupt. With one security state the
// architecture's permission checks always pass here: an EL1 access reaching the physical
// interface has HCR_EL2.IMO and FMO clear, and EL2 may deactivate either group.
void Gicv3CpuInterface::Deactivate(uint64_t value) {
  const unsigned intid = static_cast<unsigned>(value & 0xFFFFFF);
  if (intid >= kGicInterruptCount || !(ctlr_ & icc::kCtlrEoiMode)) return;
  gic_.Deactivate(pe_, intid);
}

// ICC_SGI0R/SGI1R/ASGI1R_EL1: SGI INTID to every other PE (IRM = 1), or to the PEs of
// cluster Aff3.Aff2.Aff1 whose Aff0 has its bit set in TargetList (RS is ignored, as in
// QEMU: PEs with Aff0 > 15 are never targeted). Affinities without a PE are ignored.
void Gicv3CpuInterface::GenerateSgi(uint64_t value, Group g) {
  const uint32_t cluster = static_cast<uint32_t>((value >> icc::kSgiAff3Shift & 0xFF) << 16 |
                                                 (value >> icc::kSgiAff2Shift & 0xFF) << 8 |
                                                 (value >> icc::kSgiAff1Shift & 0xFF));
  const uint32_t targets = static_cast<uint32_t>(value >> icc::kSgiTargetListShift & 0xFFFF);
  const unsigned intid = static_cast<unsigned>(value >> icc::kSgiIntidShift & 0xF);
  const bool all_others = (value >> icc::kSgiIrmShift) & 1;
  for (unsigned pe = 0; pe < gic_.pe_count(); ++pe) {
    if (all_others) {
      if (pe == pe_) continue;
    } else {
      const uint32_t affinity = gic_.redistributor(pe).affinity;
      const unsigned aff0 = affinity & 0xFF;
      if ((affinity >> 8) != cluster || aff0 > 15 || !((targets >> aff0) & 1)) continue;
    }
    gic_.SendSgi(pe, intid, g == kGroup1);
  }
}

// ICC_BPR1_EL1 ignores writes while CBPR is set.
void Gicv3CpuInterface::WriteBinaryPoint(Group g, uint64_t value) {
  if (g == kGroup1 && (ctlr_ & icc::kCtlrCbpr)) return;
  bpr_[g] = static_cast<uint8_t>(ClampBinaryPoint(g, value));
}

// ---- rules the physical and the virtual interface share ----

uint8_t Gicv3CpuInterface::RunningPriority(const std::array<uint32_t, 2>& apr) {
  const unsigned bit = LowestSetBit(apr[kGroup0] | apr[kGroup1]);
  return bit == 32 ? kIdlePriority : static_cast<uint8_t>(PriorityOfActiveBit(bit, kMinBinaryPoint));
}

bool Gicv3CpuInterface::Preempts(uint8_t priority, unsigned pmr, uint8_t running, uint32_t group_mask) {
  if (priority >= pmr) return false;
  if (running == kIdlePriority) return true;
  return (priority & group_mask) < (running & group_mask);
}

unsigned Gicv3CpuInterface::BinaryPointAsRead(Group g, bool cbpr, unsigned bpr0, unsigned bpr1) {
  if (g == kGroup1 && cbpr) return std::min(bpr0 + 1u, 7u);
  return g == kGroup0 ? bpr0 : bpr1;
}

}  // namespace mtesim::models
