// The common tail of ADD/ADDS/SUB/SUBS in all their operand forms: operand2 is already
// NOT(y) for subtraction, so the result is operand1 + operand2 + sub_op either way.
#pragma once
#include "isa/exec_context.h"
#include "isa/pseudocode.h"

namespace mtesim::isa {

// Rd = 31 names SP for the non-flag-setting immediate and extended-register forms and
// XZR everywhere else (the flag-setting forms always write XZR: CMP, CMN).
enum class Rd31 { SP, ZR };

inline void AddSubWriteBack(ExecContext& c, unsigned d, uint64_t operand1, uint64_t operand2, bool sub_op,
                            bool setflags, unsigned datasize, Rd31 rd31) {
  if (setflags) {
    const AddResult r = AddWithCarry(operand1, operand2, sub_op, datasize);
    c.SetNZCV(r.n, r.z, r.c, r.v);
    c.SetXsz(d, r.result, datasize);
  } else if (rd31 == Rd31::SP) {
    c.SetXorSP(d, Trunc(operand1 + operand2 + sub_op, datasize));
  } else {
    c.SetXsz(d, operand1 + operand2 + sub_op, datasize);
  }
}

}  // namespace mtesim::isa
