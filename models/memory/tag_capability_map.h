// Which parts of a memory have tag storage. The architecture leaves storage for memory
// without it IMPLEMENTATION DEFINED (mte-reference.md, "Tag storage"); mtesim's memory
// controller takes a list of ranges without tag storage and treats the rest as
// tag-capable. The map answers the two questions the controller asks: does a granule
// have tag storage, and how far around an address may a tag DMI grant reach (whole tag
// bytes only, since one tag byte serves two granules).
#pragma once
#include <cstdint>
#include <vector>

namespace mtesim::models {

class TagCapabilityMap {
 public:
  // A configured range of memory offsets [offset, offset + size).
  struct Range {
    uint64_t offset = 0, size = 0;
  };
  // A half-open span of memory offsets [begin, end).
  struct Span {
    uint64_t begin = 0, end = 0;
  };

  // `memory_size` must be a nonzero multiple of 32 (whole tag bytes). Each range without
  // tag storage must be nonempty, granule (16-byte) aligned in offset and size, inside
  // the memory, and overlap no other (touching is fine). mtesim::Error naming the range
  // (or the size) otherwise.
  TagCapabilityMap(uint64_t memory_size, std::vector<Range> no_tag_storage);

  // Whether the granule holding `offset` has tag storage.
  bool TagCapable(uint64_t offset) const;

  // The tag DMI span around `offset` (< memory size). Returns true with the largest
  // 32-byte-aligned span holding `offset` whose granules all have tag storage, or false
  // with the largest 32-byte-aligned span holding `offset` in which every 32 bytes
  // include a granule without tag storage (where no tag DMI can be granted).
  bool TagDmiSpan(uint64_t offset, Span& span) const;

  // The memory without tag storage: sorted, touching ranges merged.
  const std::vector<Span>& without_tag_storage() const { return untagged_; }

 private:
  uint64_t memory_size_;
  std::vector<Span> untagged_;     // granule aligned
  std::vector<Span> dmi_refused_;  // untagged_ widened to whole tag bytes, merged
};

}  // namespace mtesim::models
