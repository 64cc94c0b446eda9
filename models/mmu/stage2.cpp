// VMSAv8-64 stage-2 translation (Arm ARM D8: AArch64.S2Walk, AArch64.S2StartLevel,
// AArch64.S2InvalidSL / S2InconsistentSL, AArch64.S2CheckPermissions, S2 memory attributes
// and CombineS1S2Desc). The modelled PE has a 48-bit PA, 4K/16K/64K stage-2 granules,
// FEAT_XNX and FEAT_S2FWB, and none of FEAT_LPA/LPA2, FEAT_TTST, FEAT_HAFDBS.
// Where the architecture leaves a choice, QEMU's (target/arm/ptw.c) is taken.
#include "models/mmu/stage2.h"

#include <algorithm>

#include "isa/bits.h"

namespace mtesim::mmu {
namespace {

using isa::Bit;
using isa::Bits;
using isa::Fault;
using isa::FaultKind;
using isa::Ones;

constexpr unsigned kPaBits = 48;   // PAMax
constexpr unsigned kMinT0sz = 16;  // IPA no wider than PAMax (no FEAT_LPA)
constexpr unsigned kMaxT0sz = 39;  // no FEAT_TTST

// Stage-2 descriptor fields.
constexpr unsigned kDescAf = 10;

// log2 of the granule from VTCR_EL2.TG0 (0b00 4K, 0b01 64K, 0b10 16K). The reserved 0b11
// selects 4K, the smallest implemented granule (QEMU's IMPLEMENTATION DEFINED choice).
unsigned GranuleBits(uint64_t vtcr) {
  switch (Bits(vtcr, 15, 14)) {
    case 1: return 16;
    case 2: return 14;
    default: return 12;
  }
}

// Output address size from VTCR_EL2.PS, capped at PAMax (reserved encodings too).
unsigned OutputSize(uint64_t vtcr) {
  static constexpr unsigned kPs[] = {32, 36, 40, 42, 44, 48};
  const uint64_t ps = Bits(vtcr, 18, 16);
  return ps < 5 ? kPs[ps] : kPaBits;
}

// AArch64.S2StartLevel with AArch64.S2InvalidSL: the level VTCR_EL2.SL0 names for the
// granule, or -1 where SL0 is reserved (SL0 = 3 needs FEAT_TTST with 4K and FEAT_LPA2
// with 16K; it is always reserved with 64K). Starting at level 0 (4K) or 1 (16K, 64K) needs
// PAMax >= 44 / 42 / 44, which holds.
int StartLevel(unsigned sl0, unsigned granule_bits) {
  if (sl0 == 3) return -1;
  return granule_bits == 12 ? 2 - static_cast<int>(sl0) : 3 - static_cast<int>(sl0);
}

// AArch64.BlockDescSupported without FEAT_LPA/LPA2: 4K blocks at levels 1 and 2, 16K and
// 64K blocks at level 2 only.
bool BlockAllowed(unsigned granule_bits, int level) { return level == 2 || (level == 1 && granule_bits == 12); }

Stage2Translation FaultResult(FaultKind kind, int level, uint64_t ipa, AccessType type) {
  Stage2Translation t;
  t.fault.kind = kind;
  t.fault.level = level;
  t.fault.stage2 = true;
  t.fault.ipa = ipa;
  t.fault.write = type == AccessType::Write;
  return t;
}

// Whether MemAttr is FEAT_MTE_PERM's NoTagAccess: 0b0100 without FWB (Normal write-back),
// 0b1110 (forced write-back) or 0b1111 (stage 1's attributes) with FWB.
bool IsNoTagAccess(uint8_t memattr, const Stage2Controls& c) {
  if (!c.mte_perm) return false;
  return c.fwb ? (memattr == 0xE || memattr == 0xF) : memattr == 0x4;
}

// A MAIR attribute nibble (one of inner or outer) of Normal memory.
constexpr uint8_t kNibbleNonCacheable = 0x4;
bool NibbleIsWriteThrough(uint8_t n) { return (n >> 2) == 0 || (n >> 2) == 2; }

// CombineS1S2AttrHints: Non-cacheable wins, then Write-Through; the allocation hints
// come from stage 1 (stage 2 has none).
uint8_t CombineCacheability(uint8_t s1, uint8_t s2) {
  if (s1 == kNibbleNonCacheable || s2 == kNibbleNonCacheable) return kNibbleNonCacheable;
  if (NibbleIsWriteThrough(s1)) return s1;
  if (NibbleIsWriteThrough(s2)) return static_cast<uint8_t>(0x8 | (s1 & 3));  // Write-Through non-transient
  return s1;
}

bool IsDevice(uint8_t attr) { return (attr & 0xF0) == 0; }

// CombineS1S2Device: the more restrictive Device type (nGnRnE < nGnRE < nGRE < GRE).
uint8_t CombineDevice(uint8_t a, uint8_t b) { return std::min(a, b) & 0x0C; }

// Stage 1 combined with a stage-2 attribute in MAIR format (FWB = 0).
uint8_t CombineNoFwb(uint8_t s1, uint8_t s2) {
  if (IsDevice(s1) && IsDevice(s2)) return CombineDevice(s1, s2);
  if (IsDevice(s1)) return s1;
  if (IsDevice(s2)) return s2;
  return static_cast<uint8_t>(CombineCacheability(s1 >> 4, s2 >> 4) << 4 | CombineCacheability(s1 & 0xF, s2 & 0xF));
}

// Write-Back with stage 1's allocation hints where it had some; RW-allocate otherwise.
uint8_t ForceWriteBack(uint8_t nibble) {
  if (nibble == 0 || nibble == kNibbleNonCacheable) return 0xF;
  return static_cast<uint8_t>(nibble | 0x4);
}

// FEAT_S2FWB: MemAttr[2:0] overrides stage 1: 0b0xx Device (the more restrictive of the
// two when stage 1 is Device too), 0b101 Non-cacheable unless stage 1 is Device, 0b110
// Write-Back, 0b111 stage 1's attributes. Reserved encodings (0b100, MemAttr[3] set other
// than NoTagAccess) behave as Device-nGnRnE, as in QEMU.
uint8_t CombineFwb(uint8_t s1, uint8_t memattr) {
  if (memattr & 0x8) return 0x00;  // NoTagAccess was mapped onto 0b110 / 0b111 by the caller
  switch (memattr & 7) {
    case 7: return s1;
    case 6: return IsDevice(s1) ? 0xFF : static_cast<uint8_t>(ForceWriteBack(s1 >> 4) << 4 | ForceWriteBack(s1 & 0xF));
    case 5: return IsDevice(s1) ? s1 : 0x44;
    case 4: return 0x00;
    default: {
      const uint8_t s2 = static_cast<uint8_t>((memattr & 3) << 2);
      return IsDevice(s1) ? CombineDevice(s1, s2) : s2;
    }
  }
}

}  // namespace

bool CheckStage2Permission(const Stage2Permissions& e, AccessType type, bool el0, Fault* fault) {
  bool allowed;
  switch (type) {
    case AccessType::Read: allowed = Bit(e.s2ap, 0); break;
    case AccessType::Write: allowed = Bit(e.s2ap, 1); break;
    default:
      // FEAT_XNX: 0b00 executable at EL0 and EL1, 0b01 at EL0 only, 0b10 nowhere, 0b11 at
      // EL1 only (the privilege is that of the stage-1 access).
      switch (e.xn) {
        case 0: allowed = true; break;
        case 1: allowed = el0; break;
        case 3: allowed = !el0; break;
        default: allowed = false; break;
      }
  }
  if (!allowed && fault) {
    *fault = Fault{};
    fault->kind = FaultKind::Permission;
    fault->level = e.level;
    fault->stage2 = true;
    fault->write = type == AccessType::Write;
  }
  return allowed;
}

uint8_t Stage2MairAttribute(const Stage2Entry& e, bool cd) {
  // NoTagAccess (0b0100) is Normal Inner and Outer Write-Back.
  const uint8_t memattr = e.perms.notagaccess ? 0xF : e.memattr;
  unsigned outer = Bits(memattr, 3, 2), inner = Bits(memattr, 1, 0);
  if (outer == 0) return static_cast<uint8_t>(inner << 2);  // Device, of type MemAttr[1:0]
  if (cd) outer = inner = 1;                                 // HCR_EL2.CD: Non-cacheable
  // MAIR nibbles: 0b01xx Non-cacheable (0b0100), 0b10RW Write-Through, 0b11RW Write-Back,
  // with read/write-allocate hints for the cacheable kinds.
  const auto nibble = [](unsigned kind) { return static_cast<uint8_t>(kind == 1 ? 0x4 : (kind << 2) | 3); };
  return static_cast<uint8_t>(nibble(outer) << 4 | nibble(inner));
}

uint8_t CombineMemoryAttributes(uint8_t s1_attr, const Stage2Entry& e, const Stage2Controls& c) {
  // Tagged Normal (0xF0) combines as Normal Write-Back and stays Tagged only if the result
  // is Write-Back (CombineS1S2Desc's tags rule).
  const bool tagged = s1_attr == 0xF0;
  const uint8_t s1 = tagged ? 0xFF : s1_attr;
  uint8_t result;
  if (c.fwb) result = CombineFwb(s1, e.perms.notagaccess ? static_cast<uint8_t>(e.memattr & 7) : e.memattr);
  else result = CombineNoFwb(s1, Stage2MairAttribute(e, c.cd));
  return tagged && result == 0xFF ? 0xF0 : result;
}

uint8_t CombineShareability(uint8_t s1_sh, uint8_t s2_sh, uint8_t attr) {
  if (IsDevice(attr) || attr == 0x44) return 2;  // always Outer Shareable
  if (s1_sh == 2 || s2_sh == 2) return 2;
  if (s1_sh == 3 || s2_sh == 3) return 3;
  return 0;
}

Stage2Translation Stage2Mmu::Walk(const Stage2Controls& c, uint64_t ipa, AccessType type) {
  counters_.CountWalk();
  const uint64_t vtcr = c.vtcr;
  // VTCR_EL2.T0SZ outside the implemented range: a level 0 Translation fault (QEMU's choice
  // of the CONSTRAINED UNPREDICTABLE behaviours, as for stage 1).
  const unsigned t0sz = static_cast<unsigned>(Bits(vtcr, 5, 0));
  if (t0sz < kMinT0sz || t0sz > kMaxT0sz) return FaultResult(FaultKind::Translation, 0, ipa, type);
  const unsigned inputsize = 64 - t0sz;
  if (Bits(ipa, 63, inputsize) != 0) return FaultResult(FaultKind::Translation, 0, ipa, type);

  const unsigned granule = GranuleBits(vtcr);
  const unsigned stride = granule - 3;
  // The start level must be valid for the granule and consistent with the input size: the
  // start-level table indexes between 1 and stride + 4 bits (up to 16 concatenated tables).
  int level = StartLevel(static_cast<unsigned>(Bits(vtcr, 7, 6)), granule);
  if (level < 0) return FaultResult(FaultKind::Translation, 0, ipa, type);
  const unsigned levels_below = static_cast<unsigned>(3 - level);
  const unsigned min_inputsize = levels_below * stride + granule + 1;
  if (inputsize < min_inputsize || inputsize > min_inputsize + stride - 1 + 4)
    return FaultResult(FaultKind::Translation, 0, ipa, type);

  unsigned shift = granule + stride * levels_below;  // IPA bits below the index
  unsigned index_bits = inputsize - shift;
  const unsigned outputsize = OutputSize(vtcr);
  uint64_t table = Bits(c.vttbr, 47, 0);
  if (table >> outputsize) return FaultResult(FaultKind::AddressSize, 0, ipa, type);
  table &= ~Ones(index_bits + 3);  // BADDR below the (concatenated) table's alignment, and CnP

  const uint64_t oa_mask = Ones(kPaBits) & ~Ones(granule);
  uint64_t desc = 0;
  for (;;) {
    const uint64_t desc_pa = table + (Bits(ipa, 63, shift) & Ones(index_bits)) * 8;
    counters_.CountDescriptorRead();
    if (!memory_.ReadWalkDescriptor(desc_pa, &desc, WalkStage::Stage2)) {
      Stage2Translation t = FaultResult(FaultKind::ExternalAbort, level, ipa, type);
      t.fault.external_on_walk = true;
      return t;
    }
    if (!Bit(desc, 0)) return FaultResult(FaultKind::Translation, level, ipa, type);
    const bool table_or_page = Bit(desc, 1);
    if (!table_or_page && (level == 3 || !BlockAllowed(granule, level)))
      return FaultResult(FaultKind::Translation, level, ipa, type);
    const uint64_t oa = desc & oa_mask;
    if (oa >> outputsize) return FaultResult(FaultKind::AddressSize, level, ipa, type);
    if (!table_or_page || level == 3) break;
    table = oa;
    ++level;
    shift -= stride;
    index_bits = stride;
  }
  if (!Bit(desc, kDescAf)) return FaultResult(FaultKind::AccessFlag, level, ipa, type);

  Stage2Translation t;
  t.ok = true;
  Stage2Entry& e = t.entry;
  const uint64_t offset_mask = Ones(shift);
  e.ipa_base = ipa & ~offset_mask;
  e.pa_base = desc & oa_mask & ~offset_mask;
  e.size_log2 = static_cast<uint8_t>(shift);
  e.memattr = static_cast<uint8_t>(Bits(desc, 5, 2));
  e.sh = static_cast<uint8_t>(Bits(desc, 9, 8));
  e.perms.level = static_cast<uint8_t>(level);
  e.perms.s2ap = static_cast<uint8_t>(Bits(desc, 7, 6));
  e.perms.xn = static_cast<uint8_t>(Bits(desc, 54, 53));
  e.perms.notagaccess = IsNoTagAccess(e.memattr, c);
  t.pa = e.pa_base | (ipa & offset_mask);
  return t;
}

Stage2Translation Stage2Mmu::Translate(const Stage2Controls& c, uint16_t vmid, uint64_t ipa, AccessType type,
                                       bool el0) {
  uint64_t offset_mask = 0;
  const Stage2Entry* hit = tlb_.Find(ipa, [vmid](const Stage2Entry& e) { return e.vmid == vmid; }, &offset_mask);
  Stage2Translation t;
  if (hit) {
    counters_.CountHit();
    t.ok = true;
    t.entry = *hit;
    t.pa = hit->pa_base | (ipa & offset_mask);
  } else {
    counters_.CountMiss();
    t = Walk(c, ipa, type);
    if (!t.ok) return t;
    t.entry.vmid = vmid;
    tlb_.Insert(ipa, t.entry.ipa_base, t.entry.size_log2, t.entry);
  }
  if (!CheckStage2Permission(t.entry.perms, type, el0, &t.fault)) {
    t.ok = false;
    t.fault.ipa = ipa;
  }
  return t;
}

void Stage2Mmu::InvalidateAll() { tlb_.InvalidateAll(); }

void Stage2Mmu::InvalidateVmid(uint16_t vmid) {
  tlb_.InvalidateWhere(DirectMappedTlb<Stage2Entry>::kAnyAddress, [vmid](const Stage2Entry& e) { return e.vmid == vmid; });
}

void Stage2Mmu::InvalidateByIpa(uint16_t vmid, uint64_t ipa) {
  tlb_.InvalidateWhere(ipa, [vmid](const Stage2Entry& e) { return e.vmid == vmid; });
}

}  // namespace mtesim::mmu
