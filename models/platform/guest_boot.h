// What a guest finds when it boots, wherever it runs (on the board itself, or as a VM of
// the hypervisor model): its image loaded by QEMU's -kernel rules into guest-physical
// memory and the generated device tree above it (platform.md, boot protocol). The caller
// says how guest-physical memory is written: the board's physical memory, or the VM's
// memslots through the VMM.
#pragma once
#include <cstdint>
#include <string>

#include "models/platform/image_loader.h"
#include "models/platform/platform_config.h"

namespace mtesim::models {

struct GuestBoot {
  LoadedImage image;
  uint64_t dtb_address = 0;
};

// The device tree the guest of `config` reads: its PEs (or vCPUs), RAM, PL011, timer and
// GIC. `el2`: the guest's PEs implement EL2 (PSCI over SMC, GIC maintenance interrupt
// and, with GICv2, the hypervisor frames described).
std::vector<uint8_t> GuestDeviceTree(const PlatformConfig& config, bool el2);

// Loads `image_path` and the device tree; throws mtesim::Error naming the image when it
// is bad or leaves no room for the device tree.
GuestBoot LoadGuest(const std::string& image_path, const PlatformConfig& config, bool el2,
                    const PhysicalWriter& guest_memory);

}  // namespace mtesim::models
