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
  uint64_t used() const { return data_.empty() ? 0 : capacity_ - free_.size(); }

 private:
  void Reserve();

  uint64_t capacity_;
  std::vector<uint8_t> data_, tags_;
  std::vector<bool> has_tags_;
  std::vector<uint64_t> free_;  // a stack of free slots
};

}  // namespace mtesim::hyp
