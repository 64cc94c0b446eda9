// --migrate: the VMM live-migrates its running guest to a second VM of the same board, as
// QEMU's `migrate` does between two QEMUs on one host (hypervisor.md, "migration"). The
// destination is a VmInstance of the guest's own layout and MTE level, its vCPUs bound
// to the board's second half of PEs (the Platform gives the board twice the PEs), its
// exits answered by the same VMM, so the guest's console stays one stream. A LiveMigration
// thread runs beside the source guest: pre-copy rounds while it runs, or post-copy at
// once; at switch-over the source's vCPUs are kicked, the last pages and the vCPU state
// go over, and the destination's vCPUs continue where they stopped.
//
// When to switch over: after --migrate-after-lines console lines when given (QEMU's
// pause-before-switchover, released by the user); else as soon as pre-copy converges,
// or at once for post-copy. A guest that makes no progress for a millisecond of
// simulated time (asleep, or finished without printing enough) is switched over anyway,
// so the migration never keeps a run alive that would otherwise have ended. The in-kernel
// vGIC's state goes over with the vCPUs' (Migration::CopyVcpus, through KVM's vGIC
// register groups), so a guest that uses its interrupt controller moves like any other.
// Its statistics ("migration", the destination VM's "migration.destination") are in the
// board's tree from its creation on; mode, transport and outcome are 0/1 gauges there.
#pragma once
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <systemc>

#include "models/hypervisor/migration/live_migration.h"
#include "models/hypervisor/migration/migration.h"
#include "models/hypervisor/migration/migration_transport.h"
#include "models/platform/vm_operations_config.h"
#include "models/stats/statistics.h"
#include "models/vmm/vm_instance.h"

namespace mtesim::vmm {

class Vmm;

class MigrationDriver {
 public:
  // Creates the destination VM (vCPUs on PEs smp..2*smp-1). Throws mtesim::Error when
  // KVM refuses it. Its statistics go to `stats`.
  // `transport`: the VMM's own (a script's policy), else --migration-transport's.
  MigrationDriver(Vmm& vmm, const models::VmOperationsConfig& config, unsigned smp, stats::Group& stats,
                  std::unique_ptr<hyp::MigrationTransport> transport = nullptr);
  ~MigrationDriver();
  // Spawns the migration thread; it begins at once, beside the running source.
  void Start();

  // The one-line summary for stderr.
  std::string Summary() const;

 private:
  void RegisterStatistics(stats::Group& stats);
  bool MaySwitchOver();
  double SimulatedSeconds() const;
  void StopSource();
  void ResumeDestination();

  Vmm& vmm_;
  models::VmOperationsConfig config_;
  VmInstance& source_;
  VmInstance& destination_;
  std::unique_ptr<hyp::MigrationTransport> transport_;
  std::unique_ptr<hyp::Migration> migration_;
  std::unique_ptr<hyp::LiveMigration> live_;
  std::vector<unsigned> paused_;  // the source vCPUs that were running at the stop
  bool switched_ = false;
  uint64_t lines_at_switch_over_ = 0;
  // MaySwitchOver's progress check.
  uint64_t last_instructions_ = ~uint64_t{0};
  sc_core::sc_time last_check_;
  bool idle_switch_over_ = false;
  sc_core::sc_time started_;
};

}  // namespace mtesim::vmm
