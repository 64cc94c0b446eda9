// The host's swap device: a fixed number of swap slots, each one page of data and, for a
// page whose tags were initialised (PG_mte_tagged), its 128 bytes of packed tags, as
// arm64's mteswap keeps them beside the swap entry (mte_save_tags / mte_restore_tags).
// The storage is reserved once, on the first swap-out, so that swapping a page in or out
// never allocates; a full device refuses further swap-outs (ENOSPC), as a full swap
// partition does.
#pragma once
#include <cstdint>
#include <vector>

#include "models/hypervisor/tag_packing.h"

namespace mtesim::hyp {

class SwapStore {
 public:
  explicit SwapStore(uint64_t capacity_pages) : capacity_(capacity_pages) {}

  // A free swap slot (>= 0), or ENOSPC.
  int64_t Take();
  void Release(uint64_t slot);

  uint8_t* data(uint64_t slot) { return &data_[slot * kPageBytes]; }
  uint8_t* packed_tags(uint64_t slot) { return &tags_[slot * kPackedTagsPerPage]; }
  // Whether the slot holds tags (the page was PG_mte_tagged when it went out).
  bool has_tags(uint64_t slot) const { return has_tags_[slot]; }
  void set_has_tags(uint64_t slot, bool v) { has_tags_[slot] = v; }

  uint64_t capacity() const { return capacity_; }
  uint64_t used() const { return grown_ - free_.size(); }

 private:
  void Reserve();

  uint64_t capacity_;
  // Reserved for `capacity_` slots on first use but grown one slot at a time: the host
  // memory a swap device costs is what it holds (a reservation is address space only),
  // and growing within the reservation never allocates.
  std::vector<uint8_t> data_, tags_;
  std::vector<bool> has_tags_;
  uint64_t grown_ = 0;           // slots ever handed out
  std::vector<uint64_t> free_;  // a stack of slots given back
};

}  // namespace mtesim::hyp
