// Live migration in simulated time: the VMM's migration thread as a SystemC thread beside
// the PEs (spawned dynamically by Start, so a migration can begin on a board that is
// already simulating, as a VMM's `migrate` command does). It runs while the source vCPU keeps running on its PE: SystemC runs one thread
// at a time, and a PE's thread yields only between batches of instructions (at quantum
// boundaries), so every step of the migration sees the guest at an instruction boundary.
// The link is modelled by its bandwidth: after each step the thread waits the time the
// step's bytes take on the wire, and the guest runs (and dirties pages) meanwhile.
//
// Pre-copy: round 0 (every page), then a round every `round_interval` at the earliest (or
// as soon as the previous round's bytes are through) until a round carries no more than
// `converge_pages` pages or `max_rounds` is reached; then stop_source (the VMM kicks the
// source vCPUs), the final round and the vCPU state go over, at_switch_over runs (the
// moment both sides must be identical), and resume_destination starts the destination.
// Downtime is the simulated time from the stop to the resume.
// Post-copy: stop_source at once, the vCPU state goes over, every destination page is
// registered missing and the destination resumes; its faults fetch pages on demand, and
// every `round_interval` the thread pushes `postcopy_batch_pages` more until none is
// missing. (An on-demand fetch costs the faulting PE no simulated time: the model's fault
// thread answers at once.)
#pragma once
#include <cstdint>
#include <functional>
#include <string>

// sc_spawn needs SystemC's dynamic processes.
#ifndef SC_INCLUDE_DYNAMIC_PROCESSES
#define SC_INCLUDE_DYNAMIC_PROCESSES
#endif
#include <systemc>

#include "models/hypervisor/migration/migration.h"

namespace mtesim::hyp {

struct LiveMigrationConfig {
  enum class Mode { PreCopy, PostCopy };
  Mode mode = Mode::PreCopy;
  sc_core::sc_time start = sc_core::SC_ZERO_TIME;  // when the migration begins
  sc_core::sc_time round_interval = sc_core::sc_time(50, sc_core::SC_US);
  double link_bytes_per_second = 1.25e9;  // 10 Gbit/s
  uint64_t max_rounds = 30;
  uint64_t converge_pages = 8;
  // Pre-copy ends its rounds as soon as hooks.may_switch_over says yes, converged or not:
  // the final round then carries whatever is still dirty (a longer downtime), as QEMU
  // does when its downtime limit is raised for a guest that will not converge.
  bool switch_over_when_allowed = false;
  uint64_t postcopy_batch_pages = 64;
  sc_core::sc_time switchover_poll = sc_core::sc_time(1, sc_core::SC_US);
};

struct LiveMigrationHooks {
  std::function<void()> stop_source;         // kick the source vCPUs out (VcpuRunner::Kick)
  std::function<void()> at_switch_over;      // both sides identical, neither runs (optional)
  std::function<void()> resume_destination;  // start the destination vCPUs
  // QEMU's pause-before-switchover: the source is stopped only once this says yes
  // (polled every config.switchover_poll; pre-copy keeps its rounds converged meanwhile).
  // Unset: at once.
  std::function<bool()> may_switch_over;
  // Asked once, just before the source would stop: true cancels the migration (the
  // source runs on, Migration::Cancel), e.g. when some of the guest's state cannot be
  // moved. Unset: never.
  std::function<bool()> cancel;
  // Told each phase as it begins ("precopy round N", "waiting for switch-over",
  // "stop-and-copy", "postcopy") and "" at the end, for traces. Unset: nobody.
  std::function<void(const std::string&)> phase;
};

class LiveMigration {
 public:
  LiveMigration(Migration& migration, const LiveMigrationConfig& config, LiveMigrationHooks hooks);
  // Spawns the migration thread (during elaboration or simulation); it waits for
  // config.start, then migrates. The object must outlive the thread.
  void Start();

  bool done() const { return done_; }
  int error() const { return error_; }  // the first step's errno that ended it, or 0
  bool cancelled() const { return cancelled_; }
  sc_core::sc_time downtime() const { return downtime_; }
  sc_core::sc_time switch_over_time() const { return switch_over_; }
  sc_core::sc_time total_time() const { return total_; }

 private:
  void Run();
  // Waits the wire time of a step's bytes; false (and error_ set) for a failed step.
  bool Transfer(int64_t bytes);
  void PreCopy();
  void PostCopy();
  // Waits until hooks.may_switch_over allows the stop; pre-copy sends a round whenever
  // round_interval has passed meanwhile. False when a round failed.
  bool AwaitSwitchOver(bool precopy_rounds);
  // Asks hooks.cancel; true (the migration cancelled) when it says so.
  bool Cancelled();
  void Phase(const std::string& name) {
    if (hooks_.phase) hooks_.phase(name);
  }
  void RoundPhase() { Phase("precopy round " + std::to_string(migration_.stats().rounds())); }

  Migration& migration_;
  LiveMigrationConfig config_;
  LiveMigrationHooks hooks_;
  bool done_ = false, cancelled_ = false;
  int error_ = 0;
  sc_core::sc_time downtime_, switch_over_, total_;
};

}  // namespace mtesim::hyp
