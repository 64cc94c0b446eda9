// VMSAv8-64 stage-2 translation of the EL1&0 regime (Arm ARM D8, AArch64.S2Walk,
// AArch64.S2CheckPermissions): IPA -> PA through the tables VTTBR_EL2 and VTCR_EL2 name,
// including concatenated start-level tables, with S2AP, XN[1:0] (FEAT_XNX), MemAttr
// (FEAT_S2FWB or not, FEAT_MTE_PERM NoTagAccess), the access flag, and a TLB tagged by
// VMID. Plain C++ so it is unit-tested against hand-built tables, like stage 1.
#pragma once
#include <cstdint>

#include "isa/exception.h"
#include "models/mmu/access.h"
#include "models/mmu/direct_mapped_tlb.h"

namespace mtesim::mmu {

// What HCR_EL2, VTCR_EL2 and VTTBR_EL2 say about stage 2, as the PE sees them.
struct Stage2Controls {
  bool enabled = false;  // HCR_EL2.VM (HCR_EL2.DC makes it behave as 1)
  uint64_t vtcr = 0, vttbr = 0;
  bool fwb = false;       // HCR_EL2.FWB: MemAttr overrides stage 1 (FEAT_S2FWB)
  bool ptw = false;       // HCR_EL2.PTW: stage-1 walks of Device memory fault
  bool cd = false;        // HCR_EL2.CD: stage-2 Normal memory is Non-cacheable
  bool mte_perm = false;  // the PE implements FEAT_MTE_PERM (NoTagAccess)
};

// What a stage-2 mapping allows, and whether it forbids tag access: all that a combined
// translation keeps of stage 2 besides the address and the attributes.
struct Stage2Permissions {
  uint8_t level = 3;         // level of the final descriptor (for Permission faults)
  uint8_t s2ap = 3;          // S2AP[1:0]: bit 0 read, bit 1 write
  uint8_t xn = 0;            // XN[1:0] (FEAT_XNX: 0b01 no EL1 execute, 0b11 no EL0 execute)
  bool notagaccess = false;  // FEAT_MTE_PERM: NoTagAccess by MemAttr (and FWB)
};

// A stage-2 block or page, what the stage-2 TLB caches.
struct Stage2Entry {
  uint64_t ipa_base = 0;     // IPA of the start of the mapping
  uint64_t pa_base = 0;      // PA of the start of the mapping
  uint8_t size_log2 = 12;    // mapping size
  uint8_t memattr = 0xF;     // MemAttr[3:0]
  uint8_t sh = 0;            // SH[1:0]
  uint16_t vmid = 0;
  Stage2Permissions perms;
};

struct Stage2Translation {
  bool ok = false;
  isa::Fault fault;  // when !ok: stage2 = true, ipa, kind, level
  Stage2Entry entry;
  uint64_t pa = 0;
};

// Stage-2 permission check (S2AP, and XN[1:0] by the privilege of the stage-1 access).
// Returns true if allowed; else fills `fault` with a stage-2 Permission fault.
bool CheckStage2Permission(const Stage2Permissions& p, AccessType type, bool el0, isa::Fault* fault);

// The MAIR-format attribute byte of a stage-2 mapping on its own (CD applied, FWB = 0).
uint8_t Stage2MairAttribute(const Stage2Entry& e, bool cd);
// CombineS1S2Desc: the memory attribute (MAIR format, 0xF0 for Tagged Normal) of a
// location stage 1 gives `s1_attr` and stage 2 maps with `e`.
uint8_t CombineMemoryAttributes(uint8_t s1_attr, const Stage2Entry& e, const Stage2Controls& c);
// The combined shareability (SH encoding) of stage 1's `s1_sh` and stage 2's, for a
// location of combined attribute `attr` (Device and Normal Non-cacheable are Outer).
uint8_t CombineShareability(uint8_t s1_sh, uint8_t s2_sh, uint8_t attr);

class Stage2Mmu {
 public:
  explicit Stage2Mmu(DescriptorReader& memory) : memory_(memory) {}

  // Translate `ipa` (stage-2 TLB, walk on a miss), then check the access. `el0` is the
  // privilege of the stage-1 access (for XN[1:0]).
  Stage2Translation Translate(const Stage2Controls& c, uint16_t vmid, uint64_t ipa, AccessType type, bool el0);
  // The walk alone (no TLB, no permission check).
  Stage2Translation Walk(const Stage2Controls& c, uint64_t ipa, AccessType type);

  void InvalidateAll();
  void InvalidateVmid(uint16_t vmid);
  // Entries of `vmid` whose range holds `ipa`.
  void InvalidateByIpa(uint16_t vmid, uint64_t ipa);

  // Statistics for the stats tree.
  const WalkCounters& counters() const { return counters_; }

 private:
  DescriptorReader& memory_;
  WalkCounters counters_;
  DirectMappedTlb<Stage2Entry> tlb_;  // by IPA
};

}  // namespace mtesim::mmu
