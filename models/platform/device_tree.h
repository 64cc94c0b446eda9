// Builds the flattened device tree a QEMU-virt guest expects (platform.md, boot protocol)
// with libfdt's sequential-write API: memory, cpus (PSCI enable-method), psci, the PL011,
// chosen (bootargs, stdout-path), the architected timer and the GIC, node for node as
// QEMU's hw/arm/virt.c writes them (what QEMU describes but mtesim does not model, e.g.
// the GICv2m MSI frame, PCIe, virtio, is left out).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace mtesim::models {

struct DeviceTreeSpec {
  uint64_t ram_base = 0, ram_size = 0;
  unsigned cpus = 1;
  std::vector<uint32_t> cpu_affinity;  // per CPU: its MPIDR affinity (the node's reg); index if empty
  uint64_t uart_base = 0, uart_size = 0;
  std::string bootargs;
  std::string psci_method = "hvc";  // the firmware conduit: "hvc", or "smc" with EL2
  // The interrupt controller: its version (2 or 3), its MMIO frames, and whether the PEs
  // have EL2 (then the GIC's maintenance interrupt, and GICv2's hypervisor frames, are
  // described).
  struct Gic {
    unsigned version = 3;
    uint64_t distributor_base = 0, distributor_size = 0;
    uint64_t cpu_interface_base = 0, cpu_interface_size = 0;  // GICv2
    uint64_t hyp_interface_base = 0, hyp_interface_size = 0;  // GICv2 with EL2: GICH
    uint64_t virtual_cpu_base = 0, virtual_cpu_size = 0;      // GICv2 with EL2: GICV
    uint64_t redistributor_base = 0, redistributor_size = 0;  // GICv3
    bool virtualization = false;
  } gic;
  unsigned uart_spi = 1;  // the PL011's SPI number (INTID 32 + n)
};

std::vector<uint8_t> BuildDeviceTree(const DeviceTreeSpec& spec);

}  // namespace mtesim::models
