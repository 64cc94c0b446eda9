// Two VMs of one hypervisor running at the same time on one board (hypervisor.md: several
// VMs at once, isolated): each on its own PE with its own VMID, memslots, stage 2 and
// VMM, interleaved by SystemC quantum by quantum.
#include <string>

#include "guest_vm.h"
#include "models/hypervisor/host_memory.h"
#include "run_checks.h"
#include "scenarios.h"

namespace hyp_run {

using namespace mtesim::hyp;

int TwoVmsSideBySide(const std::string& elf_a, const std::string& expected_a, const std::string& elf_b,
                     const std::string& expected_b) {
  HostBoard board(2, Mte(3));
  GuestVm a(board, kMteLevelOff, 16 * kMiB, 1);
  GuestVm b(board, kMteLevel3, 16 * kMiB, 1, false, &a.hyp, /*first_pe=*/1);
  a.ResetVcpu(0, a.LoadElf(elf_a));
  b.ResetVcpu(0, b.LoadElf(elf_b));
  a.runner->Start(*a.vm->GetVcpu(0));
  b.runner->Start(*b.vm->GetVcpu(0));
  CHECK(board.Run());
  // Each VMM saw only its own guest's console, byte for byte what the guest prints alone.
  CHECK(a.vmm.console == ReadFile(expected_a));
  CHECK(b.vmm.console == ReadFile(expected_b));
  if (b.vmm.console != ReadFile(expected_b)) std::fprintf(stderr, "VM B console:\n%s", b.vmm.console.c_str());
  CHECK_EQ(a.vmm.system_events.size(), 1u);
  CHECK_EQ(b.vmm.system_events.size(), 1u);
  // Separate address spaces: distinct VMIDs and stage-2 tables, disjoint backing, and
  // only the MTE VM's pages were sanitised.
  CHECK(a.vm->vmid() != b.vm->vmid());
  CHECK(a.vm->vttbr() != b.vm->vttbr());
  CHECK(!a.vm->BackingOverlaps(b.backing, b.ram_size));
  CHECK_EQ(a.vm->stats().pages_sanitised(), 0ull);
  CHECK(b.vm->stats().pages_sanitised() > 0);
  // Both really ran at once: each PE retired instructions of its own VM.
  CHECK(board.pe(0).instructions() > 0 && board.pe(1).instructions() > 0);
  return failures;
}

}  // namespace hyp_run
