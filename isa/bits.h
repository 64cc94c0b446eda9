// Bit-field helpers with the Arm ARM's vocabulary (Bits, Bit, SignExtend, ZeroExtend).
#pragma once
#include <cstdint>

namespace mtesim::isa {

// x<hi:lo>, as an unsigned value.
constexpr uint64_t Bits(uint64_t x, unsigned hi, unsigned lo) {
  const unsigned width = hi - lo + 1;
  return width >= 64 ? x >> lo : (x >> lo) & ((uint64_t{1} << width) - 1);
}

constexpr bool Bit(uint64_t x, unsigned n) { return (x >> n) & 1; }

// Sign-extend the low `width` bits of x to 64 bits.
constexpr int64_t SignExtend(uint64_t x, unsigned width) {
  const unsigned shift = 64 - width;
  return static_cast<int64_t>(x << shift) >> shift;
}

constexpr uint64_t Ones(unsigned width) {
  return width >= 64 ? ~uint64_t{0} : (uint64_t{1} << width) - 1;
}

// Keep the low `datasize` bits (datasize is 32 or 64).
constexpr uint64_t Trunc(uint64_t x, unsigned datasize) { return datasize == 64 ? x : x & 0xFFFFFFFFu; }

}  // namespace mtesim::isa
