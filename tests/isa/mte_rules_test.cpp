// FEAT_MTE rules of isa/mte.h, one architectural rule per test. Expected values come from
// the Arm ARM pseudocode (AArch64.AllocationTagFromAddress, AArch64.AddressWithAllocationTag,
// AArch64.ChooseNonExcludedTag, AArch64.NextRandomTagBit, AArch64.RandomTag, IRG's
// ChooseTagOrZero, AArch64.AllocationTagAccessIsEnabled, AArch64.AccessIsTagChecked and the
// SCTLR_ELx.TCF encodings), worked out by hand or, for LFSR sequences, with a separate
// Python model of the pseudocode; they are never produced by calling the function under test.
#include <gtest/gtest.h>

#include <cstdint>

#include "isa/mte.h"

namespace mte = mtesim::isa::mte;

namespace {

constexpr uint64_t kGcrRrnd = uint64_t{1} << 16;  // GCR_EL1.RRND

// Controls under which a Tagged access to a lower-half address is Tag Checked: tag access
// enabled all along the ATA chain, TBI set for both halves, TCO and store-only clear, TCMA
// clear.
mte::TagCheckControls CheckedControls() {
  mte::TagCheckControls c;
  c.ata = true;
  c.el2_ata = true;
  c.el3_ata = true;
  c.tbi[0] = c.tbi[1] = true;
  c.tcf = 1;
  return c;
}

// Lower-half (VA[55] = 0) and upper-half (VA[55] = 1) addresses with logical tag 5 / 0xA.
constexpr uint64_t kLowVa = 0x0500'0000'1234'5670ull;  // VA[59:55] = 0b01010
constexpr uint64_t kHighVa = 0xFAFF'8000'0000'1000ull;  // VA[59:55] = 0b10101

}  // namespace

// ---- logical tags: VA[59:56] ----

TEST(MteLogicalTag, GranuleIsSixteenBytes) {
  EXPECT_EQ(mte::kLog2TagGranule, 4u);  // LOG2_TAG_GRANULE
  EXPECT_EQ(mte::kTagGranule, 16u);
}

TEST(MteLogicalTag, AllocationTagFromAddressIsBits59To56) {
  EXPECT_EQ(mte::AllocationTagFromAddress(0xA5C3'1234'5678'9ABCull), 0x5u);  // not [63:60] = 0xA
  EXPECT_EQ(mte::AllocationTagFromAddress(0x0F00'0000'0000'0000ull), 0xFu);
  EXPECT_EQ(mte::AllocationTagFromAddress(0xF0FF'FFFF'FFFF'FFFFull), 0x0u);  // [63:60] and [55:0] ignored
  EXPECT_EQ(mte::AllocationTagFromAddress(0x0080'0000'0000'0000ull), 0x0u);  // bit 55 is not part of it
}

TEST(MteLogicalTag, AddressWithAllocationTagChangesOnlyBits59To56) {
  EXPECT_EQ(mte::AddressWithAllocationTag(0xA5C3'1234'5678'9ABCull, 0xC), 0xACC3'1234'5678'9ABCull);
  // Bits [63:60] and [55:0] all ones are kept when the tag becomes 0.
  EXPECT_EQ(mte::AddressWithAllocationTag(0xFFFF'FFFF'FFFF'FFFFull, 0x0), 0xF0FF'FFFF'FFFF'FFFFull);
  // And all zeros are kept when the tag becomes 0xF.
  EXPECT_EQ(mte::AddressWithAllocationTag(0x0000'0000'0000'0000ull, 0xF), 0x0F00'0000'0000'0000ull);
}

TEST(MteLogicalTag, AlignToGranuleClearsBits3To0Only) {
  EXPECT_EQ(mte::AlignToGranule(0x1234'5678'9ABC'DEFFull), 0x1234'5678'9ABC'DEF0ull);
  EXPECT_EQ(mte::AlignToGranule(0x0F00'0000'0000'001Full), 0x0F00'0000'0000'0010ull);  // tag kept
  EXPECT_EQ(mte::AlignToGranule(0x0000'0000'0000'0040ull), 0x0000'0000'0000'0040ull);  // aligned: unchanged
  EXPECT_EQ(mte::AlignToGranule(0x0000'0000'0000'000Full), 0x0u);
}

// ---- ChooseNonExcludedTag ----

TEST(MteChooseNonExcludedTag, OffsetZeroKeepsAStartTagThatIsNotExcluded) {
  EXPECT_EQ(mte::ChooseNonExcludedTag(7, 0, 0x0000), 7u);
  EXPECT_EQ(mte::ChooseNonExcludedTag(7, 0, 0xFF7F), 7u);  // every other tag excluded
}

TEST(MteChooseNonExcludedTag, OffsetZeroStepsPastAnExcludedStartTag) {
  EXPECT_EQ(mte::ChooseNonExcludedTag(7, 0, 0x0080), 8u);   // 7 excluded
  EXPECT_EQ(mte::ChooseNonExcludedTag(7, 0, 0x0180), 9u);   // 7 and 8 excluded
}

TEST(MteChooseNonExcludedTag, OffsetStepsToTheNextNonExcludedTagEachTime) {
  EXPECT_EQ(mte::ChooseNonExcludedTag(2, 3, 0x0000), 5u);
  EXPECT_EQ(mte::ChooseNonExcludedTag(2, 3, 0x0018), 7u);   // 3, 4 skipped: 5, 6, 7
  EXPECT_EQ(mte::ChooseNonExcludedTag(2, 2, 0x0028), 6u);   // 3, 5 skipped: 4, 6
}

TEST(MteChooseNonExcludedTag, NonZeroOffsetIgnoresWhetherTheStartTagIsExcluded) {
  EXPECT_EQ(mte::ChooseNonExcludedTag(3, 1, 0x0008), 4u);
  EXPECT_EQ(mte::ChooseNonExcludedTag(3, 1, 0x0018), 5u);
}

TEST(MteChooseNonExcludedTag, WrapsFrom15To0) {
  EXPECT_EQ(mte::ChooseNonExcludedTag(15, 1, 0x0000), 0u);
  EXPECT_EQ(mte::ChooseNonExcludedTag(15, 0, 0x8000), 0u);
  EXPECT_EQ(mte::ChooseNonExcludedTag(15, 0, 0x8001), 1u);
  EXPECT_EQ(mte::ChooseNonExcludedTag(14, 2, 0x8001), 2u);  // 15, 0 skipped: 1, 2
  EXPECT_EQ(mte::ChooseNonExcludedTag(1, 15, 0x0000), 0u);  // 15 steps round the ring
}

TEST(MteChooseNonExcludedTag, AllExcludedGivesZero) {
  EXPECT_EQ(mte::ChooseNonExcludedTag(5, 0, 0xFFFF), 0u);
  EXPECT_EQ(mte::ChooseNonExcludedTag(5, 7, 0xFFFF), 0u);
  EXPECT_EQ(mte::ChooseNonExcludedTag(0, 1, 0xFFFF), 0u);
}

TEST(MteChooseNonExcludedTag, OnlyOneAllowedTagIsAlwaysChosen) {
  const uint16_t only9 = static_cast<uint16_t>(~(1u << 9));
  EXPECT_EQ(mte::ChooseNonExcludedTag(3, 0, only9), 9u);
  EXPECT_EQ(mte::ChooseNonExcludedTag(3, 5, only9), 9u);
  EXPECT_EQ(mte::ChooseNonExcludedTag(9, 0, only9), 9u);
  EXPECT_EQ(mte::ChooseNonExcludedTag(9, 1, only9), 9u);   // a full circle back to 9
  EXPECT_EQ(mte::ChooseNonExcludedTag(10, 15, only9), 9u);
}

TEST(MteChooseNonExcludedTag, Exclude7FFFLeavesTag15ButFFFFGivesZero) {
  EXPECT_EQ(mte::ChooseNonExcludedTag(0, 0, 0x7FFF), 15u);
  EXPECT_EQ(mte::ChooseNonExcludedTag(0, 3, 0x7FFF), 15u);
  EXPECT_EQ(mte::ChooseNonExcludedTag(0, 0, 0xFFFF), 0u);
  EXPECT_EQ(mte::ChooseNonExcludedTag(0, 3, 0xFFFF), 0u);
}

// ---- NextRandomTagBit / RandomTag ----
// NextRandomTagBit: top = SEED<5> ^ SEED<3> ^ SEED<2> ^ SEED<0>; SEED = top:SEED<15:1>.

TEST(MteRandomTag, NextRandomTagBitTapBit0) {
  uint16_t s = 0x0001;
  EXPECT_TRUE(mte::NextRandomTagBit(s));
  EXPECT_EQ(s, 0x8000);
}

TEST(MteRandomTag, NextRandomTagBitTapBit2) {
  uint16_t s = 0x0004;
  EXPECT_TRUE(mte::NextRandomTagBit(s));
  EXPECT_EQ(s, 0x8002);
}

TEST(MteRandomTag, NextRandomTagBitTapBit3) {
  uint16_t s = 0x0008;
  EXPECT_TRUE(mte::NextRandomTagBit(s));
  EXPECT_EQ(s, 0x8004);
}

TEST(MteRandomTag, NextRandomTagBitTapBit5) {
  uint16_t s = 0x0020;
  EXPECT_TRUE(mte::NextRandomTagBit(s));
  EXPECT_EQ(s, 0x8010);
}

TEST(MteRandomTag, NextRandomTagBitIgnoresNonTapBits) {
  for (const unsigned b : {1u, 4u, 6u, 7u, 8u, 15u}) {
    uint16_t s = static_cast<uint16_t>(1u << b);
    EXPECT_FALSE(mte::NextRandomTagBit(s)) << "bit " << b;
    EXPECT_EQ(s, static_cast<uint16_t>(1u << (b - 1))) << "bit " << b;  // a plain shift right
  }
  uint16_t s = 0xFFC2;  // bits 1 and 6..15 set, no tap
  EXPECT_FALSE(mte::NextRandomTagBit(s));
  EXPECT_EQ(s, 0x7FE1);
}

TEST(MteRandomTag, NextRandomTagBitXorsTheTaps) {
  uint16_t three = 0x000D;  // taps 0, 2, 3: odd parity
  EXPECT_TRUE(mte::NextRandomTagBit(three));
  EXPECT_EQ(three, 0x8006);
  uint16_t four = 0x002D;  // taps 0, 2, 3, 5: even parity
  EXPECT_FALSE(mte::NextRandomTagBit(four));
  EXPECT_EQ(four, 0x0016);
}

TEST(MteRandomTag, NextRandomTagBitKeepsAZeroSeedZero) {
  uint16_t s = 0;
  for (int i = 0; i < 8; ++i) {
    EXPECT_FALSE(mte::NextRandomTagBit(s));
    EXPECT_EQ(s, 0);
  }
}

TEST(MteRandomTag, NextRandomTagBitSequenceFromSeed1) {
  struct Step { bool bit; uint16_t seed; };
  const Step expected[] = {
      {true, 0x8000},  {false, 0x4000}, {false, 0x2000}, {false, 0x1000}, {false, 0x0800},
      {false, 0x0400}, {false, 0x0200}, {false, 0x0100}, {false, 0x0080}, {false, 0x0040},
      {false, 0x0020}, {true, 0x8010},  {false, 0x4008}, {true, 0xA004},  {true, 0xD002},
      {false, 0x6801}, {true, 0xB400},  {false, 0x5A00}, {false, 0x2D00}, {false, 0x1680},
  };
  uint16_t s = 1;
  for (size_t i = 0; i < sizeof(expected) / sizeof(expected[0]); ++i) {
    EXPECT_EQ(mte::NextRandomTagBit(s), expected[i].bit) << "step " << i;
    EXPECT_EQ(s, expected[i].seed) << "step " << i;
  }
}

TEST(MteRandomTag, RandomTagIthBitIsTheIthNextRandomTagBit) {
  uint16_t one = 0x0001;  // bits 1, 0, 0, 0: 0b0001 (not 0b1000)
  EXPECT_EQ(mte::RandomTag(one), 0x1u);
  EXPECT_EQ(one, 0x1000);
  uint16_t s = 0x1234;  // bits 0, 1, 1, 1: 0b1110 (not 0b0111)
  EXPECT_EQ(mte::RandomTag(s), 0xEu);
  EXPECT_EQ(s, 0xE123);
  uint16_t t = 0xACE1;  // bits 0, 1, 0, 0: 0b0010 (not 0b0100)
  EXPECT_EQ(mte::RandomTag(t), 0x2u);
  EXPECT_EQ(t, 0x2ACE);
}

// ---- RGSR_EL1 fields: SEED [23:8], TAG [3:0] ----

TEST(MteRgsr, SeedIsBits23To8AndTagIsBits3To0) {
  EXPECT_EQ(mte::MakeRgsr(0xA, 0xBEEF), 0x00BE'EF0Aull);
  EXPECT_EQ(mte::RgsrTag(0x00BE'EFFAull), 0xAu);    // bits [7:4] are not TAG
  EXPECT_EQ(mte::RgsrSeed(0xFFBE'EF0Aull), 0xBEEF);  // bits [31:24] are not SEED
}

// ---- IRG (ChooseTagOrZero) ----

TEST(MteIrg, TagAccessDisabledGivesZeroAndLeavesRgsrUnchanged) {
  const uint64_t before = 0x00AC'E105ull;  // TAG 5, SEED 0xACE1
  uint64_t rgsr = before;
  EXPECT_EQ(mte::IrgTag(rgsr, /*gcr=*/0x0000, /*extra=*/0, /*enabled=*/false), 0u);
  EXPECT_EQ(rgsr, before);
  EXPECT_EQ(mte::IrgTag(rgsr, kGcrRrnd, 0, false), 0u);
  EXPECT_EQ(rgsr, before);
}

TEST(MteIrg, RrndZeroWithSeedZeroIsChooseNonExcludedTagWithOffsetZero) {
  // SEED 0 makes every NextRandomTagBit 0, so offset is 0 and the tag is the first
  // non-excluded one from RGSR.TAG upwards; the LFSR stays 0.
  uint64_t rgsr = 0x0000'0003ull;  // TAG 3, SEED 0
  EXPECT_EQ(mte::IrgTag(rgsr, 0x0000, 0, true), 3u);
  EXPECT_EQ(rgsr, 0x0000'0003ull);
  EXPECT_EQ(mte::IrgTag(rgsr, 0x0018, 0, true), 5u);  // 3, 4 excluded
  EXPECT_EQ(rgsr, 0x0000'0005ull);
  EXPECT_EQ(mte::IrgTag(rgsr, 0x0018, 0, true), 5u);
  EXPECT_EQ(rgsr, 0x0000'0005ull);
  EXPECT_EQ(mte::IrgTag(rgsr, 0x8000 | 0x0020 | 0x0001, 0, true), 6u);
  EXPECT_EQ(rgsr, 0x0000'0006ull);
}

TEST(MteIrg, RgsrTagAndSeedAreUpdatedAfterEachCall) {
  // GCR_EL1.Exclude = 0x0001 (tag 0, as Linux sets it); TAG 0, SEED 0xACE1.
  struct Step { unsigned tag; uint64_t rgsr; };
  const Step expected[] = {
      {0x2, 0x002A'CE02ull},  // offset 2
      {0x4, 0x0022'AC04ull},  // offset 2
      {0xB, 0x0072'2A0Bull},  // offset 7
      {0xF, 0x0047'220Full},  // offset 4
      {0x7, 0x0074'7207ull},  // offset 7 from 15, wrapping past excluded 0
      {0xA, 0x0037'470Aull},  // offset 3
  };
  uint64_t rgsr = mte::MakeRgsr(0, 0xACE1);
  for (size_t i = 0; i < sizeof(expected) / sizeof(expected[0]); ++i) {
    EXPECT_EQ(mte::IrgTag(rgsr, 0x0001, 0, true), expected[i].tag) << "call " << i;
    EXPECT_EQ(rgsr, expected[i].rgsr) << "call " << i;
  }
}

TEST(MteIrg, XmExclusionsAreOredWithGcrExclude) {
  // SEED 0 (offset 0), TAG 2: GCR excludes 2, Xm excludes 3 -> 4.
  uint64_t gcr_only = 0x0000'0002ull, xm_only = 0x0000'0002ull, both = 0x0000'0002ull;
  EXPECT_EQ(mte::IrgTag(gcr_only, 0x0004, 0x0000, true), 3u);
  EXPECT_EQ(mte::IrgTag(xm_only, 0x0000, 0x0008, true), 2u);
  EXPECT_EQ(mte::IrgTag(both, 0x0004, 0x0008, true), 4u);
  // Xm alone excluding the start tag also counts.
  uint64_t xm_start = 0x0000'0002ull;
  EXPECT_EQ(mte::IrgTag(xm_start, 0x0000, 0x0004, true), 3u);
  // With a nonzero offset: TAG 0, SEED 1 gives offset 1; GCR excludes 1, Xm excludes 2 -> 3.
  uint64_t stepping = mte::MakeRgsr(0, 0x0001);
  EXPECT_EQ(mte::IrgTag(stepping, 0x0002, 0x0004, true), 3u);
}

TEST(MteIrg, LfsrAdvancesEvenWhenAllTagsAreExcluded) {
  // RandomTag is evaluated before ChooseNonExcludedTag sees the all-ones mask.
  uint64_t by_gcr = mte::MakeRgsr(5, 0x0001);
  EXPECT_EQ(mte::IrgTag(by_gcr, 0xFFFF, 0, true), 0u);
  EXPECT_EQ(by_gcr, 0x0010'0000ull);  // TAG 0, SEED 0x1000 (four steps from 1)
  uint64_t by_xm = mte::MakeRgsr(5, 0x0001);
  EXPECT_EQ(mte::IrgTag(by_xm, 0x0000, 0xFFFF, true), 0u);
  EXPECT_EQ(by_xm, 0x0010'0000ull);
  uint64_t split = mte::MakeRgsr(5, 0x0001);  // the OR of two halves is all ones too
  EXPECT_EQ(mte::IrgTag(split, 0xFF00, 0x00FF, true), 0u);
  EXPECT_EQ(split, 0x0010'0000ull);
}

TEST(MteIrg, RrndOneWithSeedZeroUsesTheReproducibleSeed) {
  ASSERT_EQ(mte::kRrndSeed, 0x1234);
  // TAG 3, SEED 0 -> SEED 0x1234: RandomTag gives 0xE and SEED 0xE123; tag 3 + 14 = 1.
  uint64_t rgsr = mte::MakeRgsr(3, 0);
  EXPECT_EQ(mte::IrgTag(rgsr, kGcrRrnd, 0, true), 1u);
  EXPECT_EQ(rgsr, 0x00E1'2301ull);
}

TEST(MteIrg, RrndOneUsesANonZeroSeedAsIs) {
  // TAG 3, SEED 0xACE1: RandomTag gives 2 and SEED 0x2ACE, as with RRND = 0.
  uint64_t rrnd1 = mte::MakeRgsr(3, 0xACE1);
  EXPECT_EQ(mte::IrgTag(rrnd1, kGcrRrnd, 0, true), 5u);
  EXPECT_EQ(rrnd1, 0x002A'CE05ull);
  uint64_t rrnd0 = mte::MakeRgsr(3, 0xACE1);
  EXPECT_EQ(mte::IrgTag(rrnd0, 0x0000, 0, true), 5u);
  EXPECT_EQ(rrnd0, 0x002A'CE05ull);
}

// ---- AllocationTagAccessIsEnabled: the ATA chain ----

TEST(MteTagAccess, EnabledOnlyWhenSctlrHcrAndScrAtaAreAllSet) {
  mte::TagCheckControls c = CheckedControls();
  EXPECT_TRUE(mte::AllocationTagAccessIsEnabled(c));
  c.ata = false;
  EXPECT_FALSE(mte::AllocationTagAccessIsEnabled(c));
  c = CheckedControls();
  c.el2_ata = false;
  EXPECT_FALSE(mte::AllocationTagAccessIsEnabled(c));
  c = CheckedControls();
  c.el3_ata = false;
  EXPECT_FALSE(mte::AllocationTagAccessIsEnabled(c));
}

TEST(MteTagAccess, DefaultControlsHaveSctlrAtaClear) {
  // SCTLR_ELx.ATA resets to an UNKNOWN value; the default controls model it as 0, with no
  // EL2 / EL3 to disable tag access.
  const mte::TagCheckControls c;
  EXPECT_FALSE(mte::AllocationTagAccessIsEnabled(c));
  EXPECT_TRUE(c.el2_ata);
  EXPECT_TRUE(c.el3_ata);
}

// ---- AccessIsTagChecked ----

TEST(MteTagChecked, BaselineReadAndWriteAreChecked) {
  const mte::TagCheckControls c = CheckedControls();
  EXPECT_TRUE(mte::AccessIsTagChecked(kLowVa, false, true, c));
  EXPECT_TRUE(mte::AccessIsTagChecked(kLowVa, true, true, c));
  EXPECT_TRUE(mte::AccessIsTagChecked(kHighVa, false, true, c));
  EXPECT_TRUE(mte::AccessIsTagChecked(kHighVa, true, true, c));
}

TEST(MteTagChecked, SctlrAtaClearMakesAccessesUnchecked) {
  mte::TagCheckControls c = CheckedControls();
  c.ata = false;
  EXPECT_FALSE(mte::AccessIsTagChecked(kLowVa, false, true, c));
  EXPECT_FALSE(mte::AccessIsTagChecked(kLowVa, true, true, c));
}

TEST(MteTagChecked, HcrEl2AtaClearMakesAccessesUnchecked) {
  mte::TagCheckControls c = CheckedControls();
  c.el2_ata = false;
  EXPECT_FALSE(mte::AccessIsTagChecked(kLowVa, false, true, c));
  EXPECT_FALSE(mte::AccessIsTagChecked(kLowVa, true, true, c));
}

TEST(MteTagChecked, ScrEl3AtaClearMakesAccessesUnchecked) {
  mte::TagCheckControls c = CheckedControls();
  c.el3_ata = false;
  EXPECT_FALSE(mte::AccessIsTagChecked(kLowVa, false, true, c));
  EXPECT_FALSE(mte::AccessIsTagChecked(kLowVa, true, true, c));
}

TEST(MteTagChecked, PstateTcoSetMakesAccessesUnchecked) {
  mte::TagCheckControls c = CheckedControls();
  c.tco = true;
  EXPECT_FALSE(mte::AccessIsTagChecked(kLowVa, false, true, c));
  EXPECT_FALSE(mte::AccessIsTagChecked(kLowVa, true, true, c));
  EXPECT_FALSE(mte::AccessIsTagChecked(kHighVa, true, true, c));
}

TEST(MteTagChecked, StoreOnlyMakesReadsUncheckedButNotWrites) {
  mte::TagCheckControls c = CheckedControls();
  c.store_only = true;
  EXPECT_FALSE(mte::AccessIsTagChecked(kLowVa, false, true, c));
  EXPECT_TRUE(mte::AccessIsTagChecked(kLowVa, true, true, c));
}

TEST(MteTagChecked, TbiAndMtxBothClearForTheLowerHalfMakesItUnchecked) {
  mte::TagCheckControls c = CheckedControls();
  c.tbi[0] = false;
  c.mtx[0] = false;
  c.tbi[1] = c.mtx[1] = true;  // the other half's controls do not apply
  EXPECT_FALSE(mte::AccessIsTagChecked(kLowVa, false, true, c));
  EXPECT_FALSE(mte::AccessIsTagChecked(kLowVa, true, true, c));
  EXPECT_TRUE(mte::AccessIsTagChecked(kHighVa, false, true, c));
}

TEST(MteTagChecked, TbiAndMtxBothClearForTheUpperHalfMakesItUnchecked) {
  mte::TagCheckControls c = CheckedControls();
  c.tbi[1] = false;
  c.mtx[1] = false;
  c.tbi[0] = c.mtx[0] = true;
  EXPECT_FALSE(mte::AccessIsTagChecked(kHighVa, false, true, c));
  EXPECT_FALSE(mte::AccessIsTagChecked(kHighVa, true, true, c));
  EXPECT_TRUE(mte::AccessIsTagChecked(kLowVa, false, true, c));
}

TEST(MteTagChecked, Bit55NotBit63SelectsTbi0OrTbi1) {
  mte::TagCheckControls c = CheckedControls();
  c.tbi[0] = true;
  c.tbi[1] = false;
  // VA[63] = 0 but VA[55] = 1: TBI1 applies.
  EXPECT_FALSE(mte::AccessIsTagChecked(0x0A80'0000'0000'1000ull, false, true, c));
  // VA[63] = 1 but VA[55] = 0: TBI0 applies.
  EXPECT_TRUE(mte::AccessIsTagChecked(0xFA00'0000'0000'1000ull, false, true, c));
}

TEST(MteTagChecked, Bit55NotBit63SelectsMtx0OrMtx1) {
  mte::TagCheckControls c = CheckedControls();
  c.tbi[0] = c.tbi[1] = false;
  c.mtx[0] = true;
  c.mtx[1] = false;
  EXPECT_FALSE(mte::AccessIsTagChecked(0x0A80'0000'0000'1000ull, false, true, c));
  EXPECT_TRUE(mte::AccessIsTagChecked(0xFA00'0000'0000'1000ull, false, true, c));
}

TEST(MteTagChecked, MtxAloneEnablesChecksWithTbiClear) {
  mte::TagCheckControls c = CheckedControls();
  c.tbi[0] = c.tbi[1] = false;
  c.mtx[0] = true;
  EXPECT_TRUE(mte::AccessIsTagChecked(kLowVa, false, true, c));
  EXPECT_FALSE(mte::AccessIsTagChecked(kHighVa, false, true, c));
  c.mtx[1] = true;
  EXPECT_TRUE(mte::AccessIsTagChecked(kHighVa, true, true, c));
}

TEST(MteTagChecked, TcmaLowerHalfWithVa59To55AllZerosIsUnchecked) {
  mte::TagCheckControls c = CheckedControls();
  c.tcma[0] = true;
  EXPECT_FALSE(mte::AccessIsTagChecked(0x0000'0000'0000'1000ull, false, true, c));
  EXPECT_FALSE(mte::AccessIsTagChecked(0x0000'0000'0000'1000ull, true, true, c));
  // VA[63:60] is not part of the test.
  EXPECT_FALSE(mte::AccessIsTagChecked(0xF000'0000'0000'1000ull, false, true, c));
  // Another lower-half tag is still checked.
  EXPECT_TRUE(mte::AccessIsTagChecked(0x0100'0000'0000'1000ull, false, true, c));
}

TEST(MteTagChecked, TcmaUpperHalfWithVa59To55AllOnesIsUnchecked) {
  mte::TagCheckControls c = CheckedControls();
  c.tcma[1] = true;
  EXPECT_FALSE(mte::AccessIsTagChecked(0xFF80'0000'0000'1000ull, false, true, c));
  EXPECT_FALSE(mte::AccessIsTagChecked(0xFF80'0000'0000'1000ull, true, true, c));
  EXPECT_FALSE(mte::AccessIsTagChecked(0x0F80'0000'0000'1000ull, false, true, c));  // [63:60] ignored
  EXPECT_TRUE(mte::AccessIsTagChecked(0xFE80'0000'0000'1000ull, false, true, c));
}

TEST(MteTagChecked, TcmaOfTheOtherHalfDoesNotApply) {
  mte::TagCheckControls c = CheckedControls();
  c.tcma[1] = true;  // TCMA0 clear: lower half with tag 0 is checked
  EXPECT_TRUE(mte::AccessIsTagChecked(0x0000'0000'0000'1000ull, false, true, c));
  c.tcma[0] = true;
  c.tcma[1] = false;  // TCMA1 clear: upper half with tag 0xF is checked
  EXPECT_TRUE(mte::AccessIsTagChecked(0xFF80'0000'0000'1000ull, false, true, c));
}

TEST(MteTagChecked, TcmaDoesNotMatchTag15InTheLowerHalf) {
  mte::TagCheckControls c = CheckedControls();
  c.tcma[0] = c.tcma[1] = true;
  // VA[59:55] = 0b11110: neither all zeros nor all ones.
  EXPECT_TRUE(mte::AccessIsTagChecked(0x0F00'0000'0000'1000ull, false, true, c));
  EXPECT_TRUE(mte::AccessIsTagChecked(0xFF00'0000'0000'1000ull, true, true, c));
}

TEST(MteTagChecked, TcmaDoesNotMatchTag0InTheUpperHalf) {
  mte::TagCheckControls c = CheckedControls();
  c.tcma[0] = c.tcma[1] = true;
  // VA[59:55] = 0b00001.
  EXPECT_TRUE(mte::AccessIsTagChecked(0x0080'0000'0000'1000ull, false, true, c));
  EXPECT_TRUE(mte::AccessIsTagChecked(0xF080'0000'0000'1000ull, true, true, c));
}

TEST(MteTagChecked, MemoryNotTaggedIsUnchecked) {
  const mte::TagCheckControls c = CheckedControls();
  EXPECT_FALSE(mte::AccessIsTagChecked(kLowVa, false, false, c));
  EXPECT_FALSE(mte::AccessIsTagChecked(kLowVa, true, false, c));
  EXPECT_FALSE(mte::AccessIsTagChecked(kHighVa, true, false, c));
}

TEST(MteTagChecked, TcfDoesNotDecideWhetherAnAccessIsChecked) {
  // AccessIsTagChecked has no TCF term; TCF only decides what a mismatch does.
  mte::TagCheckControls c = CheckedControls();
  for (unsigned tcf = 0; tcf < 4; ++tcf) {
    c.tcf = tcf;
    EXPECT_TRUE(mte::AccessIsTagChecked(kLowVa, false, true, c)) << "TCF " << tcf;
  }
}

// ---- TCF: what a mismatch does ----

TEST(MteTagCheckFault, Tcf00HasNoEffect) {
  for (const unsigned level : {2u, 3u}) {
    EXPECT_EQ(mte::TagCheckFaultFor(0b00, false, level), mte::TagCheckFault::None);
    EXPECT_EQ(mte::TagCheckFaultFor(0b00, true, level), mte::TagCheckFault::None);
  }
}

TEST(MteTagCheckFault, Tcf01IsSynchronousForReadsAndWrites) {
  for (const unsigned level : {2u, 3u}) {
    EXPECT_EQ(mte::TagCheckFaultFor(0b01, false, level), mte::TagCheckFault::Synchronous);
    EXPECT_EQ(mte::TagCheckFaultFor(0b01, true, level), mte::TagCheckFault::Synchronous);
  }
}

TEST(MteTagCheckFault, Tcf10IsAsynchronousForReadsAndWrites) {
  for (const unsigned level : {2u, 3u}) {
    EXPECT_EQ(mte::TagCheckFaultFor(0b10, false, level), mte::TagCheckFault::Asynchronous);
    EXPECT_EQ(mte::TagCheckFaultFor(0b10, true, level), mte::TagCheckFault::Asynchronous);
  }
}

TEST(MteTagCheckFault, Tcf11AtMte3IsAsymmetricReadsSyncWritesAsync) {
  EXPECT_EQ(mte::TagCheckFaultFor(0b11, false, 3), mte::TagCheckFault::Synchronous);
  EXPECT_EQ(mte::TagCheckFaultFor(0b11, true, 3), mte::TagCheckFault::Asynchronous);
}

TEST(MteTagCheckFault, Tcf11AtMte2IsTreatedAsNoEffect) {
  // Reserved without FEAT_MTE3: CONSTRAINED UNPREDICTABLE, mtesim's documented choice is 0b00.
  EXPECT_EQ(mte::TagCheckFaultFor(0b11, false, 2), mte::TagCheckFault::None);
  EXPECT_EQ(mte::TagCheckFaultFor(0b11, true, 2), mte::TagCheckFault::None);
}

// ---- TFSR bit and canonical tags: by VA[55] ----

TEST(MteTfsr, Va55ClearSetsTf0AndSetSetsTf1) {
  EXPECT_EQ(mte::TfsrBitFor(0x0000'0000'0000'1000ull), 0b01u);
  EXPECT_EQ(mte::TfsrBitFor(0xFF7F'FFFF'FFFF'FFFFull), 0b01u);  // VA[63:56] all ones, VA[55] clear
  EXPECT_EQ(mte::TfsrBitFor(0xFFFF'8000'0000'1000ull), 0b10u);
  EXPECT_EQ(mte::TfsrBitFor(0x0080'0000'0000'0000ull), 0b10u);  // only VA[55] set
}

TEST(MteCanonicalTag, Va55ClearGives0000AndSetGives1111) {
  EXPECT_EQ(mte::CanonicalTag(0x0000'0000'0000'1000ull), 0x0u);
  EXPECT_EQ(mte::CanonicalTag(0xFF7F'FFFF'FFFF'FFFFull), 0x0u);
  EXPECT_EQ(mte::CanonicalTag(0xFFFF'8000'0000'1000ull), 0xFu);
  EXPECT_EQ(mte::CanonicalTag(0x0080'0000'0000'0000ull), 0xFu);
}
