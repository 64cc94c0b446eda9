// The host's reclaim thread (Linux's kswapd, for one VM): every `interval` of simulated
// time it asks the VM's swap policy for victims and swaps them out, while the VM's vCPUs
// keep running on their PEs. A SystemC thread spawned by Start (so it can begin on a
// board that is already simulating); it waits between passes, and the PEs only yield
// between batches of instructions, so every pass sees the guest at an instruction
// boundary, and the stage-2 flush of each swapped page reaches the PEs before they run on.
#pragma once
#ifndef SC_INCLUDE_DYNAMIC_PROCESSES
#define SC_INCLUDE_DYNAMIC_PROCESSES
#endif
#include <cstdint>
#include <functional>
#include <vector>

#include <systemc>

#include "models/hypervisor/policies/swap_policy.h"
#include "models/hypervisor/vm.h"
#include "models/stats/counter_set.h"

namespace mtesim::hyp {

class SwapDaemon {
 public:
  // `batch`: the most pages one pass swaps out (its victim buffer, sized here once).
  // `stats`: where its counters go in the statistics tree (nullptr: its own).
  SwapDaemon(Vm& vm, SwapPolicy& policy, sc_core::sc_time interval, size_t batch = 1024,
             stats::Group* stats = nullptr);
  // Spawns the thread; it runs passes while `keep_running` says so (checked before each).
  void Start(std::function<bool()> keep_running);

  uint64_t passes() const { return counters_[kPasses]; }
  uint64_t pages_swapped_out() const { return counters_[kPagesReclaimed]; }

 private:
  enum Counter : unsigned { kPasses, kPagesReclaimed };
  void Run();

  Vm& vm_;
  SwapPolicy& policy_;
  sc_core::sc_time interval_;
  std::vector<uint64_t> victims_;
  std::function<bool()> keep_running_;
  stats::CounterSet counters_;
};

}  // namespace mtesim::hyp
