// Load/store exclusive (loads_stores_exclusive.cpp): the local monitor records address,
// size and value; a store-exclusive succeeds only while all three still match.
#include <gtest/gtest.h>

#include "tests/isa/isa_test_helpers.h"

namespace {

using mtesim::test::FlatMemoryContext;
using mtesim::test::Dfsc;
using mtesim::test::Ec;
using mtesim::test::ExpectUndefined;
using mtesim::test::SetNzcv;
using mtesim::test::WnR;
constexpr uint64_t kBase = FlatMemoryContext::kBase;
constexpr uint64_t kData = kBase + 0x1000;


TEST(LoadStoreExclusive, LdxrLoadsAndArmsMonitor) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData, 0xABCDEF);
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0xC85F7C41));  // ldxr x1, [x2]
  EXPECT_EQ(c.X(1), 0xABCDEFu);
  EXPECT_TRUE(c.s.excl_valid);
  EXPECT_EQ(c.s.excl_addr, kData);
  EXPECT_EQ(c.s.excl_size, 8u);
  EXPECT_EQ(c.s.excl_value[0], 0xABCDEFu);
}

TEST(LoadStoreExclusive, StxrAfterLdxrSucceedsAndClearsMonitor) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData, 1);
  c.s.R[2] = kData;
  c.s.R[3] = 0x99;
  c.s.R[4] = ~uint64_t{0};
  ASSERT_TRUE(c.Step(0xC85F7C41));  // ldxr x1, [x2]
  ASSERT_TRUE(c.Step(0xC8047C43));  // stxr w4, x3, [x2]
  EXPECT_EQ(c.X(4), 0u);
  EXPECT_EQ(c.Peek<uint64_t>(kData), 0x99u);
  EXPECT_FALSE(c.s.excl_valid);
}

TEST(LoadStoreExclusive, StxrWithoutLdxrFailsAndDoesNotStore) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData, 1);
  c.s.R[2] = kData;
  c.s.R[3] = 0x99;
  c.s.R[4] = ~uint64_t{0};
  ASSERT_TRUE(c.Step(0xC8047C43));  // stxr w4, x3, [x2]
  EXPECT_EQ(c.X(4), 1u);  // a W write: the upper half is cleared too
  EXPECT_EQ(c.Peek<uint64_t>(kData), 1u);
}

TEST(LoadStoreExclusive, SecondStxrFailsBecauseTheFirstClearedTheMonitor) {
  FlatMemoryContext c;
  c.s.R[2] = kData;
  c.s.R[3] = 5;
  ASSERT_TRUE(c.Step(0x885F7C41));  // ldxr w1, [x2]
  ASSERT_TRUE(c.Step(0x88047C43));  // stxr w4, w3, [x2]
  ASSERT_EQ(c.X(4), 0u);
  c.s.R[3] = 6;
  ASSERT_TRUE(c.Step(0x88047C43));  // stxr w4, w3, [x2]
  EXPECT_EQ(c.X(4), 1u);
  EXPECT_EQ(c.Peek<uint32_t>(kData), 5u);
}

TEST(LoadStoreExclusive, ClrexMakesStxrFail) {
  FlatMemoryContext c;
  c.s.R[2] = kData;
  c.s.R[3] = 5;
  ASSERT_TRUE(c.Step(0x885F7C41));  // ldxr w1, [x2]
  ASSERT_TRUE(c.Step(0xD5033F5F));  // clrex
  ASSERT_TRUE(c.Step(0x88047C43));  // stxr w4, w3, [x2]
  EXPECT_EQ(c.X(4), 1u);
  EXPECT_EQ(c.Peek<uint32_t>(kData), 0u);
}

TEST(LoadStoreExclusive, StxrToAnotherAddressFails) {
  FlatMemoryContext c;
  c.s.R[2] = kData;
  c.s.R[5] = kData + 8;
  c.s.R[3] = 5;
  ASSERT_TRUE(c.Step(0xC85F7C41));  // ldxr x1, [x2]
  ASSERT_TRUE(c.Step(0xC8047CA3));  // stxr w4, x3, [x5]
  EXPECT_EQ(c.X(4), 1u);
  EXPECT_EQ(c.Peek<uint64_t>(kData + 8), 0u);
  EXPECT_FALSE(c.s.excl_valid);
}

TEST(LoadStoreExclusive, StxrOfAnotherSizeFails) {
  FlatMemoryContext c;
  c.s.R[2] = kData;
  c.s.R[3] = 5;
  ASSERT_TRUE(c.Step(0xC85F7C41));  // ldxr x1, [x2]
  ASSERT_TRUE(c.Step(0x88047C43));  // stxr w4, w3, [x2]
  EXPECT_EQ(c.X(4), 1u);
  EXPECT_EQ(c.Peek<uint64_t>(kData), 0u);
}

// Another PE's store in between changes the value: that is how the SMP model detects it.
TEST(LoadStoreExclusive, StxrFailsWhenMemoryChangedBehindItsBack) {
  FlatMemoryContext c;
  c.Poke<uint32_t>(kData, 10);
  c.s.R[2] = kData;
  c.s.R[3] = 11;
  ASSERT_TRUE(c.Step(0x885FFC41));  // ldaxr w1, [x2]
  c.Poke<uint32_t>(kData, 20);  // "another PE"
  ASSERT_TRUE(c.Step(0x8804FC43));  // stlxr w4, w3, [x2]
  EXPECT_EQ(c.X(4), 1u);
  EXPECT_EQ(c.Peek<uint32_t>(kData), 20u);
  EXPECT_FALSE(c.s.excl_valid);
}

TEST(LoadStoreExclusive, ByteExclusivesTouchOnlyOneByte) {
  FlatMemoryContext c;
  c.Poke<uint32_t>(kData, 0x44332211);
  c.s.R[2] = kData + 1;
  c.s.R[3] = 0xFFFFFFAA;
  ASSERT_TRUE(c.Step(0x085F7C41));  // ldxrb w1, [x2]
  EXPECT_EQ(c.X(1), 0x22u);
  ASSERT_TRUE(c.Step(0x08047C43));  // stxrb w4, w3, [x2]
  EXPECT_EQ(c.X(4), 0u);
  EXPECT_EQ(c.Peek<uint32_t>(kData), 0x4433AA11u);
}

TEST(LoadStoreExclusive, HalfwordExclusivesWork) {
  FlatMemoryContext c;
  c.Poke<uint16_t>(kData + 2, 0xF00D);
  c.s.R[2] = kData + 2;
  c.s.R[3] = 0xBEEF;
  ASSERT_TRUE(c.Step(0x485FFC41));  // ldaxrh w1, [x2]
  EXPECT_EQ(c.X(1), 0xF00Du);
  ASSERT_TRUE(c.Step(0x4804FC43));  // stlxrh w4, w3, [x2]
  EXPECT_EQ(c.X(4), 0u);
  EXPECT_EQ(c.Peek<uint16_t>(kData + 2), 0xBEEFu);
}

TEST(LoadStoreExclusive, LdxpXLoadsBothAndStxpStoresBoth) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData, 0x1111);
  c.Poke<uint64_t>(kData + 8, 0x2222);
  c.s.R[2] = kData;
  c.s.R[6] = 0x6666;
  c.s.R[7] = 0x7777;
  ASSERT_TRUE(c.Step(0xC87F0440));  // ldxp x0, x1, [x2]
  EXPECT_EQ(c.X(0), 0x1111u);
  EXPECT_EQ(c.X(1), 0x2222u);
  EXPECT_EQ(c.s.excl_size, 16u);
  ASSERT_TRUE(c.Step(0xC8241C46));  // stxp w4, x6, x7, [x2]
  EXPECT_EQ(c.X(4), 0u);
  EXPECT_EQ(c.Peek<uint64_t>(kData), 0x6666u);
  EXPECT_EQ(c.Peek<uint64_t>(kData + 8), 0x7777u);
}

TEST(LoadStoreExclusive, StxpXFailsWhenSecondHalfChanged) {
  FlatMemoryContext c;
  c.s.R[2] = kData;
  c.s.R[6] = 0x6666;
  ASSERT_TRUE(c.Step(0xC87F8440));  // ldaxp x0, x1, [x2]
  c.Poke<uint64_t>(kData + 8, 1);
  ASSERT_TRUE(c.Step(0xC8249846));  // stlxp w4, x6, x6, [x2]
  EXPECT_EQ(c.X(4), 1u);
  EXPECT_EQ(c.Peek<uint64_t>(kData), 0u);
}

TEST(LoadStoreExclusive, LdxpWSplitsTheDoubleword) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData, 0x8000000200000001);
  c.s.R[0] = c.s.R[1] = ~uint64_t{0};
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0x887F0440));  // ldxp w0, w1, [x2]
  EXPECT_EQ(c.X(0), 1u);
  EXPECT_EQ(c.X(1), 0x80000002u);
  EXPECT_EQ(c.s.excl_size, 8u);
}

TEST(LoadStoreExclusive, StxpWStoresBothWords) {
  FlatMemoryContext c;
  c.s.R[2] = kData;
  c.s.R[6] = 0xAAAAAAAA00000006;
  c.s.R[7] = 0xBBBBBBBB00000007;
  ASSERT_TRUE(c.Step(0x887F0440));  // ldxp w0, w1, [x2]
  ASSERT_TRUE(c.Step(0x88241C46));  // stxp w4, w6, w7, [x2]
  EXPECT_EQ(c.X(4), 0u);
  EXPECT_EQ(c.Peek<uint64_t>(kData), 0x0000000700000006u);
}

// QEMU: Rt == Rt2 ends with the second element.
TEST(LoadStoreExclusive, LdxpSameRegisterGetsSecondElement) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData, 0x1111);
  c.Poke<uint64_t>(kData + 8, 0x2222);
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0xC87F0441));  // ldxp x1, x1, [x2]
  EXPECT_EQ(c.X(1), 0x2222u);
}

// QEMU: Rs == Rt stores the original register value, then writes the status.
TEST(LoadStoreExclusive, StxrStatusEqualToDataStoresOriginalValue) {
  FlatMemoryContext c;
  c.s.R[2] = kData;
  c.s.R[1] = 0x1234;
  ASSERT_TRUE(c.Step(0xC85F7C43));  // ldxr x3, [x2]
  ASSERT_TRUE(c.Step(0xC8017C41));  // stxr w1, x1, [x2]
  EXPECT_EQ(c.Peek<uint64_t>(kData), 0x1234u);
  EXPECT_EQ(c.X(1), 0u);
}

// QEMU: Rs == Rn uses the original base, then writes the status.
TEST(LoadStoreExclusive, StxrStatusEqualToBaseUsesOriginalAddress) {
  FlatMemoryContext c;
  c.s.R[2] = kData;
  c.s.R[1] = 0x1234;
  ASSERT_TRUE(c.Step(0xC85F7C43));  // ldxr x3, [x2]
  ASSERT_TRUE(c.Step(0xC8027C41));  // stxr w2, x1, [x2]
  EXPECT_EQ(c.Peek<uint64_t>(kData), 0x1234u);
  EXPECT_EQ(c.X(2), 0u);
}

TEST(LoadStoreExclusive, LdxrCrossing16BytesRaisesAlignmentFault) {
  FlatMemoryContext c;
  c.s.R[2] = kData + 12;
  ASSERT_FALSE(c.Step(0xC85F7C41));  // ldxr x1, [x2]
  EXPECT_EQ(Ec(c), 0x25u);
  EXPECT_EQ(Dfsc(c), 0x21u);
  EXPECT_FALSE(WnR(c));
  EXPECT_EQ(c.s.sys.FAR_EL1, kData + 12);
  EXPECT_FALSE(c.s.excl_valid);
}

TEST(LoadStoreExclusive, StxrCrossing16BytesFaultsAsWriteEvenWithoutMonitor) {
  FlatMemoryContext c;
  c.s.R[2] = kData + 14;
  ASSERT_FALSE(c.Step(0x88047C43));  // stxr w4, w3, [x2]
  EXPECT_EQ(Ec(c), 0x25u);
  EXPECT_EQ(Dfsc(c), 0x21u);
  EXPECT_TRUE(WnR(c));
}

TEST(LoadStoreExclusive, UnalignedLdxrFaultsWhenSctlrAIsSet) {
  FlatMemoryContext c;
  c.s.sys.SCTLR_EL1 |= 2;  // A
  c.UpdateDerivedState();
  c.s.R[2] = kData + 4;
  ASSERT_FALSE(c.Step(0xC85F7C41));  // ldxr x1, [x2]
  EXPECT_EQ(Dfsc(c), 0x21u);
}

TEST(LoadStoreExclusive, LdxpXMustBe16ByteAligned) {
  FlatMemoryContext c;
  c.s.R[2] = kData + 8;
  ASSERT_FALSE(c.Step(0xC87F0440));  // ldxp x0, x1, [x2]
  EXPECT_EQ(Ec(c), 0x25u);
  EXPECT_EQ(Dfsc(c), 0x21u);
}

TEST(LoadStoreExclusive, LdxrFromUnmappedAddressLeavesMonitorAlone) {
  FlatMemoryContext c;
  c.s.R[2] = 0x1000;
  ASSERT_FALSE(c.Step(0xC85F7C41));  // ldxr x1, [x2]
  EXPECT_EQ(Ec(c), 0x25u);
  EXPECT_EQ(Dfsc(c) & 0x3C, 0x04u);
  EXPECT_FALSE(c.s.excl_valid);
}

TEST(LoadStoreExclusive, SpBaseIsCheckedForAlignment) {
  FlatMemoryContext c;
  c.s.sys.SCTLR_EL1 |= 1u << 3;
  c.s.R[31] = kData + 8;
  ASSERT_FALSE(c.Step(0xC85F7FE1));  // ldxr x1, [sp]
  EXPECT_EQ(Ec(c), 0x26u);
}

}  // namespace
