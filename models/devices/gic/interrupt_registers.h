// The per-interrupt registers that both GIC versions lay out alike, in the distributor
// (GICv2 and GICv3) and in a GICv3 redistributor's SGI_base frame (IHI 0048B 4.3,
// IHI 0069 12.9 and 12.10): one bit per interrupt from offset 0x080 (IGROUPR, then the
// set/clear pairs of enable, pending and active), one byte per interrupt in IPRIORITYR,
// two bits per interrupt in ICFGR. Each function takes the INTID a register word starts
// at; interrupts the InterruptState does not hold read as zero and ignore writes. Which
// words a frame decodes, and for which PE, stays with each version's model.
#pragma once
#include <cstdint>

#include "models/devices/gic/interrupt_state.h"

namespace mtesim::models {

// What a write to a one-bit-per-interrupt register does to the state bit it reaches.
struct BitRegister {
  enum Write : uint8_t { kStore, kSet, kClear };  // IGROUPR stores; the pairs set or clear ones
  InterruptState::Bits bits;
  Write write;
};

// The register at `offset` (0x080..0x3FF, frame-relative): 0x80 bytes each.
constexpr BitRegister BitRegisterAt(uint64_t offset) {
  using Bits = InterruptState::Bits;
  switch (offset / 0x80) {
    case 1: return {Bits::Group, BitRegister::kStore};     // IGROUPR
    case 2: return {Bits::Enabled, BitRegister::kSet};     // ISENABLER
    case 3: return {Bits::Enabled, BitRegister::kClear};   // ICENABLER
    case 4: return {Bits::Pending, BitRegister::kSet};     // ISPENDR
    case 5: return {Bits::Pending, BitRegister::kClear};   // ICPENDR
    case 6: return {Bits::Active, BitRegister::kSet};      // ISACTIVER
    default: return {Bits::Active, BitRegister::kClear};   // ICACTIVER
  }
}

// Word `n` of the state written through register `r`.
inline void WriteBitRegister(InterruptState& s, BitRegister r, unsigned n, uint32_t value) {
  switch (r.write) {
    case BitRegister::kStore: s.WriteWord(r.bits, n, value); return;
    case BitRegister::kSet: s.SetBits(r.bits, n, value); return;
    case BitRegister::kClear: s.ClearBits(r.bits, n, value); return;
  }
}

// IPRIORITYR: the priorities of INTIDs first..first+3, one byte each (all 8 bits stored;
// a CPU interface applies its own priority bits).
inline uint32_t ReadPriorityWord(const InterruptState& s, unsigned first) {
  uint32_t word = 0;
  for (unsigned i = 0; i < 4; ++i)
    if (s.Holds(first + i)) word |= uint32_t{s.priority(first + i)} << (8 * i);
  return word;
}
// Writes the bytes whose bit is set in `byte_mask` (bit i: INTID first + i).
inline void WritePriorityWord(InterruptState& s, unsigned first, uint32_t value, unsigned byte_mask = 0xF) {
  for (unsigned i = 0; i < 4; ++i)
    if (((byte_mask >> i) & 1) && s.Holds(first + i)) s.set_priority(first + i, static_cast<uint8_t>(value >> (8 * i)));
}

// ICFGR: INTIDs first..first+15, two bits each, of which only the upper one
// (edge-triggered) is implemented; the lower, the 1-N model bit, reads as zero.
inline uint32_t ReadConfigWord(const InterruptState& s, unsigned first) {
  uint32_t word = 0;
  for (unsigned i = 0; i < 16; ++i)
    if (s.Holds(first + i) && s.edge_triggered(first + i)) word |= 2u << (2 * i);
  return word;
}
// Sets the trigger mode of the INTIDs whose bit is set in `which` (bit i: INTID first + i)
// from their upper bit in `value`.
inline void WriteConfigWord(InterruptState& s, unsigned first, uint32_t value, uint32_t which = 0xFFFF) {
  for (unsigned i = 0; i < 16; ++i)
    if (((which >> i) & 1) && s.Holds(first + i)) s.set_edge_triggered(first + i, (value >> (2 * i + 1)) & 1);
}

}  // namespace mtesim::models
