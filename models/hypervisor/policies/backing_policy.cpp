#include "models/hypervisor/policies/backing_policy.h"

#include "models/hypervisor/kvm_errors.h"

namespace mtesim::hyp {

int BackMemslot(Vm& vm, HostPhysicalMemory& memory, HostPageAllocator& pages, const BackingPolicy& policy,
                uint32_t slot, uint64_t ipa, uint64_t size, uint64_t* backing, uint32_t flags) {
  if (size == 0 || (size & (kPageBytes - 1))) return kEINVAL;
  const int64_t pa = pages.Allocate(HostPool::Vmm, size >> kPageShift, policy.tags(vm));
  if (pa < 0) return static_cast<int>(pa);
  // (The allocator hands out zeroed pages.)
  KvmUserspaceMemoryRegion r;
  r.slot = slot;
  r.flags = flags;
  r.guest_phys_addr = ipa;
  r.memory_size = size;
  r.userspace_addr = static_cast<uint64_t>(pa);
  if (const int err = vm.SetUserMemoryRegion(r)) {
    pages.Free(static_cast<uint64_t>(pa), size >> kPageShift);
    return err;
  }
  *backing = static_cast<uint64_t>(pa);
  if (policy.population() == BackingPolicy::Population::Eager) {
    // KVM_PRE_FAULT_MEMORY: the fault path of a read access, page by page, so each page
    // is mapped (and, with MTE, sanitised) as the guest's first access would.
    for (uint64_t off = 0; off < size; off += kPageBytes) {
      const Stage2FaultResult f = vm.HandleStage2Fault(ipa + off, false, false);
      if (f.outcome == Stage2FaultOutcome::Error) return f.error;
    }
  }
  return 0;
}

std::unique_ptr<BackingPolicy> DefaultBackingPolicy() { return std::make_unique<KvmQemuBacking>(); }

}  // namespace mtesim::hyp
