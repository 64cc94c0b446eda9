// PSCI 1.1 over the HVC conduit, or the SMC conduit when the PEs have EL2 (platform.md,
// firmware interface), as firmware would answer it: CPU_ON/OFF, AFFINITY_INFO, SYSTEM_OFF/RESET, PSCI_VERSION, PSCI_FEATURES.
// Unknown function IDs return NOT_SUPPORTED.
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include "models/stats/statistics.h"

namespace mtesim::models {

class ProcessingElement;

namespace psci {
constexpr uint32_t kVersion = 0x84000000, kCpuSuspend32 = 0x84000001, kCpuOff = 0x84000002, kCpuOn32 = 0x84000003,
                   kAffinityInfo32 = 0x84000004, kMigrateInfoType = 0x84000006, kSystemOff = 0x84000008,
                   kSystemReset = 0x84000009, kFeatures = 0x8400000A, kCpuSuspend64 = 0xC4000001,
                   kCpuOn64 = 0xC4000003, kAffinityInfo64 = 0xC4000004;
constexpr int64_t kSuccess = 0, kNotSupported = -1, kInvalidParameters = -2, kAlreadyOn = -4, kInvalidAddress = -9;
constexpr int64_t kVersion1_1 = 0x00010001;  // what PSCI_VERSION answers (major 1, minor 1)

// PSCI_FEATURES: SUCCESS for the functions implemented (the same set by the bare-metal
// firmware and the hypervisor model), NOT_SUPPORTED for the rest.
constexpr int64_t Features(uint32_t function) {
  switch (function) {
    case kVersion: case kCpuOff: case kCpuOn32: case kCpuOn64: case kAffinityInfo32: case kAffinityInfo64:
    case kMigrateInfoType: case kSystemOff: case kSystemReset: case kFeatures:
      return kSuccess;
    default:
      return kNotSupported;
  }
}
}  // namespace psci

class PsciFirmware {
 public:
  enum class SystemEvent { None, Off, Reset };
  // Its calls are counted in `stats` ("psci" in the statistics tree).
  PsciFirmware(std::vector<ProcessingElement*>& pes, stats::Group& stats)
      : pes_(pes), calls_(stats.AddCounters({{"calls", "PSCI calls the firmware answered"}})) {}

  // Handle the call in `caller`'s X0..X3; the result goes to X0. Returns the system-level
  // event the call asked for, which the platform acts on.
  SystemEvent Call(ProcessingElement& caller);

  uint64_t calls() const { return calls_[0]; }

 private:
  ProcessingElement* FindByMpidr(uint64_t mpidr) const;
  std::vector<ProcessingElement*>& pes_;
  stats::Counters& calls_;
};

}  // namespace mtesim::models
