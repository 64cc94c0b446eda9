// What a PE tells an observer besides its memory accesses (those go through the
// memory-access seam, models/pe/memory_access.h): each instruction that retired, each
// exception it took, and each translation that missed its first-level TLB (what timing
// mode charges translation_cycles for). Traces (traces/) are the observers. With no
// observer attached the PE runs an execute loop without these calls at all, so the cost
// of one virtual call per instruction is paid only while observed.
#pragma once
#include <cstdint>

#include "isa/insn_class.h"

namespace mtesim::models {

struct RetiredInsn {
  uint64_t pc = 0;
  uint32_t insn = 0;  // the instruction word
  uint8_t el = 0;     // the EL it executed at
  isa::InsnClass insn_class = isa::InsnClass::IntAlu;
};

struct TakenException {
  enum class Kind : uint8_t { Synchronous, Irq, Fiq, SError };
  Kind kind = Kind::Synchronous;
  uint8_t from_el = 0, to_el = 0;
  uint64_t esr = 0;  // ESR_ELx of the target EL (synchronous exceptions)
  uint64_t far = 0;  // FAR_ELx of the target EL (meaningful for aborts)
  uint64_t elr = 0;  // the preferred return address
  uint64_t vector = 0;
};

class PeObserver {
 public:
  virtual ~PeObserver() = default;
  // After the instruction's semantics ran (an instruction that took a synchronous
  // exception did not retire and is not reported; its accesses were).
  virtual void Retired(unsigned pe, const RetiredInsn& insn) = 0;
  virtual void ExceptionTaken(unsigned pe, const TakenException& exception) = 0;
  // A data access missed the first-level TLB and took the translation path.
  virtual void SlowTranslation(unsigned pe) = 0;
};

}  // namespace mtesim::models
