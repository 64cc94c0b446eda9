// mtesim._native's trace functions (mtesim.trace): reading, summarising and converting
// binary traces, and recording one from a Platform. Reading touches no SystemC kernel
// (traces/trace_reader.h is plain file I/O), so mtesim.trace calls these in the user's own
// process; recording needs the Platform and so runs in its worker, like every Platform call.
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <systemc>

#include "models/error.h"
#include "models/platform/platform_config.h"
#include "python/native/bind_platform.h"
#include "python/native/errors.h"
#include "traces/perfetto_export.h"
#include "traces/recorder.h"
#include "traces/replay.h"
#include "traces/string_table.h"
#include "traces/text_convert.h"
#include "traces/trace_dump.h"
#include "traces/trace_info.h"
#include "traces/trace_names.h"
#include "traces/trace_options.h"
#include "traces/trace_reader.h"

namespace py = pybind11;

namespace mtesim::python {

namespace {

// Decoded text from a file may be any bytes: invalid UTF-8 is replaced, never an error.
py::str Text(const std::string& s) { return py::reinterpret_steal<py::str>(PyUnicode_DecodeUTF8(s.data(), s.size(), "replace")); }

const char* CheckName(uint8_t flags) {
  if (flags & traces::kCheckSync) return "sync";
  if (flags & traces::kCheckAsync) return "async";
  return "none";
}

// Iterates over a trace's records as dicts (mtesim.trace.records), each with its dump line.
class TraceRecords {
 public:
  explicit TraceRecords(const std::string& path) {
    RequireReadableFile(path);
    reader_ = std::make_unique<traces::TraceReader>(path);
  }

  py::dict Next() {
    traces::Record r;
    bool more;
    {
      py::gil_scoped_release release;
      more = reader_->Next(r);
    }
    if (!more) throw py::stop_iteration();
    if (r.tag == traces::kString) names_.Define(r.id, r.text);
    py::dict d;
    d["kind"] = traces::RecordKindName(r.tag);
    d["pe"] = r.pe;
    d["time_ps"] = r.time_ps;
    switch (r.tag) {
      case traces::kInsn:
        d["pc"] = r.insn.pc;
        d["word"] = r.insn.insn;
        d["el"] = r.insn.el;
        [[fallthrough]];
      case traces::kCompactInsn: d["insn_class"] = isa::kInsnClassNames[static_cast<unsigned>(r.insn.insn_class)]; break;
      case traces::kAccess:
        d["access"] = traces::AccessKindName(r.access.kind);
        d["va"] = r.access.va;
        d["pa"] = r.access.pa;
        d["size"] = r.access.size;
        d["tagged"] = (r.flags & traces::kTagged) != 0;
        d["check"] = CheckName(r.flags);
        d["mismatch"] = (r.flags & traces::kMismatch) != 0;
        if (r.flags & traces::kHasTags) {
          d["logical_tag"] = r.tags >> 4;
          d["allocation_tag"] = r.tags & 0xF;
        }
        break;
      case traces::kException:
        d["name"] = traces::ExceptionName(r.exception);
        d["esr"] = r.exception.esr;
        d["esr_class"] = traces::EsrClassName(r.exception.esr);
        d["far"] = r.exception.far;
        d["elr"] = r.exception.elr;
        d["vector"] = r.exception.vector;
        d["from_el"] = r.exception.from_el;
        d["to_el"] = r.exception.to_el;
        break;
      case traces::kVmExit:
        d["vcpu"] = r.vcpu;
        d["exit_reason"] = r.exit_reason;
        d["reason"] = traces::VmExitReasonName(r.exit_reason);
        d["name"] = traces::VmExitName(r.exit_reason, r.address, r.detail);
        d["address"] = r.address;
        d["detail"] = r.detail;
        break;
      case traces::kVcpu:
        d["vm"] = r.vm;
        d["vcpu"] = r.vcpu;
        d["entered"] = r.entered;
        break;
      case traces::kString:
        d["id"] = r.id;
        d["text"] = Text(r.text);
        break;
      case traces::kSpanBegin:
        d["track"] = Text(names_.Name(r.track));
        d["name"] = Text(names_.Name(r.name));
        break;
      case traces::kSpanEnd: d["track"] = Text(names_.Name(r.track)); break;
      case traces::kCounter:
        d["counter"] = Text(names_.Name(r.id));
        d["value"] = r.value;
        break;
      case traces::kTagFault:
        d["sync"] = r.sync;
        d["va"] = r.address;
        d["logical_tag"] = r.tags >> 4;
        d["allocation_tag"] = r.tags & 0xF;
        break;
      default: break;
    }
    d["line"] = Text(traces::FormatRecord(r, names_));
    return d;
  }

 private:
  std::unique_ptr<traces::TraceReader> reader_;
  traces::StringTable names_;
};

// Every counter sample as (time in µs, counter name code, value) plus the names.
py::tuple Counters(const std::string& path) {
  RequireReadableFile(path);
  std::vector<double> times, values;
  std::vector<int32_t> codes;
  std::vector<std::string> names;
  {
    py::gil_scoped_release release;
    traces::TraceReader reader(path);
    traces::StringTable strings;
    std::unordered_map<uint64_t, int32_t> code_of;  // counter id -> index in names (bounded by the ids used)
    std::unordered_map<std::string, int32_t> code_by_name;  // one category per name
    traces::Record r;
    while (reader.Next(r)) {
      if (r.tag == traces::kString) {
        strings.Define(r.id, r.text);
        code_of.erase(r.id);  // a redefined id is a new counter
      } else if (r.tag == traces::kCounter) {
        auto it = code_of.find(r.id);
        if (it == code_of.end()) {
          const std::string name = strings.Name(r.id);
          auto named = code_by_name.emplace(name, static_cast<int32_t>(names.size()));
          if (named.second) names.push_back(name);
          it = code_of.emplace(r.id, named.first->second).first;
        }
        times.push_back(static_cast<double>(r.time_ps) / 1e6);
        codes.push_back(it->second);
        values.push_back(r.value);
      }
    }
  }
  py::list name_list;
  for (const std::string& n : names) name_list.append(Text(n));
  return py::make_tuple(py::array_t<double>(times.size(), times.data()), py::array_t<int32_t>(codes.size(), codes.data()),
                        py::array_t<double>(values.size(), values.data()), name_list);
}

}  // namespace

void BindTraces(py::module_& m) {
  py::class_<TraceRecords>(m, "TraceRecords", "A binary trace's records, as dicts (mtesim.trace.records).")
      .def(py::init<const std::string&>(), py::arg("path"))
      .def("__iter__", [](TraceRecords& t) -> TraceRecords& { return t; })
      .def("__next__", &TraceRecords::Next);
  m.def(
      "trace_info",
      [](const std::string& path) {
        RequireReadableFile(path);
        std::string json;
        {
          py::gil_scoped_release release;
          json = traces::TraceInfoJson(traces::ReadTraceInfo(path)).dump();
        }
        return json;
      },
      py::arg("path"), "The summary of `mtesim trace info` as JSON text.");
  m.def(
      "trace_convert",
      [](const std::string& path, const std::string& to, const std::string& out) {
        RequireReadableFile(path);
        if (to != "text" && to != "perfetto") throw py::value_error("to '" + to + "': must be 'text' or 'perfetto'");
        py::gil_scoped_release release;
        if (to == "text") traces::ConvertToText(path, out);
        else traces::ExportPerfetto(path, out);
      },
      py::arg("path"), py::arg("to"), py::arg("out"), "`mtesim trace convert PATH --to TO -o OUT`.");
  m.def("trace_counters", &Counters, py::arg("path"),
        "Every counter sample: (times in microseconds, name codes, values, names).");
  m.def(
      "trace_replay",
      [](const std::string& path, const std::string& config_json) {
        RequireReadableFile(path);
        // The replay binds the memory system's modules by hand and never starts SystemC:
        // any number may run in a process that has not elaborated a platform.
        if (sc_core::sc_get_status() != sc_core::SC_ELABORATION)
          throw std::runtime_error("replay: this process has run a simulation; replay in another process");
        const models::PlatformConfig config = PlatformConfigFromJson(config_json);
        traces::ReplayResult r;
        {
          py::gil_scoped_release release;
          r = traces::Replay(path, config);
        }
        nlohmann::json out;
        out["statistics"] = r.statistics;
        out["records"] = r.records;
        out["accesses"] = r.accesses;
        out["instructions"] = r.instructions;
        out["pe_cycles"] = r.pe_cycles;
        out["simulated_seconds"] = r.simulated_seconds;
        out["host_seconds"] = r.host_seconds;
        return out.dump();
      },
      py::arg("path"), py::arg("config_json"),
      "`mtesim trace replay`: the trace through the timing memory system the configuration describes, as JSON.");
}

void BindRecording(py::class_<PlatformHandle>& c) {
  c.def(
       "record",
       [](PlatformHandle& p, const std::string& path, const std::string& detail, const std::string& interval) {
         if (p.recorder()) throw std::runtime_error("record: already recording (call stop_recording first)");
         const traces::TraceRequest request = traces::ParseTraceRequest(path, "binary", detail, interval);
         p.recorder() = std::make_unique<traces::Recorder>(p.platform(), path, request.options);
       },
       py::arg("path"), py::arg("detail") = "", py::arg("interval") = "",
       "Records a binary trace to `path` from now on (detail: events, memory or instructions; interval: the "
       "counter sampling period, e.g. '10us').")
      .def(
          "stop_recording",
          [](PlatformHandle& p) {
            if (!p.recorder()) return false;
            std::unique_ptr<traces::Recorder> recorder = std::move(p.recorder());
            recorder->Close();
            return true;
          },
          "Ends the recording (its last counter sample, the end record); False if none was running.")
      .def_property_readonly("recording", [](PlatformHandle& p) { return static_cast<bool>(p.recorder()); });
}

}  // namespace mtesim::python
