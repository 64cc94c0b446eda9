// The distributor's registers (IHI 0069 section 12.9) as QEMU's GICv3 implements them
// with one security state (GICD_CTLR.DS = 1) and affinity routing always enabled:
// GICD_IGRPMODR<n> and GICD_NSACR<n> are RAZ/WI, GICD_ITARGETSR<n>, GICD_SGIR and the SGI
// pending registers are RAZ/WI, and the bits of SGIs and PPIs (INTIDs 0-31, which the
// redistributors own) and of INTIDs beyond 287 read as zero.
#include <cstdint>

#include "models/devices/gic/gicv3.h"
#include "models/devices/gic/interrupt_registers.h"

namespace mtesim::models {

using namespace gicv3;

namespace {

enum class DistributorRegister : uint8_t {
  CTLR, TYPER, IIDR, STATUSR, IGROUPR, ISENABLER, ICENABLER, ISPENDR, ICPENDR, ISACTIVER, ICACTIVER,
  IPRIORITYR, ITARGETSR, ICFGR, IGRPMODR, NSACR, SGIR, CPENDSGIR, SPENDSGIR, INMIR, IROUTER, IDREGS,
};
using R = DistributorRegister;

constexpr Window<R> kDistributorMap[] = {
    {gicd::CTLR, gicd::CTLR + 4, R::CTLR},
    {gicd::TYPER, gicd::TYPER + 4, R::TYPER},
    {gicd::IIDR, gicd::IIDR + 4, R::IIDR},
    {gicd::STATUSR, gicd::STATUSR + 4, R::STATUSR},
    {gicd::IGROUPR, gicd::IGROUPR + 0x80, R::IGROUPR},
    {gicd::ISENABLER, gicd::ISENABLER + 0x80, R::ISENABLER},
    {gicd::ICENABLER, gicd::ICENABLER + 0x80, R::ICENABLER},
    {gicd::ISPENDR, gicd::ISPENDR + 0x80, R::ISPENDR},
    {gicd::ICPENDR, gicd::ICPENDR + 0x80, R::ICPENDR},
    {gicd::ISACTIVER, gicd::ISACTIVER + 0x80, R::ISACTIVER},
    {gicd::ICACTIVER, gicd::ICACTIVER + 0x80, R::ICACTIVER},
    {gicd::IPRIORITYR, gicd::IPRIORITYR + 0x400, R::IPRIORITYR},
    {gicd::ITARGETSR, gicd::ITARGETSR + 0x400, R::ITARGETSR},
    {gicd::ICFGR, gicd::ICFGR + 0x100, R::ICFGR},
    {gicd::IGRPMODR, gicd::IGRPMODR + 0x100, R::IGRPMODR},
    {gicd::NSACR, gicd::NSACR + 0x100, R::NSACR},
    {gicd::SGIR, gicd::SGIR + 4, R::SGIR},
    {gicd::CPENDSGIR, gicd::CPENDSGIR + 0x10, R::CPENDSGIR},
    {gicd::SPENDSGIR, gicd::SPENDSGIR + 0x10, R::SPENDSGIR},
    {gicd::INMIR, gicd::INMIR + 0x80, R::INMIR},
    {gicd::IROUTER, gicd::IROUTER_END, R::IROUTER},
    {gicd::IDREGS, gicd::IDREGS_END, R::IDREGS},
};

// Word `index` of a one-bit-per-interrupt register covers INTIDs 32 * index onwards;
// the SPIs' state holds INTIDs 32 and up, so word 0 (SGIs and PPIs) has none.
bool SpiWord(uint64_t index, unsigned& word) {
  if (index == 0 || index > kSpiCount / 32) return false;
  word = static_cast<unsigned>(index - 1);
  return true;
}

bool IsSpi(uint64_t intid) { return intid >= kPrivateCount && intid < kGicInterruptCount; }

}  // namespace

uint64_t Gicv3::ReadRouter(unsigned intid) const { return IsSpi(intid) ? router_[intid - kPrivateCount] : 0; }

// GICD_IROUTER<n> is stored as written. The SPI goes to the PE whose affinity matches
// Aff3.Aff2.Aff1.Aff0; Interrupt_Routing_Mode is ignored, GICD_TYPER.No1N being set.
void Gicv3::WriteRouter(unsigned intid, uint64_t value) {
  if (!IsSpi(intid)) return;
  router_[intid - kPrivateCount] = value;
  const uint32_t affinity = static_cast<uint32_t>((value & 0xFFFFFF) | (value >> 8 & 0xFF000000u));
  int16_t route = -1;
  for (unsigned pe = 0; pe < pe_count(); ++pe) {
    if (redistributors_[pe].affinity == affinity) {
      route = static_cast<int16_t>(pe);
      break;
    }
  }
  route_[intid - kPrivateCount] = route;
}

bool Gicv3::DistributorRead(uint64_t offset, unsigned size, uint64_t& value) const {
  const Window<R>* w = FindWindow(kDistributorMap, offset);
  if (w == nullptr) return false;
  const uint64_t rel = offset - w->base;
  value = 0;
  if (size == 1) {
    // Only the byte-wide registers take byte accesses.
    switch (w->reg) {
      case R::IPRIORITYR:
        if (IsSpi(rel)) value = spis_.priority(static_cast<unsigned>(rel));
        return true;
      case R::ITARGETSR: case R::CPENDSGIR: case R::SPENDSGIR: return true;
      default: return false;
    }
  }
  if (size == 8) {
    if (w->reg != R::IROUTER) return false;
    value = ReadRouter(static_cast<unsigned>(rel / 8));
    return true;
  }
  if (size != 4) return false;  // 16-bit accesses reach only the message-based SPI registers (none)

  unsigned word = 0;
  switch (w->reg) {
    case R::CTLR: value = ctlr_; return true;
    case R::TYPER: value = gicd::kTyper; return true;
    case R::IIDR: value = kIidr; return true;
    case R::STATUSR: return true;
    case R::IGROUPR: case R::ISENABLER: case R::ICENABLER: case R::ISPENDR: case R::ICPENDR:
    case R::ISACTIVER: case R::ICACTIVER:
      if (SpiWord(rel / 4, word)) value = spis_.ReadWord(BitRegisterAt(w->base).bits, word);
      return true;
    case R::IPRIORITYR: value = ReadPriorityWord(spis_, static_cast<unsigned>(rel)); return true;
    case R::ICFGR: value = ReadConfigWord(spis_, static_cast<unsigned>(rel * 4)); return true;  // 16 interrupts a word
    case R::ITARGETSR: case R::IGRPMODR: case R::NSACR: case R::CPENDSGIR: case R::SPENDSGIR: case R::INMIR:
      return true;
    case R::SGIR: return false;  // write-only: reads are a guest error and return 0
    case R::IROUTER: value = Half(ReadRouter(static_cast<unsigned>(rel / 8)), rel); return true;
    case R::IDREGS: {
      const uint64_t index = rel / 4;
      value = index == kPidr0Index ? kPidr0Distributor : kIdBytes[index];
      return true;
    }
  }
  return false;
}

bool Gicv3::DistributorWrite(uint64_t offset, unsigned size, uint64_t value) {
  const Window<R>* w = FindWindow(kDistributorMap, offset);
  if (w == nullptr) return false;
  const uint64_t rel = offset - w->base;
  if (size == 1) {
    switch (w->reg) {
      case R::IPRIORITYR:
        if (IsSpi(rel)) {
          spis_.set_priority(static_cast<unsigned>(rel), static_cast<uint8_t>(value));
          DistributorChanged();
        }
        return true;
      case R::ITARGETSR: case R::CPENDSGIR: case R::SPENDSGIR: return true;
      default: return false;
    }
  }
  if (size == 8) {
    if (w->reg != R::IROUTER) return false;
    const unsigned intid = static_cast<unsigned>(rel / 8);  // GICD_IROUTER<n> is at 8n
    if (IsSpi(intid)) {
      WriteRouter(intid, value);
      DistributorChanged();
    }
    return true;
  }
  if (size != 4) return false;

  const uint32_t v = static_cast<uint32_t>(value);
  unsigned word = 0;
  switch (w->reg) {
    case R::CTLR:
      // DS = 1: only EnableGrp0 and EnableGrp1 are writable; ARE and DS are RAO/WI. The
      // enables gate the SGIs and PPIs too.
      ctlr_ = (ctlr_ & ~(gicd::kCtlrEnableGrp0 | gicd::kCtlrEnableGrp1)) |
              (v & (gicd::kCtlrEnableGrp0 | gicd::kCtlrEnableGrp1));
      ControlChanged();
      return true;
    case R::TYPER: case R::IIDR: case R::IDREGS: return false;  // read-only: a guest error, ignored
    case R::IGROUPR: case R::ISENABLER: case R::ICENABLER: case R::ISPENDR: case R::ICPENDR:
    case R::ISACTIVER: case R::ICACTIVER:
      if (SpiWord(rel / 4, word)) {
        WriteBitRegister(spis_, BitRegisterAt(w->base), word, v);
        DistributorChanged();
      }
      return true;
    case R::IPRIORITYR:
      // A word that is not entirely SPIs is ignored, as QEMU does.
      if (IsSpi(rel) && IsSpi(rel + 3)) {
        WritePriorityWord(spis_, static_cast<unsigned>(rel), v);
        DistributorChanged();
      }
      return true;
    case R::ICFGR: {
      const unsigned first = static_cast<unsigned>(rel * 4);
      if (!IsSpi(first)) return true;
      WriteConfigWord(spis_, first, v);
      // QEMU re-evaluates nothing here; a level interrupt turned edge loses its
      // level-held pending state at once, which the next update would show anyway.
      DistributorChanged();
      return true;
    }
    case R::STATUSR: case R::ITARGETSR: case R::IGRPMODR: case R::NSACR: case R::SGIR: case R::CPENDSGIR:
    case R::SPENDSGIR: case R::INMIR:
      return true;  // RAZ/WI (GICD_SGIR is RES0 with affinity routing)
    case R::IROUTER: {
      const unsigned intid = static_cast<unsigned>(rel / 8);  // GICD_IROUTER<n> is at 8n
      if (IsSpi(intid)) {
        WriteRouter(intid, WithHalf(ReadRouter(intid), rel, v));
        DistributorChanged();
      }
      return true;
    }
  }
  return false;
}

}  // namespace mtesim::models
