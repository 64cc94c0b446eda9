#include "models/hypervisor/policies/notagaccess_policy.h"

#include <vector>

#include "models/hypervisor/memslot.h"

namespace mtesim::hyp {

namespace {

// The lowest slot id no memslot uses, other than `taken` (one about to be used), or -1.
int64_t FreeSlotId(const Vm& vm, uint32_t limit, int64_t taken) {
  for (uint32_t id = 0; id < limit; ++id)
    if (!vm.memslots().count(id) && id != taken) return id;
  return -1;
}

}  // namespace

NoTagAccessPolicy::Action RemapTagCapablePolicy::OnNoTagAccessFault(Vcpu&, const KvmMemoryFault& fault) {
  const Memslot* found = vm_.FindMemslot(fault.gpa);
  if (!found || found->tag_capable) return Action::KillVm;  // nothing a remap would change
  const Memslot old = *found;  // the slot goes away below
  const uint64_t page = fault.gpa & ~(kPageBytes - 1);
  // Slot ids for the page and the part above it, chosen before anything changes.
  // A bound for the search only: the VM refuses ids past KVM_CAP_NR_MEMSLOTS (-> kill).
  constexpr uint32_t kSlotLimit = 512;
  const int64_t page_slot = FreeSlotId(vm_, kSlotLimit, -1);
  const int64_t upper_slot = FreeSlotId(vm_, kSlotLimit, page_slot);
  if (page_slot < 0 || upper_slot < 0) return Action::KillVm;
  const int64_t pa = pages_.Allocate(HostPool::Vmm, 1, TagBacking::TagCapable);
  if (pa < 0) return Action::KillVm;
  const uint64_t new_pa = static_cast<uint64_t>(pa);
  // The data first: the guest must not see the page change.
  std::vector<uint8_t> data(kPageBytes);
  if (!memory_.Read(old.HostAddress(page), data.data(), kPageBytes) ||
      !memory_.Write(new_pa, data.data(), kPageBytes)) {
    pages_.Free(new_pa, 1);
    return Action::KillVm;
  }
  // Delete, then recreate around the page (KVM has no in-place split: KVM_MR_DELETE
  // followed by KVM_MR_CREATE, as QEMU does when a region's layout changes).
  KvmUserspaceMemoryRegion r;
  r.slot = old.id;
  r.guest_phys_addr = old.guest_phys_addr;
  if (vm_.SetUserMemoryRegion(r) != 0) return Action::KillVm;
  const auto create = [&](uint32_t slot, uint64_t ipa, uint64_t size, uint64_t backing) {
    if (size == 0) return true;
    KvmUserspaceMemoryRegion c;
    c.slot = slot;
    c.flags = old.flags;
    c.guest_phys_addr = ipa;
    c.memory_size = size;
    c.userspace_addr = backing;
    return vm_.SetUserMemoryRegion(c) == 0;
  };
  const uint64_t below = page - old.guest_phys_addr;
  const uint64_t above = old.guest_phys_addr + old.memory_size - (page + kPageBytes);
  if (!create(old.id, old.guest_phys_addr, below, old.backing) ||
      !create(static_cast<uint32_t>(page_slot), page, kPageBytes, new_pa) ||
      !create(static_cast<uint32_t>(upper_slot), page + kPageBytes, above, old.HostAddress(page + kPageBytes)))
    return Action::KillVm;
  ++remapped_;
  return Action::Resume;
}

NoTagAccessPolicy::Action InjectSeaPolicy::OnNoTagAccessFault(Vcpu& vcpu, const KvmMemoryFault&) {
  KvmVcpuEvents events;
  events.exception.ext_dabt_pending = 1;
  return vcpu.SetVcpuEvents(events) == 0 ? Action::Resume : Action::KillVm;
}

std::unique_ptr<NoTagAccessPolicy> DefaultNoTagAccessPolicy() { return std::make_unique<KillVmPolicy>(); }

}  // namespace mtesim::hyp
