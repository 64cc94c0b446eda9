#include "models/hypervisor/policies/swap_policy.h"

#include <algorithm>
#include <limits>

namespace mtesim::hyp {

size_t ClockSwapPolicy::SelectVictims(Vm& vm, uint64_t* ipas, size_t max) {
  const uint64_t resident = vm.resident_pages();
  if (resident <= limit_ || max == 0) return 0;
  const uint64_t wanted = std::min<uint64_t>(resident - limit_, max);
  uint64_t total = 0;
  for (const auto& [id, s] : vm.memslots()) total += s.npages();
  if (total == 0) return 0;
  size_t n = 0;
  // Two turns at most: the first may only clear access flags (every page young).
  for (uint64_t step = 0; step < 2 * total && n < wanted; ++step, hand_ = (hand_ + 1) % total) {
    uint64_t index = hand_ % total;
    const Memslot* slot = nullptr;
    for (const auto& [id, s] : vm.memslots()) {
      if (index < s.npages()) {
        slot = &s;
        break;
      }
      index -= s.npages();
    }
    const uint64_t ipa = slot->guest_phys_addr + (index << kPageShift);
    // Only resident pages are candidates (a ROM's pages are the VMM's file, not swapped).
    if (slot->readonly() || slot->SwappedOut(index) || slot->Missing(index)) continue;
    if (!vm.stage2().Lookup(ipa).valid) continue;
    if (vm.TestAndClearYoung(ipa)) continue;  // used since the hand last passed: spared
    ipas[n++] = ipa;
  }
  return n;
}

size_t RangeSwapPolicy::SelectVictims(Vm& vm, uint64_t* ipas, size_t max) {
  size_t n = 0;
  for (uint64_t off = 0; off < size_ && n < max; off += kPageBytes) {
    const uint64_t ipa = ipa_ + off;
    const Memslot* slot = vm.FindMemslot(ipa);
    if (!slot || slot->SwappedOut(slot->PageIndex(ipa)) || slot->Missing(slot->PageIndex(ipa))) continue;
    if (only_mapped_ && !vm.stage2().Lookup(ipa).valid) continue;
    ipas[n++] = ipa;
  }
  return n;
}

uint64_t Reclaim(Vm& vm, SwapPolicy& policy, uint64_t* scratch, size_t max) {
  const size_t n = policy.SelectVictims(vm, scratch, max);
  uint64_t done = 0;
  for (size_t i = 0; i < n; ++i) {
    if (vm.SwapOut(scratch[i]) != 0) break;
    ++done;
  }
  return done;
}

std::unique_ptr<SwapPolicy> DefaultSwapPolicy() {
  return std::make_unique<ClockSwapPolicy>(std::numeric_limits<uint64_t>::max());
}

}  // namespace mtesim::hyp
