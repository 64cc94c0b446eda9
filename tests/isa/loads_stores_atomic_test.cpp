// Atomic memory operations (loads_stores_atomic.cpp): every LD<op>/SWP's result and
// memory effect, signed/unsigned min/max at their boundaries, CAS/CASP, the FEAT_LSE2
// alignment rule, and how faults are reported.
#include <gtest/gtest.h>

#include "tests/isa/isa_test_helpers.h"

namespace {

using mtesim::isa::AccessKind;
using mtesim::test::FlatMemoryContext;
using mtesim::test::Dfsc;
using mtesim::test::Ec;
using mtesim::test::ExpectUndefined;
using mtesim::test::SetNzcv;
using mtesim::test::WnR;
constexpr uint64_t kBase = FlatMemoryContext::kBase;
constexpr uint64_t kData = kBase + 0x1000;


// A flat memory whose page at kReadOnly is mapped read-only.
class ReadOnlyPageContext : public FlatMemoryContext {
 public:
  static constexpr uint64_t kReadOnly = kBase + 0x4000;

 protected:
  void AccessSlow(const mtesim::isa::AccessRequest& a, void* data) override {
    if (a.write && a.va >= kReadOnly && a.va < kReadOnly + 0x1000) {
      mtesim::isa::Fault f;
      f.kind = mtesim::isa::FaultKind::Permission;
      f.level = 3;
      f.write = true;
      DataAbort(a.va, f);
    }
    FlatMemoryContext::AccessSlow(a, data);
  }
};

// ---- LD<op>, SWP ----

TEST(LoadStoreAtomic, LdaddReturnsOldValueAndAdds) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData, 5);
  c.s.R[1] = 3;
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0xF8210043));  // ldadd x1, x3, [x2]
  EXPECT_EQ(c.X(3), 5u);
  EXPECT_EQ(c.Peek<uint64_t>(kData), 8u);
}

TEST(LoadStoreAtomic, LdaddbWrapsWithinTheByte) {
  FlatMemoryContext c;
  c.Poke<uint32_t>(kData, 0x1111FF11);
  c.s.R[1] = 2;
  c.s.R[2] = kData + 1;
  ASSERT_TRUE(c.Step(0x38E10043));  // ldaddalb w1, w3, [x2]
  EXPECT_EQ(c.X(3), 0xFFu);
  EXPECT_EQ(c.Peek<uint32_t>(kData), 0x11110111u);
}

TEST(LoadStoreAtomic, LdaddWZeroExtendsResultAndUsesLowHalfOfRs) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData, 0xAAAAAAAAFFFFFFFF);
  c.s.R[1] = 0x0000000500000001;
  c.s.R[3] = ~uint64_t{0};
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0xB8A10043));  // ldadda w1, w3, [x2]
  EXPECT_EQ(c.X(3), 0xFFFFFFFFu);
  EXPECT_EQ(c.Peek<uint64_t>(kData), 0xAAAAAAAA00000000u);
}

TEST(LoadStoreAtomic, LdclrClearsTheBitsSetInRs) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData, 0xFF);
  c.s.R[1] = 0x0F;
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0xF8611043));  // ldclrl x1, x3, [x2]
  EXPECT_EQ(c.X(3), 0xFFu);
  EXPECT_EQ(c.Peek<uint64_t>(kData), 0xF0u);
}

TEST(LoadStoreAtomic, LdeorhTogglesBits) {
  FlatMemoryContext c;
  c.Poke<uint16_t>(kData, 0xFFFF);
  c.s.R[1] = 0x0F0F;
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0x78212043));  // ldeorh w1, w3, [x2]
  EXPECT_EQ(c.X(3), 0xFFFFu);
  EXPECT_EQ(c.Peek<uint16_t>(kData), 0xF0F0u);
}

TEST(LoadStoreAtomic, LdsetSetsBits) {
  FlatMemoryContext c;
  c.Poke<uint32_t>(kData, 0xF0);
  c.s.R[1] = 0x0F;
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0xB8213043));  // ldset w1, w3, [x2]
  EXPECT_EQ(c.X(3), 0xF0u);
  EXPECT_EQ(c.Peek<uint32_t>(kData), 0xFFu);
}

TEST(LoadStoreAtomic, LdsmaxbComparesSigned) {
  FlatMemoryContext c;
  c.Poke<uint8_t>(kData, 0x80);  // -128
  c.s.R[1] = 0x7F;               // +127
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0x38214043));  // ldsmaxb w1, w3, [x2]
  EXPECT_EQ(c.X(3), 0x80u);  // returned zero-extended, not sign-extended
  EXPECT_EQ(c.Peek<uint8_t>(kData), 0x7Fu);
}

TEST(LoadStoreAtomic, LdsmaxbKeepsLargerNegative) {
  FlatMemoryContext c;
  c.Poke<uint8_t>(kData, 0xFF);  // -1
  c.s.R[1] = 0x80;               // -128
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0x38214043));  // ldsmaxb w1, w3, [x2]
  EXPECT_EQ(c.Peek<uint8_t>(kData), 0xFFu);
}

TEST(LoadStoreAtomic, LdsmaxXAtInt64Min) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData, 0x8000000000000000);
  c.s.R[1] = ~uint64_t{0};  // -1
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0xF8214043));  // ldsmax x1, x3, [x2]
  EXPECT_EQ(c.X(3), 0x8000000000000000u);
  EXPECT_EQ(c.Peek<uint64_t>(kData), ~uint64_t{0});
}

TEST(LoadStoreAtomic, LdsminWComparesSigned) {
  FlatMemoryContext c;
  c.Poke<uint32_t>(kData, 0x7FFFFFFF);
  c.s.R[1] = 0x80000000;
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0xB8215043));  // ldsmin w1, w3, [x2]
  EXPECT_EQ(c.X(3), 0x7FFFFFFFu);
  EXPECT_EQ(c.Peek<uint32_t>(kData), 0x80000000u);
}

TEST(LoadStoreAtomic, LdsminhKeepsSmallerNegative) {
  FlatMemoryContext c;
  c.Poke<uint16_t>(kData, 0x8000);  // -32768
  c.s.R[1] = 0x7FFF;
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0x78215043));  // ldsminh w1, w3, [x2]
  EXPECT_EQ(c.Peek<uint16_t>(kData), 0x8000u);
}

TEST(LoadStoreAtomic, LdsminXAtInt64Min) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData, 0);
  c.s.R[1] = 0x8000000000000000;
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0xF8E15043));  // ldsminal x1, x3, [x2]
  EXPECT_EQ(c.Peek<uint64_t>(kData), 0x8000000000000000u);
}

TEST(LoadStoreAtomic, LdumaxbComparesUnsigned) {
  FlatMemoryContext c;
  c.Poke<uint8_t>(kData, 0x7F);
  c.s.R[1] = 0x80;
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0x38216043));  // ldumaxb w1, w3, [x2]
  EXPECT_EQ(c.X(3), 0x7Fu);
  EXPECT_EQ(c.Peek<uint8_t>(kData), 0x80u);
}

TEST(LoadStoreAtomic, LdumaxXKeepsAllOnes) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData, ~uint64_t{0});
  c.s.R[1] = 0x7FFFFFFFFFFFFFFF;
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0xF8216043));  // ldumax x1, x3, [x2]
  EXPECT_EQ(c.Peek<uint64_t>(kData), ~uint64_t{0});
}

TEST(LoadStoreAtomic, LduminhComparesUnsigned) {
  FlatMemoryContext c;
  c.Poke<uint16_t>(kData, 0x8000);
  c.s.R[1] = 0x7FFF;
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0x78217043));  // lduminh w1, w3, [x2]
  EXPECT_EQ(c.X(3), 0x8000u);
  EXPECT_EQ(c.Peek<uint16_t>(kData), 0x7FFFu);
}

TEST(LoadStoreAtomic, LduminWUsesOnlyLowHalfOfRs) {
  FlatMemoryContext c;
  c.Poke<uint32_t>(kData, 5);
  c.s.R[1] = 0x0000000100000000;  // W1 = 0
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0xB8217043));  // ldumin w1, w3, [x2]
  EXPECT_EQ(c.Peek<uint32_t>(kData), 0u);
}

TEST(LoadStoreAtomic, SwpExchanges) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData, 0x0123);
  c.s.R[1] = 0x4567;
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0xF8E18043));  // swpal x1, x3, [x2]
  EXPECT_EQ(c.X(3), 0x0123u);
  EXPECT_EQ(c.Peek<uint64_t>(kData), 0x4567u);
}

TEST(LoadStoreAtomic, SwpbWithRsEqualRtSwapsRegisterAndMemory) {
  FlatMemoryContext c;
  c.Poke<uint16_t>(kData, 0x1122);
  c.s.R[1] = 0x33;
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0x38218041));  // swpb w1, w1, [x2]
  EXPECT_EQ(c.X(1), 0x22u);
  EXPECT_EQ(c.Peek<uint16_t>(kData), 0x1133u);
}

TEST(LoadStoreAtomic, LdaddWithRsEqualRtUsesOldRs) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData, 10);
  c.s.R[1] = 5;
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0xF8210041));  // ldadd x1, x1, [x2]
  EXPECT_EQ(c.X(1), 10u);
  EXPECT_EQ(c.Peek<uint64_t>(kData), 15u);
}

TEST(LoadStoreAtomic, StaddAliasUpdatesMemoryAndDiscardsResult) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData, 10);
  c.s.R[31] = kData + 0x100;  // SP must not receive the old value
  c.s.R[1] = 1;
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0xF821005F));  // stadd x1, [x2]
  EXPECT_EQ(c.Peek<uint64_t>(kData), 11u);
  EXPECT_EQ(c.SP(), kData + 0x100);
}

TEST(LoadStoreAtomic, StsminlhAliasWorks) {
  FlatMemoryContext c;
  c.Poke<uint16_t>(kData, 1);
  c.s.R[1] = 0xFFFF;  // -1
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0x7861505F));  // stsminlh w1, [x2]
  EXPECT_EQ(c.Peek<uint16_t>(kData), 0xFFFFu);
}

TEST(LoadStoreAtomic, SpBaseIsUsedAndCheckedForAlignment) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData, 1);
  c.s.R[31] = kData;
  c.s.R[1] = 1;
  ASSERT_TRUE(c.Step(0xF8E103E3));  // ldaddal x1, x3, [sp]
  EXPECT_EQ(c.Peek<uint64_t>(kData), 2u);
  c.s.sys.SCTLR_EL1 |= 1u << 3;
  c.s.R[31] = kData + 8;
  ASSERT_FALSE(c.Step(0xF8E103E3));  // ldaddal x1, x3, [sp]
  EXPECT_EQ(Ec(c), 0x26u);
}

// ---- alignment (FEAT_LSE2) and faults ----

TEST(LoadStoreAtomic, UnalignedLdaddWithin16BytesIsAllowed) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData + 4, 1);
  c.s.R[1] = 1;
  c.s.R[2] = kData + 4;
  ASSERT_TRUE(c.Step(0xF8210043));  // ldadd x1, x3, [x2]
  EXPECT_EQ(c.Peek<uint64_t>(kData + 4), 2u);
}

TEST(LoadStoreAtomic, LdaddCrossing16BytesRaisesAlignmentFault) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData + 12, 1);
  c.s.R[1] = 1;
  c.s.R[3] = 77;
  c.s.R[2] = kData + 12;
  ASSERT_FALSE(c.Step(0xF8210043));  // ldadd x1, x3, [x2]
  EXPECT_EQ(Ec(c), 0x25u);
  EXPECT_EQ(Dfsc(c), 0x21u);
  EXPECT_FALSE(WnR(c));  // a read would have faulted the same way
  EXPECT_EQ(c.s.sys.FAR_EL1, kData + 12);
  EXPECT_EQ(c.Peek<uint64_t>(kData + 12), 1u);
  EXPECT_EQ(c.X(3), 77u);
}

TEST(LoadStoreAtomic, UnalignedLdaddFaultsWhenSctlrAIsSet) {
  FlatMemoryContext c;
  c.s.sys.SCTLR_EL1 |= 2;
  c.UpdateDerivedState();
  c.s.R[2] = kData + 2;
  ASSERT_FALSE(c.Step(0xB8210043));  // ldadd w1, w3, [x2]
  EXPECT_EQ(Dfsc(c), 0x21u);
}

TEST(LoadStoreAtomic, ByteAtomicsAreNeverMisaligned) {
  FlatMemoryContext c;
  c.s.sys.SCTLR_EL1 |= 2;
  c.UpdateDerivedState();
  c.s.R[1] = 4;
  c.s.R[2] = kData + 15;
  ASSERT_TRUE(c.Step(0x38210043));  // ldaddb w1, w3, [x2]
  EXPECT_EQ(c.Peek<uint8_t>(kData + 15), 4u);
}

TEST(LoadStoreAtomic, LdaddOnUnmappedAddressFaultsAsRead) {
  FlatMemoryContext c;
  c.s.R[2] = 0x2000;
  ASSERT_FALSE(c.Step(0xF8210043));  // ldadd x1, x3, [x2]
  EXPECT_EQ(Ec(c), 0x25u);
  EXPECT_EQ(Dfsc(c) & 0x3C, 0x04u);
  EXPECT_FALSE(WnR(c));
}

TEST(LoadStoreAtomic, LdaddOnReadOnlyPageFaultsAsWrite) {
  ReadOnlyPageContext c;
  c.Poke<uint64_t>(ReadOnlyPageContext::kReadOnly, 5);
  c.s.R[1] = 1;
  c.s.R[3] = 77;
  c.s.R[2] = ReadOnlyPageContext::kReadOnly;
  ASSERT_FALSE(c.Step(0xF8210043));  // ldadd x1, x3, [x2]
  EXPECT_EQ(Dfsc(c), 0x0Fu);  // permission fault, level 3
  EXPECT_TRUE(WnR(c));
  EXPECT_EQ(c.X(3), 77u);
  EXPECT_EQ(c.Peek<uint64_t>(ReadOnlyPageContext::kReadOnly), 5u);
}

// ---- CAS ----

TEST(LoadStoreAtomic, CasSucceedsWhenEqual) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData, 100);
  c.s.R[4] = 100;
  c.s.R[1] = 200;
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0xC8E4FC41));  // casal x4, x1, [x2]
  EXPECT_EQ(c.Peek<uint64_t>(kData), 200u);
  EXPECT_EQ(c.X(4), 100u);
}

TEST(LoadStoreAtomic, CasFailsWhenDifferentAndReturnsOldValue) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData, 101);
  c.s.R[4] = 100;
  c.s.R[1] = 200;
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0xC8A47C41));  // cas x4, x1, [x2]
  EXPECT_EQ(c.Peek<uint64_t>(kData), 101u);
  EXPECT_EQ(c.X(4), 101u);
}

TEST(LoadStoreAtomic, CasbComparesOnlyTheLowByte) {
  FlatMemoryContext c;
  c.Poke<uint16_t>(kData, 0x7756);
  c.s.R[4] = 0xFFFFFF56;
  c.s.R[1] = 0x1234;
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0x08E47C41));  // casab w4, w1, [x2]
  EXPECT_EQ(c.Peek<uint16_t>(kData), 0x7734u);
  EXPECT_EQ(c.X(4), 0x56u);
}

TEST(LoadStoreAtomic, CashFailureZeroExtendsOldValueIntoRs) {
  FlatMemoryContext c;
  c.Poke<uint16_t>(kData, 0x8001);
  c.s.R[4] = ~uint64_t{0};
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0x48A4FC41));  // caslh w4, w1, [x2]
  EXPECT_EQ(c.X(4), 0x8001u);
  EXPECT_EQ(c.Peek<uint16_t>(kData), 0x8001u);
}

TEST(LoadStoreAtomic, CasWComparesOnly32Bits) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData, 0xAAAAAAAA00000007);
  c.s.R[4] = 0xFFFFFFFF00000007;
  c.s.R[1] = 0x55555555000000FF;
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0x88A47C41));  // cas w4, w1, [x2]
  EXPECT_EQ(c.Peek<uint64_t>(kData), 0xAAAAAAAA000000FFu);
  EXPECT_EQ(c.X(4), 7u);
}

// QEMU's cmpxchg needs write access even when the comparison fails.
TEST(LoadStoreAtomic, FailedCasOnReadOnlyPageStillFaultsAsWrite) {
  ReadOnlyPageContext c;
  c.Poke<uint64_t>(ReadOnlyPageContext::kReadOnly, 1);
  c.s.R[4] = 2;
  c.s.R[2] = ReadOnlyPageContext::kReadOnly;
  ASSERT_FALSE(c.Step(0xC8A47C41));  // cas x4, x1, [x2]
  EXPECT_EQ(Ec(c), 0x25u);
  EXPECT_EQ(Dfsc(c), 0x0Fu);
  EXPECT_TRUE(WnR(c));
  EXPECT_EQ(c.s.R[4], 2u);
}

TEST(LoadStoreAtomic, CasCrossing16BytesFaults) {
  FlatMemoryContext c;
  c.s.R[2] = kData + 10;
  ASSERT_FALSE(c.Step(0xC8A47C41));  // cas x4, x1, [x2]
  EXPECT_EQ(Dfsc(c), 0x21u);
}

// ---- CASP ----

TEST(LoadStoreAtomic, CaspXSucceedsWhenBothEqual) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData, 1);
  c.Poke<uint64_t>(kData + 8, 2);
  c.s.R[4] = 1;
  c.s.R[5] = 2;
  c.s.R[6] = 0x66;
  c.s.R[7] = 0x77;
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0x4864FC46));  // caspal x4, x5, x6, x7, [x2]
  EXPECT_EQ(c.Peek<uint64_t>(kData), 0x66u);
  EXPECT_EQ(c.Peek<uint64_t>(kData + 8), 0x77u);
  EXPECT_EQ(c.X(4), 1u);
  EXPECT_EQ(c.X(5), 2u);
}

TEST(LoadStoreAtomic, CaspXFailsWhenSecondDiffers) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData, 1);
  c.Poke<uint64_t>(kData + 8, 3);
  c.s.R[4] = 1;
  c.s.R[5] = 2;
  c.s.R[6] = 0x66;
  c.s.R[7] = 0x77;
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0x48247C46));  // casp x4, x5, x6, x7, [x2]
  EXPECT_EQ(c.Peek<uint64_t>(kData), 1u);
  EXPECT_EQ(c.Peek<uint64_t>(kData + 8), 3u);
  EXPECT_EQ(c.X(4), 1u);
  EXPECT_EQ(c.X(5), 3u);
}

TEST(LoadStoreAtomic, CaspWComparesBothWords) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData, 0x0000000200000001);
  c.s.R[4] = 0xFFFFFFFF00000001;
  c.s.R[5] = 2;
  c.s.R[6] = 6;
  c.s.R[7] = 7;
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0x08647C46));  // caspa w4, w5, w6, w7, [x2]
  EXPECT_EQ(c.Peek<uint64_t>(kData), 0x0000000700000006u);
  EXPECT_EQ(c.X(4), 1u);
  EXPECT_EQ(c.X(5), 2u);
}

TEST(LoadStoreAtomic, CaspWUnalignedWithin16BytesIsAllowed) {
  FlatMemoryContext c;
  c.s.R[2] = kData + 4;
  ASSERT_TRUE(c.Step(0x08247C46));  // casp w4, w5, w6, w7, [x2]
}

TEST(LoadStoreAtomic, CaspXMustBe16ByteAligned) {
  FlatMemoryContext c;
  c.s.R[2] = kData + 8;
  ASSERT_FALSE(c.Step(0x48247C46));  // casp x4, x5, x6, x7, [x2]
  EXPECT_EQ(Ec(c), 0x25u);
  EXPECT_EQ(Dfsc(c), 0x21u);
}

TEST(LoadStoreAtomic, CaspWithOddRsIsUndefined) {
  FlatMemoryContext c;
  c.s.R[2] = kData;
  // casp x4, x5, x6, x7, [x2] with Rs = 5.
  ASSERT_FALSE(c.Step(0x48247C46 | (1u << 16)));  // casp x4, x5, x6, x7, [x2]
  EXPECT_EQ(Ec(c), 0u);
}

TEST(LoadStoreAtomic, CaspWithOddRtIsUndefined) {
  FlatMemoryContext c;
  c.s.R[2] = kData;
  // casp w4, w5, w6, w7, [x2] with Rt = 7.
  ASSERT_FALSE(c.Step(0x08247C46 | 1u));  // casp w4, w5, w6, w7, [x2]
  EXPECT_EQ(Ec(c), 0u);
}

// ---- unallocated ----

TEST(LoadStoreAtomic, SimdAtomicEncodingIsUndefined) {
  FlatMemoryContext c;
  c.s.R[2] = kData;
  // ldadd x1, x3, [x2] with V = 1.
  ASSERT_FALSE(c.Step(0xF8210043 | (1u << 26)));  // ldadd x1, x3, [x2]
  EXPECT_EQ(Ec(c), 0u);
}

TEST(LoadStoreAtomic, UnallocatedAtomicOpcodeIsUndefined) {
  FlatMemoryContext c;
  c.s.R[2] = kData;
  // swp x1, x3, [x2] with opc = 001 (o3 = 1): not implemented.
  ASSERT_FALSE(c.Step(0xF8218043 | (1u << 12)));  // swp x1, x3, [x2]
  EXPECT_EQ(Ec(c), 0u);
  EXPECT_EQ(c.Peek<uint64_t>(kData), 0u);
}

}  // namespace
