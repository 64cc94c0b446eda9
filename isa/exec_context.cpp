// Exception entry and return, alignment rules, and the derived views of the translation
// controls used by the inline memory fast path.
#include "isa/exec_context.h"

#include "isa/syndrome.h"

#include <initializer_list>

namespace mtesim::isa {

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
    for (auto& e : regime)
      e = FastTlbCheckedEntry{~uint64_t{0}, ~uint64_t{0}, ~uint64_t{0}, {tag_check_counters_, tag_check_counters_}};
  for (auto& regime : fast_tlb_observed_)
    for (auto& e : regime) e = FastTlbObservedEntry{{~uint64_t{0}, ~uint64_t{0}}, {false, false}};
}

void ExecContext::FillFastTlb(uint64_t va, uint8_t mmu_index, bool readable, bool writable, uint8_t* host_page,
                              uint64_t pa_page, uint8_t* page_tags) {
  const uint64_t key = TranslationKey(va) & ~uint64_t{0xFFF};
  const unsigned slot = (key >> 12) & (kFastTlbSize - 1);
  FastTlbEntry& e = fast_tlb_[mmu_index][slot];
  FastTlbCheckedEntry& checked = fast_tlb_checked_[mmu_index][slot];
  const unsigned half = Bit(va, 55);
  const bool check_reads = page_tags && fast_tag_check_[mmu_index][half][0];
  const bool check_writes = page_tags && fast_tag_check_[mmu_index][half][1];
  e.addend = reinterpret_cast<uintptr_t>(host_page) - key;
  e.tags = page_tags;
  checked.pa_page = pa_page;
  for (unsigned write = 0; write < 2; ++write)
    checked.checks[write] = &tag_check_counters_[fast_check_counter_[mmu_index][half][write]];
  if (observe_fast_accesses_) {
    // Every page in the observed array only, so each access is reported.
    e.read_page = e.write_page = checked.read_page = checked.write_page = ~uint64_t{0};
    FastTlbObservedEntry& o = fast_tlb_observed_[mmu_index][slot];
    o.page[0] = readable ? key : ~uint64_t{0};
    o.page[1] = writable ? key : ~uint64_t{0};
    o.check[0] = check_reads;
    o.check[1] = check_writes;
    return;
  }
  e.read_page = readable && !check_reads ? key : ~uint64_t{0};
  e.write_page = writable && !check_writes ? key : ~uint64_t{0};
  checked.read_page = readable && check_reads ? key : ~uint64_t{0};
  checked.write_page = writable && check_writes ? key : ~uint64_t{0};
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
  uint64_t pfr2 = id.ID_AA64PFR2_EL1 & ~uint64_t{0xFFF};
  if (features.perm) pfr2 |= uint64_t{1};             // MTEPERM
  if (features.store_only) pfr2 |= uint64_t{1} << 4;  // MTESTOREONLY
  if (features.tagged_far) pfr2 |= uint64_t{1} << 8;  // MTEFAR
  id.ID_AA64PFR2_EL1 = pfr2;
  id.GMID_EL1 = features.gmid_bs;
  return id;
}

void ExecContext::ConfigureMte(const MteFeatures& features) {
  mte_ = features;
  s.id = WithMteFeatures(s.id, features);
  HcrChanged();  // HCR_EL2.ATA/DCT/TID5 exist only with FEAT_MTE2
  FlushFastTlb();
}

mte::TagCheckControls ExecContext::TagCheckControlsFor(AccessKind kind) const {
  if (UsesEl0TagControls(kind)) return TagCheckControlsOf(Regime::EL10, true);
  return TagCheckControlsOf(CurrentRegime(), false);
}

mte::TagCheckControls ExecContext::TagCheckControlsOf(Regime regime, bool el0) const {
  mte::TagCheckControls c;
  if (mte_.level < 2) return c;  // FEAT_MTE alone has no tag storage: ATA reads as 0
  c.tco = s.PSTATE.TCO;
  if (regime == Regime::EL2) {
    // The EL2 regime (nVHE): one VA range, so TBI/TCMA/MTX apply to both halves.
    const uint64_t sctlr = s.sys.SCTLR_EL2, tcr = s.sys.TCR_EL2;
    c.ata = Bit(sctlr, sctlr::ATA);
    c.tcf = static_cast<unsigned>(Bits(sctlr, sctlr::TCF + 1, sctlr::TCF));
    c.store_only = mte_.store_only && Bit(sctlr, sctlr::TCSO);
    c.tbi[0] = c.tbi[1] = Bit(tcr, tcr_el2::TBI);
    c.mtx[0] = c.mtx[1] = mte_.canonical_tags && Bit(tcr, tcr_el2::MTX);
    c.tcma[0] = c.tcma[1] = Bit(tcr, tcr_el2::TCMA);
    return c;
  }
  const uint64_t sctlr = s.sys.SCTLR_EL1, tcr = s.sys.TCR_EL1;
  c.ata = Bit(sctlr, el0 ? sctlr::ATA0 : sctlr::ATA);
  c.el2_ata = !have_el2_ || Bit(hcr_, hcr::ATA);  // AllocationTagAccessIsEnabled: HCR_EL2.ATA for EL0/EL1
  const unsigned tcf = el0 ? sctlr::TCF0 : sctlr::TCF;
  c.tcf = static_cast<unsigned>(Bits(sctlr, tcf + 1, tcf));
  c.store_only = mte_.store_only && Bit(sctlr, el0 ? sctlr::TCSO0 : sctlr::TCSO);
  c.tbi[0] = Bit(tcr, tcr::TBI0);
  c.tbi[1] = Bit(tcr, tcr::TBI1);
  c.mtx[0] = mte_.canonical_tags && Bit(tcr, tcr::MTX0);
  c.mtx[1] = mte_.canonical_tags && Bit(tcr, tcr::MTX1);
  c.tcma[0] = Bit(tcr, tcr::TCMA0);
  c.tcma[1] = Bit(tcr, tcr::TCMA1);
  return c;
}

void ExecContext::TagCheckFailed(uint64_t va, bool write, AccessKind kind) {
  const mte::TagCheckControls c = TagCheckControlsFor(kind);
  switch (mte::TagCheckFaultFor(c.tcf, write, mte_.level)) {
    case mte::TagCheckFault::Synchronous: {
      ++tag_check_counters_[kSyncFaults];
      Fault f;
      f.kind = FaultKind::TagCheck;
      f.write = write;
      DataAbort(va, f);
    }
    case mte::TagCheckFault::Asynchronous:
      // Recorded at once: the architecture lets it appear any time before the next DSB
      // or (with SCTLR_ELx.ITFSB) exception entry, so both synchronisations hold.
      ++tag_check_counters_[kAsyncFaults];
      (UsesEl0TagControls(kind) ? s.sys.TFSRE0_EL1 : s.sys.TFSR(RegimeEl(CurrentRegime()))) |= mte::TfsrBitFor(va);
      return;
    case mte::TagCheckFault::None:
      return;
  }
}

void ExecContext::DropFastTlbWrites(uint64_t pa_page) {
  for (unsigned idx = 0; idx < kMmuIndexCount; ++idx)
    for (unsigned slot = 0; slot < kFastTlbSize; ++slot)
      if (fast_tlb_checked_[idx][slot].pa_page == pa_page)
        fast_tlb_[idx][slot].write_page = fast_tlb_checked_[idx][slot].write_page =
            fast_tlb_observed_[idx][slot].page[1] = ~uint64_t{0};
}

// ---------------------------------------------------------------------------------------
// EL2 and the derived views of the translation regimes

void ExecContext::ConfigureEl2(bool implemented) {
  have_el2_ = implemented;
  constexpr uint64_t kPfr0El2 = 0xFull << 8;
  s.id.ID_AA64PFR0_EL1 = (s.id.ID_AA64PFR0_EL1 & ~kPfr0El2) | (implemented ? uint64_t{1} << 8 : 0);
  HcrChanged();
}

void ExecContext::HcrChanged() {
  uint64_t hcr = have_el2_ ? s.sys.HCR_EL2 : 0;
  if (Bit(hcr, hcr::TGE)) {
    // With E2H = 0, TGE makes these bits behave as 1 (FMO/IMO/AMO) or 0 for every purpose
    // other than a direct read of HCR_EL2 (Arm ARM, HCR_EL2.TGE; QEMU's arm_hcr_el2_eff).
    hcr |= uint64_t{1} << hcr::FMO | uint64_t{1} << hcr::IMO | uint64_t{1} << hcr::AMO;
    for (unsigned bit : {hcr::SWIO, hcr::PTW, hcr::VF, hcr::VI, hcr::VSE, hcr::FB, hcr::TID1, hcr::TID3, hcr::TSC,
                         hcr::TACR, hcr::TSW, hcr::TTLB, hcr::TVM, hcr::HCD, hcr::TRVM, hcr::TLOR})
      hcr &= ~(uint64_t{1} << bit);
  }
  hcr_ = hcr;
  UpdateDerivedState();
  TranslationChanged();
  InterruptMaskingChanged();
}

ExecContext::RegimeView ExecContext::ComputeRegimeView(Regime r) const {
  RegimeView v;
  uint64_t sctlr;
  bool device_when_off;  // data accesses are to Device memory (so must be aligned)
  if (r == Regime::EL2) {
    const uint64_t tcr = s.sys.TCR_EL2;
    v.tbi[0] = v.tbi[1] = Bit(tcr, tcr_el2::TBI);
    v.mtx[0] = v.mtx[1] = mte_.canonical_tags && Bit(tcr, tcr_el2::MTX);
    sctlr = s.sys.SCTLR_EL2;
    device_when_off = !Bit(sctlr, sctlr::M);
  } else {
    const uint64_t tcr = s.sys.TCR_EL1;
    v.tbi[0] = Bit(tcr, tcr::TBI0);
    v.tbi[1] = Bit(tcr, tcr::TBI1);
    v.mtx[0] = mte_.canonical_tags && Bit(tcr, tcr::MTX0);
    v.mtx[1] = mte_.canonical_tags && Bit(tcr, tcr::MTX1);
    sctlr = s.sys.SCTLR_EL1;
    // HCR_EL2.DC turns stage 1 off with Normal write-back memory; HCR_EL2.TGE turns it off
    // as SCTLR_EL1.M = 0 does, leaving Device memory.
    device_when_off = !Bit(hcr_, hcr::DC) && (!Bit(sctlr, sctlr::M) || Bit(hcr_, hcr::TGE));
  }
  const bool strict = Bit(sctlr, sctlr::A) || device_when_off;
  for (unsigned size = 0; size <= 16; ++size)
    v.align_check_mask[size] = ~uint64_t{0xFFF} | ((strict && size > 1) ? uint64_t{size} - 1 : 0);
  return v;
}

void ExecContext::UpdateDerivedState() {
  for (unsigned r = 0; r < kRegimeCount; ++r) regime_view_[r] = ComputeRegimeView(static_cast<Regime>(r));
  ActivateRegime();
}

void ExecContext::ActivateRegime() {
  const ProcState& p = s.PSTATE;
  if (p.EL == 2) {
    mmu_index_ = kMmuEL2;
    unpriv_mmu_index_ = kMmuEL2;  // LDTR/STTR at EL2 (nVHE) are ordinary EL2 accesses
  } else {
    mmu_index_ = static_cast<uint8_t>(p.EL == 0 ? kMmuEL0 : (p.PAN ? kMmuEL1Pan : kMmuEL1));
    // LDTR/STTR at EL1 are unprivileged unless PSTATE.UAO is set (FEAT_UAO).
    unpriv_mmu_index_ = (p.EL == 1 && p.UAO) ? mmu_index_ : uint8_t{kMmuEL0};
  }
  const RegimeView& v = regime_view_[static_cast<unsigned>(CurrentRegime())];
  tbi_[0] = v.tbi[0];
  tbi_[1] = v.tbi[1];
  mtx_[0] = v.mtx[0];
  mtx_[1] = v.mtx[1];
  std::memcpy(align_check_mask_, v.align_check_mask, sizeof align_check_mask_);
  UpdateTagCheckViews();
}

void ExecContext::UpdateTagCheckViews() {
  // Which fast-TLB views may need a tag check, and the counter each check counts in.
  // Entries are filled with the page's tags only where they may, and with the counter;
  // when either changes, the cached entries are stale.
  bool check[kMmuIndexCount][2][2] = {};
  uint8_t counter[kMmuIndexCount][2][2] = {};
  if (mte_.level >= 2) {
    for (unsigned idx = 0; idx < kMmuIndexCount; ++idx) {
      // Index EL0 serves EL0 and unprivileged accesses at EL1, both with the EL0 controls.
      const Regime regime = idx == kMmuEL2 ? Regime::EL2 : Regime::EL10;
      const mte::TagCheckControls c = TagCheckControlsOf(regime, idx == kMmuEL0);
      for (unsigned half = 0; half < 2; ++half)
        for (unsigned write = 0; write < 2; ++write) {
          const uint64_t va = uint64_t{half} << 55;
          const mte::TagCheckFault fault = mte::TagCheckFaultFor(c.tcf, write, mte_.level);
          check[idx][half][write] =
              mte::AccessIsTagChecked(va | (uint64_t{1} << 56), write, true, c) && fault != mte::TagCheckFault::None;
          counter[idx][half][write] = static_cast<uint8_t>(CheckCounterIndex(fault, write));
        }
    }
  }
  if (std::memcmp(check, fast_tag_check_, sizeof check) != 0 ||
      std::memcmp(counter, fast_check_counter_, sizeof counter) != 0) {
    std::memcpy(fast_tag_check_, check, sizeof check);
    std::memcpy(fast_check_counter_, counter, sizeof counter);
    FlushFastTlb();
  }
}

void ExecContext::CheckAlignment(uint64_t va, unsigned size, AccessKind kind, bool write) {
  if (size <= 1 || (va & (size - 1)) == 0) return;
  // AArch64.CheckAlignment with FEAT_LSE2: atomic and exclusive accesses, and ordered ones
  // unless SCTLR.nAA is set, fault only when they cross a 16-byte boundary.
  const uint64_t sctlr = Sctlr();
  const bool crosses16 = (va & 15) + size > 16;
  bool check = Bit(sctlr, sctlr::A);
  if (kind == AccessKind::Atomic || kind == AccessKind::Exclusive) check = check || crosses16;
  if (kind == AccessKind::Ordered) check = check || (crosses16 && !Bit(sctlr, sctlr::nAA));
  if (check) AlignmentFault(va, write);
}

// ---------------------------------------------------------------------------------------
// Exceptions

void ExecContext::TakeException(const ExceptionRecord& rec) {
  // AArch64.TakeException: exceptions are never taken to a lower EL.
  unsigned target = rec.target_el ? rec.target_el : DefaultTargetEl();
  if (target < s.PSTATE.EL) target = s.PSTATE.EL;
  s.sys.ESR(target) = EsrValue(rec.ec, rec.iss, rec.iss2);
  if (rec.far_valid) s.sys.FAR(target) = rec.vaddr;
  // HPFAR_EL2.FIPA = IPA[47:12] for stage-2 faults; otherwise it keeps its value.
  if (target == 2 && rec.ipa_valid) s.sys.HPFAR_EL2 = (rec.ipa >> 12 << 4) & 0xFFFFFFFFFF0ull;
  EnterException(target, 0, rec.return_to_next ? s.PC + 4 : s.PC);
  throw ExceptionTaken{};
}

void ExecContext::EnterException(unsigned target, uint64_t vector_type_offset, uint64_t preferred_return) {
  const ProcState old = s.PSTATE;
  uint64_t vect_offset = vector_type_offset;  // 0x000 synchronous, 0x080 IRQ, 0x100 FIQ, 0x180 SError
  if (target > old.EL) vect_offset += 0x400;  // lower EL, AArch64
  else if (old.SP) vect_offset += 0x200;
  s.sys.SPSR(target) = PstateToSpsr(old);
  s.sys.ELR(target) = preferred_return;

  ProcState& p = s.PSTATE;
  p.EL = static_cast<uint8_t>(target);
  p.SP = true;
  p.D = p.A = p.I = p.F = true;
  p.SS = false;
  p.IL = false;
  p.BTYPE = 0;
  // PSTATE.PAN is set on entry to EL1 only (EL2 without FEAT_VHE has no PAN).
  if (target == 1 && !Bit(s.sys.SCTLR_EL1, sctlr::SPAN)) p.PAN = true;
  p.UAO = false;
  p.SSBS = Bit(s.sys.SCTLR(target), sctlr::DSSBS);
  if (mte_.level >= 1) p.TCO = true;

  SelectStackPointer(old);
  s.PC = (s.sys.VBAR(target) & ~uint64_t{0x7FF}) + vect_offset;
  npc = s.PC;
  PstateChanged();
}

ExecContext::PendingInterrupt ExecContext::PendingInterruptToTake() const {
  const unsigned el = s.PSTATE.EL;
  const ProcState& p = s.PSTATE;
  // Physical: with no EL3, IRQ and FIQ go to EL2 when HCR_EL2.IMO/FMO (effective: TGE
  // forces them) route them there, else to EL1. An interrupt for a lower EL than the
  // current one stays pending; one for a higher EL is not masked by PSTATE (E2H = 0).
  const auto physical = [&](uint8_t line, unsigned route_bit, bool masked, Interrupt kind) -> PendingInterrupt {
    if (!(interrupt_lines_ & line)) return {};
    const unsigned target = Bit(hcr_, route_bit) ? 2 : 1;
    if (el > target || (el == target && masked)) return {};
    return {kind, static_cast<uint8_t>(target), false};
  };
  if (PendingInterrupt fiq = physical(kFiqLine, hcr::FMO, p.F, Interrupt::Fiq); fiq.kind != Interrupt::None) return fiq;
  if (PendingInterrupt irq = physical(kIrqLine, hcr::IMO, p.I, Interrupt::Irq); irq.kind != Interrupt::None) return irq;
  // Virtual: for EL0 and EL1 only, when the physical ones are routed to EL2 (the
  // effective HCR already drops VI/VF/VSE under TGE, and TGE is checked for the lines).
  if (el == 2 || Bit(hcr_, hcr::TGE)) return {};
  const bool virq = (interrupt_lines_ & kVirqLine) || Bit(hcr_, hcr::VI);
  const bool vfiq = (interrupt_lines_ & kVfiqLine) || Bit(hcr_, hcr::VF);
  if (Bit(hcr_, hcr::IMO) && virq && !p.I) return {Interrupt::Irq, 1, true};
  if (Bit(hcr_, hcr::FMO) && vfiq && !p.F) return {Interrupt::Fiq, 1, true};
  if (Bit(hcr_, hcr::AMO) && Bit(hcr_, hcr::VSE) && !p.A) return {Interrupt::SError, 1, true};
  return {};
}

bool ExecContext::InterruptWakesWfi() const {
  // WFI wake-up events: a pending interrupt wakes the PE whatever PSTATE's masks say
  // (as QEMU's arm_cpu_has_work: any asserted line). The virtual SError counts only when
  // EL1 would take it.
  if (interrupt_lines_ & (kIrqLine | kFiqLine)) return true;
  if (s.PSTATE.EL == 2 || Bit(hcr_, hcr::TGE)) return false;
  return (Bit(hcr_, hcr::IMO) && ((interrupt_lines_ & kVirqLine) || Bit(hcr_, hcr::VI))) ||
         (Bit(hcr_, hcr::FMO) && ((interrupt_lines_ & kVfiqLine) || Bit(hcr_, hcr::VF))) ||
         (Bit(hcr_, hcr::AMO) && Bit(hcr_, hcr::VSE));
}

bool ExecContext::TakePendingInterrupt() {
  const PendingInterrupt pending = PendingInterruptToTake();
  switch (pending.kind) {
    case Interrupt::None:
      return false;
    case Interrupt::SError:
      // Taking the virtual SError clears HCR_EL2.VSE. Without FEAT_RAS there is no
      // VSESR_EL2: the syndrome is an SError with ISS 0.
      s.sys.HCR_EL2 &= ~(uint64_t{1} << hcr::VSE);
      hcr_ &= ~(uint64_t{1} << hcr::VSE);
      s.sys.ESR_EL1 = EsrValue(ExceptionClass::SError, 0);
      EnterException(1, 0x180, s.PC);
      return true;
    default:
      // IRQ and FIQ leave ESR alone; the preferred return address is the next instruction.
      EnterException(pending.target_el, pending.kind == Interrupt::Irq ? 0x080 : 0x100, s.PC);
      return true;
  }
}

uint64_t ExecContext::InterruptStatus() const {
  // At EL1 (not under TGE), an interrupt class routed to EL2 shows its virtual
  // interrupt; otherwise the physical line (as QEMU's isr_read). A is the virtual SError
  // only: there are no physical SErrors.
  const bool el1 = s.PSTATE.EL == 1 && !Bit(hcr_, hcr::TGE);
  const bool imo = el1 && Bit(hcr_, hcr::IMO), fmo = el1 && Bit(hcr_, hcr::FMO);
  const bool i = imo ? (interrupt_lines_ & kVirqLine) || Bit(hcr_, hcr::VI) : (interrupt_lines_ & kIrqLine) != 0;
  const bool f = fmo ? (interrupt_lines_ & kVfiqLine) || Bit(hcr_, hcr::VF) : (interrupt_lines_ & kFiqLine) != 0;
  const bool a = el1 && Bit(hcr_, hcr::AMO) && Bit(hcr_, hcr::VSE);
  return uint64_t{a} << 8 | uint64_t{i} << 7 | uint64_t{f} << 6;
}

void ExecContext::AttachGicCpuInterface(GicCpuInterface* gic) {
  gic_cpu_ = gic;
  // ID_AA64PFR0_EL1.GIC: the system register interface to versions 3.0 and 4.0.
  s.id.ID_AA64PFR0_EL1 = (s.id.ID_AA64PFR0_EL1 & ~(uint64_t{0xF} << 24)) | uint64_t{gic ? 1u : 0u} << 24;
}

void ExecContext::Undefined() { TakeException(ExceptionRecord{ExceptionClass::Uncategorized, 0, false, 0, false}); }

void ExecContext::AlignmentFault(uint64_t va, bool write) {
  Fault f;
  f.kind = FaultKind::Alignment;
  f.write = write;
  DataAbort(va, f);
}

void ExecContext::SystemAccessTrap(Insn i, bool read, unsigned target_el) {
  ExceptionRecord rec;
  rec.ec = ExceptionClass::SystemRegisterTrap;
  const uint32_t op0 = i.field(20, 19), op1 = i.field(18, 16), crn = i.field(15, 12), crm = i.field(11, 8),
                 op2 = i.field(7, 5);
  rec.iss = op0 << 20 | op2 << 17 | op1 << 14 | crn << 10 | i.Rt() << 5 | crm << 1 | uint32_t{read};
  rec.target_el = static_cast<uint8_t>(target_el);
  TakeException(rec);
}

void ExecContext::DataAbort(uint64_t va, const Fault& f) {
  ExceptionRecord rec;
  const unsigned target = f.stage2 ? 2 : DefaultTargetEl();
  rec.target_el = static_cast<uint8_t>(target);
  rec.ec = target > s.PSTATE.EL ? ExceptionClass::DataAbortLowerEL : ExceptionClass::DataAbortSameEL;
  // ISV = 0: the instruction syndrome of stage-2 aborts is added by the PE model, which
  // knows the instruction (see FaultSyndrome).
  rec.iss = FaultStatusCode(f) | uint32_t{f.write} << abort_iss::WnR | uint32_t{f.s1ptw} << abort_iss::S1PTW |
            uint32_t{f.cache_maintenance} << abort_iss::CM | f.instruction_syndrome;
  rec.iss2 = uint32_t{f.tag_not_data} << abort_iss::ISS2_TnD | uint32_t{f.tag_access} << abort_iss::ISS2_TagAccess;
  rec.far_valid = true;
  rec.ipa_valid = f.stage2;
  rec.ipa = f.ipa;
  // FAR[63:60] of a Tag Check fault is UNKNOWN without FEAT_MTE_TAGGED_FAR; mtesim reports 0.
  if (register_far_) va = *register_far_;
  rec.vaddr = f.kind == FaultKind::TagCheck && !mte_.tagged_far ? va & ~(uint64_t{0xF} << 60) : va;
  TakeException(rec);
}

void ExecContext::InstructionAbort(uint64_t va, const Fault& f) {
  ExceptionRecord rec;
  const unsigned target = f.stage2 ? 2 : DefaultTargetEl();
  rec.target_el = static_cast<uint8_t>(target);
  rec.ec = target > s.PSTATE.EL ? ExceptionClass::InstructionAbortLowerEL : ExceptionClass::InstructionAbortSameEL;
  rec.iss = FaultStatusCode(f) | uint32_t{f.s1ptw} << abort_iss::S1PTW;
  rec.far_valid = true;
  rec.vaddr = va;
  rec.ipa_valid = f.stage2;
  rec.ipa = f.ipa;
  TakeException(rec);
}

void ExecContext::ExceptionReturn() {
  const ProcState old = s.PSTATE;
  const uint64_t spsr = s.sys.SPSR(old.EL);
  ProcState next = SpsrToPstate(spsr);
  // Illegal return (AArch64.ExceptionReturn, IllegalExceptionReturn): AArch32 (M[4]), the
  // reserved M[1], a higher EL, an EL the PE does not implement, EL0 with SP_ELx selected,
  // or EL1 while HCR_EL2.TGE routes everything from EL0/EL1 to EL2. PSTATE.IL is set and
  // the EL is kept.
  const bool illegal = Bit(spsr, 4) || Bit(spsr, 1) || next.EL > old.EL || (next.EL == 2 && !have_el2_) ||
                       (next.EL == 0 && next.SP) || (next.EL == 1 && Bit(hcr_, hcr::TGE));
  if (illegal) {
    next.EL = old.EL;
    next.SP = old.SP;
    next.IL = true;
  }
  if (mte_.level == 0) next.TCO = old.TCO;
  const uint64_t elr = s.sys.ELR(old.EL);
  s.PSTATE = next;
  s.excl_valid = false;  // an exception return clears the local monitor
  SendEventLocal();      // and sets the event register (a WFE after it completes at once)
  SelectStackPointer(old);
  npc = elr;
  PstateChanged();
}

}  // namespace mtesim::isa
