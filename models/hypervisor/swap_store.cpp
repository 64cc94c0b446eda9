#include "models/hypervisor/swap_store.h"

#include "models/hypervisor/kvm_errors.h"

namespace mtesim::hyp {

void SwapStore::Reserve() {
  data_.reserve(capacity_ * kPageBytes);
  tags_.reserve(capacity_ * kPackedTagsPerPage);
  has_tags_.reserve(capacity_);
  free_.reserve(capacity_);
}

int64_t SwapStore::Take() {
  if (!free_.empty()) {
    const uint64_t s = free_.back();
    free_.pop_back();
    return static_cast<int64_t>(s);
  }
  if (grown_ == capacity_) return kENOSPC;
  if (grown_ == 0) Reserve();
  ++grown_;
  data_.resize(grown_ * kPageBytes);
  tags_.resize(grown_ * kPackedTagsPerPage);
  has_tags_.resize(grown_, false);
  return static_cast<int64_t>(grown_ - 1);
}

void SwapStore::Release(uint64_t slot) {
  has_tags_[slot] = false;
  free_.push_back(slot);  // capacity reserved: no allocation
}

}  // namespace mtesim::hyp
