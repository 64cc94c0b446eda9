// Load/store register (C6.2 LDR/STR and their B, H, SB, SH, SW forms) in every addressing
// mode: unsigned scaled immediate, unscaled immediate (LDUR/STUR), post- and pre-indexed,
// unprivileged (LDTR/STTR), register offset, and literal; plus PRFM/PRFUM.
//
// Each encoding gets its own instantiation, so the common case is: add the offset, one
// inline Read/Write through the fast TLB, write Rt (and the base, for writeback).
#include "isa/pseudocode.h"
#include "isa/semantics/loads_stores_common.h"

namespace mtesim::isa {

namespace {

using ldst::BaseAddress;
using ldst::Imm9;
using ldst::kScale;
using ldst::SetLoaded;

enum class Mode { UnsignedOffset, Unscaled, PostIndex, PreIndex, Unprivileged, RegisterOffset };

// The offset register of the register-offset forms: ExtendReg(m, option, shift). The
// decoder only routes option<1> = 1 here (UXTW 010, LSL/UXTX 011, SXTW 110, SXTX 111);
// the sub-word extends are UNDEFINED. S = 1 scales the index by the access size.
inline uint64_t RegisterOffset(const ExecContext& c, Insn i, unsigned scale) {
  const unsigned option = i.field(15, 13);
  uint64_t m = c.X(i.Rm());
  if (!Bit(option, 0)) m = Bit(option, 2) ? static_cast<uint64_t>(SignExtend(m, 32)) : (m & 0xFFFFFFFFu);
  return m << (i.bit(12) ? scale : 0);
}

// The address the access uses (before post-indexing) and the base writeback value.
template <typename T, Mode M> inline uint64_t EffectiveAddress(ExecContext& c, Insn i, uint64_t base) {
  if constexpr (M == Mode::UnsignedOffset) return base + (uint64_t{i.field(21, 10)} << kScale<T>);
  if constexpr (M == Mode::RegisterOffset) return base + RegisterOffset(c, i, kScale<T>);
  if constexpr (M == Mode::PostIndex) return base;
  return base + Imm9(i);  // unscaled, pre-indexed, unprivileged
}

template <Mode M> constexpr AccessKind kKind = M == Mode::Unprivileged ? AccessKind::Unprivileged : AccessKind::Normal;

// Tag checking: register-offset and writeback forms always, immediate forms unless the base
// is SP (ldst::TagChecked).
template <Mode M> inline bool TagCheckedForm(Insn i) {
  return ldst::TagChecked(i, M == Mode::PostIndex || M == Mode::PreIndex || M == Mode::RegisterOffset);
}

template <Mode M> inline void WriteBack(ExecContext& c, Insn i, uint64_t address) {
  if constexpr (M == Mode::PostIndex) c.SetXorSP(i.Rn(), address + Imm9(i));
  if constexpr (M == Mode::PreIndex) c.SetXorSP(i.Rn(), address);
}

// Loads with writeback and Rt == Rn (n != 31) are CONSTRAINED UNPREDICTABLE
// (Unpredictable_WBOVERLAPLD). We do what QEMU does (trans_LDR_i: the load writes Rt, then
// op_addr_ldst_imm_post writes the base): the writeback wins and the register ends up
// holding the written-back address -- the Constraint_UNKNOWN choice, with the address as
// the UNKNOWN value. Writing Rt before the base falls out of the order below.
template <typename T, unsigned RegSize, Mode M> inline void LoadRegister(ExecContext& c, Insn i) {
  const uint64_t address = EffectiveAddress<T, M>(c, i, BaseAddress(c, i.Rn()));
  SetLoaded<T, RegSize>(c, i.Rt(), c.Read<T>(address, kKind<M>, TagCheckedForm<M>(i)));
  WriteBack<M>(c, i, address);
}

// Stores with writeback and Rt == Rn store the register's value from before the
// writeback (Constraint_NONE, also QEMU's behaviour): Rt is read before the base changes.
template <typename T, Mode M> inline void StoreRegister(ExecContext& c, Insn i) {
  const uint64_t address = EffectiveAddress<T, M>(c, i, BaseAddress(c, i.Rn()));
  c.Write<T>(address, static_cast<T>(c.X(i.Rt())), kKind<M>, TagCheckedForm<M>(i));
  WriteBack<M>(c, i, address);
}

// LDR (literal): PC-relative, word-scaled imm19; no base register, so no SP check, and
// never Tag Checked.
template <typename T, unsigned RegSize> inline void LoadLiteral(ExecContext& c, Insn i) {
  const uint64_t address = c.s.PC + SignExtend(i.field(23, 5), 19) * 4;
  SetLoaded<T, RegSize>(c, i.Rt(), c.Read<T>(address, AccessKind::Normal, false));
}

}  // namespace

// One function per encoding of the table (isa/encodings/loads_stores.def).
#define MTESIM_SINGLE_REGISTER_FORMS(M)                                                               \
  void STRB_##M(ExecContext& c, Insn i) { StoreRegister<uint8_t, Mode::M>(c, i); }                   \
  void STRH_##M(ExecContext& c, Insn i) { StoreRegister<uint16_t, Mode::M>(c, i); }                  \
  void STRw_##M(ExecContext& c, Insn i) { StoreRegister<uint32_t, Mode::M>(c, i); }                  \
  void STRx_##M(ExecContext& c, Insn i) { StoreRegister<uint64_t, Mode::M>(c, i); }                  \
  void LDRB_##M(ExecContext& c, Insn i) { LoadRegister<uint8_t, 32, Mode::M>(c, i); }                \
  void LDRH_##M(ExecContext& c, Insn i) { LoadRegister<uint16_t, 32, Mode::M>(c, i); }               \
  void LDRw_##M(ExecContext& c, Insn i) { LoadRegister<uint32_t, 32, Mode::M>(c, i); }               \
  void LDRx_##M(ExecContext& c, Insn i) { LoadRegister<uint64_t, 64, Mode::M>(c, i); }               \
  void LDRSBw_##M(ExecContext& c, Insn i) { LoadRegister<int8_t, 32, Mode::M>(c, i); }               \
  void LDRSBx_##M(ExecContext& c, Insn i) { LoadRegister<int8_t, 64, Mode::M>(c, i); }               \
  void LDRSHw_##M(ExecContext& c, Insn i) { LoadRegister<int16_t, 32, Mode::M>(c, i); }              \
  void LDRSHx_##M(ExecContext& c, Insn i) { LoadRegister<int16_t, 64, Mode::M>(c, i); }              \
  void LDRSW_##M(ExecContext& c, Insn i) { LoadRegister<int32_t, 64, Mode::M>(c, i); }

MTESIM_SINGLE_REGISTER_FORMS(UnsignedOffset)
MTESIM_SINGLE_REGISTER_FORMS(Unscaled)
MTESIM_SINGLE_REGISTER_FORMS(PostIndex)
MTESIM_SINGLE_REGISTER_FORMS(PreIndex)
MTESIM_SINGLE_REGISTER_FORMS(Unprivileged)
MTESIM_SINGLE_REGISTER_FORMS(RegisterOffset)
#undef MTESIM_SINGLE_REGISTER_FORMS

void LDRw_Literal(ExecContext& c, Insn i) { LoadLiteral<uint32_t, 32>(c, i); }
void LDRx_Literal(ExecContext& c, Insn i) { LoadLiteral<uint64_t, 64>(c, i); }
void LDRSW_Literal(ExecContext& c, Insn i) { LoadLiteral<int32_t, 64>(c, i); }

// PRFM (immediate, literal, register) and PRFUM: a hint with no architectural effect. It
// never generates a fault, and the pseudocode skips CheckSPAlignment() for prefetches.
void PrefetchMemory(ExecContext&, Insn) {}

}  // namespace mtesim::isa
