// A whole QEMU-virt-compatible system (platform.md): PEs, router, sparse RAM, PL011,
// PSCI firmware, device tree and image loading. The CLI and the Python bindings are thin
// shells over this class. SystemC elaborates once per process, so one Platform per process.
#pragma once
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>
#include <systemc>
#include <tlm_utils/simple_initiator_socket.h>

#include "models/bus/router.h"
#include "models/devices/gic/interrupt_controller.h"
#include "models/devices/pl011.h"
#include "models/memory/sparse_ram.h"
#include "models/memory/tag_storage_memory.h"
#include "models/pe/code_cache.h"
#include "models/pe/pe_host.h"
#include "models/pe/processing_element.h"
#include "models/platform/image_loader.h"
#include "models/platform/platform_config.h"
#include "models/platform/psci.h"

namespace mtesim::models {

// Physical memory map (platform.md). The flash is where QEMU virt has its two 64 MiB
// pflash banks; mtesim models it as one ROM that ELF images may be loaded into
// (firmware such as U-Boot is linked there) and does not describe it in the device tree.
constexpr uint64_t kFlashBase = 0x00000000, kFlashSize = 0x08000000;
constexpr uint64_t kUartBase = 0x09000000, kUartSize = 0x1000;
// The GIC's frames (QEMU virt's VIRT_GIC_*): the distributor, GICv2's CPU interface and
// its virtualization frames (GICH, GICV), GICv3's redistributor region (room for 123 PEs,
// two 64 KiB frames each).
constexpr uint64_t kGicDistributorBase = 0x08000000, kGicDistributorSize = 0x10000;
constexpr uint64_t kGicCpuInterfaceBase = 0x08010000, kGicCpuInterfaceSize = 0x10000;
constexpr uint64_t kGicHypInterfaceBase = 0x08030000, kGicHypInterfaceSize = 0x10000;
constexpr uint64_t kGicVirtualCpuBase = 0x08040000, kGicVirtualCpuSize = 0x10000;
constexpr uint64_t kGicRedistributorBase = 0x080A0000, kGicRedistributorSize = 0xF60000;
constexpr uint64_t kRamBase = 0x40000000;

struct RunResult {
  int exit_status = 0;   // platform.md: 0 powered off, 2 stopped abnormally, 3 --max-insns
  std::string reason;    // why it stopped, for stderr
  uint64_t instructions = 0;
  double simulated_seconds = 0;
  double host_seconds = 0;
};

class Platform : public sc_core::sc_module, private PeHost {
 public:
  using ConsoleSink = Pl011::Sink;
  Platform(const PlatformConfig& config, ConsoleSink console, sc_core::sc_module_name name = "mtesim");
  ~Platform() override;

  // Loads the image and the generated device tree; the boot PE starts at the entry with
  // x0 = the device tree's address. Throws mtesim::Error for a bad image.
  void LoadKernel(const std::string& image_path);
  const LoadedImage& image() const { return image_; }
  uint64_t device_tree_address() const { return dtb_address_; }

  // Every retired instruction, one line each ("pe pc insn el"), to `out`.
  void TraceInstructionsTo(FILE* out);

  RunResult Run();

  // Host-side (debug) access to guest physical memory through the interconnect.
  void WritePhysical(uint64_t pa, const uint8_t* data, uint64_t size);
  void ReadPhysical(uint64_t pa, uint8_t* data, uint64_t size);

  nlohmann::json Statistics() const;
  const PlatformConfig& config() const { return config_; }
  ProcessingElement& pe(unsigned i) { return *pes_.at(i); }

 private:
  // PeHost
  bool FirmwareCall(ProcessingElement& pe, Conduit conduit, uint16_t imm) override;
  uint64_t TakeInstructionBudget(uint64_t wanted) override;
  void ReturnInstructionBudget(uint64_t unused) override;
  void BroadcastTlbMaintenance(ProcessingElement& from, const isa::TlbInvalidation& op) override;
  void BroadcastEvent(ProcessingElement& from) override;
  void PeStopped(ProcessingElement& pe) override;
  void PeReset(ProcessingElement& pe) override;
  void PeSleeping(ProcessingElement& pe, bool asleep) override;
  bool OtherPeMayStore(const ProcessingElement& pe) const override;
  void TimerOutputChanged(ProcessingElement& pe, isa::GenericTimer timer, bool level) override;
  void StopVm(int exit_status, const std::string& reason) override;

  void DebugTransport(tlm::tlm_command cmd, uint64_t pa, uint8_t* data, uint64_t size);
  static void TraceLine(void* cookie, unsigned pe, uint64_t pc, uint32_t insn, uint8_t el);

  PlatformConfig config_;
  std::unique_ptr<Router> router_;
  std::unique_ptr<TagStorageMemory> ram_;
  std::unique_ptr<SparseRam> flash_;
  std::unique_ptr<Pl011> uart_;
  std::unique_ptr<InterruptController> gic_;
  std::vector<std::unique_ptr<ProcessingElement>> pe_storage_;
  std::vector<ProcessingElement*> pes_;
  std::unique_ptr<CodeCache> code_;
  PsciFirmware psci_;
  tlm_utils::simple_initiator_socket<Platform> loader_socket_;

  LoadedImage image_;
  uint64_t dtb_address_ = 0;
  bool loaded_ = false;
  bool elaborated_ = false;
  bool running_ = false;

  unsigned pes_asleep_ = 0;  // powered on but waiting in WFI/WFE
  uint64_t budget_remaining_ = 0;
  bool stopping_ = false;
  RunResult result_;
  FILE* trace_ = nullptr;
};

}  // namespace mtesim::models
