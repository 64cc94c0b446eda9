// Two-stage translation (Arm ARM AArch64.FullTranslate, AArch64.S1Translate then
// AArch64.S2Translate): stage-1 faults, including stage-1 permission faults, take priority
// over stage 2 of the output address; stage-1 descriptor reads are stage-2 translated
// first (AArch64.S2Translate for the walk, with HCR_EL2.PTW).
#include "models/mmu/mmu.h"

#include "isa/bits.h"

namespace mtesim::mmu {

namespace {
bool StageTwoApplies(const TranslationControls& tc) { return tc.regime == isa::Regime::EL10 && tc.stage2.enabled; }

// Whether stage 2 maps a stage-1 walk's table as Device (HCR_EL2.PTW): the walk's own
// attributes are always Normal, so only stage 2's matter (MemAttr[3:2] = 0b00 without FWB,
// MemAttr[2] = 0 with FWB).
bool Stage2IsDevice(const Stage2Entry& e, const Stage2Controls& c) {
  if (e.perms.notagaccess) return false;
  return c.fwb ? !isa::Bit(e.memattr, 2) : isa::Bits(e.memattr, 3, 2) == 0;
}
}  // namespace

bool Mmu::ReadTableDescriptor(uint64_t address, int level, uint64_t* descriptor, isa::Fault* fault) {
  if (!walking_ || !StageTwoApplies(*walking_)) return DescriptorReader::ReadTableDescriptor(address, level, descriptor, fault);
  const Stage2Controls& c = walking_->stage2;
  Stage2Translation s2 = stage2_.Translate(c, walking_->vmid, address, AccessType::Read, false);
  if (s2.ok && c.ptw && Stage2IsDevice(s2.entry, c)) {
    s2.ok = false;
    s2.fault = isa::Fault{};
    s2.fault.kind = isa::FaultKind::Permission;
    s2.fault.level = static_cast<int8_t>(s2.entry.perms.level);
    s2.fault.stage2 = true;
  }
  if (!s2.ok) {
    *fault = s2.fault;
    fault->s1ptw = true;
    fault->ipa = address;
    return false;
  }
  if (physical_.ReadDescriptor(s2.pa, descriptor)) return true;
  *fault = isa::Fault{};
  fault->kind = isa::FaultKind::ExternalAbort;
  fault->external_on_walk = true;
  fault->level = level;
  return false;
}

void Mmu::ApplyStage2(const TranslationControls& tc, Translation& t, AccessType type, bool el0, bool walk_only) {
  t.ipa = t.pa;
  if (!StageTwoApplies(tc)) return;
  Stage2Translation s2;
  if (walk_only) {
    s2 = stage2_.Walk(tc.stage2, t.ipa, type);
    if (s2.ok && !CheckStage2Permission(s2.entry.perms, type, el0, &s2.fault)) s2.ok = false;
  } else {
    s2 = stage2_.Translate(tc.stage2, tc.vmid, t.ipa, type, el0);
  }
  if (!s2.ok) {
    t.ok = false;
    t.fault = s2.fault;
    t.fault.ipa = t.ipa;
    t.fault.write = type == AccessType::Write;
    return;
  }
  t.stage2 = true;
  t.stage2_perms = s2.entry.perms;
  t.pa = s2.pa;
  t.entry.attr = CombineMemoryAttributes(t.entry.attr, s2.entry, tc.stage2);
  t.entry.sh = CombineShareability(t.entry.sh, s2.entry.sh, t.entry.attr);
}

Translation Mmu::Translate(const TranslationControls& tc, uint64_t va, AccessType type, const AccessContext& who) {
  walking_ = &tc;
  Translation t = stage1_.Translate(tc, va, type, who);
  walking_ = nullptr;
  if (t.ok) ApplyStage2(tc, t, type, who.el0, false);
  return t;
}

Translation Mmu::Walk(const TranslationControls& tc, uint64_t va, AccessType type, const AccessContext& who,
                      bool with_stage2) {
  walking_ = &tc;
  Translation t = stage1_.Walk(tc, va, type);
  walking_ = nullptr;
  if (t.ok && !CheckPermission(tc, t.entry, type, who, &t.fault)) t.ok = false;
  if (!t.ok) return t;
  if (with_stage2) ApplyStage2(tc, t, type, who.el0, true);
  else t.ipa = t.pa;
  return t;
}

bool Mmu::Permits(const TranslationControls& tc, const Translation& t, AccessType type, const AccessContext& who) {
  if (!CheckPermission(tc, t.entry, type, who, nullptr)) return false;
  return !t.stage2 || CheckStage2Permission(t.stage2_perms, type, who.el0, nullptr);
}

void Mmu::Invalidate(const isa::TlbInvalidation& op) {
  using Scope = isa::TlbInvalidation::Scope;
  stage1_.Invalidate(op);
  switch (op.scope) {
    case Scope::Ipa: stage2_.InvalidateByIpa(op.vmid, op.address); break;
    case Scope::Vmalls12e1: stage2_.InvalidateVmid(op.vmid); break;
    case Scope::Alle1: stage2_.InvalidateAll(); break;
    default: break;  // stage-1 scopes
  }
}

void Mmu::InvalidateAll() {
  stage1_.InvalidateAll();
  stage2_.InvalidateAll();
}

}  // namespace mtesim::mmu
