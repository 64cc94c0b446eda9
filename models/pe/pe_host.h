// What a PE needs from the system around it: firmware calls, the shared instruction
// budget (--max-insns), broadcasts to the other PEs, and stopping the VM. The platform
// implements it; the hypervisor issue will put its own implementation here.
#pragma once
#include <cstdint>
#include <string>

#include "isa/generic_timer.h"
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

  // Instructions a PE may run before it must ask again; 0 means the VM is stopping or
  // the run is pausing, and the PE then calls WaitForBudget (from its thread), which
  // returns when the run resumes (never, when the VM stops).
  virtual uint64_t TakeInstructionBudget(uint64_t wanted) = 0;
  virtual void ReturnInstructionBudget(uint64_t unused) = 0;
  virtual void WaitForBudget() = 0;

  // TLBI ... IS and SEV reach every PE.
  virtual void BroadcastTlbMaintenance(ProcessingElement& from, const isa::TlbInvalidation& op) = 0;
  virtual void BroadcastEvent(ProcessingElement& from) = 0;

  // A PE powered off or halted: the host decides whether the VM can still progress.
  virtual void PeStopped(ProcessingElement& pe) = 0;
  // A PE was reset and powered on (boot, PSCI CPU_ON): per-PE state outside it resets.
  virtual void PeReset(ProcessingElement& pe) = 0;
  // A PE went to sleep in WFI/WFE (asleep) or woke up.
  virtual void PeSleeping(ProcessingElement& pe, bool asleep) = 0;
  // Whether some PE other than `pe` may store to memory without an interrupt first: it
  // is running, or asleep in WFE (which it may leave at any quantum).
  virtual bool OtherPeMayStore(const ProcessingElement& pe) const = 0;

  // A generic timer's output (the level of its PPI) changed.
  virtual void TimerOutputChanged(ProcessingElement& pe, isa::GenericTimer timer, bool level) = 0;

  // The VM cannot continue (e.g. a PE is stuck taking the same exception forever).
  virtual void StopVm(int exit_status, const std::string& reason) = 0;
};

}  // namespace mtesim::models
