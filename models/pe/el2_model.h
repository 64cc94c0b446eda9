// The seam between a PE and EL2 software written as a model (the hypervisor model,
// models/hypervisor/): a PE with one attached hands it every exception it takes to EL2
// instead of running code at VBAR_EL2. The PE has already entered EL2 as the architecture
// says (ESR/ELR/SPSR/FAR/HPFAR_EL2 written, PSTATE EL2h); the model acts as the EL2 code
// would and leaves the PE in the state it continues in: returned to the guest (ERET),
// running another vCPU after a world switch, or powered off. It runs on the PE's thread,
// between instructions, so it may change any PE state.
#pragma once

namespace mtesim::models {

class ProcessingElement;

class El2Model {
 public:
  virtual ~El2Model() = default;
  // Returns whether the trapping guest instruction counts as executed (against
  // --max-insns and in the PE's instruction count): it completed (emulated, or a call
  // that returns after it) or took an exception, as it would count on a machine without
  // the model; false when it runs again unchanged (a stage-2 fault the model resolved is
  // invisible to the guest).
  virtual bool ExceptionToEl2(ProcessingElement& pe) = 0;
};

}  // namespace mtesim::models
