// Whether two VMs' guest memory and tags are bit-identical, page by page, as a VMM
// would check it: data through host reads of each memslot's backing, tags through
// KVM_ARM_MTE_COPY_TAGS (from-guest) on each VM. Both VMs have the same slot layout; a
// swapped-out page is brought back first (COPY_TAGS does that by itself).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "models/hypervisor/host_memory.h"
#include "models/hypervisor/kvm_api.h"
#include "models/hypervisor/vm.h"

namespace hyp_support {

// The number of pages that differ (data or tags); the first one's IPA in *first.
inline uint64_t DifferingPages(mtesim::hyp::Vm& a, mtesim::hyp::Vm& b, mtesim::hyp::HostPhysicalMemory& memory,
                               uint64_t* first = nullptr) {
  using namespace mtesim::hyp;
  std::vector<uint8_t> da(kPageBytes), db(kPageBytes), ta(kTagsPerPage), tb(kTagsPerPage);
  uint64_t differing = 0;
  for (const auto& [id, s] : a.memslots()) {
    for (uint64_t off = 0; off < s.memory_size; off += kPageBytes) {
      const uint64_t ipa = s.guest_phys_addr + off;
      const Memslot* sb = b.FindMemslot(ipa);
      bool same = sb != nullptr && a.SwapIn(ipa) == 0 && b.SwapIn(ipa) == 0;
      if (same) {
        memory.Read(s.HostAddress(ipa), da.data(), kPageBytes);
        memory.Read(sb->HostAddress(ipa), db.data(), kPageBytes);
        same = da == db;
      }
      if (same && a.mte_enabled() && s.tag_capable) {
        KvmArmCopyMteTags c;
        c.guest_ipa = ipa;
        c.length = kPageBytes;
        c.flags = KVM_ARM_TAGS_FROM_GUEST;
        c.addr = ta.data();
        const int64_t ra = a.CopyTags(c);
        c.addr = tb.data();
        const int64_t rb = b.CopyTags(c);
        same = ra == rb && ta == tb;
      }
      if (!same) {
        if (differing == 0 && first) *first = ipa;
        ++differing;
      }
    }
  }
  return differing;
}

}  // namespace hyp_support
