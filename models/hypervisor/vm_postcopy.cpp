// Post-copy migration's destination side: userfaultfd's missing pages, placed by the VMM
// only together with their tags (UFFDIO_COPY carrying the page's MTE tags), so the
// guest can never map a page whose tags have not arrived yet.
#include "models/hypervisor/host_memory.h"
#include "models/hypervisor/host_page_allocator.h"
#include "models/hypervisor/hypervisor.h"
#include "models/hypervisor/kvm_errors.h"
#include "models/hypervisor/vm.h"

namespace mtesim::hyp {

int Vm::RegisterMissing(uint64_t ipa, uint64_t size) {
  if ((ipa | size) & (kPageBytes - 1) || size == 0) return kEINVAL;
  Memslot* slot = FindSlot(ipa);
  if (!slot || !slot->Contains(ipa + size - 1)) return kEINVAL;
  // A page the guest already has cannot become missing under it.
  for (uint64_t off = 0; off < size; off += kPageBytes)
    if (stage2_.Lookup(ipa + off).valid) return kEBUSY;
  if (slot->missing.empty()) slot->missing.assign((slot->npages() + 63) / 64, 0);
  for (uint64_t off = 0; off < size; off += kPageBytes) {
    const uint64_t page = slot->PageIndex(ipa + off);
    slot->missing[page / 64] |= uint64_t{1} << (page % 64);
  }
  return 0;
}

int Vm::PlacePage(uint64_t ipa, const uint8_t* data, const uint8_t* tags) {
  Memslot* slot = FindSlot(ipa);
  if (!slot || (ipa & (kPageBytes - 1)) || !data) return kEINVAL;
  const uint64_t page = slot->PageIndex(ipa);
  if (!slot->Missing(page)) return kENOENT;  // UFFDIO_COPY onto a present page: EEXIST-like
  HostPhysicalMemory& memory = hypervisor_.memory();
  const uint64_t pa = slot->HostAddress(ipa);
  if (!memory.Write(pa, data, kPageBytes)) return kEFAULT;
  if (mte_enabled() && slot->tag_capable) {
    // Tags before the page is present: the fault that waits for this page maps it with
    // PG_mte_tagged set, so sanitising (which would zero these tags) is skipped.
    const bool ok = tags ? memory.WriteTags(pa, kPageBytes, tags) : memory.ClearTags(pa, kPageBytes);
    if (!ok) return kEFAULT;
    hypervisor_.pages().SetPageTagged(pa);
  }
  slot->missing[page / 64] &= ~(uint64_t{1} << (page % 64));
  ++stats_[VmStats::kPagesPlaced];
  return 0;
}

bool Vm::PageMissing(uint64_t ipa) const {
  const Memslot* slot = FindMemslot(ipa);
  return slot && slot->Missing(slot->PageIndex(ipa));
}

}  // namespace mtesim::hyp
