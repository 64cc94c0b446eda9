// The hypervisor's kernel side as seen through /dev/kvm: what the host offers
// (KVM_CHECK_EXTENSION), VM creation with the IPA size in the machine type
// (KVM_CREATE_VM), VMIDs (never shared by two live VMs), and the host memory every VM's
// stage 2 and memslots come from. VMs are named by small integers, as file descriptors.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "isa/arch_state.h"
#include "models/hypervisor/host_events.h"
#include "models/hypervisor/host_gic.h"
#include "models/hypervisor/swap_store.h"
#include "models/hypervisor/vm.h"

namespace mtesim::hyp {

class HostPhysicalMemory;
class HostPageAllocator;

// What the host hardware and its KVM offer.
struct HostCapabilities {
  isa::MteFeatures mte;       // the PEs' MTE (level 0: none); perm = FEAT_MTE_PERM
  unsigned pa_bits = 48;      // PARange, and so the largest IPA size (kvm_ipa_limit)
  unsigned max_vcpus = 8;     // KVM_CAP_MAX_VCPUS (and KVM_CAP_NR_VCPUS)
  unsigned max_vcpu_id = 8;   // KVM_CAP_MAX_VCPU_ID: ids are below it
  unsigned max_memslots = 32; // KVM_CAP_NR_MEMSLOTS: slot ids are below it
  // The host's GICv3 frames (0: no GIC the hypervisor drives, so no guest timer
  // interrupts): the hypervisor takes the guests' timer PPIs there (host_gic.h).
  uint64_t gic_distributor = 0, gic_redistributors = 0;
  uint64_t swap_pages = 4096; // the swap device's size in pages (reserved on first use)
};

class Hypervisor {
 public:
  Hypervisor(HostPhysicalMemory& memory, HostPageAllocator& pages, const HostCapabilities& host);
  ~Hypervisor();

  // KVM_CHECK_EXTENSION on /dev/kvm: 0 for an unknown or absent capability.
  int CheckExtension(uint32_t cap) const;
  // KVM_CREATE_VM: a VM descriptor (>= 0), or EINVAL for a type with bits other than the
  // IPA size, or an IPA size below 32 or above the host's; ENOMEM without VMIDs or pages.
  // `stats`: the VM's statistics group (KVM gives each VM a debugfs directory when it is
  // created); nullptr keeps its counters to itself.
  int CreateVm(uint64_t type, stats::Group* stats = nullptr);
  Vm* GetVm(int vm_fd);
  // close() of the VM descriptor: its VMID and stage-2 pages are free again. EBADF.
  int DestroyVm(int vm_fd);

  HostPhysicalMemory& memory() { return memory_; }
  HostPageAllocator& pages() { return pages_; }
  const HostCapabilities& host() const { return host_; }
  // The host GIC's driver, when the host has one (HostCapabilities::gic_distributor).
  HostGic* host_gic() { return host_gic_.get(); }
  SwapStore& swap() { return swap_; }
  // Whether a live VM other than `self` backs a memslot with any of [pa, pa + size).
  bool BackedByOtherVm(const Vm* self, uint64_t pa, uint64_t size) const;
  // A tracer of world switches and migration phases (nullptr: none).
  void SetHostEventObserver(HostEventObserver* observer) { events_ = observer; }
  HostEventObserver* host_events() const { return events_; }

 private:
  HostPhysicalMemory& memory_;
  HostPageAllocator& pages_;
  HostCapabilities host_;
  SwapStore swap_;
  std::vector<std::unique_ptr<Vm>> vms_;  // by descriptor; null once closed
  std::unique_ptr<HostGic> host_gic_;
  HostEventObserver* events_ = nullptr;
};

}  // namespace mtesim::hyp
