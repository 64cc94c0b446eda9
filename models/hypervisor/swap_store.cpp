#include "models/hypervisor/swap_store.h"

#include "models/hypervisor/kvm_errors.h"

namespace mtesim::hyp {

void SwapStore::Reserve() {
  data_.assign(capacity_ * kPageBytes, 0);
  tags_.assign(capacity_ * kPackedTagsPerPage, 0);
  has_tags_.assign(capacity_, false);
  free_.reserve(capacity_);
  // Lowest slot on top, so slots are handed out in order (easier to read in a debugger).
  for (uint64_t s = capacity_; s-- > 0;) free_.push_back(s);
}

int64_t SwapStore::Take() {
  if (data_.empty() && capacity_) Reserve();
  if (free_.empty()) return kENOSPC;
  const uint64_t s = free_.back();
  free_.pop_back();
  return static_cast<int64_t>(s);
}

void SwapStore::Release(uint64_t slot) {
  has_tags_[slot] = false;
  free_.push_back(slot);  // capacity reserved: no allocation
}

}  // namespace mtesim::hyp
