// The VMM (the hypervisor model's user side), as QEMU is for KVM on the virt machine: it
// creates the VM through the hypervisor's KVM-like API, backs guest memory with its host
// pages in memslots (guest_memory_layout.h), loads the image and device tree into them,
// starts vCPU 0 and answers exits: MMIO to its devices (the PL011, the same model the
// board has, behind the VMM's own TLM bus; writes to the read-only flash slot, which a
// ROM drops), an access no device decodes gets a synchronous external abort (what QEMU's
// TCG gives a bus error, so guests see the same on both), NoTagAccess faults go to the
// NoTagAccess policy, and the VM's end (SYSTEM_OFF/RESET, a killed or failed vCPU) stops
// the board with platform.md's exit status. The VM's set-up is vm_instance.h; a migration's
// destination is a second instance whose exits come here too (one console). Everything
// registers its statistics in the board's tree when it is created: the VMM "vmm", "uart"
// and "psci", the guest's VM "hypervisor", a migration "migration" (its destination VM
// "migration.destination"), the resident limit "swap".
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <systemc>
#include <tlm_utils/simple_initiator_socket.h>

#include "models/board/board.h"
#include "models/bus/router.h"
#include "models/devices/pl011.h"
#include "models/hypervisor/hypervisor.h"
#include "models/hypervisor/migration/migration_transport.h"
#include "models/platform/guest_boot.h"
#include "models/platform/platform_config.h"
#include "models/stats/statistics.h"
#include "models/vmm/guest_memory_layout.h"
#include "models/vmm/vm_instance.h"

namespace mtesim::vmm {

class MigrationDriver;
class ResidentLimit;

class Vmm : public sc_core::sc_module, public hyp::VmmExitHandler {
 public:
  // Creates the VMM's devices: before the board elaborates.
  Vmm(models::Board& board, hyp::Hypervisor& hypervisor, const models::PlatformConfig& config,
      const GuestMemoryLayout& layout, models::Pl011::Sink console, sc_core::sc_module_name name = "vmm");
  ~Vmm() override;

  // After elaboration: the host pools, then the guest's VM (vm_instance.h). Throws
  // mtesim::Error naming the setting KVM refused.
  void CreateVm();
  // Loads the image and device tree into guest memory.
  void LoadKernel(const std::string& image_path);
  // KVM_RUN on vCPU 0 (PSCI CPU_ON starts the others); with --swap-limit the reclaim
  // thread, with --migrate the migration (migration_driver.h) start beside it.
  void Start();

  // Another VM of the guest's layout, its vCPUs on board PEs from `first_pe` (a
  // migration's destination), its statistics in `stats` (a name of its own: the guest's
  // are "hypervisor"); the VMM owns it and answers its exits too.
  VmInstance& AddVm(unsigned first_pe, stats::Group& stats);

  const models::GuestBoot& boot() const { return boot_; }
  hyp::Vm& vm() { return guest_->vm(); }
  // The VMs beside the guest's (a migration's destination), in creation order.
  const std::vector<std::unique_ptr<VmInstance>>& other_vms() const { return others_; }
  VmInstance& guest() { return *guest_; }
  models::Board& board() { return board_; }
  hyp::Hypervisor& hypervisor() { return hypervisor_; }
  // Lines the guest has printed on its console (a migration may wait for some).
  uint64_t console_lines() const { return console_lines_; }
  // One line for stderr about what the host did to the VM (the migration), or "".
  std::string Summary() const;
  // The migration's transport instead of --migration-transport's (a script's policy):
  // before Start, which creates the migration. False once it exists.
  bool SetMigrationTransport(std::unique_ptr<hyp::MigrationTransport> transport);

  // Told of every exit once the VMM has answered it (a script's run-until-exit).
  using ExitObserver = std::function<void(const hyp::KvmExit&)>;
  void ObserveExits(ExitObserver observer) { exit_observer_ = std::move(observer); }

  // VmmExitHandler
  void Mmio(hyp::Vcpu& vcpu, hyp::KvmRunMmio& mmio) override;
  void SystemEvent(hyp::Vcpu& vcpu, uint32_t type) override;
  bool MemoryFault(hyp::Vcpu& vcpu, const hyp::KvmMemoryFault& fault) override;
  void InternalError(hyp::Vcpu& vcpu, uint32_t suberror, int error) override;

 private:
  // The VMM's devices answer an MMIO exit.
  void AnswerMmio(hyp::Vcpu& vcpu, hyp::KvmRunMmio& mmio);
  // Guest-physical writes for the loader: through the memslots to their backing.
  void WriteGuest(uint64_t ipa, const uint8_t* data, uint64_t size);
  VmInstance& InstanceOf(const hyp::Vcpu& vcpu);
  void RegisterStatistics(stats::Group& root);

  models::Board& board_;
  hyp::Hypervisor& hypervisor_;
  models::PlatformConfig config_;
  GuestMemoryLayout layout_;
  uint64_t console_lines_ = 0;
  models::Router devices_;
  models::Pl011 uart_;
  tlm_utils::simple_initiator_socket<Vmm> device_socket_;

  std::unique_ptr<VmInstance> guest_;
  std::vector<std::unique_ptr<VmInstance>> others_;
  std::unique_ptr<ResidentLimit> resident_limit_;
  std::unique_ptr<MigrationDriver> migration_;
  std::unique_ptr<hyp::MigrationTransport> migration_transport_;  // SetMigrationTransport's
  models::GuestBoot boot_;
  // "vmm" in the statistics: exits the VMM answered (Counter indexes them).
  enum Counter : unsigned { kMmioExits, kBusErrors, kRomWrites, kNotagaccessFaults };
  stats::Counters* counters_ = nullptr;
  uint64_t pages_sanitised_before_start_ = 0;
  ExitObserver exit_observer_;
  void Observe(const hyp::KvmExit& exit) {
    if (exit_observer_) exit_observer_(exit);
  }
};

}  // namespace mtesim::vmm
