// The GICv3's registers as a VMM saves and restores them through KVM's vGIC device
// attributes (Linux vgic-mmio-v3.c's uaccess handlers): the guest's register view, but
// with the pending latch and the input levels reached separately, since together they
// are the interrupt's state and the guest's ISPENDR shows only their OR.
#include <cstdint>

#include "models/devices/gic/gicv3.h"

namespace mtesim::models {

using namespace gicv3;

namespace {

// Which pending register (if any) a frame offset is: the set one, the clear one, and for
// the distributor the SPI word (index - 1; word 0 is the redistributors').
enum class PendingRegister : uint8_t { None, Set, Clear };
PendingRegister PendingAt(bool redistributor, uint64_t offset, unsigned& word) {
  word = 0;
  if (redistributor) {
    if (offset == gicr::ISPENDR0) return PendingRegister::Set;
    if (offset == gicr::ICPENDR0) return PendingRegister::Clear;
    return PendingRegister::None;
  }
  const bool set = offset >= gicd::ISPENDR && offset < gicd::ISPENDR + 0x80;
  const bool clear = offset >= gicd::ICPENDR && offset < gicd::ICPENDR + 0x80;
  if (!set && !clear) return PendingRegister::None;
  word = static_cast<unsigned>((offset & 0x7F) / 4);
  return set ? PendingRegister::Set : PendingRegister::Clear;
}

}  // namespace

bool Gicv3::UserRead(bool redistributor, unsigned pe, uint64_t offset, uint32_t& value) const {
  value = 0;
  if ((offset & 3) != 0) return false;
  if (redistributor && (pe >= pe_count() || offset >= kRedistributorStride)) return false;
  unsigned word = 0;
  switch (PendingAt(redistributor, offset, word)) {
    case PendingRegister::Set:
      if (redistributor) value = redistributors_[pe].sgi_ppi.LatchWord(0);
      else if (word >= 1) value = spis_.LatchWord(word - 1);  // word 0: the SGIs and PPIs, RAZ here
      return true;
    case PendingRegister::Clear: return true;  // RAZ/WI: the set register carries the state
    case PendingRegister::None: break;
  }
  uint64_t v = 0;
  const bool ok = redistributor ? RedistributorRead(pe, offset, 4, v) : DistributorRead(offset, 4, v);
  value = static_cast<uint32_t>(v);
  return ok;
}

bool Gicv3::UserWrite(bool redistributor, unsigned pe, uint64_t offset, uint32_t value) {
  uint32_t ignored = 0;
  // Only offsets that hold a register are accepted (a write-only one would be GICD_SGIR,
  // which has none with affinity routing: KVM does not decode it either).
  if (!UserRead(redistributor, pe, offset, ignored)) return false;
  unsigned word = 0;
  switch (PendingAt(redistributor, offset, word)) {
    case PendingRegister::Set:
      // The latch is stored, zeros included (KVM sets pending_latch from each bit), so a
      // restore needs no clear first.
      if (redistributor) {
        redistributors_[pe].sgi_ppi.WriteWord(InterruptState::Bits::Pending, 0, value);
        RedistributorChanged(pe);
      } else if (word >= 1) {
        spis_.WriteWord(InterruptState::Bits::Pending, word - 1, value);
        DistributorChanged();
      }
      return true;
    case PendingRegister::Clear: return true;
    case PendingRegister::None: break;
  }
  // Read-only registers (TYPER, IIDR, the ID registers) refuse the guest's write; for
  // userspace that is "ignored", as KVM documents.
  if (redistributor) RedistributorWrite(pe, offset, 4, value);
  else DistributorWrite(offset, 4, value);
  return true;
}

uint32_t Gicv3::LineLevels(unsigned pe, unsigned first) const {
  if (first == 0) return pe < pe_count() ? redistributors_[pe].sgi_ppi.LevelWord(0) & ~((1u << kSgiCount) - 1) : 0;
  return spis_.LevelWord(first / 32 - 1);
}

void Gicv3::SetLineLevels(unsigned pe, unsigned first, uint32_t levels) {
  if (first == 0) {
    if (pe >= pe_count()) return;
    redistributors_[pe].sgi_ppi.WriteLevelWord(0, levels & ~((1u << kSgiCount) - 1));
    RedistributorChanged(pe);
    return;
  }
  spis_.WriteLevelWord(first / 32 - 1, levels);
  DistributorChanged();
}

}  // namespace mtesim::models
