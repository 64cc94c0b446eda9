#include "models/memory/tag_capability_map.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <iterator>
#include <string>

#include "models/error.h"
#include "models/hex.h"
#include "isa/tag_layout.h"

namespace mtesim::models {

using isa::mte::kBytesPerTagByte;
using isa::mte::kTagGranuleBytes;

namespace {

std::string Describe(const TagCapabilityMap::Range& r) {
  return "range without tag storage [" + Hex(r.offset) + ", " + Hex(r.offset + r.size) + ")";
}

// The span in `spans` (sorted, disjoint) that holds `offset`, or the one after it.
std::vector<TagCapabilityMap::Span>::const_iterator After(const std::vector<TagCapabilityMap::Span>& spans,
                                                          uint64_t offset) {
  return std::upper_bound(spans.begin(), spans.end(), offset,
                          [](uint64_t o, const TagCapabilityMap::Span& s) { return o < s.begin; });
}

}  // namespace

TagCapabilityMap::TagCapabilityMap(uint64_t memory_size, std::vector<Range> no_tag_storage)
    : memory_size_(memory_size) {
  if (memory_size == 0 || memory_size % kBytesPerTagByte != 0)
    throw Error("tag-storage memory size " + Hex(memory_size) +
                ": not a nonzero multiple of 32 bytes (one tag byte covers two granules)");
  for (const Range& r : no_tag_storage) {
    if (r.size == 0) throw Error(Describe(r) + ": empty");
    if (r.offset % kTagGranuleBytes != 0 || r.size % kTagGranuleBytes != 0)
      throw Error(Describe(r) + ": not aligned to the 16-byte tag granule");
    if (r.offset >= memory_size || r.size > memory_size - r.offset)
      throw Error(Describe(r) + ": outside the memory [0x0, " + Hex(memory_size) + ")");
  }
  std::sort(no_tag_storage.begin(), no_tag_storage.end(),
            [](const Range& a, const Range& b) { return a.offset < b.offset; });
  for (size_t i = 1; i < no_tag_storage.size(); ++i) {
    const Range& before = no_tag_storage[i - 1];
    if (no_tag_storage[i].offset < before.offset + before.size)
      throw Error(Describe(no_tag_storage[i]) + ": overlaps " + Describe(before));
  }
  for (const Range& r : no_tag_storage) {
    const Span granules{r.offset, r.offset + r.size};
    if (!untagged_.empty() && untagged_.back().end == granules.begin) untagged_.back().end = granules.end;
    else untagged_.push_back(granules);
  }
  for (const Span& s : untagged_) {
    const Span bytes{s.begin / kBytesPerTagByte * kBytesPerTagByte,
                     (s.end + kBytesPerTagByte - 1) / kBytesPerTagByte * kBytesPerTagByte};
    if (!dmi_refused_.empty() && dmi_refused_.back().end >= bytes.begin) dmi_refused_.back().end = bytes.end;
    else dmi_refused_.push_back(bytes);
  }
}

bool TagCapabilityMap::TagCapable(uint64_t offset) const {
  if (untagged_.empty()) return true;  // the common configuration: one compare per granule
  const auto next = After(untagged_, offset);
  return next == untagged_.begin() || offset >= std::prev(next)->end;
}

bool TagCapabilityMap::TagDmiSpan(uint64_t offset, Span& span) const {
  const auto next = After(dmi_refused_, offset);
  span = Span{0, memory_size_};
  if (next != dmi_refused_.begin()) {
    const Span& before = *std::prev(next);
    if (offset < before.end) {
      span = before;
      return false;
    }
    span.begin = before.end;
  }
  if (next != dmi_refused_.end()) span.end = next->begin;
  return true;
}

}  // namespace mtesim::models
