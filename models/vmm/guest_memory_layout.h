// Where the VMM puts a guest's memory in host RAM, and which memslots describe it. Host
// RAM (at kRamBase on the board) is laid out as:
//   [hypervisor pool]  the hypervisor's private pages: stage-2 tables (no memslot can
//                      ever be backed by them)
//   [VMM, tag-capable] the guest RAM that has tag storage, the boot flash, and as many
//                      spare pages as there is RAM without tag storage (what a NoTagAccess
//                      remap policy moves pages to)
//   [VMM, untagged]    the guest RAM without tag storage (config untagged_memory)
// With --migrate every pool is twice as large: the destination VM has the same layout.
// Guest RAM is cut into one memslot per run of tag-capable or untagged pages; the flash
// is a read-only memslot (guest writes exit as MMIO, and a ROM drops them).
#pragma once
#include <cstdint>
#include <vector>

#include "models/platform/platform_config.h"

namespace mtesim::hyp {
class HostPageAllocator;
}  // namespace mtesim::hyp

namespace mtesim::vmm {

struct GuestRamPiece {
  uint64_t ipa = 0, size = 0;
  bool tag_capable = true;
};

struct GuestMemoryLayout {
  uint64_t host_ram_bytes = 0;                 // the board's RAM
  uint64_t hypervisor_pool_bytes = 0;          // at kRamBase
  uint64_t tag_capable_pool_bytes = 0;         // after it
  uint64_t untagged_pool_bytes = 0;            // at the end (board RAM without tag storage)
  std::vector<GuestRamPiece> ram;              // guest RAM in IPA order
};

GuestMemoryLayout PlanGuestMemory(const models::PlatformConfig& config);

// Hands the layout's host RAM to the page allocator's pools, from the RAM base: the
// hypervisor's, then the VMM's tag-capable and untagged pages. Throws mtesim::Error.
void AddHostPools(hyp::HostPageAllocator& pages, const GuestMemoryLayout& layout);

}  // namespace mtesim::vmm
