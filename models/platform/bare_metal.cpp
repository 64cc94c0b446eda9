#include "models/platform/bare_metal.h"

#include <algorithm>
#include <vector>

namespace mtesim::models {

namespace {
constexpr unsigned kBootPe = 0;
}  // namespace

BareMetal::BareMetal(Board& board, const PlatformConfig& config)
    : board_(board), config_(config), psci_(board.pes(), board.statistics().root().Child("psci")) {
  board_.SetFirmware(this);
}

BareMetal::~BareMetal() { board_.SetFirmware(nullptr); }

void BareMetal::LoadKernel(const std::string& image_path) {
  PhysicalWriter writer;
  writer.write = [this](uint64_t pa, const uint8_t* bytes, uint64_t size) { board_.WritePhysical(pa, bytes, size); };
  writer.zero = [this](uint64_t pa, uint64_t size) {
    // Fresh RAM reads as zero already; clear anyway in case of overlapping segments.
    std::vector<uint8_t> zeros(std::min<uint64_t>(size, 1u << 20));
    for (uint64_t done = 0; done < size; done += zeros.size())
      board_.WritePhysical(pa + done, zeros.data(), std::min<uint64_t>(zeros.size(), size - done));
  };
  boot_ = LoadGuest(image_path, config_, config_.virtualization, writer);
  ProcessingElement& pe = board_.pe(kBootPe);
  pe.PowerOn(boot_.image.entry, boot_.dtb_address, pe.BootEl());
}

bool BareMetal::Call(ProcessingElement& pe, PeHost::Conduit conduit, uint16_t imm) {
  // PSCI answers on one conduit: HVC #0, or SMC #0 when the PEs have EL2 (as QEMU virt
  // with virtualization=on); other immediates are not firmware calls.
  const PeHost::Conduit psci_conduit = config_.virtualization ? PeHost::Conduit::Smc : PeHost::Conduit::Hvc;
  if (conduit != psci_conduit || imm != 0) return false;
  switch (psci_.Call(pe)) {
    case PsciFirmware::SystemEvent::Off:
      board_.Stop(0, "");
      break;
    case PsciFirmware::SystemEvent::Reset:
      board_.Stop(0, "the guest asked for a system reset; mtesim stops instead of rebooting");
      break;
    case PsciFirmware::SystemEvent::None:
      break;
  }
  return true;
}

}  // namespace mtesim::models
