// Swap of a VM's memory (Linux's MMU-notifier unmap, kvm_age_gfn, and arm64's mteswap):
// a page leaves stage 2 before it is copied out, its tags go out packed beside its data,
// and it comes back, tags first marked as initialised, before it is mapped again.
#include "models/hypervisor/host_memory.h"
#include "models/hypervisor/host_page_allocator.h"
#include "models/hypervisor/hypervisor.h"
#include "models/hypervisor/kvm_errors.h"
#include "models/hypervisor/tag_packing.h"
#include "models/hypervisor/vm.h"

namespace mtesim::hyp {

int Vm::SwapOut(uint64_t ipa) {
  Memslot* slot = FindSlot(ipa);
  if (!slot || (ipa & (kPageBytes - 1))) return kEFAULT;
  const uint64_t page = slot->PageIndex(ipa);
  // A page never placed (post-copy) has nothing to swap.
  if (slot->SwappedOut(page) || slot->Missing(page)) return kENOENT;
  SwapStore& store = hypervisor_.swap();
  const int64_t entry = store.Take();
  if (entry < 0) return static_cast<int>(entry);
  if (slot->swap_entries.empty()) slot->swap_entries.assign(slot->npages(), 0);
  // The MMU notifier (kvm_unmap_gfn_range) first: once the PEs' TLBs are flushed no guest
  // access can change the page while it is copied out.
  stage2_.Unmap(ipa, kPageBytes);
  FlushStage2(ipa, kPageBytes);
  HostPhysicalMemory& memory = hypervisor_.memory();
  HostPageAllocator& pages = hypervisor_.pages();
  const uint64_t pa = slot->HostAddress(ipa);
  const uint64_t e = static_cast<uint64_t>(entry);
  memory.Read(pa, store.data(e), kPageBytes);
  // arch_prepare_to_swap: only a page whose tags were initialised (PG_mte_tagged) has tags
  // worth keeping; an untagged page comes back untagged and is sanitised at its next map.
  const bool tagged = slot->tag_capable && pages.PageTagged(pa);
  if (tagged) {
    uint8_t tags[kTagsPerPage];
    memory.ReadTags(pa, kPageBytes, tags);
    PackPageTags(tags, store.packed_tags(e));
    stats_[VmStats::kSwapTagBytesSaved] += kPackedTagsPerPage;
  }
  store.set_has_tags(e, tagged);
  // The page goes back to the host for someone else: its contents go with it (and a
  // swap-in that failed to restore them could not pass unnoticed).
  memory.Zero(pa, kPageBytes);
  if (slot->tag_capable) memory.ClearTags(pa, kPageBytes);
  pages.Free(pa, 1);
  slot->swap_entries[page] = static_cast<uint32_t>(e + 1);
  ++stats_[VmStats::kPagesSwappedOut];
  return 0;
}

int Vm::SwapInPage(Memslot& slot, uint64_t page_ipa) {
  const uint64_t page = slot.PageIndex(page_ipa);
  const uint64_t e = slot.swap_entries[page] - 1;
  const uint64_t pa = slot.HostAddress(page_ipa);
  HostPhysicalMemory& memory = hypervisor_.memory();
  HostPageAllocator& pages = hypervisor_.pages();
  if (const int err = pages.AllocateAt(pa)) return err;
  SwapStore& store = hypervisor_.swap();
  memory.Write(pa, store.data(e), kPageBytes);
  if (store.has_tags(e)) {
    // mte_restore_tags, then PG_mte_tagged: the first map after this must not clear them.
    uint8_t tags[kTagsPerPage];
    UnpackPageTags(store.packed_tags(e), tags);
    memory.WriteTags(pa, kPageBytes, tags);
    pages.SetPageTagged(pa);
    stats_[VmStats::kSwapTagBytesRestored] += kPackedTagsPerPage;
  }
  store.Release(e);
  slot.swap_entries[page] = 0;
  ++stats_[VmStats::kPagesSwappedIn];
  return 0;
}

int Vm::SwapIn(uint64_t ipa) {
  Memslot* slot = FindSlot(ipa);
  if (!slot) return kEFAULT;
  const uint64_t page_ipa = ipa & ~(kPageBytes - 1);
  return slot->SwappedOut(slot->PageIndex(page_ipa)) ? SwapInPage(*slot, page_ipa) : 0;
}

bool Vm::SwappedOut(uint64_t ipa) const {
  const Memslot* slot = FindMemslot(ipa);
  return slot && slot->SwappedOut(slot->PageIndex(ipa));
}

bool Vm::TestAndClearYoung(uint64_t ipa) {
  const uint64_t page_ipa = ipa & ~(kPageBytes - 1);
  if (!stage2_.TestAndClearYoung(page_ipa)) return false;
  // A PE may hold the young entry: without the flush it would never fault to say the
  // page is used again.
  FlushStage2(page_ipa, kPageBytes);
  return true;
}

uint64_t Vm::resident_pages() const {
  // The pages mapped at stage 2: what the guest has touched and still holds (its RSS); a
  // page swapped out or never touched is not resident.
  return stage2_.mapped_pages();
}

void Vm::ReleaseSwap(Memslot& slot) {
  // A deleted slot's swapped-out pages are gone with it (the VMM unmapped its memory).
  for (uint32_t& e : slot.swap_entries)
    if (e) hypervisor_.swap().Release(e - 1), e = 0;
}

int Vm::MakePresent(Memslot& slot, uint64_t page_ipa) {
  const uint64_t page = slot.PageIndex(page_ipa);
  if (slot.Missing(page)) {
    // handle_userfault: the vCPU waits while the VMM places the page.
    ++stats_[VmStats::kFaultsMissing];
    if (!missing_handler_) return kEFAULT;
    if (const int err = missing_handler_(page_ipa)) return err;
    if (slot.Missing(page)) return kEFAULT;
  }
  return slot.SwappedOut(page) ? SwapInPage(slot, page_ipa) : 0;
}

}  // namespace mtesim::hyp
