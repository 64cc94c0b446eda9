// Run scenarios of guests with an in-kernel vGIC (models/hypervisor/vgic/).
#pragma once
#include <string>

namespace hyp_run {

// An interrupt-controller conformance guest (tests/guests/irq) in a VM with a vGIC of
// `version` and `vcpus` vCPUs on as many PEs prints the bare run's expected bytes. With
// `min_asleep` > 0, the last PE must have spent at least that many simulated seconds in
// WFI (a vCPU woken from WFI by its timer through the host GIC and the vGIC).
int IrqGuest(const std::string& elf, const std::string& expected, unsigned version, unsigned vcpus,
             double min_asleep = 0);

}  // namespace hyp_run
