// --swap-limit: the host keeps a VM's resident memory at or below a number of pages, as
// a memory cgroup limit on QEMU's process does: the host's reclaim thread (SwapDaemon)
// with the clock policy (ClockSwapPolicy) swaps pages out, tags saved with them, and the
// guest's next access to one swaps it back in, tags restored (hypervisor.md, "swap").
// Its statistics ("swap"): the daemon's counters, and the guest VM's swap counters seen
// from here (the same values as "hypervisor.vm"'s).
#pragma once
#include <cstdint>
#include <memory>

#include <systemc>

#include "models/hypervisor/policies/swap_policy.h"
#include "models/hypervisor/swap_daemon.h"
#include "models/stats/statistics.h"
#include "models/vmm/vm_instance.h"

namespace mtesim::vmm {

class ResidentLimit {
 public:
  ResidentLimit(VmInstance& guest, uint64_t limit_pages, stats::Group& stats);
  // Spawns the reclaim thread. It ends once the guest made no progress over a whole
  // `kIdleWindow`: a guest asleep for ever then still ends the run (status 2) instead of
  // being kept alive by the daemon's timer.
  void Start();

 private:
  bool GuestProgressing();

  VmInstance& guest_;
  hyp::ClockSwapPolicy policy_;
  hyp::SwapDaemon daemon_;
  uint64_t last_instructions_ = ~uint64_t{0};
  sc_core::sc_time last_check_;
};

}  // namespace mtesim::vmm
