// The guest physical memory a PE reaches directly through DMI (RAM and the boot flash),
// as a short list of host-backed regions. Lookups scan the list: it has at most a few
// entries and is used on slow paths only (fetch refills, fast-TLB misses).
#pragma once
#include <array>
#include <cstdint>

namespace mtesim::models {

struct HostRegion {
  uint64_t base = 0, size = 0;
  uint8_t* host = nullptr;  // host address of `base`
  bool writable = false;    // false for ROM: guest writes must go to the target, which drops them
};

class HostMemoryMap {
 public:
  static constexpr unsigned kMaxRegions = 4;

  // Returns false when the map is full.
  bool Add(const HostRegion& region) {
    if (count_ == kMaxRegions) return false;
    regions_[count_++] = region;
    return true;
  }

  // The region holding all of [pa, pa + size), or nullptr.
  const HostRegion* Find(uint64_t pa, uint64_t size) const {
    for (unsigned i = 0; i < count_; ++i) {
      const HostRegion& r = regions_[i];
      if (pa - r.base < r.size && size <= r.size - (pa - r.base)) return &r;
    }
    return nullptr;
  }

 private:
  std::array<HostRegion, kMaxRegions> regions_{};
  unsigned count_ = 0;
};

}  // namespace mtesim::models
