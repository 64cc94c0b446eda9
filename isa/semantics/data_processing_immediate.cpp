// Data processing -- immediate (C4.1.4): PC-relative addressing, add/subtract, logical,
// move wide, bitfield, extract.
#include "isa/exec_context.h"
#include "isa/pseudocode.h"

namespace mtesim::isa {

void PcRelativeAddressing(ExecContext& c, Insn i) {
  const uint64_t imm = (i.field(23, 5) << 2) | i.field(30, 29);
  if (i.bit(31)) {  // ADRP
    const int64_t offset = SignExtend(imm, 21) << 12;
    c.SetX(i.Rd(), (c.s.PC & ~uint64_t{0xFFF}) + offset);
  } else {
    c.SetX(i.Rd(), c.s.PC + SignExtend(imm, 21));
  }
}

}  // namespace mtesim::isa
