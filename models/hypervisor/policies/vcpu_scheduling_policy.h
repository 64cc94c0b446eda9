// Which vCPU a PE runs when several share it, and for how long: the host scheduler's part,
// which KVM leaves to Linux (a vCPU is a host thread). The hypervisor model asks the
// policy at every scheduling point of a PE (a time slice ended, the running vCPU waits in
// WFI or turned off, a vCPU of the PE was woken); it gives the picked vCPU one time slice
// while others wait, enforced by the EL2 physical timer (CNTHP).
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include <systemc>

#include "models/hypervisor/vcpu.h"

namespace mtesim::hyp {

class VcpuSchedulingPolicy {
 public:
  virtual ~VcpuSchedulingPolicy() = default;
  // The vCPU to run next, from `runnable` (nonempty, in the order the vCPUs were placed
  // on the PE). `previous` ran last on this PE (nullptr at first); `slice_ended` says
  // whether it was preempted because its slice ran out (else it is still in `runnable`
  // only if it may simply go on).
  virtual Vcpu* PickNext(const std::vector<Vcpu*>& runnable, const Vcpu* previous, bool slice_ended) = 0;
  // How long the picked vCPU runs before the others get their turn.
  virtual sc_core::sc_time TimeSlice() const = 0;
};

// Round robin with a fixed slice, Linux's behaviour for equally weighted threads in the
// limit (CFS gives each of n runnable threads sched_latency / n; the model keeps it fixed
// so runs are easy to reason about). The running vCPU keeps the PE until its slice ends.
class RoundRobinScheduling : public VcpuSchedulingPolicy {
 public:
  explicit RoundRobinScheduling(sc_core::sc_time slice = sc_core::sc_time(1, sc_core::SC_MS)) : slice_(slice) {}
  Vcpu* PickNext(const std::vector<Vcpu*>& runnable, const Vcpu* previous, bool slice_ended) override;
  sc_core::sc_time TimeSlice() const override { return slice_; }

 private:
  sc_core::sc_time slice_;
};

std::unique_ptr<VcpuSchedulingPolicy> DefaultVcpuSchedulingPolicy();

}  // namespace mtesim::hyp
