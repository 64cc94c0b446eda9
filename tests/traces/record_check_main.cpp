// A recording agrees with the run it recorded: one guest runs on a Platform with a
// Recorder at the Instructions level, then the trace is read back and compared with the
// run's own statistics, rule by rule (one run per process: SystemC elaborates once).
//   trace_record_check ELF CONFIG_JSON
// CONFIG_JSON is a platform configuration as `mtesim run --config` takes it (inline).
// Exit status 0 when every rule holds; each failed rule prints one line.
#include <cstdio>
#include <map>
#include <string>

#include <nlohmann/json.hpp>
#include <unistd.h>

#include "models/error.h"
#include "models/platform/platform.h"
#include "traces/recorder.h"
#include "traces/trace_reader.h"

namespace {

using namespace mtesim;

int failures = 0;
void Rule(bool ok, const std::string& what) {
  std::printf("%s %s\n", ok ? "ok  " : "FAIL", what.c_str());
  if (!ok) ++failures;
}

uint64_t Stat(const models::Platform& platform, const std::string& name) {
  uint64_t v = 0;
  const_cast<models::Platform&>(platform).board().statistics().Lookup(name, &v);
  return v;
}

uint64_t SumOf(const nlohmann::json& j) {
  uint64_t total = 0;
  if (j.is_object())
    for (const auto& [k, v] : j.items()) total += v.is_number_unsigned() ? v.get<uint64_t>() : 0;
  return total;
}

}  // namespace

int sc_main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s ELF CONFIG_JSON\n", argv[0]);
    return 2;
  }
  const std::string trace = "/tmp/mtesim_record_check." + std::to_string(::getpid()) + ".mtt";
  try {
    models::PlatformConfig config;
    models::ApplyConfigJson(nlohmann::json::parse(argv[2]), "config", config);
    models::Platform platform(config, [](char) {});
    platform.LoadKernel(argv[1]);
    traces::RecorderOptions options;
    options.detail = traces::Detail::Instructions;
    traces::Recorder recorder(platform, trace, options);
    const models::RunResult result = platform.Run();
    recorder.Close();
    Rule(result.exit_status == 0, "the guest ran to completion (" + result.reason + ")");
    const nlohmann::json stats = platform.Statistics();
    const unsigned pes = platform.board().pe_count();

    // Read back, per PE.
    std::map<unsigned, uint64_t> insns, sync_exceptions, exceptions, checked, sync_faults, async_mismatches,
        checked_mismatch_free_ok, tag_writes;
    uint64_t bad_pairs = 0, sync_fault_then_abort = 0, vm_exits = 0;
    bool pending_sync_fault = false;
    uint64_t pending_va = 0;
    traces::TraceReader reader(trace);
    traces::Record r;
    while (reader.Next(r)) {
      switch (r.tag) {
        case traces::kInsn:
        case traces::kCompactInsn: ++insns[r.pe]; break;
        case traces::kException:
          ++exceptions[r.pe];
          if (r.exception.kind == models::TakenException::Kind::Synchronous) ++sync_exceptions[r.pe];
          if (pending_sync_fault) {
            // A synchronous tag check fault: a Data Abort (EC 0x24/0x25) with DFSC 0x11,
            // FAR the faulting address (its tag included: TBI keeps bits 63:56).
            const unsigned ec = static_cast<unsigned>(r.exception.esr >> 26) & 0x3F;
            if ((ec == 0x24 || ec == 0x25) && (r.exception.esr & 0x3F) == 0x11 && r.exception.far == pending_va)
              ++sync_fault_then_abort;
            pending_sync_fault = false;
          }
          break;
        case traces::kAccess:
          if (r.access.check != models::TagCheckTiming::None) {
            ++checked[r.pe];
            const unsigned logical = r.tags >> 4, allocation = r.tags & 0xF;
            if (!(r.flags & traces::kMismatch) && logical != allocation) ++bad_pairs;
            if ((r.flags & traces::kMismatch) && logical == allocation) ++bad_pairs;
          }
          if (r.access.kind == models::MemoryAccessKind::TagWrite) ++tag_writes[r.pe];
          break;
        case traces::kTagFault:
          if (r.sync) {
            ++sync_faults[r.pe];
            pending_sync_fault = true;
            pending_va = r.address;
          } else {
            ++async_mismatches[r.pe];
          }
          break;
        case traces::kVmExit: vm_exits += r.exit_reason == 6; break;  // KVM_EXIT_MMIO
        default: break;
      }
    }
    for (unsigned pe = 0; pe < pes; ++pe) {
      const std::string p = "pe" + std::to_string(pe);
      const nlohmann::json& s = stats[p];
      // Every instruction counts against the budget; one that took a synchronous
      // exception did not retire and is not recorded (stats.instructions counts both).
      // Exceptions the EL2 model handled by re-executing count neither (hypervisor runs).
      const uint64_t recorded = insns[pe] + sync_exceptions[pe];
      const uint64_t counted = s["instructions"].get<uint64_t>();
      Rule(recorded >= counted && recorded - counted <= sync_exceptions[pe],
           p + ": retired instructions recorded (" + std::to_string(insns[pe]) + ") + synchronous exceptions (" +
               std::to_string(sync_exceptions[pe]) + ") cover the " + std::to_string(counted) + " counted");
      const uint64_t counted_exceptions = SumOf(s["exceptions"]) + s["interrupts_taken"].get<uint64_t>();
      Rule(exceptions[pe] == counted_exceptions, p + ": exception records (" + std::to_string(exceptions[pe]) +
                                                     ") equal exceptions counted (" +
                                                     std::to_string(counted_exceptions) + ")");
      const nlohmann::json& mte = s["mte"];
      const uint64_t counted_checks = mte.value("sync_read_checks", uint64_t{0}) + mte.value("sync_write_checks", uint64_t{0}) +
                                      mte.value("async_read_checks", uint64_t{0}) + mte.value("async_write_checks", uint64_t{0});
      Rule(checked[pe] == counted_checks, p + ": Tag Checked access records (" + std::to_string(checked[pe]) +
                                              ") equal the checks counted (" + std::to_string(counted_checks) + ")");
      Rule(sync_faults[pe] == mte.value("sync_faults", uint64_t{0}),
           p + ": synchronous tag fault records (" + std::to_string(sync_faults[pe]) + ") equal sync_faults");
      Rule(async_mismatches[pe] >= mte.value("async_faults", uint64_t{0}),
           p + ": asynchronous mismatch records (" + std::to_string(async_mismatches[pe]) + ") cover async_faults (" +
               std::to_string(mte.value("async_faults", uint64_t{0})) + ")");
      Rule(tag_writes[pe] > 0 || s["tag_writes"].get<uint64_t>() == 0, p + ": tag writes are recorded");
    }
    uint64_t all_sync = 0;
    for (const auto& [pe, n] : sync_faults) all_sync += n;
    Rule(sync_fault_then_abort == all_sync, "each synchronous tag fault is followed by its Data Abort (DFSC 0x11, FAR = VA)");
    Rule(bad_pairs == 0, "a checked access's mismatch flag agrees with its logical and allocation tags");
    if (platform.runs_as_vm()) Rule(vm_exits == Stat(platform, "vmm.mmio_exits"), "MMIO exit records equal the VMM's MMIO exits");
  } catch (const Error& e) {
    std::printf("FAIL %s\n", e.what());
    ++failures;
  }
  ::unlink(trace.c_str());
  return failures ? 1 : 0;
}
