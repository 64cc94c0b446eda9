// FEAT_MTE tag arithmetic instructions executed through the decoder: ADDG, SUBG, IRG, GMI,
// SUBP, SUBPS and CMPP. Expected values follow the Arm ARM pseudocode (C6.2 ADDG, SUBG,
// IRG, GMI, SUBP, SUBPS; AArch64.ChooseNonExcludedTag, AArch64.RandomTag,
// AArch64.NextRandomTagBit, AArch64.AddressWithAllocationTag), worked out by hand; the IRG
// LFSR values come from a separate model of NextRandomTagBit, never from isa/mte.h.
#include <gtest/gtest.h>

#include <cstdint>

#include "tests/isa/isa_test_helpers.h"

namespace {

using mtesim::isa::MteFeatures;
using mtesim::test::ExpectUndefined;
using mtesim::test::FlatMemoryContext;
using mtesim::test::SetNzcv;

constexpr uint64_t kBase = FlatMemoryContext::kBase;
constexpr uint64_t kSctlrAta = uint64_t{1} << 43;   // SCTLR_EL1.ATA
constexpr uint64_t kSctlrAta0 = uint64_t{1} << 42;  // SCTLR_EL1.ATA0
constexpr uint64_t kGcrRrnd = uint64_t{1} << 16;    // GCR_EL1.RRND

MteFeatures Level(unsigned level) {
  MteFeatures f;
  f.level = level;
  return f;
}

uint64_t Tagged(uint64_t va, unsigned tag) { return (va & ~(uint64_t{0xF} << 56)) | uint64_t{tag & 0xF} << 56; }

// A PE at `level` with allocation tag access enabled at EL1 and EL0 (ATA, ATA0).
void EnableTagAccess(FlatMemoryContext& c, unsigned level = 2) {
  c.ConfigureMte(Level(level));
  c.s.sys.SCTLR_EL1 |= kSctlrAta | kSctlrAta0;
  c.UpdateDerivedState();
}

void EnterEl0(FlatMemoryContext& c) {
  c.s.PSTATE.EL = 0;
  c.s.PSTATE.SP = false;
  c.PstateChanged();
}

// ---------------------------------------------------------------- UNDEFINED without FEAT_MTE

TEST(MteArithmeticUndefined, AddgSubgIrgGmiSubpSubpsAreUndefinedWithoutMte) {
  // ExpectUndefined runs on a default context, which has no MTE (level 0).
  ExpectUndefined(0x91820C20);  // addg x0, x1, #32, #3
  ExpectUndefined(0xD1820C20);  // subg x0, x1, #32, #3
  ExpectUndefined(0x9AC21020);  // irg x0, x1, x2
  ExpectUndefined(0x9AC21420);  // gmi x0, x1, x2
  ExpectUndefined(0x9AC20020);  // subp x0, x1, x2
  ExpectUndefined(0xBAC20020);  // subps x0, x1, x2
}

TEST(MteArithmeticUndefined, AddgIsAllocatedAtLevel1) {
  FlatMemoryContext c;
  c.ConfigureMte(Level(1));
  c.s.R[1] = kBase;
  ASSERT_TRUE(c.Step(0x91820C20));  // addg x0, x1, #32, #3
  EXPECT_EQ(c.X(0), kBase + 32);    // tag 0: FEAT_MTE alone has no allocation tag access
}

// ---------------------------------------------------------------- ADDG / SUBG

TEST(MteAddg, AddsTheImmediateScaledBy16) {
  FlatMemoryContext c;
  EnableTagAccess(c);
  c.s.R[1] = Tagged(kBase + 0x100, 2);
  ASSERT_TRUE(c.Step(0x91BF0C20));  // addg x0, x1, #1008, #3
  EXPECT_EQ(c.X(0) & 0x00FFFFFFFFFFFFFFull, kBase + 0x100 + 1008);
}

TEST(MteAddg, StepsTheTagByUimm4) {
  FlatMemoryContext c;
  EnableTagAccess(c);
  c.s.R[1] = Tagged(kBase + 0x100, 2);
  ASSERT_TRUE(c.Step(0x91820C20));  // addg x0, x1, #32, #3
  EXPECT_EQ(c.X(0), Tagged(kBase + 0x120, 5));
  EXPECT_EQ(c.X(1), Tagged(kBase + 0x100, 2));  // source untouched
}

TEST(MteAddg, TagStepsSkipGcrExcludedTags) {
  FlatMemoryContext c;
  EnableTagAccess(c);
  c.s.sys.GCR_EL1 = 0x0018;  // tags 3 and 4 excluded: 2 -> 5, 6, 7
  c.s.R[1] = Tagged(kBase, 2);
  ASSERT_TRUE(c.Step(0x91820C20));  // addg x0, x1, #32, #3
  EXPECT_EQ(c.X(0), Tagged(kBase + 32, 7));
}

TEST(MteAddg, TagStepWrapsFrom15To0) {
  FlatMemoryContext c;
  EnableTagAccess(c);
  c.s.sys.GCR_EL1 = 0x0001;  // tag 0 excluded: 14 -> 15, 1
  c.s.R[1] = Tagged(kBase, 14);
  ASSERT_TRUE(c.Step(0x91800820));  // addg x0, x1, #0, #2
  EXPECT_EQ(c.X(0), Tagged(kBase, 1));
}

TEST(MteAddg, ZeroTagOffsetMovesAnExcludedStartTagToTheNextAllowedOne) {
  FlatMemoryContext c;
  EnableTagAccess(c);
  c.s.sys.GCR_EL1 = 0x0060;  // 5 and 6 excluded
  c.s.R[1] = Tagged(kBase, 5);
  ASSERT_TRUE(c.Step(0x91800020));  // addg x0, x1, #0, #0
  EXPECT_EQ(c.X(0), Tagged(kBase, 7));
}

TEST(MteAddg, ZeroTagOffsetKeepsAnAllowedStartTag) {
  FlatMemoryContext c;
  EnableTagAccess(c);
  c.s.sys.GCR_EL1 = 0xFF7F;  // only 7 allowed
  c.s.R[1] = Tagged(kBase, 7);
  ASSERT_TRUE(c.Step(0x91800020));  // addg x0, x1, #0, #0
  EXPECT_EQ(c.X(0), Tagged(kBase, 7));
}

TEST(MteAddg, AllTagsExcludedGivesTagZero) {
  FlatMemoryContext c;
  EnableTagAccess(c);
  c.s.sys.GCR_EL1 = 0xFFFF;
  c.s.R[1] = Tagged(kBase, 9);
  ASSERT_TRUE(c.Step(0x91820C20));  // addg x0, x1, #32, #3
  EXPECT_EQ(c.X(0), kBase + 32);
}

TEST(MteAddg, TagIsZeroWhenSctlrAtaIsClear) {
  FlatMemoryContext c;
  c.ConfigureMte(Level(2));  // ATA = 0
  c.s.R[1] = Tagged(kBase, 9);
  ASSERT_TRUE(c.Step(0x91820C20));  // addg x0, x1, #32, #3
  EXPECT_EQ(c.X(0), kBase + 32);
}

TEST(MteAddg, AtEl0TheTagFollowsAta0NotAta) {
  FlatMemoryContext c;
  c.ConfigureMte(Level(2));
  c.s.sys.SCTLR_EL1 |= kSctlrAta;  // EL1 enabled, EL0 (ATA0) not
  c.UpdateDerivedState();
  EnterEl0(c);
  c.s.R[1] = Tagged(kBase, 9);
  ASSERT_TRUE(c.Step(0x91820C20));  // addg x0, x1, #32, #3
  EXPECT_EQ(c.X(0), kBase + 32);
}

TEST(MteAddg, SpIsSourceAndDestination) {
  FlatMemoryContext c;
  EnableTagAccess(c);
  c.s.R[31] = Tagged(kBase + 0x200, 4);
  ASSERT_TRUE(c.Step(0x918107FF));  // addg sp, sp, #16, #1
  EXPECT_EQ(c.SP(), Tagged(kBase + 0x210, 5));
}

TEST(MteAddg, TheAdditionIsOn64BitsBeforeTheTagIsInserted) {
  // AddWithCarry(operand1, offset) on the whole register: a carry out of bit 55 runs
  // through the old tag into bits [63:60]; the tag field is then replaced.
  FlatMemoryContext c;
  EnableTagAccess(c);
  c.s.R[1] = 0x0FFFFFFFFFFFFFF0ull;  // tag 0xF
  ASSERT_TRUE(c.Step(0x91810020));   // addg x0, x1, #16, #0
  EXPECT_EQ(c.X(0), 0x1F00000000000000ull);
}

TEST(MteSubg, SubtractsTheScaledImmediateAndStepsTheTag) {
  FlatMemoryContext c;
  EnableTagAccess(c);
  c.s.R[1] = Tagged(kBase + 0x100, 2);
  ASSERT_TRUE(c.Step(0xD1820C20));  // subg x0, x1, #32, #3
  EXPECT_EQ(c.X(0), Tagged(kBase + 0xE0, 5));
}

TEST(MteSubg, LargestImmediateIs1008) {
  FlatMemoryContext c;
  EnableTagAccess(c);
  c.s.R[1] = Tagged(kBase + 0x1000, 6);
  ASSERT_TRUE(c.Step(0xD1BF0020));  // subg x0, x1, #1008, #0
  EXPECT_EQ(c.X(0), Tagged(kBase + 0x1000 - 1008, 6));
}

// ---------------------------------------------------------------- IRG

// With RGSR_EL1 = {SEED 0x1234, TAG 5} and GCR_EL1.RRND = 0, RandomTag() gives offset 14
// and leaves SEED = 0xE123 (four NextRandomTagBit steps: bits 0, 1, 1, 1).
constexpr uint64_t kRgsrSeed1234Tag5 = 0x123405;

TEST(MteIrgInstruction, TagIsTheRgsrTagSteppedByRandomTag) {
  FlatMemoryContext c;
  EnableTagAccess(c);
  c.s.sys.RGSR_EL1 = kRgsrSeed1234Tag5;
  c.s.R[1] = Tagged(kBase + 0x40, 0xA);
  ASSERT_TRUE(c.Step(0x9ADF1020));  // irg x0, x1
  EXPECT_EQ(c.X(0), Tagged(kBase + 0x40, 3));  // 5 + 14 mod 16
}

TEST(MteIrgInstruction, UpdatesRgsrTagAndSeed) {
  FlatMemoryContext c;
  EnableTagAccess(c);
  c.s.sys.RGSR_EL1 = kRgsrSeed1234Tag5;
  c.s.R[1] = kBase;
  ASSERT_TRUE(c.Step(0x9ADF1020));  // irg x0, x1
  EXPECT_EQ(c.s.sys.RGSR_EL1, 0xE12303u);
}

TEST(MteIrgInstruction, SuccessiveIrgsFollowTheLfsr) {
  FlatMemoryContext c;
  EnableTagAccess(c);
  c.s.sys.RGSR_EL1 = 0xACE100;  // SEED 0xACE1, TAG 0: offset 2, SEED -> 0x2ACE
  c.s.R[1] = kBase;
  ASSERT_TRUE(c.Step(0x9ADF1020));  // irg x0, x1
  EXPECT_EQ(c.X(0), Tagged(kBase, 2));
  EXPECT_EQ(c.s.sys.RGSR_EL1, 0x2ACE02u);
}

TEST(MteIrgInstruction, ExcludesTagsFromXmAndGcrTogether) {
  // Exclude {0, 5} from Xm and {10, 15} from GCR: from 5, 14 allowed steps end at 7
  // (Xm alone would give 4, GCR alone 5).
  FlatMemoryContext c;
  EnableTagAccess(c);
  c.s.sys.RGSR_EL1 = kRgsrSeed1234Tag5;
  c.s.sys.GCR_EL1 = 0x8400;
  c.s.R[1] = kBase;
  c.s.R[2] = 0xFFFF000000000021ull;  // only Xm[15:0] counts
  ASSERT_TRUE(c.Step(0x9AC21020));  // irg x0, x1, x2
  EXPECT_EQ(c.X(0), Tagged(kBase, 7));
  EXPECT_EQ(c.s.sys.RGSR_EL1, 0xE12307u);
}

TEST(MteIrgInstruction, RmOf31IsXzrNotSp) {
  FlatMemoryContext c;
  EnableTagAccess(c);
  c.s.sys.RGSR_EL1 = kRgsrSeed1234Tag5;
  c.s.R[31] = kBase + 0xFFFF;  // as an exclude mask SP would exclude every tag
  c.s.R[1] = kBase;
  ASSERT_TRUE(c.Step(0x9ADF1020));  // irg x0, x1 (Rm = 31)
  EXPECT_EQ(c.X(0), Tagged(kBase, 3));
}

TEST(MteIrgInstruction, AllTagsExcludedGivesZeroAndStillAdvancesTheSeed) {
  FlatMemoryContext c;
  EnableTagAccess(c);
  c.s.sys.RGSR_EL1 = kRgsrSeed1234Tag5;
  c.s.sys.GCR_EL1 = 0xFFFF;
  c.s.R[1] = Tagged(kBase, 0xB);
  ASSERT_TRUE(c.Step(0x9ADF1020));  // irg x0, x1
  EXPECT_EQ(c.X(0), kBase);
  EXPECT_EQ(c.s.sys.RGSR_EL1, 0xE12300u);
}

TEST(MteIrgInstruction, SpAsSourceAndDestination) {
  FlatMemoryContext c;
  EnableTagAccess(c);
  c.s.sys.RGSR_EL1 = kRgsrSeed1234Tag5;
  c.s.R[31] = Tagged(kBase + 0x800, 1);
  ASSERT_TRUE(c.Step(0x9ADF13FF));  // irg sp, sp
  EXPECT_EQ(c.SP(), Tagged(kBase + 0x800, 3));
}

TEST(MteIrgInstruction, SpAsSourceOnly) {
  FlatMemoryContext c;
  EnableTagAccess(c);
  c.s.sys.RGSR_EL1 = kRgsrSeed1234Tag5;
  c.s.R[31] = kBase + 0x800;
  c.s.R[2] = 0;
  ASSERT_TRUE(c.Step(0x9AC213E0));  // irg x0, sp, x2
  EXPECT_EQ(c.X(0), Tagged(kBase + 0x800, 3));
  EXPECT_EQ(c.SP(), kBase + 0x800);
}

TEST(MteIrgInstruction, SpAsDestinationOnly) {
  FlatMemoryContext c;
  EnableTagAccess(c);
  c.s.sys.RGSR_EL1 = kRgsrSeed1234Tag5;
  c.s.R[1] = kBase + 0x900;
  c.s.R[2] = 0;
  ASSERT_TRUE(c.Step(0x9AC2103F));  // irg sp, x1, x2
  EXPECT_EQ(c.SP(), Tagged(kBase + 0x900, 3));
}

TEST(MteIrgInstruction, TagIsZeroAndRgsrUnchangedWhenAtaIsClear) {
  FlatMemoryContext c;
  c.ConfigureMte(Level(2));  // ATA = 0
  c.s.sys.RGSR_EL1 = kRgsrSeed1234Tag5;
  c.s.R[1] = Tagged(kBase, 0xB);
  ASSERT_TRUE(c.Step(0x9ADF1020));  // irg x0, x1
  EXPECT_EQ(c.X(0), kBase);
  EXPECT_EQ(c.s.sys.RGSR_EL1, kRgsrSeed1234Tag5);
}

TEST(MteIrgInstruction, TagIsZeroAtLevel1) {
  FlatMemoryContext c;
  c.ConfigureMte(Level(1));
  c.s.sys.SCTLR_EL1 |= kSctlrAta;  // RES0 without FEAT_MTE2 (a direct poke, not an MSR)
  c.s.sys.RGSR_EL1 = kRgsrSeed1234Tag5;
  c.s.R[1] = Tagged(kBase, 0xB);
  ASSERT_TRUE(c.Step(0x9ADF1020));  // irg x0, x1
  EXPECT_EQ(c.X(0), kBase);
}

TEST(MteIrgInstruction, AtEl0TheTagFollowsAta0) {
  FlatMemoryContext c;
  c.ConfigureMte(Level(2));
  c.s.sys.SCTLR_EL1 |= kSctlrAta0;  // EL0 enabled, EL1 not
  c.UpdateDerivedState();
  c.s.sys.RGSR_EL1 = kRgsrSeed1234Tag5;
  EnterEl0(c);
  c.s.R[1] = kBase;
  ASSERT_TRUE(c.Step(0x9ADF1020));  // irg x0, x1
  EXPECT_EQ(c.X(0), Tagged(kBase, 3));
}

TEST(MteIrgInstruction, RrndWithZeroSeedStillGivesANonExcludedTag) {
  // GCR_EL1.RRND = 1 is IMPLEMENTATION DEFINED; whatever the generator, the tag must not
  // be excluded. Only tag 6 is allowed here.
  FlatMemoryContext c;
  EnableTagAccess(c);
  c.s.sys.GCR_EL1 = kGcrRrnd | 0xFFBF;
  c.s.sys.RGSR_EL1 = 0;
  c.s.R[1] = kBase;
  ASSERT_TRUE(c.Step(0x9ADF1020));  // irg x0, x1
  EXPECT_EQ(c.X(0), Tagged(kBase, 6));
}

// ---------------------------------------------------------------- GMI

TEST(MteGmi, SetsTheBitOfXnsTagInXm) {
  FlatMemoryContext c;
  c.ConfigureMte(Level(2));
  c.s.R[1] = Tagged(kBase, 9);
  c.s.R[2] = 0x8000000000000003ull;
  ASSERT_TRUE(c.Step(0x9AC21420));  // gmi x0, x1, x2
  EXPECT_EQ(c.X(0), 0x8000000000000203ull);
}

TEST(MteGmi, AlreadySetBitStaysSet) {
  FlatMemoryContext c;
  c.ConfigureMte(Level(2));
  c.s.R[1] = Tagged(kBase, 0);
  c.s.R[2] = 1;
  ASSERT_TRUE(c.Step(0x9AC21420));  // gmi x0, x1, x2
  EXPECT_EQ(c.X(0), 1u);
}

TEST(MteGmi, RnOf31IsSp) {
  FlatMemoryContext c;
  c.ConfigureMte(Level(2));
  c.s.R[31] = Tagged(kBase, 0xF);
  c.s.R[2] = 0;
  ASSERT_TRUE(c.Step(0x9AC217E0));  // gmi x0, sp, x2
  EXPECT_EQ(c.X(0), 0x8000u);
}

TEST(MteGmi, RmOf31IsXzr) {
  FlatMemoryContext c;
  c.ConfigureMte(Level(2));
  c.s.R[31] = 0xFFFF;
  c.s.R[1] = Tagged(kBase, 4);
  ASSERT_TRUE(c.Step(0x9ADF1420));  // gmi x0, x1, xzr
  EXPECT_EQ(c.X(0), 0x10u);
}

TEST(MteGmi, DoesNotDependOnTagAccess) {
  // GMI only reads the logical tag; it has no ChooseTagOrZero step.
  FlatMemoryContext c;
  c.ConfigureMte(Level(1));
  c.s.R[1] = Tagged(kBase, 3);
  c.s.R[2] = 0;
  ASSERT_TRUE(c.Step(0x9AC21420));  // gmi x0, x1, x2
  EXPECT_EQ(c.X(0), 0x8u);
}

// ---------------------------------------------------------------- SUBP / SUBPS / CMPP

TEST(MteSubp, IgnoresTheTagsOfBothOperands) {
  FlatMemoryContext c;
  c.ConfigureMte(Level(1));
  c.s.R[1] = 0xAC00000040001000ull;  // tag C, top nibble A
  c.s.R[2] = 0x0500000040000F00ull;
  ASSERT_TRUE(c.Step(0x9AC20020));  // subp x0, x1, x2
  EXPECT_EQ(c.X(0), 0x100u);
}

TEST(MteSubp, SignExtendsFromBit55) {
  FlatMemoryContext c;
  c.ConfigureMte(Level(1));
  c.s.R[1] = 0x0F80000000000000ull;  // [55:0] is -2^55
  c.s.R[2] = 0;
  ASSERT_TRUE(c.Step(0x9AC20020));  // subp x0, x1, x2
  EXPECT_EQ(c.X(0), 0xFF80000000000000ull);
}

TEST(MteSubp, NegativeDifference) {
  FlatMemoryContext c;
  c.ConfigureMte(Level(1));
  c.s.R[1] = 0x0300000000001000ull;
  c.s.R[2] = 0x0700000000001010ull;
  ASSERT_TRUE(c.Step(0x9AC20020));  // subp x0, x1, x2
  EXPECT_EQ(c.X(0), ~uint64_t{0xF});  // -16
}

TEST(MteSubp, RnOf31IsSp) {
  FlatMemoryContext c;
  c.ConfigureMte(Level(1));
  c.s.R[31] = kBase + 0x500;
  c.s.R[2] = kBase + 0x100;
  ASSERT_TRUE(c.Step(0x9AC203E0));  // subp x0, sp, x2
  EXPECT_EQ(c.X(0), 0x400u);
}

TEST(MteSubp, RmOf31IsSp) {
  FlatMemoryContext c;
  c.ConfigureMte(Level(1));
  c.s.R[31] = kBase + 0x100;
  c.s.R[1] = kBase + 0x500;
  ASSERT_TRUE(c.Step(0x9ADF0020));  // subp x0, x1, sp
  EXPECT_EQ(c.X(0), 0x400u);
}

TEST(MteSubp, LeavesTheFlagsAlone) {
  FlatMemoryContext c;
  c.ConfigureMte(Level(1));
  SetNzcv(c, 0b1010);
  c.s.R[1] = 0;
  c.s.R[2] = 0;
  ASSERT_TRUE(c.Step(0x9AC20020));  // subp x0, x1, x2
  EXPECT_TRUE(c.s.PSTATE.N);
  EXPECT_FALSE(c.s.PSTATE.Z);
  EXPECT_TRUE(c.s.PSTATE.C);
  EXPECT_FALSE(c.s.PSTATE.V);
}

TEST(MteSubps, EqualAddressesWithDifferentTagsSetZAndC) {
  FlatMemoryContext c;
  c.ConfigureMte(Level(1));
  SetNzcv(c, 0b1001);
  c.s.R[1] = Tagged(kBase + 0x40, 3);
  c.s.R[2] = Tagged(kBase + 0x40, 0xC);
  ASSERT_TRUE(c.Step(0xBAC20020));  // subps x0, x1, x2
  EXPECT_EQ(c.X(0), 0u);
  EXPECT_FALSE(c.s.PSTATE.N);
  EXPECT_TRUE(c.s.PSTATE.Z);
  EXPECT_TRUE(c.s.PSTATE.C);
  EXPECT_FALSE(c.s.PSTATE.V);
}

TEST(MteSubps, SmallerMinusLargerSetsNAndClearsC) {
  FlatMemoryContext c;
  c.ConfigureMte(Level(1));
  c.s.R[1] = kBase;
  c.s.R[2] = kBase + 8;
  ASSERT_TRUE(c.Step(0xBAC20020));  // subps x0, x1, x2
  EXPECT_EQ(c.X(0), ~uint64_t{7});
  EXPECT_TRUE(c.s.PSTATE.N);
  EXPECT_FALSE(c.s.PSTATE.Z);
  EXPECT_FALSE(c.s.PSTATE.C);
  EXPECT_FALSE(c.s.PSTATE.V);
}

TEST(MteSubps, FlagsComeFromTheSignExtendedOperands) {
  // 0xFF80000000000000 - 1 (after sign extension from bit 55): no unsigned borrow (C = 1),
  // negative result, no signed overflow.
  FlatMemoryContext c;
  c.ConfigureMte(Level(1));
  c.s.R[1] = 0x0080000000000000ull;
  c.s.R[2] = 1;
  ASSERT_TRUE(c.Step(0xBAC20020));  // subps x0, x1, x2
  EXPECT_EQ(c.X(0), 0xFF7FFFFFFFFFFFFFull);
  EXPECT_TRUE(c.s.PSTATE.N);
  EXPECT_FALSE(c.s.PSTATE.Z);
  EXPECT_TRUE(c.s.PSTATE.C);
  EXPECT_FALSE(c.s.PSTATE.V);
}

TEST(MteSubps, BothOperandsSp) {
  FlatMemoryContext c;
  c.ConfigureMte(Level(1));
  c.s.R[31] = kBase + 0x10;
  c.s.R[0] = 0x1234;
  ASSERT_TRUE(c.Step(0xBADF03E0));  // subps x0, sp, sp
  EXPECT_EQ(c.X(0), 0u);
  EXPECT_TRUE(c.s.PSTATE.Z);
}

TEST(MteCmpp, SetsFlagsAndWritesNoRegister) {
  // CMPP is SUBPS with Rd = 31, which is XZR: SP must not change.
  FlatMemoryContext c;
  c.ConfigureMte(Level(1));
  c.s.R[31] = kBase + 0x700;
  c.s.R[1] = kBase + 0x10;
  c.s.R[2] = kBase + 0x20;
  ASSERT_TRUE(c.Step(0xBAC2003F));  // cmpp x1, x2
  EXPECT_EQ(c.SP(), kBase + 0x700);
  EXPECT_TRUE(c.s.PSTATE.N);
  EXPECT_FALSE(c.s.PSTATE.C);
}

}  // namespace
