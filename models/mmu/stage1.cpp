// VMSAv8-64 stage-1 translation for the EL1&0 and EL2 (nVHE) regimes (Arm ARM D8,
// AArch64.S1Translate, AArch64.S1Walk, AArch64.S1CheckPermissions). The modelled PE has a
// 48-bit PA (ID_AA64MMFR0.PARange = 0b0101), 4K/16K/64K granules, 16-bit ASIDs, FEAT_PAN
// and none of FEAT_LPA/LPA2, FEAT_LVA, FEAT_TTST, FEAT_HPDS, FEAT_HAFDBS, FEAT_E0PD,
// FEAT_BTI. Where the architecture leaves a choice, QEMU's (target/arm/ptw.c) is taken.
//
// The EL2 regime has one VA range (TTBR0_EL2), no ASIDs, and a TCR_EL2 of its own layout;
// its descriptors have no EL0 permission (AP[1], APTable[0] and PXN are ignored: XN is
// bit 54). The walk reads them into the same entry fields as EL1&0 ones (no EL0 access,
// XN as both UXN and PXN), so one permission check serves both regimes.
#include "models/mmu/stage1.h"

#include "isa/bits.h"
#include "isa/register_fields.h"

namespace mtesim::mmu {
namespace {

using isa::Bit;
using isa::Bits;
using isa::Fault;
using isa::FaultKind;
using isa::Ones;
using isa::Regime;
namespace sctlr = isa::sctlr;
namespace tcr = isa::tcr;
namespace tcr_el2 = isa::tcr_el2;

constexpr unsigned kPaBits = 48;  // PAMax
constexpr unsigned kMinTxSz = 16;  // no FEAT_LVA / FEAT_LPA2
constexpr unsigned kMaxTxSz = 39;  // no FEAT_TTST

// Descriptor bits.
constexpr unsigned kDescAf = 10, kDescNg = 11, kDescPxn = 53, kDescUxn = 54;
constexpr unsigned kTablePxn = 59, kTableUxn = 60, kTableAp0 = 61, kTableAp1 = 62;

inline bool IsEl2(const TranslationControls& tc) { return tc.regime == Regime::EL2; }

// Whether the top byte of `va` is ignored (AddrTop = 55) for this access: TCR_EL1.TBIx
// (TCR_EL2.TBI), except that TBIDx (TBID) = 1 restricts it to data accesses.
inline bool TopByteIgnored(const TranslationControls& tc, bool upper, bool fetch) {
  if (IsEl2(tc)) return Bit(tc.tcr, tcr_el2::TBI) && !(fetch && Bit(tc.tcr, tcr_el2::TBID));
  if (!Bit(tc.tcr, upper ? tcr::TBI1 : tcr::TBI0)) return false;
  return !(fetch && Bit(tc.tcr, upper ? tcr::TBID1 : tcr::TBID0));
}

// TCR_ELx.MTXn (FEAT_MTE_NO_ADDRESS_TAGS) for the VA's range.
inline bool NoAddressTags(const TranslationControls& tc, bool upper) {
  return IsEl2(tc) ? Bit(tc.tcr, tcr_el2::MTX) : Bit(tc.tcr, upper ? tcr::MTX1 : tcr::MTX0);
}

// The VA as the range checks and the TLB see it: with the top byte ignored, bits [63:56]
// become copies of bit 55 (the tag is stripped); with TCR_ELx.MTXn instead
// (FEAT_MTE_NO_ADDRESS_TAGS, data accesses), only the logical tag bits [59:56] are
// treated as copies of bit 55; otherwise the VA itself.
inline uint64_t CanonicalVa(uint64_t va, const TranslationControls& tc, bool fetch) {
  const bool upper = Bit(va, 55);
  if (TopByteIgnored(tc, upper, fetch)) return static_cast<uint64_t>(isa::SignExtend(va, 56));
  if (!fetch && NoAddressTags(tc, upper)) return upper ? va | (uint64_t{0xF} << 56) : va & ~(uint64_t{0xF} << 56);
  return va;
}

// The current ASID: TTBR0_EL1.ASID or TTBR1_EL1.ASID by TCR_EL1.A1, 8 bits unless
// TCR_EL1.AS. The EL2 regime has no ASID.
inline uint16_t CurrentAsid(const TranslationControls& tc) {
  if (IsEl2(tc)) return 0;
  const uint64_t ttbr = Bit(tc.tcr, tcr::A1) ? tc.ttbr1 : tc.ttbr0;
  const uint16_t asid = static_cast<uint16_t>(ttbr >> 48);
  return Bit(tc.tcr, tcr::AS) ? asid : static_cast<uint16_t>(asid & 0xFF);
}

// log2 of the granule from TG0 / TG1. Reserved encodings select 4K, the smallest
// implemented granule (QEMU's IMPLEMENTATION DEFINED choice).
inline unsigned GranuleBits(uint64_t tcr_value, bool upper) {
  if (upper) {
    switch (Bits(tcr_value, 31, 30)) {
      case 1: return 14;
      case 3: return 16;
      default: return 12;  // 0b10, and reserved 0b00
    }
  }
  switch (Bits(tcr_value, 15, 14)) {
    case 1: return 16;
    case 2: return 14;
    default: return 12;  // 0b00, and reserved 0b11
  }
}

// Output address size from TCR_EL1.IPS (TCR_EL2.PS), capped at PAMax (reserved encodings too).
inline unsigned OutputSize(const TranslationControls& tc) {
  static constexpr unsigned kIps[] = {32, 36, 40, 42, 44, 48};
  const uint64_t ips = IsEl2(tc) ? Bits(tc.tcr, 18, 16) : Bits(tc.tcr, 34, 32);
  return ips < 5 ? kIps[ips] : kPaBits;
}

// AArch64.BlockDescSupported without FEAT_LPA/LPA2: 4K blocks at levels 1 and 2, 16K and
// 64K blocks at level 2 only.
inline bool BlockAllowed(unsigned granule_bits, int level) {
  if (level == 2) return true;
  return level == 1 && granule_bits == 12;
}

inline Translation FaultResult(FaultKind kind, int level, AccessType type) {
  Translation t;
  t.ok = false;
  t.fault.kind = kind;
  t.fault.level = level;
  t.fault.write = type == AccessType::Write;
  return t;
}

}  // namespace

bool CheckPermission(const TranslationControls& tc, const TlbEntry& e, AccessType type, const AccessContext& who,
                     isa::Fault* fault) {
  if (e.mmu_off) return true;

  // AP[2:1]: AP[2] = 1 read-only, AP[1] = 1 EL0 access.
  const bool el0_read = e.ap & 1;
  const bool el0_write = e.ap == 1;
  const bool el1_write = !(e.ap & 2);

  bool allowed;
  if (type == AccessType::Fetch) {
    // EL0 execute depends on UXN alone (execute-only memory is possible); EL1 execute on PXN
    // and on the location not being EL0-writable. WXN removes execute from locations
    // writable at the same EL. PAN does not apply to fetches.
    bool x = who.el0 ? !e.uxn : !(e.pxn || el0_write);
    const bool w = who.el0 ? el0_write : el1_write;
    if (Bit(tc.sctlr, sctlr::WXN) && w) x = false;
    if (tc.device_fetch_faults && (e.attr & 0xF0) == 0) x = false;
    allowed = x;
  } else if (who.el0) {
    allowed = type == AccessType::Write ? el0_write : el0_read;
  } else if (who.pan && el0_read) {
    allowed = false;  // PAN: EL1 data access to a location EL0 can access
  } else {
    allowed = type == AccessType::Write ? el1_write : true;
  }

  if (!allowed && fault) {
    *fault = Fault{};
    fault->kind = FaultKind::Permission;
    fault->level = e.level;
    fault->write = type == AccessType::Write;
  }
  return allowed;
}

uint64_t AddressTranslateParResult(const Translation& t) {
  uint64_t par = uint64_t{1} << 11;  // RES1
  if (!t.ok) {
    par |= 1;  // F
    par |= uint64_t{isa::FaultStatusCode(t.fault) & 0x3F} << 1;
    if (t.fault.stage2) par |= uint64_t{1} << 9;  // S
    if (t.fault.s1ptw) par |= uint64_t{1} << 8;   // PTW
    return par;
  }
  const uint8_t attr = t.entry.attr;
  // PAREncodeShareability: Device and Normal Inner+Outer Non-cacheable report 0b10.
  const bool device = (attr & 0xF0) == 0;
  const bool non_cacheable = attr == 0x44 || attr == 0x40;
  const uint64_t sh = device || non_cacheable ? 2 : t.entry.sh;
  par |= t.pa & Ones(kPaBits) & ~uint64_t{0xFFF};
  par |= uint64_t{1} << 9;  // NS: every regime is Non-secure
  par |= sh << 7;
  par |= uint64_t{attr} << 56;
  return par;
}

Translation Stage1Mmu::FlatTranslation(const TranslationControls& tc, uint64_t va, AccessType type) {
  // AArch64.S1DisabledOutput: VA bits [AddrTop:PAMax] must be zero.
  const bool fetch = type == AccessType::Fetch;
  const unsigned top = TopByteIgnored(tc, Bit(va, 55), fetch) ? 55 : 63;
  if (Bits(va, top, kPaBits) != 0) return FaultResult(FaultKind::AddressSize, 0, type);

  Translation t;
  t.ok = true;
  t.pa = va & Ones(kPaBits);
  TlbEntry& e = t.entry;
  e.mmu_off = true;
  e.size_log2 = 12;
  e.level = 0;
  e.va_base = e.pa_base = t.pa & ~uint64_t{0xFFF};
  e.ap = 1;  // EL0 and EL1 read/write (CheckPermission allows everything anyway)
  e.regime = tc.regime;
  if (tc.default_cacheable) {
    // HCR_EL2.DC: Normal Write-Back (Tagged with HCR_EL2.DCT), Non-shareable.
    e.attr = tc.default_tagged ? 0xF0 : 0xFF;
    e.sh = 0;
  } else if (fetch) {
    // SCTLR_ELx.I: Normal Inner/Outer Write-Through Read-Allocate, else Non-cacheable.
    e.attr = Bit(tc.sctlr, sctlr::I) ? 0xAA : 0x44;
    e.sh = 2;  // Outer Shareable
  } else {
    e.attr = 0x00;  // Device-nGnRnE
    e.sh = 2;
  }
  return t;
}

Translation Stage1Mmu::Walk(const TranslationControls& tc, uint64_t va, AccessType type) {
  if (!Bit(tc.sctlr, sctlr::M)) return FlatTranslation(tc, va, type);
  counters_.CountWalk();

  const bool el2 = IsEl2(tc);
  const uint64_t tcr_value = tc.tcr;
  // The EL2 regime has only the lower range: a VA with bit 55 set fails the range check.
  const bool upper = !el2 && Bit(va, 55);
  const uint64_t cva = CanonicalVa(va, tc, type == AccessType::Fetch);

  // TxSZ outside the implemented range: a level 0 Translation fault (QEMU's choice of the
  // CONSTRAINED UNPREDICTABLE behaviours).
  const unsigned tsz = static_cast<unsigned>(upper ? Bits(tcr_value, 21, 16) : Bits(tcr_value, 5, 0));
  if (tsz < kMinTxSz || tsz > kMaxTxSz) return FaultResult(FaultKind::Translation, 0, type);
  const unsigned inputsize = 64 - tsz;

  // VA[AddrTop:inputsize] must all equal VA[55] (the gap between the two ranges faults);
  // the ignored bits already do in the canonical VA.
  const uint64_t top_bits = Bits(cva, 63, inputsize);
  if (top_bits != (upper ? Ones(64 - inputsize) : 0)) return FaultResult(FaultKind::Translation, 0, type);

  // EPDx: no walks for this range (TCR_EL2 has no EPD).
  if (!el2 && Bit(tcr_value, upper ? tcr::EPD1 : tcr::EPD0)) return FaultResult(FaultKind::Translation, 0, type);

  const unsigned granule = GranuleBits(tcr_value, upper);
  const unsigned stride = granule - 3;
  // Start level = 4 - RoundUp((inputsize - granule) / stride).
  int level = 4 - static_cast<int>((inputsize - granule + stride - 1) / stride);
  unsigned shift = granule + stride * static_cast<unsigned>(3 - level);  // VA bits below the index
  unsigned index_bits = inputsize - shift;

  const unsigned outputsize = OutputSize(tc);
  const uint64_t ttbr = upper ? tc.ttbr1 : tc.ttbr0;
  uint64_t table = Bits(ttbr, 47, 0);
  if (table >> outputsize) return FaultResult(FaultKind::AddressSize, 0, type);
  // BADDR below the table's alignment (and CnP, bit 0) is ignored, as QEMU does.
  table &= ~Ones(index_bits + 3);

  const uint64_t oa_mask = Ones(kPaBits) & ~Ones(granule);
  uint64_t table_attrs = 0;  // descriptor bits [62:59] accumulated (OR) over table descriptors
  uint64_t desc = 0;
  for (;;) {
    const uint64_t desc_pa = table + (Bits(va, 63, shift) & Ones(index_bits)) * 8;
    counters_.CountDescriptorRead();
    Translation walk_fault = FaultResult(FaultKind::ExternalAbort, level, type);
    if (!memory_.ReadTableDescriptor(desc_pa, level, &desc, &walk_fault.fault)) {
      walk_fault.fault.write = type == AccessType::Write;
      return walk_fault;
    }
    if (!Bit(desc, 0)) return FaultResult(FaultKind::Translation, level, type);
    const bool table_or_page = Bit(desc, 1);
    // Blocks at levels that cannot hold them, and 0b01 at level 3, are invalid.
    if (!table_or_page && (level == 3 || !BlockAllowed(granule, level)))
      return FaultResult(FaultKind::Translation, level, type);
    const uint64_t oa = desc & oa_mask;
    if (oa >> outputsize) return FaultResult(FaultKind::AddressSize, level, type);
    if (!table_or_page || level == 3) break;
    table_attrs |= desc & (uint64_t{0xF} << kTablePxn);
    table = oa;
    ++level;
    shift -= stride;
    index_bits = stride;
  }

  // Final descriptor: block or page at `level`, mapping 2^shift bytes.
  if (!Bit(desc, kDescAf)) return FaultResult(FaultKind::AccessFlag, level, type);

  Translation t;
  t.ok = true;
  TlbEntry& e = t.entry;
  const uint64_t offset_mask = Ones(shift);
  e.va_base = cva & ~offset_mask;
  e.pa_base = desc & oa_mask & ~offset_mask;
  e.size_log2 = static_cast<uint8_t>(shift);
  e.level = static_cast<uint8_t>(level);
  e.attr = static_cast<uint8_t>(tc.mair >> (8 * Bits(desc, 4, 2)));
  uint8_t ap = static_cast<uint8_t>(Bits(desc, 7, 6));
  if (el2) {
    // One privilege level: AP[2] alone (with APTable[1]) gives read-only; XN (bit 54, and
    // XNTable) forbids execution.
    ap = static_cast<uint8_t>(ap & 2);
    if (Bit(table_attrs, kTableAp1)) ap |= 2;
    e.uxn = e.pxn = Bit(desc, kDescUxn) || Bit(table_attrs, kTableUxn);
    e.global = true;
  } else {
    if (Bit(table_attrs, kTableAp0)) ap &= static_cast<uint8_t>(~1u);  // APTable[0]: no EL0 access
    if (Bit(table_attrs, kTableAp1)) ap |= 2;                          // APTable[1]: read-only
    e.uxn = Bit(desc, kDescUxn) || Bit(table_attrs, kTableUxn);
    e.pxn = Bit(desc, kDescPxn) || Bit(table_attrs, kTablePxn);
    e.global = !Bit(desc, kDescNg);
  }
  e.ap = ap;
  e.sh = static_cast<uint8_t>(Bits(desc, 9, 8));
  e.asid = e.global ? 0 : CurrentAsid(tc);
  e.mmu_off = false;
  e.regime = tc.regime;
  t.pa = e.pa_base | (va & offset_mask);
  return t;
}

Translation Stage1Mmu::Translate(const TranslationControls& tc, uint64_t va, AccessType type,
                                 const AccessContext& who) {
  if (!Bit(tc.sctlr, sctlr::M)) return FlatTranslation(tc, va, type);  // not cached, all allowed

  const uint64_t cva = CanonicalVa(va, tc, type == AccessType::Fetch);
  const uint16_t vmid = IsEl2(tc) ? 0 : tc.vmid;
  const uint16_t asid = CurrentAsid(tc);
  uint64_t offset_mask = 0;
  const TlbEntry* hit = tlb_.Find(
      cva,
      [&](const TlbEntry& e) { return e.regime == tc.regime && e.vmid == vmid && (e.global || e.asid == asid); },
      &offset_mask);
  Translation t;
  if (hit) {
    counters_.CountHit();
    t.ok = true;
    t.entry = *hit;
    t.pa = hit->pa_base | (cva & offset_mask);
  } else {
    counters_.CountMiss();
    t = Walk(tc, va, type);
    if (!t.ok) return t;
    t.entry.vmid = vmid;
    tlb_.Insert(cva, t.entry.va_base, t.entry.size_log2, t.entry);
  }
  if (!CheckPermission(tc, t.entry, type, who, &t.fault)) t.ok = false;
  return t;
}

void Stage1Mmu::Invalidate(const isa::TlbInvalidation& op) {
  using Scope = isa::TlbInvalidation::Scope;
  const auto el10_of_vmid = [&op](const TlbEntry& e) { return e.regime == Regime::EL10 && e.vmid == op.vmid; };
  // The operand carries VA[55:12]; entries hold VAs with bits [63:56] copied from bit 55.
  const uint64_t cva = static_cast<uint64_t>(isa::SignExtend(op.address, 56));
  constexpr uint64_t kAll = DirectMappedTlb<TlbEntry>::kAnyAddress;
  switch (op.scope) {
    case Scope::Vmalle1:
    case Scope::Vmalls12e1:
      tlb_.InvalidateWhere(kAll, el10_of_vmid);
      return;
    case Scope::Asid:
      tlb_.InvalidateWhere(kAll, [&](const TlbEntry& e) { return el10_of_vmid(e) && !e.global && e.asid == op.asid; });
      return;
    case Scope::Va:
      tlb_.InvalidateWhere(cva, [&](const TlbEntry& e) { return el10_of_vmid(e) && (e.global || e.asid == op.asid); });
      return;
    case Scope::VaAllAsids:
      tlb_.InvalidateWhere(cva, el10_of_vmid);
      return;
    case Scope::Alle1:
      tlb_.InvalidateWhere(kAll, [](const TlbEntry& e) { return e.regime == Regime::EL10; });
      return;
    case Scope::Alle2:
      tlb_.InvalidateWhere(kAll, [](const TlbEntry& e) { return e.regime == Regime::EL2; });
      return;
    case Scope::Vae2:
      tlb_.InvalidateWhere(op.address, [](const TlbEntry& e) { return e.regime == Regime::EL2; });
      return;
    case Scope::Ipa:
      return;  // stage 2 only
  }
}

void Stage1Mmu::InvalidateAll() { tlb_.InvalidateAll(); }

void Stage1Mmu::InvalidateByAsid(uint16_t asid) {
  isa::TlbInvalidation op;
  op.scope = isa::TlbInvalidation::Scope::Asid;
  op.asid = asid;
  Invalidate(op);
}

void Stage1Mmu::InvalidateByVa(uint64_t va, uint16_t asid, bool all_asids, bool last_level_only) {
  isa::TlbInvalidation op;
  op.scope = all_asids ? isa::TlbInvalidation::Scope::VaAllAsids : isa::TlbInvalidation::Scope::Va;
  op.address = va;
  op.asid = asid;
  op.last_level = last_level_only;
  Invalidate(op);
}

}  // namespace mtesim::mmu
