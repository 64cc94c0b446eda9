// Where an allocation tag lives in a tag store: 4 bits per 16-byte granule
// (LOG2_TAG_GRANULE = 4), two granules per byte, so the store for S bytes of memory is
// S / 32 bytes, a 1/32 (3.125%) carve-out. The tag of the granule at memory offset O is
// the nibble ((O >> 4) & 1) of tag byte O / 32, the lower granule in bits [3:0]. This is
// the layout tlmx::MteAccess promises for tag DMI, so initiators holding a tag DMI
// pointer (the PE, and its inline fast path in isa/exec_context.h) and the memory
// controller read the same bytes the same way.
#pragma once
#include <cstdint>

namespace mtesim::isa::mte {

constexpr uint64_t kTagGranuleBytes = 16;
// Memory bytes covered by one byte of tag storage.
constexpr uint64_t kBytesPerTagByte = 2 * kTagGranuleBytes;

// Index in the tag store of the byte holding the tag of the granule at `offset`.
constexpr uint64_t TagByteIndex(uint64_t offset) { return offset / kBytesPerTagByte; }
// Shift of that granule's nibble within its tag byte: 0 for the lower granule, 4 for the upper.
constexpr unsigned TagNibbleShift(uint64_t offset) { return static_cast<unsigned>((offset >> 2) & 4); }

inline uint8_t ReadAllocationTag(const uint8_t* store, uint64_t offset) {
  return (store[TagByteIndex(offset)] >> TagNibbleShift(offset)) & 0xF;
}

inline void WriteAllocationTag(uint8_t* store, uint64_t offset, uint8_t tag) {
  uint8_t& byte = store[TagByteIndex(offset)];
  const unsigned shift = TagNibbleShift(offset);
  byte = static_cast<uint8_t>((byte & ~(0xF << shift)) | ((tag & 0xF) << shift));
}

}  // namespace mtesim::isa::mte
