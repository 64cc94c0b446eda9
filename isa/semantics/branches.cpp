// Branches (C6.2: B, BL, B.cond, CBZ/CBNZ, TBZ/TBNZ, BR/BLR/RET, ERET) and exception
// generation (SVC, HVC, SMC, BRK).
#include "isa/exec_context.h"

namespace mtesim::isa {

void UnconditionalBranchImmediate(ExecContext& c, Insn i) {
  const int64_t offset = SignExtend(i.field(25, 0), 26) * 4;
  if (i.bit(31)) c.SetX(30, c.s.PC + 4);  // BL
  c.npc = c.s.PC + offset;
}

void ConditionalBranchImmediate(ExecContext& c, Insn i) {
  const int64_t offset = SignExtend(i.field(23, 5), 19) * 4;
  if (ConditionHolds(c.s.PSTATE, i.field(3, 0))) c.npc = c.s.PC + offset;
}

void CompareAndBranch(ExecContext& c, Insn i) {
  const int64_t offset = SignExtend(i.field(23, 5), 19) * 4;
  const bool iszero = c.Xsz(i.Rt(), i.datasize()) == 0;
  const bool branch_if_nonzero = i.bit(24);
  if (iszero != branch_if_nonzero) c.npc = c.s.PC + offset;
}

void TestAndBranch(ExecContext& c, Insn i) {
  const unsigned bit_pos = (i.field(31, 31) << 5) | i.field(23, 19);
  const int64_t offset = SignExtend(i.field(18, 5), 14) * 4;
  const bool bit_val = Bit(c.X(i.Rt()), bit_pos);
  const bool op = i.bit(24);  // TBNZ
  if (bit_val == op) c.npc = c.s.PC + offset;
}

void UnconditionalBranchRegister(ExecContext& c, Insn i) {
  const uint64_t target = c.X(i.Rn());
  if (i.field(22, 21) == 1) c.SetX(30, c.s.PC + 4);  // BLR (after reading Rn: BLR X30 works)
  c.npc = target;
}

void ExceptionReturnInsn(ExecContext& c, Insn) {
  if (c.s.PSTATE.EL == 0) c.Undefined();
  c.ExceptionReturn();
}

void ExceptionGeneration(ExecContext& c, Insn i) {
  const uint16_t imm16 = static_cast<uint16_t>(i.field(20, 5));
  ExceptionRecord rec;
  rec.iss = imm16;
  switch (i.field(23, 21) << 2 | i.field(1, 0)) {
    case 0b00001:  // SVC
      rec.ec = ExceptionClass::SVC64;
      rec.return_to_next = true;
      c.TakeException(rec);
    case 0b00010:  // HVC: UNDEFINED at EL0 and under HCR_EL2.HCD; taken to EL2 when the
                   // PE has it, else only the firmware (PSCI over the HVC conduit) answers it
      if (c.s.PSTATE.EL == 0) c.Undefined();
      if (!c.HaveEl2()) {
        if (!c.Hypercall(imm16)) c.Undefined();
        return;
      }
      // HCR_EL2.HCD makes HVC UNDEFINED at EL1 and at EL2 itself.
      if (c.s.PSTATE.EL < 2 ? Bit(c.EffectiveHcr(), hcr::HCD) : Bit(c.s.sys.HCR_EL2, hcr::HCD)) c.Undefined();
      rec.ec = ExceptionClass::HVC64;
      rec.return_to_next = true;
      rec.target_el = 2;
      c.TakeException(rec);
    case 0b00011:  // SMC: UNDEFINED at EL0; from EL1 trapped to EL2 by HCR_EL2.TSC (the
                   // preferred return address is the SMC itself); otherwise, with no EL3,
                   // only the firmware (PSCI over the SMC conduit) answers it
      if (c.s.PSTATE.EL == 0) c.Undefined();
      if (c.TrappedByHcr(hcr::TSC)) {
        rec.ec = ExceptionClass::SMC64;
        rec.target_el = 2;
        c.TakeException(rec);
      }
      if (!c.SecureMonitorCall(imm16)) c.Undefined();
      return;
    case 0b00100:  // BRK
      rec.ec = ExceptionClass::BRK64;
      c.TakeException(rec);
    default:
      c.Undefined();
  }
}

}  // namespace mtesim::isa
