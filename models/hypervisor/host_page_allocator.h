// 4 KiB pages of host RAM handed out from two pools, as a host kernel hands them out:
//   Hypervisor  the hypervisor's private pages (stage-2 tables). No memslot may be backed
//               by them, so no guest can ever reach its own translation tables.
//   Vmm         the pages the VMM backs memslots with (its "user memory").
// Whether pages are tag-capable is a property of the host range they come from (probed
// when the range is added: a range is wholly tag-capable or wholly not). The allocator
// also keeps, per host page, KVM's PG_mte_tagged: the page's tags have been initialised
// (sanitised or copied in) and must not be cleared again while it stays allocated.
#pragma once
#include <cstdint>
#include <map>
#include <vector>

namespace mtesim::hyp {

class HostPhysicalMemory;

enum class HostPool : uint8_t { Hypervisor, Vmm };
// What an allocation needs of its pages' tag storage.
enum class TagBacking : uint8_t { Any, TagCapable, Untagged };

class HostPageAllocator {
 public:
  explicit HostPageAllocator(HostPhysicalMemory& memory) : memory_(memory) {}

  // Adds [base, base + size) to `pool`. EINVAL unless page aligned, nonempty, disjoint
  // from every range added before, and either wholly tag-capable or wholly not; EFAULT
  // where it is not memory.
  int AddRange(HostPool pool, uint64_t base, uint64_t size);

  // `pages` contiguous free pages of `pool`, the first aligned to `align_pages` (a power of
  // two), from a range whose tag capability `backing` accepts. Returns the PA or ENOMEM.
  int64_t Allocate(HostPool pool, uint64_t pages, TagBacking backing = TagBacking::Any, uint64_t align_pages = 1);
  // Claims the free page at `pa` (swap-in puts a page back where the VMM's memory names
  // it: the model names VMM memory by host PA). 0, ENOMEM when it is in use, EINVAL
  // outside every range.
  int AllocateAt(uint64_t pa);
  // Returns pages to their pool; they lose PG_mte_tagged (a fresh page's tags are stale)
  // and are scrubbed of their data when handed out again: every allocation reads zero.
  void Free(uint64_t pa, uint64_t pages);

  // Whether [pa, pa + size) lies within one range of `pool`.
  bool InPool(HostPool pool, uint64_t pa, uint64_t size) const;
  // Whether the pages of [pa, pa + size) (within one range) have tag storage.
  bool TagCapable(uint64_t pa, uint64_t size) const;

  // PG_mte_tagged of the host page holding `pa` (false outside every range).
  bool PageTagged(uint64_t pa) const;
  void SetPageTagged(uint64_t pa);

 private:
  struct Range {
    HostPool pool;
    uint64_t base, pages;
    bool tag_capable;
    // Page states as runs of equal state, keyed by first page index: kUsed | kTagged, or
    // kDirty once freed; pages in no run were never handed out (free, reading zero). A
    // range costs its number of runs, not its size: a 64 TiB guest backed at once is one run.
    struct Run {
      uint64_t pages;
      uint8_t state;
    };
    std::map<uint64_t, Run> runs;
    uint8_t StateOf(uint64_t index) const;
    // Sets pages [index, index + count) to `state` (0: never used), merging equal neighbours.
    void Set(uint64_t index, uint64_t count, uint8_t state);
  };
  static constexpr uint8_t kUsed = 1, kTagged = 2, kDirty = 4;
  // Hands out pages [index, index + count) of `r`.
  void TakePages(Range& r, uint64_t index, uint64_t count);

  const Range* Find(uint64_t pa, uint64_t size) const;
  Range* Find(uint64_t pa, uint64_t size);

  HostPhysicalMemory& memory_;
  std::vector<Range> ranges_;
};

}  // namespace mtesim::hyp
