// Runs of compact instruction records (format.h: one byte, kCompactInsn | class), eight
// bytes at a time: TraceReader::CompactRun's word-wide scan. A Detail::Memory trace is
// mostly such runs (about four bytes between two accesses), and a loop over single
// bytes spends a compare, a branch and a table lookup on each; here a word of eight
// bytes takes a few shifts and masks to find where the run ends and four lookups, by
// pairs of classes, to sum its weights.
#pragma once
#include <cstdint>

#include "isa/insn_class.h"
#include "traces/format.h"

namespace mtesim::traces {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the scan reads a word's first byte from its low end");
static_assert(kCompactInsn == 0x80 && isa::kInsnClassCount < 16, "a compact tag is 0x80 | a class of four bits");

// `b` in every byte of a word.
constexpr uint64_t EveryByte(uint8_t b) { return 0x0101010101010101ull * b; }

// Bit 7 of each byte of `word` that is not a compact instruction's tag, the others 0.
inline uint64_t NonCompactBytes(uint64_t word) {
  const uint64_t t = word ^ EveryByte(0x80);  // a compact tag becomes its class; anything below 0x80 gets bit 7
  // Bit 7 of (the low seven bits + 0x80 - kInsnClassCount) is set when those bits are a
  // class too large; the sum stays below 0x100, so no byte carries into the next.
  return (((t & EveryByte(0x7F)) + EveryByte(0x80 - isa::kInsnClassCount)) | t) & EveryByte(0x80);
}

// How many of `word`'s bytes, from its first, are compact instruction tags (0 to 8).
inline unsigned LeadingCompact(uint64_t word) {
  const uint64_t stops = NonCompactBytes(word);
  return stops ? static_cast<unsigned>(__builtin_ctzll(stops)) / 8 : 8;
}

// A weight per instruction class (the replay's latencies), kept as the sum of every pair
// of classes so that a word's eight classes are summed with four lookups.
class CompactWeights {
 public:
  explicit CompactWeights(const uint32_t* per_class) {
    for (unsigned lo = 0; lo < 16; ++lo)
      for (unsigned hi = 0; hi < 16; ++hi) pair_[hi << 4 | lo] = Weight(per_class, lo) + Weight(per_class, hi);
  }
  // The weight of compact tag `tag` (which must be one).
  uint64_t Of(uint8_t tag) const { return pair_[kNone << 4 | (tag & 0x0F)]; }
  // The sum of the weights of `word`'s first `LeadingCompact(word)` bytes.
  uint64_t LeadingSum(uint64_t word) const {
    const uint64_t stops = NonCompactBytes(word);
    // All ones below the first stop's byte (every bit when there is none).
    const uint64_t run = ((stops & (0 - stops)) >> 7) - 1;
    // Each byte's class in its low four bits, kNone past the run; then byte 2i holds the
    // classes of bytes 2i and 2i + 1, a pair_ index.
    const uint64_t classes = (word | ~run) & EveryByte(0x0F);
    const uint64_t pairs = classes | classes >> 4;
    return pair_[pairs & 0xFF] + pair_[pairs >> 16 & 0xFF] + pair_[pairs >> 32 & 0xFF] + pair_[pairs >> 48 & 0xFF];
  }

 private:
  static constexpr unsigned kNone = 15;  // not a class: weighs nothing
  static uint64_t Weight(const uint32_t* per_class, unsigned c) { return c < isa::kInsnClassCount ? per_class[c] : 0; }
  uint64_t pair_[256];
};

}  // namespace mtesim::traces
