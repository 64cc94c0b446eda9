// Run scenarios of guests with an in-kernel vGIC (models/hypervisor/vgic/).
#pragma once
#include <string>

namespace hyp_run {

// An interrupt-controller conformance guest (tests/guests/irq) in a VM with a vGIC of
// `version` and `vcpus` vCPUs on as many PEs prints the bare run's expected bytes.
int IrqGuest(const std::string& elf, const std::string& expected, unsigned version, unsigned vcpus);

}  // namespace hyp_run
