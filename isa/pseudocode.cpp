#include "isa/pseudocode.h"

namespace mtesim::isa {

namespace {
uint64_t Replicate(uint64_t pattern, unsigned esize, unsigned datasize) {
  uint64_t out = 0;
  for (unsigned i = 0; i < datasize; i += esize) out |= pattern << i;
  return Trunc(out, datasize);
}
}  // namespace

bool DecodeBitMasks(unsigned immN, unsigned imms, unsigned immr, bool immediate, unsigned datasize, BitMasks* out) {
  // len = HighestSetBit(immN:NOT(imms)), over 7 bits.
  const unsigned combined = (immN << 6) | (~imms & 0x3F);
  if (combined == 0) return false;
  const int len = 31 - __builtin_clz(combined);
  if (len < 1) return false;
  const unsigned esize = 1u << len;
  if (esize > datasize) return false;
  const unsigned levels = esize - 1;
  // For logical immediates an all-ones element is reserved.
  if (immediate && (imms & levels) == levels) return false;
  const unsigned s = imms & levels;
  const unsigned r = immr & levels;
  const unsigned diff = (s - r) & levels;
  const unsigned d = diff;
  const uint64_t welem = Ones(s + 1);
  const uint64_t telem = Ones(d + 1);
  // ROR(welem, r) within esize bits.
  uint64_t wrot = welem;
  if (r != 0) wrot = ((welem >> r) | (welem << (esize - r))) & Ones(esize);
  out->wmask = Replicate(wrot, esize, datasize);
  out->tmask = Replicate(telem, esize, datasize);
  return true;
}

}  // namespace mtesim::isa
