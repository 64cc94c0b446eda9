#include "python/native/bind_platform.h"

#include <vector>

#include <nlohmann/json.hpp>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <systemc>

#include "models/error.h"
#include "models/hypervisor/kvm_run.h"
#include "models/pe/debug_registers.h"
#include "python/native/errors.h"

namespace py = pybind11;

namespace mtesim::python {

namespace {

bool g_platform_exists = false;

// Reads larger than this are refused rather than allocated (a typo in a size must not
// take the host's memory).
constexpr uint64_t kMaxTransfer = 1ull << 30;

const char* ExitReasonName(uint32_t reason) {
  switch (reason) {
    case hyp::KVM_EXIT_MMIO: return "mmio";
    case hyp::KVM_EXIT_SYSTEM_EVENT: return "system_event";
    case hyp::KVM_EXIT_MEMORY_FAULT: return "memory_fault";
    case hyp::KVM_EXIT_INTERNAL_ERROR: return "internal_error";
  }
  return "unknown";
}

}  // namespace

// A dict describing one KVM exit (the fields of its exit reason only).
py::dict ExitToDict(const hyp::KvmExit& e) {
  py::dict d;
  d["reason"] = ExitReasonName(e.exit_reason);
  d["exit_reason"] = e.exit_reason;
  d["vcpu"] = e.vcpu;
  switch (e.exit_reason) {
    case hyp::KVM_EXIT_MMIO:
      d["phys_addr"] = e.mmio.phys_addr;
      d["len"] = e.mmio.len;
      d["is_write"] = static_cast<bool>(e.mmio.is_write);
      d["data"] = py::bytes(reinterpret_cast<const char*>(e.mmio.data), std::min<uint32_t>(e.mmio.len, 8));
      break;
    case hyp::KVM_EXIT_SYSTEM_EVENT: d["type"] = e.system_event_type; break;
    case hyp::KVM_EXIT_MEMORY_FAULT:
      d["gpa"] = e.memory_fault.gpa;
      d["size"] = e.memory_fault.size;
      d["flags"] = e.memory_fault.flags;
      d["tag_access"] = (e.memory_fault.flags & hyp::KVM_MEMORY_EXIT_FLAG_TAG_ACCESS) != 0;
      d["is_write"] = (e.memory_fault.flags & hyp::KVM_MEMORY_EXIT_FLAG_WRITE) != 0;
      break;
    case hyp::KVM_EXIT_INTERNAL_ERROR:
      d["suberror"] = e.suberror;
      d["error"] = e.error;
      break;
  }
  return d;
}

models::PlatformConfig PlatformConfigFromJson(const std::string& config_json) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(config_json);
  } catch (const nlohmann::json::exception& e) {  // parse_error, or out_of_range for a number overflowing a double
    throw Error(std::string("config: not valid JSON: ") + e.what());
  }
  models::PlatformConfig config;
  models::ApplyConfigJson(j, "config", config);
  return config;
}

PlatformHandle::PlatformHandle(const std::string& config_json, py::object console) : console_(std::move(console)) {
  if (py::isinstance<py::str>(console_)) {
    // A stream name: the bytes go to the user's process through the worker's emit().
    py::object emit = py::module_::import("mtesim._worker").attr("emit");
    console_ = py::cpp_function([emit, stream = console_](py::bytes data) { emit(stream, data); });
  } else if (!console_.is_none() && !PyCallable_Check(console_.ptr())) {
    throw py::type_error("console: must be None, a callable or a stream name");
  }
  if (g_platform_exists || sc_core::sc_get_status() != sc_core::SC_ELABORATION)
    throw std::runtime_error(
        "this process already holds a simulation: SystemC elaborates once per process, so each "
        "mtesim.Simulation runs in a worker process of its own (use mtesim.Simulation, not _native)");
  models::PlatformConfig config = PlatformConfigFromJson(config_json);
  config.Validate();
  // From here on SystemC modules exist, even if the construction fails: this process
  // cannot elaborate another platform.
  g_platform_exists = true;
  platform_ = std::make_unique<models::Platform>(config, [this](char c) { ConsoleByte(c); });
}

PlatformHandle::~PlatformHandle() = default;

void PlatformHandle::ConsoleByte(char c) {
  console_pending_ += c;
  if (c == '\n' || console_pending_.size() >= 4096) FlushConsole();
}

void PlatformHandle::FlushConsole() {
  if (console_pending_.empty()) return;
  if (console_.is_none() || deferred_) {
    console_kept_ += console_pending_;
  } else {
    try {
      console_(py::bytes(console_pending_));
    } catch (py::error_already_set& e) {
      deferred_ = std::make_unique<py::error_already_set>(std::move(e));
    }
  }
  console_pending_.clear();
}

void PlatformHandle::RaiseDeferredError() {
  if (!deferred_) return;
  std::unique_ptr<py::error_already_set> e = std::move(deferred_);
  throw std::move(*e);
}

void PlatformHandle::DeferError(py::error_already_set&& e) {
  if (!deferred_) deferred_ = std::make_unique<py::error_already_set>(std::move(e));
}

py::bytes PlatformHandle::TakeConsole() {
  FlushConsole();
  std::string out;
  out.swap(console_kept_);
  return py::bytes(out);
}

py::dict PlatformHandle::Load(const std::string& image_path) {
  if (loaded_) throw std::runtime_error("load: an image is already loaded (a simulation boots one image)");
  RequireReadableFile(image_path);
  platform_->LoadKernel(image_path);
  loaded_ = true;
  const models::LoadedImage& image = platform_->image();
  py::dict d;
  static const char* const kKinds[] = {"elf", "linux_image", "raw"};
  d["format"] = kKinds[static_cast<int>(image.kind)];
  d["entry"] = image.entry;
  d["lowest"] = image.lowest;
  d["end"] = image.end;
  d["device_tree"] = platform_->device_tree_address();
  return d;
}

py::dict PlatformHandle::Run(const py::int_& max_instructions, const std::string& until) {
  const uint64_t limit = ToU64(max_instructions, "max_instructions");
  bool until_exit = false;
  if (until == "vm_exit") until_exit = true;
  else if (until != "end") throw py::value_error("until '" + until + "': must be 'end' or 'vm_exit'");
  if (!loaded_) throw std::runtime_error("run: no image loaded (call load first)");
  if (until_exit && !platform_->runs_as_vm())
    throw py::value_error("until 'vm_exit': the guest runs without the hypervisor model (hypervisor: none)");
  const models::RunResult r = platform_->RunFor(limit, until_exit);
  FlushConsole();
  RaiseDeferredError();
  py::dict d;
  d["state"] = r.finished ? "finished" : "paused";
  d["reason"] = r.reason;
  d["exit_status"] = r.finished ? py::object(py::int_(r.exit_status)) : py::object(py::none());
  d["instructions"] = r.instructions;
  d["simulated_seconds"] = r.simulated_seconds;
  d["host_seconds"] = r.host_seconds;
  const hyp::KvmExit* exit = r.finished ? nullptr : platform_->last_exit();
  d["exit"] = exit ? py::object(ExitToDict(*exit)) : py::object(py::none());
  return d;
}

namespace {

py::array_t<uint8_t> NewBytes(uint64_t n, const char* what) {
  if (n > kMaxTransfer)
    throw py::value_error(std::string(what) + ": size " + std::to_string(n) + " is above the limit of 1 GiB per call");
  return py::array_t<uint8_t>(static_cast<py::ssize_t>(n));
}

// The bytes of a buffer (bytes, bytearray, memoryview, a uint8 NumPy array).
std::pair<const uint8_t*, uint64_t> BufferBytes(const py::buffer& data, const char* what, py::buffer_info& info) {
  info = data.request();
  if (info.itemsize != 1)
    throw py::type_error(std::string(what) + ": needs bytes or an array of uint8 (got items of " +
                         std::to_string(info.itemsize) + " bytes)");
  if (info.ndim > 1 || (info.ndim == 1 && info.strides[0] != 1))
    throw py::value_error(std::string(what) + ": needs a contiguous one-dimensional buffer");
  return {static_cast<const uint8_t*>(info.ptr), static_cast<uint64_t>(info.size)};
}

models::ProcessingElement& PeOf(PlatformHandle& p, const py::int_& pe) {
  const uint64_t i = ToU64(pe, "pe");
  if (i >= p.platform().pe_count())
    throw py::index_error("pe " + std::to_string(i) + ": the board has " + std::to_string(p.platform().pe_count()) +
                          " PEs");
  return p.platform().pe(static_cast<unsigned>(i));
}

}  // namespace

void BindStatistics(py::class_<PlatformHandle>& c);
void BindRecording(py::class_<PlatformHandle>& c);
void BindHypervisor(py::module_& m, py::class_<PlatformHandle>& c);

void BindPlatform(py::module_& m) {
  py::class_<PlatformHandle> c(m, "Platform", "One simulated machine (one per process: see mtesim.Simulation).");
  BindStatistics(c);
  BindRecording(c);
  BindHypervisor(m, c);
  c.def(py::init<const std::string&, py::object>(), py::arg("config_json"), py::arg("console") = py::none())
      .def("load", &PlatformHandle::Load, py::arg("image_path"),
           "Loads an ELF, arm64 Image or raw binary and the device tree; the boot vCPU/PE starts at its entry.")
      .def("run", &PlatformHandle::Run, py::arg("max_instructions") = 0, py::arg("until") = "end",
           "Runs (or resumes) until the machine stops, max_instructions more retire (0: no limit), or, with "
           "until='vm_exit', the VMM has answered the next VM exit.")
      .def("take_console", &PlatformHandle::TakeConsole, "Console bytes kept since the last call (console=None).")
      .def_property_readonly("pe_count", [](PlatformHandle& p) { return p.platform().pe_count(); })
      .def_property_readonly("runs_as_vm", [](PlatformHandle& p) { return p.platform().runs_as_vm(); })
      .def("read_registers",
           [](PlatformHandle& p, const py::int_& pe) {
             py::dict d;
             for (const auto& [name, value] : models::GeneralRegisters(PeOf(p, pe))) d[py::str(name)] = value;
             return d;
           },
           py::arg("pe") = 0)
      .def("get_register",
           [](PlatformHandle& p, const py::int_& pe, const std::string& name) {
             return models::ReadRegisterByName(PeOf(p, pe), name);
           },
           py::arg("pe"), py::arg("name"))
      .def("set_register",
           [](PlatformHandle& p, const py::int_& pe, const std::string& name, const py::int_& value) {
             models::WriteRegisterByName(PeOf(p, pe), name, ToU64(value, ("register '" + name + "' value").c_str()));
           },
           py::arg("pe"), py::arg("name"), py::arg("value"))
      .def("read_memory",
           [](PlatformHandle& p, const py::int_& address, const py::int_& size) {
             py::array_t<uint8_t> out = NewBytes(ToU64(size, "size"), "read_memory");
             p.platform().ReadGuestMemory(ToU64(address, "address"), out.mutable_data(), static_cast<uint64_t>(out.size()));
             return out;
           },
           py::arg("address"), py::arg("size"))
      .def("write_memory",
           [](PlatformHandle& p, const py::int_& address, const py::buffer& data) {
             py::buffer_info info;
             const auto [bytes, n] = BufferBytes(data, "write_memory", info);
             p.platform().WriteGuestMemory(ToU64(address, "address"), bytes, n);
           },
           py::arg("address"), py::arg("data"))
      .def("read_tags",
           [](PlatformHandle& p, const py::int_& address, const py::int_& size) {
             const uint64_t n = ToU64(size, "size");
             py::array_t<uint8_t> out = NewBytes(n / 16, "read_tags");
             p.platform().ReadGuestTags(ToU64(address, "address"), n, out.mutable_data());
             return out;
           },
           py::arg("address"), py::arg("size"))
      .def("write_tags",
           [](PlatformHandle& p, const py::int_& address, const py::buffer& tags) {
             py::buffer_info info;
             const auto [bytes, n] = BufferBytes(tags, "write_tags", info);
             for (uint64_t i = 0; i < n; ++i)
               if (bytes[i] > 15)
                 throw py::value_error("write_tags: tag " + std::to_string(i) + " is " + std::to_string(bytes[i]) +
                                       " (allocation tags are 0..15)");
             p.platform().WriteGuestTags(ToU64(address, "address"), n * 16, bytes);
           },
           py::arg("address"), py::arg("tags"));
}

}  // namespace mtesim::python
