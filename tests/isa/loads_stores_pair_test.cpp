// Load/store register pair (loads_stores_pair.cpp): LDP/STP/LDPSW/LDNP/STNP in offset,
// pre- and post-indexed forms, and QEMU's choices for the overlapping-register cases.
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


TEST(LoadStorePair, LdpXSignedOffsetIsScaledBy8) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData - 16, 0x1111);
  c.Poke<uint64_t>(kData - 8, 0x2222);
  c.s.R[3] = kData;
  ASSERT_TRUE(c.Step(0xA97F0861));  // ldp x1, x2, [x3, #-16]
  EXPECT_EQ(c.X(1), 0x1111u);
  EXPECT_EQ(c.X(2), 0x2222u);
  EXPECT_EQ(c.X(3), kData);
}

TEST(LoadStorePair, LdpWZeroExtendsBothRegisters) {
  FlatMemoryContext c;
  c.Poke<uint32_t>(kData + 8, 0x80000000);
  c.Poke<uint32_t>(kData + 12, 0xFFFFFFFF);
  c.s.R[1] = c.s.R[2] = ~uint64_t{0};
  c.s.R[3] = kData;
  ASSERT_TRUE(c.Step(0x29410861));  // ldp w1, w2, [x3, #8]
  EXPECT_EQ(c.X(1), 0x80000000u);
  EXPECT_EQ(c.X(2), 0xFFFFFFFFu);
}

TEST(LoadStorePair, LdpswSignExtendsBothRegisters) {
  FlatMemoryContext c;
  c.Poke<uint32_t>(kData, 0x80000000);
  c.Poke<uint32_t>(kData + 4, 0x7FFFFFFF);
  c.s.R[3] = kData;
  ASSERT_TRUE(c.Step(0x69400861));  // ldpsw x1, x2, [x3]
  EXPECT_EQ(c.X(1), 0xFFFFFFFF80000000u);
  EXPECT_EQ(c.X(2), 0x7FFFFFFFu);
}

TEST(LoadStorePair, StpWStoresBothWords) {
  FlatMemoryContext c;
  c.s.R[1] = 0xAAAAAAAA11111111;
  c.s.R[2] = 0xBBBBBBBB22222222;
  c.s.R[3] = kData;
  ASSERT_TRUE(c.Step(0x291F8861));  // stp w1, w2, [x3, #252]
  EXPECT_EQ(c.Peek<uint64_t>(kData + 252), 0x2222222211111111u);
}

TEST(LoadStorePair, StpPreIndexPushesFrameRecord) {
  FlatMemoryContext c;
  c.s.R[31] = kData;
  c.s.R[29] = 0x29;
  c.s.R[30] = 0x30;
  ASSERT_TRUE(c.Step(0xA9BF7BFD));  // stp x29, x30, [sp, #-16]!
  EXPECT_EQ(c.SP(), kData - 16);
  EXPECT_EQ(c.Peek<uint64_t>(kData - 16), 0x29u);
  EXPECT_EQ(c.Peek<uint64_t>(kData - 8), 0x30u);
}

TEST(LoadStorePair, LdpPostIndexPopsFrameRecord) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData, 0x29);
  c.Poke<uint64_t>(kData + 8, 0x30);
  c.s.R[31] = kData;
  ASSERT_TRUE(c.Step(0xA8C17BFD));  // ldp x29, x30, [sp], #16
  EXPECT_EQ(c.X(29), 0x29u);
  EXPECT_EQ(c.X(30), 0x30u);
  EXPECT_EQ(c.SP(), kData + 16);
}

TEST(LoadStorePair, LdpswPreIndexWritesBack) {
  FlatMemoryContext c;
  c.Poke<uint32_t>(kData + 8, 0xFFFFFFFE);
  c.Poke<uint32_t>(kData + 12, 3);
  c.s.R[3] = kData;
  ASSERT_TRUE(c.Step(0x69C10861));  // ldpsw x1, x2, [x3, #8]!
  EXPECT_EQ(c.X(1), static_cast<uint64_t>(-2));
  EXPECT_EQ(c.X(2), 3u);
  EXPECT_EQ(c.X(3), kData + 8);
}

TEST(LoadStorePair, StpWPostIndexStoresAtOldBase) {
  FlatMemoryContext c;
  c.s.R[1] = 1;
  c.s.R[2] = 2;
  c.s.R[3] = kData;
  ASSERT_TRUE(c.Step(0x28BF0861));  // stp w1, w2, [x3], #-8
  EXPECT_EQ(c.Peek<uint64_t>(kData), 0x0000000200000001u);
  EXPECT_EQ(c.X(3), kData - 8);
}

TEST(LoadStorePair, LdnpAndStnpBehaveAsOffsetForms) {
  FlatMemoryContext c;
  c.s.R[1] = 0x1234;
  c.s.R[2] = 0x5678;
  c.s.R[3] = kData;
  ASSERT_TRUE(c.Step(0xA8010861));  // stnp x1, x2, [x3, #16]
  ASSERT_TRUE(c.Step(0xA8411464));  // ldnp x4, x5, [x3, #16]
  EXPECT_EQ(c.X(4), 0x1234u);
  EXPECT_EQ(c.X(5), 0x5678u);
  EXPECT_EQ(c.X(3), kData);
}

TEST(LoadStorePair, StoreOfXzrPairStoresZeros) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData, ~uint64_t{0});
  c.Poke<uint64_t>(kData + 8, ~uint64_t{0});
  c.s.R[31] = kData;
  ASSERT_TRUE(c.Step(0xA9007FFF));  // stp xzr, xzr, [sp]
  EXPECT_EQ(c.Peek<uint64_t>(kData), 0u);
  EXPECT_EQ(c.Peek<uint64_t>(kData + 8), 0u);
}

// QEMU: Rt == Rt2 leaves the second (higher address) element in the register.
TEST(LoadStorePair, LdpSameRegisterGetsSecondElement) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData, 0x1111);
  c.Poke<uint64_t>(kData + 8, 0x2222);
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0xA9400441));  // ldp x1, x1, [x2]
  EXPECT_EQ(c.X(1), 0x2222u);
}

// QEMU: writeback into a loaded register leaves the written-back address.
TEST(LoadStorePair, LdpWritebackIntoLoadedRegisterKeepsAddress) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData, 0x1111);
  c.Poke<uint64_t>(kData + 8, 0x2222);
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0xA8C10C42));  // ldp x2, x3, [x2], #16
  EXPECT_EQ(c.X(2), kData + 16);
  EXPECT_EQ(c.X(3), 0x2222u);
}

TEST(LoadStorePair, StpWritebackFromStoredRegisterStoresOriginal) {
  FlatMemoryContext c;
  c.s.R[2] = kData;
  c.s.R[3] = 0x3333;
  ASSERT_TRUE(c.Step(0xA9BF0843));  // stp x3, x2, [x2, #-16]!
  EXPECT_EQ(c.Peek<uint64_t>(kData - 16), 0x3333u);
  EXPECT_EQ(c.Peek<uint64_t>(kData - 8), kData);
  EXPECT_EQ(c.X(2), kData - 16);
}

TEST(LoadStorePair, LdpFromOwnBaseWithoutWritebackUsesOriginalAddress) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData, 0x1111);
  c.Poke<uint64_t>(kData + 8, 0x2222);
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0xA9400C42));  // ldp x2, x3, [x2]
  EXPECT_EQ(c.X(2), 0x1111u);
  EXPECT_EQ(c.X(3), 0x2222u);
}

TEST(LoadStorePair, FaultOnSecondElementLeavesRegistersUnchanged) {
  FlatMemoryContext c;
  const uint64_t last = kBase + c.mem.size() - 8;  // second element lies past the RAM
  c.Poke<uint64_t>(last, 0x1111);
  c.s.R[2] = last;
  c.s.R[3] = 0x3333;
  ASSERT_FALSE(c.Step(0xA9400C42));  // ldp x2, x3, [x2]
  EXPECT_EQ(Ec(c), 0x25u);
  EXPECT_EQ(c.s.sys.FAR_EL1, last + 8);
  EXPECT_EQ(c.X(2), last);
  EXPECT_EQ(c.X(3), 0x3333u);
}

TEST(LoadStorePair, MisalignedSpBaseFaultsWhenSctlrSaIsSet) {
  FlatMemoryContext c;
  c.s.sys.SCTLR_EL1 |= 1u << 3;
  c.s.R[31] = kData + 8;
  ASSERT_FALSE(c.Step(0xA9BF7BFD));  // stp x29, x30, [sp, #-16]!
  EXPECT_EQ(Ec(c), 0x26u);
  EXPECT_EQ(c.SP(), kData + 8);
}

TEST(LoadStorePair, Opc11IsUndefined) {
  FlatMemoryContext c;
  c.s.R[3] = kData;
  // ldp x1, x2, [x3] with opc = 11.
  ASSERT_FALSE(c.Step(0xA9400861 | (1u << 30)));  // ldp x1, x2, [x3]
  EXPECT_EQ(Ec(c), 0u);
}

TEST(LoadStorePair, LdpswStoreFormIsUndefinedWithoutMte) {
  FlatMemoryContext c;
  c.s.R[3] = kData;
  // ldpsw x1, x2, [x3] with L = 0 (the STGP encoding).
  ASSERT_FALSE(c.Step(0x69400861 & ~(1u << 22)));  // ldpsw x1, x2, [x3]
  EXPECT_EQ(Ec(c), 0u);
}

TEST(LoadStorePair, NonTemporalLdpswIsUndefined) {
  FlatMemoryContext c;
  c.s.R[3] = kData;
  // ldnp w1, w2, [x3] with opc = 01: LDPSW has no no-allocate form.
  ASSERT_FALSE(c.Step(0x28400861 | (1u << 30)));  // ldnp w1, w2, [x3]
  EXPECT_EQ(Ec(c), 0u);
}

TEST(LoadStorePair, FpPairIsUndefined) {
  FlatMemoryContext c;
  c.s.R[3] = kData;
  ASSERT_FALSE(c.Step(0xAD400460));  // ldp q0, q1, [x3]
  EXPECT_EQ(Ec(c), 0u);
}

}  // namespace
