// A VM on the host board as a VMM would set one up: KVM_CREATE_VM, optional MTE, one
// memslot of RAM at the guest's RAM base backed by VMM pages, vCPUs bound to PEs, and
// the run loop (VcpuRunner) with the test VMM behind it.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "host_board.h"
#include "models/hypervisor/hypervisor.h"
#include "models/hypervisor/kvm_api.h"
#include "models/hypervisor/vcpu_run.h"
#include "test_vmm.h"

namespace hyp_run {

constexpr uint64_t kGuestRamBase = 0x40000000;  // the IPA the guest images are linked at
constexpr uint64_t kGuestGicDistributor = 0x08000000, kGuestGicCpuInterface = 0x08010000,
                   kGuestGicRedistributors = 0x080A0000;

struct GuestVm {
  // `notagaccess`: KVM_CAP_ARM_MTE_PERM, so slots without tag storage map NoTagAccess.
  // `shared`: a second VM of the same hypervisor (a migration's destination), else the VM
  // gets a hypervisor of its own. vCPU i runs on PE first_pe + i / vcpus_per_pe (the
  // hypervisor time-slices the vCPUs that share a PE).
  GuestVm(HostBoard& board, uint64_t mte_level, uint64_t ram_size, unsigned vcpus, bool notagaccess = false,
          mtesim::hyp::Hypervisor* shared = nullptr, unsigned first_pe = 0, unsigned vcpus_per_pe = 1);

  // Loads an ELF image's PT_LOAD segments into the slot (by IPA); returns the entry.
  uint64_t LoadElf(const std::string& path);
  // Writes instruction words at `ipa` in the slot.
  void WriteCode(uint64_t ipa, const std::vector<uint32_t>& code);
  // KVM_SET_USER_MEMORY_REGION again for the RAM slot (0) with new flags.
  int SetRamFlags(uint32_t flags);
  // Adds memslot `slot` at `ipa` backed by host pages without tag storage.
  int AddUntaggedSlot(uint32_t slot, uint64_t ipa, uint64_t size);
  // The VMM's in-kernel GIC as QEMU's virt sets it up with KVM: KVM_CREATE_DEVICE for
  // vGIC version 2 or 3, the frames at virt's addresses (distributor 0x08000000, GICv2
  // CPU interface 0x08010000, GICv3 redistributors 0x080A0000), then CTRL_INIT.
  // Returns 0 or the first failing call's errno.
  int AddVgic(unsigned version);
  // Resets vCPU `id` to enter at `pc` with x0 = `x0` (EL1h, DAIF masked, MMU off).
  void ResetVcpu(unsigned id, uint64_t pc, uint64_t x0 = 0);

  HostBoard& board;
  std::unique_ptr<mtesim::hyp::Hypervisor> own_hyp;
  mtesim::hyp::Hypervisor& hyp;
  mtesim::hyp::Vm* vm = nullptr;
  TestVmm vmm;
  std::unique_ptr<mtesim::hyp::VcpuRunner> runner;
  uint64_t backing = 0, ram_size = 0;
};

}  // namespace hyp_run
