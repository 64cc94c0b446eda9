// The GICv2 CPU interface registers (GICC), and the virtual CPU interface (GICV), which
// has the same layout and rules but takes its interrupts from the list registers and
// implements 5 priority bits (IHI 0048B chapter 4.4 and 5.6).
#include <algorithm>

#include "models/devices/gic/gicv2.h"
#include "models/devices/gic/gicv2_registers.h"
#include "models/devices/gic/priority.h"

namespace mtesim::models {

using namespace gicv2;

uint32_t Gicv2::CpuInterfaceRead(unsigned cpu, bool virt, uint64_t offset, bool debug) {
  const CpuInterfaceState& ci = Interface(cpu, virt);
  switch (offset) {
    case GICC_CTLR: return ci.ctlr;
    case GICC_PMR: return ci.priority_mask;
    case GICC_BPR: return ci.bpr;
    // A debugger's read must not acknowledge: it sees the spurious INTID.
    case GICC_IAR: return debug ? kSpurious : Acknowledge(cpu, virt);
    case GICC_RPR: return std::min<uint32_t>(ci.running_priority, 0xFF);  // idle reads 0xFF
    case GICC_HPPIR: return HighestPendingVisible(cpu, virt);
    case GICC_ABPR: return ci.abpr;
    case GICC_APR0:
    case GICC_APR0 + 4:
    case GICC_APR0 + 8:
    case GICC_APR3: {
      const unsigned n = static_cast<unsigned>(offset - GICC_APR0) / 4;
      return virt && n > 0 ? 0 : ci.apr[n];  // a virtual interface has 32 levels: one APR
    }
    case GICC_NSAPR0:
    case GICC_NSAPR0 + 4:
    case GICC_NSAPR0 + 8:
    case GICC_NSAPR3: return virt ? 0 : ci.nsapr[(offset - GICC_NSAPR0) / 4];
    case GICC_IIDR: return kCpuInterfaceIidr;
    // QEMU leaves GICC_AIAR, GICC_AEOIR and GICC_AHPPIR (and the rest) RAZ/WI.
    default: return 0;
  }
}

void Gicv2::CpuInterfaceWrite(unsigned cpu, bool virt, uint64_t offset, uint32_t value) {
  CpuInterfaceState& ci = Interface(cpu, virt);
  switch (offset) {
    case GICC_CTLR: ci.ctlr = value & kCpuCtlrMask; return;
    case GICC_PMR:
      ci.priority_mask = static_cast<uint16_t>(value & (virt ? kVirtualPriorityMask : kPhysicalPriorityMask));
      return;
    case GICC_BPR: ci.bpr = static_cast<uint8_t>(std::max(value & 7, virt ? kVirtualMinBpr : kPhysicalMinBpr)); return;
    case GICC_EOIR: EndOfInterrupt(cpu, virt, value & 0x3FF); return;
    // QEMU clamps GICV_ABPR to the physical minimum too (GICH_VMCR clamps to 3).
    case GICC_ABPR: ci.abpr = static_cast<uint8_t>(std::max(value & 7, kMinAbpr)); return;
    case GICC_APR0:
    case GICC_APR0 + 4:
    case GICC_APR0 + 8:
    case GICC_APR3: {
      const unsigned n = static_cast<unsigned>(offset - GICC_APR0) / 4;
      if (virt && n > 0) return;
      ci.apr[n] = value;
      ci.running_priority = PriorityFromActiveBits(ci, virt);
      return;
    }
    case GICC_NSAPR0:
    case GICC_NSAPR0 + 4:
    case GICC_NSAPR0 + 8:
    case GICC_NSAPR3:
      if (virt) return;
      ci.nsapr[(offset - GICC_NSAPR0) / 4] = value;
      ci.running_priority = PriorityFromActiveBits(ci, virt);
      return;
    case GICC_DIR: Deactivate(cpu, virt, value & 0x3FF); return;
    default: return;
  }
}

// GICC_HPPIR: the interrupt Update chose; with no Security Extensions a group 1 interrupt
// reads as 1022 unless GICC_CTLR.AckCtl is set.
uint32_t Gicv2::HighestPendingVisible(unsigned cpu, bool virt) {
  const uint32_t intid = Interface(cpu, virt).highest_pending;
  if (intid < kFirstSpecialIntid && Group1(cpu, virt, intid) && !(Interface(cpu, virt).ctlr & kCtlrAckCtl)) {
    return kSpuriousGroup1;
  }
  return intid;
}

// GICC_IAR: the highest pending interrupt becomes active and sets the running priority
// to its group priority; an SGI reports (and stops being pending from) its lowest
// numbered source CPU in bits [12:10].
uint32_t Gicv2::Acknowledge(unsigned cpu, bool virt) {
  CpuInterfaceState& ci = Interface(cpu, virt);
  const uint32_t intid = HighestPendingVisible(cpu, virt);
  if (intid >= kFirstSpecialIntid) return intid;
  if (Priority(cpu, virt, intid) >= ci.running_priority) return kSpurious;  // cannot preempt

  // Mark the preemption level in the active priority registers.
  const unsigned group_priority = GroupPriority(cpu, virt, intid);
  const unsigned level = ActivePriorityBit(group_priority, virt ? kVirtualMinBpr : kPhysicalMinBpr);
  const bool group1 = Group1(cpu, virt, intid);
  uint32_t* apr = virt ? &ci.apr[0] : group1 ? &ci.nsapr[level / 32] : &ci.apr[level / 32];
  *apr |= 1u << (level % 32);
  ci.running_priority = static_cast<uint16_t>(group_priority);

  uint32_t result = intid;
  if (virt) {
    uint32_t* lr = ListRegisterFor(cpu, intid);
    *lr = (*lr | kLrActive) & ~kLrPending;
    if (intid < kSgiCount) result |= ((*lr >> kLrCpuIdShift) & 7) << 10;
  } else {
    InterruptState& v = view_[cpu];
    v.set_active(intid, true);
    if (intid < kSgiCount) {
      uint8_t& sources = sgi_source_[intid][cpu];
      const unsigned source = sources ? static_cast<unsigned>(__builtin_ctz(sources)) : 0;
      sources = static_cast<uint8_t>(sources & ~(1u << source));
      // Still pending while another source's request remains.
      v.set_latch(intid, sources != 0);
      result |= source << 10;
    } else {
      v.set_latch(intid, false);  // a level-sensitive input still high stays pending
    }
  }
  Update();
  return result;
}

// GICC_EOIR: drop the running priority; unless GICC_CTLR.EOImode splits them, also
// deactivate. For a virtual interface, an EOI that matches no active list register
// counts in GICH_HCR.EOICount instead.
void Gicv2::EndOfInterrupt(unsigned cpu, bool virt, unsigned intid) {
  CpuInterfaceState& ci = Interface(cpu, virt);
  if (virt) {
    const bool had_active_priority = ci.running_priority < kIdlePriority;
    if (intid >= kFirstSpecialIntid) return;
    DropPriority(ci, true, false);
    if (ci.ctlr & kCtlrEoiMode) return;
    if (HasActiveListRegister(cpu, intid)) ClearActive(cpu, true, intid);
    else if (had_active_priority) CountUnmatchedEoi(cpu);
    return;
  }
  // Spurious or nonexistent INTIDs, and an EOI with nothing active, are ignored.
  if (intid >= kGicInterruptCount || ci.running_priority == kIdlePriority) return;
  DropPriority(ci, false, Group1(cpu, false, intid));
  if (!(ci.ctlr & kCtlrEoiMode)) ClearActive(cpu, false, intid);
}

// GICC_DIR: deactivation, which only takes effect with GICC_CTLR.EOImode set.
void Gicv2::Deactivate(unsigned cpu, bool virt, unsigned intid) {
  if (intid >= kFirstSpecialIntid || (!virt && intid >= kGicInterruptCount)) return;
  if (!(Interface(cpu, virt).ctlr & kCtlrEoiMode)) return;
  if (virt && !HasActiveListRegister(cpu, intid)) {
    CountUnmatchedEoi(cpu);
    return;
  }
  ClearActive(cpu, virt, intid);
}

// Deactivation. A private interrupt is active per CPU, an SPI on any CPU that
// acknowledged it. A virtual interrupt whose list register has the HW bit deactivates its
// physical interrupt as a write to GICC_DIR would.
void Gicv2::ClearActive(unsigned cpu, bool virt, unsigned intid) {
  if (!virt) {
    for (unsigned c = 0; c < kMaxCpus; ++c) {
      if (intid < kPrivateCount && c != cpu) continue;
      view_[c].set_active(intid, false);
    }
    return;
  }
  uint32_t* lr = ListRegisterFor(cpu, intid);
  if (!lr) return;
  *lr &= ~kLrActive;
  if (!(*lr & kLrHw)) return;
  // SGIs and special INTIDs as physical IDs are UNPREDICTABLE: ignored.
  const unsigned physical = (*lr >> kLrPhysicalIdShift) & 0x3FF;
  if (physical < kSgiCount || physical >= kGicInterruptCount) return;
  ClearActive(cpu, false, physical);
}

bool Gicv2::Group1(unsigned cpu, bool virt, unsigned intid) {
  if (!virt) return view_[cpu].group1(intid);
  const uint32_t* lr = ListRegisterFor(cpu, intid);
  return lr && (*lr & kLrGroup1);
}

unsigned Gicv2::Priority(unsigned cpu, bool virt, unsigned intid) {
  if (!virt) return view_[cpu].priority(intid);
  const uint32_t* lr = ListRegisterFor(cpu, intid);
  return lr ? LrPriority(*lr) : kIdlePriority;
}

// The priority bits that take part in preemption: GICC_BPR's for group 0, GICC_ABPR's for
// group 1 unless GICC_CTLR.CBPR is set.
unsigned Gicv2::GroupPriority(unsigned cpu, bool virt, unsigned intid) {
  const CpuInterfaceState& ci = Interface(cpu, virt);
  return Priority(cpu, virt, intid) & GroupPriorityMask(Group1(cpu, virt, intid), ci.ctlr & kCtlrCbpr, ci.bpr, ci.abpr);
}

// The running priority is the lowest preemption level with an active bit (a virtual
// interface keeps both groups' in GICH_APR).
uint16_t Gicv2::PriorityFromActiveBits(const CpuInterfaceState& ci, bool virt) {
  if (virt) {
    const unsigned bit = LowestSetBit(ci.apr[0]);
    return bit < 32 ? static_cast<uint16_t>(PriorityOfActiveBit(bit, kVirtualMinBpr)) : kIdlePriority;
  }
  for (unsigned n = 0; n < ci.apr.size(); ++n) {
    const unsigned bit = LowestSetBit(ci.apr[n] | ci.nsapr[n]);
    if (bit < 32) return static_cast<uint16_t>(PriorityOfActiveBit(n * 32 + bit, kPhysicalMinBpr));
  }
  return kIdlePriority;
}

// EOIs nest with acknowledges, so the interrupt being completed holds the lowest active
// bit of its group; out-of-order EOIs are UNPREDICTABLE and simply clear that bit.
void Gicv2::DropPriority(CpuInterfaceState& ci, bool virt, bool group1) {
  if (virt) {
    ci.apr[0] &= ci.apr[0] - 1;
  } else {
    auto& bits = group1 ? ci.nsapr : ci.apr;
    for (uint32_t& word : bits) {
      if (!word) continue;
      word &= word - 1;
      break;
    }
  }
  ci.running_priority = PriorityFromActiveBits(ci, virt);
}

}  // namespace mtesim::models
