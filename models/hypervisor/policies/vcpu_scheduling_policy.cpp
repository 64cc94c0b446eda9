#include "models/hypervisor/policies/vcpu_scheduling_policy.h"

#include <algorithm>

namespace mtesim::hyp {

Vcpu* RoundRobinScheduling::PickNext(const std::vector<Vcpu*>& runnable, const Vcpu* previous, bool slice_ended) {
  const auto at = std::find(runnable.begin(), runnable.end(), previous);
  if (at == runnable.end()) {
    // The previous one waits or is off: the next after it in placement order (by id).
    for (Vcpu* v : runnable)
      if (previous != nullptr && v->id() > previous->id()) return v;
    return runnable.front();
  }
  if (!slice_ended) return *at;  // woken by something else: the running vCPU goes on
  return std::next(at) == runnable.end() ? runnable.front() : *std::next(at);
}

std::unique_ptr<VcpuSchedulingPolicy> DefaultVcpuSchedulingPolicy() { return std::make_unique<RoundRobinScheduling>(); }

}  // namespace mtesim::hyp
