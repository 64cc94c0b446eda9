// Speed of the hypervisor model (issue 9, item 9), on the board of tests/hypervisor_run:
//   hyp_bench vm-vs-bare IMAGE --mtesim PATH [--mte 3]
//     the image in a VM (one vCPU, the test VMM's PL011 by MMIO exits) next to the same
//     image run bare by `mtesim run IMAGE --stats`. Both time only sc_start() (the
//     bare run's host_seconds is measured around its sc_start too), so start-up,
//     elaboration and image loading are outside both figures.
//   hyp_bench exits [N]
//     N MMIO stores to an IPA without a memslot (each an exit answered by the VMM) and N
//     `HVC #0` PSCI_VERSION calls; host ns per exit, less the same loop with the exiting
//     instruction replaced by one that does not exit (a RAM store, a NOP).
//   hyp_bench migration [PAGES]
//     migration throughput in host time (issue 9, items 7 and 9): a source VM with MTE whose
//     PAGES pages all hold data and nonzero tags, migrated to a second VM on the board by
//     the migration engine alone (no vCPU runs, no link time): pre-copy round 0 with each
//     transport, a dirty round of a quarter of the pages, post-copy placement of every
//     page; pages/s and MB/s of guest data, best of 5. Also swap-out and swap-in pages/s.
// One line per figure. One process per mode: SystemC elaborates the board once.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <systemc>

#include "a64.h"
#include "guest_vm.h"
#include "models/hypervisor/migration/migration.h"
#include "tests/support/vm_compare.h"
#include "models/platform/psci.h"

namespace {

using namespace hyp_run;
namespace psci = mtesim::models::psci;

mtesim::isa::MteFeatures Mte3() {
  mtesim::isa::MteFeatures f;
  f.level = 3;
  f.perm = true;
  return f;
}

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "hyp_bench: %s\n", what.c_str());
  std::exit(1);
}

// Runs vCPU 0 from `pc` until the guest powers off; host seconds of the run alone.
double TimedRun(GuestVm& g, uint64_t pc, uint64_t budget) {
  g.vmm = TestVmm{};
  g.ResetVcpu(0, pc);
  g.runner->Start(*g.vm->GetVcpu(0));
  const auto start = std::chrono::steady_clock::now();
  const bool ended = g.board.Run(budget);
  const auto stop = std::chrono::steady_clock::now();
  if (!ended) Die("run did not end: " + g.board.stop_reason());
  if (g.vmm.system_events.size() != 1 || !g.vmm.internal_errors.empty() || !g.vmm.memory_faults.empty())
    Die("the guest did not end with SYSTEM_OFF alone");
  return std::chrono::duration<double>(stop - start).count();
}

int VmVsBare(const std::string& image, const std::string& mtesim, bool mte) {
  // Bare first, in its own process (it elaborates its own platform).
  const std::string stats = "hyp_bench_bare_stats.json";
  const std::string cmd = mtesim + " run " + image + " --stats " + stats + (mte ? " --mte 3" : "") + " >/dev/null";
  if (std::system(cmd.c_str()) != 0) Die("bare run failed: " + cmd);
  nlohmann::json bare;
  std::ifstream(stats) >> bare;
  std::remove(stats.c_str());

  HostBoard board(1, Mte3());
  GuestVm g(board, mte ? mtesim::hyp::kMteLevel3 : mtesim::hyp::kMteLevelOff, 32 * kMiB, 1);
  const uint64_t before = board.pe(0).instructions();
  const double seconds = TimedRun(g, g.LoadElf(image), 100000000000ull);
  const uint64_t insns = board.pe(0).instructions() - before;
  const double vm_mips = insns / seconds / 1e6, bare_mips = bare["mips"].get<double>();
  const std::string name = image.substr(image.find_last_of('/') + 1);
  std::printf("%-14s bare  %8.1f MIPS   (%.3f s, %llu insns)\n", name.c_str(), bare_mips,
              bare["host_seconds"].get<double>(), bare["instructions"].get<unsigned long long>());
  std::printf("%-14s vm    %8.1f MIPS   (%.3f s, %llu insns, %llu exits, %llu stage-2 faults)\n", name.c_str(),
              vm_mips, seconds, static_cast<unsigned long long>(insns),
              static_cast<unsigned long long>(g.runner->stats().exits()),
              static_cast<unsigned long long>(g.runner->stats().stage2_faults()));
  std::printf("%-14s vm/bare %6.1f %%\n", name.c_str(), 100.0 * vm_mips / bare_mips);
  return 0;
}

// A loop of `n` rounds of `body`, then SYSTEM_OFF. X1 points at `target`.
std::vector<uint32_t> Loop(uint64_t n, uint64_t target, const std::vector<uint32_t>& body) {
  using namespace a64;
  std::vector<uint32_t> c;
  Mov64(c, 1, target);
  Mov64(c, 2, n);
  const size_t top = c.size();
  c.insert(c.end(), body.begin(), body.end());
  c.push_back(SubImm(2, 2, 1));
  c.push_back(Cbnz(2, static_cast<int>(top) - static_cast<int>(c.size())));
  Mov64(c, 0, psci::kSystemOff);
  c.push_back(Hvc(0));
  return c;
}

int Exits(uint64_t n) {
  using namespace a64;
  HostBoard board(1, Mte3());
  GuestVm g(board, mtesim::hyp::kMteLevelOff, 2 * kMiB, 1);
  constexpr uint64_t kDevice = 0x0A000000, kRamData = kGuestRamBase + 0x10000;
  std::vector<uint32_t> psci_call;
  Mov64(psci_call, 0, psci::kVersion);
  // Each loop in a page of its own, so each one's first (mapping) run is separate.
  uint64_t code_page = 0;
  const auto time = [&](uint64_t target, std::vector<uint32_t> body) {
    const uint64_t at = kGuestRamBase + (code_page++ << 12);
    g.WriteCode(at, Loop(n, target, body));
    TimedRun(g, at, 10 * n + 1000);  // a first run maps the pages the loop touches
    return TimedRun(g, at, 10 * n + 1000);
  };
  const auto report = [n](const char* what, double with, double without, uint64_t exits) {
    if (exits < n) Die(std::string(what) + ": fewer exits than rounds");
    std::printf("%-5s exit    %8.0f ns/exit   (%.0f ns/round with the loop, %.0f without the exit)\n", what,
                (with - without) / n * 1e9, with / n * 1e9, without / n * 1e9);
    std::printf("%-5s exits   %8.0f exits/s  (loop included)\n", what, n / with);
  };
  const uint64_t mmio_before = g.runner->stats().mmio_exits();
  std::vector<uint32_t> mmio_body{Str64(5, 1, 0)};
  const double mmio = time(kDevice, mmio_body);
  const uint64_t mmio_exits = (g.runner->stats().mmio_exits() - mmio_before) / 2;
  const double store = time(kRamData, mmio_body);
  std::vector<uint32_t> hvc_body = psci_call, nop_body = psci_call;
  hvc_body.push_back(Hvc(0));
  nop_body.push_back(kNop);
  const uint64_t hvc_before = g.runner->stats().hypercalls();
  const double hvc = time(kDevice, hvc_body);
  const uint64_t hvcs = (g.runner->stats().hypercalls() - hvc_before) / 2;
  const double nop = time(kDevice, nop_body);
  report("MMIO", mmio, store, mmio_exits);
  report("PSCI", hvc, nop, hvcs);
  return 0;
}

// Host seconds of f().
template <typename F>
double Seconds(F f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Best of `reps` runs of `step`, which returns {pages moved, host seconds it took to move
// them} (set-up outside the timed part).
template <typename Step>
void Throughput(const char* what, int reps, Step step) {
  double best = 1e30;
  uint64_t pages = 0;
  for (int r = 0; r < reps; ++r) {
    const std::pair<uint64_t, double> run = step();
    pages = run.first;
    best = std::min(best, run.second);
  }
  std::printf("%-34s %10.0f pages/s  %8.1f MB/s   (%llu pages in %.2f ms)\n", what, pages / best,
              pages * 4096.0 / best / 1e6, static_cast<unsigned long long>(pages), best * 1e3);
}

int Migration(uint64_t pages) {
  using namespace mtesim::hyp;
  HostBoard board(1, Mte3());
  GuestVm src(board, kMteLevel3, pages * kPageBytes, 1);
  GuestVm dst(board, kMteLevel3, pages * kPageBytes, 1, false, &src.hyp, 0);
  // Every page: data and tags that are neither zero nor alike from page to page.
  std::vector<uint8_t> data(kPageBytes), tags(kTagsPerPage);
  for (uint64_t p = 0; p < pages; ++p) {
    for (uint64_t i = 0; i < kPageBytes; ++i) data[i] = static_cast<uint8_t>(p * 131 + i * 7 + 1);
    for (uint64_t g = 0; g < kTagsPerPage; ++g) tags[g] = static_cast<uint8_t>((p + g) % 15 + 1);
    board.memory().Write(src.backing + p * kPageBytes, data.data(), kPageBytes);
    KvmArmCopyMteTags c;
    c.guest_ipa = kGuestRamBase + p * kPageBytes;
    c.length = kPageBytes;
    c.addr = tags.data();
    if (src.vm->CopyTags(c) != static_cast<int64_t>(kPageBytes)) Die("COPY_TAGS to the source failed");
  }
  TagsWithEachPage with_page;
  TagsSeparatePass separate;
  using Run = std::pair<uint64_t, double>;
  const auto precopy = [&](const MigrationTransport& t) {
    mtesim::hyp::Migration m(*src.vm, *dst.vm, board.memory(), t);
    const double s = Seconds([&] {
      if (m.BeginPrecopy() < 0 || m.FinishPrecopy() < 0) Die("pre-copy failed");
    });
    return Run{m.stats().pages_sent(), s};
  };
  Throughput("pre-copy round 0, tags with page", 5, [&] { return precopy(with_page); });
  Throughput("pre-copy round 0, tags separate", 5, [&] { return precopy(separate); });
  Throughput("pre-copy dirty round (1/4 pages)", 5, [&] {
    mtesim::hyp::Migration m(*src.vm, *dst.vm, board.memory(), with_page);
    if (m.BeginPrecopy() < 0) Die("pre-copy failed");
    // A quarter of the pages written by the guest: each write faults on the logging
    // write protection and is logged.
    for (uint64_t p = 0; p < pages; p += 4) src.vm->HandleStage2Fault(kGuestRamBase + p * kPageBytes, true, false);
    const uint64_t before = m.stats().pages_sent();
    const double s = Seconds([&] {
      if (m.PrecopyRound() < 0) Die("round failed");
    });
    if (m.FinishPrecopy() < 0) Die("pre-copy failed");
    return Run{m.stats().pages_sent() - before - m.stats().last_round_pages(), s};
  });
  Throughput("post-copy placement", 5, [&] {
    mtesim::hyp::Migration m(*src.vm, *dst.vm, board.memory(), with_page);
    const double s = Seconds([&] {
      if (m.BeginPostcopy() < 0) Die("post-copy failed");
      while (!m.PostcopyDone())
        if (m.PostcopyPush(256) < 0) Die("post-copy push failed");
    });
    return Run{m.stats().pages_sent(), s};
  });
  if (hyp_support::DifferingPages(*src.vm, *dst.vm, board.memory()) != 0) Die("the destination differs");
  // The swap device reserves its storage at its first use: not part of the figure.
  if (src.vm->SwapOut(kGuestRamBase) != 0 || src.vm->SwapIn(kGuestRamBase) != 0) Die("swap failed");
  Throughput("swap-out (tags packed)", 1, [&] {
    return Run{pages, Seconds([&] {
                 for (uint64_t p = 0; p < pages; ++p)
                   if (src.vm->SwapOut(kGuestRamBase + p * kPageBytes) != 0) Die("swap-out failed");
               })};
  });
  Throughput("swap-in (tags restored)", 1, [&] {
    return Run{pages, Seconds([&] {
                 for (uint64_t p = 0; p < pages; ++p)
                   if (src.vm->SwapIn(kGuestRamBase + p * kPageBytes) != 0) Die("swap-in failed");
               })};
  });
  return 0;
}

}  // namespace

int sc_main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() >= 1 && args[0] == "migration") return Migration(args.size() > 1 ? std::stoull(args[1]) : 2048);
  if (args.size() >= 1 && args[0] == "exits") return Exits(args.size() > 1 ? std::stoull(args[1]) : 200000);
  if (args.size() >= 2 && args[0] == "vm-vs-bare") {
    std::string mtesim;
    bool mte = false;
    for (size_t i = 2; i + 1 < args.size(); i += 2) {
      if (args[i] == "--mtesim") mtesim = args[i + 1];
      else if (args[i] == "--mte" && args[i + 1] == "3") mte = true;
      else Die("unknown option " + args[i]);
    }
    if (mtesim.empty()) Die("vm-vs-bare needs --mtesim PATH");
    return VmVsBare(args[1], mtesim, mte);
  }
  std::fprintf(stderr, "usage: %s vm-vs-bare IMAGE --mtesim PATH [--mte 3] | exits [N] | migration [PAGES]\n", argv[0]);
  return 2;
}
