// The system register accesses the hypervisor model makes on a PE as EL2 code would
// (the PE checks and performs them, with every side effect: a timer reprogrammed, a GIC
// interrupt acknowledged): the MRS/MSR instruction word for a register named as in the
// system register table, with Rt = XZR (the value is passed directly).
#pragma once
#include <cstdint>

#include "isa/system_registers.h"
#include "models/pe/processing_element.h"

namespace mtesim::hyp {

inline uint32_t SysregAccessInsn(const char* name, bool read) {
  const isa::SystemRegisterInfo* r = isa::FindSystemRegister(name);
  return 0xD5000000u | uint32_t{read} << 21 | uint32_t{r->op0} << 19 | uint32_t{r->op1} << 16 | uint32_t{r->crn} << 12 |
         uint32_t{r->crm} << 8 | uint32_t{r->op2} << 5 | 31u;
}

// MSR <name>, value at EL2. `insn` from SysregAccessInsn(name, false), computed once.
inline void WriteAtEl2(models::ProcessingElement& pe, uint32_t insn, uint64_t value) {
  pe.WriteSystemRegister(isa::Insn{insn}, value);
}

}  // namespace mtesim::hyp
