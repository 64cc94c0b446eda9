// The trace-driven replay frontend (issue 12): the timing memory system of --mode timing
// (models/board/timing_memory_system.h), built alone, driven by a recorded trace instead
// of by executing PEs. Nothing executes: each record, in file order, advances its PE's
// cycle count as the PE would have (processing_element.cpp's ExecuteLoop,
// ExceptionTakenInBatch, AccessSlow):
//   an instruction           += the latency of its class (timing.core.latency)
//   kTranslation             += timing.core.translation_cycles
//   a synchronous exception  += timing.core.exception_cycles (it also counts as an
//                               instruction: --max-insns and peN.instructions count it)
//   kAccess                  += the stall CoreTiming(pe).Access returns
// Every access reaches the memory system at its PE's time so far, so the caches, the
// store buffers, the tag cache and DRAM see the recording's order and times; with the
// recording's configuration the cache, tag-cache and DRAM counters come out equal to the
// run's. Time without records is taken from the recording where it has it: a PE's time
// with no vCPU (kVcpu world switches: before its first, powered off, descheduled in WFI)
// is kept as recorded; a bare-metal guest's WFI/WFE sleep is not in a trace, so not in
// the replay's times (docs/trace-format.md, "Replay").
//
// SystemC: the memory system's modules are created and bound by hand, without sc_start
// (SystemC elaborates once per process and a replay has no processes to run), so a
// process may replay any number of traces, but only before anything in it has called
// sc_start (a Platform elaborates): replay and execution run in separate processes.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/platform/platform_config.h"

namespace mtesim::traces {

struct ReplayResult {
  // The statistics tree as an execution run's --stats writes it, for the models the
  // replay has: peN.{instructions,cycles,exception_cycles,l1i,l1d,stalls}, l2, memory
  // (tag cache, DRAM), instructions, simulated_seconds, and replay.* (what was read).
  nlohmann::json statistics;
  uint64_t records = 0;
  uint64_t accesses = 0;
  uint64_t instructions = 0;       // retired (recorded) plus faulting ones, as peN.instructions
  std::vector<uint64_t> pe_cycles;  // per PE
  double simulated_seconds = 0;    // the latest PE's time
  double host_seconds = 0;         // the replay loop alone (reading and timing)
};

// Replays the trace at `trace_path` on the timing memory system `config` describes (its
// "timing" object, memory size and layout, cycle_ps and PEs; config.mode is ignored).
// Throws mtesim::Error with one line naming the file (and the body offset for a
// malformed record), or the setting that disagrees with the trace's header (PE count,
// cycle time), or a trace of Detail::Events (it has no accesses to replay).
ReplayResult Replay(const std::string& trace_path, const models::PlatformConfig& config);

}  // namespace mtesim::traces
