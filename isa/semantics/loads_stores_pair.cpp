// Load/store register pair (C6.2 LDP, STP, LDPSW, LDNP, STNP): signed offset (and the
// no-allocate forms, which only differ by a cache hint), post-indexed and pre-indexed.
// The offset is imm7 scaled by the element size.
#include "isa/semantics/loads_stores_common.h"

namespace mtesim::isa {

namespace {

using ldst::BaseAddress;
using ldst::SetLoaded;

enum class PairMode { SignedOffset, PostIndex, PreIndex };

inline int64_t PairOffset(Insn i, unsigned size) { return SignExtend(i.field(21, 15), 7) * static_cast<int64_t>(size); }

template <PairMode M> inline void PairWriteBack(ExecContext& c, Insn i, uint64_t address, int64_t offset) {
  if constexpr (M == PairMode::PostIndex) c.SetXorSP(i.Rn(), address + offset);
  if constexpr (M == PairMode::PreIndex) c.SetXorSP(i.Rn(), address);
}

// Both elements are read before any register is written, so a fault on the second one
// leaves Rt intact (it may be the base register). Two element-sized reads keep the
// per-element alignment rules of SCTLR.A.
//
// CONSTRAINED UNPREDICTABLE cases, resolved as QEMU does (trans_LDP):
//  - Rt == Rt2 (Unpredictable_LDPOVERLAP): QEMU extracts the first element into Rt and
//    then the second into Rt2, so the register ends up with the second (higher address)
//    element. Writing Rt before Rt2 below gives the same.
//  - writeback with Rn == Rt or Rn == Rt2 (Unpredictable_WBOVERLAPLD): QEMU writes the
//    base last, so the register holds the written-back address. Same order here.
template <typename T, unsigned RegSize, PairMode M> inline void LoadPair(ExecContext& c, Insn i) {
  const int64_t offset = PairOffset(i, sizeof(T));
  uint64_t address = BaseAddress(c, i.Rn());
  if constexpr (M != PairMode::PostIndex) address += offset;
  const bool tag_checked = ldst::TagChecked(i, M != PairMode::SignedOffset);
  const T data1 = c.Read<T>(address, AccessKind::Normal, tag_checked);
  const T data2 = c.Read<T>(address + sizeof(T), AccessKind::Normal, tag_checked);
  SetLoaded<T, RegSize>(c, i.Rt(), data1);
  SetLoaded<T, RegSize>(c, i.Rt2(), data2);
  PairWriteBack<M>(c, i, address, offset);
}

// The pair is written as one access, so a fault on either element (translation, tag
// check) leaves both untouched, as in QEMU.
// Stores with writeback and Rn == Rt or Rn == Rt2 store the registers' values from
// before the writeback (Constraint_NONE, as QEMU: it reads both registers first).
template <typename T, PairMode M> inline void StorePair(ExecContext& c, Insn i) {
  const int64_t offset = PairOffset(i, sizeof(T));
  uint64_t address = BaseAddress(c, i.Rn());
  if constexpr (M != PairMode::PostIndex) address += offset;
  const T data1 = static_cast<T>(c.X(i.Rt()));
  const T data2 = static_cast<T>(c.X(i.Rt2()));
  c.WritePair<T>(address, data1, data2, AccessKind::Normal, ldst::TagChecked(i, M != PairMode::SignedOffset));
  PairWriteBack<M>(c, i, address, offset);
}

}  // namespace

#define MTESIM_PAIR_FORMS(M)                                                                    \
  void STPw_##M(ExecContext& c, Insn i) { StorePair<uint32_t, PairMode::M>(c, i); }            \
  void STPx_##M(ExecContext& c, Insn i) { StorePair<uint64_t, PairMode::M>(c, i); }            \
  void LDPw_##M(ExecContext& c, Insn i) { LoadPair<uint32_t, 32, PairMode::M>(c, i); }         \
  void LDPx_##M(ExecContext& c, Insn i) { LoadPair<uint64_t, 64, PairMode::M>(c, i); }         \
  void LDPSW_##M(ExecContext& c, Insn i) { LoadPair<int32_t, 64, PairMode::M>(c, i); }

MTESIM_PAIR_FORMS(SignedOffset)
MTESIM_PAIR_FORMS(PostIndex)
MTESIM_PAIR_FORMS(PreIndex)
#undef MTESIM_PAIR_FORMS

}  // namespace mtesim::isa
