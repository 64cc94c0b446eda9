// One A64 instruction word with named field accessors (names as in the Arm ARM).
#pragma once
#include <cstdint>

#include "isa/bits.h"

namespace mtesim::isa {

struct Insn {
  uint32_t raw;

  constexpr uint32_t field(unsigned hi, unsigned lo) const { return static_cast<uint32_t>(Bits(raw, hi, lo)); }
  constexpr bool bit(unsigned n) const { return Bit(raw, n); }

  constexpr unsigned Rd() const { return raw & 31; }
  constexpr unsigned Rt() const { return raw & 31; }
  constexpr unsigned Rn() const { return (raw >> 5) & 31; }
  constexpr unsigned Rt2() const { return (raw >> 10) & 31; }
  constexpr unsigned Ra() const { return (raw >> 10) & 31; }
  constexpr unsigned Rm() const { return (raw >> 16) & 31; }
  constexpr unsigned Rs() const { return (raw >> 16) & 31; }
  constexpr bool sf() const { return bit(31); }
  constexpr unsigned datasize() const { return sf() ? 64 : 32; }
};

}  // namespace mtesim::isa
