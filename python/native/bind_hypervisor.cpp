// mtesim._native's hypervisor API (hypervisor.md): Kvm (a script VMM's /dev/kvm), Vm and
// Vcpu, each method one KVM ioctl under its KVM name. A KVM error is OSError(errno,
// "<IOCTL>: <strerror>"), as the ioctl's -1/errno would be in C; a bad Python argument
// is TypeError/ValueError before any ioctl. The objects are references into the worker's
// one Platform, which lives as long as the worker (VMs are never destroyed here).
#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "models/hypervisor/hypervisor.h"
#include "models/hypervisor/kvm_api.h"
#include "models/hypervisor/kvm_run.h"
#include "models/hypervisor/memslot.h"
#include "models/hypervisor/vcpu.h"
#include "models/hypervisor/vcpu_run.h"
#include "models/hypervisor/vm.h"
#include "models/vmm/script_vmm.h"
#include "models/vmm/vm_instance.h"
#include "models/vmm/vmm.h"
#include "python/native/bind_platform.h"
#include "python/native/errors.h"
#include "python/native/hypervisor_policies.h"

namespace py = pybind11;

namespace mtesim::python {

py::dict ExitToDict(const hyp::KvmExit& e);  // bind_platform.cpp

namespace {

[[noreturn]] void RaiseKvmError(int64_t rc, const char* ioctl) {
  const int e = static_cast<int>(-rc);
  const std::string text = std::string(ioctl) + ": " + std::strerror(e);
  // OSError(errno, strerror) picks the subclass (FileNotFoundError for ENOENT ...).
  const py::object exc = py::reinterpret_borrow<py::object>(PyExc_OSError)(e, text);
  PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(exc.ptr())), exc.ptr());
  throw py::error_already_set();
}

int64_t Check(int64_t rc, const char* ioctl) {
  if (rc < 0) RaiseKvmError(rc, ioctl);
  return rc;
}

uint32_t ToU32(const py::int_& v, const char* what) {
  const uint64_t x = ToU64(v, what);
  if (x > UINT32_MAX) throw py::value_error(std::string(what) + ": must be below 2**32");
  return static_cast<uint32_t>(x);
}

// A VM: the built-in VMM's guest (instance set) or one a script created (fd >= 0).
struct VmRef {
  PlatformHandle* p = nullptr;
  hyp::Vm* vm = nullptr;
  vmm::VmInstance* instance = nullptr;
  int fd = -1;
  hyp::VcpuRunner* runner() const {
    return instance ? &instance->runner() : p->platform().script_vmm()->runner(fd);
  }
  vmm::ScriptVmm& script() const {
    if (fd < 0) throw py::value_error("this VM belongs to the built-in VMM (only a script VMM's VMs are run by vcpu.run())");
    return *p->platform().script_vmm();
  }
};

struct VcpuRef {
  VmRef vm;
  unsigned id = 0;
  hyp::Vcpu& vcpu() const {
    hyp::Vcpu* v = vm.vm->GetVcpu(id);
    if (v == nullptr) throw py::value_error("vCPU " + std::to_string(id) + ": no such vCPU");
    return *v;
  }
};

struct KvmRef {
  PlatformHandle* p = nullptr;
};

py::list Memslots(const VmRef& v) {
  py::list out;
  for (const auto& [id, s] : v.vm->memslots()) {
    py::dict d;
    d["slot"] = id;
    d["guest_phys_addr"] = s.guest_phys_addr;
    d["memory_size"] = s.memory_size;
    d["userspace_addr"] = s.backing;
    d["flags"] = s.flags;
    d["tag_capable"] = s.tag_capable;
    out.append(d);
  }
  return out;
}

void SetUserMemoryRegion(const VmRef& v, const py::int_& slot, const py::int_& gpa, const py::int_& size,
                         const py::int_& userspace_addr, const py::int_& flags) {
  hyp::KvmUserspaceMemoryRegion r;
  r.slot = ToU32(slot, "slot");
  r.guest_phys_addr = ToU64(gpa, "guest_phys_addr");
  r.memory_size = ToU64(size, "memory_size");
  r.userspace_addr = ToU64(userspace_addr, "userspace_addr");
  r.flags = ToU32(flags, "flags");
  Check(v.vm->SetUserMemoryRegion(r), "KVM_SET_USER_MEMORY_REGION");
}

py::array_t<uint64_t> GetDirtyLog(const VmRef& v, const py::int_& slot) {
  const uint32_t id = ToU32(slot, "slot");
  const auto it = v.vm->memslots().find(id);
  const uint64_t words = it == v.vm->memslots().end() ? 1 : (it->second.npages() + 63) / 64;
  py::array_t<uint64_t> out(static_cast<py::ssize_t>(std::max<uint64_t>(words, 1)));
  std::fill(out.mutable_data(), out.mutable_data() + out.size(), 0);
  Check(v.vm->GetDirtyLog(id, out.mutable_data()), "KVM_GET_DIRTY_LOG");
  return out;
}

void ClearDirtyLog(const VmRef& v, const py::int_& slot, const py::int_& first_page, const py::int_& num_pages,
                   const py::object& bitmap) {
  hyp::KvmClearDirtyLog c;
  c.slot = ToU32(slot, "slot");
  c.first_page = ToU64(first_page, "first_page");
  c.num_pages = ToU32(num_pages, "num_pages");
  std::vector<uint64_t> bits;
  if (bitmap.is_none()) {
    bits.assign((c.num_pages + 63) / 64 + 1, ~uint64_t{0});  // every page of the range
  } else {
    const auto a = py::array_t<uint64_t, py::array::c_style | py::array::forcecast>::ensure(bitmap);
    if (!a || a.ndim() != 1) throw py::type_error("bitmap: needs a one-dimensional array of uint64 (or None: all pages)");
    if (static_cast<uint64_t>(a.size()) * 64 < c.num_pages)
      throw py::value_error("bitmap: " + std::to_string(a.size() * 64) + " bits for num_pages " + std::to_string(c.num_pages));
    bits.assign(a.data(), a.data() + a.size());
  }
  c.dirty_bitmap = bits.data();
  Check(v.vm->ClearDirtyLog(c), "KVM_CLEAR_DIRTY_LOG");
}

py::object CopyTags(const VmRef& v, const py::int_& ipa, const py::int_& length, bool to_guest, const py::object& tags) {
  hyp::KvmArmCopyMteTags c;
  c.guest_ipa = ToU64(ipa, "ipa");
  c.length = ToU64(length, "length");
  c.flags = to_guest ? hyp::KVM_ARM_TAGS_TO_GUEST : hyp::KVM_ARM_TAGS_FROM_GUEST;
  if (c.length > (uint64_t{1} << 30)) throw py::value_error("length: above the limit of 1 GiB per call");
  std::vector<uint8_t> buffer(c.length / 16);
  if (to_guest) {
    if (tags.is_none()) throw py::type_error("copy_tags to the guest needs tags (length / 16 bytes)");
    const auto a = py::array_t<uint8_t, py::array::c_style | py::array::forcecast>::ensure(tags);
    if (!a || a.ndim() != 1) throw py::type_error("tags: needs bytes or a one-dimensional uint8 array");
    if (static_cast<uint64_t>(a.size()) != buffer.size())
      throw py::value_error("tags: " + std::to_string(a.size()) + " tags for length " + std::to_string(c.length) +
                            " (one per 16 bytes: " + std::to_string(buffer.size()) + ")");
    std::copy(a.data(), a.data() + a.size(), buffer.begin());
  } else if (!tags.is_none()) {
    throw py::type_error("copy_tags from the guest takes no tags");
  }
  c.addr = buffer.data();
  const int64_t copied = Check(v.vm->CopyTags(c), "KVM_ARM_MTE_COPY_TAGS");
  if (to_guest) return py::int_(copied);
  py::array_t<uint8_t> out(static_cast<py::ssize_t>(copied / 16));
  std::copy(buffer.begin(), buffer.begin() + copied / 16, out.mutable_data());
  return std::move(out);
}

int EnableCap(const VmRef& v, const py::int_& cap, const std::vector<py::int_>& args, const py::int_& flags) {
  hyp::KvmEnableCap c;
  c.cap = ToU32(cap, "cap");
  c.flags = ToU32(flags, "flags");
  if (args.size() > 4) throw py::value_error("args: at most 4 (struct kvm_enable_cap)");
  for (size_t i = 0; i < args.size(); ++i) c.args[i] = ToU64(args[i], "args");
  return static_cast<int>(Check(v.vm->EnableCap(c), "KVM_ENABLE_CAP"));
}

VcpuRef CreateVcpu(const VmRef& v, const py::int_& id) {
  const uint32_t n = ToU32(id, "vcpu id");
  if (v.fd >= 0) Check(v.p->platform().script_vmm()->CreateVcpu(v.fd, n), "KVM_CREATE_VCPU");
  else Check(v.vm->CreateVcpu(n), "KVM_CREATE_VCPU");  // the built-in VMM's vCPUs exist: EEXIST and friends
  return VcpuRef{v, n};
}

// KVM_RUN for a script VMM: {"exit": dict | None, "run": RunResult's fields}.
py::dict Run(const VcpuRef& c) {
  vmm::ScriptVmm& script = c.vm.script();
  hyp::KvmExit exit;
  models::RunResult result;
  const int rc = script.Run(c.vm.fd, c.id, &exit, &result);
  c.vm.p->RaiseDeferredError();  // a Python policy's exception, with the machine stopped
  Check(rc, "KVM_RUN");
  py::dict d;
  d["exit"] = rc == 1 ? py::object(ExitToDict(exit)) : py::object(py::none());
  py::dict r;
  r["state"] = rc == 1 ? "paused" : result.finished ? "finished" : "paused";
  r["reason"] = rc == 1 ? std::string("the VM exited to the script VMM") : result.reason;
  r["exit_status"] = rc == 0 && result.finished ? py::object(py::int_(result.exit_status)) : py::object(py::none());
  d["run"] = r;
  return d;
}

}  // namespace

void BindHypervisor(py::module_& m, py::class_<PlatformHandle>& platform) {
  py::class_<VcpuRef>(m, "Vcpu", "A vCPU (KVM's vCPU file descriptor).")
      .def_property_readonly("id", [](const VcpuRef& c) { return c.id; })
      .def("get_one_reg",
           [](const VcpuRef& c, const py::int_& id) {
             uint64_t value = 0;
             Check(c.vcpu().GetOneReg(ToU64(id, "register id"), &value), "KVM_GET_ONE_REG");
             return value;
           },
           py::arg("id"))
      .def("set_one_reg",
           [](const VcpuRef& c, const py::int_& id, const py::int_& value) {
             Check(c.vcpu().SetOneReg(ToU64(id, "register id"), ToU64(value, "value")), "KVM_SET_ONE_REG");
           },
           py::arg("id"), py::arg("value"))
      .def("get_reg_list",
           [](const VcpuRef& c) {
             uint64_t n = 0;
             c.vcpu().GetRegList(&n, nullptr);  // E2BIG with the count
             std::vector<uint64_t> ids(n);
             Check(c.vcpu().GetRegList(&n, ids.data()), "KVM_GET_REG_LIST");
             ids.resize(n);
             return ids;
           })
      .def("set_vcpu_events",
           [](const VcpuRef& c, bool ext_dabt_pending, bool serror_pending) {
             hyp::KvmVcpuEvents e;
             e.exception.ext_dabt_pending = ext_dabt_pending;
             e.exception.serror_pending = serror_pending;
             Check(c.vcpu().SetVcpuEvents(e), "KVM_SET_VCPU_EVENTS");
           },
           py::arg("ext_dabt_pending") = false, py::arg("serror_pending") = false)
      .def("run", &Run, "KVM_RUN (a script VMM's VM): runs until the next exit.")
      .def("complete_mmio",
           [](const VcpuRef& c, const py::bytes& data) {
             const std::string s = data;
             if (!c.vm.script().CompleteMmio(reinterpret_cast<const uint8_t*>(s.data()), static_cast<unsigned>(s.size())))
               throw py::value_error("complete_mmio: the last exit is not an MMIO load of " + std::to_string(s.size()) +
                                     " bytes");
           },
           py::arg("data"));

  py::class_<VmRef>(m, "Vm", "A VM (KVM's VM file descriptor).")
      .def("memslots", &Memslots)
      .def("set_user_memory_region", &SetUserMemoryRegion, py::arg("slot"), py::arg("guest_phys_addr"),
           py::arg("memory_size"), py::arg("userspace_addr"), py::arg("flags") = 0)
      .def("get_dirty_log", &GetDirtyLog, py::arg("slot"))
      .def("clear_dirty_log", &ClearDirtyLog, py::arg("slot"), py::arg("first_page"), py::arg("num_pages"),
           py::arg("bitmap") = py::none())
      .def("copy_tags", &CopyTags, py::arg("ipa"), py::arg("length"), py::arg("to_guest"), py::arg("tags") = py::none())
      .def("swap_out", [](const VmRef& v, const py::int_& ipa) { Check(v.vm->SwapOut(ToU64(ipa, "ipa")), "swap out"); },
           py::arg("ipa"))
      .def("swap_in", [](const VmRef& v, const py::int_& ipa) { Check(v.vm->SwapIn(ToU64(ipa, "ipa")), "swap in"); },
           py::arg("ipa"))
      .def("swapped_out", [](const VmRef& v, const py::int_& ipa) { return v.vm->SwappedOut(ToU64(ipa, "ipa")); },
           py::arg("ipa"))
      .def_property_readonly("resident_pages", [](const VmRef& v) { return v.vm->resident_pages(); })
      .def_property_readonly("mte_enabled", [](const VmRef& v) { return v.vm->mte_enabled(); })
      .def_property_readonly("ipa_bits", [](const VmRef& v) { return v.vm->ipa_bits(); })
      .def("check_extension",
           [](const VmRef& v, const py::int_& cap) { return v.vm->hypervisor().CheckExtension(ToU32(cap, "cap")); },
           py::arg("cap"))
      .def("enable_cap", &EnableCap, py::arg("cap"), py::arg("args") = std::vector<py::int_>{}, py::arg("flags") = 0)
      .def("create_vcpu", &CreateVcpu, py::arg("id"))
      .def("vcpus",
           [](const VmRef& v) {
             std::vector<VcpuRef> out;
             for (const auto& c : v.vm->vcpus()) out.push_back(VcpuRef{v, c->id()});
             return out;
           })
      .def("vcpu",
           [](const VmRef& v, const py::int_& id) {
             const uint32_t n = ToU32(id, "vcpu id");
             if (v.vm->GetVcpu(n) == nullptr) throw py::index_error("vCPU " + std::to_string(n) + ": no such vCPU");
             return VcpuRef{v, n};
           },
           py::arg("id"))
      .def("load_image",
           [](const VmRef& v, const std::string& path) {
             RequireReadableFile(path);
             const models::LoadedImage image = v.script().LoadImage(v.fd, path);
             py::dict d;
             d["entry"] = image.entry;
             d["lowest"] = image.lowest;
             d["end"] = image.end;
             return d;
           },
           py::arg("path"))
      .def("set_notagaccess_policy",
           [](const VmRef& v, py::object policy) {
             auto p = std::make_unique<PyNoTagAccessPolicy>(*v.p, std::move(policy), [v](hyp::Vcpu& c) {
               return py::cast(VcpuRef{v, c.id()});
             });
             if (v.instance) v.instance->SetNoTagAccessPolicy(std::move(p));
             else v.script().SetNoTagAccessPolicy(v.fd, std::move(p));
           },
           py::arg("policy"))
      .def("set_scheduling_policy",
           [](const VmRef& v, py::object policy) {
             v.runner()->SetSchedulingPolicy(std::make_unique<PyVcpuSchedulingPolicy>(*v.p, std::move(policy)));
           },
           py::arg("policy"))
      .def("set_migration_transport",
           [](const VmRef& v, py::object policy) {
             vmm::Vmm* vmm = v.p->platform().vmm();
             if (!v.instance || !vmm) throw py::value_error("set_migration_transport: migration is the built-in VMM's (config 'migrate')");
             if (!vmm->SetMigrationTransport(std::make_unique<PyMigrationTransport>(*v.p, std::move(policy))))
               throw py::value_error("set_migration_transport: the migration has started (set it before load)");
           },
           py::arg("policy"));

  py::class_<KvmRef>(m, "Kvm", "/dev/kvm of a script VMM (config vmm: 'script').")
      .def("check_extension",
           [](const KvmRef& k, const py::int_& cap) {
             return k.p->platform().hypervisor()->CheckExtension(ToU32(cap, "cap"));
           },
           py::arg("cap"))
      .def("create_vm",
           [](const KvmRef& k, const py::int_& type) {
             vmm::ScriptVmm& s = *k.p->platform().script_vmm();
             const int fd = static_cast<int>(Check(s.CreateVm(ToU64(type, "type")), "KVM_CREATE_VM"));
             VmRef v;
             v.p = k.p;
             v.vm = s.GetVm(fd);
             v.fd = fd;
             return v;
           },
           py::arg("type") = 0)
      .def("allocate_memory",
           [](const KvmRef& k, const py::int_& size, bool tagged) {
             return Check(k.p->platform().script_vmm()->AllocateMemory(ToU64(size, "size"), tagged), "allocate memory");
           },
           py::arg("size"), py::arg("tagged") = true);

  platform
      .def("vm",
           [](PlatformHandle& p) {
             vmm::Vmm* vmm = p.platform().vmm();
             if (vmm == nullptr)
               throw py::value_error(p.platform().script_vmm() ? "vm: with vmm 'script' the script creates the VMs (kvm)"
                                                               : "vm: the guest runs without the hypervisor model");
             VmRef v;
             v.p = &p;
             v.vm = &vmm->vm();
             v.instance = &vmm->guest();
             return v;
           },
           "The built-in VMM's guest VM.")
      .def("migration_destination",
           [](PlatformHandle& p) -> py::object {
             vmm::Vmm* vmm = p.platform().vmm();
             if (vmm == nullptr || vmm->other_vms().empty()) return py::none();
             VmRef v;
             v.p = &p;
             v.instance = vmm->other_vms().front().get();
             v.vm = &v.instance->vm();
             return py::cast(v);
           },
           "The live migration's destination VM (None before the migration starts).")
      .def("kvm", [](PlatformHandle& p) {
        if (p.platform().script_vmm() == nullptr) throw py::value_error("kvm: needs the configuration vmm: 'script'");
        return KvmRef{&p};
      }, "/dev/kvm for a script VMM.");
}

}  // namespace mtesim::python
