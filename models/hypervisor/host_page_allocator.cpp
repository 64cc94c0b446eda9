#include "models/hypervisor/host_page_allocator.h"

#include <algorithm>
#include <iterator>

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
  ranges_.push_back(Range{pool, base, size >> kPageShift, tagged, {}});
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
    while (i + pages <= r.pages) {
      // The first run in use that ends after i; free if it starts at or after i + pages.
      auto run = r.runs.upper_bound(i);
      if (run != r.runs.begin()) --run;
      while (run != r.runs.end() && (!(run->second.state & kUsed) || run->first + run->second.pages <= i)) ++run;
      if (run == r.runs.end() || run->first >= i + pages) {
        TakePages(r, i, pages);
        return static_cast<int64_t>(r.base + (i << kPageShift));
      }
      // Resume at the first aligned candidate past that run.
      const uint64_t past = first_pfn + run->first + run->second.pages;
      i = ((past + align_pages - 1) & ~(align_pages - 1)) - first_pfn;
    }
  }
  return kENOMEM;
}

int HostPageAllocator::AllocateAt(uint64_t pa) {
  Range* r = Find(pa, kPageBytes);
  if (!r || (pa & (kPageBytes - 1))) return kEINVAL;
  const uint64_t i = (pa - r->base) >> kPageShift;
  if (r->StateOf(i) & kUsed) return kENOMEM;
  TakePages(*r, i, 1);
  return 0;
}

uint8_t HostPageAllocator::Range::StateOf(uint64_t index) const {
  auto run = runs.upper_bound(index);
  if (run == runs.begin()) return 0;
  --run;
  return index < run->first + run->second.pages ? run->second.state : 0;
}

void HostPageAllocator::Range::Set(uint64_t index, uint64_t count, uint8_t value) {
  const uint64_t end = index + count;
  // Split the runs straddling either edge, so [index, end) is whole runs.
  for (const uint64_t edge : {index, end}) {
    auto run = runs.upper_bound(edge);
    if (run == runs.begin()) continue;
    --run;
    const uint64_t run_end = run->first + run->second.pages;
    if (run->first < edge && edge < run_end) {
      runs[edge] = Run{run_end - edge, run->second.state};
      run->second.pages = edge - run->first;
    }
  }
  runs.erase(runs.lower_bound(index), runs.lower_bound(end));
  if (value == 0) return;
  auto next = runs.find(end);
  if (next != runs.end() && next->second.state == value) {
    count += next->second.pages;
    runs.erase(next);
  }
  auto placed = runs.emplace(index, Run{count, value}).first;
  if (placed != runs.begin()) {
    auto before = std::prev(placed);
    if (before->first + before->second.pages == index && before->second.state == value) {
      before->second.pages += count;
      runs.erase(placed);
    }
  }
}

void HostPageAllocator::TakePages(Range& r, uint64_t index, uint64_t count) {
  // Pages handed out again are scrubbed (a kernel's __GFP_ZERO for user memory); ones
  // never handed out read zero already, and are not written, so the sparse host memory
  // behind a large, mostly untouched guest stays uncommitted.
  const uint64_t end = index + count;
  auto run = r.runs.upper_bound(index);
  if (run != r.runs.begin()) --run;
  for (; run != r.runs.end() && run->first < end; ++run) {
    const uint64_t from = std::max(run->first, index), to = std::min(run->first + run->second.pages, end);
    if (from < to && (run->second.state & kDirty))
      memory_.Zero(r.base + (from << kPageShift), (to - from) << kPageShift);
  }
  r.Set(index, count, kUsed);
}

void HostPageAllocator::Free(uint64_t pa, uint64_t pages) {
  Range* r = Find(pa, pages << kPageShift);
  if (!r) return;
  r->Set((pa - r->base) >> kPageShift, pages, kDirty);
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
  return r && (r->StateOf((pa - r->base) >> kPageShift) & kTagged);
}

void HostPageAllocator::SetPageTagged(uint64_t pa) {
  Range* r = Find(pa, 1);
  if (!r) return;
  const uint64_t index = (pa - r->base) >> kPageShift;
  r->Set(index, 1, r->StateOf(index) | kTagged);
}

}  // namespace mtesim::hyp
