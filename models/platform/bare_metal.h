// Guest software directly on the board, as QEMU's TCG runs it (--hypervisor none): the
// image in the board's physical memory, the boot PE powered on at its highest EL (EL1, or
// EL2 with --virtualization), and PSCI answered by firmware on the HVC conduit (SMC when
// the PEs have EL2). Its statistics ("psci.calls") are in the board's tree.
#pragma once
#include <string>

#include "models/board/board.h"
#include "models/platform/guest_boot.h"
#include "models/platform/platform_config.h"
#include "models/platform/psci.h"

namespace mtesim::models {

class BareMetal : private BoardFirmware {
 public:
  BareMetal(Board& board, const PlatformConfig& config);
  ~BareMetal() override;

  void LoadKernel(const std::string& image_path);
  const GuestBoot& boot() const { return boot_; }

 private:
  bool Call(ProcessingElement& pe, PeHost::Conduit conduit, uint16_t imm) override;

  Board& board_;
  const PlatformConfig& config_;
  PsciFirmware psci_;
  GuestBoot boot_;
};

}  // namespace mtesim::models
