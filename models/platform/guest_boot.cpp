#include "models/platform/guest_boot.h"

#include "models/board/memory_map.h"
#include "models/devices/gic/interrupt_controller.h"
#include "models/error.h"
#include "models/platform/device_tree.h"

namespace mtesim::models {

namespace {
constexpr uint64_t kDeviceTreeAlign = 2ull << 20;
}  // namespace

std::vector<uint8_t> GuestDeviceTree(const PlatformConfig& config, bool el2) {
  DeviceTreeSpec spec;
  spec.ram_base = kRamBase;
  spec.ram_size = config.memory_bytes;
  spec.cpus = config.smp;
  for (unsigned i = 0; i < config.smp; ++i) spec.cpu_affinity.push_back(config.PeAffinity(i));
  spec.uart_base = kUartBase;
  spec.uart_size = kUartSize;
  spec.bootargs = config.bootargs;
  spec.psci_method = el2 ? "smc" : "hvc";
  spec.gic.version = config.EffectiveGicVersion();
  spec.gic.distributor_base = kGicDistributorBase;
  spec.gic.distributor_size = kGicDistributorSize;
  spec.gic.cpu_interface_base = kGicCpuInterfaceBase;
  spec.gic.cpu_interface_size = kGicCpuInterfaceSize;
  spec.gic.hyp_interface_base = kGicHypInterfaceBase;
  spec.gic.hyp_interface_size = kGicHypInterfaceSize;
  spec.gic.virtual_cpu_base = kGicVirtualCpuBase;
  spec.gic.virtual_cpu_size = kGicVirtualCpuSize;
  spec.gic.redistributor_base = kGicRedistributorBase;
  spec.gic.redistributor_size = kGicRedistributorSize;
  spec.gic.virtualization = el2;
  spec.uart_spi = kUartSpi - 32;
  return BuildDeviceTree(spec);
}

GuestBoot LoadGuest(const std::string& image_path, const PlatformConfig& config, bool el2,
                    const PhysicalWriter& guest_memory) {
  GuestBoot boot;
  boot.image = LoadImage(image_path, kRamBase, config.memory_bytes, guest_memory, {{"flash", kFlashBase, kFlashSize}});
  const std::vector<uint8_t> dtb = GuestDeviceTree(config, el2);
  // Above the image (platform.md); an image entirely outside RAM (firmware in flash) gets
  // it at the start of RAM, where QEMU puts it in that case and such firmware looks.
  const LoadedImage& image = boot.image;
  const bool image_in_ram = image.end > kRamBase && image.lowest < kRamBase + config.memory_bytes;
  boot.dtb_address = image_in_ram ? (image.end + kDeviceTreeAlign - 1) & ~(kDeviceTreeAlign - 1) : kRamBase;
  if (boot.dtb_address + dtb.size() > kRamBase + config.memory_bytes)
    throw Error(image_path + ": the image leaves no room in RAM for the device tree (use a larger --memory)");
  guest_memory.write(boot.dtb_address, dtb.data(), dtb.size());
  return boot;
}

}  // namespace mtesim::models
