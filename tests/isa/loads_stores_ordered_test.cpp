// Load-acquire / store-release (loads_stores_ordered.cpp): LDAR, STLR, LDAPR, LDAPUR*,
// STLUR*, the ordered-access alignment rules, and the unimplemented LORegion forms.
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


TEST(LoadStoreOrdered, LdarLoads) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData, 0xACE);
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0xC8DFFC41));  // ldar x1, [x2]
  EXPECT_EQ(c.X(1), 0xACEu);
}

TEST(LoadStoreOrdered, LdarbZeroExtends) {
  FlatMemoryContext c;
  c.Poke<uint8_t>(kData + 3, 0x9C);
  c.s.R[1] = ~uint64_t{0};
  c.s.R[2] = kData + 3;
  ASSERT_TRUE(c.Step(0x08DFFC41));  // ldarb w1, [x2]
  EXPECT_EQ(c.X(1), 0x9Cu);
}

TEST(LoadStoreOrdered, StlrhStoresHalfword) {
  FlatMemoryContext c;
  c.s.R[1] = 0x12345678;
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0x489FFC41));  // stlrh w1, [x2]
  EXPECT_EQ(c.Peek<uint32_t>(kData), 0x5678u);
}

TEST(LoadStoreOrdered, StlrWithSpBase) {
  FlatMemoryContext c;
  c.s.R[31] = kData;
  c.s.R[1] = 0x87654321;
  ASSERT_TRUE(c.Step(0x889FFFE1));  // stlr w1, [sp]
  EXPECT_EQ(c.Peek<uint32_t>(kData), 0x87654321u);
}

// FEAT_LSE2: unaligned but within one 16-byte granule is fine...
TEST(LoadStoreOrdered, UnalignedLdarWithin16BytesIsAllowed) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData + 4, 0x0102030405060708);
  c.s.R[2] = kData + 4;
  ASSERT_TRUE(c.Step(0xC8DFFC41));  // ldar x1, [x2]
  EXPECT_EQ(c.X(1), 0x0102030405060708u);
}

// ...crossing it is an alignment fault.
TEST(LoadStoreOrdered, LdarCrossing16BytesFaults) {
  FlatMemoryContext c;
  c.s.R[2] = kData + 12;
  ASSERT_FALSE(c.Step(0xC8DFFC41));  // ldar x1, [x2]
  EXPECT_EQ(Ec(c), 0x25u);
  EXPECT_EQ(Dfsc(c), 0x21u);
  EXPECT_FALSE(WnR(c));
}

TEST(LoadStoreOrdered, StlrCrossing16BytesFaultsAsWrite) {
  FlatMemoryContext c;
  c.s.R[2] = kData + 14;
  ASSERT_FALSE(c.Step(0x889FFC41));  // stlr w1, [x2]
  EXPECT_EQ(Dfsc(c), 0x21u);
  EXPECT_TRUE(WnR(c));
  EXPECT_EQ(c.Peek<uint32_t>(kData + 14), 0u);
}

TEST(LoadStoreOrdered, SctlrNaaAllowsCrossing16Bytes) {
  FlatMemoryContext c;
  c.s.sys.SCTLR_EL1 |= 1u << 6;  // nAA
  c.Poke<uint32_t>(kData + 14, 0xCAFEF00D);
  c.s.R[2] = kData + 14;
  ASSERT_TRUE(c.Step(0x88DFFC41));  // ldar w1, [x2]
  EXPECT_EQ(c.X(1), 0xCAFEF00Du);
}

TEST(LoadStoreOrdered, UnalignedLdarFaultsWhenSctlrAIsSet) {
  FlatMemoryContext c;
  c.s.sys.SCTLR_EL1 |= 2;
  c.UpdateDerivedState();
  c.s.R[2] = kData + 1;  // within one 16-byte granule, but A = 1
  ASSERT_FALSE(c.Step(0x48DFFC41));  // ldarh w1, [x2]
  EXPECT_EQ(Ec(c), 0x25u);
  EXPECT_EQ(Dfsc(c), 0x21u);
}

// FEAT_LOR with no LORegion enabled: LDLAR/STLLR act as LDAR/STLR.
TEST(LoadStoreOrdered, LdlarLoadsLikeLdar) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData, 0x1122334455667788);
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0xC8DF7C41));  // ldlar x1, [x2]
  EXPECT_EQ(c.X(1), 0x1122334455667788u);
}

TEST(LoadStoreOrdered, StllrStoresLikeStlr) {
  FlatMemoryContext c;
  c.s.R[1] = 0xAB;
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0x089F7C41));  // stllrb w1, [x2]
  EXPECT_EQ(c.Peek<uint8_t>(kData), 0xABu);
}

TEST(LoadStoreOrdered, LdlarUnalignedAcrossSixteenBytesFaults) {
  FlatMemoryContext c;
  c.s.R[2] = kData + 12;  // 8 bytes at +12 cross a 16-byte boundary
  ASSERT_FALSE(c.Step(0xC8DF7C41));  // ldlar x1, [x2]
  EXPECT_EQ(Ec(c), 0x25u);
  EXPECT_EQ(c.s.sys.ESR_EL1 & 0x3F, 0x21u);
}

TEST(LoadStoreOrdered, LdaprLoads) {
  FlatMemoryContext c;
  c.Poke<uint32_t>(kData, 0xFFFFFFFF);
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0xB8BFC041));  // ldapr w1, [x2]
  EXPECT_EQ(c.X(1), 0xFFFFFFFFu);
}

TEST(LoadStoreOrdered, LdaprhCrossing16BytesFaults) {
  FlatMemoryContext c;
  c.s.R[2] = kData + 15;
  ASSERT_FALSE(c.Step(0x78BFC041));  // ldaprh w1, [x2]
  EXPECT_EQ(Dfsc(c), 0x21u);
}

TEST(LoadStoreOrdered, LdaprWithRsNot31IsUndefined) {
  FlatMemoryContext c;
  c.s.R[2] = kData;
  // ldapr x1, [x2] with Rs = 11110.
  ASSERT_FALSE(c.Step(0xF8BFC041 & ~(1u << 16)));  // ldapr x1, [x2]
  EXPECT_EQ(Ec(c), 0u);
}

TEST(LoadStoreOrdered, LdapurTakesSignedOffset) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData - 8, 0x5AFE);
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0xD95F8041));  // ldapur x1, [x2, #-8]
  EXPECT_EQ(c.X(1), 0x5AFEu);
  EXPECT_EQ(c.X(2), kData);
}

TEST(LoadStoreOrdered, LdapursbIntoWSignExtendsTo32Bits) {
  FlatMemoryContext c;
  c.Poke<uint8_t>(kData + 255, 0x81);
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0x19CFF041));  // ldapursb w1, [x2, #255]
  EXPECT_EQ(c.X(1), 0xFFFFFF81u);
}

TEST(LoadStoreOrdered, LdapurshIntoXSignExtendsTo64Bits) {
  FlatMemoryContext c;
  c.Poke<uint16_t>(kData - 256, 0x8000);
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0x59900041));  // ldapursh x1, [x2, #-256]
  EXPECT_EQ(c.X(1), 0xFFFFFFFFFFFF8000u);
}

TEST(LoadStoreOrdered, LdapurswSignExtends) {
  FlatMemoryContext c;
  c.Poke<uint32_t>(kData + 4, 0x80000000);
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0x99804041));  // ldapursw x1, [x2, #4]
  EXPECT_EQ(c.X(1), 0xFFFFFFFF80000000u);
}

TEST(LoadStoreOrdered, StlurStoresAtSignedOffset) {
  FlatMemoryContext c;
  c.s.R[1] = 0x1122334455667788;
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0xD91F0041));  // stlur x1, [x2, #-16]
  EXPECT_EQ(c.Peek<uint64_t>(kData - 16), 0x1122334455667788u);
}

TEST(LoadStoreOrdered, StlurCrossing16BytesFaults) {
  FlatMemoryContext c;
  c.s.R[2] = kData;
  ASSERT_FALSE(c.Step(0xD9009041));  // stlur x1, [x2, #9]
  EXPECT_EQ(Dfsc(c), 0x21u);
  EXPECT_EQ(c.s.sys.FAR_EL1, kData + 9);
  EXPECT_TRUE(WnR(c));
}

TEST(LoadStoreOrdered, LdapursbWith64BitSizeIsUndefined) {
  FlatMemoryContext c;
  c.s.R[2] = kData;
  // ldapursw x1, [x2] with size = 11: unallocated.
  ASSERT_FALSE(c.Step(0x99800041 | (1u << 30)));  // ldapursw x1, [x2]
  EXPECT_EQ(Ec(c), 0u);
}

TEST(LoadStoreOrdered, MisalignedSpBaseFaults) {
  FlatMemoryContext c;
  c.s.sys.SCTLR_EL1 |= 1u << 3;
  c.s.R[31] = kData + 8;
  ASSERT_FALSE(c.Step(0xD94083E1));  // ldapur x1, [sp, #8]
  EXPECT_EQ(Ec(c), 0x26u);
}

}  // namespace
