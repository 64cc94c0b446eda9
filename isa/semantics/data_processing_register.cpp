// Data processing -- register (C4.1.6): add/subtract (shifted, extended, with carry),
// logical (shifted), conditional compare and select, one-, two- and three-source.
//
// Results are computed in uint64_t on operands read at the instruction's datasize (W reads
// are zero-extended), then truncated to datasize on write, so a W result always clears the
// upper half of the X register. Register 31 is XZR everywhere here, except for Rd and Rn of
// ADD/SUB (extended register), which name SP.
#include "isa/exec_context.h"
#include "isa/semantics/add_sub.h"
#include "isa/pseudocode.h"

namespace mtesim::isa {

// ADD, ADDS, SUB, SUBS (shifted register).
void AddSubShiftedRegister(ExecContext& c, Insn i) {
  const unsigned datasize = i.datasize();
  const unsigned shift_type = i.field(23, 22);
  const unsigned amount = i.field(15, 10);
  if (shift_type == 3 || amount >= datasize) c.Undefined();  // ROR is reserved; W: imm6<5> = 0
  const bool sub_op = i.bit(30);
  const uint64_t operand1 = c.Xsz(i.Rn(), datasize);
  uint64_t operand2 = Shift(c.Xsz(i.Rm(), datasize), static_cast<ShiftType>(shift_type), amount, datasize);
  if (sub_op) operand2 = ~operand2;  // x - y = x + NOT(y) + 1
  AddSubWriteBack(c, i.Rd(), operand1, operand2, sub_op, i.bit(29), datasize, Rd31::ZR);
}

// ADD, ADDS, SUB, SUBS (extended register): Rm extended (UXTB..SXTX) and shifted left by
// 0..4. Rn = 31 is SP; Rd = 31 is SP unless the flags are set.
void AddSubExtendedRegister(ExecContext& c, Insn i) {
  const unsigned datasize = i.datasize();
  const unsigned shift = i.field(12, 10);
  if (shift > 4) c.Undefined();
  const bool sub_op = i.bit(30);
  const uint64_t operand1 = c.XorSP(i.Rn());
  uint64_t operand2 = Extend(c.X(i.Rm()), static_cast<ExtendType>(i.field(15, 13)), shift, datasize);
  if (sub_op) operand2 = ~operand2;
  AddSubWriteBack(c, i.Rd(), operand1, operand2, sub_op, i.bit(29), datasize, Rd31::SP);
}

// ADC, ADCS, SBC, SBCS: SBC is Rn + NOT(Rm) + C, so C = 1 means "no borrow".
void AddSubWithCarry(ExecContext& c, Insn i) {
  const unsigned datasize = i.datasize();
  uint64_t operand2 = c.Xsz(i.Rm(), datasize);
  if (i.bit(30)) operand2 = ~operand2;
  const AddResult r = AddWithCarry(c.Xsz(i.Rn(), datasize), operand2, c.s.PSTATE.C, datasize);
  if (i.bit(29)) c.SetNZCV(r.n, r.z, r.c, r.v);
  c.SetX(i.Rd(), r.result);  // AddWithCarry's result is datasize bits
}

// AND, BIC, ORR, ORN, EOR, EON, ANDS, BICS (shifted register); N inverts the shifted Rm.
// Unlike add/subtract, ROR is an allowed shift here.
void LogicalShiftedRegister(ExecContext& c, Insn i) {
  const unsigned datasize = i.datasize();
  const unsigned amount = i.field(15, 10);
  if (amount >= datasize) c.Undefined();  // W: imm6<5> = 0
  uint64_t operand2 = Shift(c.Xsz(i.Rm(), datasize), static_cast<ShiftType>(i.field(23, 22)), amount, datasize);
  if (i.bit(21)) operand2 = ~operand2;
  const uint64_t operand1 = c.Xsz(i.Rn(), datasize);
  uint64_t result;
  switch (i.field(30, 29)) {
    case 0: result = operand1 & operand2; break;
    case 1: result = operand1 | operand2; break;
    case 2: result = operand1 ^ operand2; break;
    default:  // ANDS, BICS
      result = Trunc(operand1 & operand2, datasize);
      c.SetNZCV(Bit(result, datasize - 1), result == 0, false, false);
  }
  c.SetXsz(i.Rd(), result, datasize);
}

// MOV (register): ORR Rd, ZR, Rm with no shift (see the encoding table).
void MoveRegister(ExecContext& c, Insn i) { c.SetX(i.Rd(), c.Xsz(i.Rm(), i.datasize())); }

// CCMN, CCMP (register and immediate): compare if the condition holds, else set NZCV to
// the instruction's #nzcv.
void ConditionalCompare(ExecContext& c, Insn i) {
  if (!ConditionHolds(c.s.PSTATE, i.field(15, 12))) {
    c.SetNZCV(i.bit(3), i.bit(2), i.bit(1), i.bit(0));
    return;
  }
  const unsigned datasize = i.datasize();
  const bool sub_op = i.bit(30);  // CCMP
  uint64_t operand2 = i.bit(11) ? uint64_t{i.field(20, 16)} : c.Xsz(i.Rm(), datasize);
  if (sub_op) operand2 = ~operand2;
  const AddResult r = AddWithCarry(c.Xsz(i.Rn(), datasize), operand2, sub_op, datasize);
  c.SetNZCV(r.n, r.z, r.c, r.v);
}

// CSEL, CSINC, CSINV, CSNEG: Rn if the condition holds, else Rm, inverted (op) and/or
// incremented (op2<0>); CSNEG is both, i.e. -Rm.
void ConditionalSelect(ExecContext& c, Insn i) {
  const unsigned datasize = i.datasize();
  uint64_t operand2 = c.Xsz(i.Rm(), datasize);
  if (i.bit(30)) operand2 = ~operand2;
  operand2 += i.bit(10);
  const uint64_t result = ConditionHolds(c.s.PSTATE, i.field(15, 12)) ? c.Xsz(i.Rn(), datasize) : operand2;
  c.SetXsz(i.Rd(), result, datasize);
}

// UDIV, SDIV: rounding towards zero. A64 division never traps: x / 0 = 0, and the one
// signed overflow, INT_MIN / -1, gives INT_MIN (2^(N-1) truncated to N bits).
void Divide(ExecContext& c, Insn i) {
  const unsigned datasize = i.datasize();
  const uint64_t operand1 = c.Xsz(i.Rn(), datasize);
  const uint64_t operand2 = c.Xsz(i.Rm(), datasize);
  uint64_t result;
  if (operand2 == 0) {
    result = 0;
  } else if (!i.bit(10)) {  // UDIV
    result = operand1 / operand2;
  } else {
    const int64_t dividend = SignExtend(operand1, datasize);
    const int64_t divisor = SignExtend(operand2, datasize);
    // -1 is done as a negation: INT64_MIN / -1 is undefined in C++ (and traps on x86).
    result = divisor == -1 ? 0 - static_cast<uint64_t>(dividend) : static_cast<uint64_t>(dividend / divisor);
  }
  c.SetXsz(i.Rd(), result, datasize);
}

// SUBP, SUBPS (CMPP when Rd = 31): the difference of two pointers' 56-bit addresses,
// sign-extended, so tags do not take part. Both operands may be SP.
void SubtractPointer(ExecContext& c, Insn i) {
  if (c.mte_level() == 0) c.Undefined();
  const uint64_t operand1 = static_cast<uint64_t>(SignExtend(c.XorSP(i.Rn()) & 0x00FFFFFFFFFFFFFFull, 56));
  const uint64_t operand2 = static_cast<uint64_t>(SignExtend(c.XorSP(i.Rm()) & 0x00FFFFFFFFFFFFFFull, 56));
  if (i.bit(29)) {
    const AddResult r = AddWithCarry(operand1, ~operand2, true, 64);
    c.SetNZCV(r.n, r.z, r.c, r.v);
    c.SetX(i.Rd(), r.result);
  } else {
    c.SetX(i.Rd(), operand1 - operand2);
  }
}

// IRG: Xd|SP = Xn|SP with a random tag that neither Xm[15:0] nor GCR_EL1.Exclude excludes,
// from the RGSR_EL1 LFSR (mte::IrgTag); tag 0 when allocation tag access is disabled.
void InsertRandomTag(ExecContext& c, Insn i) {
  if (c.mte_level() == 0) c.Undefined();
  const uint64_t operand = c.XorSP(i.Rn());
  const uint16_t extra_exclude = static_cast<uint16_t>(c.X(i.Rm()));
  const bool enabled = mte::AllocationTagAccessIsEnabled(c.TagCheckControlsFor(AccessKind::Normal));
  const unsigned rtag = mte::IrgTag(c.s.sys.RGSR_EL1, c.s.sys.GCR_EL1, extra_exclude, enabled);
  c.SetXorSP(i.Rd(), mte::AddressWithAllocationTag(operand, rtag));
}

// GMI: Xd = Xm with the bit of Xn|SP's tag set (building an exclude mask for IRG).
void TagMaskInsert(ExecContext& c, Insn i) {
  if (c.mte_level() == 0) c.Undefined();
  const unsigned tag = mte::AllocationTagFromAddress(c.XorSP(i.Rn()));
  c.SetX(i.Rd(), c.X(i.Rm()) | uint64_t{1} << tag);
}

// CRC32{B,H,W,X} and CRC32C{B,H,W,X}. The pseudocode bit-reverses the accumulator and the
// value, reduces modulo the polynomial and bit-reverses the result; that is the same as the
// reflected (LSB-first) shift register below, with the polynomial reflected, and without
// the pre- and post-inversion that software CRC-32 adds around the instruction.
void Crc32(ExecContext& c, Insn i) {
  const unsigned size = 8u << i.field(11, 10);
  const uint32_t reflected_poly = i.bit(12) ? 0x82F63B78u : 0xEDB88320u;  // 0x1EDC6F41 / 0x04C11DB7
  uint32_t acc = static_cast<uint32_t>(c.X(i.Rn()));
  const uint64_t val = c.X(i.Rm());
  for (unsigned bit = 0; bit < size; ++bit) {
    const bool feedback = ((acc ^ (val >> bit)) & 1) != 0;
    acc = (acc >> 1) ^ (feedback ? reflected_poly : 0);
  }
  c.SetX(i.Rd(), acc);
}

// LSLV, LSRV, ASRV, RORV: the amount is Rm MOD datasize, so shifting by 64 (or 32) is a
// shift by 0.
void ShiftVariable(ExecContext& c, Insn i) {
  const unsigned datasize = i.datasize();
  const unsigned amount = static_cast<unsigned>(c.X(i.Rm())) & (datasize - 1);
  const uint64_t result = Shift(c.Xsz(i.Rn(), datasize), static_cast<ShiftType>(i.field(11, 10)), amount, datasize);
  c.SetX(i.Rd(), result);  // Shift returns datasize bits
}

// RBIT.
void ReverseBits(ExecContext& c, Insn i) {
  const unsigned datasize = i.datasize();
  // Reverse the bytes, then the bits within each byte (nibbles, pairs, single bits).
  uint64_t x = __builtin_bswap64(c.Xsz(i.Rn(), datasize));
  x = ((x >> 4) & 0x0F0F0F0F0F0F0F0Full) | ((x & 0x0F0F0F0F0F0F0F0Full) << 4);
  x = ((x >> 2) & 0x3333333333333333ull) | ((x & 0x3333333333333333ull) << 2);
  x = ((x >> 1) & 0x5555555555555555ull) | ((x & 0x5555555555555555ull) << 1);
  c.SetX(i.Rd(), x >> (64 - datasize));  // a W value was reversed into the upper half
}

// REV16, REV32, REV: reverse the bytes within each 16-, 32- or 64-bit container, selected
// by opc (01, 10, 11). With sf = 0, opc = 10 is REV Wd: its container is the whole W.
void ReverseBytes(ExecContext& c, Insn i) {
  const uint64_t x = c.Xsz(i.Rn(), i.datasize());
  uint64_t result;
  switch (i.field(11, 10)) {
    case 1:
      result = ((x >> 8) & 0x00FF00FF00FF00FFull) | ((x & 0x00FF00FF00FF00FFull) << 8);
      break;
    case 2: {  // reversing all 8 bytes then swapping the words reverses each word in place
      const uint64_t r = __builtin_bswap64(x);
      result = (r >> 32) | (r << 32);  // for a W source the upper word is then zero
      break;
    }
    default:
      result = __builtin_bswap64(x);
  }
  c.SetX(i.Rd(), result);
}

// CLZ, CLS. CLS counts the bits below the sign bit equal to it, i.e. the leading zeros of
// x<N-1:1> EOR x<N-2:0>; as an N-bit value with bit 0 forced to one, that is at most N-1.
void CountLeading(ExecContext& c, Insn i) {
  const unsigned datasize = i.datasize();
  const uint64_t x = c.Xsz(i.Rn(), datasize);
  const uint64_t operand = i.bit(10) ? Trunc(x ^ (x << 1), datasize) | 1 : x;
  c.SetX(i.Rd(), CountLeadingZeroBits(operand, datasize));
}

// MADD, MSUB (MUL and MNEG are Ra = ZR): Ra +/- Rn * Rm, modulo 2^datasize.
void MultiplyAdd(ExecContext& c, Insn i) {
  const unsigned datasize = i.datasize();
  const uint64_t product = c.Xsz(i.Rn(), datasize) * c.Xsz(i.Rm(), datasize);
  const uint64_t addend = c.Xsz(i.Ra(), datasize);
  c.SetXsz(i.Rd(), i.bit(15) ? addend - product : addend + product, datasize);
}

// SMADDL, SMSUBL, UMADDL, UMSUBL (SMULL, UMULL...): Xa +/- Wn * Wm with a 64-bit product.
void MultiplyAddLong(ExecContext& c, Insn i) {
  const uint64_t n = c.W(i.Rn()), m = c.W(i.Rm());
  const uint64_t product = i.bit(23) ? n * m
                                     : static_cast<uint64_t>(SignExtend(n, 32) * SignExtend(m, 32));
  const uint64_t addend = c.X(i.Ra());
  c.SetX(i.Rd(), i.bit(15) ? addend - product : addend + product);
}

// SMULH, UMULH: bits 127:64 of the 128-bit product.
void MultiplyHigh(ExecContext& c, Insn i) {
  const uint64_t n = c.X(i.Rn()), m = c.X(i.Rm());
  uint64_t high;
  if (i.bit(23)) {
    high = static_cast<uint64_t>((static_cast<unsigned __int128>(n) * m) >> 64);
  } else {
    const __int128 product = static_cast<__int128>(static_cast<int64_t>(n)) * static_cast<int64_t>(m);
    high = static_cast<uint64_t>(static_cast<unsigned __int128>(product) >> 64);
  }
  c.SetX(i.Rd(), high);
}

}  // namespace mtesim::isa
