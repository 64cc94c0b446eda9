// System instructions (C5.2-C5.5): MSR (immediate), hints, barriers, CLREX, SYS (cache,
// TLB and address-translation maintenance), MRS and MSR (register).
#include "isa/exec_context.h"
#include "isa/system_registers.h"
#include "isa/tlb_invalidation.h"

namespace mtesim::isa {

namespace {

using R = AccessResult;

// ---- access functions of the system instructions (EL0 enables, then HCR_EL2 traps) ----

R El0Gate(const ExecContext& c, unsigned sctlr_bit) {
  return c.s.PSTATE.EL == 0 && !Bit(c.s.sys.SCTLR_EL1, sctlr_bit) ? R::TrapToEl1 : R::Allowed;
}
// Cache maintenance EL0 may do under SCTLR_EL1.UCI, and HCR_EL2 traps for EL0 and EL1.
R UserCacheMaintenance(const ExecContext& c, unsigned hcr_bit) {
  const R el0 = El0Gate(c, sctlr::UCI);
  if (el0 != R::Allowed) return el0;
  return c.TrappedByHcr(hcr_bit) ? R::TrapToEl2 : R::Allowed;
}
R TrappedByHcr(const ExecContext& c, unsigned hcr_bit) { return c.TrappedByHcr(hcr_bit) ? R::TrapToEl2 : R::Allowed; }

// Requires EL1 (or EL2 for the op1 = 4 forms), else UNDEFINED.
void RequireEl(ExecContext& c, unsigned el) {
  if (c.s.PSTATE.EL < el) c.Undefined();
}

[[noreturn]] void TrapWfx(ExecContext& c, unsigned ti, unsigned target_el) {
  ExceptionRecord rec;
  rec.ec = ExceptionClass::WFxTrap;
  rec.iss = 1u << 24 | 0xEu << 20 | ti;  // CV = 1, COND = AL
  rec.target_el = static_cast<uint8_t>(target_el);
  c.TakeException(rec);
}

// WFI (ti 0) and WFE (ti 1): SCTLR_EL1.nTWI/nTWE trap EL0 to EL1, HCR_EL2.TWI/TWE trap EL0
// and EL1 to EL2 (EC 0x01).
void CheckWfxTraps(ExecContext& c, unsigned ti) {
  if (c.s.PSTATE.EL == 0 && !Bit(c.s.sys.SCTLR_EL1, ti ? sctlr::nTWE : sctlr::nTWI)) TrapWfx(c, ti, c.DefaultTargetEl());
  if (c.TrappedByHcr(ti ? hcr::TWE : hcr::TWI)) TrapWfx(c, ti, 2);
}

// DC ZVA: zero the naturally aligned DCZID_EL0 block as one Tag Checked write, so the
// MMU, permissions, alignment rules (Device memory faults) and tag checks apply as for a
// store, and a fault leaves the whole block untouched.
void DataCacheZeroByVa(ExecContext& c, uint64_t va) {
  const uint64_t block = uint64_t{4} << c.s.id.DCZID_BS;
  const uint64_t base = va & ~(block - 1);
  const ExecContext::RegisterFar far(c, va);
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
  const ExecContext::RegisterFar far(c, va);
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
    EnforceAccess(c, i, false, UserCacheMaintenance(c, hcr::TPCP));
    c.DataCacheMaintenance(va);
    return true;
  }
  if (op1 != 0 || c.s.PSTATE.EL == 0 || c.mte_level() < 2) return false;
  if (crm == 6 && (op2 == 3 || op2 == 5)) {  // IGVAC, IGDVAC
    EnforceAccess(c, i, false, TrappedByHcr(c, hcr::TPCP));
    c.DataCacheMaintenance(va);
    return true;
  }
  // IGSW, IGDSW (CRm 6), CGSW, CGDSW (CRm 10), CIGSW, CIGDSW (CRm 14), op2 4 / 6.
  if ((crm == 6 || crm == 10 || crm == 14) && (op2 == 4 || op2 == 6)) {
    EnforceAccess(c, i, false, TrappedByHcr(c, hcr::TSW));
    return true;
  }
  return false;
}

void DataCacheInstruction(ExecContext& c, Insn i, unsigned op1, unsigned crm, unsigned op2) {
  const uint64_t va = c.X(i.Rt());
  if (op1 == 3 && crm == 4 && (op2 == 1 || ((op2 == 3 || op2 == 4) && c.mte_level() >= 1))) {  // DC ZVA, GVA, GZVA
    EnforceAccess(c, i, false, DataCacheZeroAccess(c));
    if (op2 == 1) DataCacheZeroByVa(c, va);
    else DataCacheTagByVa(c, va, op2 == 4);
    return;
  }
  if (op1 == 3 && (crm == 10 || crm == 11 || crm == 12 || crm == 13 || crm == 14) && op2 == 1) {
    // DC CVAC, CVAU (to the PoU: HCR_EL2.TPU), CVAP (FEAT_DPB), CVADP (FEAT_DPB2), CIVAC
    EnforceAccess(c, i, false, UserCacheMaintenance(c, crm == 11 ? hcr::TPU : hcr::TPCP));
    c.DataCacheMaintenance(va);
    return;
  }
  if (TagCacheMaintenance(c, i, op1, crm, op2)) return;
  if (op1 == 0 && c.s.PSTATE.EL >= 1) {
    if (crm == 6 && op2 == 1) {  // DC IVAC
      EnforceAccess(c, i, false, TrappedByHcr(c, hcr::TPCP));
      c.DataCacheMaintenance(va);
      return;
    }
    if ((crm == 6 || crm == 10 || crm == 14) && op2 == 2) {  // DC ISW, CSW, CISW
      EnforceAccess(c, i, false, TrappedByHcr(c, hcr::TSW));
      return;
    }
  }
  c.Undefined();
}

void InstructionCacheInstruction(ExecContext& c, Insn i, unsigned op1, unsigned crm, unsigned op2) {
  if (op1 == 0 && (crm == 1 || crm == 5) && op2 == 0 && c.s.PSTATE.EL >= 1) {  // IC IALLUIS, IALLU
    EnforceAccess(c, i, false, TrappedByHcr(c, hcr::TPU));
    c.InstructionCacheInvalidate();
    return;
  }
  if (op1 == 3 && crm == 5 && op2 == 1) {  // IC IVAU
    EnforceAccess(c, i, false, UserCacheMaintenance(c, hcr::TPU));
    c.InstructionCacheInvalidate();
    return;
  }
  c.Undefined();
}

void AddressTranslationInstruction(ExecContext& c, Insn i, unsigned op1, unsigned crm, unsigned op2) {
  using Stage = ExecContext::AtStage;
  Stage stage;
  bool pan = false;
  if (op1 == 0 && crm == 8 && op2 <= 3) {  // AT S1E1R, S1E1W, S1E0R, S1E0W
    RequireEl(c, 1);
    stage = op2 >= 2 ? Stage::S1E0 : Stage::S1E1;
  } else if (op1 == 0 && crm == 9 && op2 <= 1) {  // AT S1E1RP, S1E1WP (FEAT_PAN2)
    RequireEl(c, 1);
    stage = Stage::S1E1;
    pan = c.s.PSTATE.PAN;  // only the P forms take PSTATE.PAN into account
  } else if (op1 == 4 && crm == 8 && (op2 <= 1 || op2 >= 4) && c.HaveEl2()) {
    // AT S1E2R, S1E2W, S12E1R, S12E1W, S12E0R, S12E0W
    RequireEl(c, 2);
    stage = op2 <= 1 ? Stage::S1E2 : op2 <= 5 ? Stage::S12E1 : Stage::S12E0;
  } else {
    c.Undefined();
  }
  c.s.sys.PAR_EL1 = c.AddressTranslate(c.X(i.Rt()), op2 & 1, stage, pan);
}

// TLBI: decode once into the invalidation the MMU applies.
void TlbInstruction(ExecContext& c, Insn i, unsigned op1, unsigned crm, unsigned op2) {
  using Scope = TlbInvalidation::Scope;
  const uint64_t xt = c.X(i.Rt());
  TlbInvalidation op;
  op.asid = static_cast<uint16_t>(xt >> 48);
  op.vmid = c.CurrentVmid();
  if (op1 == 0 && (crm == 3 || crm == 7)) {
    // VMALLE1, VAE1, ASIDE1, VAAE1, VALE1, VAALE1 {IS}: EL1 (and EL2), trapped by HCR_EL2.TTLB.
    static constexpr int8_t kScopes[8] = {int8_t(Scope::Vmalle1), int8_t(Scope::Va), int8_t(Scope::Asid),
                                          int8_t(Scope::VaAllAsids), -1, int8_t(Scope::Va), -1,
                                          int8_t(Scope::VaAllAsids)};
    if (c.s.PSTATE.EL == 0 || kScopes[op2] < 0) c.Undefined();
    EnforceAccess(c, i, false, TrappedByHcr(c, hcr::TTLB));
    op.scope = static_cast<Scope>(kScopes[op2]);
    op.last_level = op2 == 5 || op2 == 7;
    // HCR_EL2.FB: EL1's TLB maintenance is broadcast within the Inner Shareable domain.
    op.broadcast = crm == 3 || (c.s.PSTATE.EL == 1 && Bit(c.EffectiveHcr(), hcr::FB));
    op.address = (xt & ((uint64_t{1} << 44) - 1)) << 12;
  } else if (op1 == 4 && c.HaveEl2() && ((crm == 0 || crm == 4) && (op2 == 1 || op2 == 5))) {
    // IPAS2E1{IS}, IPAS2LE1{IS}
    RequireEl(c, 2);
    op.scope = Scope::Ipa;
    op.last_level = op2 == 5;
    op.broadcast = crm == 0;
    op.address = (xt & ((uint64_t{1} << 36) - 1)) << 12;
  } else if (op1 == 4 && c.HaveEl2() && (crm == 3 || crm == 7) && (op2 <= 1 || op2 >= 4) && op2 != 7) {
    // ALLE2, VAE2, ALLE1, VALE2, VMALLS12E1 {IS}
    RequireEl(c, 2);
    static constexpr Scope kScopes[7] = {Scope::Alle2, Scope::Vae2, Scope::Alle2, Scope::Alle2,
                                         Scope::Alle1, Scope::Vae2, Scope::Vmalls12e1};
    op.scope = kScopes[op2];
    op.last_level = op2 == 5;
    op.broadcast = crm == 3;
    op.address = (xt & ((uint64_t{1} << 44) - 1)) << 12;
  } else {
    c.Undefined();
  }
  c.TlbMaintenance(op);
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
      EnforceAccess(c, i, false, El0Gate(c, sctlr::UMA));
      const bool set = op2 == 0b110;
      if (crm & 8) p.D = set;
      if (crm & 4) p.A = set;
      if (crm & 2) p.I = set;
      if (crm & 1) p.F = set;
      c.InterruptMaskingChanged();
      return;
    }
    default: c.Undefined();
  }
}

void Hint(ExecContext& c, Insn i) {
  switch (i.field(11, 5)) {
    case 2:  // WFE: with the event register set it completes at once (clearing it); only a
             // WFE that would wait can be trapped
      if (c.ClearEventRegister()) return;
      CheckWfxTraps(c, 1);
      c.WaitForEvent();
      return;
    case 3:  // WFI
      CheckWfxTraps(c, 0);
      c.WaitForInterrupt();
      return;
    case 4:  // SEV: every PE's event register
      c.SendEvent();
      return;
    case 5:  // SEVL: this PE's only
      c.SendEventLocal();
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
