#include "models/hypervisor/migration/live_migration.h"

#include <algorithm>

#include "models/kernel/systemc_kernel.h"

namespace mtesim::hyp {

LiveMigration::LiveMigration(Migration& migration, const LiveMigrationConfig& config, LiveMigrationHooks hooks)
    : migration_(migration), config_(config), hooks_(std::move(hooks)) {}

void LiveMigration::Start() {
  sc_core::sc_spawn_options options;
  sc_core::sc_spawn([this] { Run(); models::EndThisThread(); }, sc_core::sc_gen_unique_name("live_migration"), &options);
}

bool LiveMigration::Transfer(int64_t bytes) {
  if (bytes < 0) {
    error_ = static_cast<int>(bytes);
    return false;
  }
  if (bytes > 0) sc_core::wait(sc_core::sc_time(static_cast<double>(bytes) / config_.link_bytes_per_second, sc_core::SC_SEC));
  return true;
}

void LiveMigration::Run() {
  sc_core::wait(config_.start);
  const sc_core::sc_time begin = sc_core::sc_time_stamp();
  if (config_.mode == LiveMigrationConfig::Mode::PreCopy) PreCopy();
  else PostCopy();
  Phase("");
  total_ = sc_core::sc_time_stamp() - begin;
  done_ = true;
}

void LiveMigration::PreCopy() {
  RoundPhase();
  if (!Transfer(migration_.BeginPrecopy())) return;
  while (migration_.stats().rounds() < config_.max_rounds) {
    if (!Transfer(migration_.SendTagPass())) return;
    if (migration_.stats().last_round_pages() <= config_.converge_pages && migration_.stats().rounds() > 1) break;
    if (config_.switch_over_when_allowed && hooks_.may_switch_over && hooks_.may_switch_over()) break;
    // A round starts no earlier than round_interval after the previous one began: the
    // guest gets time to run, as QEMU's bandwidth-limited iterations give it.
    const sc_core::sc_time started = sc_core::sc_time_stamp();
    RoundPhase();
    if (!Transfer(migration_.PrecopyRound())) return;
    const sc_core::sc_time spent = sc_core::sc_time_stamp() - started;
    if (spent < config_.round_interval) sc_core::wait(config_.round_interval - spent);
  }
  if (!AwaitSwitchOver(true) || Cancelled()) return;
  if (hooks_.stop_source) hooks_.stop_source();
  Phase("stop-and-copy");
  const sc_core::sc_time stopped = sc_core::sc_time_stamp();
  const int64_t last = migration_.FinishPrecopy();
  if (last < 0) {
    error_ = static_cast<int>(last);
    return;
  }
  const int64_t state = migration_.CopyVcpus();
  if (state < 0) {
    error_ = static_cast<int>(state);
    return;
  }
  if (!Transfer(last + state)) return;
  switch_over_ = sc_core::sc_time_stamp();
  if (hooks_.at_switch_over) hooks_.at_switch_over();
  if (hooks_.resume_destination) hooks_.resume_destination();
  downtime_ = sc_core::sc_time_stamp() - stopped;
}

bool LiveMigration::AwaitSwitchOver(bool precopy_rounds) {
  sc_core::sc_time last_round = sc_core::sc_time_stamp();
  bool waiting = false;
  while (hooks_.may_switch_over && !hooks_.may_switch_over()) {  // asked once per poll: it has state
    if (!waiting) Phase("waiting for switch-over");
    waiting = true;
    sc_core::wait(config_.switchover_poll);
    if (precopy_rounds && sc_core::sc_time_stamp() - last_round >= config_.round_interval) {
      if (!Transfer(migration_.PrecopyRound())) return false;
      last_round = sc_core::sc_time_stamp();
    }
  }
  return true;
}

bool LiveMigration::Cancelled() {
  if (!hooks_.cancel || !hooks_.cancel()) return false;
  cancelled_ = true;
  if (const int err = migration_.Cancel()) error_ = err;
  return true;
}

void LiveMigration::PostCopy() {
  AwaitSwitchOver(false);
  if (Cancelled()) return;
  if (hooks_.stop_source) hooks_.stop_source();
  Phase("stop-and-copy");
  const sc_core::sc_time stopped = sc_core::sc_time_stamp();
  const int64_t state = migration_.CopyVcpus();
  if (state < 0) {
    error_ = static_cast<int>(state);
    return;
  }
  if (const int64_t err = migration_.BeginPostcopy(); err < 0) {
    error_ = static_cast<int>(err);
    return;
  }
  if (!Transfer(state)) return;
  switch_over_ = sc_core::sc_time_stamp();
  if (hooks_.at_switch_over) hooks_.at_switch_over();
  if (hooks_.resume_destination) hooks_.resume_destination();
  downtime_ = sc_core::sc_time_stamp() - stopped;
  Phase("postcopy");
  while (!migration_.PostcopyDone()) {
    sc_core::wait(config_.round_interval);
    if (!Transfer(migration_.PostcopyPush(config_.postcopy_batch_pages))) return;
  }
}

}  // namespace mtesim::hyp
