// The PE's memory-access seam (models/pe/memory_access.h) seen by an observer: the MTE
// demo guest in a VM (stage 1 and stage 2 on, Tagged heap, synchronous checks) makes
// every kind of physical access, and each reaches the port with a physical address in
// the host's RAM; the guest's output is unchanged by being watched.
#include <array>
#include <cstdio>

#include "guest_vm.h"
#include "host_board.h"
#include "models/pe/memory_access.h"
#include "run_checks.h"
#include "scenarios.h"

namespace hyp_run {

namespace {

using mtesim::hyp::kMteLevel3;
using mtesim::models::MemoryAccess;
using mtesim::models::MemoryAccessKind;
using mtesim::models::TagCheckTiming;

class RecordingPort : public mtesim::models::MemoryAccessPort {
 public:
  uint64_t Access(const MemoryAccess& a, const sc_core::sc_time&) override {
    ++by_kind[static_cast<unsigned>(a.kind)];
    if (a.check == TagCheckTiming::Sync) ++sync_checked;
    if (a.tagged) ++tagged;
    if (a.pa < kHostRamBase || a.pa >= kHostRamBase + kHostRamSize) ++outside_ram;
    return 0;
  }
  std::array<uint64_t, 7> by_kind{};
  uint64_t sync_checked = 0, tagged = 0, outside_ram = 0;
};

}  // namespace

int SeamReportsEveryKind(const std::string& elf, const std::string& expected) {
  HostBoard board(1, Mte(3));
  RecordingPort port;
  board.pe(0).AttachMemoryAccessPort(&port);
  GuestVm g(board, kMteLevel3, 32 * kMiB, 1);
  ImageGuest(g, elf, expected);
  const char* names[] = {"fetch", "read", "write", "tag read", "tag write", "stage-1 walk", "stage-2 walk"};
  for (unsigned k = 0; k < port.by_kind.size(); ++k) {
    std::printf("%-13s %llu\n", names[k], static_cast<unsigned long long>(port.by_kind[k]));
    CHECK(port.by_kind[k] > 0);
  }
  CHECK(port.sync_checked > 0);  // Tag Checked data accesses, marked synchronous
  CHECK(port.tagged > 0);
  CHECK(port.outside_ram == 0);  // RAM and flash only: the VM's MMIO goes as TLM transactions
  return failures;
}

}  // namespace hyp_run
