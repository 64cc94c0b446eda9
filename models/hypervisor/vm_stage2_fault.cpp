// The stage-2 fault path: KVM's kvm_handle_guest_abort and user_mem_abort.
#include "models/hypervisor/host_memory.h"
#include "models/hypervisor/host_page_allocator.h"
#include "models/hypervisor/hypervisor.h"
#include "models/hypervisor/kvm_errors.h"
#include "models/hypervisor/vm.h"

namespace mtesim::hyp {

void Vm::SanitiseTags(uint64_t pa) {
  // sanitise_mte_tags: a page mapped into a guest with MTE for the first time gets clean
  // tags, so no stale tags of a previous user leak in; PG_mte_tagged then keeps later
  // maps (by this or any VM) from clearing tags the guest has set.
  HostPageAllocator& pages = hypervisor_.pages();
  if (pages.PageTagged(pa)) return;
  hypervisor_.memory().ClearTags(pa, kPageBytes);
  pages.SetPageTagged(pa);
  ++stats_[VmStats::kPagesSanitised];
}

void Vm::MarkDirty(Memslot& s, uint64_t ipa) {
  const uint64_t page = s.PageIndex(ipa);
  uint64_t& word = s.dirty_bitmap[page / 64];
  const uint64_t bit = uint64_t{1} << (page % 64);
  if (!(word & bit)) ++stats_[VmStats::kDirtyPagesLogged];
  word |= bit;
}

Stage2FaultResult Vm::HandleStage2Fault(uint64_t ipa, bool write, bool tag_access) {
  Stage2FaultResult r;
  r.ipa = ipa;
  r.write = write;
  r.tag_access = tag_access;
  const uint64_t page_ipa = ipa & ~(kPageBytes - 1);
  Memslot* slot = FindSlot(ipa);
  // No memslot, or a write to a read-only one: KVM hands the access to the VMM as MMIO.
  if (!slot || (write && slot->readonly())) {
    r.outcome = Stage2FaultOutcome::Mmio;
    ++stats_[VmStats::kFaultsMmio];
    return r;
  }
  const Stage2Mapping existing = stage2_.Lookup(page_ipa);
  if (existing.valid) {
    if (!existing.young) {
      // Aged by the swap policy's clock: an Access flag fault says the page is used
      // again (handle_access_fault). The access runs again and may fault for more.
      stage2_.MakeYoung(page_ipa);
      r.outcome = Stage2FaultOutcome::Mapped;
      ++stats_[VmStats::kFaultsAccessFlag];
    } else if (tag_access && existing.attributes.type == Stage2MemType::NoTagAccess) {
      r.outcome = Stage2FaultOutcome::NoTagAccess;
      ++stats_[VmStats::kFaultsNotagaccess];
    } else if (write && !existing.attributes.write && slot->logging()) {
      // Dirty logging: log the page and let further writes through (tag writes too: they
      // need the same stage-2 write permission, and a page whose tags changed is dirty).
      MarkDirty(*slot, ipa);
      stage2_.MakeWritable(page_ipa);
      r.outcome = Stage2FaultOutcome::DirtyLogged;
      ++stats_[VmStats::kFaultsDirtyLogged];
    } else if (write && !existing.attributes.write) {
      // Still write-protected from a log that has since been switched off: relax the
      // permission, as user_mem_abort does for a permission fault.
      stage2_.MakeWritable(page_ipa);
      r.outcome = Stage2FaultOutcome::Mapped;
      ++stats_[VmStats::kFaultsMapped];
    } else {
      r.outcome = Stage2FaultOutcome::Spurious;
      ++stats_[VmStats::kFaultsSpurious];
    }
    return r;
  }

  // Swapped out, or (post-copy) not yet arrived: data and tags are back before the map.
  if (const int err = MakePresent(*slot, page_ipa)) {
    r.error = err;
    ++stats_[VmStats::kFaultsError];
    return r;
  }
  const uint64_t pa = slot->HostAddress(page_ipa);
  Stage2Attributes a;
  a.write = !slot->readonly() && (!slot->logging() || write);
  if (mte_enabled()) {
    if (slot->tag_capable) {
      SanitiseTags(pa);
    } else if (notagaccess_) {
      a.type = Stage2MemType::NoTagAccess;
    } else {
      // A slot without tag storage that predates MTE being enabled: KVM's user_mem_abort
      // refuses to map it (-EFAULT from KVM_RUN).
      r.error = kEFAULT;
      ++stats_[VmStats::kFaultsError];
      return r;
    }
  }
  if (const int err = stage2_.Map(page_ipa, pa, a)) {
    r.error = err;
    ++stats_[VmStats::kFaultsError];
    return r;
  }
  if (write && slot->logging()) MarkDirty(*slot, ipa);
  if (tag_access && a.type == Stage2MemType::NoTagAccess) {
    // Mapped for data, but the tag access itself faults again: exit now.
    r.outcome = Stage2FaultOutcome::NoTagAccess;
    ++stats_[VmStats::kFaultsNotagaccess];
    return r;
  }
  r.outcome = Stage2FaultOutcome::Mapped;
  ++stats_[VmStats::kFaultsMapped];
  return r;
}

}  // namespace mtesim::hyp
