// The PE's memory management unit: VA -> IPA -> PA through stage 1 (models/mmu/stage1.h)
// and, for the EL1&0 regime while EL2 enables it, stage 2 (models/mmu/stage2.h), with
// combined attributes and permissions. Stage-1 table walks are themselves translated by
// stage 2 (a fault there is a stage-2 fault with S1PTW); the two TLBs are tagged by
// regime, VMID and ASID, and TLBI maintenance is applied to both as its scope says.
#pragma once
#include <cstdint>

#include "isa/tlb_invalidation.h"
#include "models/mmu/stage1.h"
#include "models/mmu/stage2.h"

namespace mtesim::mmu {

class Mmu : private DescriptorReader {
 public:
  // `physical` reads descriptors from physical memory.
  explicit Mmu(DescriptorReader& physical) : physical_(physical), stage1_(*this), stage2_(physical) {}

  // Translate `va` for an access by `who`: both stages through their TLBs, permission
  // checks of both, combined attributes. A stage-2 fault has fault.stage2 and fault.ipa.
  Translation Translate(const TranslationControls& tc, uint64_t va, AccessType type, const AccessContext& who);

  // The walks alone (no TLB), as AT uses them: stage 1 only (`with_stage2` false: the
  // result is the IPA with stage 1's attributes; stage 1's descriptors are still read
  // through stage 2), or both stages.
  Translation Walk(const TranslationControls& tc, uint64_t va, AccessType type, const AccessContext& who,
                   bool with_stage2);

  // Whether a successful translation also permits an access of another type (for caching
  // a page's read and write rights at once).
  static bool Permits(const TranslationControls& tc, const Translation& t, AccessType type, const AccessContext& who);

  void Invalidate(const isa::TlbInvalidation& op);
  void InvalidateAll();

  const Stage1Mmu& stage1() const { return stage1_; }
  const Stage2Mmu& stage2() const { return stage2_; }

 private:
  // DescriptorReader for stage 1: physical reads, and table reads through stage 2.
  bool ReadDescriptor(uint64_t pa, uint64_t* descriptor) override { return physical_.ReadDescriptor(pa, descriptor); }
  bool ReadTableDescriptor(uint64_t address, int level, uint64_t* descriptor, isa::Fault* fault) override;

  // Stage 2 of a stage-1 result (t.pa is the IPA); `walk_only` skips the stage-2 TLB.
  void ApplyStage2(const TranslationControls& tc, Translation& t, AccessType type, bool el0, bool walk_only);

  DescriptorReader& physical_;
  Stage1Mmu stage1_;
  Stage2Mmu stage2_;
  // The controls of the stage-1 walk in progress, whose descriptor reads go through stage 2.
  const TranslationControls* walking_ = nullptr;
};

}  // namespace mtesim::mmu
