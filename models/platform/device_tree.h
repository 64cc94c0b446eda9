// Builds the flattened device tree a QEMU-virt guest expects (platform.md, boot protocol)
// with libfdt's sequential-write API: memory, cpus (PSCI enable-method), psci, the PL011,
// chosen (bootargs, stdout-path) and the architected timer.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace mtesim::models {

struct DeviceTreeSpec {
  uint64_t ram_base = 0, ram_size = 0;
  unsigned cpus = 1;
  uint64_t uart_base = 0, uart_size = 0;
  std::string bootargs;
  std::string psci_method = "hvc";  // the firmware conduit: "hvc", or "smc" with EL2
};

std::vector<uint8_t> BuildDeviceTree(const DeviceTreeSpec& spec);

}  // namespace mtesim::models
