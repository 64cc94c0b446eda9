// The VMM (the hypervisor model's user side), as QEMU is for KVM on the virt machine: it
// creates the VM through the hypervisor's KVM-like API, backs guest memory with its host
// pages in memslots (guest_memory_layout.h), loads the image and device tree into them,
// starts vCPU 0 and answers exits: MMIO to its devices (the PL011, the same model the
// board has, behind the VMM's own TLM bus; writes to the read-only flash slot, which a
// ROM drops), an access no device decodes gets a synchronous external abort (what QEMU's
// TCG gives a bus error, so guests see the same on both), NoTagAccess faults go to the
// NoTagAccess policy, and the VM's end (SYSTEM_OFF/RESET, a killed or failed vCPU) stops
// the board with platform.md's exit status.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>
#include <systemc>
#include <tlm_utils/simple_initiator_socket.h>

#include "models/board/board.h"
#include "models/bus/router.h"
#include "models/devices/pl011.h"
#include "models/hypervisor/hypervisor.h"
#include "models/hypervisor/policies/notagaccess_policy.h"
#include "models/hypervisor/vcpu_run.h"
#include "models/platform/guest_boot.h"
#include "models/platform/platform_config.h"
#include "models/vmm/guest_memory_layout.h"

namespace mtesim::vmm {

class Vmm : public sc_core::sc_module, public hyp::VmmExitHandler {
 public:
  // Creates the VMM's devices: before the board elaborates.
  Vmm(models::Board& board, hyp::Hypervisor& hypervisor, const models::PlatformConfig& config,
      const GuestMemoryLayout& layout, models::Pl011::Sink console, sc_core::sc_module_name name = "vmm");
  ~Vmm() override;

  // After elaboration: KVM_CREATE_VM, the MTE capability, memslots, vCPUs bound to PEs.
  // Throws mtesim::Error naming the setting KVM refused.
  void CreateVm();
  // Loads the image and device tree into guest memory.
  void LoadKernel(const std::string& image_path);
  // KVM_RUN on vCPU 0 (PSCI CPU_ON starts the others).
  void Start();

  const models::GuestBoot& boot() const { return boot_; }
  hyp::Vm& vm() { return *vm_; }
  nlohmann::json Statistics() const;

  // VmmExitHandler
  void Mmio(hyp::Vcpu& vcpu, hyp::KvmRunMmio& mmio) override;
  void SystemEvent(hyp::Vcpu& vcpu, uint32_t type) override;
  bool MemoryFault(hyp::Vcpu& vcpu, const hyp::KvmMemoryFault& fault) override;
  void InternalError(hyp::Vcpu& vcpu, uint32_t suberror, int error) override;

 private:
  struct Slot {
    uint32_t id;
    uint64_t ipa, size, backing;
  };
  void AddSlot(uint64_t ipa, uint64_t size, bool tag_capable, uint32_t flags, const char* what);
  // Guest-physical writes for the loader: through the memslots to their backing.
  void WriteGuest(uint64_t ipa, const uint8_t* data, uint64_t size);
  uint64_t BackingOf(uint64_t ipa, uint64_t size) const;

  models::Board& board_;
  hyp::Hypervisor& hypervisor_;
  models::PlatformConfig config_;
  GuestMemoryLayout layout_;
  models::Router devices_;
  models::Pl011 uart_;
  tlm_utils::simple_initiator_socket<Vmm> device_socket_;

  hyp::Vm* vm_ = nullptr;
  std::unique_ptr<hyp::VcpuRunner> runner_;
  std::unique_ptr<hyp::NoTagAccessPolicy> notagaccess_;
  std::vector<Slot> slots_;
  models::GuestBoot boot_;
  uint64_t mmio_exits_ = 0, bus_errors_ = 0, rom_writes_ = 0, notagaccess_faults_ = 0;
};

}  // namespace mtesim::vmm
