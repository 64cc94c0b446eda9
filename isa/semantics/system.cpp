// System instructions (C5.2-C5.5): MSR (immediate), hints, barriers, CLREX, SYS (cache,
// TLB and address-translation maintenance), MRS and MSR (register).
#include "isa/exec_context.h"

namespace mtesim::isa {

namespace {

constexpr unsigned kSctlrDze = 14, kSctlrUma = 9, kSctlrNtwi = 16, kSctlrNtwe = 18, kSctlrUci = 26;

// EC 0x18 trap to EL1 of an EL0 system instruction that SCTLR_EL1 disables.
[[noreturn]] void TrapToEl1(ExecContext& c, Insn i, bool read) {
  ExceptionRecord rec;
  rec.ec = ExceptionClass::SystemRegisterTrap;
  const uint32_t op0 = i.field(20, 19), op1 = i.field(18, 16), crn = i.field(15, 12), crm = i.field(11, 8),
                 op2 = i.field(7, 5);
  rec.iss = op0 << 20 | op2 << 17 | op1 << 14 | crn << 10 | i.Rt() << 5 | crm << 1 | uint32_t{read};
  c.TakeException(rec);
}

[[noreturn]] void TrapWfx(ExecContext& c, unsigned ti) {
  ExceptionRecord rec;
  rec.ec = ExceptionClass::WFxTrap;
  rec.iss = 1u << 24 | 0xEu << 20 | ti;  // CV = 1, COND = AL
  c.TakeException(rec);
}

// DC ZVA: zero the naturally aligned DCZID_EL0 block as one Tag Checked write, so the
// MMU, permissions, alignment rules (Device memory faults) and tag checks apply as for a
// store, and a fault leaves the whole block untouched.
void DataCacheZeroByVa(ExecContext& c, uint64_t va) {
  const uint64_t block = uint64_t{4} << c.s.id.DCZID_BS;
  const uint64_t base = va & ~(block - 1);
  c.ZeroBlock(base, static_cast<unsigned>(block), AccessKind::DcZva, true);
}

// DC GVA / DC GZVA (FEAT_MTE): set the tags of the DCZID_EL0 block holding Xt to Xt's tag,
// and for GZVA zero its data (not Tag Checked).
void DataCacheTagByVa(ExecContext& c, uint64_t va, bool zero_data) {
  const uint64_t block = uint64_t{4} << c.s.id.DCZID_BS;
  const uint64_t base = va & ~(block - 1);
  const unsigned count = static_cast<unsigned>(block >> mte::kLog2TagGranule);
  uint8_t tags[ExecContext::kMaxTagGranules];
  for (unsigned k = 0; k < count; ++k) tags[k] = static_cast<uint8_t>(mte::AllocationTagFromAddress(va));
  const bool tag_access = mte::AllocationTagAccessIsEnabled(c.TagCheckControlsFor(AccessKind::Normal));
  c.WriteAllocationTags(base, count, tags, AccessKind::DcZva, tag_access);
  if (zero_data) c.ZeroBlock(base, static_cast<unsigned>(block), AccessKind::DcZva, false);
}

// The DC operations on allocation tags (FEAT_MTE). By VA: op1 = 3 with CRm 10 (CGVAC,
// CGDVAC), 12 (CGVAP, CGDVAP), 13 (CGVADP, CGDVADP), 14 (CIGVAC, CIGDVAC) and op2 3 / 5,
// usable at EL0 under SCTLR_EL1.UCI; by set/way and the invalidating IGVAC / IGDVAC: op1
// = 0, EL1 only, FEAT_MTE2. Caches hold no state in this model, so they only translate
// (by VA) or do nothing (by set/way).
bool TagCacheMaintenance(ExecContext& c, Insn i, unsigned op1, unsigned crm, unsigned op2) {
  if (c.mte_level() == 0) return false;
  const uint64_t va = c.X(i.Rt());
  if (op1 == 3 && (crm == 10 || crm == 12 || crm == 13 || crm == 14) && (op2 == 3 || op2 == 5)) {
    if (c.s.PSTATE.EL == 0 && !Bit(c.s.sys.SCTLR_EL1, kSctlrUci)) TrapToEl1(c, i, false);
    c.DataCacheMaintenance(va);
    return true;
  }
  if (op1 != 0 || c.s.PSTATE.EL == 0 || c.mte_level() < 2) return false;
  if (crm == 6 && (op2 == 3 || op2 == 5)) {  // IGVAC, IGDVAC
    c.DataCacheMaintenance(va);
    return true;
  }
  // IGSW, IGDSW (CRm 6), CGSW, CGDSW (CRm 10), CIGSW, CIGDSW (CRm 14), op2 4 / 6.
  return (crm == 6 || crm == 10 || crm == 14) && (op2 == 4 || op2 == 6);
}

void DataCacheInstruction(ExecContext& c, Insn i, unsigned op1, unsigned crm, unsigned op2) {
  const uint64_t va = c.X(i.Rt());
  if (op1 == 3 && crm == 4 && (op2 == 1 || ((op2 == 3 || op2 == 4) && c.mte_level() >= 1))) {  // DC ZVA, GVA, GZVA
    if (c.s.PSTATE.EL == 0 && !Bit(c.s.sys.SCTLR_EL1, kSctlrDze)) TrapToEl1(c, i, false);
    if (op2 == 1) DataCacheZeroByVa(c, va);
    else DataCacheTagByVa(c, va, op2 == 4);
    return;
  }
  if (op1 == 3 && (crm == 10 || crm == 11 || crm == 12 || crm == 13 || crm == 14) && op2 == 1) {
    // DC CVAC, CVAU, CVAP (FEAT_DPB), CVADP (FEAT_DPB2), CIVAC
    if (c.s.PSTATE.EL == 0 && !Bit(c.s.sys.SCTLR_EL1, kSctlrUci)) TrapToEl1(c, i, false);
    c.DataCacheMaintenance(va);
    return;
  }
  if (TagCacheMaintenance(c, i, op1, crm, op2)) return;
  if (op1 == 0 && c.s.PSTATE.EL >= 1) {
    if (crm == 6 && op2 == 1) { c.DataCacheMaintenance(va); return; }  // DC IVAC
    if ((crm == 6 || crm == 10 || crm == 14) && op2 == 2) return;             // DC ISW, CSW, CISW
  }
  c.Undefined();
}

void InstructionCacheInstruction(ExecContext& c, Insn i, unsigned op1, unsigned crm, unsigned op2) {
  if (op1 == 0 && (crm == 1 || crm == 5) && op2 == 0 && c.s.PSTATE.EL >= 1) {  // IC IALLUIS, IALLU
    c.InstructionCacheInvalidate();
    return;
  }
  if (op1 == 3 && crm == 5 && op2 == 1) {  // IC IVAU
    if (c.s.PSTATE.EL == 0 && !Bit(c.s.sys.SCTLR_EL1, kSctlrUci)) TrapToEl1(c, i, false);
    c.InstructionCacheInvalidate();
    return;
  }
  c.Undefined();
}

void AddressTranslationInstruction(ExecContext& c, Insn i, unsigned op1, unsigned crm, unsigned op2) {
  const bool s1e1 = crm == 8 && op2 <= 3;             // AT S1E1R, S1E1W, S1E0R, S1E0W
  const bool s1e1_pan = crm == 9 && op2 <= 1;         // AT S1E1RP, S1E1WP (FEAT_PAN2)
  if (c.s.PSTATE.EL == 0 || op1 != 0 || !(s1e1 || s1e1_pan)) c.Undefined();
  const bool write = op2 & 1;
  const bool el0 = s1e1 && op2 >= 2;
  // Only the P forms take PSTATE.PAN into account; the plain EL1 forms ignore it.
  const bool pan = s1e1_pan && c.s.PSTATE.PAN;
  c.s.sys.PAR_EL1 = c.AddressTranslate(c.X(i.Rt()), write, el0, pan);
}

void TlbInstruction(ExecContext& c, Insn i, unsigned op1, unsigned crm, unsigned op2) {
  // TLBI VMALLE1{IS}, VAE1{IS}, ASIDE1{IS}, VAAE1{IS}, VALE1{IS}, VAALE1{IS}.
  const bool known_op = op2 == 0 || op2 == 1 || op2 == 2 || op2 == 3 || op2 == 5 || op2 == 7;
  if (c.s.PSTATE.EL == 0 || op1 != 0 || (crm != 3 && crm != 7) || !known_op) c.Undefined();
  c.TlbMaintenance(op1, crm, op2, c.X(i.Rt()));
}

}  // namespace

void MoveToPstateImmediate(ExecContext& c, Insn i) {
  const unsigned op1 = i.field(18, 16), op2 = i.field(7, 5), crm = i.field(11, 8);
  ProcState& p = c.s.PSTATE;
  switch (op1 << 3 | op2) {
    case 0b000011:  // UAO
      if (p.EL == 0) c.Undefined();
      p.UAO = crm & 1;
      c.PstateChanged();
      return;
    case 0b000100:  // PAN
      if (p.EL == 0) c.Undefined();
      p.PAN = crm & 1;
      c.PstateChanged();
      return;
    case 0b000101: {  // SPSel
      if (p.EL == 0) c.Undefined();
      const ProcState old = p;
      p.SP = crm & 1;
      c.SelectStackPointer(old);
      return;
    }
    case 0b011100:  // TCO: FEAT_MTE; with no tag checking below FEAT_MTE2 it is WI
      if (c.mte_level() == 0) c.Undefined();
      if (c.mte_level() >= 2) {
        p.TCO = crm & 1;
        c.PstateChanged();
      }
      return;
    case 0b011001: p.SSBS = crm & 1; return;
    case 0b011010: p.DIT = crm & 1; return;
    case 0b011110:    // DAIFSet
    case 0b011111: {  // DAIFClr
      if (p.EL == 0 && !Bit(c.s.sys.SCTLR_EL1, kSctlrUma)) TrapToEl1(c, i, false);
      const bool set = op2 == 0b110;
      if (crm & 8) p.D = set;
      if (crm & 4) p.A = set;
      if (crm & 2) p.I = set;
      if (crm & 1) p.F = set;
      return;
    }
    default: c.Undefined();
  }
}

void Hint(ExecContext& c, Insn i) {
  switch (i.field(11, 5)) {
    case 2:  // WFE
      if (c.s.PSTATE.EL == 0 && !Bit(c.s.sys.SCTLR_EL1, kSctlrNtwe)) TrapWfx(c, 1);
      c.WaitForEvent();
      return;
    case 3:  // WFI
      if (c.s.PSTATE.EL == 0 && !Bit(c.s.sys.SCTLR_EL1, kSctlrNtwi)) TrapWfx(c, 0);
      c.WaitForInterrupt();
      return;
    case 4:  // SEV
    case 5:  // SEVL
      c.SendEvent();
      return;
    default:  // NOP, YIELD and every unallocated hint (PAC, BTI, ...) execute as NOP
      return;
  }
}

void ClearExclusive(ExecContext& c, Insn) { c.s.excl_valid = false; }

// DMB, DSB, ISB and SB: this model completes every access in program order, so ordering
// is already satisfied; ISB needs no refetch because code writes invalidate decoded code.
void Barrier(ExecContext&, Insn) {}

void SystemInstruction(ExecContext& c, Insn i) {
  const unsigned op1 = i.field(18, 16), crn = i.field(15, 12), crm = i.field(11, 8), op2 = i.field(7, 5);
  if (crn == 7 && (crm == 5 || crm == 1)) return InstructionCacheInstruction(c, i, op1, crm, op2);
  if (crn == 7 && (crm == 8 || crm == 9)) return AddressTranslationInstruction(c, i, op1, crm, op2);
  if (crn == 7) return DataCacheInstruction(c, i, op1, crm, op2);
  if (crn == 8) return TlbInstruction(c, i, op1, crm, op2);
  c.Undefined();
}

void MoveFromSystemRegister(ExecContext& c, Insn i) { c.SetX(i.Rt(), c.ReadSystemRegister(i)); }

void MoveToSystemRegister(ExecContext& c, Insn i) { c.WriteSystemRegister(i, c.X(i.Rt())); }

}  // namespace mtesim::isa
