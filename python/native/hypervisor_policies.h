// The hypervisor model's policies implemented by Python objects (hypervisor.md,
// "Policies"): each C++ interface forwards to a method of a Python object, normally the
// worker's stub of a mtesim.Callback, so the method runs in the user's process. A Python
// exception cannot unwind through the simulated PE's thread: it is kept by the
// PlatformHandle (raised again when the run returns), the board stops with a reason
// naming the policy, and the C++ side gets the answer that stops the VM.
#pragma once
#include <string>
#include <vector>

#include <pybind11/pybind11.h>
#include <systemc>

#include "models/hypervisor/migration/migration_transport.h"
#include "models/hypervisor/policies/notagaccess_policy.h"
#include "models/hypervisor/policies/vcpu_scheduling_policy.h"
#include "python/native/bind_platform.h"

namespace mtesim::python {

// Python: on_notagaccess_fault(vcpu, fault: dict) -> "kill" | "resume". `make_vcpu`
// turns the C++ vCPU into the Python object handed to the method.
class PyNoTagAccessPolicy : public hyp::NoTagAccessPolicy {
 public:
  using VcpuFactory = std::function<pybind11::object(hyp::Vcpu&)>;
  PyNoTagAccessPolicy(PlatformHandle& platform, pybind11::object policy, VcpuFactory make_vcpu)
      : platform_(platform), policy_(std::move(policy)), make_vcpu_(std::move(make_vcpu)) {}
  Action OnNoTagAccessFault(hyp::Vcpu& vcpu, const hyp::KvmMemoryFault& fault) override;

 private:
  PlatformHandle& platform_;
  pybind11::object policy_;
  VcpuFactory make_vcpu_;
};

// Python: pick_next(runnable_ids: list, previous_id: int | None, slice_ended: bool) -> id,
// and time_slice_ns() read once here (a vCPU entry must not cost a call to Python).
class PyVcpuSchedulingPolicy : public hyp::VcpuSchedulingPolicy {
 public:
  PyVcpuSchedulingPolicy(PlatformHandle& platform, pybind11::object policy);
  hyp::Vcpu* PickNext(const std::vector<hyp::Vcpu*>& runnable, const hyp::Vcpu* previous, bool slice_ended) override;
  sc_core::sc_time TimeSlice() const override { return slice_; }

 private:
  PlatformHandle& platform_;
  pybind11::object policy_;
  sc_core::sc_time slice_;
};

// Python: tag_placement() -> "with_each_page" | "separate_pass", asked at each round.
class PyMigrationTransport : public hyp::MigrationTransport {
 public:
  PyMigrationTransport(PlatformHandle& platform, pybind11::object policy)
      : platform_(platform), policy_(std::move(policy)) {}
  TagPlacement tag_placement() const override;
  const char* name() const override { return "python"; }

 private:
  PlatformHandle& platform_;
  pybind11::object policy_;
};

}  // namespace mtesim::python
