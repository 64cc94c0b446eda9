#include "models/hypervisor/host_page_allocator.h"

#include "models/hypervisor/host_memory.h"
#include "models/hypervisor/kvm_errors.h"

namespace mtesim::hyp {

int HostPageAllocator::AddRange(HostPool pool, uint64_t base, uint64_t size) {
  if (size == 0 || (base | size) & (kPageBytes - 1) || base + size < base) return kEINVAL;
  for (const Range& r : ranges_)
    if (base < r.base + (r.pages << kPageShift) && r.base < base + size) return kEINVAL;
  uint8_t probe;
  if (!memory_.Read(base, &probe, 1) || !memory_.Read(base + size - 1, &probe, 1)) return kEFAULT;
  const bool tagged = memory_.HasTagStorage(base, size);
  if (!tagged && !memory_.HasNoTagStorage(base, size)) return kEINVAL;
  ranges_.push_back(Range{pool, base, size >> kPageShift, tagged, std::vector<uint8_t>(size >> kPageShift, 0)});
  return 0;
}

int64_t HostPageAllocator::Allocate(HostPool pool, uint64_t pages, TagBacking backing, uint64_t align_pages) {
  if (pages == 0 || align_pages == 0 || (align_pages & (align_pages - 1))) return kEINVAL;
  for (Range& r : ranges_) {
    if (r.pool != pool) continue;
    if ((backing == TagBacking::TagCapable && !r.tag_capable) || (backing == TagBacking::Untagged && r.tag_capable))
      continue;
    // First fit on PAs aligned to align_pages pages.
    const uint64_t first_pfn = r.base >> kPageShift;
    uint64_t i = ((first_pfn + align_pages - 1) & ~(align_pages - 1)) - first_pfn;
    for (; i + pages <= r.pages; i += align_pages) {
      uint64_t n = 0;
      while (n < pages && !(r.state[i + n] & kUsed)) ++n;
      if (n < pages) continue;
      const uint64_t pa = r.base + (i << kPageShift);
      for (n = 0; n < pages; ++n) TakePage(r, i + n);
      return static_cast<int64_t>(pa);
    }
  }
  return kENOMEM;
}

int HostPageAllocator::AllocateAt(uint64_t pa) {
  Range* r = Find(pa, kPageBytes);
  if (!r || (pa & (kPageBytes - 1))) return kEINVAL;
  const uint64_t i = (pa - r->base) >> kPageShift;
  if (r->state[i] & kUsed) return kENOMEM;
  TakePage(*r, i);
  return 0;
}

void HostPageAllocator::TakePage(Range& r, uint64_t i) {
  // A page handed out again is scrubbed (a kernel's __GFP_ZERO for user memory); one
  // never handed out reads zero already, and is not written, so the sparse host memory
  // behind a large, mostly untouched guest stays uncommitted.
  if (r.state[i] & kDirty) memory_.Zero(r.base + (i << kPageShift), kPageBytes);
  r.state[i] = kUsed;
}

void HostPageAllocator::Free(uint64_t pa, uint64_t pages) {
  Range* r = Find(pa, pages << kPageShift);
  if (!r) return;
  const uint64_t first = (pa - r->base) >> kPageShift;
  for (uint64_t i = 0; i < pages; ++i) r->state[first + i] = kDirty;
}

const HostPageAllocator::Range* HostPageAllocator::Find(uint64_t pa, uint64_t size) const {
  for (const Range& r : ranges_) {
    const uint64_t end = r.base + (r.pages << kPageShift);
    if (pa >= r.base && pa < end && size <= end - pa) return &r;
  }
  return nullptr;
}

HostPageAllocator::Range* HostPageAllocator::Find(uint64_t pa, uint64_t size) {
  return const_cast<Range*>(static_cast<const HostPageAllocator*>(this)->Find(pa, size));
}

bool HostPageAllocator::InPool(HostPool pool, uint64_t pa, uint64_t size) const {
  const Range* r = Find(pa, size);
  return r && r->pool == pool;
}

bool HostPageAllocator::TagCapable(uint64_t pa, uint64_t size) const {
  const Range* r = Find(pa, size);
  return r && r->tag_capable;
}

bool HostPageAllocator::PageTagged(uint64_t pa) const {
  const Range* r = Find(pa, 1);
  return r && (r->state[(pa - r->base) >> kPageShift] & kTagged);
}

void HostPageAllocator::SetPageTagged(uint64_t pa) {
  Range* r = Find(pa, 1);
  if (r) r->state[(pa - r->base) >> kPageShift] |= kTagged;
}

}  // namespace mtesim::hyp
