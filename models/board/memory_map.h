// The board's physical memory map: QEMU virt's (platform.md). Guests see the same map as
// their IPA space when they run as VMs (the VMM lays out guest memory and devices at
// these addresses).
#pragma once
#include <cstdint>

namespace mtesim::models {

// The flash is where QEMU virt has its two 64 MiB pflash banks; mtesim models it as one
// ROM that ELF images may be loaded into (firmware such as U-Boot is linked there) and
// does not describe it in the device tree.
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

}  // namespace mtesim::models
