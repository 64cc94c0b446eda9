// What a VMM does with a NoTagAccess fault (KVM_EXIT_MEMORY_FAULT with the tag-access
// flag: the guest made a tag access to memory without tag storage, mapped NoTagAccess
// under KVM_CAP_ARM_MTE_PERM). KVM leaves the decision to the VMM; three answers:
//  - kill the VM: QEMU's behaviour for a memory fault it does not handle (kvm_cpu_exec
//    fails and the VM stops); the default;
//  - remap the page to tag-capable memory, keeping its data, and re-enter: the faulting
//    instruction runs again and succeeds (the new page starts with sanitised, zero tags);
//  - inject a synchronous external abort (KVM_SET_VCPU_EVENTS ext_dabt_pending) and
//    re-enter: the guest's EL1 sees a Data Abort with FSC 0x10 and decides.
// The policies act from the VMM's exit handler, with the vCPU out of the guest.
#pragma once
#include <cstdint>
#include <memory>

#include "models/hypervisor/host_memory.h"
#include "models/hypervisor/host_page_allocator.h"
#include "models/hypervisor/kvm_run.h"
#include "models/hypervisor/vcpu.h"
#include "models/hypervisor/vm.h"

namespace mtesim::hyp {

class NoTagAccessPolicy {
 public:
  // KillVm: the VMM stops (the vCPU does not run again). Resume: KVM_RUN again.
  enum class Action { KillVm, Resume };
  virtual ~NoTagAccessPolicy() = default;
  // `fault` is the memory-fault exit (flags with KVM_MEMORY_EXIT_FLAG_TAG_ACCESS).
  virtual Action OnNoTagAccessFault(Vcpu& vcpu, const KvmMemoryFault& fault) = 0;
};

// (a) The VM dies: the VMM gives up on it, as QEMU on an unhandled KVM_RUN error.
class KillVmPolicy : public NoTagAccessPolicy {
 public:
  Action OnNoTagAccessFault(Vcpu&, const KvmMemoryFault&) override { return Action::KillVm; }
};

// (b) The VMM moves the faulting page to a tag-capable page from its pool: it copies the
// data, then replaces the memslot by up to three (the part below, the page on its new
// backing, the part above) with KVM_SET_USER_MEMORY_REGION. Deleting the old slot unmaps
// its stage-2 entries and flushes them from the PEs' TLBs (Vm's stage-2 flush), so the
// re-executed instruction faults the new page in as Tagged. Kills the VM when the page
// is not in an untagged slot, the pool is out of tag-capable pages, or no slot id is free.
// The old page stays allocated to the VMM (it is part of a larger allocation); a dirty
// log of the old slot is lost with it.
class RemapTagCapablePolicy : public NoTagAccessPolicy {
 public:
  RemapTagCapablePolicy(Vm& vm, HostPhysicalMemory& memory, HostPageAllocator& pages)
      : vm_(vm), memory_(memory), pages_(pages) {}
  Action OnNoTagAccessFault(Vcpu& vcpu, const KvmMemoryFault& fault) override;
  uint64_t remapped() const { return remapped_; }

 private:
  Vm& vm_;
  HostPhysicalMemory& memory_;
  HostPageAllocator& pages_;
  uint64_t remapped_ = 0;
};

// (c) The guest gets a synchronous external abort for the access (KVM_SET_VCPU_EVENTS
// with ext_dabt_pending, as QEMU's kvm_arm_set_vcpu_events for an unhandled fault).
class InjectSeaPolicy : public NoTagAccessPolicy {
 public:
  Action OnNoTagAccessFault(Vcpu& vcpu, const KvmMemoryFault& fault) override;
};

std::unique_ptr<NoTagAccessPolicy> DefaultNoTagAccessPolicy();

}  // namespace mtesim::hyp
