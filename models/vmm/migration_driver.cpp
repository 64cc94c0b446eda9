#include "models/vmm/migration_driver.h"

#include <cstdio>

#include "models/vmm/vmm.h"

namespace mtesim::vmm {

namespace {
// Longer than any quantum, so a PE between two batches never looks idle.
const sc_core::sc_time kIdleWindow(1, sc_core::SC_MS);

std::unique_ptr<hyp::MigrationTransport> MakeTransport(models::MigrationTransportKind kind) {
  if (kind == models::MigrationTransportKind::Separate) return std::make_unique<hyp::TagsSeparatePass>();
  return std::make_unique<hyp::TagsWithEachPage>();
}
}  // namespace

MigrationDriver::MigrationDriver(Vmm& vmm, const models::VmOperationsConfig& config, unsigned smp,
                                 stats::Group& stats, std::unique_ptr<hyp::MigrationTransport> transport)
    : vmm_(vmm),
      config_(config),
      source_(vmm.guest()),
      destination_(vmm.AddVm(smp, stats.Child("destination"))),
      transport_(transport ? std::move(transport) : MakeTransport(config.transport)),
      migration_(std::make_unique<hyp::Migration>(source_.vm(), destination_.vm(), vmm.hypervisor().memory(),
                                                  *transport_, &stats)) {
  hyp::LiveMigrationConfig live;
  live.mode = config_.migrate == models::MigrationMode::PostCopy ? hyp::LiveMigrationConfig::Mode::PostCopy
                                                                  : hyp::LiveMigrationConfig::Mode::PreCopy;
  live.link_bytes_per_second = static_cast<double>(config_.migration_bandwidth);
  hyp::LiveMigrationHooks hooks;
  hooks.stop_source = [this] { StopSource(); };
  hooks.resume_destination = [this] { ResumeDestination(); };
  // Read when a phase begins, so a tracer attached after the platform was built sees it.
  hooks.phase = [this](const std::string& phase) {
    if (hyp::HostEventObserver* events = vmm_.hypervisor().host_events()) events->MigrationPhase(phase);
  };
  if (config_.migrate_after_lines_set) {
    // The user chose the moment: after so many lines, converged or not.
    hooks.may_switch_over = [this] { return MaySwitchOver(); };
    live.switch_over_when_allowed = true;
  }
  live_ = std::make_unique<hyp::LiveMigration>(*migration_, live, std::move(hooks));
  RegisterStatistics(stats);
}

// Beside the Migration's counters (hyp::MigrationStats): what the driver decided and when.
// Every value of the tree is a number, so mode, transport and outcome are 0/1 gauges.
void MigrationDriver::RegisterStatistics(stats::Group& stats) {
  const auto flag = [&stats](const char* name, const char* description, std::function<bool()> value) {
    stats.AddGauge({name, description}, [value = std::move(value)] { return uint64_t{value()}; });
  };
  flag("postcopy", "1: --migrate postcopy; 0: precopy",
       [this] { return config_.migrate == models::MigrationMode::PostCopy; });
  flag("transport_separate", "1: --migration-transport separate (tags-separate-pass); 0: with-page (see tag_passes for an installed transport)",
       [this] { return config_.transport == models::MigrationTransportKind::Separate; });
  flag("completed", "1: every page and the state arrived without error",
       [this] { return live_->done() && live_->error() == 0; });
  flag("switched_over", "1: the destination runs the guest", [this] { return switched_; });
  flag("switched_over_idle", "1: switched over because the guest made no progress",
       [this] { return idle_switch_over_; });
  // LiveMigration keeps the failed step's negative errno.
  stats.AddGauge({"error", "the errno that ended the migration (0: none)"},
                 [this] { return static_cast<uint64_t>(-live_->error()); });
  stats.AddGauge({"switch_over_console_lines", "console lines printed before the switch-over"},
                 [this] { return lines_at_switch_over_; });
  stats.AddGauge({"bandwidth_bytes_per_second", "--migration-bandwidth"},
                 [this] { return config_.migration_bandwidth; });
  stats.AddFormula({"switch_over_seconds", "simulated time of the switch-over"},
                   [this] { return live_->switch_over_time().to_seconds(); });
  stats.AddFormula({"downtime_seconds", "simulated time no vCPU of the guest ran"},
                   [this] { return live_->downtime().to_seconds(); });
  stats.AddFormula({"total_seconds", "simulated time from the start to the end (or to now, unfinished)"},
                   [this] { return SimulatedSeconds(); });
}

MigrationDriver::~MigrationDriver() = default;

void MigrationDriver::Start() {
  started_ = sc_core::sc_time_stamp();
  live_->Start();
}

double MigrationDriver::SimulatedSeconds() const {
  // Until the end of the run when it did not finish (post-copy pages still missing).
  return live_->done() ? live_->total_time().to_seconds() : (sc_core::sc_time_stamp() - started_).to_seconds();
}

bool MigrationDriver::MaySwitchOver() {
  if (vmm_.console_lines() >= config_.migrate_after_lines) return true;
  const sc_core::sc_time now = sc_core::sc_time_stamp();
  if (last_instructions_ != ~uint64_t{0} && now - last_check_ < kIdleWindow) return false;
  const uint64_t n = source_.instructions();
  const bool idle = n == last_instructions_;
  last_instructions_ = n;
  last_check_ = now;
  idle_switch_over_ = idle;
  return idle;
}

void MigrationDriver::StopSource() {
  // Between the source's stop and the destination's start no PE runs: the machine is
  // paused on purpose, not finished.
  vmm_.board().Hold(true);
  paused_ = source_.Pause();
  lines_at_switch_over_ = vmm_.console_lines();
}

void MigrationDriver::ResumeDestination() {
  destination_.Resume(paused_);
  vmm_.board().Hold(false);
  switched_ = true;
}

std::string MigrationDriver::Summary() const {
  const hyp::MigrationStats& s = migration_->stats();
  char line[512];
  if (!switched_) {
    std::snprintf(line, sizeof line, "migration (%s, %s): not switched over (%s); %llu pages sent in %llu rounds",
                  models::MigrationModeName(config_.migrate), transport_->name(),
                  live_->error() ? "a migration step failed" : "the guest stopped first",
                  static_cast<unsigned long long>(s.pages_sent()), static_cast<unsigned long long>(s.rounds()));
    return line;
  }
  std::snprintf(line, sizeof line,
                "migration (%s, %s): %llu rounds, %llu pages sent (%llu zero), %llu data + %llu tag + %llu state bytes "
                "(%llu vGIC registers), downtime %.1f us, %s %.1f us simulated, %.3f s host (%.0f pages/s)",
                models::MigrationModeName(config_.migrate), transport_->name(), static_cast<unsigned long long>(s.rounds()),
                static_cast<unsigned long long>(s.pages_sent()), static_cast<unsigned long long>(s.zero_pages()),
                static_cast<unsigned long long>(s.data_bytes_sent()), static_cast<unsigned long long>(s.tag_bytes_sent()),
                static_cast<unsigned long long>(s.state_bytes_sent()),
                static_cast<unsigned long long>(s.vgic_registers_sent()), live_->downtime().to_seconds() * 1e6,
                live_->done() ? "total" : "unfinished (post-copy pages still missing at the end) after",
                SimulatedSeconds() * 1e6, s.host_seconds(),
                s.host_seconds() > 0 ? static_cast<double>(s.pages_sent()) / s.host_seconds() : 0.0);
  return line;
}

}  // namespace mtesim::vmm
