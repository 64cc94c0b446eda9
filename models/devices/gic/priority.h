// Priority arithmetic that the CPU interfaces of both GIC versions, physical and virtual,
// share (IHI 0048B 3.3, IHI 0069 4.8): the group priority a binary point leaves, and the
// active-priorities bits, one per preemption level. Not shared: how a pending priority is
// held against the running priority, where QEMU's two models differ (Gicv2::UpdatePhysical
// compares the whole priority, Gicv3CpuInterface::Preempts group priorities).
#pragma once
#include <cstdint>

namespace mtesim::models {

// The index of the lowest set bit of `v`; 32 when there is none.
constexpr unsigned LowestSetBit(uint32_t v) { return v == 0 ? 32 : static_cast<unsigned>(__builtin_ctz(v)); }

// The mask of a priority's group priority bits, those above the binary point. Group 0
// uses the first binary point (GICC_BPR, ICC_BPR0_EL1); group 1 its own (GICC_ABPR,
// ICC_BPR1_EL1), which counts one higher, unless CBPR gives it group 0's.
constexpr uint32_t GroupPriorityMask(bool group1, bool cbpr, unsigned bpr0, unsigned bpr1) {
  const unsigned bpr = group1 && !cbpr ? bpr1 - 1u : bpr0;
  return ~0u << ((bpr & 7) + 1);
}

// Active priorities: bit n stands for group priority n << (min_bpr + 1), where min_bpr is
// the interface's minimum binary point (so each preemption level has one bit).
constexpr unsigned ActivePriorityBit(unsigned group_priority, unsigned min_bpr) {
  return group_priority >> (min_bpr + 1);
}
constexpr unsigned PriorityOfActiveBit(unsigned bit, unsigned min_bpr) { return bit << (min_bpr + 1); }

}  // namespace mtesim::models
