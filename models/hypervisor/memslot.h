// A memslot: a range of guest IPA space backed by host memory the VMM owns, as KVM's
// struct kvm_memory_slot. The VMM names the backing by host PA here (in KVM it is a user
// virtual address); whether the backing has tag storage is fixed when the slot is created.
#pragma once
#include <cstdint>
#include <vector>

#include "models/hypervisor/host_memory.h"
#include "models/hypervisor/kvm_api.h"

namespace mtesim::hyp {

// struct kvm_userspace_memory_region, with userspace_addr the backing's host PA.
struct KvmUserspaceMemoryRegion {
  uint32_t slot = 0;
  uint32_t flags = 0;
  uint64_t guest_phys_addr = 0;
  uint64_t memory_size = 0;
  uint64_t userspace_addr = 0;
};

struct Memslot {
  uint32_t id = 0;
  uint32_t flags = 0;
  uint64_t guest_phys_addr = 0;
  uint64_t memory_size = 0;
  uint64_t backing = 0;      // host PA of the first page
  bool tag_capable = false;  // the backing has tag storage
  std::vector<uint64_t> dirty_bitmap;  // one bit per page while KVM_MEM_LOG_DIRTY_PAGES
  // Per page, the swap slot + 1 of a page swapped out, 0 when resident (vm_swap.cpp).
  // Sized on the slot's first swap-out.
  std::vector<uint32_t> swap_entries;
  // Post-copy: one bit per page the VMM has registered missing (userfaultfd's
  // UFFDIO_REGISTER_MODE_MISSING) and not yet placed (vm_postcopy.cpp).
  std::vector<uint64_t> missing;

  uint64_t npages() const { return memory_size >> kPageShift; }
  bool logging() const { return flags & KVM_MEM_LOG_DIRTY_PAGES; }
  bool readonly() const { return flags & KVM_MEM_READONLY; }
  bool Contains(uint64_t ipa) const { return ipa >= guest_phys_addr && ipa - guest_phys_addr < memory_size; }
  bool Overlaps(uint64_t ipa, uint64_t size) const {
    return ipa < guest_phys_addr + memory_size && guest_phys_addr < ipa + size;
  }
  uint64_t HostAddress(uint64_t ipa) const { return backing + (ipa - guest_phys_addr); }
  uint64_t PageIndex(uint64_t ipa) const { return (ipa - guest_phys_addr) >> kPageShift; }
  bool SwappedOut(uint64_t page) const { return !swap_entries.empty() && swap_entries[page] != 0; }
  bool Missing(uint64_t page) const { return !missing.empty() && (missing[page / 64] >> (page % 64) & 1); }
};

}  // namespace mtesim::hyp
