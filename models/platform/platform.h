// A whole QEMU-virt-compatible system as the command line and the Python bindings see it:
// the board (models/board/) and what runs on it, chosen by PlatformConfig::RunsAsVm():
//  - the hypervisor model (models/hypervisor/) with its VMM (models/vmm/), the guest a VM
//    on a board whose PEs have EL2 (the default; the guest still sees the virt machine);
//  - or bare metal (bare_metal.h), the guest directly on the PEs with PSCI firmware, as
//    QEMU's TCG runs it (--hypervisor none, and --virtualization: guest software at EL2).
// SystemC elaborates once per process, so one Platform per process.
#pragma once
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "models/board/board.h"
#include "models/devices/pl011.h"
#include "models/hypervisor/kvm_run.h"
#include "models/platform/image_loader.h"
#include "models/platform/platform_config.h"

namespace mtesim::hyp {
class HostPhysicalMemory;
class HostPageAllocator;
class Hypervisor;
}  // namespace mtesim::hyp
namespace mtesim::vmm {
class Vmm;
class ScriptVmm;
}  // namespace mtesim::vmm

namespace mtesim::models {

class BareMetal;

// The board `config` builds (what a trace replay rebuilds without a Platform): its RAM,
// the guest's memory for a bare-metal guest, the host's pools under the hypervisor model
// (models/vmm/guest_memory_layout.h); and its PEs. `config` must be valid.
uint64_t BoardRamBytes(const PlatformConfig& config);
unsigned BoardPeCount(const PlatformConfig& config);

class Platform {
 public:
  using ConsoleSink = Pl011::Sink;
  // Throws mtesim::Error naming the setting at fault.
  Platform(const PlatformConfig& config, ConsoleSink console);
  ~Platform();

  // Loads the image and the generated device tree into guest memory; the boot PE (vCPU)
  // starts at the entry with x0 = the device tree's address. Throws mtesim::Error for a
  // bad image.
  void LoadKernel(const std::string& image_path);
  const LoadedImage& image() const;
  uint64_t device_tree_address() const;

  // Told of every VM exit the VMM answered (traces); none in bare mode or with a script VMM.
  void ObserveVmExits(std::function<void(const hyp::KvmExit&)> observer) { exit_observers_.push_back(std::move(observer)); }
  // Runs to the end (the guest powers off, the VM stops, --max-insns).
  RunResult Run() { return RunFor(0); }
  // Runs, or resumes a paused run, until the machine stops, or `instructions` more have
  // retired over all PEs (0: no limit), or, with `until_vm_exit`, the VMM has answered
  // the guest's next VM exit (then last_exit() says which). A finished machine returns
  // its final result again. Scripts and notebooks step through a guest this way.
  RunResult RunFor(uint64_t instructions, bool until_vm_exit = false);
  // The exit that paused the last RunFor(..., true), if it paused for one.
  const hyp::KvmExit* last_exit() const { return has_exit_ ? &last_exit_ : nullptr; }
  bool runs_as_vm() const { return vmm_ != nullptr; }

  // Host-side access to the guest's physical address space (the IPA space under the
  // hypervisor model, through the memslots to their backing: a swapped-out page is
  // brought back first), between runs: data, and allocation tags one per 16-byte
  // granule in bits [3:0] (tag ranges granule aligned; memory without tag storage reads
  // 0 and ignores writes). Throws mtesim::Error naming an address that is not guest
  // memory, or a misaligned tag range.
  void ReadGuestMemory(uint64_t address, uint8_t* data, uint64_t size);
  void WriteGuestMemory(uint64_t address, const uint8_t* data, uint64_t size);
  void ReadGuestTags(uint64_t address, uint64_t size, uint8_t* tags);
  void WriteGuestTags(uint64_t address, uint64_t size, const uint8_t* tags);

  // The PEs (the host's under the hypervisor model: vCPU i runs on PE i mod PEs).
  unsigned pe_count() const { return board_->pe_count(); }
  ProcessingElement& pe(unsigned index);
  Board& board() { return *board_; }
  // The hypervisor model's halves (nullptr for a bare-metal guest).
  hyp::Hypervisor* hypervisor() { return hypervisor_.get(); }
  vmm::Vmm* vmm() { return vmm_.get(); }
  // With config "vmm": "script", the VMM a script drives (no built-in VMM, no image:
  // the script creates and runs the VMs; the guest memory accessors then take host PAs).
  vmm::ScriptVmm* script_vmm() { return script_vmm_.get(); }

  // The statistics tree of the board and of everything running on it (the VMM, the
  // hypervisor's VMs, a migration, bare-metal firmware): --stats writes Statistics(), its
  // JSON; statistics() gives the tree itself for snapshots and resets (a region of
  // interest: TakeSnapshot, then ToJson(&snapshot); or Reset).
  nlohmann::json Statistics() const;
  stats::Tree& statistics() { return board_->statistics(); }
  // One line about what the host did to the VM (a live migration), or "".
  std::string Summary() const;
  const PlatformConfig& config() const { return config_; }

 private:
  PlatformConfig config_;
  std::unique_ptr<Board> board_;
  // Bare metal.
  std::unique_ptr<BareMetal> bare_;
  // The hypervisor model: the host kernel's memory port, page pools and KVM, and the VMM.
  std::unique_ptr<hyp::HostPhysicalMemory> host_memory_;
  std::unique_ptr<hyp::HostPageAllocator> host_pages_;
  std::unique_ptr<hyp::Hypervisor> hypervisor_;
  std::unique_ptr<vmm::Vmm> vmm_;
  std::unique_ptr<vmm::ScriptVmm> script_vmm_;
  bool loaded_ = false;
  bool pause_on_exit_ = false;
  bool has_exit_ = false;
  hyp::KvmExit last_exit_;
  std::vector<std::function<void(const hyp::KvmExit&)>> exit_observers_;
  // Guest address -> host PA of [address, address + size) within one page; throws.
  uint64_t HostAddressOf(uint64_t address, uint64_t size, const char* what);
  template <typename F> void ForEachGuestPage(uint64_t address, uint64_t size, const char* what, F&& f);
};

}  // namespace mtesim::models
