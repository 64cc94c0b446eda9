// What a PE needs from the system around it: firmware calls, the shared instruction
// budget (--max-insns), broadcasts to the other PEs, and stopping the VM. The platform
// implements it; the hypervisor issue will put its own implementation here.
#pragma once
#include <cstdint>
#include <string>

#include "isa/tlb_invalidation.h"

namespace mtesim::models {

class ProcessingElement;

class PeHost {
 public:
  virtual ~PeHost() = default;

  // A firmware call (PSCI) over a conduit: HVC #imm where the PE has no EL2, SMC #imm not
  // trapped to EL2. Returns true when handled (the result is in the PE's registers);
  // false makes the instruction UNDEFINED.
  enum class Conduit : uint8_t { Hvc, Smc };
  virtual bool FirmwareCall(ProcessingElement& pe, Conduit conduit, uint16_t imm) = 0;

  // Instructions a PE may run before it must ask again; 0 means the VM is stopping.
  virtual uint64_t TakeInstructionBudget(uint64_t wanted) = 0;
  virtual void ReturnInstructionBudget(uint64_t unused) = 0;

  // TLBI ... IS and SEV reach every PE.
  virtual void BroadcastTlbMaintenance(ProcessingElement& from, const isa::TlbInvalidation& op) = 0;
  virtual void BroadcastEvent(ProcessingElement& from) = 0;

  // A PE powered off or halted in WFI: the host decides whether the VM can still progress.
  virtual void PeStopped(ProcessingElement& pe) = 0;

  // The VM cannot continue (e.g. a PE is stuck taking the same exception forever).
  virtual void StopVm(int exit_status, const std::string& reason) = 0;
};

}  // namespace mtesim::models
