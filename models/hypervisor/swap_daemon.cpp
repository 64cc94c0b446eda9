#include "models/hypervisor/swap_daemon.h"

#include "models/kernel/systemc_kernel.h"

namespace mtesim::hyp {

SwapDaemon::SwapDaemon(Vm& vm, SwapPolicy& policy, sc_core::sc_time interval, size_t batch, stats::Group* stats)
    : vm_(vm),
      policy_(policy),
      interval_(interval),
      victims_(batch),
      counters_(stats, {{"passes", "reclaim passes"}, {"pages_reclaimed", "pages the reclaim thread swapped out"}}) {}

void SwapDaemon::Start(std::function<bool()> keep_running) {
  keep_running_ = std::move(keep_running);
  sc_core::sc_spawn([this] { Run(); models::EndThisThread(); }, sc_core::sc_gen_unique_name("swap_daemon"));
}

void SwapDaemon::Run() {
  for (;;) {
    sc_core::wait(interval_);
    if (keep_running_ && !keep_running_()) return;
    counters_[kPagesReclaimed] += Reclaim(vm_, policy_, victims_.data(), victims_.size());
    ++counters_[kPasses];
  }
}

}  // namespace mtesim::hyp
