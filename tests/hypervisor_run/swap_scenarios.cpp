// An image guest under swap stress: the host's reclaim thread (SwapDaemon) swaps pages
// out every 20 simulated microseconds while the guest runs (the range policy: its whole working set, every mapped
// page; the clock policy: down to a small resident limit), so the guest keeps faulting
// its pages back in. Its console must equal the unswapped run's, and no page that came
// back from swap may have been sanitised again.
#include <cstdio>
#include <vector>

#include <systemc>

#include "guest_vm.h"
#include "models/hypervisor/policies/swap_policy.h"
#include "models/hypervisor/swap_daemon.h"
#include "run_checks.h"
#include "scenarios.h"

namespace hyp_run {
namespace {

using namespace mtesim::hyp;

constexpr uint64_t kRam = 16 * kMiB;  // all of it fits the swap device (4096 pages)

}  // namespace

int SwapStress(const std::string& elf, const std::string& expected, const std::string& which) {
  HostBoard board(1, Mte(3));
  GuestVm g(board, kMteLevel3, kRam, 1);
  g.ResetVcpu(0, g.LoadElf(elf));
  RangeSwapPolicy working_set(kGuestRamBase, kRam, true);
  // The clock policy with a limit below the guest's working set: the whole slot is
  // resident at the start (the VMM's memory), so the first pass pushes out the cold
  // pages, and later ones the guest's own pages it has not used since the hand passed.
  ClockSwapPolicy clock(64);
  SwapPolicy& policy = which == "clock" ? static_cast<SwapPolicy&>(clock) : working_set;
  SwapDaemon daemon(*g.vm, policy, sc_core::sc_time(20, sc_core::SC_US));
  Vcpu& vcpu = *g.vm->GetVcpu(0);
  daemon.Start([&] { return g.runner->running(vcpu); });
  g.runner->Start(*g.vm->GetVcpu(0));
  CHECK(board.Run());
  CHECK(g.vmm.console == ReadFile(expected));
  if (g.vmm.console != ReadFile(expected)) std::fprintf(stderr, "console:\n%s", g.vmm.console.c_str());
  CHECK_EQ(g.vmm.system_events.size(), 1u);
  CHECK(g.vmm.internal_errors.empty());
  const VmStats& s = g.vm->stats();
  CHECK(s.pages_swapped_out() > 0);
  CHECK(s.pages_swapped_in() > 0);
  CHECK(s.swap_tag_bytes_restored() > 0);
  CHECK_EQ(s.swap_tag_bytes_saved() % 128, 0u);
  // No re-sanitising: each page is sanitised at most once, at its first map, however
  // often it went out and came back.
  uint64_t distinct = 0;
  for (uint64_t off = 0; off < kRam; off += kPageBytes)
    distinct += g.vm->SwappedOut(kGuestRamBase + off) || board.pages().PageTagged(g.backing + off);
  CHECK(s.pages_sanitised() <= distinct);
  std::printf("swap %s: %llu passes, pages out %llu, in %llu, tag bytes saved %llu, restored %llu, sanitised %llu "
              "(distinct pages %llu), access-flag faults %llu\n",
              which.c_str(), (unsigned long long)daemon.passes(), (unsigned long long)s.pages_swapped_out(),
              (unsigned long long)s.pages_swapped_in(), (unsigned long long)s.swap_tag_bytes_saved(),
              (unsigned long long)s.swap_tag_bytes_restored(), (unsigned long long)s.pages_sanitised(),
              (unsigned long long)distinct, (unsigned long long)s.faults_access_flag());
  return failures;
}

}  // namespace hyp_run
