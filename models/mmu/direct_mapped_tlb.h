// A direct-mapped TLB, the cache both translation stages keep of their walks: one slot
// per input page (VA for stage 1, IPA for stage 2), each holding a block or page mapping
// (its input base and size) with the stage's own entry. What tags an entry (regime,
// VMID, ASID) is the stage's business: lookups and invalidations take a predicate.
#pragma once
#include <cstdint>

#include "isa/bits.h"

namespace mtesim::mmu {

template <typename Entry> class DirectMappedTlb {
 public:
  static constexpr unsigned kEntries = 512;
  static constexpr uint64_t kAnyAddress = ~uint64_t{0};

  // The entry whose mapping holds `address` and for which `match` holds, or nullptr;
  // `*offset_mask` gets the mapping's offset bits.
  template <typename Match> const Entry* Find(uint64_t address, Match match, uint64_t* offset_mask) const {
    const Slot& s = slots_[Index(address)];
    if (!s.valid || (address & ~s.offset_mask) != s.base || !match(s.entry)) return nullptr;
    *offset_mask = s.offset_mask;
    return &s.entry;
  }

  // Caches `entry`, the mapping of [base, base + 2^size_log2) that holds `address`.
  void Insert(uint64_t address, uint64_t base, unsigned size_log2, const Entry& entry) {
    Slot& s = slots_[Index(address)];
    s.valid = true;
    s.base = base;
    s.offset_mask = isa::Ones(size_log2);
    s.entry = entry;
  }

  // Drops the entries `match` selects: among all of them (kAnyAddress), or among those
  // whose mapping holds `address`.
  template <typename Match> void InvalidateWhere(uint64_t address, Match match) {
    for (Slot& s : slots_) {
      if (!s.valid) continue;
      if (address != kAnyAddress && (address & ~s.offset_mask) != s.base) continue;
      if (match(s.entry)) s.valid = false;
    }
  }

  void InvalidateAll() {
    for (Slot& s : slots_) s.valid = false;
  }

 private:
  struct Slot {
    bool valid = false;
    uint64_t base = 0;         // input address of the mapping's start
    uint64_t offset_mask = 0;  // mapping size - 1
    Entry entry;
  };
  static unsigned Index(uint64_t address) { return (address >> 12) & (kEntries - 1); }
  Slot slots_[kEntries];
};

}  // namespace mtesim::mmu
