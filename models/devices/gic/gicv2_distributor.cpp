// The GICv2 distributor (GICD) registers, as QEMU's GICv2 without Security Extensions
// presents them to the accessing CPU.
#include "models/devices/gic/gicv2.h"
#include "models/devices/gic/gicv2_registers.h"
#include "models/devices/gic/interrupt_registers.h"

namespace mtesim::models {

using namespace gicv2;
using Bits = InterruptState::Bits;

namespace {
constexpr unsigned kWords = kGicInterruptCount / 32;
// GICD_TYPER: ITLinesNumber = 288 / 32 - 1, CPUNumber = CPUs - 1, SecurityExtn = 0.
uint32_t Typer(unsigned cpu_count) { return (kGicInterruptCount / 32 - 1) | ((cpu_count - 1) << 5); }
// Which fields of `width` bits a write with the byte lanes `lanes` reaches: bit i for the
// field at bit width * i (no field straddles two lanes).
uint32_t FieldsWritten(uint32_t lanes, unsigned width) {
  uint32_t fields = 0;
  for (unsigned i = 0; i < 32 / width; ++i) fields |= ((lanes >> (width * i)) & 1) << i;
  return fields;
}
// GICD_ICFGR with every interrupt's upper (edge-triggered) bit set.
constexpr uint32_t kAllEdge = 0xAAAAAAAA;
}  // namespace

// Word `n` of the pending or active state as `cpu` reads it: an SPI's bit is set if it is
// on any CPU, a private interrupt's only if on the accessing CPU.
uint32_t Gicv2::SeenWord(unsigned cpu, Bits which, unsigned n) const {
  if (n == 0) return view_[cpu].ReadWord(which, 0);
  uint32_t v = 0;
  for (const InterruptState& s : view_) v |= s.ReadWord(which, n);
  return v;
}

// As SeenWord: a private interrupt's latch is the CPU's own, an SPI's is set if any CPU
// has it latched (it went pending on the CPUs it targeted).
uint32_t Gicv2::PendingLatchWord(unsigned cpu, unsigned n) const {
  if (cpu >= kMaxCpus) return 0;
  if (n == 0) return view_[cpu].LatchWord(0);
  uint32_t v = 0;
  for (const InterruptState& s : view_) v |= s.LatchWord(n);
  return v;
}

// The word at word-aligned `reg` as `cpu` sees it. Reads have no side effects; offsets
// QEMU does not decode, and interrupts beyond 287, read as zero.
uint32_t Gicv2::DistributorRead(unsigned cpu, uint64_t reg) const {
  const InterruptState& v = view_[cpu];
  if (reg < GICD_IGROUPR) {
    switch (reg) {
      case GICD_CTLR: return distributor_ctlr_;
      case GICD_TYPER: return Typer(cpu_count_);
      case GICD_IIDR: return kDistributorIidr;
      default: return 0;
    }
  }
  if (reg < GICD_IPRIORITYR) {
    const Bits which = BitRegisterAt(reg).bits;
    const unsigned n = static_cast<unsigned>(reg % 0x80) / 4;
    // Group and enable are the accessing CPU's own (an SPI's are the same in every view).
    return which == Bits::Pending || which == Bits::Active ? SeenWord(cpu, which, n) : v.ReadWord(which, n);
  }
  if (reg < GICD_ITARGETSR) return ReadPriorityWord(v, static_cast<unsigned>(reg - GICD_IPRIORITYR));
  uint32_t word = 0;
  if (reg < GICD_ICFGR) {
    // RAZ/WI on a uniprocessor GIC; a private interrupt reads as the accessing CPU.
    if (cpu_count_ == 1) return 0;
    for (unsigned i = 0; i < 4; ++i) {
      const unsigned intid = static_cast<unsigned>(reg - GICD_ITARGETSR) + i;
      const uint32_t target = intid < kPrivateCount ? 1u << cpu : intid < kGicInterruptCount ? spi_target_[intid] : 0;
      word |= target << (8 * i);
    }
    return word;
  }
  if (reg < GICD_SGIR) return ReadConfigWord(v, static_cast<unsigned>(reg - GICD_ICFGR) * 4);
  if (reg >= GICD_CPENDSGIR && reg < GICD_SPENDSGIR + 0x10) {
    const unsigned first = static_cast<unsigned>(reg & 0xF);
    for (unsigned i = 0; i < 4; ++i) word |= uint32_t{sgi_source_[first + i][cpu]} << (8 * i);
    return word;
  }
  if (reg >= GICD_PIDR4) return kIdRegisters[(reg - GICD_PIDR4) / 4];
  return 0;  // GICD_SGIR is write-only; the rest is reserved
}

// Writes the lanes `lanes` (a bit mask) of `value` to the word at `reg`. Interrupts beyond
// 287 and undecoded offsets ignore writes.
void Gicv2::DistributorWrite(unsigned cpu, uint64_t reg, uint32_t value, uint32_t lanes) {
  InterruptState& own = view_[cpu];
  const uint32_t bits = value & lanes;
  const unsigned n = static_cast<unsigned>(reg % 0x80) / 4;  // word of a bit-per-interrupt register
  // SGIs are always enabled, and their pending state belongs to GICD_SGIR/SPENDSGIR.
  const uint32_t settable = n == 0 ? bits & ~0xFFFFu : bits;
  if (reg < GICD_IGROUPR) {
    if (reg == GICD_CTLR && (lanes & 0xFF)) distributor_ctlr_ = value & kDistributorEnableMask;
    return;
  }
  if (reg < GICD_ISENABLER) {
    const unsigned w = static_cast<unsigned>(reg - GICD_IGROUPR) / 4;
    if (w >= kWords) return;
    // Banked for private interrupts, distributor-wide for SPIs.
    for (unsigned c = 0; c < kMaxCpus; ++c) {
      if (w == 0 && c != cpu) continue;
      InterruptState& s = view_[c];
      s.WriteWord(Bits::Group, w, (s.ReadWord(Bits::Group, w) & ~lanes) | bits);
    }
    return;
  }
  if (reg < GICD_ISPENDR) {
    if (n == 0) {
      WriteBitRegister(own, BitRegisterAt(reg), 0, settable);
    } else {
      for (InterruptState& s : view_) WriteBitRegister(s, BitRegisterAt(reg), n, bits);
    }
    return;
  }
  if (reg < GICD_ICPENDR) {
    // A PPI becomes pending on the accessing CPU, an SPI on the CPUs it targets now.
    if (n == 0) {
      own.SetBits(Bits::Pending, 0, settable);
    } else if (n < kWords) {
      for (uint32_t b = bits; b; b &= b - 1) {
        const unsigned intid = 32 * n + static_cast<unsigned>(__builtin_ctz(b));
        for (unsigned c = 0; c < kMaxCpus; ++c) {
          if ((spi_target_[intid] >> c) & 1) view_[c].set_latch(intid, true);
        }
      }
    }
    return;
  }
  if (reg < GICD_ISACTIVER) {
    // QEMU clears the pending latch on every CPU, for PPIs as well as SPIs.
    for (InterruptState& s : view_) s.ClearBits(Bits::Pending, n, settable);
    return;
  }
  if (reg < GICD_IPRIORITYR) {
    for (unsigned c = 0; c < kMaxCpus; ++c) {
      if (n == 0 && c != cpu) continue;  // banked for private interrupts, SGIs included
      WriteBitRegister(view_[c], BitRegisterAt(reg), n, bits);
    }
    return;
  }
  if (reg < GICD_ITARGETSR) {
    // All 8 priority bits are implemented; banked for private interrupts.
    const unsigned first = static_cast<unsigned>(reg - GICD_IPRIORITYR);
    if (first < kPrivateCount) {
      WritePriorityWord(own, first, value, FieldsWritten(lanes, 8));
    } else {
      for (InterruptState& s : view_) WritePriorityWord(s, first, value, FieldsWritten(lanes, 8));
    }
    return;
  }
  if (reg < GICD_ICFGR) {
    if (cpu_count_ == 1) return;
    for (unsigned i = 0; i < 4; ++i) {
      const unsigned intid = static_cast<unsigned>(reg - GICD_ITARGETSR) + i;
      if (!((lanes >> (8 * i)) & 1) || intid < kPrivateCount || intid >= kGicInterruptCount) continue;
      const auto target = static_cast<uint8_t>(value >> (8 * i));
      spi_target_[intid] = target;
      // Retargeting a latched SPI moves its pending state to the new targets.
      bool latched = false;
      for (const InterruptState& s : view_) latched |= s.latched(intid);
      if (!latched) continue;
      for (unsigned c = 0; c < kMaxCpus; ++c) view_[c].set_latch(intid, (target >> c) & 1);
    }
    return;
  }
  if (reg < GICD_SGIR) {
    // SGIs are always edge-triggered; the trigger mode is distributor-wide, PPIs too.
    const unsigned first = static_cast<unsigned>(reg - GICD_ICFGR) * 4;
    const uint32_t config = first < kSgiCount ? value | kAllEdge : value;
    for (InterruptState& s : view_) WriteConfigWord(s, first, config, FieldsWritten(lanes, 2));
    return;
  }
  if (reg >= GICD_CPENDSGIR && reg < GICD_SPENDSGIR + 0x10) {
    const bool set = reg >= GICD_SPENDSGIR;
    const unsigned first = static_cast<unsigned>(reg & 0xF);
    for (unsigned i = 0; i < 4; ++i) {
      const auto sources = static_cast<uint8_t>(bits >> (8 * i));
      uint8_t& pending = sgi_source_[first + i][cpu];
      pending = set ? pending | sources : pending & ~sources;
      // Pending exactly while some source is (QEMU would mark an SGI pending with no
      // source on a zero byte written to GICD_SPENDSGIR and then abort on acknowledge).
      own.set_latch(first + i, pending != 0);
    }
    return;
  }
}

// GICD_SGIR: TargetListFilter 0 = the CPUTargetList, 1 = all but the requester,
// 2 = the requester only; QEMU treats the reserved 3 as all CPUs. Bits for absent CPUs
// change only state no CPU can see.
void Gicv2::SendSoftwareInterrupt(unsigned cpu, uint32_t sgir) {
  const unsigned sgi = sgir & 0xF;
  uint8_t targets = 0;
  switch ((sgir >> 24) & 3) {
    case 0: targets = static_cast<uint8_t>(sgir >> 16); break;
    case 1: targets = static_cast<uint8_t>(0xFF ^ (1u << cpu)); break;
    case 2: targets = static_cast<uint8_t>(1u << cpu); break;
    default: targets = 0xFF; break;
  }
  for (unsigned c = 0; c < kMaxCpus; ++c) {
    if (!((targets >> c) & 1)) continue;
    view_[c].set_latch(sgi, true);
    sgi_source_[sgi][c] |= static_cast<uint8_t>(1u << cpu);
  }
}

}  // namespace mtesim::models
