#include "isa/mte.h"

namespace mtesim::isa::mte {

unsigned ChooseNonExcludedTag(unsigned tag, unsigned offset, uint16_t exclude) {
  tag &= 0xF;
  if (exclude == 0xFFFF) return 0;
  const auto excluded = [exclude](unsigned t) { return ((exclude >> t) & 1) != 0; };
  if (offset == 0) {
    while (excluded(tag)) tag = (tag + 1) & 0xF;
  } else {
    for (unsigned step = 0; step < offset; ++step) {
      do {
        tag = (tag + 1) & 0xF;
      } while (excluded(tag));
    }
  }
  return tag;
}

bool NextRandomTagBit(uint16_t& seed) {
  const unsigned s = seed;
  const unsigned top = ((s >> 5) ^ (s >> 3) ^ (s >> 2) ^ s) & 1;
  seed = static_cast<uint16_t>(top << 15 | s >> 1);
  return top != 0;
}

unsigned RandomTag(uint16_t& seed) {
  unsigned tag = 0;
  for (unsigned i = 0; i < 4; ++i) tag |= unsigned{NextRandomTagBit(seed)} << i;
  return tag;
}

unsigned IrgTag(uint64_t& rgsr, uint64_t gcr, uint16_t extra_exclude, bool tag_access_enabled) {
  if (!tag_access_enabled) return 0;
  const uint16_t exclude = static_cast<uint16_t>(gcr) | extra_exclude;
  const bool rrnd = (gcr >> 16) & 1;
  uint16_t seed = RgsrSeed(rgsr);
  if (rrnd && seed == 0) seed = kRrndSeed;
  const unsigned offset = RandomTag(seed);  // the LFSR advances even when all tags are excluded
  const unsigned tag = ChooseNonExcludedTag(RgsrTag(rgsr), offset, exclude);
  rgsr = MakeRgsr(tag, seed);
  return tag;
}

bool AccessIsTagChecked(uint64_t va, bool is_write, bool memory_tagged, const TagCheckControls& c) {
  if (!AllocationTagAccessIsEnabled(c)) return false;
  if (c.tco) return false;
  if (c.store_only && !is_write) return false;
  const unsigned half = (va >> 55) & 1;
  if (!c.tbi[half] && !c.mtx[half]) return false;
  // TCMA: VA[59:55] all zeros (lower half) or all ones (upper half) matches any tag.
  const unsigned top5 = static_cast<unsigned>(va >> 55) & 0x1F;
  if (c.tcma[half] && (top5 == 0 || top5 == 0x1F)) return false;
  if (!memory_tagged) return false;
  return true;
}

TagCheckFault TagCheckFaultFor(unsigned tcf, bool is_write, unsigned mte_level) {
  switch (tcf & 3) {
    case 1: return TagCheckFault::Synchronous;
    case 2: return TagCheckFault::Asynchronous;
    case 3:
      if (mte_level < 3) return TagCheckFault::None;
      return is_write ? TagCheckFault::Asynchronous : TagCheckFault::Synchronous;
    default: return TagCheckFault::None;
  }
}

}  // namespace mtesim::isa::mte
