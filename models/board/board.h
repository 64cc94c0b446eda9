// The hardware of a QEMU-virt-compatible machine, and nothing that runs on it: PEs, the
// router, tag-storage RAM, the boot flash, the PL011, the GIC, the decoded-code cache and
// the generic timers' wiring. What runs on the PEs at their highest EL is someone else's:
// bare-metal firmware answering PSCI (models/platform/bare_metal.*) or the hypervisor
// model (models/hypervisor/, with its VMM in models/vmm/). The board is the PEs' PeHost:
// it keeps the shared instruction budget, broadcasts TLB maintenance and events, and
// decides when the run is over. SystemC elaborates once per process: one board per
// process, and every module that binds to the router (the hypervisor's host-memory port,
// a VM's in-kernel devices) is created before Elaborate().
#pragma once
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>
#include <systemc>
#include <tlm_utils/simple_initiator_socket.h>

#include "isa/arch_state.h"
#include "models/board/memory_map.h"
#include "models/board/timing_config.h"
#include "models/board/timing_memory_system.h"
#include "models/bus/router.h"
#include "models/devices/gic/interrupt_controller.h"
#include "models/devices/pl011.h"
#include "models/memory/sparse_ram.h"
#include "models/memory/tag_storage_memory.h"
#include "models/pe/code_cache.h"
#include "models/pe/pe_host.h"
#include "models/pe/processing_element.h"
#include "models/stats/statistics.h"

namespace mtesim::models {

struct BoardConfig {
  uint64_t ram_bytes = 256ull << 20;  // at kRamBase
  // RAM ranges (host physical) without tag storage.
  struct Range {
    uint64_t base = 0, size = 0;
  };
  std::vector<Range> untagged_ram;
  struct Pe {
    uint32_t affinity = 0;      // MPIDR_EL1's affinity fields
    isa::MteFeatures mte;       // what the PE gives the software at its highest EL
    unsigned dczid_bs = 4;
  };
  std::vector<Pe> pes{Pe{}};
  bool el2 = false;           // PEs implement EL2 (and boot there)
  unsigned gic_version = 2;   // 2 or 3
  uint64_t max_insns = 0;     // 0 = unlimited
  uint64_t quantum_ns = 10000;
  uint64_t cycle_ps = 1000;
  uint64_t counter_frequency = 1000000000;
  // Timing mode: the caches, tag cache and DRAM of `timing` time every access, and
  // instructions cost their class's latency (functional mode: DMI, one cycle each).
  bool timing_mode = false;
  TimingConfig timing;
  // The board's PL011 is the guest's console: its statistics are "uart". Under the
  // hypervisor model it is the host's, never written; the VMM's PL011 registers "uart".
  bool guest_console = true;
};

struct RunResult {
  // false: the run paused (RunFor's instruction count, or a RequestPause) and may resume;
  // true: the machine stopped for good, with exit_status.
  bool finished = true;
  int exit_status = 0;   // platform.md: 0 powered off, 2 stopped abnormally, 3 --max-insns
  std::string reason;    // why it stopped (or paused), for stderr
  uint64_t instructions = 0;  // retired by every PE since the machine started
  double simulated_seconds = 0;
  double host_seconds = 0;
};

// What answers the PEs' firmware calls (HVC/SMC that reach the board, not EL2 software).
class BoardFirmware {
 public:
  virtual ~BoardFirmware() = default;
  virtual bool Call(ProcessingElement& pe, PeHost::Conduit conduit, uint16_t imm) = 0;
};

class Board : public sc_core::sc_module, private PeHost {
 public:
  Board(const BoardConfig& config, Pl011::Sink console, sc_core::sc_module_name name = "board");
  ~Board() override;

  // Finishes elaboration (the sockets resolve their bindings) and attaches the PEs to
  // memory and the decoded-code cache. Every module bound to the router exists by now.
  void Elaborate();

  void SetFirmware(BoardFirmware* firmware) { firmware_ = firmware; }
  // Every PE's retired instructions, exceptions and slow translations go to `observer`
  // (nullptr: none); traces attach here and to each PE's memory-access seam.
  void AttachPeObserver(PeObserver* observer);

  // Runs until the software stops the machine (Stop) or nothing can run any more.
  RunResult Run() { return RunFor(0); }
  // Runs (or resumes a paused run) until the machine stops, or until `instructions` more
  // have retired over all PEs (0: no limit), or until someone calls RequestPause; a
  // paused run resumes exactly where it stopped (SystemC pauses with sc_pause, since its
  // kernel cannot be restarted after sc_stop). Once finished, returns the final result.
  RunResult RunFor(uint64_t instructions);
  // Ends the current run after the instruction being executed (called from a PE's
  // thread, e.g. an exit handler), with `reason` as RunFor's result. A thread that must
  // not go on until the run resumes then calls WaitUntilResumed.
  void RequestPause(const std::string& reason);
  void WaitUntilResumed();
  bool finished() const { return finished_; }
  // Ends the run with `exit_status` (platform.md's statuses) and `reason` for stderr;
  // the first call wins. Every PE stops.
  void Stop(int exit_status, const std::string& reason);
  // While held, every PE being off does not end the run: the software has paused the
  // machine on purpose (a VMM between stopping a migration's source and resuming its
  // destination). Nothing else changes: a run with nothing left to do still ends.
  void Hold(bool held) { held_ = held; }

  // Host-side (debug) access to physical memory through the interconnect; throws
  // mtesim::Error naming an address that is not memory.
  void WritePhysical(uint64_t pa, const uint8_t* data, uint64_t size);
  void ReadPhysical(uint64_t pa, uint8_t* data, uint64_t size);

  // The statistics tree every model of the machine registers in (models/stats); the
  // software running on the board adds its own branches. Statistics() is its JSON.
  stats::Tree& statistics() { return stats_; }
  nlohmann::json Statistics() const;

  const BoardConfig& config() const { return config_; }
  unsigned pe_count() const { return static_cast<unsigned>(pes_.size()); }
  ProcessingElement& pe(unsigned i) { return *pes_.at(i); }
  std::vector<ProcessingElement*>& pes() { return pes_; }
  InterruptController& gic() { return *gic_; }
  TagStorageMemory& ram() { return *ram_; }
  Router& router() { return *router_; }
  CodeCache* code_cache() { return code_.get(); }

 private:
  // PeHost
  bool FirmwareCall(ProcessingElement& pe, Conduit conduit, uint16_t imm) override;
  uint64_t TakeInstructionBudget(uint64_t wanted) override;
  void ReturnInstructionBudget(uint64_t unused) override;
  void WaitForBudget() override;
  void BroadcastTlbMaintenance(ProcessingElement& from, const isa::TlbInvalidation& op) override;
  void BroadcastEvent(ProcessingElement& from) override;
  void PeStopped(ProcessingElement& pe) override;
  void PeReset(ProcessingElement& pe) override;
  void PeSleeping(ProcessingElement& pe, bool asleep) override;
  bool OtherPeMayStore(const ProcessingElement& pe) const override;
  void TimerOutputChanged(ProcessingElement& pe, isa::GenericTimer timer, bool level) override;
  void StopVm(int exit_status, const std::string& reason) override { Stop(exit_status, reason); }

  void DebugTransport(tlm::tlm_command cmd, uint64_t pa, uint8_t* data, uint64_t size);

  void RegisterStatistics();
  // Timing mode: the memory system (models/board/timing_memory_system.h) behind the PEs' seams.
  void BuildTimingModel();

  BoardConfig config_;
  stats::Tree stats_;  // before the models that register in it
  std::unique_ptr<Router> router_;
  std::unique_ptr<TagStorageMemory> ram_;
  std::unique_ptr<SparseRam> flash_;
  std::unique_ptr<Pl011> uart_;
  std::unique_ptr<InterruptController> gic_;
  std::vector<std::unique_ptr<ProcessingElement>> pe_storage_;
  std::vector<ProcessingElement*> pes_;
  std::unique_ptr<CodeCache> code_;
  std::unique_ptr<TimingMemorySystem> timing_;  // timing mode only
  tlm_utils::simple_initiator_socket<Board> debug_socket_;
  BoardFirmware* firmware_ = nullptr;

  bool elaborated_ = false;
  bool running_ = false;
  unsigned pes_asleep_ = 0;  // powered on but waiting in WFI/WFE
  uint64_t budget_remaining_ = 0;
  bool stopping_ = false;
  bool finished_ = false;
  bool held_ = false;
  // The current run's instruction limit (RunFor) and pause.
  bool slice_limited_ = false;
  uint64_t slice_remaining_ = 0;
  bool pausing_ = false;
  std::string pause_reason_;
  sc_core::sc_event resume_event_;
  RunResult result_;
};

}  // namespace mtesim::models
