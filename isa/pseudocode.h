// Shared pseudocode functions of the Arm ARM (shared/functions/...), as pure functions.
#pragma once
#include <cstdint>

#include "isa/bits.h"

namespace mtesim::isa {

struct AddResult {
  uint64_t result;
  bool n, z, c, v;
};

// AddWithCarry(x, y, carry_in) for N = datasize: result and NZCV.
inline AddResult AddWithCarry(uint64_t x, uint64_t y, bool carry_in, unsigned datasize) {
  AddResult r;
  if (datasize == 64) {
    unsigned __int128 usum = static_cast<unsigned __int128>(x) + y + carry_in;
    __int128 ssum = static_cast<__int128>(static_cast<int64_t>(x)) + static_cast<int64_t>(y) + carry_in;
    r.result = static_cast<uint64_t>(usum);
    r.c = (usum >> 64) != 0;
    r.v = static_cast<__int128>(static_cast<int64_t>(r.result)) != ssum;
    r.n = Bit(r.result, 63);
  } else {
    const uint64_t ux = static_cast<uint32_t>(x), uy = static_cast<uint32_t>(y);
    const uint64_t usum = ux + uy + carry_in;
    const int64_t ssum = int64_t{static_cast<int32_t>(x)} + static_cast<int32_t>(y) + carry_in;
    r.result = static_cast<uint32_t>(usum);
    r.c = (usum >> 32) != 0;
    r.v = int64_t{static_cast<int32_t>(r.result)} != ssum;
    r.n = Bit(r.result, 31);
  }
  r.z = r.result == 0;
  return r;
}

enum class ShiftType : unsigned { LSL = 0, LSR = 1, ASR = 2, ROR = 3 };

inline uint64_t RotateRight(uint64_t x, unsigned amount, unsigned datasize) {
  amount %= datasize;
  if (amount == 0) return Trunc(x, datasize);
  x = Trunc(x, datasize);
  return Trunc((x >> amount) | (x << (datasize - amount)), datasize);
}

// ShiftReg: amount is already reduced modulo datasize by the caller where the
// instruction says so; here 0 <= amount < datasize.
inline uint64_t Shift(uint64_t x, ShiftType type, unsigned amount, unsigned datasize) {
  x = Trunc(x, datasize);
  switch (type) {
    case ShiftType::LSL: return Trunc(x << amount, datasize);
    case ShiftType::LSR: return x >> amount;
    case ShiftType::ASR: return Trunc(static_cast<uint64_t>(SignExtend(x, datasize) >> amount), datasize);
    case ShiftType::ROR: return RotateRight(x, amount, datasize);
  }
  return x;
}

enum class ExtendType : unsigned { UXTB, UXTH, UXTW, UXTX, SXTB, SXTH, SXTW, SXTX };

// ExtendReg: extend the low bits of x per `type`, then shift left (shift <= 4).
inline uint64_t Extend(uint64_t x, ExtendType type, unsigned shift, unsigned datasize) {
  const unsigned t = static_cast<unsigned>(type);
  const unsigned len = 8u << (t & 3);  // 8, 16, 32, 64
  const uint64_t v = (t & 4) ? static_cast<uint64_t>(SignExtend(x, len)) : (x & Ones(len));
  return Trunc(v << shift, datasize);
}

// DecodeBitMasks(immN, imms, immr, immediate=TRUE): the wmask for logical immediates and
// both masks for the bitfield instructions. Returns false when the encoding is reserved.
struct BitMasks {
  uint64_t wmask, tmask;
};
bool DecodeBitMasks(unsigned immN, unsigned imms, unsigned immr, bool immediate, unsigned datasize, BitMasks* out);

inline unsigned CountLeadingZeroBits(uint64_t x, unsigned datasize) {
  x = Trunc(x, datasize);
  if (x == 0) return datasize;
  return static_cast<unsigned>(__builtin_clzll(x)) - (64 - datasize);
}

}  // namespace mtesim::isa
