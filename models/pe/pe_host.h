// What a PE needs from the system around it: firmware calls, the shared instruction
// budget (--max-insns), broadcasts to the other PEs, and stopping the VM. The platform
// implements it; the hypervisor issue will put its own implementation here.
#pragma once
#include <cstdint>
#include <string>

namespace mtesim::models {

class ProcessingElement;

class PeHost {
 public:
  virtual ~PeHost() = default;

  // HVC #imm from EL1. Returns true when handled (the result is in the PE's registers).
  virtual bool Hypercall(ProcessingElement& pe, uint16_t imm) = 0;

  // Instructions a PE may run before it must ask again; 0 means the VM is stopping.
  virtual uint64_t TakeInstructionBudget(uint64_t wanted) = 0;
  virtual void ReturnInstructionBudget(uint64_t unused) = 0;

  // TLBI ... IS and SEV reach every PE.
  virtual void BroadcastTlbMaintenance(ProcessingElement& from, unsigned op2, uint64_t operand) = 0;
  virtual void BroadcastEvent(ProcessingElement& from) = 0;

  // A PE powered off or halted in WFI: the host decides whether the VM can still progress.
  virtual void PeStopped(ProcessingElement& pe) = 0;

  // The VM cannot continue (e.g. a PE is stuck taking the same exception forever).
  virtual void StopVm(int exit_status, const std::string& reason) = 0;
};

}  // namespace mtesim::models
