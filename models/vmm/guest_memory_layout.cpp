#include "models/vmm/guest_memory_layout.h"

#include <algorithm>

#include "models/board/memory_map.h"
#include "models/error.h"
#include "models/hex.h"
#include "models/hypervisor/host_page_allocator.h"

namespace mtesim::vmm {

namespace {
constexpr uint64_t kPage = 4096;
constexpr uint64_t kAlign = 2ull << 20;
constexpr uint64_t AlignUp(uint64_t v, uint64_t a) { return (v + a - 1) & ~(a - 1); }
}  // namespace

GuestMemoryLayout PlanGuestMemory(const models::PlatformConfig& config) {
  GuestMemoryLayout l;
  // Untagged ranges widened to whole pages: a memslot is made of pages.
  std::vector<models::MemoryRange> untagged;
  for (const models::MemoryRange& r : config.untagged_memory)
    untagged.push_back({r.base & ~(kPage - 1), AlignUp(r.base + r.size, kPage) - (r.base & ~(kPage - 1))});
  std::sort(untagged.begin(), untagged.end(), [](auto& a, auto& b) { return a.base < b.base; });
  uint64_t ipa = models::kRamBase;
  const uint64_t end = models::kRamBase + config.memory_bytes;
  uint64_t untagged_bytes = 0;
  for (const models::MemoryRange& r : untagged) {
    const uint64_t from = std::max(r.base, ipa), to = std::min(r.base + r.size, end);
    if (to <= from) continue;
    if (from > ipa) l.ram.push_back({ipa, from - ipa, true});
    if (!l.ram.empty() && !l.ram.back().tag_capable && l.ram.back().ipa + l.ram.back().size == from)
      l.ram.back().size += to - from;
    else
      l.ram.push_back({from, to - from, false});
    untagged_bytes += to - from;
    ipa = to;
  }
  if (ipa < end) l.ram.push_back({ipa, end - ipa, true});

  // Stage-2 tables: one 4 KiB table per 2 MiB of IPA space mapped, the levels above, and
  // room for the tables a remap or a migration builds.
  // A migration's destination is a second VM of the same layout: its tables and memory
  // come from the same pools, so they hold two guests.
  const uint64_t guests = config.operations.migrating() ? 2 : 1;
  l.hypervisor_pool_bytes = guests * AlignUp(config.memory_bytes / 256 + models::kFlashSize / 256 + (4ull << 20), kAlign);
  l.tag_capable_pool_bytes = guests * (AlignUp(config.memory_bytes - untagged_bytes, kAlign) + models::kFlashSize +
                                       AlignUp(untagged_bytes, kAlign));
  l.untagged_pool_bytes = guests * AlignUp(untagged_bytes, kAlign);
  l.host_ram_bytes = l.hypervisor_pool_bytes + l.tag_capable_pool_bytes + l.untagged_pool_bytes;
  return l;
}

void AddHostPools(hyp::HostPageAllocator& pages, const GuestMemoryLayout& layout) {
  uint64_t base = models::kRamBase;
  const auto add_range = [&](hyp::HostPool pool, uint64_t size) {
    if (size && pages.AddRange(pool, base, size) != 0) throw Error("host RAM at " + models::Hex(base) + ": not usable");
    base += size;
  };
  add_range(hyp::HostPool::Hypervisor, layout.hypervisor_pool_bytes);
  add_range(hyp::HostPool::Vmm, layout.tag_capable_pool_bytes);
  add_range(hyp::HostPool::Vmm, layout.untagged_pool_bytes);
}

}  // namespace mtesim::vmm
