// One VM as the VMM sets it up, as QEMU's virt machine does with KVM: KVM_CREATE_VM, the
// MTE capability (and NoTagAccess when some RAM has no tag storage), guest RAM and the
// boot flash in memslots backed under the --backing policy (BackMemslot), the NoTagAccess
// policy, vCPU i bound to board PE first_pe + i, and the in-kernel vGIC. The VMM has one
// of these for the guest, and a second, identical one (vCPUs on the board's second half
// of PEs) as a live migration's destination. Their exits all go to the VMM's handler:
// both VMs share its devices, so the console stays one stream across a migration. Its
// statistics go to the group it is given: the run loop's counters there, the VM's in
// its "vm" child.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "models/board/board.h"
#include "models/hypervisor/hypervisor.h"
#include "models/hypervisor/policies/notagaccess_policy.h"
#include "models/hypervisor/vcpu_run.h"
#include "models/platform/platform_config.h"
#include "models/stats/statistics.h"
#include "models/vmm/guest_memory_layout.h"

namespace mtesim::vmm {

class VmInstance {
 public:
  // The host pools must already hold the layout's pages (Vmm::CreateVm). Throws
  // mtesim::Error naming the setting KVM refused.
  VmInstance(models::Board& board, hyp::Hypervisor& hypervisor, const models::PlatformConfig& config,
             const GuestMemoryLayout& layout, hyp::VmmExitHandler& exits, unsigned first_pe, stats::Group& stats);
  ~VmInstance();

  hyp::Vm& vm() const { return *vm_; }
  hyp::VcpuRunner& runner() const { return *runner_; }
  hyp::NoTagAccessPolicy& notagaccess() const { return *notagaccess_; }
  // Replaces the --notagaccess-policy one (a script's policy), between runs.
  void SetNoTagAccessPolicy(std::unique_ptr<hyp::NoTagAccessPolicy> policy) { notagaccess_ = std::move(policy); }
  bool Owns(const hyp::Vcpu& vcpu) const;
  // The host PA backing [ipa, ipa + size) when one slot holds it all, else ~0.
  uint64_t BackingOf(uint64_t ipa, uint64_t size) const;
  size_t memslots() const { return slots_.size(); }

  // The VMM's pause (KVM kick of every vCPU): each running vCPU leaves its PE with its
  // state saved. Returns the ids of those that were running.
  std::vector<unsigned> Pause();
  // KVM_RUN for each of `ids` (a migration's destination continues what was paused).
  void Resume(const std::vector<unsigned>& ids);
  // Instructions retired by this VM's PEs (its vCPUs run nowhere else).
  uint64_t instructions() const;

 private:
  struct Slot {
    uint64_t ipa, size, backing;
  };
  void AddSlot(uint64_t ipa, uint64_t size, bool tag_capable, uint32_t flags, const char* what);

  models::Board& board_;
  hyp::Hypervisor& hypervisor_;
  const models::PlatformConfig& config_;
  unsigned first_pe_;
  hyp::Vm* vm_ = nullptr;
  std::unique_ptr<hyp::VcpuRunner> runner_;
  std::unique_ptr<hyp::NoTagAccessPolicy> notagaccess_;
  std::vector<Slot> slots_;
};

}  // namespace mtesim::vmm
