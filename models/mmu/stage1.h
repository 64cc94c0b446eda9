// VMSAv8-64 stage-1 translation for the EL1&0 and EL2 (nVHE) regimes: table walk,
// permission checks and a TLB tagged by regime, VMID and ASID. Plain C++ (no SystemC) so it
// can be unit-tested against hand-built tables; descriptor reads go through a
// DescriptorReader (the two-stage MMU, models/mmu/mmu.h, translates them through stage 2).
#pragma once
#include <cstdint>

#include "isa/exception.h"
#include "isa/arch_state.h"
#include "isa/tlb_invalidation.h"
#include "models/mmu/access.h"
#include "models/mmu/direct_mapped_tlb.h"
#include "models/mmu/stage2.h"

namespace mtesim::mmu {

// The system registers that define a translation regime, as the PE sees them for the
// access (effective values: HCR_EL2.TGE and HCR_EL2.DC already turned SCTLR.M off). For
// the EL2 regime, tcr is TCR_EL2 (its own layout), ttbr1 is unused and there is no ASID.
struct TranslationControls {
  isa::Regime regime = isa::Regime::EL10;
  uint64_t sctlr = 0, tcr = 0, ttbr0 = 0, ttbr1 = 0, mair = 0;
  // Not a register: the CONSTRAINED UNPREDICTABLE choice for an instruction fetch from a
  // Device-type page that is not execute-never (Unpredictable_INSTRDEVICE). true: the fetch
  // takes a Permission fault; false: it behaves as Normal memory, which is what QEMU does.
  bool device_fetch_faults = true;
  // EL1&0 under EL2: the VMID that tags TLB entries, HCR_EL2.DC (stage 1 off gives Normal
  // write-back memory rather than Device) with HCR_EL2.DCT (... and Tagged), and stage 2.
  uint16_t vmid = 0;
  bool default_cacheable = false;
  bool default_tagged = false;
  Stage2Controls stage2;
};

// The result of a successful walk, independent of the access type: what a TLB caches.
struct TlbEntry {
  uint64_t va_base = 0;      // VA of the start of the mapping (block or page), tag bits stripped
  uint64_t pa_base = 0;      // PA of the start of the mapping
  uint8_t size_log2 = 12;    // mapping size: page or block (12..42)
  uint8_t level = 3;         // level of the final descriptor
  uint8_t attr = 0;          // MAIR_ELx attribute byte (0xF0 = Tagged Normal, kept for MTE); combined with stage 2 by the MMU
  uint8_t ap = 0;            // AP[2:1], after APTable from the table descriptors
  uint8_t sh = 0;            // SH[1:0] of the final descriptor (reported in PAR_EL1)
  bool uxn = false, pxn = false;  // including UXNTable/PXNTable
  bool global = true;        // !nG
  uint16_t asid = 0;         // for non-global entries
  bool mmu_off = false;      // SCTLR_ELx.M == 0: flat mapping with the default attributes
  isa::Regime regime = isa::Regime::EL10;
  uint16_t vmid = 0;         // EL1&0 entries under EL2
};

// Outcome of Translate: either an entry plus the PA for this VA, or a fault. Under stage 2
// (the two-stage MMU), entry.attr and entry.sh are the combined stage-1 and stage-2
// attributes, `pa` is the final PA, `ipa` the stage-1 output, and stage2_entry the stage-2
// mapping; a stage-2 fault has fault.stage2 with the IPA.
struct Translation {
  TlbEntry entry;
  isa::Fault fault;  // when !ok
  uint64_t pa = 0;
  uint64_t ipa = 0;
  Stage2Permissions stage2_perms;  // when stage2
  bool ok = false;
  bool stage2 = false;
};

// Permission check of an access against an entry (AP, UXN/PXN, PAN, WXN).
// Returns true if allowed; else fills `fault` with a Permission fault at entry.level.
bool CheckPermission(const TranslationControls& tc, const TlbEntry& e, AccessType type, const AccessContext& who,
                     isa::Fault* fault);

// PAR_EL1 after an AT instruction whose translation (Walk or Translate, plus CheckPermission
// for the AT's access) gave `t`, formatted as QEMU does: bit 11 (RES1) always set; on
// success PA[47:12], NS = 1 (Non-secure), SH (0b10 for Device and Normal Non-cacheable
// memory, else the descriptor's SH) and ATTR = the MAIR byte; on a fault F = 1, FST = the
// fault status code, S = 1 for stage-2 faults and PTW = 1 for those on a stage-1 walk. A
// synchronous external abort on the walk is not reported in PAR: AT then takes a Data
// Abort (the caller's job).
uint64_t AddressTranslateParResult(const Translation& t);

class Stage1Mmu {
 public:
  explicit Stage1Mmu(DescriptorReader& memory) : memory_(memory) {}

  // Translate `va` for an access: TLB lookup, walk on a miss, permission check.
  Translation Translate(const TranslationControls& tc, uint64_t va, AccessType type, const AccessContext& who);

  // The walk alone (no TLB, no permission check), as AT and the TLB-miss path use it.
  // With SCTLR_ELx.M == 0 it gives the flat mapping (whose attributes depend on `type`).
  Translation Walk(const TranslationControls& tc, uint64_t va, AccessType type);

  // TLB maintenance. Invalidate applies the stage-1 part of a TLBI (stage-2-only scopes
  // leave stage-1 entries alone). The TLB holds only final-level entries, so the
  // last-level forms invalidate the same entries as the plain ones.
  void Invalidate(const isa::TlbInvalidation& op);
  void InvalidateAll();
  // The EL1&0 forms for VMID 0: `va` is Xt[43:0] << 12 (VA[55:12]).
  void InvalidateByAsid(uint16_t asid);
  void InvalidateByVa(uint64_t va, uint16_t asid, bool all_asids, bool last_level_only);

  // Statistics for the stats tree.
  const WalkCounters& counters() const { return counters_; }

 private:
  DescriptorReader& memory_;
  WalkCounters counters_;
  DirectMappedTlb<TlbEntry> tlb_;  // by canonical VA

  static Translation FlatTranslation(const TranslationControls& tc, uint64_t va, AccessType type);
};

}  // namespace mtesim::mmu
