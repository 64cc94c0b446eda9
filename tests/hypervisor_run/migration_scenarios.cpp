// Live migration of a running guest between two VMs of one board: the source vCPU on PE
// 0, the destination's on PE 1, the VMM's migration thread (LiveMigration) beside them.
// The guest's console is the source's bytes followed by the destination's; with the
// migration in the middle of the run, it must equal the unmigrated run's. At switch-over
// the two VMs' memory and tags (host reads and COPY_TAGS) and vCPU registers (one-reg)
// must be identical (pre-copy; post-copy moves pages later, each with its tags, so the
// destination never sanitises a page).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include <systemc>

#include "guest_vm.h"
#include "models/hypervisor/kvm_errors.h"
#include "models/hypervisor/migration/live_migration.h"
#include "run_checks.h"
#include "scenarios.h"
#include "tests/support/vm_compare.h"

namespace hyp_run {
namespace {

using namespace mtesim::hyp;

constexpr uint64_t kRam = 16 * kMiB;  // two VMs fit the board's VMM pool

// Whether every register the VMM can read is the same on both vCPUs.
bool SameRegisters(const Vcpu& a, const Vcpu& b) {
  uint64_t n = 0;
  a.GetRegList(&n, nullptr);
  std::vector<uint64_t> ids(n);
  if (a.GetRegList(&n, ids.data()) != 0) return false;
  for (uint64_t id : ids) {
    uint64_t va = 0, vb = 1;
    if (a.GetOneReg(id, &va) != 0 || b.GetOneReg(id, &vb) != 0 || va != vb) {
      std::fprintf(stderr, "register %llx: %llx != %llx\n", static_cast<unsigned long long>(id),
                   static_cast<unsigned long long>(va), static_cast<unsigned long long>(vb));
      return false;
    }
  }
  return true;
}

}  // namespace

int Unmigrated(const std::string& elf, const std::string& expected) {
  HostBoard board(1, Mte(3));
  GuestVm g(board, kMteLevel3, kRam, 1);
  g.ResetVcpu(0, g.LoadElf(elf));
  // When the console starts and stops: a migration must switch over in between.
  sc_core::sc_time first_byte, last_byte;
  g.vmm.on_mmio = [&](KvmRunMmio& m) {
    if (!m.is_write || m.phys_addr != kUartDr) return;
    if (g.vmm.console.empty()) first_byte = sc_core::sc_time_stamp();
    last_byte = sc_core::sc_time_stamp();
  };
  g.runner->Start(*g.vm->GetVcpu(0));
  CHECK(board.Run());
  std::printf("console from %s to %s\n", first_byte.to_string().c_str(), last_byte.to_string().c_str());
  CHECK(g.vmm.console == ReadFile(expected));
  if (g.vmm.console != ReadFile(expected)) std::fprintf(stderr, "console:\n%s", g.vmm.console.c_str());
  CHECK_EQ(g.vmm.system_events.size(), 1u);
  std::printf("unmigrated run ended at %s\n", sc_core::sc_time_stamp().to_string().c_str());
  return failures;
}

int Migrate(const std::string& elf, const std::string& expected, const std::string& mode, const std::string& transport,
            unsigned switch_after_lines) {
  HostBoard board(2, Mte(3));
  GuestVm src(board, kMteLevel3, kRam, 1);
  GuestVm dst(board, kMteLevel3, kRam, 1, false, &src.hyp, 1);
  src.ResetVcpu(0, src.LoadElf(elf));
  TagsWithEachPage with_page;
  TagsSeparatePass separate;
  Migration migration(*src.vm, *dst.vm, board.memory(), transport == "separate" ? static_cast<MigrationTransport&>(separate)
                                                                                 : with_page);
  LiveMigrationConfig config;
  config.mode = mode == "postcopy" ? LiveMigrationConfig::Mode::PostCopy : LiveMigrationConfig::Mode::PreCopy;
  Vcpu& from = *src.vm->GetVcpu(0);
  Vcpu& to = *dst.vm->GetVcpu(0);
  bool switched = false, registers_same = false;
  uint64_t differing = ~uint64_t{0}, first = 0;
  LiveMigrationHooks hooks;
  hooks.stop_source = [&] { src.runner->Kick(from); };
  hooks.at_switch_over = [&] {
    switched = true;
    registers_same = SameRegisters(from, to);
    if (config.mode == LiveMigrationConfig::Mode::PreCopy)
      differing = hyp_support::DifferingPages(*src.vm, *dst.vm, board.memory(), &first);
  };
  hooks.resume_destination = [&] { dst.runner->Start(to); };
  // Switch over once the guest has printed so many lines, so that the move happens in the
  // middle of its work whatever the link speed and the guest's timing.
  hooks.may_switch_over = [&] {
    return static_cast<unsigned>(std::count(src.vmm.console.begin(), src.vmm.console.end(), '\n')) >= switch_after_lines;
  };
  LiveMigration live(migration, config, hooks);
  live.Start();

  const auto host_start = std::chrono::steady_clock::now();
  src.runner->Start(from);
  CHECK(board.Run());
  const double host_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - host_start).count();

  CHECK(live.done());
  CHECK_EQ(live.error(), 0);
  CHECK(switched);
  CHECK(registers_same);
  // The guest really moved mid-run: both halves printed something.
  CHECK(!src.vmm.console.empty());
  CHECK(!dst.vmm.console.empty());
  const std::string console = src.vmm.console + dst.vmm.console;
  CHECK(console == ReadFile(expected));
  if (console != ReadFile(expected)) std::fprintf(stderr, "console:\n%s", console.c_str());
  CHECK(src.vmm.system_events.empty());
  CHECK_EQ(dst.vmm.system_events.size(), 1u);
  CHECK(src.vmm.internal_errors.empty());
  CHECK(dst.vmm.internal_errors.empty());
  // Every destination page arrived with its tags (COPY_TAGS or PlacePage marked it
  // tagged): none needed sanitising.
  CHECK_EQ(dst.vm->stats().pages_sanitised(), 0u);
  const MigrationStats& s = migration.stats();
  if (config.mode == LiveMigrationConfig::Mode::PreCopy) {
    CHECK_EQ(differing, 0u);
    if (differing) std::fprintf(stderr, "%llu pages differ, first at %llx\n", (unsigned long long)differing,
                                (unsigned long long)first);
    CHECK(s.rounds() >= 2);
  } else {
    CHECK(s.postcopy_demand_pages() > 0);
    CHECK(s.postcopy_background_pages() > 0);
    CHECK(migration.PostcopyDone());
    CHECK_EQ(dst.vm->stats().faults_missing(), s.postcopy_demand_pages());
  }
  std::printf(
      "%s/%s: pages sent %llu (zero %llu), tag bytes %llu, wire bytes %llu, rounds %llu, demand %llu, background "
      "%llu\n  switch-over at %s, downtime %s, migration %s simulated; host: migration steps %.3f s, run %.3f s\n",
      mode.c_str(), migration.transport().name(), (unsigned long long)s.pages_sent(), (unsigned long long)s.zero_pages(),
      (unsigned long long)s.tag_bytes_sent(), (unsigned long long)s.wire_bytes(), (unsigned long long)s.rounds(),
      (unsigned long long)s.postcopy_demand_pages(), (unsigned long long)s.postcopy_background_pages(),
      live.switch_over_time().to_string().c_str(), live.downtime().to_string().c_str(),
      live.total_time().to_string().c_str(), s.host_seconds(), host_seconds);
  return failures;
}

}  // namespace hyp_run
