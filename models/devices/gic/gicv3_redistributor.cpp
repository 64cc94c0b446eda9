// A redistributor's registers (IHI 0069 sections 12.10 and 12.11): the RD_base frame
// (control, identification, power management) and the SGI_base frame, which holds the
// PE's SGI and PPI copies of the distributor's per-interrupt registers. As QEMU's virt
// GICv3 without an ITS: LPIs are reported (GICR_TYPER.PLPIS, GICR_CTLR.CES) and
// GICR_CTLR.EnableLPIs, GICR_PROPBASER and GICR_PENDBASER are programmable, but with no
// ITS and no direct LPI injection no LPI can become pending (QEMU would also pick up
// pending bits a guest wrote into its pending table by hand; mtesim does not), GICR_IGRPMODR0 and GICR_NSACR are RAZ/WI (DS = 1), the SGIs
// are always edge-triggered (GICR_ICFGR0 reads 0xAAAAAAAA, ignores writes), and the
// SGI_base frame has no ID registers.
#include <cstdint>

#include "models/devices/gic/gicv3.h"
#include "models/devices/gic/interrupt_registers.h"

namespace mtesim::models {

using namespace gicv3;

namespace {

enum class RedistributorRegister : uint8_t {
  CTLR, IIDR, TYPER, STATUSR, WAKER, PROPBASER, PENDBASER, IDREGS,
  IGROUPR0, ISENABLER0, ICENABLER0, ISPENDR0, ICPENDR0, ISACTIVER0, ICACTIVER0, IPRIORITYR,
  ICFGR0, ICFGR1, IGRPMODR0, NSACR, INMIR0,
};
using R = RedistributorRegister;

constexpr Window<R> kRedistributorMap[] = {
    {gicr::CTLR, gicr::CTLR + 4, R::CTLR},
    {gicr::IIDR, gicr::IIDR + 4, R::IIDR},
    {gicr::TYPER, gicr::TYPER + 8, R::TYPER},
    {gicr::STATUSR, gicr::STATUSR + 4, R::STATUSR},
    {gicr::WAKER, gicr::WAKER + 4, R::WAKER},
    {gicr::PROPBASER, gicr::PROPBASER + 8, R::PROPBASER},
    {gicr::PENDBASER, gicr::PENDBASER + 8, R::PENDBASER},
    {gicr::IDREGS, gicr::IDREGS_END, R::IDREGS},
    {gicr::IGROUPR0, gicr::IGROUPR0 + 4, R::IGROUPR0},
    {gicr::ISENABLER0, gicr::ISENABLER0 + 4, R::ISENABLER0},
    {gicr::ICENABLER0, gicr::ICENABLER0 + 4, R::ICENABLER0},
    {gicr::ISPENDR0, gicr::ISPENDR0 + 4, R::ISPENDR0},
    {gicr::ICPENDR0, gicr::ICPENDR0 + 4, R::ICPENDR0},
    {gicr::ISACTIVER0, gicr::ISACTIVER0 + 4, R::ISACTIVER0},
    {gicr::ICACTIVER0, gicr::ICACTIVER0 + 4, R::ICACTIVER0},
    {gicr::IPRIORITYR, gicr::IPRIORITYR_END, R::IPRIORITYR},
    {gicr::ICFGR0, gicr::ICFGR0 + 4, R::ICFGR0},
    {gicr::ICFGR1, gicr::ICFGR1 + 4, R::ICFGR1},
    {gicr::IGRPMODR0, gicr::IGRPMODR0 + 4, R::IGRPMODR0},
    {gicr::NSACR, gicr::NSACR + 4, R::NSACR},
    {gicr::INMIR0, gicr::INMIR0 + 4, R::INMIR0},
};

// The SGI_base frame's per-interrupt registers are at the distributor's offsets.
BitRegister BitRegisterOf(const Window<R>& w) { return BitRegisterAt(w.base - kSgiBase); }

}  // namespace

uint64_t Gicv3::RedistributorTyper(unsigned pe) const {
  uint64_t typer = uint64_t{redistributors_[pe].affinity} << 32 | gicr::kTyperCommonLpiAff | gicr::kTyperPlpis |
                   uint64_t{pe} << gicr::kTyperProcessorNumberShift;
  if (pe + 1 == pe_count()) typer |= gicr::kTyperLast;
  return typer;
}

bool Gicv3::RedistributorRead(unsigned pe, uint64_t offset, unsigned size, uint64_t& value) const {
  const Window<R>* w = FindWindow(kRedistributorMap, offset);
  if (w == nullptr) return false;
  const Redistributor& r = redistributors_[pe];
  const uint64_t rel = offset - w->base;
  value = 0;
  if (size == 1) {
    if (w->reg != R::IPRIORITYR) return false;
    value = r.sgi_ppi.priority(static_cast<unsigned>(rel));
    return true;
  }
  if (size == 8) {
    switch (w->reg) {
      case R::TYPER: value = RedistributorTyper(pe); return true;
      case R::PROPBASER: value = r.propbaser; return true;
      case R::PENDBASER: value = r.pendbaser; return true;
      default: return false;
    }
  }
  if (size != 4) return false;

  switch (w->reg) {
    case R::CTLR: value = r.ctlr; return true;
    case R::STATUSR: case R::IGRPMODR0: case R::NSACR: case R::INMIR0: return true;
    case R::IIDR: value = kIidr; return true;
    case R::TYPER: value = Half(RedistributorTyper(pe), rel); return true;
    case R::WAKER: value = r.waker; return true;
    case R::PROPBASER: value = Half(r.propbaser, rel); return true;
    case R::PENDBASER: value = Half(r.pendbaser, rel); return true;
    case R::IDREGS: {
      const uint64_t index = rel / 4;
      value = index == kPidr0Index ? kPidr0Redistributor : kIdBytes[index];
      return true;
    }
    case R::IGROUPR0: case R::ISENABLER0: case R::ICENABLER0: case R::ISPENDR0: case R::ICPENDR0:
    case R::ISACTIVER0: case R::ICACTIVER0:
      value = r.sgi_ppi.ReadWord(BitRegisterOf(*w).bits, 0);
      return true;
    case R::IPRIORITYR: value = ReadPriorityWord(r.sgi_ppi, static_cast<unsigned>(rel)); return true;
    case R::ICFGR0: value = ReadConfigWord(r.sgi_ppi, 0); return true;
    case R::ICFGR1: value = ReadConfigWord(r.sgi_ppi, 16); return true;
  }
  return false;
}

bool Gicv3::RedistributorWrite(unsigned pe, uint64_t offset, unsigned size, uint64_t value) {
  const Window<R>* w = FindWindow(kRedistributorMap, offset);
  if (w == nullptr) return false;
  Redistributor& r = redistributors_[pe];
  const uint64_t rel = offset - w->base;
  if (size == 1) {
    if (w->reg != R::IPRIORITYR) return false;
    r.sgi_ppi.set_priority(static_cast<unsigned>(rel), static_cast<uint8_t>(value));
    RedistributorChanged(pe);
    return true;
  }
  if (size == 8) {
    switch (w->reg) {
      case R::PROPBASER: r.propbaser = value; return true;
      case R::PENDBASER: r.pendbaser = value; return true;
      default: return false;  // GICR_TYPER is read-only: a guest error
    }
  }
  if (size != 4) return false;

  const uint32_t v = static_cast<uint32_t>(value);
  switch (w->reg) {
    case R::CTLR:  // only EnableLPIs is writable (no DPG, no asynchronous RWP/UWP)
      r.ctlr = (r.ctlr & ~gicr::kCtlrEnableLpis) | (v & gicr::kCtlrEnableLpis);
      return true;
    case R::STATUSR: case R::IGRPMODR0: case R::NSACR: case R::INMIR0: case R::ICFGR0:
      return true;
    case R::IIDR: case R::TYPER: case R::IDREGS: return false;  // read-only: a guest error
    case R::WAKER:
      // The interface quiesces at once: ChildrenAsleep follows ProcessorSleep.
      r.waker = (v & gicr::kWakerProcessorSleep) != 0 ? gicr::kWakerProcessorSleep | gicr::kWakerChildrenAsleep : 0;
      return true;
    case R::PROPBASER: r.propbaser = WithHalf(r.propbaser, rel, v); return true;
    case R::PENDBASER: r.pendbaser = WithHalf(r.pendbaser, rel, v); return true;
    case R::IGROUPR0: case R::ISENABLER0: case R::ICENABLER0: case R::ISPENDR0: case R::ICPENDR0:
    case R::ISACTIVER0: case R::ICACTIVER0:
      WriteBitRegister(r.sgi_ppi, BitRegisterOf(*w), 0, v);
      break;
    case R::IPRIORITYR: WritePriorityWord(r.sgi_ppi, static_cast<unsigned>(rel), v); break;
    case R::ICFGR1: WriteConfigWord(r.sgi_ppi, 16, v); break;  // the PPIs; the SGIs stay edge-triggered
  }
  RedistributorChanged(pe);
  return true;
}

}  // namespace mtesim::models
