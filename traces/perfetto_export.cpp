#include "traces/perfetto_export.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "traces/json_text.h"
#include "traces/output_file.h"
#include "traces/string_table.h"
#include "traces/trace_names.h"
#include "traces/trace_reader.h"

namespace mtesim::traces {

namespace {

constexpr size_t kMaxOpenSpans = 4096;          // over all span tracks (names up to 4 KiB each)
constexpr size_t kMaxSpanTracks = 1024;
constexpr size_t kMaxCounterRoles = 1 << 12;    // counter ids the timeline uses
constexpr size_t kMaxVcpuTracks = 4096;         // named vCPU tracks (VMID, vCPU pairs)

// Chrome JSON timestamps are microseconds; printed to the picosecond.
double Us(uint64_t ps) { return static_cast<double>(ps) / 1e6; }

// The statistics the counters are computed from (traces/recorder.cpp samples them).
enum PeRole { kInstructions, kCycles, kL1dHits, kL1dMisses, kPeRoles };
enum MachineRole { kL2Hits, kL2Misses, kTagCacheHits, kTagCacheMisses, kVmExits, kMachineRoles };

struct Role {
  int pe = -1;  // -1: a machine role
  int role = 0;
};

// The role of a sampled statistic's name, if the timeline uses it.
bool RoleOf(const std::string& name, unsigned pes, Role& role) {
  static const char* const kMachine[kMachineRoles] = {"l2.hits", "l2.misses", "memory.tag_cache.hits",
                                                      "memory.tag_cache.misses", "hypervisor.exits"};
  for (int i = 0; i < kMachineRoles; ++i)
    if (name == kMachine[i]) {
      role = {-1, i};
      return true;
    }
  static const char* const kPe[kPeRoles] = {"instructions", "cycles", "l1d.hits", "l1d.misses"};
  unsigned pe = 0;
  int used = 0;
  char rest[32];
  if (name.size() < 40 && std::sscanf(name.c_str(), "pe%u.%31s%n", &pe, rest, &used) == 2 &&
      static_cast<size_t>(used) == name.size() && pe < pes)
    for (int i = 0; i < kPeRoles; ++i)
      if (std::string(rest) == kPe[i]) {
        role = {static_cast<int>(pe), i};
        return true;
      }
  return false;
}

struct Values {
  std::vector<std::array<double, kPeRoles>> pe;
  std::vector<std::array<bool, kPeRoles>> pe_has;
  std::array<double, kMachineRoles> machine{};
  std::array<bool, kMachineRoles> machine_has{};
};

class Exporter {
 public:
  Exporter(TraceReader& reader, OutputFile& out) : reader_(reader), out_(out) {
    pes_ = reader.header().pe_count;
    now_.pe.assign(pes_, {});
    now_.pe_has.assign(pes_, {});
    then_ = now_;
    running_.assign(pes_, Running{});
  }

  PerfettoStats Run() {
    out_.Write("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n");
    Metadata("process_name", 0, JsonObject().Str("name", "mtesim: " + reader_.path()));
    for (unsigned p = 0; p < pes_; ++p) Thread(PeTid(p), "PE " + std::to_string(p), p);
    Record r;
    while (reader_.Next(r)) {
      if (!any_record_) first_ps_ = r.time_ps;
      any_record_ = true;
      first_ps_ = std::min(first_ps_, r.time_ps);
      last_ps_ = std::max(last_ps_, r.time_ps);
      Handle(r);
    }
    FinishSample();
    // What is still running at the end lasts until the trace's last time.
    for (unsigned p = 0; p < pes_; ++p) EndVcpu(p, last_ps_);
    for (auto& [track, stack] : open_spans_)
      while (!stack.empty()) {
        Slice(SpanTid(track), stack.back().name, stack.back().ps, last_ps_, JsonObject());
        stack.pop_back();
      }
    out_.Write("\n]}\n");
    return stats_;
  }

 private:
  struct Running {
    int vcpu = -1;  // -1: the PE runs the host
    unsigned vm = 0;
    uint64_t since_ps = 0;
  };
  struct OpenSpan {
    std::string name;
    uint64_t ps;
  };

  void Emit(const JsonObject& event) {
    if (stats_.events++) out_.Write(",\n");
    out_.Write(event.Text());
  }
  void Metadata(const char* what, uint64_t tid, const JsonObject& args) {
    JsonObject e;
    e.Str("ph", "M").Str("name", what).Int("pid", kPerfettoPid);
    if (tid) e.Int("tid", tid);
    Emit(e.Obj("args", args));
  }
  void Thread(uint64_t tid, const std::string& name, uint64_t sort) {
    Metadata("thread_name", tid, JsonObject().Str("name", name));
    Metadata("thread_sort_index", tid, JsonObject().Int("sort_index", sort));
  }
  void Instant(uint64_t tid, const std::string& name, const char* category, uint64_t ps, const JsonObject& args) {
    Emit(JsonObject()
             .Str("ph", "i")
             .Str("s", "t")
             .Str("name", name)
             .Str("cat", category)
             .Int("pid", kPerfettoPid)
             .Int("tid", tid)
             .Num("ts", Us(ps), "%.6f")
             .Obj("args", args));
  }
  void Slice(uint64_t tid, const std::string& name, uint64_t begin_ps, uint64_t end_ps, const JsonObject& args) {
    // PEs' local times interleave in a trace: an end before its begin is a zero-length slice.
    const uint64_t dur = end_ps > begin_ps ? end_ps - begin_ps : 0;
    Emit(JsonObject()
             .Str("ph", "X")
             .Str("name", name)
             .Int("pid", kPerfettoPid)
             .Int("tid", tid)
             .Num("ts", Us(begin_ps), "%.6f")
             .Num("dur", Us(dur), "%.6f")
             .Obj("args", args));
  }
  void Counter(const std::string& name, uint64_t ps, double value) {
    if (!std::isfinite(value)) return;
    Emit(JsonObject()
             .Str("ph", "C")
             .Str("name", name)
             .Int("pid", kPerfettoPid)
             .Num("ts", Us(ps), "%.6f")
             .Obj("args", JsonObject().Num("value", value)));
  }

  void Handle(const Record& r) {
    switch (r.tag) {
      case kString: {
        names_.Define(r.id, r.text);
        Role role;
        if (RoleOf(r.text, pes_, role)) {
          if (roles_.size() < kMaxCounterRoles || roles_.count(r.id)) roles_[r.id] = role;
        } else {
          roles_.erase(r.id);
        }
        break;
      }
      case kException: {
        const models::TakenException& e = r.exception;
        Instant(PeTid(r.pe), ExceptionName(e), "exception", r.time_ps,
                JsonObject()
                    .Str("esr", Hex(e.esr))
                    .Str("class", EsrClassName(e.esr))
                    .Str("far", Hex(e.far))
                    .Str("elr", Hex(e.elr))
                    .Str("from", "EL" + std::to_string(e.from_el))
                    .Str("to", "EL" + std::to_string(e.to_el)));
        break;
      }
      case kTagFault:
        Instant(PeTid(r.pe), r.sync ? "tag check fault (sync)" : "tag check fault (async)", "mte", r.time_ps,
                JsonObject()
                    .Str("va", Hex(r.address))
                    .Int("logical", r.tags >> 4)
                    .Int("allocation", r.tags & 0xF)
                    .Str("check", r.sync ? "sync" : "async"));
        break;
      case kVmExit: {
        // On the PE that runs the exiting vCPU when the trace says which one does.
        unsigned pe = r.pe;
        for (unsigned p = 0; p < pes_; ++p)
          if (running_[p].vcpu == r.vcpu) pe = p;
        Instant(PeTid(pe), VmExitName(r.exit_reason, r.address, r.detail), "vm_exit", r.time_ps,
                JsonObject()
                    .Int("vcpu", static_cast<uint64_t>(r.vcpu))
                    .Str("reason", VmExitReasonName(r.exit_reason))
                    .Str("address", Hex(r.address))
                    .Str("detail", Hex(r.detail)));
        break;
      }
      case kVcpu: {
        Running& run = running_[r.pe];
        const bool same = run.vcpu == r.vcpu && run.vm == r.vm;
        if (r.entered) {
          EndVcpu(r.pe, r.time_ps);  // a switch without its leave: the last one ends here
          run = {r.vcpu, r.vm, r.time_ps};
          NameVcpu(r.vm, static_cast<unsigned>(r.vcpu));
        } else if (same) {
          EndVcpu(r.pe, r.time_ps);
        } else if (run.vcpu < 0) {
          // Running since before the recording started: a slice from the trace's start.
          NameVcpu(r.vm, static_cast<unsigned>(r.vcpu));
          run = {r.vcpu, r.vm, first_ps_};
          EndVcpu(r.pe, r.time_ps);
        }
        break;
      }
      case kSpanBegin: {
        const bool known = open_spans_.count(r.track) != 0;
        if (open_span_count_ >= kMaxOpenSpans || (!known && open_spans_.size() >= kMaxSpanTracks)) {
          ++stats_.dropped_spans;
          break;
        }
        auto& stack = open_spans_[r.track];
        if (!known) Thread(SpanTid(r.track), names_.Name(r.track), SpanTid(r.track));
        stack.push_back({names_.Name(r.name), r.time_ps});
        ++open_span_count_;
        break;
      }
      case kSpanEnd: {
        auto it = open_spans_.find(r.track);
        if (it == open_spans_.end() || it->second.empty()) break;  // an end without a begin
        Slice(SpanTid(r.track), it->second.back().name, it->second.back().ps, r.time_ps,
              JsonObject().Int("pe", r.pe));
        it->second.pop_back();
        --open_span_count_;
        break;
      }
      case kCounter: {
        auto it = roles_.find(r.id);
        if (it == roles_.end()) break;
        // One sample is a run of counter records at one time: a new time ends the last.
        if (sample_open_ && r.time_ps != sample_ps_) FinishSample();
        sample_open_ = true;
        sample_ps_ = r.time_ps;
        const Role& role = it->second;
        if (role.pe >= 0) {
          now_.pe[role.pe][role.role] = r.value;
          now_.pe_has[role.pe][role.role] = true;
        } else {
          now_.machine[role.role] = r.value;
          now_.machine_has[role.role] = true;
        }
        break;
      }
      default: break;
    }
  }

  void EndVcpu(unsigned pe, uint64_t ps) {
    Running& run = running_[pe];
    if (run.vcpu < 0) return;
    Slice(VcpuTid(run.vm, static_cast<unsigned>(run.vcpu)), "PE " + std::to_string(pe), run.since_ps, ps,
          JsonObject().Int("pe", pe).Int("vm", run.vm));
    run.vcpu = -1;
  }
  void NameVcpu(unsigned vm, unsigned vcpu) {
    const uint64_t tid = VcpuTid(vm, vcpu);
    if (vcpu_named_.count(tid) || vcpu_named_.size() >= kMaxVcpuTracks) return;
    vcpu_named_.insert(tid);
    Thread(tid, "vCPU " + std::to_string(vcpu) + " (VM " + std::to_string(vm) + ")", tid);
  }

  // The counters over [previous sample, this sample], drawn from the previous sample's time.
  void FinishSample() {
    if (!sample_open_) return;
    sample_open_ = false;
    if (have_then_ && sample_ps_ > then_ps_) {
      const uint64_t at = then_ps_;
      const double dt_us = Us(sample_ps_ - then_ps_);
      for (unsigned p = 0; p < pes_; ++p) {
        const std::string pe = "pe" + std::to_string(p) + " ";
        auto delta = [&](int role, double& d) {
          if (!now_.pe_has[p][role] || !then_.pe_has[p][role]) return false;
          d = now_.pe[p][role] - then_.pe[p][role];
          return d >= 0;
        };
        double di = 0, dc = 0, dh = 0, dm = 0;
        if (delta(kInstructions, di)) {
          if (delta(kCycles, dc)) {
            if (dc > 0) Counter(pe + "IPC", at, di / dc);
          } else {
            Counter(pe + "instructions/us", at, di / dt_us);  // functional mode samples no cycles
          }
        }
        if (delta(kL1dHits, dh) && delta(kL1dMisses, dm) && dh + dm > 0) Counter(pe + "L1D hit rate", at, dh / (dh + dm));
      }
      auto machine_delta = [&](int role, double& d) {
        if (!now_.machine_has[role] || !then_.machine_has[role]) return false;
        d = now_.machine[role] - then_.machine[role];
        return d >= 0;
      };
      double h = 0, m = 0, x = 0;
      if (machine_delta(kL2Hits, h) && machine_delta(kL2Misses, m) && h + m > 0) Counter("L2 hit rate", at, h / (h + m));
      if (machine_delta(kTagCacheHits, h) && machine_delta(kTagCacheMisses, m) && h + m > 0)
        Counter("tag cache hit rate", at, h / (h + m));
      if (machine_delta(kVmExits, x)) Counter("VM exits/us", at, x / dt_us);
    }
    if (!have_then_ || sample_ps_ > then_ps_) {
      then_ = now_;
      then_ps_ = sample_ps_;
      have_then_ = true;
    }
  }

  TraceReader& reader_;
  OutputFile& out_;
  unsigned pes_ = 1;
  PerfettoStats stats_;
  StringTable names_;
  std::unordered_map<uint64_t, Role> roles_;
  Values now_, then_;
  bool sample_open_ = false, have_then_ = false;
  uint64_t sample_ps_ = 0, then_ps_ = 0, last_ps_ = 0;  // last_ps_: the latest time of any record
  std::vector<Running> running_;
  std::unordered_set<uint64_t> vcpu_named_;
  bool any_record_ = false;
  uint64_t first_ps_ = 0;
  std::unordered_map<uint64_t, std::vector<OpenSpan>> open_spans_;
  size_t open_span_count_ = 0;
};

}  // namespace

PerfettoStats ExportPerfetto(const std::string& trace_path, const std::string& out_path) {
  TraceReader reader(trace_path);
  OutputFile out(out_path);
  Exporter exporter(reader, out);
  const PerfettoStats stats = exporter.Run();
  out.Close();
  return stats;
}

}  // namespace mtesim::traces
