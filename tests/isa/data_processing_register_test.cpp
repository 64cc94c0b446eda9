// Data processing -- register (C4.1.6). Instruction words come from aarch64-linux-gnu-as;
// the UNDEFINED ones are allocated words with one field changed, and objdump shows them as
// "undefined".
#include <gtest/gtest.h>

#include <string>

#include "tests/isa/isa_test_helpers.h"

using mtesim::test::FlatMemoryContext;
using mtesim::test::Dfsc;
using mtesim::test::Ec;
using mtesim::test::ExpectUndefined;
using mtesim::test::SetNzcv;
using mtesim::test::WnR;

namespace {

unsigned Nzcv(const FlatMemoryContext& c) {
  const auto& p = c.s.PSTATE;
  return unsigned{p.N} << 3 | unsigned{p.Z} << 2 | unsigned{p.C} << 1 | unsigned{p.V};
}

}  // namespace

// ---- CRC32 (FEAT_CRC32) ----

namespace {
// Software CRC-32 wraps the instruction with an all-ones start and a final inversion.
uint32_t CrcOfCheckString(uint32_t insn_b) {
  FlatMemoryContext c;
  c.s.R[0] = 0xFFFFFFFF;
  for (const char ch : std::string("123456789")) {
    c.s.R[1] = static_cast<uint8_t>(ch);
    EXPECT_TRUE(c.Step(insn_b));
  }
  return ~static_cast<uint32_t>(c.X(0));
}
}  // namespace

// The standard check values of CRC-32 and CRC-32C over "123456789".
TEST(Crc32, ByteFormGivesTheCrc32CheckValue) { EXPECT_EQ(CrcOfCheckString(0x1AC14000), 0xCBF43926u); }
TEST(Crc32, CastagnoliByteFormGivesTheCrc32cCheckValue) { EXPECT_EQ(CrcOfCheckString(0x1AC15000), 0xE3069283u); }

TEST(Crc32, DoublewordEqualsEightBytesLowFirst) {
  FlatMemoryContext wide, bytes;
  wide.s.R[0] = bytes.s.R[0] = 0x12345678;
  const uint64_t value = 0x0123456789ABCDEFull;
  wide.s.R[1] = value;
  ASSERT_TRUE(wide.Step(0x9AC14C00));  // crc32x w0, w0, x1
  for (unsigned k = 0; k < 8; ++k) {
    bytes.s.R[1] = (value >> (8 * k)) & 0xFF;
    ASSERT_TRUE(bytes.Step(0x1AC14000));  // crc32b w0, w0, w1
  }
  EXPECT_EQ(wide.X(0), bytes.X(0));
  EXPECT_LE(wide.X(0), 0xFFFFFFFFull);  // a W result, zero-extended
}

TEST(Crc32, HalfwordUsesOnlyTheLowSixteenBitsOfRm) {
  FlatMemoryContext a, b;
  a.s.R[1] = 0xABCD;
  b.s.R[1] = 0xFFFF0000ABCDull;
  ASSERT_TRUE(a.Step(0x1AC14400));  // crc32h w0, w0, w1
  ASSERT_TRUE(b.Step(0x1AC14400));
  EXPECT_EQ(a.X(0), b.X(0));
  EXPECT_NE(a.X(0), 0u);
}

TEST(Crc32, WordFormWithSfSetIsUndefined) { ExpectUndefined(0x9AC14800); }
TEST(Crc32, DoublewordFormWithSfClearIsUndefined) { ExpectUndefined(0x1AC14C20); }

// ---- Add/subtract (shifted register) ----

TEST(AddSubShifted, AddLsl) {
  FlatMemoryContext c;
  c.s.R[1] = 1;
  c.s.R[2] = 2;
  ASSERT_TRUE(c.Step(0x8B020C20));  // add x0, x1, x2, lsl #3
  EXPECT_EQ(c.X(0), 17u);
}

TEST(AddSubShifted, SubW32AsrBy31) {
  FlatMemoryContext c;
  c.s.R[1] = 10;
  c.s.R[2] = 0x0000000080000000;
  ASSERT_TRUE(c.Step(0x4B827C20));  // sub w0, w1, w2, asr #31
  EXPECT_EQ(c.X(0), 11u);  // 10 - (-1), zero-extended
}

TEST(AddSubShifted, AddW32LslBy31ZeroExtends) {
  FlatMemoryContext c;
  c.s.R[1] = 0xFFFFFFFF00000001;
  c.s.R[2] = 0xFFFFFFFFFFFFFFFF;
  ASSERT_TRUE(c.Step(0x0B027C20));  // add w0, w1, w2, lsl #31
  EXPECT_EQ(c.X(0), 0x80000001u);
}

TEST(AddSubShifted, Adds64CarryAndOverflowToZero) {
  FlatMemoryContext c;
  c.s.R[1] = 0x8000000000000000;
  c.s.R[2] = 0x8000000000000000;
  ASSERT_TRUE(c.Step(0xAB020020));  // adds x0, x1, x2
  EXPECT_EQ(c.X(0), 0u);
  EXPECT_EQ(Nzcv(c), 0b0111u);  // Z, C, V
}

TEST(AddSubShifted, Subs32BorrowIsCarryClear) {
  FlatMemoryContext c;
  c.s.R[1] = 1;
  c.s.R[2] = 2;
  ASSERT_TRUE(c.Step(0x6B020020));  // subs w0, w1, w2
  EXPECT_EQ(c.X(0), 0xFFFFFFFFu);
  EXPECT_EQ(Nzcv(c), 0b1000u);
}

TEST(AddSubShifted, Subs32SignedOverflow) {
  FlatMemoryContext c;
  c.s.R[1] = 0x80000000;
  c.s.R[2] = 1;
  ASSERT_TRUE(c.Step(0x6B020020));  // subs w0, w1, w2
  EXPECT_EQ(c.X(0), 0x7FFFFFFFu);
  EXPECT_EQ(Nzcv(c), 0b0011u);  // C, V
}

TEST(AddSubShifted, CmpEqualSetsZAndC) {
  FlatMemoryContext c;
  c.s.R[31] = 0x8000;
  c.s.R[1] = c.s.R[2] = 0x1234;
  ASSERT_TRUE(c.Step(0xEB02003F));  // cmp x1, x2
  EXPECT_EQ(Nzcv(c), 0b0110u);
  EXPECT_EQ(c.SP(), 0x8000u);
}

TEST(AddSubShifted, SubsShiftedOperand) {
  FlatMemoryContext c;
  c.s.R[1] = 4;
  c.s.R[2] = 2;
  ASSERT_TRUE(c.Step(0xEB020420));  // subs x0, x1, x2, lsl #1
  EXPECT_EQ(c.X(0), 0u);
  EXPECT_EQ(Nzcv(c), 0b0110u);
}

TEST(AddSubShifted, RnThirtyOneIsXzr) {
  FlatMemoryContext c;
  c.s.R[31] = 0x8000;
  c.s.R[1] = 5;
  ASSERT_TRUE(c.Step(0xCB0103E0));  // neg x0, x1 (sub x0, xzr, x1)
  EXPECT_EQ(c.X(0), static_cast<uint64_t>(-5));
}

TEST(AddSubShifted, RdThirtyOneIsXzr) {
  FlatMemoryContext c;
  c.s.R[31] = 0x8000;
  c.s.R[1] = 1;
  c.s.R[2] = 2;
  ASSERT_TRUE(c.Step(0x8B02003F));  // add xzr, x1, x2
  EXPECT_EQ(c.SP(), 0x8000u);
}

TEST(AddSubShifted, RorShiftIsUndefined) { ExpectUndefined(0x8BC20C20); }
TEST(AddSubShifted, W32ShiftOf32IsUndefined) { ExpectUndefined(0x0B028020); }

// ---- Add/subtract (extended register) ----

TEST(AddSubExtended, RnThirtyOneIsSpAndUxtwShift) {
  FlatMemoryContext c;
  c.s.R[31] = 0x8000;
  c.s.R[1] = 0xFFFFFFFF00000004;
  ASSERT_TRUE(c.Step(0x8B214BE0));  // add x0, sp, w1, uxtw #2
  EXPECT_EQ(c.X(0), 0x8010u);
}

TEST(AddSubExtended, RdThirtyOneIsSp) {
  FlatMemoryContext c;
  c.s.R[31] = 0x8000;
  c.s.R[1] = 0x100;
  ASSERT_TRUE(c.Step(0x8B2163FF));  // add sp, sp, x1
  EXPECT_EQ(c.SP(), 0x8100u);
}

TEST(AddSubExtended, CmpSpReadsSpAndDiscardsToXzr) {
  FlatMemoryContext c;
  c.s.R[31] = 0x8000;
  c.s.R[1] = 0x8000;
  ASSERT_TRUE(c.Step(0xEB2163FF));  // cmp sp, x1 (subs xzr, sp, x1)
  EXPECT_EQ(Nzcv(c), 0b0110u);
  EXPECT_EQ(c.SP(), 0x8000u);
}

TEST(AddSubExtended, SxtbWithShift) {
  FlatMemoryContext c;
  c.s.R[1] = 0;
  c.s.R[2] = 0x1FF;  // byte 0xFF = -1
  ASSERT_TRUE(c.Step(0xCB229020));  // sub x0, x1, w2, sxtb #4
  EXPECT_EQ(c.X(0), 16u);
}

TEST(AddSubExtended, SxthW32ZeroExtendsResult) {
  FlatMemoryContext c;
  c.s.R[1] = 0;
  c.s.R[2] = 0x8000;
  ASSERT_TRUE(c.Step(0x0B22A020));  // add w0, w1, w2, sxth
  EXPECT_EQ(c.X(0), 0xFFFF8000u);
}

TEST(AddSubExtended, Sxtw) {
  FlatMemoryContext c;
  c.s.R[1] = 0x100;
  c.s.R[2] = 0x12345678FFFFFFFF;
  ASSERT_TRUE(c.Step(0x8B22C020));  // add x0, x1, w2, sxtw
  EXPECT_EQ(c.X(0), 0xFFu);
}

TEST(AddSubExtended, AddsW32FromWspUxtb) {
  FlatMemoryContext c;
  c.s.R[31] = 0x1FFFFFF00;
  c.s.R[1] = 0x1FF;
  ASSERT_TRUE(c.Step(0x2B2103E0));  // adds w0, wsp, w1, uxtb
  EXPECT_EQ(c.X(0), 0xFFFFFFFFu);
  EXPECT_EQ(Nzcv(c), 0b1000u);
}

TEST(AddSubExtended, ShiftAbove4IsUndefined) { ExpectUndefined(0x8B2157E0); }
TEST(AddSubExtended, OptNonZeroIsUndefined) { ExpectUndefined(0x8B614BE0); }

// ---- Add/subtract (with carry) ----

TEST(AddSubCarry, AdcAddsCarryIn) {
  FlatMemoryContext c;
  c.s.R[1] = 1;
  c.s.R[2] = 2;
  c.s.PSTATE.C = true;
  ASSERT_TRUE(c.Step(0x9A020020));  // adc x0, x1, x2
  EXPECT_EQ(c.X(0), 4u);
}

TEST(AddSubCarry, Adcs32CarryInWrapsToZero) {
  FlatMemoryContext c;
  c.s.R[1] = 0xFFFFFFFF;
  c.s.R[2] = 0;
  c.s.PSTATE.C = true;
  ASSERT_TRUE(c.Step(0x3A020020));  // adcs w0, w1, w2
  EXPECT_EQ(c.X(0), 0u);
  EXPECT_EQ(Nzcv(c), 0b0110u);
}

TEST(AddSubCarry, Adcs64CarryInOverflows) {
  FlatMemoryContext c;
  c.s.R[1] = 0x7FFFFFFFFFFFFFFF;
  c.s.R[2] = 0;
  c.s.PSTATE.C = true;
  ASSERT_TRUE(c.Step(0xBA020020));  // adcs x0, x1, x2
  EXPECT_EQ(c.X(0), 0x8000000000000000u);
  EXPECT_EQ(Nzcv(c), 0b1001u);
}

TEST(AddSubCarry, SbcWithCarryClearSubtractsOneMore) {
  FlatMemoryContext c;
  c.s.R[1] = 10;
  c.s.R[2] = 3;
  c.s.PSTATE.C = false;
  ASSERT_TRUE(c.Step(0xDA020020));  // sbc x0, x1, x2
  EXPECT_EQ(c.X(0), 6u);
}

TEST(AddSubCarry, SbcsEqualWithCarrySetIsZeroNoBorrow) {
  FlatMemoryContext c;
  c.s.R[1] = c.s.R[2] = 0x1234;
  c.s.PSTATE.C = true;
  ASSERT_TRUE(c.Step(0xFA020020));  // sbcs x0, x1, x2
  EXPECT_EQ(c.X(0), 0u);
  EXPECT_EQ(Nzcv(c), 0b0110u);
}

TEST(AddSubCarry, Sbcs64BorrowChain) {
  FlatMemoryContext c;
  c.s.R[1] = 0;
  c.s.R[2] = 0;
  c.s.PSTATE.C = false;  // a borrow from the lower word: 0 - 0 - 1
  ASSERT_TRUE(c.Step(0xFA020020));  // sbcs x0, x1, x2
  EXPECT_EQ(c.X(0), ~uint64_t{0});
  EXPECT_EQ(Nzcv(c), 0b1000u);
}

TEST(AddSubCarry, Sbcs32SignedOverflow) {
  FlatMemoryContext c;
  c.s.R[1] = 0x80000000;
  c.s.R[2] = 0;
  c.s.PSTATE.C = false;
  ASSERT_TRUE(c.Step(0x7A020020));  // sbcs w0, w1, w2
  EXPECT_EQ(c.X(0), 0x7FFFFFFFu);
  EXPECT_EQ(Nzcv(c), 0b0011u);
}

TEST(AddSubCarry, NonZeroBits15To10AreUndefined) { ExpectUndefined(0x9A020420); }

// ---- Logical (shifted register) ----

TEST(LogicalShifted, AndLsl) {
  FlatMemoryContext c;
  c.s.R[1] = 0xFF0;
  c.s.R[2] = 0x0FF;
  ASSERT_TRUE(c.Step(0x8A021020));  // and x0, x1, x2, lsl #4
  EXPECT_EQ(c.X(0), 0xFF0u);
}

TEST(LogicalShifted, AndLslBy63) {
  FlatMemoryContext c;
  c.s.R[1] = ~uint64_t{0};
  c.s.R[2] = 3;
  ASSERT_TRUE(c.Step(0x8A02FC20));  // and x0, x1, x2, lsl #63
  EXPECT_EQ(c.X(0), 0x8000000000000000u);
}

TEST(LogicalShifted, BicW32ZeroExtends) {
  FlatMemoryContext c;
  c.s.R[1] = 0xFFFFFFFFFFFFFFFF;
  c.s.R[2] = 0x0F;
  ASSERT_TRUE(c.Step(0x0A220020));  // bic w0, w1, w2
  EXPECT_EQ(c.X(0), 0xFFFFFFF0u);
}

TEST(LogicalShifted, OrrRorIsAllowed) {
  FlatMemoryContext c;
  c.s.R[1] = 0;
  c.s.R[2] = 0x12;
  ASSERT_TRUE(c.Step(0xAAC22020));  // orr x0, x1, x2, ror #8
  EXPECT_EQ(c.X(0), 0x1200000000000000u);
}

TEST(LogicalShifted, MvnW32ZeroExtends) {
  FlatMemoryContext c;
  c.s.R[1] = 0x00000000FFFF0000;
  ASSERT_TRUE(c.Step(0x2A2103E0));  // mvn w0, w1 (orn w0, wzr, w1)
  EXPECT_EQ(c.X(0), 0x0000FFFFu);
}

TEST(LogicalShifted, EorAsrBy63) {
  FlatMemoryContext c;
  c.s.R[1] = 0x00000000000000FF;
  c.s.R[2] = 0x8000000000000000;
  ASSERT_TRUE(c.Step(0xCA82FC20));  // eor x0, x1, x2, asr #63
  EXPECT_EQ(c.X(0), 0xFFFFFFFFFFFFFF00u);
}

TEST(LogicalShifted, Eon) {
  FlatMemoryContext c;
  c.s.R[1] = 0xF0;
  c.s.R[2] = 0xFF;
  ASSERT_TRUE(c.Step(0xCA220020));  // eon x0, x1, x2
  EXPECT_EQ(c.X(0), 0xFFFFFFFFFFFFFFF0u);
}

TEST(LogicalShifted, AndsSetsNAndClearsCV) {
  FlatMemoryContext c;
  c.s.R[1] = 0x8000000000000001;
  c.s.R[2] = 0x8000000000000000;
  SetNzcv(c, 0b0111);
  ASSERT_TRUE(c.Step(0xEA020020));  // ands x0, x1, x2
  EXPECT_EQ(Nzcv(c), 0b1000u);
}

TEST(LogicalShifted, BicsW32ZeroResultSetsZ) {
  FlatMemoryContext c;
  c.s.R[1] = 0x10000000F;  // bit 32 is outside W1
  c.s.R[2] = 0xF;
  ASSERT_TRUE(c.Step(0x6A220020));  // bics w0, w1, w2
  EXPECT_EQ(c.X(0), 0u);
  EXPECT_EQ(Nzcv(c), 0b0100u);
}

TEST(LogicalShifted, W32ShiftOf32IsUndefined) { ExpectUndefined(0x0A228020); }

TEST(MoveRegister, MovX) {
  FlatMemoryContext c;
  c.s.R[1] = 0x123456789ABCDEF0;
  ASSERT_TRUE(c.Step(0xAA0103E0));  // mov x0, x1
  EXPECT_EQ(c.X(0), 0x123456789ABCDEF0u);
}

TEST(MoveRegister, MovWZeroExtends) {
  FlatMemoryContext c;
  c.s.R[1] = 0x123456789ABCDEF0;
  ASSERT_TRUE(c.Step(0x2A0103E0));  // mov w0, w1
  EXPECT_EQ(c.X(0), 0x9ABCDEF0u);
}

TEST(MoveRegister, MovFromXzrIsZeroNotSp) {
  FlatMemoryContext c;
  c.s.R[31] = 0x8000;
  c.s.R[0] = 5;
  ASSERT_TRUE(c.Step(0xAA1F03E0));  // mov x0, xzr
  EXPECT_EQ(c.X(0), 0u);
}

TEST(MoveRegister, OrrFromXzrWithShiftUsesTheShift) {
  FlatMemoryContext c;
  c.s.R[1] = 3;
  ASSERT_TRUE(c.Step(0xAA0107E0));  // orr x0, xzr, x1, lsl #1
  EXPECT_EQ(c.X(0), 6u);
}

// ---- Conditional compare ----

TEST(ConditionalCompare, ConditionTrueCompares) {
  FlatMemoryContext c;
  c.s.R[1] = 1;
  c.s.R[2] = 2;
  SetNzcv(c, 0b0100);  // EQ holds
  ASSERT_TRUE(c.Step(0xFA42002A));  // ccmp x1, x2, #0xa, eq
  EXPECT_EQ(Nzcv(c), 0b1000u);  // 1 - 2: N, borrow
}

TEST(ConditionalCompare, ConditionFalseSetsNzcvImmediate) {
  FlatMemoryContext c;
  c.s.R[1] = 1;
  c.s.R[2] = 1;
  SetNzcv(c, 0b0000);  // EQ fails
  ASSERT_TRUE(c.Step(0xFA42002A));  // ccmp x1, x2, #0xa, eq
  EXPECT_EQ(Nzcv(c), 0b1010u);
}

TEST(ConditionalCompare, ConditionFalseWithZeroNzcvClearsAll) {
  FlatMemoryContext c;
  SetNzcv(c, 0b0011);  // EQ fails
  ASSERT_TRUE(c.Step(0xFA420020));  // ccmp x1, x2, #0, eq
  EXPECT_EQ(Nzcv(c), 0u);
}

TEST(ConditionalCompare, CcmnW32ImmediateCarriesOut) {
  FlatMemoryContext c;
  c.s.R[1] = 0x1FFFFFFFB;  // W1 = -5
  SetNzcv(c, 0b0000);      // NE holds
  ASSERT_TRUE(c.Step(0x3A451822));  // ccmn w1, #5, #2, ne
  EXPECT_EQ(Nzcv(c), 0b0110u);
}

TEST(ConditionalCompare, CcmpImmediate31) {
  FlatMemoryContext c;
  c.s.R[1] = 31;
  ASSERT_TRUE(c.Step(0xFA5FE820));  // ccmp x1, #31, #0, al
  EXPECT_EQ(Nzcv(c), 0b0110u);
}

TEST(ConditionalCompare, UnallocatedBitsAreUndefined) {
  ExpectUndefined(0xFA420030);  // o3 = 1
  ExpectUndefined(0xFA420420);  // o2 = 1
  ExpectUndefined(0xDA420020);  // S = 0
}

// ---- Conditional select ----

TEST(ConditionalSelect, CselBothWays) {
  FlatMemoryContext c;
  c.s.R[1] = 11;
  c.s.R[2] = 22;
  SetNzcv(c, 0b0100);
  ASSERT_TRUE(c.Step(0x9A820020));  // csel x0, x1, x2, eq
  EXPECT_EQ(c.X(0), 11u);
  SetNzcv(c, 0b0000);
  ASSERT_TRUE(c.Step(0x9A820020));
  EXPECT_EQ(c.X(0), 22u);
}

TEST(ConditionalSelect, CsincW32WrapsAndZeroExtends) {
  FlatMemoryContext c;
  c.s.R[2] = 0xFFFFFFFFFFFFFFFF;
  SetNzcv(c, 0b0100);  // NE fails
  ASSERT_TRUE(c.Step(0x1A821420));  // csinc w0, w1, w2, ne
  EXPECT_EQ(c.X(0), 0u);
}

TEST(ConditionalSelect, CsinvInverts) {
  FlatMemoryContext c;
  c.s.R[2] = 0xF;
  ASSERT_TRUE(c.Step(0xDA820020));  // csinv x0, x1, x2, eq (fails)
  EXPECT_EQ(c.X(0), 0xFFFFFFFFFFFFFFF0u);
}

TEST(ConditionalSelect, CsnegNegates) {
  FlatMemoryContext c;
  c.s.R[1] = 1;
  c.s.R[2] = 7;
  ASSERT_TRUE(c.Step(0xDA820420));  // csneg x0, x1, x2, eq (fails)
  EXPECT_EQ(c.X(0), static_cast<uint64_t>(-7));
  SetNzcv(c, 0b0100);
  ASSERT_TRUE(c.Step(0xDA820420));  // holds: Rn unchanged
  EXPECT_EQ(c.X(0), 1u);
}

TEST(ConditionalSelect, CsetAndCsetm) {
  FlatMemoryContext c;
  c.s.R[31] = 0x8000;  // the ZR sources must not read SP
  SetNzcv(c, 0b0100);
  ASSERT_TRUE(c.Step(0x1A9F17E0));  // cset w0, eq
  EXPECT_EQ(c.X(0), 1u);
  ASSERT_TRUE(c.Step(0xDA9F03E0));  // csetm x0, ne
  EXPECT_EQ(c.X(0), 0u);
  SetNzcv(c, 0b0000);
  ASSERT_TRUE(c.Step(0xDA9F03E0));
  EXPECT_EQ(c.X(0), ~uint64_t{0});
}

TEST(ConditionalSelect, UnallocatedBitsAreUndefined) {
  ExpectUndefined(0x9A820820);  // op2 = 1x
  ExpectUndefined(0xBA820020);  // S = 1
}

// ---- Data-processing (1 source) ----

TEST(OneSource, Rbit64) {
  FlatMemoryContext c;
  c.s.R[1] = 0x0000000000000001;
  ASSERT_TRUE(c.Step(0xDAC00020));  // rbit x0, x1
  EXPECT_EQ(c.X(0), 0x8000000000000000u);
  c.s.R[1] = 0x123456789ABCDEF0;
  ASSERT_TRUE(c.Step(0xDAC00020));
  EXPECT_EQ(c.X(0), 0x0F7B3D591E6A2C48u);
}

TEST(OneSource, RbitW32) {
  FlatMemoryContext c;
  c.s.R[1] = 0xFFFFFFFF00000003;
  ASSERT_TRUE(c.Step(0x5AC00020));  // rbit w0, w1
  EXPECT_EQ(c.X(0), 0xC0000000u);
}

TEST(OneSource, Rev16OnX) {
  FlatMemoryContext c;
  c.s.R[1] = 0x0011223344556677;
  ASSERT_TRUE(c.Step(0xDAC00420));  // rev16 x0, x1
  EXPECT_EQ(c.X(0), 0x1100332255447766u);
}

TEST(OneSource, Rev16OnW) {
  FlatMemoryContext c;
  c.s.R[1] = 0xAABBCCDD44556677;
  ASSERT_TRUE(c.Step(0x5AC00420));  // rev16 w0, w1
  EXPECT_EQ(c.X(0), 0x55447766u);
}

TEST(OneSource, Rev32OnX) {
  FlatMemoryContext c;
  c.s.R[1] = 0x0011223344556677;
  ASSERT_TRUE(c.Step(0xDAC00820));  // rev32 x0, x1
  EXPECT_EQ(c.X(0), 0x3322110077665544u);
}

TEST(OneSource, RevX) {
  FlatMemoryContext c;
  c.s.R[1] = 0x0011223344556677;
  ASSERT_TRUE(c.Step(0xDAC00C20));  // rev x0, x1
  EXPECT_EQ(c.X(0), 0x7766554433221100u);
}

TEST(OneSource, RevW) {
  FlatMemoryContext c;
  c.s.R[1] = 0xAABBCCDD44556677;
  ASSERT_TRUE(c.Step(0x5AC00820));  // rev w0, w1
  EXPECT_EQ(c.X(0), 0x77665544u);
}

TEST(OneSource, RevWithOpc11OnWIsUndefined) { ExpectUndefined(0x5AC00C20); }

TEST(OneSource, ClzOfZeroIsDatasize) {
  FlatMemoryContext c;
  c.s.R[1] = 0xFFFFFFFF00000000;
  ASSERT_TRUE(c.Step(0x5AC01020));  // clz w0, w1
  EXPECT_EQ(c.X(0), 32u);
  c.s.R[1] = 0;
  ASSERT_TRUE(c.Step(0xDAC01020));  // clz x0, x1
  EXPECT_EQ(c.X(0), 64u);
}

TEST(OneSource, ClzOfMinusOneIsZero) {
  FlatMemoryContext c;
  c.s.R[1] = ~uint64_t{0};
  ASSERT_TRUE(c.Step(0xDAC01020));  // clz x0, x1
  EXPECT_EQ(c.X(0), 0u);
}

TEST(OneSource, Clz64Bit40) {
  FlatMemoryContext c;
  c.s.R[1] = uint64_t{1} << 40;
  ASSERT_TRUE(c.Step(0xDAC01020));  // clz x0, x1
  EXPECT_EQ(c.X(0), 23u);
}

TEST(OneSource, ClsOfZeroAndMinusOneIsDatasizeMinusOne) {
  FlatMemoryContext c;
  c.s.R[1] = 0;
  ASSERT_TRUE(c.Step(0xDAC01420));  // cls x0, x1
  EXPECT_EQ(c.X(0), 63u);
  c.s.R[1] = ~uint64_t{0};
  ASSERT_TRUE(c.Step(0xDAC01420));
  EXPECT_EQ(c.X(0), 63u);
  c.s.R[1] = 0xFFFFFFFF;
  ASSERT_TRUE(c.Step(0x5AC01420));  // cls w0, w1
  EXPECT_EQ(c.X(0), 31u);
  c.s.R[1] = 0;
  ASSERT_TRUE(c.Step(0x5AC01420));
  EXPECT_EQ(c.X(0), 31u);
}

TEST(OneSource, ClsCountsSignCopies) {
  FlatMemoryContext c;
  c.s.R[1] = 0xFF00000000000000;
  ASSERT_TRUE(c.Step(0xDAC01420));  // cls x0, x1
  EXPECT_EQ(c.X(0), 7u);
  c.s.R[1] = 0x00000000000000FF;  // W: 24 leading zeros, 23 below the sign bit
  ASSERT_TRUE(c.Step(0x5AC01420));  // cls w0, w1
  EXPECT_EQ(c.X(0), 23u);
}

// ---- Data-processing (2 source) ----

TEST(TwoSource, UdivByZeroIsZero) {
  FlatMemoryContext c;
  c.s.R[1] = 1234;
  c.s.R[2] = 0;
  ASSERT_TRUE(c.Step(0x9AC20820));  // udiv x0, x1, x2
  EXPECT_EQ(c.X(0), 0u);
}

TEST(TwoSource, SdivByZeroIsZero) {
  FlatMemoryContext c;
  c.s.R[1] = static_cast<uint64_t>(-1234);
  c.s.R[2] = 0;
  ASSERT_TRUE(c.Step(0x9AC20C20));  // sdiv x0, x1, x2
  EXPECT_EQ(c.X(0), 0u);
}

TEST(TwoSource, SdivInt64MinByMinusOneIsInt64Min) {
  FlatMemoryContext c;
  c.s.R[1] = 0x8000000000000000;
  c.s.R[2] = ~uint64_t{0};
  ASSERT_TRUE(c.Step(0x9AC20C20));  // sdiv x0, x1, x2
  EXPECT_EQ(c.X(0), 0x8000000000000000u);
}

TEST(TwoSource, SdivInt32MinByMinusOneIsInt32Min) {
  FlatMemoryContext c;
  c.s.R[1] = 0x80000000;
  c.s.R[2] = 0xFFFFFFFF;
  ASSERT_TRUE(c.Step(0x1AC20C20));  // sdiv w0, w1, w2
  EXPECT_EQ(c.X(0), 0x80000000u);
}

TEST(TwoSource, SdivRoundsTowardsZero) {
  FlatMemoryContext c;
  c.s.R[1] = static_cast<uint64_t>(-7);
  c.s.R[2] = 2;
  ASSERT_TRUE(c.Step(0x9AC20C20));  // sdiv x0, x1, x2
  EXPECT_EQ(c.X(0), static_cast<uint64_t>(-3));
}

TEST(TwoSource, SdivW32SignedOperandsZeroExtendedResult) {
  FlatMemoryContext c;
  c.s.R[1] = 0xFFFFFFF9;  // W1 = -7 (X1 positive)
  c.s.R[2] = 0xFFFFFFFFFFFFFFFF;
  ASSERT_TRUE(c.Step(0x1AC20C20));  // sdiv w0, w1, w2
  EXPECT_EQ(c.X(0), 7u);
}

TEST(TwoSource, UdivW32IsUnsignedOnLowHalf) {
  FlatMemoryContext c;
  c.s.R[1] = 0xFFFFFFFFFFFFFFFF;
  c.s.R[2] = 0x100000002;  // W2 = 2
  ASSERT_TRUE(c.Step(0x1AC20820));  // udiv w0, w1, w2
  EXPECT_EQ(c.X(0), 0x7FFFFFFFu);
}

TEST(TwoSource, LslvAmountIsModulo64) {
  FlatMemoryContext c;
  c.s.R[1] = 3;
  c.s.R[2] = 64;
  ASSERT_TRUE(c.Step(0x9AC22020));  // lsl x0, x1, x2
  EXPECT_EQ(c.X(0), 3u);
  c.s.R[2] = 65;
  ASSERT_TRUE(c.Step(0x9AC22020));
  EXPECT_EQ(c.X(0), 6u);
}

TEST(TwoSource, LslvByZero) {
  FlatMemoryContext c;
  c.s.R[1] = 0x8000000000000001;
  c.s.R[2] = 0;
  ASSERT_TRUE(c.Step(0x9AC22020));  // lsl x0, x1, x2
  EXPECT_EQ(c.X(0), 0x8000000000000001u);
}

TEST(TwoSource, LsrvW32AmountIsModulo32) {
  FlatMemoryContext c;
  c.s.R[1] = 0xFFFFFFFF80000000;
  c.s.R[2] = 32;
  ASSERT_TRUE(c.Step(0x1AC22420));  // lsr w0, w1, w2
  EXPECT_EQ(c.X(0), 0x80000000u);
  c.s.R[2] = 33;
  ASSERT_TRUE(c.Step(0x1AC22420));
  EXPECT_EQ(c.X(0), 0x40000000u);
}

TEST(TwoSource, AsrvBy63AndBy127) {
  FlatMemoryContext c;
  c.s.R[1] = 0x8000000000000000;
  c.s.R[2] = 63;
  ASSERT_TRUE(c.Step(0x9AC22820));  // asr x0, x1, x2
  EXPECT_EQ(c.X(0), ~uint64_t{0});
  c.s.R[2] = 127;
  ASSERT_TRUE(c.Step(0x9AC22820));
  EXPECT_EQ(c.X(0), ~uint64_t{0});
}

TEST(TwoSource, AsrvW32SignIsBit31) {
  FlatMemoryContext c;
  c.s.R[1] = 0x0000000080000000;
  c.s.R[2] = 4;
  ASSERT_TRUE(c.Step(0x1AC22820));  // asr w0, w1, w2
  EXPECT_EQ(c.X(0), 0xF8000000u);
}

TEST(TwoSource, RorvW32) {
  FlatMemoryContext c;
  c.s.R[1] = 0xFFFFFFFF00000001;
  c.s.R[2] = 33;  // = 1
  ASSERT_TRUE(c.Step(0x1AC22C20));  // ror w0, w1, w2
  EXPECT_EQ(c.X(0), 0x80000000u);
}

TEST(TwoSource, RorvX) {
  FlatMemoryContext c;
  c.s.R[1] = 0x0000000000000012;
  c.s.R[2] = 8;
  ASSERT_TRUE(c.Step(0x9AC22C20));  // ror x0, x1, x2
  EXPECT_EQ(c.X(0), 0x1200000000000000u);
}

TEST(TwoSource, UnallocatedOpcodesAreUndefined) {
  ExpectUndefined(0x9AC20420);  // opcode 000001
  ExpectUndefined(0xBAC20820);  // udiv with S = 1
}

// ---- Data-processing (3 source) ----

TEST(ThreeSource, Madd) {
  FlatMemoryContext c;
  c.s.R[1] = 3;
  c.s.R[2] = 5;
  c.s.R[3] = 100;
  ASSERT_TRUE(c.Step(0x9B020C20));  // madd x0, x1, x2, x3
  EXPECT_EQ(c.X(0), 115u);
}

TEST(ThreeSource, Msub) {
  FlatMemoryContext c;
  c.s.R[1] = 3;
  c.s.R[2] = 5;
  c.s.R[3] = 10;
  ASSERT_TRUE(c.Step(0x9B028C20));  // msub x0, x1, x2, x3
  EXPECT_EQ(c.X(0), static_cast<uint64_t>(-5));
}

TEST(ThreeSource, MulW32TruncatesAndRaIsXzr) {
  FlatMemoryContext c;
  c.s.R[31] = 0x8000;
  c.s.R[1] = 0x10000;
  c.s.R[2] = 0x10001;
  ASSERT_TRUE(c.Step(0x1B027C20));  // mul w0, w1, w2 (madd w0, w1, w2, wzr)
  EXPECT_EQ(c.X(0), 0x10000u);
}

TEST(ThreeSource, SmaddlSignExtendsW) {
  FlatMemoryContext c;
  c.s.R[1] = 0xFFFFFFFF;  // -1
  c.s.R[2] = 0x80000000;  // INT32_MIN
  c.s.R[3] = 1;
  ASSERT_TRUE(c.Step(0x9B220C20));  // smaddl x0, w1, w2, x3
  EXPECT_EQ(c.X(0), 0x80000001u);
}

TEST(ThreeSource, UmaddlIsUnsigned) {
  FlatMemoryContext c;
  c.s.R[1] = 0xAAAAAAAAFFFFFFFF;
  c.s.R[2] = 0xFFFFFFFF;
  c.s.R[3] = 0;
  ASSERT_TRUE(c.Step(0x9BA20C20));  // umaddl x0, w1, w2, x3
  EXPECT_EQ(c.X(0), 0xFFFFFFFE00000001u);
}

TEST(ThreeSource, Smsubl) {
  FlatMemoryContext c;
  c.s.R[1] = 0xFFFFFFFE;  // -2
  c.s.R[2] = 3;
  c.s.R[3] = 10;
  ASSERT_TRUE(c.Step(0x9B228C20));  // smsubl x0, w1, w2, x3
  EXPECT_EQ(c.X(0), 16u);
}

TEST(ThreeSource, Umsubl) {
  FlatMemoryContext c;
  c.s.R[1] = 0xFFFFFFFE;
  c.s.R[2] = 3;
  c.s.R[3] = 0x300000000;
  ASSERT_TRUE(c.Step(0x9BA28C20));  // umsubl x0, w1, w2, x3
  EXPECT_EQ(c.X(0), 0x300000000u - 0x2FFFFFFFAu);
}

TEST(ThreeSource, SmulhNegative) {
  FlatMemoryContext c;
  c.s.R[1] = static_cast<uint64_t>(-2);
  c.s.R[2] = 0x8000000000000000;  // INT64_MIN
  ASSERT_TRUE(c.Step(0x9B427C20));  // smulh x0, x1, x2
  EXPECT_EQ(c.X(0), 1u);  // (-2) * (-2^63) = 2^64
  c.s.R[1] = static_cast<uint64_t>(-1);
  c.s.R[2] = 1;
  ASSERT_TRUE(c.Step(0x9B427C20));
  EXPECT_EQ(c.X(0), ~uint64_t{0});
}

TEST(ThreeSource, UmulhMaxTimesMax) {
  FlatMemoryContext c;
  c.s.R[1] = ~uint64_t{0};
  c.s.R[2] = ~uint64_t{0};
  ASSERT_TRUE(c.Step(0x9BC27C20));  // umulh x0, x1, x2
  EXPECT_EQ(c.X(0), 0xFFFFFFFFFFFFFFFEu);
}

TEST(ThreeSource, UnallocatedOpsAreUndefined) {
  ExpectUndefined(0x1B220C20);  // smaddl with sf = 0
  ExpectUndefined(0x9B620C20);  // op31 = 011
  ExpectUndefined(0x9B42FC20);  // smulh with o0 = 1
}
