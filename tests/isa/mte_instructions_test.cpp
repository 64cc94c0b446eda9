// FEAT_MTE loads and stores of allocation tags executed through the decoder: STG, STZG,
// ST2G, STZ2G (post-index, pre-index, signed offset), STGP, LDG, LDGM, STGM, STZGM, DC GVA,
// DC GZVA and the tag cache maintenance operations. Expected values follow the Arm ARM
// pseudocode of each instruction (C6.2) and AArch64.MemTag[]: stores of tags need a
// 16-byte aligned address (Alignment fault, a write), tag accesses are Unchecked, and
// with allocation tag access disabled tags are neither read (0000) nor written.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "tests/isa/isa_test_helpers.h"

namespace {

using mtesim::isa::MteFeatures;
using mtesim::test::Dfsc;
using mtesim::test::Ec;
using mtesim::test::ExpectUndefined;
using mtesim::test::FlatMemoryContext;
using mtesim::test::WnR;

constexpr uint64_t kBase = FlatMemoryContext::kBase;
constexpr uint64_t kBlock = kBase + 0x2000;  // 256-byte (and 4 KiB) aligned scratch area
constexpr uint64_t kP = kBase + 0x1100;      // the granule the tag stores start from

constexpr uint64_t kSctlrAta = uint64_t{1} << 43;
constexpr uint64_t kSctlrAta0 = uint64_t{1} << 42;
constexpr uint64_t kSctlrDze = uint64_t{1} << 14;
constexpr uint64_t kSctlrUci = uint64_t{1} << 26;
constexpr uint64_t kTcrTbi0 = uint64_t{1} << 37, kTcrTbi1 = uint64_t{1} << 38;

constexpr uint8_t kFillByte = 0xAA;
constexpr uint8_t kOldTag = 0x1;
constexpr unsigned kXtTag = 0xC;  // tag carried by the source register Xt
constexpr unsigned kXnTag = 0x7;  // tag carried by the base register Xn

MteFeatures Features(unsigned level, unsigned gmid_bs = 6) {
  MteFeatures f;
  f.level = level;
  f.gmid_bs = gmid_bs;
  return f;
}

uint64_t Tagged(uint64_t va, unsigned tag) { return (va & ~(uint64_t{0xF} << 56)) | uint64_t{tag & 0xF} << 56; }

// MTE at `level` with TCR_EL1.TBI0/TBI1 set, so that tagged pointers reach the memory;
// allocation tag access stays disabled (SCTLR_EL1.ATA = ATA0 = 0).
void Configure(FlatMemoryContext& c, unsigned level, unsigned gmid_bs = 6) {
  c.ConfigureMte(Features(level, gmid_bs));
  c.s.sys.TCR_EL1 |= kTcrTbi0 | kTcrTbi1;
  c.UpdateDerivedState();
}

// The same with allocation tag access enabled at EL1 and EL0.
void EnableTagAccess(FlatMemoryContext& c, unsigned level = 2, unsigned gmid_bs = 6) {
  Configure(c, level, gmid_bs);
  c.s.sys.SCTLR_EL1 |= kSctlrAta | kSctlrAta0;
  c.UpdateDerivedState();
}

void EnterEl0(FlatMemoryContext& c) {
  c.s.PSTATE.EL = 0;
  c.s.PSTATE.SP = false;
  c.PstateChanged();
}

// Data bytes `byte` and allocation tag `tag` over [from, to) (granule aligned).
void Fill(FlatMemoryContext& c, uint64_t from, uint64_t to, uint8_t byte, uint8_t tag) {
  for (uint64_t a = from; a < to; ++a) c.Poke<uint8_t>(a, byte);
  for (uint64_t a = from; a < to; a += 16) c.PokeTag(a, tag);
}

bool AllBytesAre(const FlatMemoryContext& c, uint64_t from, uint64_t to, uint8_t byte) {
  for (uint64_t a = from; a < to; ++a)
    if (c.Peek<uint8_t>(a) != byte) return false;
  return true;
}

// The common set-up of the STG-family tests: tag access on, [kP - 0x40, kP + 0x80) filled
// with kFillByte and kOldTag, X0 carrying kXtTag and X1 = kP carrying kXnTag.
void PrepareTagStore(FlatMemoryContext& c) {
  EnableTagAccess(c);
  Fill(c, kP - 0x40, kP + 0x80, kFillByte, kOldTag);
  c.s.R[0] = Tagged(0x1234, kXtTag);
  c.s.R[1] = Tagged(kP, kXnTag);
}

// ================================================================ UNDEFINED

TEST(MteTagInstructionsUndefined, EveryTagLoadStoreIsUndefinedWithoutMte) {
  const uint32_t words[] = {
      0xD9202420, 0xD9202820, 0xD9202C20,  // stg x0, [x1], #32 / [x1, #32] / [x1, #32]!
      0xD9602420, 0xD9602820, 0xD9602C20,  // stzg (same forms)
      0xD9A02420, 0xD9A02820, 0xD9A02C20,  // st2g
      0xD9E02420, 0xD9E02820, 0xD9E02C20,  // stz2g
      0x68810C22, 0x69010C22, 0x69810C22,  // stgp x2, x3, [x1], #32 / [x1, #32] / [x1, #32]!
      0xD9600020,                          // ldg x0, [x1]
      0xD9E00020,                          // ldgm x0, [x1]
      0xD9A00020,                          // stgm x0, [x1]
      0xD9200020,                          // stzgm x0, [x1]
      0xD50B7460,                          // dc gva, x0
      0xD50B7480,                          // dc gzva, x0
      0xD50B7A60,                          // dc cgvac, x0
      0xD5087660,                          // dc igvac, x0
  };
  for (uint32_t w : words) ExpectUndefined(w);
}

TEST(MteTagInstructionsUndefined, LdgmStgmStzgmAreUndefinedAtLevel1) {
  for (uint32_t w : {0xD9E00020u /* ldgm x0, [x1] */, 0xD9A00020u /* stgm x0, [x1] */,
                     0xD9200020u /* stzgm x0, [x1] */}) {
    FlatMemoryContext c;
    Configure(c, 1);
    c.s.R[0] = 0x1111;
    c.s.R[1] = kBlock;
    EXPECT_FALSE(c.Step(w)) << std::hex << w;
    EXPECT_EQ(Ec(c), 0u) << std::hex << w;
    EXPECT_EQ(c.s.R[0], 0x1111u) << std::hex << w;
  }
}

TEST(MteTagInstructionsUndefined, LdgmStgmStzgmAreUndefinedAtEl0) {
  for (uint32_t w : {0xD9E00020u /* ldgm x0, [x1] */, 0xD9A00020u /* stgm x0, [x1] */,
                     0xD9200020u /* stzgm x0, [x1] */}) {
    FlatMemoryContext c;
    EnableTagAccess(c);
    Fill(c, kBlock, kBlock + 0x100, kFillByte, kOldTag);
    EnterEl0(c);
    c.s.R[0] = 0x1111;
    c.s.R[1] = kBlock;
    EXPECT_FALSE(c.Step(w)) << std::hex << w;
    EXPECT_EQ(Ec(c), 0u) << std::hex << w;
    EXPECT_EQ(c.s.R[0], 0x1111u) << std::hex << w;
    EXPECT_EQ(c.PeekTag(kBlock), kOldTag) << std::hex << w;
    EXPECT_TRUE(AllBytesAre(c, kBlock, kBlock + 0x100, kFillByte)) << std::hex << w;
  }
}

TEST(MteTagInstructionsUndefined, BulkTagFormsWithNonZeroImm9AreUnallocated) {
  // op2 = 00 with opc 00 / 10 / 11 is STZGM / STGM / LDGM only when imm9 = 0.
  for (uint32_t w : {0xD9201020u, 0xD9A01020u, 0xD9E01020u, 0xD9A3F020u}) {
    FlatMemoryContext c;
    EnableTagAccess(c);
    Fill(c, kBlock, kBlock + 0x100, kFillByte, kOldTag);
    c.s.R[0] = 0x1111;
    c.s.R[1] = kBlock;
    EXPECT_FALSE(c.Step(w)) << std::hex << w;
    EXPECT_EQ(Ec(c), 0u) << std::hex << w;
    EXPECT_EQ(c.s.R[0], 0x1111u) << std::hex << w;
    EXPECT_EQ(c.PeekTag(kBlock), kOldTag) << std::hex << w;
  }
}

TEST(MteTagInstructionsUndefined, StgAndLdgAreAllocatedAtLevel1) {
  FlatMemoryContext c;
  Configure(c, 1);
  Fill(c, kP, kP + 0x20, kFillByte, kOldTag);
  c.s.R[0] = Tagged(0, kXtTag);
  c.s.R[1] = kP;
  ASSERT_TRUE(c.Step(0xD9200820));  // stg x0, [x1]
  ASSERT_TRUE(c.Step(0xD9600020));  // ldg x0, [x1]
  // FEAT_MTE without FEAT_MTE2 has no tag storage: nothing was stored, LDG reads 0.
  EXPECT_EQ(c.PeekTag(kP), kOldTag);
  EXPECT_EQ(c.X(0), Tagged(0, 0));
}

// ================================================================ STG

TEST(MteStg, PostIndexTagsTheBaseGranuleAndWritesBackBasePlusOffset) {
  FlatMemoryContext c;
  PrepareTagStore(c);
  ASSERT_TRUE(c.Step(0xD9202420));  // stg x0, [x1], #32
  EXPECT_EQ(c.PeekTag(kP - 16), kOldTag);
  EXPECT_EQ(c.PeekTag(kP), kXtTag);
  EXPECT_EQ(c.PeekTag(kP + 16), kOldTag);
  EXPECT_EQ(c.PeekTag(kP + 32), kOldTag);
  EXPECT_EQ(c.X(1), Tagged(kP + 32, kXnTag));
}

TEST(MteStg, SignedOffsetTagsBasePlusOffsetWithoutWriteback) {
  FlatMemoryContext c;
  PrepareTagStore(c);
  ASSERT_TRUE(c.Step(0xD9202820));  // stg x0, [x1, #32]
  EXPECT_EQ(c.PeekTag(kP), kOldTag);
  EXPECT_EQ(c.PeekTag(kP + 16), kOldTag);
  EXPECT_EQ(c.PeekTag(kP + 32), kXtTag);
  EXPECT_EQ(c.PeekTag(kP + 48), kOldTag);
  EXPECT_EQ(c.X(1), Tagged(kP, kXnTag));
}

TEST(MteStg, PreIndexTagsBasePlusOffsetAndWritesItBack) {
  FlatMemoryContext c;
  PrepareTagStore(c);
  ASSERT_TRUE(c.Step(0xD9202C20));  // stg x0, [x1, #32]!
  EXPECT_EQ(c.PeekTag(kP), kOldTag);
  EXPECT_EQ(c.PeekTag(kP + 32), kXtTag);
  EXPECT_EQ(c.PeekTag(kP + 48), kOldTag);
  EXPECT_EQ(c.X(1), Tagged(kP + 32, kXnTag));
}

TEST(MteStg, NegativeOffsetIsSignExtendedAndScaled) {
  FlatMemoryContext c;
  PrepareTagStore(c);
  ASSERT_TRUE(c.Step(0xD93FFC20));  // stg x0, [x1, #-16]!
  EXPECT_EQ(c.PeekTag(kP - 16), kXtTag);
  EXPECT_EQ(c.PeekTag(kP), kOldTag);
  EXPECT_EQ(c.X(1), Tagged(kP - 16, kXnTag));
}

TEST(MteStg, LeavesTheDataAlone) {
  FlatMemoryContext c;
  PrepareTagStore(c);
  ASSERT_TRUE(c.Step(0xD9200820));  // stg x0, [x1]
  EXPECT_TRUE(AllBytesAre(c, kP - 0x40, kP + 0x80, kFillByte));
}

TEST(MteStg, TheTagComesFromXtNotFromTheAddress) {
  FlatMemoryContext c;
  PrepareTagStore(c);
  ASSERT_TRUE(c.Step(0xD9200820));  // stg x0, [x1]
  EXPECT_EQ(c.PeekTag(kP), kXtTag);  // not kXnTag
}

TEST(MteStg, RtOf31StoresTheTagOfSp) {
  FlatMemoryContext c;
  PrepareTagStore(c);
  c.s.R[31] = Tagged(kBase + 0x8000, 0xD);
  ASSERT_TRUE(c.Step(0xD920083F));  // stg sp, [x1]
  EXPECT_EQ(c.PeekTag(kP), 0xDu);
}

TEST(MteStg, SpBase) {
  FlatMemoryContext c;
  PrepareTagStore(c);
  c.s.R[31] = Tagged(kP + 16, 3);
  ASSERT_TRUE(c.Step(0xD93FFBE0));  // stg x0, [sp, #-16]
  EXPECT_EQ(c.PeekTag(kP), kXtTag);
  EXPECT_EQ(c.SP(), Tagged(kP + 16, 3));
}

TEST(MteStg, UnalignedAddressIsAnAlignmentFaultOnAWrite) {
  FlatMemoryContext c;
  PrepareTagStore(c);
  c.s.R[1] = Tagged(kP + 8, kXnTag);
  ASSERT_FALSE(c.Step(0xD9200820));  // stg x0, [x1]
  EXPECT_EQ(Ec(c), 0x25u);
  EXPECT_EQ(Dfsc(c), 0x21u);
  EXPECT_TRUE(WnR(c));
  EXPECT_EQ(c.s.sys.FAR_EL1, Tagged(kP + 8, kXnTag));
  EXPECT_EQ(c.PeekTag(kP), kOldTag);
  EXPECT_EQ(c.PeekTag(kP + 16), kOldTag);
}

TEST(MteStg, AlignmentFaultOnPreIndexDoesNotWriteBack) {
  FlatMemoryContext c;
  PrepareTagStore(c);
  c.s.R[1] = Tagged(kP + 4, kXnTag);
  ASSERT_FALSE(c.Step(0xD9202C20));  // stg x0, [x1, #32]!
  EXPECT_EQ(Dfsc(c), 0x21u);
  EXPECT_EQ(c.s.sys.FAR_EL1, Tagged(kP + 36, kXnTag));
  EXPECT_EQ(c.X(1), Tagged(kP + 4, kXnTag));
  EXPECT_EQ(c.PeekTag(kP + 32), kOldTag);
}

TEST(MteStg, PostIndexChecksTheAlignmentOfTheBase) {
  FlatMemoryContext c;
  PrepareTagStore(c);
  c.s.R[1] = Tagged(kP + 8, kXnTag);
  ASSERT_FALSE(c.Step(0xD9202420));  // stg x0, [x1], #32
  EXPECT_EQ(Dfsc(c), 0x21u);
  EXPECT_EQ(c.X(1), Tagged(kP + 8, kXnTag));
}

TEST(MteStg, NoTagChangeWhenAtaIsClear) {
  FlatMemoryContext c;
  PrepareTagStore(c);
  c.s.sys.SCTLR_EL1 &= ~kSctlrAta;
  c.UpdateDerivedState();
  ASSERT_TRUE(c.Step(0xD9202C20));  // stg x0, [x1, #32]!
  EXPECT_EQ(c.PeekTag(kP + 32), kOldTag);
  EXPECT_EQ(c.X(1), Tagged(kP + 32, kXnTag));  // the writeback still happens
}

TEST(MteStg, AtEl0TagAccessFollowsAta0) {
  FlatMemoryContext c;
  PrepareTagStore(c);
  c.s.sys.SCTLR_EL1 &= ~kSctlrAta0;  // EL1 may, EL0 may not
  c.UpdateDerivedState();
  EnterEl0(c);
  ASSERT_TRUE(c.Step(0xD9200820));  // stg x0, [x1]
  EXPECT_EQ(c.PeekTag(kP), kOldTag);
}

// ================================================================ STZG

TEST(MteStzg, PostIndexTagsTheBaseGranuleAndWritesBack) {
  FlatMemoryContext c;
  PrepareTagStore(c);
  ASSERT_TRUE(c.Step(0xD9602420));  // stzg x0, [x1], #32
  EXPECT_EQ(c.PeekTag(kP), kXtTag);
  EXPECT_EQ(c.PeekTag(kP + 16), kOldTag);
  EXPECT_EQ(c.PeekTag(kP + 32), kOldTag);
  EXPECT_EQ(c.X(1), Tagged(kP + 32, kXnTag));
}

TEST(MteStzg, SignedOffsetTagsBasePlusOffsetWithoutWriteback) {
  FlatMemoryContext c;
  PrepareTagStore(c);
  ASSERT_TRUE(c.Step(0xD9602820));  // stzg x0, [x1, #32]
  EXPECT_EQ(c.PeekTag(kP), kOldTag);
  EXPECT_EQ(c.PeekTag(kP + 32), kXtTag);
  EXPECT_EQ(c.PeekTag(kP + 48), kOldTag);
  EXPECT_EQ(c.X(1), Tagged(kP, kXnTag));
}

TEST(MteStzg, PreIndexTagsBasePlusOffsetAndWritesBack) {
  FlatMemoryContext c;
  PrepareTagStore(c);
  ASSERT_TRUE(c.Step(0xD9602C20));  // stzg x0, [x1, #32]!
  EXPECT_EQ(c.PeekTag(kP), kOldTag);
  EXPECT_EQ(c.PeekTag(kP + 32), kXtTag);
  EXPECT_EQ(c.X(1), Tagged(kP + 32, kXnTag));
}

TEST(MteStzg, ZeroesExactlyTheTaggedGranule) {
  FlatMemoryContext c;
  PrepareTagStore(c);
  ASSERT_TRUE(c.Step(0xD9602820));  // stzg x0, [x1, #32]
  EXPECT_TRUE(AllBytesAre(c, kP + 32, kP + 48, 0));
  EXPECT_TRUE(AllBytesAre(c, kP - 0x40, kP + 32, kFillByte));
  EXPECT_TRUE(AllBytesAre(c, kP + 48, kP + 0x80, kFillByte));
}

TEST(MteStzg, UnalignedAddressFaultsWithoutZeroingOrTagging) {
  FlatMemoryContext c;
  PrepareTagStore(c);
  c.s.R[1] = Tagged(kP + 8, kXnTag);
  ASSERT_FALSE(c.Step(0xD9600820));  // stzg x0, [x1]
  EXPECT_EQ(Ec(c), 0x25u);
  EXPECT_EQ(Dfsc(c), 0x21u);
  EXPECT_TRUE(WnR(c));
  EXPECT_EQ(c.s.sys.FAR_EL1, Tagged(kP + 8, kXnTag));
  EXPECT_TRUE(AllBytesAre(c, kP - 0x40, kP + 0x80, kFillByte));
  EXPECT_EQ(c.PeekTag(kP), kOldTag);
  EXPECT_EQ(c.PeekTag(kP + 16), kOldTag);
}

TEST(MteStzg, ZeroesTheDataEvenWhenAtaIsClear) {
  // The data store (Mem[address, TAG_GRANULE]) is unconditional; only the tag write
  // depends on allocation tag access.
  FlatMemoryContext c;
  PrepareTagStore(c);
  c.s.sys.SCTLR_EL1 &= ~kSctlrAta;
  c.UpdateDerivedState();
  ASSERT_TRUE(c.Step(0xD9600820));  // stzg x0, [x1]
  EXPECT_TRUE(AllBytesAre(c, kP, kP + 16, 0));
  EXPECT_EQ(c.PeekTag(kP), kOldTag);
}

TEST(MteStzg, RtOf31StoresTheTagOfSp) {
  FlatMemoryContext c;
  PrepareTagStore(c);
  c.s.R[31] = Tagged(kBase + 0x8000, 0x2);
  ASSERT_TRUE(c.Step(0xD960083F));  // stzg sp, [x1]
  EXPECT_EQ(c.PeekTag(kP), 0x2u);
  EXPECT_TRUE(AllBytesAre(c, kP, kP + 16, 0));
}

// ================================================================ ST2G

TEST(MteSt2g, PostIndexTagsTwoGranulesAtTheBaseAndWritesBack) {
  FlatMemoryContext c;
  PrepareTagStore(c);
  ASSERT_TRUE(c.Step(0xD9A02420));  // st2g x0, [x1], #32
  EXPECT_EQ(c.PeekTag(kP - 16), kOldTag);
  EXPECT_EQ(c.PeekTag(kP), kXtTag);
  EXPECT_EQ(c.PeekTag(kP + 16), kXtTag);
  EXPECT_EQ(c.PeekTag(kP + 32), kOldTag);
  EXPECT_EQ(c.X(1), Tagged(kP + 32, kXnTag));
}

TEST(MteSt2g, SignedOffsetTagsTwoGranulesAtBasePlusOffset) {
  FlatMemoryContext c;
  PrepareTagStore(c);
  ASSERT_TRUE(c.Step(0xD9A02820));  // st2g x0, [x1, #32]
  EXPECT_EQ(c.PeekTag(kP + 16), kOldTag);
  EXPECT_EQ(c.PeekTag(kP + 32), kXtTag);
  EXPECT_EQ(c.PeekTag(kP + 48), kXtTag);
  EXPECT_EQ(c.PeekTag(kP + 64), kOldTag);
  EXPECT_EQ(c.X(1), Tagged(kP, kXnTag));
}

TEST(MteSt2g, PreIndexTagsTwoGranulesAtBasePlusOffsetAndWritesBack) {
  FlatMemoryContext c;
  PrepareTagStore(c);
  ASSERT_TRUE(c.Step(0xD9A02C20));  // st2g x0, [x1, #32]!
  EXPECT_EQ(c.PeekTag(kP + 16), kOldTag);
  EXPECT_EQ(c.PeekTag(kP + 32), kXtTag);
  EXPECT_EQ(c.PeekTag(kP + 48), kXtTag);
  EXPECT_EQ(c.PeekTag(kP + 64), kOldTag);
  EXPECT_EQ(c.X(1), Tagged(kP + 32, kXnTag));
}

TEST(MteSt2g, LeavesTheDataAlone) {
  FlatMemoryContext c;
  PrepareTagStore(c);
  ASSERT_TRUE(c.Step(0xD9A00820));  // st2g x0, [x1]
  EXPECT_TRUE(AllBytesAre(c, kP - 0x40, kP + 0x80, kFillByte));
}

TEST(MteSt2g, NeedsOnlySixteenByteAlignment) {
  FlatMemoryContext c;
  PrepareTagStore(c);
  c.s.R[1] = Tagged(kP + 16, kXnTag);  // 16- but not 32-byte aligned
  ASSERT_TRUE(c.Step(0xD9A00820));     // st2g x0, [x1]
  EXPECT_EQ(c.PeekTag(kP), kOldTag);
  EXPECT_EQ(c.PeekTag(kP + 16), kXtTag);
  EXPECT_EQ(c.PeekTag(kP + 32), kXtTag);
  EXPECT_EQ(c.PeekTag(kP + 48), kOldTag);
}

TEST(MteSt2g, UnalignedAddressFaultsWithoutTagging) {
  FlatMemoryContext c;
  PrepareTagStore(c);
  c.s.R[1] = Tagged(kP + 8, kXnTag);
  ASSERT_FALSE(c.Step(0xD9A00820));  // st2g x0, [x1]
  EXPECT_EQ(Ec(c), 0x25u);
  EXPECT_EQ(Dfsc(c), 0x21u);
  EXPECT_TRUE(WnR(c));
  EXPECT_EQ(c.PeekTag(kP), kOldTag);
  EXPECT_EQ(c.PeekTag(kP + 16), kOldTag);
  EXPECT_EQ(c.PeekTag(kP + 32), kOldTag);
}

TEST(MteSt2g, NoTagChangeWhenAtaIsClear) {
  FlatMemoryContext c;
  PrepareTagStore(c);
  c.s.sys.SCTLR_EL1 &= ~kSctlrAta;
  c.UpdateDerivedState();
  ASSERT_TRUE(c.Step(0xD9A00820));  // st2g x0, [x1]
  EXPECT_EQ(c.PeekTag(kP), kOldTag);
  EXPECT_EQ(c.PeekTag(kP + 16), kOldTag);
}

// ================================================================ STZ2G

TEST(MteStz2g, PostIndexTagsTwoGranulesAtTheBaseAndWritesBack) {
  FlatMemoryContext c;
  PrepareTagStore(c);
  ASSERT_TRUE(c.Step(0xD9E02420));  // stz2g x0, [x1], #32
  EXPECT_EQ(c.PeekTag(kP), kXtTag);
  EXPECT_EQ(c.PeekTag(kP + 16), kXtTag);
  EXPECT_EQ(c.PeekTag(kP + 32), kOldTag);
  EXPECT_EQ(c.X(1), Tagged(kP + 32, kXnTag));
}

TEST(MteStz2g, SignedOffsetTagsTwoGranulesAtBasePlusOffset) {
  FlatMemoryContext c;
  PrepareTagStore(c);
  ASSERT_TRUE(c.Step(0xD9E02820));  // stz2g x0, [x1, #32]
  EXPECT_EQ(c.PeekTag(kP + 16), kOldTag);
  EXPECT_EQ(c.PeekTag(kP + 32), kXtTag);
  EXPECT_EQ(c.PeekTag(kP + 48), kXtTag);
  EXPECT_EQ(c.PeekTag(kP + 64), kOldTag);
  EXPECT_EQ(c.X(1), Tagged(kP, kXnTag));
}

TEST(MteStz2g, PreIndexTagsTwoGranulesAtBasePlusOffsetAndWritesBack) {
  FlatMemoryContext c;
  PrepareTagStore(c);
  ASSERT_TRUE(c.Step(0xD9E02C20));  // stz2g x0, [x1, #32]!
  EXPECT_EQ(c.PeekTag(kP + 32), kXtTag);
  EXPECT_EQ(c.PeekTag(kP + 48), kXtTag);
  EXPECT_EQ(c.PeekTag(kP + 64), kOldTag);
  EXPECT_EQ(c.X(1), Tagged(kP + 32, kXnTag));
}

TEST(MteStz2g, ZeroesExactlyTheTwoTaggedGranules) {
  FlatMemoryContext c;
  PrepareTagStore(c);
  ASSERT_TRUE(c.Step(0xD9E02820));  // stz2g x0, [x1, #32]
  EXPECT_TRUE(AllBytesAre(c, kP + 32, kP + 64, 0));
  EXPECT_TRUE(AllBytesAre(c, kP - 0x40, kP + 32, kFillByte));
  EXPECT_TRUE(AllBytesAre(c, kP + 64, kP + 0x80, kFillByte));
}

TEST(MteStz2g, UnalignedAddressFaultsWithoutZeroingOrTagging) {
  FlatMemoryContext c;
  PrepareTagStore(c);
  c.s.R[1] = Tagged(kP + 8, kXnTag);
  ASSERT_FALSE(c.Step(0xD9E00820));  // stz2g x0, [x1]
  EXPECT_EQ(Ec(c), 0x25u);
  EXPECT_EQ(Dfsc(c), 0x21u);
  EXPECT_TRUE(WnR(c));
  EXPECT_TRUE(AllBytesAre(c, kP - 0x40, kP + 0x80, kFillByte));
  EXPECT_EQ(c.PeekTag(kP), kOldTag);
  EXPECT_EQ(c.PeekTag(kP + 16), kOldTag);
}

TEST(MteStz2g, ZeroesTheDataEvenWhenAtaIsClear) {
  FlatMemoryContext c;
  PrepareTagStore(c);
  c.s.sys.SCTLR_EL1 &= ~kSctlrAta;
  c.UpdateDerivedState();
  ASSERT_TRUE(c.Step(0xD9E00820));  // stz2g x0, [x1]
  EXPECT_TRUE(AllBytesAre(c, kP, kP + 32, 0));
  EXPECT_EQ(c.PeekTag(kP), kOldTag);
  EXPECT_EQ(c.PeekTag(kP + 16), kOldTag);
}

// ================================================================ STGP

TEST(MteStgp, StoresBothRegistersAndTheAddressTag) {
  FlatMemoryContext c;
  PrepareTagStore(c);
  c.s.R[2] = 0x1111222233334444;
  c.s.R[3] = 0x5555666677778888;
  ASSERT_TRUE(c.Step(0x69000C22));  // stgp x2, x3, [x1]
  EXPECT_EQ(c.Peek<uint64_t>(kP), 0x1111222233334444u);
  EXPECT_EQ(c.Peek<uint64_t>(kP + 8), 0x5555666677778888u);
  EXPECT_EQ(c.PeekTag(kP), kXnTag);  // the tag of the address, not of a data register
  EXPECT_EQ(c.PeekTag(kP + 16), kOldTag);
  EXPECT_TRUE(AllBytesAre(c, kP + 16, kP + 0x80, kFillByte));
}

TEST(MteStgp, SignedOffsetIsScaledBy16AndDoesNotWriteBack) {
  FlatMemoryContext c;
  PrepareTagStore(c);
  c.s.R[2] = 1;
  c.s.R[3] = 2;
  ASSERT_TRUE(c.Step(0x69010C22));  // stgp x2, x3, [x1, #32]
  EXPECT_EQ(c.Peek<uint64_t>(kP + 32), 1u);
  EXPECT_EQ(c.Peek<uint64_t>(kP + 40), 2u);
  EXPECT_EQ(c.PeekTag(kP + 32), kXnTag);
  EXPECT_EQ(c.PeekTag(kP), kOldTag);
  EXPECT_TRUE(AllBytesAre(c, kP, kP + 32, kFillByte));
  EXPECT_EQ(c.X(1), Tagged(kP, kXnTag));
}

TEST(MteStgp, PostIndexStoresAtTheBaseAndWritesBackBasePlusOffset) {
  FlatMemoryContext c;
  PrepareTagStore(c);
  c.s.R[2] = 1;
  c.s.R[3] = 2;
  ASSERT_TRUE(c.Step(0x68810C22));  // stgp x2, x3, [x1], #32
  EXPECT_EQ(c.Peek<uint64_t>(kP), 1u);
  EXPECT_EQ(c.Peek<uint64_t>(kP + 8), 2u);
  EXPECT_EQ(c.PeekTag(kP), kXnTag);
  EXPECT_EQ(c.PeekTag(kP + 32), kOldTag);
  EXPECT_EQ(c.X(1), Tagged(kP + 32, kXnTag));
}

TEST(MteStgp, PreIndexStoresAtBasePlusOffsetAndWritesBack) {
  FlatMemoryContext c;
  PrepareTagStore(c);
  c.s.R[2] = 1;
  c.s.R[3] = 2;
  ASSERT_TRUE(c.Step(0x69810C22));  // stgp x2, x3, [x1, #32]!
  EXPECT_EQ(c.Peek<uint64_t>(kP + 32), 1u);
  EXPECT_EQ(c.Peek<uint64_t>(kP + 40), 2u);
  EXPECT_EQ(c.PeekTag(kP + 32), kXnTag);
  EXPECT_EQ(c.PeekTag(kP), kOldTag);
  EXPECT_EQ(c.X(1), Tagged(kP + 32, kXnTag));
}

TEST(MteStgp, NegativePreIndexOffset) {
  FlatMemoryContext c;
  PrepareTagStore(c);
  c.s.R[2] = 1;
  c.s.R[3] = 2;
  ASSERT_TRUE(c.Step(0x69BF8C22));  // stgp x2, x3, [x1, #-16]!
  EXPECT_EQ(c.Peek<uint64_t>(kP - 16), 1u);
  EXPECT_EQ(c.Peek<uint64_t>(kP - 8), 2u);
  EXPECT_EQ(c.PeekTag(kP - 16), kXnTag);
  EXPECT_EQ(c.X(1), Tagged(kP - 16, kXnTag));
}

TEST(MteStgp, UnalignedAddressFaultsWithoutStoringDataOrTag) {
  FlatMemoryContext c;
  PrepareTagStore(c);
  c.s.R[1] = Tagged(kP + 8, kXnTag);
  c.s.R[2] = 1;
  c.s.R[3] = 2;
  ASSERT_FALSE(c.Step(0x69810C22));  // stgp x2, x3, [x1, #32]!
  EXPECT_EQ(Ec(c), 0x25u);
  EXPECT_EQ(Dfsc(c), 0x21u);
  EXPECT_TRUE(WnR(c));
  EXPECT_EQ(c.s.sys.FAR_EL1, Tagged(kP + 40, kXnTag));
  EXPECT_TRUE(AllBytesAre(c, kP - 0x40, kP + 0x80, kFillByte));
  EXPECT_EQ(c.PeekTag(kP + 32), kOldTag);
  EXPECT_EQ(c.PeekTag(kP + 48), kOldTag);
  EXPECT_EQ(c.X(1), Tagged(kP + 8, kXnTag));
}

TEST(MteStgp, StoresTheDataButNoTagWhenAtaIsClear) {
  FlatMemoryContext c;
  PrepareTagStore(c);
  c.s.sys.SCTLR_EL1 &= ~kSctlrAta;
  c.UpdateDerivedState();
  c.s.R[2] = 1;
  c.s.R[3] = 2;
  ASSERT_TRUE(c.Step(0x69000C22));  // stgp x2, x3, [x1]
  EXPECT_EQ(c.Peek<uint64_t>(kP), 1u);
  EXPECT_EQ(c.Peek<uint64_t>(kP + 8), 2u);
  EXPECT_EQ(c.PeekTag(kP), kOldTag);
}

TEST(MteStgp, SpBaseTakesTheTagOfSp) {
  FlatMemoryContext c;
  PrepareTagStore(c);
  c.s.R[31] = Tagged(kP, 0xE);
  c.s.R[2] = 1;
  c.s.R[3] = 2;
  ASSERT_TRUE(c.Step(0x69000FE2));  // stgp x2, x3, [sp]
  EXPECT_EQ(c.Peek<uint64_t>(kP), 1u);
  EXPECT_EQ(c.PeekTag(kP), 0xEu);
}

// ================================================================ LDG

TEST(MteLdg, InsertsTheAllocationTagAndKeepsTheOtherBitsOfXt) {
  FlatMemoryContext c;
  PrepareTagStore(c);
  c.PokeTag(kP, 0x3);
  c.s.R[0] = ~uint64_t{0};
  ASSERT_TRUE(c.Step(0xD9600020));  // ldg x0, [x1]
  EXPECT_EQ(c.X(0), 0xF3FFFFFFFFFFFFFFull);
}

TEST(MteLdg, AlignsTheAddressDownToTheGranule) {
  FlatMemoryContext c;
  PrepareTagStore(c);
  c.PokeTag(kP + 16, 0x9);
  c.s.R[0] = 0;
  c.s.R[1] = Tagged(kP + 0x1F, kXnTag);
  ASSERT_TRUE(c.Step(0xD9600020));  // ldg x0, [x1]
  EXPECT_EQ(c.X(0), Tagged(0, 0x9));
}

// Records the addresses the semantics pass to ReadAllocationTags, whose contract is a
// granule-aligned VA (the flat memory itself would align any address it is given).
class TagReadRecorder : public FlatMemoryContext {
 public:
  std::vector<uint64_t> read_vas;
  void ReadAllocationTags(uint64_t va, unsigned count, uint8_t* out, mtesim::isa::AccessKind kind,
                          bool tag_access) override {
    read_vas.push_back(va);
    FlatMemoryContext::ReadAllocationTags(va, count, out, kind, tag_access);
  }
};

TEST(MteLdg, ReadsTheTagAtTheAlignedAddress) {
  TagReadRecorder c;
  PrepareTagStore(c);
  c.s.R[1] = Tagged(kP + 0x1F, kXnTag);
  ASSERT_TRUE(c.Step(0xD9600020));  // ldg x0, [x1]
  ASSERT_EQ(c.read_vas.size(), 1u);
  EXPECT_EQ(c.read_vas[0], Tagged(kP + 16, kXnTag));
}

TEST(MteLdg, OffsetIsScaledBy16) {
  FlatMemoryContext c;
  PrepareTagStore(c);
  c.PokeTag(kP + 32, 0x6);
  c.s.R[0] = 0x42;
  ASSERT_TRUE(c.Step(0xD9602020));  // ldg x0, [x1, #32]
  EXPECT_EQ(c.X(0), Tagged(0x42, 0x6));
  EXPECT_EQ(c.X(1), Tagged(kP, kXnTag));  // no writeback
}

TEST(MteLdg, NegativeOffset) {
  FlatMemoryContext c;
  PrepareTagStore(c);
  c.PokeTag(kP - 16, 0x4);
  c.s.R[0] = 0;
  ASSERT_TRUE(c.Step(0xD97FF020));  // ldg x0, [x1, #-16]
  EXPECT_EQ(c.X(0), Tagged(0, 0x4));
}

TEST(MteLdg, RtEqualToRnMergesIntoTheAddress) {
  // X[t] is read after the address is formed: the base value keeps its address bits.
  FlatMemoryContext c;
  PrepareTagStore(c);
  c.PokeTag(kP, 0x8);
  c.s.R[0] = Tagged(kP, 0x2);
  ASSERT_TRUE(c.Step(0xD9600000));  // ldg x0, [x0]
  EXPECT_EQ(c.X(0), Tagged(kP, 0x8));
}

TEST(MteLdg, SpBase) {
  FlatMemoryContext c;
  PrepareTagStore(c);
  c.PokeTag(kP, 0xB);
  c.s.R[31] = kP;
  c.s.R[0] = 0;
  ASSERT_TRUE(c.Step(0xD96003E0));  // ldg x0, [sp]
  EXPECT_EQ(c.X(0), Tagged(0, 0xB));
}

TEST(MteLdg, ReadsTagZeroWhenAtaIsClear) {
  FlatMemoryContext c;
  PrepareTagStore(c);
  c.s.sys.SCTLR_EL1 &= ~kSctlrAta;
  c.UpdateDerivedState();
  c.PokeTag(kP, 0x3);
  c.s.R[0] = ~uint64_t{0};
  ASSERT_TRUE(c.Step(0xD9600020));  // ldg x0, [x1]
  EXPECT_EQ(c.X(0), 0xF0FFFFFFFFFFFFFFull);
}

// ================================================================ LDGM / STGM

// Granule i of the 256-byte block at kBlock carries tag (i * 7 + 3) mod 16, so every
// nibble differs from its index.
void FillBlockTags(FlatMemoryContext& c) {
  Fill(c, kBlock, kBlock + 0x100, kFillByte, 0);
  for (unsigned i = 0; i < 16; ++i) c.PokeTag(kBlock + 16 * i, static_cast<uint8_t>((i * 7 + 3) & 0xF));
}
constexpr uint64_t kBlockTagsAsLdgm = 0xC5E7092B4D6F81A3ull;  // nibble i = (7i + 3) mod 16

TEST(MteLdgm, BlockOf256BytesFillsAllSixteenNibbles) {
  FlatMemoryContext c;
  EnableTagAccess(c, 2, 6);
  FillBlockTags(c);
  c.s.R[1] = Tagged(kBlock + 0x57, kXnTag);  // aligned down to the block
  ASSERT_TRUE(c.Step(0xD9E00020));           // ldgm x0, [x1]
  EXPECT_EQ(c.X(0), kBlockTagsAsLdgm);
}

TEST(MteLdgm, BlockOf64BytesGoesToNibblesAddress7To4) {
  FlatMemoryContext c;
  EnableTagAccess(c, 2, 4);
  FillBlockTags(c);
  c.s.R[0] = ~uint64_t{0};
  c.s.R[1] = kBlock + 0x80 + 0x25;  // block [0x80, 0xC0): granules 8..11
  ASSERT_TRUE(c.Step(0xD9E00020));  // ldgm x0, [x1]
  EXPECT_EQ(c.X(0), kBlockTagsAsLdgm & 0x0000FFFF00000000ull);
}

TEST(MteLdgm, BlockOf32Bytes) {
  FlatMemoryContext c;
  EnableTagAccess(c, 2, 3);
  FillBlockTags(c);
  c.s.R[0] = ~uint64_t{0};
  c.s.R[1] = kBlock + 0x35;         // block [0x20, 0x40): granules 2, 3
  ASSERT_TRUE(c.Step(0xD9E00020));  // ldgm x0, [x1]
  EXPECT_EQ(c.X(0), kBlockTagsAsLdgm & 0x000000000000FF00ull);
}

TEST(MteLdgm, BlockOf16BytesIsOneNibble) {
  FlatMemoryContext c;
  EnableTagAccess(c, 2, 2);
  FillBlockTags(c);
  c.s.R[0] = ~uint64_t{0};
  c.s.R[1] = kBlock + 0xE7;         // granule 14
  ASSERT_TRUE(c.Step(0xD9E00020));  // ldgm x0, [x1]
  EXPECT_EQ(c.X(0), kBlockTagsAsLdgm & 0x0F00000000000000ull);
}

TEST(MteLdgm, ReadsZerosWhenAtaIsClear) {
  FlatMemoryContext c;
  Configure(c, 2, 6);
  FillBlockTags(c);
  c.s.R[0] = ~uint64_t{0};
  c.s.R[1] = kBlock;
  ASSERT_TRUE(c.Step(0xD9E00020));  // ldgm x0, [x1]
  EXPECT_EQ(c.X(0), 0u);
}

TEST(MteStgm, BlockOf256BytesStoresAllSixteenNibbles) {
  FlatMemoryContext c;
  EnableTagAccess(c, 2, 6);
  Fill(c, kBlock, kBlock + 0x100, kFillByte, kOldTag);
  c.s.R[0] = 0xFEDCBA9876543210ull;
  c.s.R[1] = Tagged(kBlock + 0xA8, kXnTag);
  ASSERT_TRUE(c.Step(0xD9A00020));  // stgm x0, [x1]
  for (unsigned i = 0; i < 16; ++i) EXPECT_EQ(c.PeekTag(kBlock + 16 * i), i) << i;
  EXPECT_TRUE(AllBytesAre(c, kBlock, kBlock + 0x100, kFillByte));
}

TEST(MteStgm, BlockOf64BytesTakesNibblesAddress7To4) {
  FlatMemoryContext c;
  EnableTagAccess(c, 2, 4);
  Fill(c, kBlock, kBlock + 0x100, kFillByte, kOldTag);
  c.s.R[0] = 0xFEDCBA9876543210ull;
  c.s.R[1] = kBlock + 0xC0 + 0x3F;  // block [0xC0, 0x100): granules 12..15
  ASSERT_TRUE(c.Step(0xD9A00020));  // stgm x0, [x1]
  for (unsigned i = 0; i < 12; ++i) EXPECT_EQ(c.PeekTag(kBlock + 16 * i), kOldTag) << i;
  for (unsigned i = 12; i < 16; ++i) EXPECT_EQ(c.PeekTag(kBlock + 16 * i), i) << i;
}

TEST(MteStgm, BlockOf32BytesStoresTwoNibbles) {
  FlatMemoryContext c;
  EnableTagAccess(c, 2, 3);
  Fill(c, kBlock, kBlock + 0x100, kFillByte, kOldTag);
  c.s.R[0] = 0xFEDCBA9876543210ull;
  c.s.R[1] = kBlock + 0x9F;         // block [0x80, 0xA0): granules 8, 9
  ASSERT_TRUE(c.Step(0xD9A00020));  // stgm x0, [x1]
  EXPECT_EQ(c.PeekTag(kBlock + 0x70), kOldTag);
  EXPECT_EQ(c.PeekTag(kBlock + 0x80), 8u);
  EXPECT_EQ(c.PeekTag(kBlock + 0x90), 9u);
  EXPECT_EQ(c.PeekTag(kBlock + 0xA0), kOldTag);
}

TEST(MteStgm, BlockOf16BytesStoresOneNibble) {
  FlatMemoryContext c;
  EnableTagAccess(c, 2, 2);
  Fill(c, kBlock, kBlock + 0x100, kFillByte, kOldTag);
  c.s.R[0] = 0xFEDCBA9876543210ull;
  c.s.R[1] = kBlock + 0x30;         // granule 3
  ASSERT_TRUE(c.Step(0xD9A00020));  // stgm x0, [x1]
  EXPECT_EQ(c.PeekTag(kBlock + 0x20), kOldTag);
  EXPECT_EQ(c.PeekTag(kBlock + 0x30), 3u);
  EXPECT_EQ(c.PeekTag(kBlock + 0x40), kOldTag);
}

TEST(MteStgm, NoTagChangeWhenAtaIsClear) {
  FlatMemoryContext c;
  Configure(c, 2, 6);
  Fill(c, kBlock, kBlock + 0x100, kFillByte, kOldTag);
  c.s.R[0] = 0xFEDCBA9876543210ull;
  c.s.R[1] = kBlock;
  ASSERT_TRUE(c.Step(0xD9A00020));  // stgm x0, [x1]
  for (unsigned i = 0; i < 16; ++i) EXPECT_EQ(c.PeekTag(kBlock + 16 * i), kOldTag) << i;
}

// ================================================================ STZGM

TEST(MteStzgm, TagsAndZeroesTheDczidBlock) {
  FlatMemoryContext c;
  EnableTagAccess(c);
  c.s.id.DCZID_BS = 4;  // 64 bytes
  Fill(c, kBlock, kBlock + 0x100, kFillByte, kOldTag);
  c.s.R[0] = Tagged(0xF3, 0xA);             // the tag is Xt[3:0] = 3
  c.s.R[1] = Tagged(kBlock + 0x53, kXnTag);  // block [0x40, 0x80)
  ASSERT_TRUE(c.Step(0xD9200020));           // stzgm x0, [x1]
  EXPECT_EQ(c.PeekTag(kBlock + 0x30), kOldTag);
  for (uint64_t a = 0x40; a < 0x80; a += 16) EXPECT_EQ(c.PeekTag(kBlock + a), 3u) << a;
  EXPECT_EQ(c.PeekTag(kBlock + 0x80), kOldTag);
  EXPECT_TRUE(AllBytesAre(c, kBlock + 0x40, kBlock + 0x80, 0));
  EXPECT_TRUE(AllBytesAre(c, kBlock, kBlock + 0x40, kFillByte));
  EXPECT_TRUE(AllBytesAre(c, kBlock + 0x80, kBlock + 0x100, kFillByte));
}

TEST(MteStzgm, BlockSizeFollowsDczidBs) {
  FlatMemoryContext c;
  EnableTagAccess(c);
  c.s.id.DCZID_BS = 5;  // 128 bytes
  Fill(c, kBlock, kBlock + 0x200, kFillByte, kOldTag);
  c.s.R[0] = 0x5;
  c.s.R[1] = kBlock + 0x80 + 0x7F;  // block [0x80, 0x100)
  ASSERT_TRUE(c.Step(0xD9200020));  // stzgm x0, [x1]
  EXPECT_EQ(c.PeekTag(kBlock + 0x70), kOldTag);
  for (uint64_t a = 0x80; a < 0x100; a += 16) EXPECT_EQ(c.PeekTag(kBlock + a), 5u) << a;
  EXPECT_EQ(c.PeekTag(kBlock + 0x100), kOldTag);
  EXPECT_TRUE(AllBytesAre(c, kBlock + 0x80, kBlock + 0x100, 0));
  EXPECT_TRUE(AllBytesAre(c, kBlock, kBlock + 0x80, kFillByte));
  EXPECT_TRUE(AllBytesAre(c, kBlock + 0x100, kBlock + 0x200, kFillByte));
}

TEST(MteStzgm, ZeroesButDoesNotTagWhenAtaIsClear) {
  FlatMemoryContext c;
  Configure(c, 2);
  c.s.id.DCZID_BS = 4;
  Fill(c, kBlock, kBlock + 0x100, kFillByte, kOldTag);
  c.s.R[0] = 0x5;
  c.s.R[1] = kBlock;
  ASSERT_TRUE(c.Step(0xD9200020));  // stzgm x0, [x1]
  EXPECT_TRUE(AllBytesAre(c, kBlock, kBlock + 0x40, 0));
  EXPECT_EQ(c.PeekTag(kBlock), kOldTag);
}

// ================================================================ DC GVA / DC GZVA

TEST(MteDcGva, TagsTheDczidBlockWithXtsTag) {
  FlatMemoryContext c;
  EnableTagAccess(c);
  c.s.id.DCZID_BS = 4;
  Fill(c, kBlock, kBlock + 0x100, kFillByte, kOldTag);
  c.s.R[0] = Tagged(kBlock + 0x40 + 0x13, 0xB);
  ASSERT_TRUE(c.Step(0xD50B7460));  // dc gva, x0
  EXPECT_EQ(c.PeekTag(kBlock + 0x30), kOldTag);
  for (uint64_t a = 0x40; a < 0x80; a += 16) EXPECT_EQ(c.PeekTag(kBlock + a), 0xBu) << a;
  EXPECT_EQ(c.PeekTag(kBlock + 0x80), kOldTag);
  EXPECT_TRUE(AllBytesAre(c, kBlock, kBlock + 0x100, kFillByte));
}

TEST(MteDcGzva, TagsAndZeroesTheDczidBlock) {
  FlatMemoryContext c;
  EnableTagAccess(c);
  c.s.id.DCZID_BS = 4;
  Fill(c, kBlock, kBlock + 0x100, kFillByte, kOldTag);
  c.s.R[0] = Tagged(kBlock + 0x40 + 0x13, 0xB);
  ASSERT_TRUE(c.Step(0xD50B7480));  // dc gzva, x0
  for (uint64_t a = 0x40; a < 0x80; a += 16) EXPECT_EQ(c.PeekTag(kBlock + a), 0xBu) << a;
  EXPECT_TRUE(AllBytesAre(c, kBlock + 0x40, kBlock + 0x80, 0));
  EXPECT_TRUE(AllBytesAre(c, kBlock, kBlock + 0x40, kFillByte));
  EXPECT_TRUE(AllBytesAre(c, kBlock + 0x80, kBlock + 0x100, kFillByte));
}

TEST(MteDcGva, AtEl0WithoutDzeTrapsToEl1) {
  FlatMemoryContext c;
  EnableTagAccess(c);
  Fill(c, kBlock, kBlock + 0x100, kFillByte, kOldTag);
  EnterEl0(c);
  c.s.R[0] = Tagged(kBlock, 0xB);
  ASSERT_FALSE(c.Step(0xD50B7460));  // dc gva, x0
  EXPECT_EQ(Ec(c), 0x18u);
  EXPECT_EQ(c.PeekTag(kBlock), kOldTag);
}

TEST(MteDcGva, AtEl0WithDzeTagsTheBlock) {
  FlatMemoryContext c;
  EnableTagAccess(c);
  c.s.sys.SCTLR_EL1 |= kSctlrDze;
  c.s.id.DCZID_BS = 4;
  Fill(c, kBlock, kBlock + 0x100, kFillByte, kOldTag);
  EnterEl0(c);
  c.s.R[0] = Tagged(kBlock, 0xB);
  ASSERT_TRUE(c.Step(0xD50B7460));  // dc gva, x0
  EXPECT_EQ(c.PeekTag(kBlock), 0xBu);
  EXPECT_EQ(c.PeekTag(kBlock + 0x30), 0xBu);
}

TEST(MteDcGzva, ZeroesButDoesNotTagWhenAtaIsClear) {
  FlatMemoryContext c;
  Configure(c, 2);
  c.s.id.DCZID_BS = 4;
  Fill(c, kBlock, kBlock + 0x100, kFillByte, kOldTag);
  c.s.R[0] = Tagged(kBlock, 0xB);
  ASSERT_TRUE(c.Step(0xD50B7480));  // dc gzva, x0
  EXPECT_TRUE(AllBytesAre(c, kBlock, kBlock + 0x40, 0));
  EXPECT_EQ(c.PeekTag(kBlock), kOldTag);
}

// ================================================================ tag cache maintenance

TEST(MteTagCacheMaintenance, DcCgvacIsAllocatedAtLevel1) {
  FlatMemoryContext c;
  Configure(c, 1);
  c.s.R[0] = kBlock;
  EXPECT_TRUE(c.Step(0xD50B7A60));  // dc cgvac, x0
}

TEST(MteTagCacheMaintenance, ByVaOperationsAtEl0TrapWithoutUci) {
  for (uint32_t w : {0xD50B7A60u /* dc cgvac */, 0xD50B7AA0u /* dc cgdvac */, 0xD50B7C60u /* dc cgvap */,
                     0xD50B7EA0u /* dc cigdvac */}) {
    FlatMemoryContext c;
    Configure(c, 2);
    EnterEl0(c);
    c.s.R[0] = kBlock;
    EXPECT_FALSE(c.Step(w)) << std::hex << w;
    EXPECT_EQ(Ec(c), 0x18u) << std::hex << w;
  }
}

TEST(MteTagCacheMaintenance, ByVaOperationsAtEl0WithUciExecute) {
  FlatMemoryContext c;
  Configure(c, 2);
  c.s.sys.SCTLR_EL1 |= kSctlrUci;
  EnterEl0(c);
  c.s.R[0] = kBlock;
  EXPECT_TRUE(c.Step(0xD50B7A60));  // dc cgvac, x0
}

TEST(MteTagCacheMaintenance, InvalidateAndSetWayOperationsNeedMte2) {
  for (uint32_t w : {0xD5087660u /* dc igvac */, 0xD50876A0u /* dc igdvac */, 0xD5087680u /* dc igsw */,
                     0xD5087A80u /* dc cgsw */, 0xD5087E80u /* dc cigsw */}) {
    FlatMemoryContext at1;
    at1.ConfigureMte(Features(1));
    at1.s.R[0] = kBlock;
    EXPECT_FALSE(at1.Step(w)) << std::hex << w;
    EXPECT_EQ(Ec(at1), 0u) << std::hex << w;

    FlatMemoryContext at2;
    at2.ConfigureMte(Features(2));
    at2.s.R[0] = kBlock;
    EXPECT_TRUE(at2.Step(w)) << std::hex << w;
  }
}

TEST(MteTagCacheMaintenance, InvalidateAndSetWayOperationsAreUndefinedAtEl0) {
  for (uint32_t w : {0xD5087660u /* dc igvac */, 0xD5087680u /* dc igsw */, 0xD5087E80u /* dc cigsw */}) {
    FlatMemoryContext c;
    Configure(c, 2);
    c.s.sys.SCTLR_EL1 |= kSctlrUci;
    EnterEl0(c);
    c.s.R[0] = kBlock;
    EXPECT_FALSE(c.Step(w)) << std::hex << w;
    EXPECT_EQ(Ec(c), 0u) << std::hex << w;
  }
}

}  // namespace
