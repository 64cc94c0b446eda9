// VMSAv8-64 stage-1 translation for the EL1&0 regime: table walk, permission checks and
// a TLB. Plain C++ (no SystemC) so it can be unit-tested against hand-built tables; the
// PE model supplies descriptor reads through DescriptorReader.
#pragma once
#include <cstdint>

#include "isa/exception.h"

namespace mtesim::mmu {

// The system registers that define the EL1&0 translation regime.
struct TranslationControls {
  uint64_t sctlr = 0, tcr = 0, ttbr0 = 0, ttbr1 = 0, mair = 0;
  // Not a register: the CONSTRAINED UNPREDICTABLE choice for an instruction fetch from a
  // Device-type page that is not execute-never (Unpredictable_INSTRDEVICE). true: the fetch
  // takes a Permission fault; false: it behaves as Normal memory, which is what QEMU does.
  bool device_fetch_faults = true;
};

enum class AccessType : uint8_t { Read, Write, Fetch };

// Who is asking: privilege of the access and PSTATE.PAN (PAN only affects EL1 data accesses).
struct AccessContext {
  bool el0 = false;  // unprivileged (EL0, or LDTR/STTR at EL1)
  bool pan = false;  // PSTATE.PAN at EL1
};

// Reads one 64-bit descriptor from physical memory (little-endian). Returns false when the
// physical address is not backed (the walk then takes a synchronous external abort).
class DescriptorReader {
 public:
  virtual ~DescriptorReader() = default;
  virtual bool ReadDescriptor(uint64_t pa, uint64_t* descriptor) = 0;
};

// The result of a successful walk, independent of the access type: what a TLB caches.
struct TlbEntry {
  uint64_t va_base = 0;      // VA of the start of the mapping (block or page), tag bits stripped
  uint64_t pa_base = 0;      // PA of the start of the mapping
  uint8_t size_log2 = 12;    // mapping size: page or block (12..42)
  uint8_t level = 3;         // level of the final descriptor
  uint8_t attr = 0;          // MAIR_EL1 attribute byte (0xF0 = Tagged Normal, kept for MTE)
  uint8_t ap = 0;            // AP[2:1], after APTable from the table descriptors
  uint8_t sh = 0;            // SH[1:0] of the final descriptor (reported in PAR_EL1)
  bool uxn = false, pxn = false;  // including UXNTable/PXNTable
  bool global = true;        // !nG
  uint16_t asid = 0;         // for non-global entries
  bool mmu_off = false;      // SCTLR_EL1.M == 0: flat mapping with the default attributes
};

// Outcome of Translate: either an entry plus the PA for this VA, or a fault.
struct Translation {
  bool ok = false;
  isa::Fault fault;  // when !ok (kind, level, write, s1ptw = false)
  TlbEntry entry;
  uint64_t pa = 0;
};

// Permission check of an access against an entry (AP, UXN/PXN, PAN, WXN).
// Returns true if allowed; else fills `fault` with a Permission fault at entry.level.
bool CheckPermission(const TranslationControls& tc, const TlbEntry& e, AccessType type, const AccessContext& who,
                     isa::Fault* fault);

// PAR_EL1 after an AT instruction whose translation (Walk or Translate, plus CheckPermission
// for the AT's access) gave `t`, formatted as QEMU does: bit 11 (RES1) always set; on
// success PA[47:12], NS = 1 (Non-secure EL1&0), SH (0b10 for Device and Normal
// Non-cacheable memory, else the descriptor's SH) and ATTR = the MAIR byte; on a fault F = 1,
// FST = the fault status code, PTW/S for stage-2 faults on the walk. A synchronous external
// abort on the walk is not reported in PAR: AT then takes a Data Abort (the caller's job).
uint64_t AddressTranslateParResult(const Translation& t);

class Stage1Mmu {
 public:
  explicit Stage1Mmu(DescriptorReader& memory) : memory_(memory) {}

  // Translate `va` for an access: TLB lookup, walk on a miss, permission check.
  Translation Translate(const TranslationControls& tc, uint64_t va, AccessType type, const AccessContext& who);

  // The walk alone (no TLB, no permission check), as AT and the TLB-miss path use it.
  // With SCTLR_EL1.M == 0 it gives the flat mapping (whose attributes depend on `type`).
  Translation Walk(const TranslationControls& tc, uint64_t va, AccessType type);

  // TLB maintenance. For the by-VA operations `va` is Xt[43:0] << 12 (VA[55:12]); the TLB
  // holds only final-level entries, so last_level_only (TLBI VALE1/VAALE1) invalidates the
  // same entries as the plain form.
  void InvalidateAll();
  void InvalidateByAsid(uint16_t asid);
  void InvalidateByVa(uint64_t va, uint16_t asid, bool all_asids, bool last_level_only);

  // Statistics for the stats tree.
  uint64_t tlb_hits = 0, tlb_misses = 0, walks = 0, descriptor_reads = 0;

 private:
  DescriptorReader& memory_;
  static constexpr unsigned kTlbEntries = 512;  // direct-mapped by VA page
  struct Slot {
    bool valid = false;
    uint64_t va_mask = 0;  // ~(mapping size - 1)
    TlbEntry e;
  };
  Slot tlb_[kTlbEntries];

  static Translation FlatTranslation(const TranslationControls& tc, uint64_t va, AccessType type);
  void Insert(const TlbEntry& e, uint64_t va);
};

}  // namespace mtesim::mmu
