// How the PE tells the timing model to wait for tags (ProcessingElement::CheckTimingOf):
// a Tag Checked access whose mismatch would be a synchronous fault waits for its tags
// (TagCheckTiming::Sync), one recorded asynchronously does not (Async): TCF sync makes
// both reads and writes Sync, async both Async, and asymmetric (FEAT_MTE3) reads Sync and
// writes Async. An MTE conformance guest runs as a VM on the host board of
// tests/hypervisor_run with a port on its PE's memory-access seam that records every
// access's check timing; the guest enables exactly one TCF mode and makes Tag Checked
// loads or stores (the last argument) under it.
//   timing_check_timing ELF EXPECTED sync|async|asymm load|store
// One run per process (SystemC elaborates once). Exit status 0 when every check holds.
#include <cstdio>
#include <string>

#include "guest_vm.h"
#include "models/pe/memory_access.h"
#include "run_checks.h"

namespace {

using mtesim::models::MemoryAccess;
using mtesim::models::MemoryAccessKind;
using mtesim::models::TagCheckTiming;

// Counts accesses by [write][check timing]; stalls nothing.
struct RecordingPort : mtesim::models::MemoryAccessPort {
  uint64_t counts[2][3] = {};
  uint64_t Access(const MemoryAccess& a, const sc_core::sc_time&) override {
    if (a.kind == MemoryAccessKind::Read || a.kind == MemoryAccessKind::Write)
      ++counts[a.kind == MemoryAccessKind::Write][static_cast<unsigned>(a.check)];
    if (a.check != TagCheckTiming::None && !a.tagged) ++checked_untagged;
    return 0;
  }
  uint64_t checked_untagged = 0;
};

}  // namespace

int sc_main(int argc, char** argv) {
  using namespace hyp_run;
  const std::string mode = argc == 5 ? argv[3] : "", access = argc == 5 ? argv[4] : "";
  if ((mode != "sync" && mode != "async" && mode != "asymm") || (access != "load" && access != "store")) {
    std::fprintf(stderr, "usage: %s ELF EXPECTED sync|async|asymm load|store\n", argv[0]);
    return 2;
  }
  HostBoard board(1, Mte(3));
  GuestVm g(board, mtesim::hyp::kMteLevel3, 32 * kMiB, 1);
  RecordingPort port;
  board.pe(0).AttachMemoryAccessPort(&port);
  g.ResetVcpu(0, g.LoadElf(argv[1]));
  g.runner->Start(*g.vm->GetVcpu(0));
  CHECK(board.Run());
  CHECK(g.vmm.console == ReadFile(argv[2]));

  constexpr unsigned kRead = 0, kWrite = 1;
  constexpr unsigned kSync = static_cast<unsigned>(TagCheckTiming::Sync);
  constexpr unsigned kAsync = static_cast<unsigned>(TagCheckTiming::Async);
  const auto& c = port.counts;
  std::printf("reads: %llu sync, %llu async; writes: %llu sync, %llu async\n",
              static_cast<unsigned long long>(c[kRead][kSync]), static_cast<unsigned long long>(c[kRead][kAsync]),
              static_cast<unsigned long long>(c[kWrite][kSync]), static_cast<unsigned long long>(c[kWrite][kAsync]));
  CHECK_EQ(port.checked_untagged, 0u);
  // Under the mode, checked loads and stores wait (or not) as it says.
  const unsigned read_timing = mode == "async" ? kAsync : kSync;
  const unsigned write_timing = mode == "sync" ? kSync : kAsync;
  if (access == "load") CHECK(c[kRead][read_timing] > 0);
  else CHECK(c[kWrite][write_timing] > 0);
  CHECK_EQ(c[kRead][read_timing == kSync ? kAsync : kSync], 0u);
  CHECK_EQ(c[kWrite][write_timing == kSync ? kAsync : kSync], 0u);
  // Every Tag Checked access the PE counts reaches the seam, those that fault included:
  // a synchronous check fault is raised once the tags are there, so it costs their wait.
  const auto stat = [&](const char* name) {
    uint64_t v = 0;
    CHECK(board.stats().Lookup(std::string("pe0.mte.") + name, &v));
    return v;
  };
  CHECK_EQ(c[kRead][kSync], stat("sync_read_checks"));
  CHECK_EQ(c[kRead][kAsync], stat("async_read_checks"));
  CHECK_EQ(c[kWrite][kSync], stat("sync_write_checks"));
  CHECK_EQ(c[kWrite][kAsync], stat("async_write_checks"));
  std::printf("%s: %s\n", mode.c_str(), failures ? "FAILED" : "ok");
  return failures ? 1 : 0;
}
