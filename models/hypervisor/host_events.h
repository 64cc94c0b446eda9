// What the hypervisor model tells a tracer about the host's side of a run, beside the
// VM exits the VMM reports: which vCPU each PE runs (world switches in and out) and the
// phases of a live migration. Traces (traces/recorder.h) implement it; with no observer
// set nothing is reported. Called at world switches and phase changes only, never per
// instruction.
#pragma once
#include <string>

namespace mtesim::hyp {

class HostEventObserver {
 public:
  virtual ~HostEventObserver() = default;
  // PE `pe` entered (world switch in) or left (out) vCPU `vcpu` of the VM with `vmid`.
  virtual void VcpuOnPe(unsigned pe, unsigned vmid, unsigned vcpu, bool entered) = 0;
  // A live migration entered `phase` ("precopy round 0", "stop-and-copy", "postcopy",
  // ...); "" when it is over.
  virtual void MigrationPhase(const std::string& phase) = 0;
};

}  // namespace mtesim::hyp
