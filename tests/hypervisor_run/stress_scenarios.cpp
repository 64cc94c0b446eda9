// Swap and live migration at once, with memory and tags compared bit for bit (issue 13,
// item 6). An image guest (mig_churn: it keeps re-tagging its heap) runs three times at
// once on one board: migrated from PE 0 to PE 1 while both the source and the destination
// are swapped down to a tiny resident limit, and a reference VM on PE 2 that is neither
// swapped nor migrated. The guest's memory does not depend on timing, so when both have
// powered off every page's data and allocation tags of the destination must equal the
// reference's; at a pre-copy switch-over the destination must equal the source. The seed
// picks the mode, the transport, the switch-over point, the resident limits and the
// daemons' intervals, so that a run of seeds covers many interleavings.
#include <algorithm>
#include <cstdio>
#include <string>

#include <systemc>

#include "guest_vm.h"
#include "models/hypervisor/migration/live_migration.h"
#include "models/hypervisor/policies/swap_policy.h"
#include "models/hypervisor/swap_daemon.h"
#include "run_checks.h"
#include "scenarios.h"
#include "tests/support/vm_compare.h"

namespace hyp_run {

using namespace mtesim::hyp;

namespace {
constexpr uint64_t kRam = 16 * kMiB;  // three VMs fit the board's VMM pool
}

int MigrateUnderSwap(const std::string& elf, const std::string& expected, unsigned seed) {
  // The seed's choices (splitmix64, so that neighbouring seeds differ in every field).
  uint64_t r = seed;
  auto next = [&](uint64_t n) {
    uint64_t z = (r += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return (z ^ (z >> 31)) % n;
  };
  const bool postcopy = seed & 1, separate = seed & 2;
  const unsigned switch_after = 1 + static_cast<unsigned>(next(11));  // mig_churn prints 13 lines
  const uint64_t src_limit = 8 + next(56), dst_limit = 8 + next(56);
  const sc_core::sc_time src_interval(5 + next(40), sc_core::SC_US), dst_interval(5 + next(40), sc_core::SC_US);
  std::printf("seed %u: %s, %s, switch after %u lines, resident limits %llu/%llu pages, intervals %s/%s\n", seed,
              postcopy ? "postcopy" : "precopy", separate ? "separate" : "with-page", switch_after,
              (unsigned long long)src_limit, (unsigned long long)dst_limit, src_interval.to_string().c_str(),
              dst_interval.to_string().c_str());

  HostBoard board(3, Mte(3));
  GuestVm src(board, kMteLevel3, kRam, 1);
  GuestVm dst(board, kMteLevel3, kRam, 1, false, &src.hyp, 1);
  GuestVm ref(board, kMteLevel3, kRam, 1, false, &src.hyp, 2);
  src.ResetVcpu(0, src.LoadElf(elf));
  ref.ResetVcpu(0, ref.LoadElf(elf));
  TagsWithEachPage with_page;
  TagsSeparatePass separate_pass;
  Migration migration(*src.vm, *dst.vm, board.memory(),
                      separate ? static_cast<MigrationTransport&>(separate_pass) : with_page);
  LiveMigrationConfig config;
  config.mode = postcopy ? LiveMigrationConfig::Mode::PostCopy : LiveMigrationConfig::Mode::PreCopy;
  Vcpu& from = *src.vm->GetVcpu(0);
  Vcpu& to = *dst.vm->GetVcpu(0);
  bool switched = false;
  uint64_t at_switch = ~uint64_t{0}, first = 0;
  LiveMigrationHooks hooks;
  hooks.stop_source = [&] { src.runner->Kick(from); };
  hooks.at_switch_over = [&] {
    switched = true;
    if (!postcopy) at_switch = hyp_support::DifferingPages(*src.vm, *dst.vm, board.memory(), &first);
  };
  hooks.resume_destination = [&] { dst.runner->Start(to); };
  // A guest that died on the source (a tag check fault reported by the runtime, which
  // powers off) cancels the migration, so that a failure ends the run instead of hanging.
  auto source_gone = [&] { return !src.vmm.system_events.empty() || !src.vmm.internal_errors.empty(); };
  hooks.may_switch_over = [&] {
    return source_gone() ||
           static_cast<unsigned>(std::count(src.vmm.console.begin(), src.vmm.console.end(), '\n')) >= switch_after;
  };
  hooks.cancel = source_gone;
  LiveMigration live(migration, config, hooks);
  // Both sides swapped while they run: the source under the migration's reads, the
  // destination under its post-copy placements and its own run after switch-over.
  ClockSwapPolicy src_policy(src_limit), dst_policy(dst_limit);
  SwapDaemon src_daemon(*src.vm, src_policy, src_interval);
  SwapDaemon dst_daemon(*dst.vm, dst_policy, dst_interval);
  src_daemon.Start([&] { return !switched && src.runner->running(from); });
  dst_daemon.Start([&] { return (!switched && !source_gone()) || dst.runner->running(to); });
  live.Start();
  src.runner->Start(from);
  ref.runner->Start(*ref.vm->GetVcpu(0));
  CHECK(board.Run(1000000000));

  CHECK(live.done());
  CHECK_EQ(live.error(), 0);
  CHECK(switched);
  const std::string console = src.vmm.console + dst.vmm.console;
  CHECK(console == ReadFile(expected));
  if (console != ReadFile(expected)) std::fprintf(stderr, "console:\n%s", console.c_str());
  CHECK(ref.vmm.console == ReadFile(expected));
  CHECK_EQ(dst.vmm.system_events.size(), 1u);
  CHECK_EQ(ref.vmm.system_events.size(), 1u);
  CHECK(src.vmm.internal_errors.empty() && dst.vmm.internal_errors.empty() && ref.vmm.internal_errors.empty());
  if (!postcopy) {
    CHECK_EQ(at_switch, 0u);
    if (at_switch) std::fprintf(stderr, "at switch-over %llu pages differ, first at %llx\n",
                                (unsigned long long)at_switch, (unsigned long long)first);
  }
  // The end: every page of the destination, data and tags, as the reference's.
  const uint64_t differing = hyp_support::DifferingPages(*dst.vm, *ref.vm, board.memory(), &first);
  CHECK_EQ(differing, 0u);
  if (differing)
    std::fprintf(stderr, "at the end %llu pages differ, first at %llx\n", (unsigned long long)differing,
                 (unsigned long long)first);
  // The swap really happened on both sides, tags included.
  const VmStats &s = src.vm->stats(), &d = dst.vm->stats();
  CHECK(s.pages_swapped_out() > 0);
  CHECK(d.pages_swapped_out() > 0);
  CHECK(s.swap_tag_bytes_saved() + d.swap_tag_bytes_saved() > 0);
  CHECK(d.swap_tag_bytes_restored() > 0);
  std::printf("source: out %llu in %llu; destination: out %llu in %llu, tag bytes restored %llu; migration: pages "
              "sent %llu, demand %llu; pages compared %llu\n",
              (unsigned long long)s.pages_swapped_out(), (unsigned long long)s.pages_swapped_in(),
              (unsigned long long)d.pages_swapped_out(), (unsigned long long)d.pages_swapped_in(),
              (unsigned long long)d.swap_tag_bytes_restored(), (unsigned long long)migration.stats().pages_sent(),
              (unsigned long long)migration.stats().postcopy_demand_pages(), (unsigned long long)(kRam / kPageBytes));
  return failures;
}

}  // namespace hyp_run
