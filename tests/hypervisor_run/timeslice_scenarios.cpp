// vCPUs time-sliced on a shared PE (VcpuRunner's scheduler): every switch saves the
// outgoing vCPU's state and restores the incoming one's, MTE registers included
// (hypervisor.md, per-vCPU state).
#include <vector>

#include "a64.h"
#include "guest_vm.h"
#include "models/platform/psci.h"
#include "run_checks.h"
#include "scenarios.h"

namespace hyp_run {

using namespace mtesim::hyp;
namespace psci = mtesim::models::psci;

namespace {

constexpr a64::Sysreg kRgsrEl1{3, 0, 1, 0, 5}, kTfsrEl1{3, 0, 5, 6, 0}, kTfsre0El1{3, 0, 5, 6, 1};
constexpr a64::Sysreg kMte[4] = {a64::kGcrEl1, kRgsrEl1, kTfsrEl1, kTfsre0El1};
// Iterations of a two-instruction loop: 6 M instructions, 6 ms at one per ns, several
// 1 ms slices of the default round robin.
constexpr uint64_t kSpin = 3000000;

// Writes `values` to the MTE registers, reads them back into x19..x22, spins across
// several slices, then reads them again into x23..x26.
void MteRegistersAcrossSlices(std::vector<uint32_t>& c, const uint64_t (&values)[4]) {
  using namespace a64;
  for (unsigned r = 0; r < 4; ++r) {
    Mov64(c, 0, values[r]);
    c.push_back(Msr(kMte[r], 0));
  }
  for (unsigned r = 0; r < 4; ++r) c.push_back(Mrs(19 + r, kMte[r]));
  Mov64(c, 9, kSpin);
  c.push_back(SubImm(9, 9, 1));
  c.push_back(Cbnz(9, -1));
  for (unsigned r = 0; r < 4; ++r) c.push_back(Mrs(23 + r, kMte[r]));
}

}  // namespace

int TimesliceMteState() {
  HostBoard board(1, Mte(3));
  GuestVm g(board, kMteLevel3, 2 * kMiB, 2, false, nullptr, 0, /*vcpus_per_pe=*/2);
  using namespace a64;
  constexpr uint64_t kSecondary = kGuestRamBase + 0x1000;
  const uint64_t mine[2][4] = {{0x5A5A, 0x00ABCD05, 1, 2}, {0x13C3C, 0x00123407, 2, 1}};
  std::vector<uint32_t> c;
  Mov64(c, 0, psci::kCpuOn64);
  Mov64(c, 1, 1);
  Mov64(c, 2, kSecondary);
  Mov64(c, 3, 0);
  c.push_back(Hvc(0));
  MteRegistersAcrossSlices(c, mine[0]);
  // Wait for vCPU 1 to turn itself off, then SYSTEM_OFF.
  const size_t wait = c.size();
  Mov64(c, 0, psci::kAffinityInfo64);
  Mov64(c, 1, 1);
  Mov64(c, 2, 0);
  c.push_back(Hvc(0));
  c.push_back(Cbz(0, static_cast<int>(wait) - static_cast<int>(c.size())));
  Mov64(c, 0, psci::kSystemOff);
  c.push_back(Hvc(0));
  g.WriteCode(kGuestRamBase, c);
  std::vector<uint32_t> second;
  MteRegistersAcrossSlices(second, mine[1]);
  Mov64(second, 0, psci::kCpuOff);
  second.push_back(Hvc(0));
  g.WriteCode(kSecondary, second);
  g.ResetVcpu(0, kGuestRamBase);

  g.runner->Start(*g.vm->GetVcpu(0));
  CHECK(board.Run());
  for (unsigned v = 0; v < 2; ++v) {
    const VcpuState& s = g.vm->GetVcpu(v)->state();
    for (unsigned r = 0; r < 4; ++r) {
      CHECK_EQ(s.x[23 + r], s.x[19 + r]);  // unchanged across the other vCPU's slices
    }
  }
  // The two vCPUs' values differ, so a lost switch would show above.
  const VcpuState& s0 = g.vm->GetVcpu(0)->state();
  const VcpuState& s1 = g.vm->GetVcpu(1)->state();
  for (unsigned r = 0; r < 4; ++r) CHECK(s0.x[19 + r] != s1.x[19 + r]);
  const VcpuRunStats& st = g.runner->stats();
  CHECK(st.slices_ended() >= 4);
  CHECK(st.vcpu_switches() >= 4);
  CHECK_EQ(g.vmm.system_events.size(), 1u);
  return failures;
}

}  // namespace hyp_run
