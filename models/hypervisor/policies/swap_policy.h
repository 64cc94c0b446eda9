// When to swap a VM's pages out and which ones (the host's reclaim seen from the VMM that
// regression-tests it). A policy chooses victims; Reclaim swaps them out through
// Vm::SwapOut (stage-2 unmap with TLB flush, tags saved packed, host page freed).
//  - ClockSwapPolicy, the default, as Linux reclaims a VM's memory under a memory cgroup
//    limit: while more pages are resident than the limit, a clock hand sweeps the slots;
//    a page whose stage-2 access flag is set gets it cleared and a second chance (the
//    guest's next access takes an Access flag fault that sets it again), a page still
//    old when the hand comes back, or never mapped at all, is a victim.
//  - RangeSwapPolicy: every resident page of an IPA range, or only those mapped at stage
//    2 (the guest's working set): explicit swap-outs for tests and swap stress.
// Neither allocates while it selects: victims go into the caller's buffer.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>

#include "models/hypervisor/vm.h"

namespace mtesim::hyp {

class SwapPolicy {
 public:
  virtual ~SwapPolicy() = default;
  // Up to `max` page IPAs of `vm` to swap out now, into `ipas`; returns how many (0: no
  // reclaim is due).
  virtual size_t SelectVictims(Vm& vm, uint64_t* ipas, size_t max) = 0;
};

class ClockSwapPolicy : public SwapPolicy {
 public:
  explicit ClockSwapPolicy(uint64_t resident_limit_pages) : limit_(resident_limit_pages) {}
  size_t SelectVictims(Vm& vm, uint64_t* ipas, size_t max) override;
  uint64_t resident_limit() const { return limit_; }

 private:
  uint64_t limit_;
  uint64_t hand_ = 0;  // the page the sweep continues at, counted across the slots
};

class RangeSwapPolicy : public SwapPolicy {
 public:
  RangeSwapPolicy(uint64_t ipa, uint64_t size, bool only_mapped = false)
      : ipa_(ipa), size_(size), only_mapped_(only_mapped) {}
  size_t SelectVictims(Vm& vm, uint64_t* ipas, size_t max) override;

 private:
  uint64_t ipa_, size_;
  bool only_mapped_;
};

// Swaps out what `policy` selects, at most `max` pages (the size of `scratch`). Returns
// the pages swapped out; a page SwapOut refuses (the swap device is full) ends the pass.
uint64_t Reclaim(Vm& vm, SwapPolicy& policy, uint64_t* scratch, size_t max);

// KVM/Linux's default: no limit is set, so nothing is reclaimed until one is.
std::unique_ptr<SwapPolicy> DefaultSwapPolicy();

}  // namespace mtesim::hyp
