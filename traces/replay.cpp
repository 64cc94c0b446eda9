#include "traces/replay.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <typeinfo>

#include <systemc>
#include <tlm>

#include "models/board/memory_map.h"
#include "models/board/timing_memory_system.h"
#include "models/bus/router.h"
#include "models/error.h"
#include "models/hypervisor/kvm_run.h"
#include "models/memory/sparse_ram.h"
#include "models/memory/tag_storage_memory.h"
#include "models/platform/platform.h"
#include "traces/trace_reader.h"

namespace mtesim::traces {

namespace {

// SystemC names must be unique in a process; each replay's modules live under their own.
std::string NextModuleName() {
  static unsigned replays = 0;
  return "replay" + std::to_string(replays++);
}

// What the timing memory system sits on in the board, rebuilt: the RAM (with the memory
// controller's timing attached) and the boot flash behind a router at their board
// addresses, so every line the recording fetched, walked or accessed lands where it did.
// Lines the board would send elsewhere (none: devices are not cached) get the router's
// address error, as there.
class ReplayMachine : public sc_core::sc_module {
 public:
  ReplayMachine(sc_core::sc_module_name name, const models::TimingConfig& timing, uint64_t ram_bytes,
                uint64_t cycle_ps, unsigned pes, stats::Group& root)
      : sc_module(name),
        memory(timing, ram_bytes, sc_core::sc_time::from_value(cycle_ps), pes, root),
        router("router"),
        ram("ram", ram_bytes),
        flash("flash", models::kFlashSize, models::SparseRam::Access::ReadOnly) {
    ram.AttachTiming(&memory.memory_controller());
    router.initiator_socket.bind(ram.socket);
    router.Map("ram", models::kRamBase, ram_bytes, 0);
    router.initiator_socket.bind(flash.socket);
    router.Map("flash", models::kFlashBase, models::kFlashSize, 1);
    memory.l2_initiator().bind(router.target_socket);
    // No sc_start (replay.h): do what elaboration would for this wiring. Each requester
    // port tells the multi-passthrough target socket it is bound to that it is there,
    // then those sockets run their elaboration callbacks, in which they finish binding.
    for (unsigned i = 0; i < pes; ++i) RegisterPort(memory.core(i).socket.get_base_port());
    RegisterPort(memory.l2_initiator().get_base_port());
    memory.l2().target_socket.end_of_elaboration();
    router.initiator_socket.before_end_of_elaboration();
    router.target_socket.end_of_elaboration();
  }

  models::TimingMemorySystem memory;
  models::Router router;
  models::TagStorageMemory ram;
  models::SparseRam flash;

 private:
  template <typename Port>
  static void RegisterPort(Port& port) {
    port->register_port(port, typeid(tlm::tlm_fw_transport_if<>).name());
  }
};

// The trace's header against the configuration: a replay on another machine than the
// recording's would time a different program.
void CheckHeader(const TraceReader& reader, const models::PlatformConfig& config, unsigned pes) {
  const Header& h = reader.header();
  if (h.detail == Detail::Events)
    throw Error(reader.path() + ": a trace of detail 'events' has no memory accesses to replay (record with "
                                "--trace-detail memory or instructions)");
  if (h.pe_count != pes)
    throw Error(reader.path() + ": recorded on " + std::to_string(h.pe_count) +
                " PE(s), but the configuration's board has " + std::to_string(pes) + " (smp " +
                std::to_string(config.smp) + ", vcpus_per_pe " + std::to_string(config.vcpus_per_pe) + ")");
  if (h.cycle_ps != config.cycle_ps)
    throw Error(reader.path() + ": recorded with a cycle of " + std::to_string(h.cycle_ps) +
                " ps, but the configuration's cycle_ps is " + std::to_string(config.cycle_ps));
}

// ESR's exception class: an instruction or data abort from a lower EL (a stage-2 fault
// when taken to EL2).
bool IsLowerElAbort(uint64_t esr) {
  const unsigned ec = static_cast<unsigned>(esr >> 26) & 0x3F;
  return ec == 0x20 || ec == 0x24;
}

}  // namespace

ReplayResult Replay(const std::string& trace_path, const models::PlatformConfig& config) {
  config.Validate();
  const unsigned pes = models::BoardPeCount(config);
  TraceReader reader(trace_path);
  CheckHeader(reader, config, pes);

  stats::Tree tree;
  stats::Group& root = tree.root();
  // The PEs' own counters, named as ProcessingElement names them.
  std::vector<stats::Counters*> pe_counters;
  for (unsigned i = 0; i < pes; ++i)
    pe_counters.push_back(&root.Child("pe" + std::to_string(i))
                               .AddCounters({
                                   {"instructions", "instructions retired (a faulting instruction counts)"},
                                   {"cycles", "cycles the PE spent running (as execution counts them)"},
                                   {"exception_cycles", "timing mode: cycles spent taking synchronous exceptions"},
                               }));
  enum : unsigned { kInstructions, kCycles, kExceptionCycles };
  stats::Counters& read = root.Child("replay").AddCounters({
      {"records", "trace records read"},
      {"accesses", "memory accesses replayed"},
      {"translations", "slow translations (first-level TLB misses) replayed"},
      {"exceptions", "exceptions replayed (asynchronous ones cost no cycles)"},
  });
  enum : unsigned { kRecords, kAccesses, kTranslations, kExceptions };
  const uint64_t cycle_ps = config.cycle_ps;
  ReplayMachine machine(NextModuleName().c_str(), config.timing, models::BoardRamBytes(config), cycle_ps, pes, root);

  const models::CoreTimingConfig& core = config.timing.core;
  std::vector<uint64_t> cycles(pes, 0), insns(pes, 0), exception_cycles(pes, 0);
  // Time a PE spent outside every vCPU in the recording (kVcpu records), and when it left.
  std::vector<uint64_t> idle_ps(pes, 0), left_ps(pes, 0);
  std::vector<bool> in_guest(pes, false);
  std::vector<models::CoreTiming*> ports;
  for (unsigned i = 0; i < pes; ++i) ports.push_back(&machine.memory.core(i));
  uint64_t records = 0, accesses = 0, translations = 0, exceptions = 0;
  const bool hypervisor_model = config.RunsAsVm();

  const auto start = std::chrono::steady_clock::now();
  Record r;
  const uint32_t* latency = core.latency.data();
  const CompactWeights weights(latency);
  const bool compact = reader.header().detail == Detail::Memory;
  // An access's timing: an L1 hit needs no time; anything else gets the PE's time so far
  // (`clock` cycles, plus `idle` ps outside its vCPUs) as its offset from SystemC's time,
  // which stays 0. Returns the clock after it. Inlined into the loops: a call here, once
  // per access, reloads every captured variable.
  auto timed = [cycle_ps](models::CoreTiming& port, const models::MemoryAccess& a, uint64_t clock,
                          uint64_t idle) __attribute__((always_inline)) {
    uint64_t stall;
    if (!port.TryHit(a, stall)) stall = port.AccessLines(a, sc_core::sc_time::from_value(clock * cycle_ps + idle));
    return clock + stall;
  };
  // The hot loop: no allocation, direct calls. In a Detail::Memory trace most records are
  // runs of compact instructions and accesses in their common form; ReadAccessRun reads
  // those in the reader's window, with the PE's port and idle time fixed for the run
  // (only other records change them). Every other record is decoded by Next.
  for (;;) {
    if (compact) {
      const unsigned pe = reader.pe();
      models::CoreTiming& port = *ports[pe];
      const uint64_t idle = idle_ps[pe];
      uint64_t n = 0, m = 0;
      reader.ReadAccessRun(weights, cycles[pe], &n, &m,
                           [&](const models::MemoryAccess& a, uint64_t clock)
                               __attribute__((always_inline)) { return timed(port, a, clock, idle); });
      insns[pe] += n;
      accesses += m;
      records += n + m;
    }
    if (!reader.Next(r)) break;
    ++records;
    const unsigned pe = r.pe;
    switch (r.tag) {
      case kCompactInsn:
      case kInsn:
        cycles[pe] += latency[static_cast<unsigned>(r.insn.insn_class)];
        ++insns[pe];
        break;
      case kAccess:
        cycles[pe] = timed(*ports[pe], r.access, cycles[pe], idle_ps[pe]);
        ++accesses;
        break;
      case kTranslation:
        cycles[pe] += core.translation_cycles;
        ++translations;
        break;
      case kException:
        ++exceptions;
        // Only a synchronous exception interrupts an instruction, and costs cycles.
        if (r.exception.kind == models::TakenException::Kind::Synchronous) {
          cycles[pe] += core.exception_cycles;
          exception_cycles[pe] += core.exception_cycles;
          // The faulting instruction counts, except where the hypervisor model resolves a
          // stage-2 abort and the instruction runs again (models/pe/el2_model.h).
          if (!(hypervisor_model && r.exception.to_el == 2 && IsLowerElAbort(r.exception.esr))) ++insns[pe];
        }
        break;
      case kVcpu:
        // A world switch: while no vCPU ran on the PE (before its first, or between
        // leaving one and entering the next: a vCPU descheduled in WFI, a PE powered off)
        // its time passed without records. The recording's gap is the replay's too.
        if (r.entered) {
          if (!in_guest[pe]) idle_ps[pe] += r.time_ps > left_ps[pe] ? r.time_ps - left_ps[pe] : 0;
          in_guest[pe] = true;
        } else {
          left_ps[pe] = r.time_ps;
          in_guest[pe] = false;
        }
        break;
      case kVmExit:
        // A stage-2 abort the VMM emulated (MMIO) completed: that instruction counts after
        // all. (vCPU i runs on host PE i mod PEs; aborts emulated in the hypervisor model,
        // the vGIC's, exit to nobody, so those few stay uncounted.)
        if (hypervisor_model && r.exit_reason == hyp::KVM_EXIT_MMIO && r.vcpu >= 0) ++insns[r.vcpu % pes];
        break;
      default: break;  // events: no time of their own
    }
  }
  const auto stop = std::chrono::steady_clock::now();

  ReplayResult result;
  uint64_t latest_ps = 0;
  for (unsigned i = 0; i < pes; ++i) {
    (*pe_counters[i])[kInstructions] = insns[i];
    (*pe_counters[i])[kCycles] = cycles[i];
    (*pe_counters[i])[kExceptionCycles] = exception_cycles[i];
    result.instructions += insns[i];
    latest_ps = std::max(latest_ps, cycles[i] * cycle_ps + idle_ps[i]);
  }
  read[kRecords] = records;
  read[kAccesses] = accesses;
  read[kTranslations] = translations;
  read[kExceptions] = exceptions;
  const uint64_t instructions = result.instructions;
  root.AddGauge({"instructions", "instructions retired by all PEs"}, [instructions] { return instructions; });
  const double seconds = static_cast<double>(latest_ps) * 1e-12;
  root.AddFormula({"simulated_seconds", "simulated time: the latest PE's cycles"}, [seconds] { return seconds; });
  result.statistics = tree.ToJson();
  result.records = records;
  result.accesses = accesses;
  result.pe_cycles = cycles;
  result.simulated_seconds = seconds;
  result.host_seconds = std::chrono::duration<double>(stop - start).count();
  return result;
}

}  // namespace mtesim::traces
