#include "scenarios.h"

#include "run_checks.h"
#include "guest_vm.h"
#include "models/hypervisor/vgic/vgic.h"

namespace hyp_run {

using namespace mtesim::hyp;

int IrqGuest(const std::string& elf, const std::string& expected, unsigned version, unsigned vcpus, double min_asleep) {
  mtesim::isa::MteFeatures no_mte;
  HostBoard board(vcpus, no_mte);
  GuestVm g(board, kMteLevelOff, 32 * kMiB, vcpus);
  CHECK_EQ(g.AddVgic(version), 0);
  g.ResetVcpu(0, g.LoadElf(elf));
  g.runner->Start(*g.vm->GetVcpu(0));
  const bool ended = board.Run();
  CHECK(ended);
  if (!ended) std::fprintf(stderr, "run did not end: %s\n", board.stop_reason().c_str());
  const std::string want = ReadFile(expected);
  CHECK(!want.empty());
  CHECK(g.vmm.console == want);
  if (g.vmm.console != want) std::fprintf(stderr, "console:\n%s", g.vmm.console.c_str());
  CHECK_EQ(g.vmm.system_events.size(), 1u);
  CHECK(g.vmm.internal_errors.empty());
  // The GIC stayed in the kernel: none of its frames reached the VMM.
  const VcpuRunStats& st = g.runner->stats();
  for (const KvmRunMmio& m : g.vmm.mmio) CHECK(m.phys_addr >= kUartBase);
  std::printf("vGICv%u: %llu frame accesses in the kernel, %llu ICC accesses emulated, %llu timer PPIs forwarded, "
              "%llu MMIO exits\n",
              version, static_cast<unsigned long long>(st.mmio_in_kernel()),
              static_cast<unsigned long long>(st.gic_sysreg_emulated()),
              static_cast<unsigned long long>(st.timer_interrupts()), static_cast<unsigned long long>(st.mmio_exits()));
  if (min_asleep > 0) {
    const double asleep = board.pe(vcpus - 1).seconds_asleep();
    std::printf("PE %u asleep in WFI for %.3f s\n", vcpus - 1, asleep);
    CHECK(asleep >= min_asleep);
  }
  return failures;
}

}  // namespace hyp_run
