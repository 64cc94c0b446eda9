#include "python/native/hypervisor_policies.h"

#include <pybind11/stl.h>

#include "models/hypervisor/kvm_run.h"
#include "models/hypervisor/vcpu.h"

namespace py = pybind11;

namespace mtesim::python {

namespace {

// Keeps the Python exception being handled (or a ValueError with `message`) for the run's
// return, and stops the machine naming the policy.
void PolicyFailed(PlatformHandle& platform, const char* policy, const std::string& message = "") {
  if (!message.empty()) PyErr_SetString(PyExc_ValueError, message.c_str());
  platform.DeferError(py::error_already_set());
  platform.platform().board().Stop(2, std::string("the Python ") + policy + " policy raised an exception: the VM was stopped");
}

}  // namespace

hyp::NoTagAccessPolicy::Action PyNoTagAccessPolicy::OnNoTagAccessFault(hyp::Vcpu& vcpu, const hyp::KvmMemoryFault& fault) {
  try {
    py::dict f;
    f["gpa"] = fault.gpa;
    f["size"] = fault.size;
    f["flags"] = fault.flags;
    f["tag_access"] = (fault.flags & hyp::KVM_MEMORY_EXIT_FLAG_TAG_ACCESS) != 0;
    f["is_write"] = (fault.flags & hyp::KVM_MEMORY_EXIT_FLAG_WRITE) != 0;
    f["vcpu"] = vcpu.id();
    const py::object answer = policy_.attr("on_notagaccess_fault")(make_vcpu_(vcpu), f);
    if (py::isinstance<py::str>(answer)) {
      const std::string a = answer.cast<std::string>();
      if (a == "resume") return Action::Resume;
      if (a == "kill") return Action::KillVm;
    }
    PolicyFailed(platform_, "NoTagAccess",
                 "on_notagaccess_fault returned " + py::repr(answer).cast<std::string>() + ": must be 'kill' or 'resume'");
  } catch (py::error_already_set& e) {
    e.restore();
    PolicyFailed(platform_, "NoTagAccess");
  }
  return Action::KillVm;
}

PyVcpuSchedulingPolicy::PyVcpuSchedulingPolicy(PlatformHandle& platform, py::object policy)
    : platform_(platform), policy_(std::move(policy)) {
  const py::object ns = policy_.attr("time_slice_ns")();
  const double v = ns.cast<double>();
  if (!(v > 0)) throw py::value_error("time_slice_ns: must be positive");
  slice_ = sc_core::sc_time(v, sc_core::SC_NS);
}

hyp::Vcpu* PyVcpuSchedulingPolicy::PickNext(const std::vector<hyp::Vcpu*>& runnable, const hyp::Vcpu* previous,
                                            bool slice_ended) {
  try {
    py::list ids;
    for (const hyp::Vcpu* v : runnable) ids.append(v->id());
    const py::object prev = previous ? py::object(py::int_(previous->id())) : py::object(py::none());
    const py::object answer = policy_.attr("pick_next")(ids, prev, slice_ended);
    if (py::isinstance<py::int_>(answer)) {
      const long id = answer.cast<long>();
      for (hyp::Vcpu* v : runnable)
        if (static_cast<long>(v->id()) == id) return v;
    }
    PolicyFailed(platform_, "vCPU scheduling",
                 "pick_next returned " + py::repr(answer).cast<std::string>() + ": must be one of the runnable ids " +
                     py::repr(ids).cast<std::string>());
  } catch (py::error_already_set& e) {
    e.restore();
    PolicyFailed(platform_, "vCPU scheduling");
  }
  return runnable.front();
}

hyp::MigrationTransport::TagPlacement PyMigrationTransport::tag_placement() const {
  try {
    const py::object answer = policy_.attr("tag_placement")();
    if (py::isinstance<py::str>(answer)) {
      const std::string a = answer.cast<std::string>();
      if (a == "with_each_page") return TagPlacement::WithEachPage;
      if (a == "separate_pass") return TagPlacement::SeparatePass;
    }
    PolicyFailed(platform_, "migration transport",
                 "tag_placement returned " + py::repr(answer).cast<std::string>() +
                     ": must be 'with_each_page' or 'separate_pass'");
  } catch (py::error_already_set& e) {
    e.restore();
    PolicyFailed(platform_, "migration transport");
  }
  return TagPlacement::WithEachPage;
}

}  // namespace mtesim::python
