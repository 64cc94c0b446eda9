// Load-acquire / store-release (C6.2 LDAR, STLR; LDAPR, FEAT_LRCPC; LDAPUR*, STLUR*,
// FEAT_LRCPC2). One instruction at a time means the ordering itself needs no work; what
// remains architecturally visible is the AccessKind::Ordered alignment rule (with
// FEAT_LSE2: fault only when crossing a 16-byte granule, unless SCTLR.nAA is set).
// LDLAR/STLLR (FEAT_LOR) are not implemented and stay unallocated (UNDEFINED).
#include "isa/semantics/loads_stores_common.h"

namespace mtesim::isa {

namespace {

using ldst::BaseAddress;
using ldst::Imm9;
using ldst::SetLoaded;

template <typename T, unsigned RegSize> void LoadAcquire(ExecContext& c, Insn i, int64_t offset) {
  const uint64_t address = BaseAddress(c, i.Rn()) + offset;
  c.CheckAlignment(address, sizeof(T), AccessKind::Ordered, false);
  SetLoaded<T, RegSize>(c, i.Rt(), c.Read<T>(address, AccessKind::Ordered, ldst::TagChecked(i, false)));
}

template <typename T> void StoreRelease(ExecContext& c, Insn i, int64_t offset) {
  const uint64_t address = BaseAddress(c, i.Rn()) + offset;
  c.CheckAlignment(address, sizeof(T), AccessKind::Ordered, true);
  c.Write<T>(address, static_cast<T>(c.X(i.Rt())), AccessKind::Ordered, ldst::TagChecked(i, false));
}

}  // namespace

// LDAR, LDAPR (no offset).
void LDARB(ExecContext& c, Insn i) { LoadAcquire<uint8_t, 32>(c, i, 0); }
void LDARH(ExecContext& c, Insn i) { LoadAcquire<uint16_t, 32>(c, i, 0); }
void LDARw(ExecContext& c, Insn i) { LoadAcquire<uint32_t, 32>(c, i, 0); }
void LDARx(ExecContext& c, Insn i) { LoadAcquire<uint64_t, 64>(c, i, 0); }
void LDAPRB(ExecContext& c, Insn i) { LoadAcquire<uint8_t, 32>(c, i, 0); }
void LDAPRH(ExecContext& c, Insn i) { LoadAcquire<uint16_t, 32>(c, i, 0); }
void LDAPRw(ExecContext& c, Insn i) { LoadAcquire<uint32_t, 32>(c, i, 0); }
void LDAPRx(ExecContext& c, Insn i) { LoadAcquire<uint64_t, 64>(c, i, 0); }
void STLRB(ExecContext& c, Insn i) { StoreRelease<uint8_t>(c, i, 0); }
void STLRH(ExecContext& c, Insn i) { StoreRelease<uint16_t>(c, i, 0); }
void STLRw(ExecContext& c, Insn i) { StoreRelease<uint32_t>(c, i, 0); }
void STLRx(ExecContext& c, Insn i) { StoreRelease<uint64_t>(c, i, 0); }

// LDAPUR*, STLUR* (signed unscaled imm9).
void LDAPURB(ExecContext& c, Insn i) { LoadAcquire<uint8_t, 32>(c, i, Imm9(i)); }
void LDAPURH(ExecContext& c, Insn i) { LoadAcquire<uint16_t, 32>(c, i, Imm9(i)); }
void LDAPURw(ExecContext& c, Insn i) { LoadAcquire<uint32_t, 32>(c, i, Imm9(i)); }
void LDAPURx(ExecContext& c, Insn i) { LoadAcquire<uint64_t, 64>(c, i, Imm9(i)); }
void LDAPURSBw(ExecContext& c, Insn i) { LoadAcquire<int8_t, 32>(c, i, Imm9(i)); }
void LDAPURSBx(ExecContext& c, Insn i) { LoadAcquire<int8_t, 64>(c, i, Imm9(i)); }
void LDAPURSHw(ExecContext& c, Insn i) { LoadAcquire<int16_t, 32>(c, i, Imm9(i)); }
void LDAPURSHx(ExecContext& c, Insn i) { LoadAcquire<int16_t, 64>(c, i, Imm9(i)); }
void LDAPURSW(ExecContext& c, Insn i) { LoadAcquire<int32_t, 64>(c, i, Imm9(i)); }
void STLURB(ExecContext& c, Insn i) { StoreRelease<uint8_t>(c, i, Imm9(i)); }
void STLURH(ExecContext& c, Insn i) { StoreRelease<uint16_t>(c, i, Imm9(i)); }
void STLURw(ExecContext& c, Insn i) { StoreRelease<uint32_t>(c, i, Imm9(i)); }
void STLURx(ExecContext& c, Insn i) { StoreRelease<uint64_t>(c, i, Imm9(i)); }

}  // namespace mtesim::isa
