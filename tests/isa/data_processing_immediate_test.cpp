// Data processing -- immediate (C4.1.4): add/subtract, logical, move wide, bitfield,
// extract. Instruction words come from aarch64-linux-gnu-as; the UNDEFINED ones are
// allocated words with one field changed, and objdump shows them as "undefined".
#include <gtest/gtest.h>

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

// ---- PC-relative addressing ----

// Found by fuzz_decoder_semantics: a negative ADRP offset was a left shift of a negative
// value (undefined behaviour, which UBSan reports in the MTESIM_SANITIZE build).
TEST(PcRelativeAddressing, AdrpWithANegativeOffsetGoesBackPages) {
  FlatMemoryContext c;
  c.s.PC = FlatMemoryContext::kBase + 0x1234;
  ASSERT_TRUE(c.Step(0xF0FFFFE0));  // adrp x0, . - 0x1000 (page)
  EXPECT_EQ(c.X(0), FlatMemoryContext::kBase);  // the page of PC (kBase + 0x1000), less one page
  ASSERT_TRUE(c.Step(0x90800000));  // adrp x0, the lowest page offset (-4 GiB)
  EXPECT_EQ(c.X(0), FlatMemoryContext::kBase + 0x1000 - 0x100000000);
}

// ---- Add/subtract (immediate) ----

TEST(AddSubImmediate, ShiftedImmediateIsTimes4096) {
  FlatMemoryContext c;
  c.s.R[1] = 5;
  ASSERT_TRUE(c.Step(0x91400420));  // add x0, x1, #1, lsl #12
  EXPECT_EQ(c.X(0), 0x1005u);
}

TEST(AddSubImmediate, RnThirtyOneReadsSp) {
  FlatMemoryContext c;
  c.s.R[31] = 0x8000;  // SP
  ASSERT_TRUE(c.Step(0x910043E0));  // add x0, sp, #16
  EXPECT_EQ(c.X(0), 0x8010u);
}

TEST(AddSubImmediate, RdThirtyOneWritesSp) {
  FlatMemoryContext c;
  c.s.R[1] = 0x9000;
  ASSERT_TRUE(c.Step(0x9100203F));  // add sp, x1, #8
  EXPECT_EQ(c.SP(), 0x9008u);
}

TEST(AddSubImmediate, FlagSettingFormDiscardsToXzrNotSp) {
  FlatMemoryContext c;
  c.s.R[31] = 0x8000;
  c.s.R[1] = ~uint64_t{0};
  ASSERT_TRUE(c.Step(0xB100043F));  // cmn x1, #1 (adds xzr, x1, #1)
  EXPECT_EQ(c.SP(), 0x8000u);
  EXPECT_EQ(Nzcv(c), 0b0110u);  // Z, C
}

TEST(AddSubImmediate, CmpW32BorrowClearsCarry) {
  FlatMemoryContext c;
  c.s.R[1] = uint64_t{1} << 32;  // W1 = 0: the upper half is not compared
  c.s.PSTATE.C = true;
  ASSERT_TRUE(c.Step(0x7100043F));  // cmp w1, #1
  EXPECT_EQ(Nzcv(c), 0b1000u);  // N, no carry (borrow), no overflow
}

TEST(AddSubImmediate, Subs64SignedOverflowSetsVAndC) {
  FlatMemoryContext c;
  c.s.R[1] = 0x8000000000000000;
  ASSERT_TRUE(c.Step(0xF1000420));  // subs x0, x1, #1
  EXPECT_EQ(c.X(0), 0x7FFFFFFFFFFFFFFFu);
  EXPECT_EQ(Nzcv(c), 0b0011u);  // C (no borrow), V
}

TEST(AddSubImmediate, Adds32UnsignedCarryOut) {
  FlatMemoryContext c;
  c.s.R[1] = ~uint64_t{0};
  ASSERT_TRUE(c.Step(0x31000420));  // adds w0, w1, #1
  EXPECT_EQ(c.X(0), 0u);
  EXPECT_EQ(Nzcv(c), 0b0110u);  // Z, C; no V
}

TEST(AddSubImmediate, Adds32SignedOverflow) {
  FlatMemoryContext c;
  c.s.R[1] = 0xFFFFFFFF7FFFFFFF;
  ASSERT_TRUE(c.Step(0x31000420));  // adds w0, w1, #1
  EXPECT_EQ(c.X(0), 0x80000000u);
  EXPECT_EQ(Nzcv(c), 0b1001u);  // N, V; no C
}

TEST(AddSubImmediate, WResultZeroExtends) {
  FlatMemoryContext c;
  c.s.R[1] = 0xFFFFFFFF00000005;
  ASSERT_TRUE(c.Step(0x11000420));  // add w0, w1, #1
  EXPECT_EQ(c.X(0), 6u);
}

TEST(AddSubImmediate, WspWriteZeroExtendsIntoSp) {
  FlatMemoryContext c;
  c.s.R[31] = 0xAAAA;
  c.s.R[1] = 0xFFFFFFFF12345678;
  ASSERT_TRUE(c.Step(0x1100003F));  // mov wsp, w1 (add wsp, w1, #0)
  EXPECT_EQ(c.SP(), 0x12345678u);
}

TEST(AddSubImmediate, NonFlagSettingLeavesFlags) {
  FlatMemoryContext c;
  c.SetNZCV(true, false, true, false);
  ASSERT_TRUE(c.Step(0x11000420));  // add w0, w1, #1
  EXPECT_EQ(Nzcv(c), 0b1010u);
}

// ---- Logical (immediate) ----

TEST(LogicalImmediate, AndLowByte64BitElement) {
  FlatMemoryContext c;
  c.s.R[1] = 0x123456789ABCDEF0;
  ASSERT_TRUE(c.Step(0x92401C20));  // and x0, x1, #0xff
  EXPECT_EQ(c.X(0), 0xF0u);
}

TEST(LogicalImmediate, TwoBitElementPattern) {
  FlatMemoryContext c;
  c.s.R[0] = ~uint64_t{0};
  ASSERT_TRUE(c.Step(0x3200F3E0));  // mov w0, #0x55555555 (orr w0, wzr, #...)
  EXPECT_EQ(c.X(0), 0x55555555u);
}

TEST(LogicalImmediate, FourBitElementPattern) {
  FlatMemoryContext c;
  c.s.R[1] = ~uint64_t{0};
  ASSERT_TRUE(c.Step(0x9200E420));  // and x0, x1, #0x3333333333333333
  EXPECT_EQ(c.X(0), 0x3333333333333333u);
}

TEST(LogicalImmediate, EightBitElementPattern) {
  FlatMemoryContext c;
  c.s.R[1] = 0xFF00FF00FF00FF00;
  ASSERT_TRUE(c.Step(0xD200CC20));  // eor x0, x1, #0x0f0f0f0f0f0f0f0f
  EXPECT_EQ(c.X(0), 0xF00FF00FF00FF00Fu);
}

TEST(LogicalImmediate, SixteenBitElementPattern) {
  FlatMemoryContext c;
  c.s.R[1] = ~uint64_t{0};
  ASSERT_TRUE(c.Step(0x92009C20));  // and x0, x1, #0x00ff00ff00ff00ff
  EXPECT_EQ(c.X(0), 0x00FF00FF00FF00FFu);
}

TEST(LogicalImmediate, ThirtyTwoBitElementPattern) {
  FlatMemoryContext c;
  ASSERT_TRUE(c.Step(0xB2003FE0));  // mov x0, #0x0000ffff0000ffff
  EXPECT_EQ(c.X(0), 0x0000FFFF0000FFFFu);
}

TEST(LogicalImmediate, RotatedRunWrapsAround) {
  FlatMemoryContext c;
  ASSERT_TRUE(c.Step(0xB24107E0));  // mov x0, #0x8000000000000001
  EXPECT_EQ(c.X(0), 0x8000000000000001u);
}

TEST(LogicalImmediate, RotatedRunOf31Ones) {
  FlatMemoryContext c;
  ASSERT_TRUE(c.Step(0xB27F7BE0));  // mov x0, #0xfffffffe
  EXPECT_EQ(c.X(0), 0xFFFFFFFEu);
}

TEST(LogicalImmediate, EorW32TopBitAndZeroExtends) {
  FlatMemoryContext c;
  c.s.R[1] = 0xFFFFFFFF00000001;
  ASSERT_TRUE(c.Step(0x52010020));  // eor w0, w1, #0x80000000
  EXPECT_EQ(c.X(0), 0x80000001u);
}

TEST(LogicalImmediate, AndRdThirtyOneWritesSp) {
  FlatMemoryContext c;
  c.s.R[1] = 0x1234567F;
  ASSERT_TRUE(c.Step(0x927CEC3F));  // and sp, x1, #0xfffffffffffffff0
  EXPECT_EQ(c.SP(), 0x12345670u);
}

TEST(LogicalImmediate, AndsRdThirtyOneIsXzrAndClearsCV) {
  FlatMemoryContext c;
  c.s.R[31] = 0x8000;
  c.s.R[1] = 0x8000000000000001;
  c.SetNZCV(false, true, true, true);
  ASSERT_TRUE(c.Step(0xF240003F));  // tst x1, #1
  EXPECT_EQ(c.SP(), 0x8000u);
  EXPECT_EQ(Nzcv(c), 0b0000u);
}

TEST(LogicalImmediate, AndsNegativeSetsN) {
  FlatMemoryContext c;
  c.s.R[1] = 0x8000000000000000;
  ASSERT_TRUE(c.Step(0xF2410020));  // ands x0, x1, #0x8000000000000000
  EXPECT_EQ(c.X(0), 0x8000000000000000u);
  EXPECT_EQ(Nzcv(c), 0b1000u);
}

TEST(LogicalImmediate, NOneInW32IsUndefined) { ExpectUndefined(0x12400020); }  // and w0, w1 with N = 1
TEST(LogicalImmediate, AllOnes64BitElementIsUndefined) { ExpectUndefined(0x9240FC20); }  // N=1 imms=111111
TEST(LogicalImmediate, AllOnesTwoBitElementIsUndefined) { ExpectUndefined(0x9200F420); }  // imms=111101
TEST(LogicalImmediate, NoElementSizeIsUndefined) {
  ExpectUndefined(0x9200F820);  // imms=111110
  ExpectUndefined(0x9200FC20);  // imms=111111
}

// ---- Move wide (immediate) ----

TEST(MoveWide, MovzTopHalfword) {
  FlatMemoryContext c;
  c.s.R[0] = ~uint64_t{0};
  ASSERT_TRUE(c.Step(0xD2E24680));  // mov x0, #0x1234000000000000 (movz lsl #48)
  EXPECT_EQ(c.X(0), 0x1234000000000000u);
}

TEST(MoveWide, MovnW32ZeroExtends) {
  FlatMemoryContext c;
  ASSERT_TRUE(c.Step(0x12800000));  // mov w0, #0xffffffff (movn w0, #0)
  EXPECT_EQ(c.X(0), 0xFFFFFFFFu);
}

TEST(MoveWide, MovnShifted64) {
  FlatMemoryContext c;
  ASSERT_TRUE(c.Step(0x92A00020));  // movn x0, #1, lsl #16
  EXPECT_EQ(c.X(0), 0xFFFFFFFFFFFEFFFFu);
}

TEST(MoveWide, MovkKeepsOtherHalfwords) {
  FlatMemoryContext c;
  c.s.R[0] = 0x1111222233334444;
  ASSERT_TRUE(c.Step(0xF2B7DDE0));  // movk x0, #0xbeef, lsl #16
  EXPECT_EQ(c.X(0), 0x11112222BEEF4444u);
}

TEST(MoveWide, MovkW32ClearsUpperHalf) {
  FlatMemoryContext c;
  c.s.R[0] = 0x1111222233334444;
  ASSERT_TRUE(c.Step(0x72800020));  // movk w0, #1
  EXPECT_EQ(c.X(0), 0x33330001u);
}

TEST(MoveWide, MovzW32Halfword1) {
  FlatMemoryContext c;
  ASSERT_TRUE(c.Step(0x52A00020));  // mov w0, #0x10000
  EXPECT_EQ(c.X(0), 0x10000u);
}

TEST(MoveWide, MovzToXzrIsDiscarded) {
  FlatMemoryContext c;
  c.s.R[31] = 0x8000;
  ASSERT_TRUE(c.Step(0xD2E2469F));  // movz xzr, #0x1234, lsl #48
  EXPECT_EQ(c.SP(), 0x8000u);
}

TEST(MoveWide, W32HalfwordTwoIsUndefined) { ExpectUndefined(0x52C00020); }  // movz w0, #1, lsl #32
TEST(MoveWide, Opc01IsUndefined) {
  ExpectUndefined(0x32800000);
  ExpectUndefined(0xB2800000);
}

// ---- Bitfield ----

TEST(Bitfield, AsrBy63GivesSignMask) {
  FlatMemoryContext c;
  c.s.R[1] = 0x8000000000000000;
  ASSERT_TRUE(c.Step(0x937FFC20));  // asr x0, x1, #63
  EXPECT_EQ(c.X(0), ~uint64_t{0});
}

TEST(Bitfield, LslW32By31DropsUpperBits) {
  FlatMemoryContext c;
  c.s.R[1] = 0xFFFFFFFFFFFFFFFF;
  ASSERT_TRUE(c.Step(0x53010020));  // lsl w0, w1, #31
  EXPECT_EQ(c.X(0), 0x80000000u);
}

TEST(Bitfield, LsrImmediate) {
  FlatMemoryContext c;
  c.s.R[1] = 0x8000000000000010;
  ASSERT_TRUE(c.Step(0xD344FC20));  // lsr x0, x1, #4
  EXPECT_EQ(c.X(0), 0x0800000000000001u);
}

TEST(Bitfield, AsrW32SignExtendsFromBit31Only) {
  FlatMemoryContext c;
  c.s.R[1] = 0x00000000F0000000;
  ASSERT_TRUE(c.Step(0x131C7C20));  // asr w0, w1, #28
  EXPECT_EQ(c.X(0), 0xFFFFFFFFu);
}

TEST(Bitfield, SxtbToX) {
  FlatMemoryContext c;
  c.s.R[1] = 0x1280;
  ASSERT_TRUE(c.Step(0x93401C20));  // sxtb x0, w1
  EXPECT_EQ(c.X(0), 0xFFFFFFFFFFFFFF80u);
}

TEST(Bitfield, SxthToWZeroExtends) {
  FlatMemoryContext c;
  c.s.R[1] = 0x8001;
  ASSERT_TRUE(c.Step(0x13003C20));  // sxth w0, w1
  EXPECT_EQ(c.X(0), 0xFFFF8001u);
}

TEST(Bitfield, Sxtw) {
  FlatMemoryContext c;
  c.s.R[1] = 0x0000000180000000;
  ASSERT_TRUE(c.Step(0x93407C20));  // sxtw x0, w1
  EXPECT_EQ(c.X(0), 0xFFFFFFFF80000000u);
}

TEST(Bitfield, UxtbAndUxth) {
  FlatMemoryContext c;
  c.s.R[1] = 0xFFFFFFFFFFFFFFFF;
  ASSERT_TRUE(c.Step(0x53001C20));  // uxtb w0, w1
  EXPECT_EQ(c.X(0), 0xFFu);
  ASSERT_TRUE(c.Step(0x53003C20));  // uxth w0, w1
  EXPECT_EQ(c.X(0), 0xFFFFu);
}

TEST(Bitfield, BfiW32KeepsOtherLowBitsAndClearsUpperHalf) {
  FlatMemoryContext c;
  c.s.R[0] = 0xAAAAAAAA12345678;
  c.s.R[1] = 0xFFFFFFFFFFFFFFF9;
  ASSERT_TRUE(c.Step(0x33180C20));  // bfi w0, w1, #8, #4
  EXPECT_EQ(c.X(0), 0x12345978u);
}

TEST(Bitfield, BfiAtTopOfX) {
  FlatMemoryContext c;
  c.s.R[0] = 0x0123456789ABCDEF;
  c.s.R[1] = 0xA;
  ASSERT_TRUE(c.Step(0xB3440C20));  // bfi x0, x1, #60, #4
  EXPECT_EQ(c.X(0), 0xA123456789ABCDEFu);
}

TEST(Bitfield, BfxilTakesHighField) {
  FlatMemoryContext c;
  c.s.R[0] = 0xFFFFFFFFFFFFFFF0;
  c.s.R[1] = 0x5000000000000000;
  ASSERT_TRUE(c.Step(0xB37CFC20));  // bfxil x0, x1, #60, #4
  EXPECT_EQ(c.X(0), 0xFFFFFFFFFFFFFFF5u);
}

TEST(Bitfield, BfcClearsFieldFromXzr) {
  FlatMemoryContext c;
  c.s.R[31] = 0xFFFFFFFFFFFFFFFF;  // SP must not be the source
  c.s.R[0] = 0xFFFFFFFFFFFFFFFF;
  ASSERT_TRUE(c.Step(0xB3781FE0));  // bfc x0, #8, #8
  EXPECT_EQ(c.X(0), 0xFFFFFFFFFFFF00FFu);
}

TEST(Bitfield, SbfxSignExtendsField) {
  FlatMemoryContext c;
  c.s.R[1] = 0x0000000000000F80;
  ASSERT_TRUE(c.Step(0x93442C20));  // sbfx x0, x1, #4, #8
  EXPECT_EQ(c.X(0), 0xFFFFFFFFFFFFFFF8u);
}

TEST(Bitfield, UbfizDropsBitsAboveTheRegister) {
  FlatMemoryContext c;
  c.s.R[1] = 0xFF;
  ASSERT_TRUE(c.Step(0xD3440C20));  // ubfiz x0, x1, #60, #4 (lsl x0, x1, #60)
  EXPECT_EQ(c.X(0), 0xF000000000000000u);
}

TEST(Bitfield, SbfizW32) {
  FlatMemoryContext c;
  c.s.R[1] = 0x8;
  ASSERT_TRUE(c.Step(0x13040C20));  // sbfiz w0, w1, #28, #4
  EXPECT_EQ(c.X(0), 0x80000000u);
}

TEST(Bitfield, SfOneWithNZeroIsUndefined) { ExpectUndefined(0x933FFC20); }
TEST(Bitfield, SfZeroWithNOneIsUndefined) { ExpectUndefined(0x53410020); }
TEST(Bitfield, W32ImmrBit5IsUndefined) { ExpectUndefined(0x53210020); }
TEST(Bitfield, W32ImmsBit5IsUndefined) { ExpectUndefined(0x53009C20); }
TEST(Bitfield, Opc11IsUndefined) { ExpectUndefined(0xF344FC20); }

// ---- Extract ----

TEST(Extract, LsbZeroIsRm) {
  FlatMemoryContext c;
  c.s.R[1] = 0x1111111111111111;
  c.s.R[2] = 0x2222222222222222;
  ASSERT_TRUE(c.Step(0x93C20020));  // extr x0, x1, x2, #0
  EXPECT_EQ(c.X(0), 0x2222222222222222u);
}

TEST(Extract, ConcatenatesRnAboveRm) {
  FlatMemoryContext c;
  c.s.R[1] = 0x00000000000000AB;
  c.s.R[2] = 0x1122334455667788;
  ASSERT_TRUE(c.Step(0x93C22020));  // extr x0, x1, x2, #8
  EXPECT_EQ(c.X(0), 0xAB11223344556677u);
}

TEST(Extract, W32LsbZeroIsWm) {
  FlatMemoryContext c;
  c.s.R[1] = 0x11111111;
  c.s.R[2] = 0xFFFFFFFF22222222;
  ASSERT_TRUE(c.Step(0x13820020));  // extr w0, w1, w2, #0
  EXPECT_EQ(c.X(0), 0x22222222u);
}

TEST(Extract, RorW32IgnoresUpperHalf) {
  FlatMemoryContext c;
  c.s.R[1] = 0xFFFFFFFF12345678;
  ASSERT_TRUE(c.Step(0x13811020));  // ror w0, w1, #4
  EXPECT_EQ(c.X(0), 0x81234567u);
}

TEST(Extract, Ror64By63) {
  FlatMemoryContext c;
  c.s.R[1] = 0x8000000000000001;
  ASSERT_TRUE(c.Step(0x93C1FC20));  // ror x0, x1, #63
  EXPECT_EQ(c.X(0), 0x0000000000000003u);
}

TEST(Extract, NNotEqualSfIsUndefined) { ExpectUndefined(0x93822020); }
TEST(Extract, W32LsbAbove31IsUndefined) { ExpectUndefined(0x13828020); }
TEST(Extract, O0AndOp21AreUnallocated) {
  ExpectUndefined(0x93E22020);
  ExpectUndefined(0xB3C22020);
}
