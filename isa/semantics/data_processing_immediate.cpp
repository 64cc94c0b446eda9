// Data processing -- immediate (C4.1.4): PC-relative addressing, add/subtract, logical,
// move wide, bitfield, extract.
//
// Results are computed in uint64_t on operands read at the instruction's datasize (W reads
// are zero-extended), then truncated to datasize on write, so a W result always clears the
// upper half of the X register.
#include "isa/exec_context.h"
#include "isa/semantics/add_sub.h"
#include "isa/pseudocode.h"

namespace mtesim::isa {

void PcRelativeAddressing(ExecContext& c, Insn i) {
  const uint64_t imm = (i.field(23, 5) << 2) | i.field(30, 29);
  if (i.bit(31)) {  // ADRP
    // Shifted as unsigned: a negative page offset shifted left is undefined in C++17.
    const uint64_t offset = static_cast<uint64_t>(SignExtend(imm, 21)) << 12;
    c.SetX(i.Rd(), (c.s.PC & ~uint64_t{0xFFF}) + offset);
  } else {
    c.SetX(i.Rd(), c.s.PC + SignExtend(imm, 21));
  }
}

// ADD, ADDS, SUB, SUBS (immediate). Rn = 31 is SP in all four; Rd = 31 is SP unless the
// flags are set (CMP and CMN are SUBS/ADDS to XZR).
void AddSubImmediate(ExecContext& c, Insn i) {
  const unsigned datasize = i.datasize();
  const bool sub_op = i.bit(30);
  const bool setflags = i.bit(29);
  const uint64_t imm = uint64_t{i.field(21, 10)} << (i.bit(22) ? 12 : 0);  // sh: LSL #12
  const uint64_t operand1 = c.XorSP(i.Rn());
  // x - y is x + NOT(y) + 1, which is also how the flags come out of AddWithCarry.
  const uint64_t operand2 = sub_op ? ~imm : imm;
  AddSubWriteBack(c, i.Rd(), operand1, operand2, sub_op, setflags, datasize, Rd31::SP);
}

// ADDG, SUBG (FEAT_MTE): Xd|SP = Xn|SP +/- uimm6 * 16 with the tag stepped by uimm4 over
// the tags GCR_EL1.Exclude allows, or tag 0 when allocation tag access is disabled.
void AddSubtractTagged(ExecContext& c, Insn i) {
  if (c.mte_level() == 0) c.Undefined();
  const uint64_t offset = uint64_t{i.field(21, 16)} << mte::kLog2TagGranule;
  const unsigned tag_offset = i.field(13, 10);
  const uint64_t operand1 = c.XorSP(i.Rn());
  const uint64_t result = i.bit(30) ? operand1 - offset : operand1 + offset;
  unsigned rtag = 0;
  if (mte::AllocationTagAccessIsEnabled(c.TagCheckControlsFor(AccessKind::Normal))) {
    const uint16_t exclude = static_cast<uint16_t>(c.s.sys.GCR_EL1);
    rtag = mte::ChooseNonExcludedTag(mte::AllocationTagFromAddress(operand1), tag_offset, exclude);
  }
  c.SetXorSP(i.Rd(), mte::AddressWithAllocationTag(result, rtag));
}

// AND, ORR, EOR, ANDS (immediate). The immediate is a rotated run of ones replicated over
// 2..64-bit elements (DecodeBitMasks). AND/ORR/EOR may write SP (ORR is MOV SP, #imm's
// alias target, AND aligns SP); ANDS writes XZR (TST).
void LogicalImmediate(ExecContext& c, Insn i) {
  const unsigned datasize = i.datasize();
  const unsigned N = i.bit(22);
  BitMasks masks;
  // N = 1 selects a 64-bit element, which a 32-bit operation cannot hold; DecodeBitMasks
  // rejects the reserved patterns (no element size, or an all-ones element).
  if ((N && !i.sf()) || !DecodeBitMasks(N, i.field(15, 10), i.field(21, 16), true, datasize, &masks)) c.Undefined();
  const uint64_t operand1 = c.Xsz(i.Rn(), datasize);
  const uint64_t imm = masks.wmask;  // already datasize bits wide
  switch (i.field(30, 29)) {
    case 0: c.SetXorSP(i.Rd(), operand1 & imm); break;  // AND
    case 1: c.SetXorSP(i.Rd(), operand1 | imm); break;  // ORR
    case 2: c.SetXorSP(i.Rd(), operand1 ^ imm); break;  // EOR
    default: {                                           // ANDS
      const uint64_t result = operand1 & imm;
      c.SetNZCV(Bit(result, datasize - 1), result == 0, false, false);
      c.SetX(i.Rd(), result);
    }
  }
}

// MOVN, MOVZ, MOVK: a 16-bit immediate placed at halfword hw.
void MoveWideImmediate(ExecContext& c, Insn i) {
  const unsigned datasize = i.datasize();
  const unsigned hw = i.field(22, 21);
  if (!i.sf() && hw >= 2) c.Undefined();  // a W register has halfwords 0 and 1 only
  const unsigned pos = hw * 16;
  const unsigned opc = i.field(30, 29);
  // MOVK keeps the other bits of Rd (at datasize: MOVK Wd clears the upper half).
  uint64_t result = opc == 3 ? c.X(i.Rd()) & ~(uint64_t{0xFFFF} << pos) : 0;
  result |= uint64_t{i.field(20, 5)} << pos;
  if (opc == 0) result = ~result;  // MOVN
  c.SetXsz(i.Rd(), result, datasize);
}

namespace {
// ROR(x, r) on a datasize-bit x (upper bits zero) for 0 <= r < datasize, without a branch:
// for r = 0 the left shift is by datasize (0 for 64, 32 for 32 then truncated away).
inline uint64_t Ror(uint64_t x, unsigned r, unsigned datasize) {
  return Trunc((x >> r) | (x << ((datasize - r) & 63)), datasize);
}
}  // namespace

// SBFM, BFM, UBFM: rotate Rn right by immr, keep the field selected by wmask, and fill the
// bits outside tmask with the sign (SBFM), the old Rd (BFM) or zeros (UBFM).
void Bitfield(ExecContext& c, Insn i) {
  const unsigned datasize = i.datasize();
  const unsigned R = i.field(21, 16);
  const unsigned S = i.field(15, 10);
  // The element is the whole register: N must equal sf, and a W form has 5-bit R and S.
  if (i.bit(22) != i.sf() || (!i.sf() && ((R | S) & 32))) c.Undefined();
  // DecodeBitMasks(N, imms, immr, FALSE, datasize) with esize = datasize (no replication):
  // wmask = ROR(Ones(S+1), R), tmask = Ones(((S - R) MOD datasize) + 1); Ones(k + 1) is
  // written as a right shift of all-ones, which needs no k = 63 special case.
  const uint64_t wmask = Ror(~uint64_t{0} >> (63 - S), R, datasize);
  const uint64_t tmask = ~uint64_t{0} >> (63 - ((S - R) & (datasize - 1)));
  const uint64_t src = c.Xsz(i.Rn(), datasize);
  const uint64_t bot = Ror(src, R, datasize) & wmask;
  uint64_t result;
  switch (i.field(30, 29)) {
    case 0: {  // SBFM: the bits above the field copy its top bit src<S>
      const uint64_t top = Bit(src, S) ? ~uint64_t{0} : 0;
      result = (top & ~tmask) | (bot & tmask);
      break;
    }
    case 1: {  // BFM: the bits of Rd outside the field are kept
      const uint64_t dst = c.Xsz(i.Rd(), datasize);
      result = (dst & ~tmask) | (((dst & ~wmask) | bot) & tmask);
      break;
    }
    default:  // UBFM
      result = bot & tmask;
  }
  c.SetXsz(i.Rd(), result, datasize);
}

// EXTR (and ROR (immediate), its Rn = Rm alias): bits lsb..lsb+datasize-1 of Rn:Rm.
void Extract(ExecContext& c, Insn i) {
  const unsigned datasize = i.datasize();
  const unsigned lsb = i.field(15, 10);
  if (i.bit(22) != i.sf() || lsb >= datasize) c.Undefined();  // N != sf, or imms<5> on W
  const uint64_t hi = c.Xsz(i.Rn(), datasize);
  const uint64_t lo = c.Xsz(i.Rm(), datasize);
  // hi moves up by datasize - lsb, in two steps so that lsb = 0 (result = Rm) never shifts
  // a 64-bit value by 64.
  c.SetXsz(i.Rd(), (lo >> lsb) | ((hi << 1) << (datasize - 1 - lsb)), datasize);
}

}  // namespace mtesim::isa
