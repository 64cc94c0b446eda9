// Exception entry and return, alignment rules, and the derived views of the translation
// controls used by the inline memory fast path.
#include "isa/exec_context.h"

namespace mtesim::isa {

namespace {
constexpr unsigned kSctlrA = 1, kSctlrM = 0, kSctlrNaa = 6, kSctlrSpan = 23, kSctlrDssbs = 44;
constexpr unsigned kSctlrTcf0 = 38, kSctlrTcf = 40, kSctlrAta0 = 42, kSctlrAta = 43, kSctlrTcso0 = 58, kSctlrTcso = 59;
constexpr unsigned kTcrTbi0 = 37, kTcrTbi1 = 38, kTcrTcma0 = 57, kTcrTcma1 = 58, kTcrMtx0 = 60, kTcrMtx1 = 61;
}  // namespace

uint64_t PstateToSpsr(const ProcState& p) {
  uint64_t spsr = 0;
  spsr |= uint64_t{p.N} << 31 | uint64_t{p.Z} << 30 | uint64_t{p.C} << 29 | uint64_t{p.V} << 28;
  spsr |= uint64_t{p.TCO} << 25 | uint64_t{p.DIT} << 24 | uint64_t{p.UAO} << 23 | uint64_t{p.PAN} << 22;
  spsr |= uint64_t{p.SS} << 21 | uint64_t{p.IL} << 20 | uint64_t{p.SSBS} << 12 | uint64_t{p.BTYPE} << 10;
  spsr |= uint64_t{p.D} << 9 | uint64_t{p.A} << 8 | uint64_t{p.I} << 7 | uint64_t{p.F} << 6;
  spsr |= uint64_t{p.EL} << 2 | uint64_t{p.SP};
  return spsr;
}

ProcState SpsrToPstate(uint64_t spsr) {
  ProcState p;
  p.N = Bit(spsr, 31); p.Z = Bit(spsr, 30); p.C = Bit(spsr, 29); p.V = Bit(spsr, 28);
  p.TCO = Bit(spsr, 25); p.DIT = Bit(spsr, 24); p.UAO = Bit(spsr, 23); p.PAN = Bit(spsr, 22);
  p.SS = Bit(spsr, 21); p.IL = Bit(spsr, 20); p.SSBS = Bit(spsr, 12);
  p.BTYPE = static_cast<uint8_t>(Bits(spsr, 11, 10));
  p.D = Bit(spsr, 9); p.A = Bit(spsr, 8); p.I = Bit(spsr, 7); p.F = Bit(spsr, 6);
  p.EL = static_cast<uint8_t>(Bits(spsr, 3, 2));
  p.SP = Bit(spsr, 0);
  return p;
}

uint32_t FaultStatusCode(const Fault& f) {
  const uint32_t level = static_cast<uint32_t>(f.level) & 3;
  switch (f.kind) {
    case FaultKind::AddressSize: return 0x00 | level;
    case FaultKind::Translation: return 0x04 | level;
    case FaultKind::AccessFlag: return 0x08 | level;
    case FaultKind::Permission: return 0x0C | level;
    case FaultKind::Alignment: return 0x21;
    case FaultKind::ExternalAbort: return f.external_on_walk ? 0x14 | level : 0x10;
    case FaultKind::TagCheck: return 0x11;
  }
  return 0x10;
}

namespace {
// The definition of the conditions (shared/functions/system/ConditionHolds).
constexpr bool ConditionFromFlags(unsigned cond, bool n, bool z, bool c, bool v) {
  bool result = true;
  switch (cond >> 1) {
    case 0: result = z; break;                   // EQ / NE
    case 1: result = c; break;                   // CS / CC
    case 2: result = n; break;                   // MI / PL
    case 3: result = v; break;                   // VS / VC
    case 4: result = c && !z; break;             // HI / LS
    case 5: result = n == v; break;              // GE / LT
    case 6: result = n == v && !z; break;        // GT / LE
    default: result = true; break;               // AL / NV
  }
  // Odd conditions invert, except 0b1111 (NV), which is "always" too.
  return ((cond & 1) && cond != 0xF) ? !result : result;
}

constexpr uint16_t ConditionMask(unsigned cond) {
  uint16_t mask = 0;
  for (unsigned nzcv = 0; nzcv < 16; ++nzcv)
    if (ConditionFromFlags(cond, nzcv & 8, nzcv & 4, nzcv & 2, nzcv & 1)) mask |= uint16_t(1u << nzcv);
  return mask;
}
}  // namespace

const uint16_t kConditionTable[16] = {
    ConditionMask(0), ConditionMask(1), ConditionMask(2),  ConditionMask(3),  ConditionMask(4),  ConditionMask(5),
    ConditionMask(6), ConditionMask(7), ConditionMask(8),  ConditionMask(9),  ConditionMask(10), ConditionMask(11),
    ConditionMask(12), ConditionMask(13), ConditionMask(14), ConditionMask(15)};

void ExecContext::FlushFastTlb() {
  for (auto& regime : fast_tlb_)
    for (auto& e : regime) e = FastTlbEntry{~uint64_t{0}, ~uint64_t{0}, 0, nullptr};
  for (auto& regime : fast_tlb_checked_)
    for (auto& e : regime) e = FastTlbCheckedEntry{~uint64_t{0}, ~uint64_t{0}, ~uint64_t{0}};
}

void ExecContext::FillFastTlb(uint64_t va, uint8_t mmu_index, bool readable, bool writable, uint8_t* host_page,
                              uint64_t pa_page, const uint8_t* page_tags) {
  const uint64_t key = TranslationKey(va) & ~uint64_t{0xFFF};
  const unsigned slot = (key >> 12) & (kFastTlbSize - 1);
  FastTlbEntry& e = fast_tlb_[mmu_index][slot];
  FastTlbCheckedEntry& checked = fast_tlb_checked_[mmu_index][slot];
  const unsigned half = Bit(va, 55);
  const bool check_reads = page_tags && fast_tag_check_[mmu_index][half][0];
  const bool check_writes = page_tags && fast_tag_check_[mmu_index][half][1];
  e.read_page = readable && !check_reads ? key : ~uint64_t{0};
  e.write_page = writable && !check_writes ? key : ~uint64_t{0};
  e.addend = reinterpret_cast<uintptr_t>(host_page) - key;
  e.tags = page_tags;
  checked.read_page = readable && check_reads ? key : ~uint64_t{0};
  checked.write_page = writable && check_writes ? key : ~uint64_t{0};
  checked.pa_page = pa_page;
}

void ExecContext::ZeroBlock(uint64_t va, unsigned size, AccessKind kind, bool tag_checked) {
  static const uint8_t kZeros[2048] = {};  // the largest DCZID_EL0 block
  if (size > sizeof kZeros) size = sizeof kZeros;
  AccessSlow(AccessRequest{va, size, 1, true, kind, tag_checked}, const_cast<uint8_t*>(kZeros));
}

// ---------------------------------------------------------------------------------------
// Memory Tagging

IdRegisters WithMteFeatures(IdRegisters id, const MteFeatures& features) {
  constexpr uint64_t kPfr1Mte = 0xFull << 8, kPfr1MteFrac = 0xFull << 40, kPfr1Mtex = 0xFull << 52;
  uint64_t pfr1 = id.ID_AA64PFR1_EL1 & ~(kPfr1Mte | kPfr1MteFrac | kPfr1Mtex);
  pfr1 |= uint64_t{features.level & 0xF} << 8;  // MTE_frac = 0: asynchronous faults are implemented
  if (features.canonical_tags) pfr1 |= uint64_t{1} << 52;
  id.ID_AA64PFR1_EL1 = pfr1;
  uint64_t pfr2 = id.ID_AA64PFR2_EL1 & ~uint64_t{0xFF0};
  if (features.store_only) pfr2 |= uint64_t{1} << 4;  // MTESTOREONLY
  if (features.tagged_far) pfr2 |= uint64_t{1} << 8;  // MTEFAR
  id.ID_AA64PFR2_EL1 = pfr2;
  id.GMID_EL1 = features.gmid_bs;
  return id;
}

void ExecContext::ConfigureMte(const MteFeatures& features) {
  mte_ = features;
  s.id = WithMteFeatures(s.id, features);
  UpdateDerivedState();
  FlushFastTlb();
}

mte::TagCheckControls ExecContext::TagCheckControlsFor(AccessKind kind) const {
  mte::TagCheckControls c;
  if (mte_.level < 2) return c;  // FEAT_MTE alone has no tag storage: ATA reads as 0
  const bool el0 = UsesEl0TagControls(kind);
  const uint64_t sctlr = s.sys.SCTLR_EL1, tcr = s.sys.TCR_EL1;
  c.ata = Bit(sctlr, el0 ? kSctlrAta0 : kSctlrAta);
  c.tcf = static_cast<unsigned>(Bits(sctlr, (el0 ? kSctlrTcf0 : kSctlrTcf) + 1, el0 ? kSctlrTcf0 : kSctlrTcf));
  c.store_only = mte_.store_only && Bit(sctlr, el0 ? kSctlrTcso0 : kSctlrTcso);
  c.tco = s.PSTATE.TCO;
  c.tbi[0] = Bit(tcr, kTcrTbi0);
  c.tbi[1] = Bit(tcr, kTcrTbi1);
  c.mtx[0] = mte_.canonical_tags && Bit(tcr, kTcrMtx0);
  c.mtx[1] = mte_.canonical_tags && Bit(tcr, kTcrMtx1);
  c.tcma[0] = Bit(tcr, kTcrTcma0);
  c.tcma[1] = Bit(tcr, kTcrTcma1);
  return c;
}

void ExecContext::TagCheckFailed(uint64_t va, bool write, AccessKind kind) {
  const mte::TagCheckControls c = TagCheckControlsFor(kind);
  switch (mte::TagCheckFaultFor(c.tcf, write, mte_.level)) {
    case mte::TagCheckFault::Synchronous: {
      Fault f;
      f.kind = FaultKind::TagCheck;
      f.write = write;
      DataAbort(va, f);
    }
    case mte::TagCheckFault::Asynchronous:
      // Recorded at once: the architecture lets it appear any time before the next DSB
      // or (with SCTLR_EL1.ITFSB) exception entry, so both synchronisations hold.
      (UsesEl0TagControls(kind) ? s.sys.TFSRE0_EL1 : s.sys.TFSR_EL1) |= mte::TfsrBitFor(va);
      return;
    case mte::TagCheckFault::None:
      return;
  }
}

void ExecContext::DropFastTlbWrites(uint64_t pa_page) {
  for (unsigned idx = 0; idx < kMmuIndexCount; ++idx)
    for (unsigned slot = 0; slot < kFastTlbSize; ++slot)
      if (fast_tlb_checked_[idx][slot].pa_page == pa_page)
        fast_tlb_[idx][slot].write_page = fast_tlb_checked_[idx][slot].write_page = ~uint64_t{0};
}

void ExecContext::UpdateDerivedState() {
  const ProcState& p = s.PSTATE;
  mmu_index_ = static_cast<uint8_t>(p.EL == 0 ? kMmuEL0 : (p.PAN ? kMmuEL1Pan : kMmuEL1));
  // LDTR/STTR at EL1 are unprivileged unless PSTATE.UAO is set (FEAT_UAO).
  unpriv_mmu_index_ = (p.EL == 1 && p.UAO) ? mmu_index_ : uint8_t{kMmuEL0};
  tbi_[0] = Bit(s.sys.TCR_EL1, kTcrTbi0);
  tbi_[1] = Bit(s.sys.TCR_EL1, kTcrTbi1);
  mtx_[0] = mte_.canonical_tags && Bit(s.sys.TCR_EL1, kTcrMtx0);
  mtx_[1] = mte_.canonical_tags && Bit(s.sys.TCR_EL1, kTcrMtx1);

  // Which fast-TLB views may need a tag check. Entries are filled with the page's tags
  // only where they may; when that changes, the cached entries are stale.
  bool check[kMmuIndexCount][2][2] = {};
  const ExecContext& self = *this;
  for (unsigned idx = 0; idx < kMmuIndexCount; ++idx) {
    // Index EL0 is used by EL0 and by unprivileged accesses, both with the EL0 controls.
    const mte::TagCheckControls c =
        idx == kMmuEL0 && p.EL != 0 ? self.TagCheckControlsFor(AccessKind::Unprivileged) : self.TagCheckControlsFor(AccessKind::Normal);
    for (unsigned half = 0; half < 2; ++half)
      for (unsigned write = 0; write < 2; ++write) {
        const uint64_t va = uint64_t{half} << 55;
        check[idx][half][write] = mte::AccessIsTagChecked(va | (uint64_t{1} << 56), write, true, c) &&
                                  mte::TagCheckFaultFor(c.tcf, write, mte_.level) != mte::TagCheckFault::None;
      }
  }
  if (std::memcmp(check, fast_tag_check_, sizeof check) != 0) {
    std::memcpy(fast_tag_check_, check, sizeof check);
    FlushFastTlb();
  }
  // With the MMU off every data access is to Device memory and must be aligned.
  const bool strict = Bit(s.sys.SCTLR_EL1, kSctlrA) || !Bit(s.sys.SCTLR_EL1, kSctlrM);
  for (unsigned size = 0; size <= 16; ++size)
    align_check_mask_[size] = ~uint64_t{0xFFF} | ((strict && size > 1) ? uint64_t{size} - 1 : 0);
}

void ExecContext::CheckAlignment(uint64_t va, unsigned size, AccessKind kind, bool write) {
  if (size <= 1 || (va & (size - 1)) == 0) return;
  // AArch64.CheckAlignment with FEAT_LSE2: atomic and exclusive accesses, and ordered ones
  // unless SCTLR.nAA is set, fault only when they cross a 16-byte boundary.
  const bool crosses16 = (va & 15) + size > 16;
  bool check = Bit(s.sys.SCTLR_EL1, kSctlrA);
  if (kind == AccessKind::Atomic || kind == AccessKind::Exclusive) check = check || crosses16;
  if (kind == AccessKind::Ordered) check = check || (crosses16 && !Bit(s.sys.SCTLR_EL1, kSctlrNaa));
  if (check) AlignmentFault(va, write);
}

void ExecContext::TakeException(const ExceptionRecord& rec) {
  const ProcState old = s.PSTATE;
  // Everything the guest can cause is taken to EL1 until the hypervisor issue adds EL2.
  uint64_t vect_offset = 0;
  if (old.EL < 1) vect_offset = 0x400;
  else if (old.SP) vect_offset = 0x200;

  s.sys.ESR_EL1 = uint64_t{rec.iss2 & 0xFFFFFF} << 32 | uint64_t{static_cast<uint8_t>(rec.ec)} << 26 |
                  uint64_t{1} << 25 | (rec.iss & 0x1FFFFFF);
  if (rec.far_valid) s.sys.FAR_EL1 = rec.vaddr;
  s.sys.SPSR_EL1 = PstateToSpsr(old);
  s.sys.ELR_EL1 = rec.return_to_next ? s.PC + 4 : s.PC;

  ProcState& p = s.PSTATE;
  p.EL = 1;
  p.SP = true;
  p.D = p.A = p.I = p.F = true;
  p.SS = false;
  p.IL = false;
  p.BTYPE = 0;
  if (!Bit(s.sys.SCTLR_EL1, kSctlrSpan)) p.PAN = true;
  p.UAO = false;
  p.SSBS = Bit(s.sys.SCTLR_EL1, kSctlrDssbs);
  if (mte_.level >= 1) p.TCO = true;

  SelectStackPointer(old);
  s.PC = (s.sys.VBAR_EL1 & ~uint64_t{0x7FF}) + vect_offset;
  npc = s.PC;
  PstateChanged();
  throw ExceptionTaken{};
}

void ExecContext::Undefined() { TakeException(ExceptionRecord{ExceptionClass::Uncategorized, 0, false, 0, false}); }

void ExecContext::AlignmentFault(uint64_t va, bool write) {
  Fault f;
  f.kind = FaultKind::Alignment;
  f.write = write;
  DataAbort(va, f);
}

void ExecContext::DataAbort(uint64_t va, const Fault& f) {
  ExceptionRecord rec;
  rec.ec = s.PSTATE.EL == 0 ? ExceptionClass::DataAbortLowerEL : ExceptionClass::DataAbortSameEL;
  // ISV = 0: syndrome information is only reported for stage-2 aborts taken to EL2.
  rec.iss = FaultStatusCode(f) | uint32_t{f.write} << 6 | uint32_t{f.s1ptw} << 7 | uint32_t{f.cache_maintenance} << 8;
  rec.iss2 = uint32_t{f.tag_not_data} << 10;
  rec.far_valid = true;
  // FAR[63:60] of a Tag Check fault is UNKNOWN without FEAT_MTE_TAGGED_FAR; mtesim reports 0.
  rec.vaddr = f.kind == FaultKind::TagCheck && !mte_.tagged_far ? va & ~(uint64_t{0xF} << 60) : va;
  TakeException(rec);
}

void ExecContext::InstructionAbort(uint64_t va, const Fault& f) {
  ExceptionRecord rec;
  rec.ec = s.PSTATE.EL == 0 ? ExceptionClass::InstructionAbortLowerEL : ExceptionClass::InstructionAbortSameEL;
  rec.iss = FaultStatusCode(f) | uint32_t{f.s1ptw} << 7;
  rec.far_valid = true;
  rec.vaddr = va;
  TakeException(rec);
}

void ExecContext::ExceptionReturn() {
  const ProcState old = s.PSTATE;
  const uint64_t spsr = s.sys.SPSR_EL1;
  ProcState next = SpsrToPstate(spsr);
  // Illegal return (AArch64.ExceptionReturn): AArch32, a higher or unimplemented EL, the
  // reserved M[1], or EL0 with SP_ELx selected. PSTATE.IL is set and the EL is kept.
  const bool illegal = Bit(spsr, 4) || Bit(spsr, 1) || next.EL > old.EL || (next.EL == 0 && next.SP);
  if (illegal) {
    next.EL = old.EL;
    next.SP = old.SP;
    next.IL = true;
  }
  if (mte_.level == 0) next.TCO = old.TCO;
  s.PSTATE = next;
  s.excl_valid = false;  // an exception return clears the local monitor
  SelectStackPointer(old);
  npc = s.sys.ELR_EL1;
  PstateChanged();
}

}  // namespace mtesim::isa
