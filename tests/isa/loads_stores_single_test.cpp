// Load/store register, single register forms (loads_stores_single.cpp): every addressing
// mode, writeback, sign/zero extension, literal loads, prefetch, SP alignment and the
// unallocated (UNDEFINED) corners of the space.
#include <gtest/gtest.h>

#include <optional>

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
constexpr uint64_t kOutside = 0x1000;  // not mapped by FlatMemoryContext


// Records the AccessKind of the last access (FlatMemoryContext never fills the fast TLB,
// so every access takes the slow path).
class KindRecordingContext : public FlatMemoryContext {
 public:
  std::optional<AccessKind> last_kind;  // empty until the first access

 protected:
  void AccessSlow(const mtesim::isa::AccessRequest& a, void* data) override {
    last_kind = a.kind;
    FlatMemoryContext::AccessSlow(a, data);
  }
};

// ---- unsigned scaled immediate ----

TEST(LoadStoreSingle, LdrUnsignedOffsetIsScaledBySize) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData + 8, 0x1122334455667788);
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0xF9400441));  // ldr x1, [x2, #8]
  EXPECT_EQ(c.X(1), 0x1122334455667788u);
  EXPECT_EQ(c.X(2), kData);
}

TEST(LoadStoreSingle, LdrhUnsignedOffsetIsScaledByTwo) {
  FlatMemoryContext c;
  c.Poke<uint16_t>(kData + 0x1FFE, 0xBEEF);
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0x797FFC41));  // ldrh w1, [x2, #8190]
  EXPECT_EQ(c.X(1), 0xBEEFu);
}

TEST(LoadStoreSingle, StrbStoresOnlyTheLowByte) {
  FlatMemoryContext c;
  c.Poke<uint32_t>(kData + 4092, 0xAAAAAAAA);
  c.s.R[1] = 0x123456789ABCDEF0;
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0x393FFC41));  // strb w1, [x2, #4095]
  EXPECT_EQ(c.Peek<uint32_t>(kData + 4092), 0xF0AAAAAAu);
}

TEST(LoadStoreSingle, StrWStoresFourBytes) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData, ~uint64_t{0});
  c.s.R[1] = 0x123456789ABCDEF0;
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0xB9000041));  // str w1, [x2]
  EXPECT_EQ(c.Peek<uint64_t>(kData), 0xFFFFFFFF9ABCDEF0u);
}

// ---- extension of the loaded value ----

TEST(LoadStoreSingle, LdrWZeroExtendsIntoX) {
  FlatMemoryContext c;
  c.Poke<uint32_t>(kData, 0x80000001);
  c.s.R[1] = ~uint64_t{0};
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0xB9400041));  // ldr w1, [x2]
  EXPECT_EQ(c.X(1), 0x80000001u);
}

TEST(LoadStoreSingle, LdrbZeroExtends) {
  FlatMemoryContext c;
  c.Poke<uint8_t>(kData, 0x80);
  c.s.R[1] = ~uint64_t{0};
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0x39400041));  // ldrb w1, [x2]
  EXPECT_EQ(c.X(1), 0x80u);
}

TEST(LoadStoreSingle, LdrsbIntoWSignExtendsTo32BitsOnly) {
  FlatMemoryContext c;
  c.Poke<uint8_t>(kData, 0x80);
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0x39C00041));  // ldrsb w1, [x2]
  EXPECT_EQ(c.X(1), 0xFFFFFF80u);
}

TEST(LoadStoreSingle, LdrsbIntoXSignExtendsTo64Bits) {
  FlatMemoryContext c;
  c.Poke<uint8_t>(kData, 0x80);
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0x39800041));  // ldrsb x1, [x2]
  EXPECT_EQ(c.X(1), 0xFFFFFFFFFFFFFF80u);
}

TEST(LoadStoreSingle, LdrsbOfPositiveByteClearsUpperBits) {
  FlatMemoryContext c;
  c.Poke<uint8_t>(kData, 0x7F);
  c.s.R[1] = ~uint64_t{0};
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0x39800041));  // ldrsb x1, [x2]
  EXPECT_EQ(c.X(1), 0x7Fu);
}

TEST(LoadStoreSingle, LdrshIntoWSignExtendsTo32BitsOnly) {
  FlatMemoryContext c;
  c.Poke<uint16_t>(kData, 0x8001);
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0x79C00041));  // ldrsh w1, [x2]
  EXPECT_EQ(c.X(1), 0xFFFF8001u);
}

TEST(LoadStoreSingle, LdrshIntoXSignExtendsTo64Bits) {
  FlatMemoryContext c;
  c.Poke<uint16_t>(kData, 0x8001);
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0x79800041));  // ldrsh x1, [x2]
  EXPECT_EQ(c.X(1), 0xFFFFFFFFFFFF8001u);
}

TEST(LoadStoreSingle, LdrswSignExtendsTo64Bits) {
  FlatMemoryContext c;
  c.Poke<uint32_t>(kData + 4, 0x80000000);
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0xB9800441));  // ldrsw x1, [x2, #4]
  EXPECT_EQ(c.X(1), 0xFFFFFFFF80000000u);
}

// ---- unscaled, post-index, pre-index ----

TEST(LoadStoreSingle, LdurTakesNegativeByteOffset) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData - 3, 0x0102030405060708);
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0xF85FD041));  // ldur x1, [x2, #-3]
  EXPECT_EQ(c.X(1), 0x0102030405060708u);
  EXPECT_EQ(c.X(2), kData);
}

TEST(LoadStoreSingle, SturhStoresAtUnscaledOffset) {
  FlatMemoryContext c;
  c.s.R[1] = 0xABCD;
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0x780FF041));  // sturh w1, [x2, #255]
  EXPECT_EQ(c.Peek<uint16_t>(kData + 255), 0xABCDu);
}

TEST(LoadStoreSingle, LdursbIntoWSignExtends) {
  FlatMemoryContext c;
  c.Poke<uint8_t>(kData - 256, 0xFE);
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0x38D00041));  // ldursb w1, [x2, #-256]
  EXPECT_EQ(c.X(1), 0xFFFFFFFEu);
}

TEST(LoadStoreSingle, PostIndexAccessesBaseThenWritesBack) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData, 42);
  c.Poke<uint64_t>(kData - 16, 99);
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0xF85F0441));  // ldr x1, [x2], #-16
  EXPECT_EQ(c.X(1), 42u);
  EXPECT_EQ(c.X(2), kData - 16);
}

TEST(LoadStoreSingle, PreIndexWritesBackThenAccessesNewAddress) {
  FlatMemoryContext c;
  c.Poke<uint32_t>(kData + 12, 7);
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0xB840CC41));  // ldr w1, [x2, #12]!
  EXPECT_EQ(c.X(1), 7u);
  EXPECT_EQ(c.X(2), kData + 12);
}

TEST(LoadStoreSingle, StrPreIndexPushesOnStack) {
  FlatMemoryContext c;
  c.s.R[31] = kData;
  c.s.R[30] = 0xCAFE;
  ASSERT_TRUE(c.Step(0xF81F0FFE));  // str x30, [sp, #-16]!
  EXPECT_EQ(c.SP(), kData - 16);
  EXPECT_EQ(c.Peek<uint64_t>(kData - 16), 0xCAFEu);
}

TEST(LoadStoreSingle, StrhPostIndexStoresAtOldBase) {
  FlatMemoryContext c;
  c.s.R[1] = 0x1234;
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0x78002441));  // strh w1, [x2], #2
  EXPECT_EQ(c.Peek<uint16_t>(kData), 0x1234u);
  EXPECT_EQ(c.X(2), kData + 2);
}

TEST(LoadStoreSingle, LdrswPostIndexSignExtends) {
  FlatMemoryContext c;
  c.Poke<uint32_t>(kData, 0xFFFFFFFF);
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0xB8804441));  // ldrsw x1, [x2], #4
  EXPECT_EQ(c.X(1), ~uint64_t{0});
  EXPECT_EQ(c.X(2), kData + 4);
}

// QEMU's choice for the CONSTRAINED UNPREDICTABLE load with writeback into its own base:
// the writeback wins, the register holds the updated address.
TEST(LoadStoreSingle, LoadWritebackIntoBaseRegisterKeepsWrittenBackAddress) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData, 0x5555);
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0xF8408442));  // ldr x2, [x2], #8
  EXPECT_EQ(c.X(2), kData + 8);
}

TEST(LoadStoreSingle, PreIndexLoadIntoBaseRegisterKeepsWrittenBackAddress) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData + 8, 0x5555);
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0xF8408C42));  // ldr x2, [x2, #8]!
  EXPECT_EQ(c.X(2), kData + 8);
}

TEST(LoadStoreSingle, StoreWritebackFromBaseRegisterStoresOriginalValue) {
  FlatMemoryContext c;
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0xF81F8C42));  // str x2, [x2, #-8]!
  EXPECT_EQ(c.Peek<uint64_t>(kData - 8), kData);
  EXPECT_EQ(c.X(2), kData - 8);
}

TEST(LoadStoreSingle, LoadWithoutWritebackIntoBaseRegisterIsTheLoadedValue) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData + 8, 0x5555);
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0xF9400442));  // ldr x2, [x2, #8]
  EXPECT_EQ(c.X(2), 0x5555u);
}

TEST(LoadStoreSingle, FaultingPostIndexLoadDoesNotWriteBack) {
  FlatMemoryContext c;
  c.s.R[1] = 11;
  c.s.R[2] = kOutside;
  ASSERT_FALSE(c.Step(0xF8408441));  // ldr x1, [x2], #8
  EXPECT_EQ(Ec(c), 0x25u);
  EXPECT_EQ(Dfsc(c) & 0x3C, 0x04u);  // translation fault
  EXPECT_EQ(c.s.sys.FAR_EL1, kOutside);
  EXPECT_EQ(c.s.R[1], 11u);
  EXPECT_EQ(c.s.R[2], kOutside);
}

TEST(LoadStoreSingle, FaultingStoreReportsWrite) {
  FlatMemoryContext c;
  c.s.R[2] = kOutside;
  ASSERT_FALSE(c.Step(0xF8010C41));  // str x1, [x2, #16]!
  EXPECT_EQ(Ec(c), 0x25u);
  EXPECT_TRUE((c.s.sys.ESR_EL1 >> 6) & 1);  // WnR
  EXPECT_EQ(c.s.sys.FAR_EL1, kOutside + 16);
  EXPECT_EQ(c.s.R[2], kOutside);
}

// ---- register offset ----

TEST(LoadStoreSingle, RegisterOffsetLslScalesBySize) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData + 3 * 8, 0xD00D);
  c.s.R[2] = kData;
  c.s.R[3] = 3;
  ASSERT_TRUE(c.Step(0xF8637841));  // ldr x1, [x2, x3, lsl #3]
  EXPECT_EQ(c.X(1), 0xD00Du);
}

TEST(LoadStoreSingle, RegisterOffsetWithoutShiftIsUnscaled) {
  FlatMemoryContext c;
  c.Poke<uint16_t>(kData + 3, 0x4321);
  c.s.R[2] = kData;
  c.s.R[3] = 3;
  ASSERT_TRUE(c.Step(0x78636841));  // ldrh w1, [x2, x3]
  EXPECT_EQ(c.X(1), 0x4321u);
}

TEST(LoadStoreSingle, RegisterOffsetSxtwSignExtendsTheIndex) {
  FlatMemoryContext c;
  c.Poke<uint32_t>(kData - 4, 0x600D);
  c.s.R[2] = kData;
  c.s.R[3] = 0x00000000FFFFFFFF;  // W3 = -1
  ASSERT_TRUE(c.Step(0xB863D841));  // ldr w1, [x2, w3, sxtw #2]
  EXPECT_EQ(c.X(1), 0x600Du);
}

TEST(LoadStoreSingle, RegisterOffsetUxtwIgnoresUpperIndexBits) {
  FlatMemoryContext c;
  c.Poke<uint8_t>(kData + 0x10, 0x5A);
  c.s.R[2] = kData;
  c.s.R[3] = 0xFFFFFFFF00000010;
  ASSERT_TRUE(c.Step(0x38634841));  // ldrb w1, [x2, w3, uxtw]
  EXPECT_EQ(c.X(1), 0x5Au);
}

TEST(LoadStoreSingle, RegisterOffsetSxtxUsesTheWholeIndex) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData - 16, 0x77);
  c.s.R[2] = kData;
  c.s.R[3] = static_cast<uint64_t>(-2);
  ASSERT_TRUE(c.Step(0xF863F841));  // ldr x1, [x2, x3, sxtx #3]
  EXPECT_EQ(c.X(1), 0x77u);
}

TEST(LoadStoreSingle, RegisterOffsetIndex31IsXzr) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData, 0x31);
  c.s.R[2] = kData;
  c.s.R[31] = 0x100;  // SP must not be used as the index
  ASSERT_TRUE(c.Step(0xF87F6841));  // ldr x1, [x2, xzr]
  EXPECT_EQ(c.X(1), 0x31u);
}

TEST(LoadStoreSingle, StrRegisterOffsetStoresAtScaledIndex) {
  FlatMemoryContext c;
  c.s.R[1] = 0xFEEDFACE;
  c.s.R[2] = kData;
  c.s.R[3] = 5;
  ASSERT_TRUE(c.Step(0xB8237841));  // str w1, [x2, x3, lsl #2]
  EXPECT_EQ(c.Peek<uint32_t>(kData + 20), 0xFEEDFACEu);
}

TEST(LoadStoreSingle, RegisterOffsetSubwordExtendIsUndefined) {
  FlatMemoryContext c;
  c.s.R[2] = kData;
  // ldr x1, [x2, w3, uxtw] with option<1> cleared (option = 000, UXTB).
  ASSERT_FALSE(c.Step(0xF8634841 & ~(1u << 14)));  // ldr x1, [x2, w3, uxtw]
  EXPECT_EQ(Ec(c), 0u);
}

// ---- base and target register 31 ----

TEST(LoadStoreSingle, BaseRegister31IsStackPointer) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData + 8, 0x5050);
  c.s.R[31] = kData;
  ASSERT_TRUE(c.Step(0xF94007E1));  // ldr x1, [sp, #8]
  EXPECT_EQ(c.X(1), 0x5050u);
}

TEST(LoadStoreSingle, StoreOfRegister31StoresZero) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData, ~uint64_t{0});
  c.s.R[31] = kData;  // SP, which must not be stored
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0xF900005F));  // str xzr, [x2]
  EXPECT_EQ(c.Peek<uint64_t>(kData), 0u);
}

TEST(LoadStoreSingle, LoadIntoRegister31IsDiscarded) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData, 0x1234);
  c.s.R[31] = kData + 0x100;
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0xF940005F));  // ldr xzr, [x2]
  EXPECT_EQ(c.SP(), kData + 0x100);
}

// ---- SP alignment (CheckSPAlignment) ----

TEST(LoadStoreSingle, MisalignedSpBaseFaultsWhenSctlrSaIsSet) {
  FlatMemoryContext c;
  c.s.sys.SCTLR_EL1 |= 1u << 3;  // SA
  c.s.sys.VBAR_EL1 = kBase + 0x8000;
  c.s.R[31] = kData + 8;
  ASSERT_FALSE(c.Step(0xF94003E1));  // ldr x1, [sp]
  EXPECT_EQ(Ec(c), 0x26u);
  EXPECT_EQ(c.s.sys.ESR_EL1 & 0x1FFFFFF, 0u);
  EXPECT_EQ(c.s.sys.ELR_EL1, kBase);
  EXPECT_EQ(c.s.PC, kBase + 0x8200);
}

TEST(LoadStoreSingle, MisalignedSpBaseIsFineWhenSctlrSaIsClear) {
  FlatMemoryContext c;
  c.Poke<uint64_t>(kData + 8, 3);
  c.s.R[31] = kData + 8;
  ASSERT_TRUE(c.Step(0xF94003E1));  // ldr x1, [sp]
  EXPECT_EQ(c.X(1), 3u);
}

TEST(LoadStoreSingle, SpAlignmentChecksSpNotTheAddress) {
  FlatMemoryContext c;
  c.s.sys.SCTLR_EL1 |= 1u << 3;
  c.Poke<uint64_t>(kData + 8, 4);
  c.s.R[31] = kData;
  ASSERT_TRUE(c.Step(0xF94007E1));  // ldr x1, [sp, #8]
  EXPECT_EQ(c.X(1), 4u);
}

TEST(LoadStoreSingle, StoreWithMisalignedSpBaseFaultsBeforeWriting) {
  FlatMemoryContext c;
  c.s.sys.SCTLR_EL1 |= 1u << 3;
  c.s.R[31] = kData + 4;
  c.s.R[1] = 9;
  ASSERT_FALSE(c.Step(0xF81F0FE1));  // str x1, [sp, #-16]!
  EXPECT_EQ(Ec(c), 0x26u);
  EXPECT_EQ(c.Peek<uint64_t>(kData - 12), 0u);
  EXPECT_EQ(c.SP(), kData + 4);  // no writeback
}

TEST(LoadStoreSingle, El0SpAlignmentUsesSctlrSa0) {
  FlatMemoryContext c;
  c.s.sys.SCTLR_EL1 |= 1u << 3;  // SA (EL1) only
  c.s.PSTATE.EL = 0;
  c.s.PSTATE.SP = false;
  c.UpdateDerivedState();
  c.Poke<uint64_t>(kData + 8, 5);
  c.s.R[31] = kData + 8;
  ASSERT_TRUE(c.Step(0xF94003E1));  // ldr x1, [sp]
  EXPECT_EQ(c.X(1), 5u);
  c.s.sys.SCTLR_EL1 |= 1u << 4;  // SA0
  ASSERT_FALSE(c.Step(0xF94003E1));  // ldr x1, [sp]
  EXPECT_EQ(Ec(c), 0x26u);
}

// ---- unprivileged ----

TEST(LoadStoreSingle, LdtrUsesUnprivilegedAccess) {
  KindRecordingContext c;
  c.Poke<uint32_t>(kData + 1, 0x89ABCDEF);
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0xB8401841));  // ldtr w1, [x2, #1]
  EXPECT_EQ(c.last_kind, AccessKind::Unprivileged);
  EXPECT_EQ(c.X(1), 0x89ABCDEFu);
}

TEST(LoadStoreSingle, SttrUsesUnprivilegedAccess) {
  KindRecordingContext c;
  c.s.R[1] = 0xAB;
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0x381FF841));  // sttrb w1, [x2, #-1]
  EXPECT_EQ(c.last_kind, AccessKind::Unprivileged);
  EXPECT_EQ(c.Peek<uint8_t>(kData - 1), 0xABu);
}

TEST(LoadStoreSingle, LdtrshSignExtendsIntoX) {
  KindRecordingContext c;
  c.Poke<uint16_t>(kData, 0x9000);
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0x78800841));  // ldtrsh x1, [x2]
  EXPECT_EQ(c.X(1), 0xFFFFFFFFFFFF9000u);
}

TEST(LoadStoreSingle, OrdinaryLdrUsesNormalAccess) {
  KindRecordingContext c;
  c.s.R[2] = kData;
  ASSERT_TRUE(c.Step(0xB8401041));  // ldur w1, [x2, #1]
  EXPECT_EQ(c.last_kind, AccessKind::Normal);
}

// ---- literal ----

TEST(LoadStoreSingle, LdrLiteralWIsPcRelative) {
  FlatMemoryContext c;
  c.s.PC = kData;
  c.Poke<uint32_t>(kData + 8, 0x8765432F);
  c.s.R[1] = ~uint64_t{0};
  ASSERT_TRUE(c.Step(0x18000041));  // ldr w1, .+8
  EXPECT_EQ(c.X(1), 0x8765432Fu);
  EXPECT_EQ(c.s.PC, kData + 4);
}

TEST(LoadStoreSingle, LdrLiteralXWithNegativeOffset) {
  FlatMemoryContext c;
  c.s.PC = kData;
  c.Poke<uint64_t>(kData - 0x100, 0x0123456789ABCDEF);
  ASSERT_TRUE(c.Step(0x58FFF801));  // ldr x1, .-0x100
  EXPECT_EQ(c.X(1), 0x0123456789ABCDEFu);
}

TEST(LoadStoreSingle, LdrswLiteralSignExtends) {
  FlatMemoryContext c;
  c.s.PC = kData;
  c.Poke<uint32_t>(kData + 4, 0x80000000);
  ASSERT_TRUE(c.Step(0x98000021));  // ldrsw x1, .+4
  EXPECT_EQ(c.X(1), 0xFFFFFFFF80000000u);
}

// ---- prefetch ----

TEST(LoadStoreSingle, PrfmLiteralToUnmappedAddressIsANop) {
  FlatMemoryContext c;
  c.s.PC = kBase;
  ASSERT_TRUE(c.Step(0xD8800000));  // prfm pldl1keep, .-0x100000
  EXPECT_EQ(c.s.PC, kBase + 4);
}

TEST(LoadStoreSingle, PrfmImmediateNeverFaults) {
  FlatMemoryContext c;
  c.s.R[2] = kOutside;
  ASSERT_TRUE(c.Step(0xF9802053));  // prfm pstl2strm, [x2, #64]
}

TEST(LoadStoreSingle, PrfmRegisterNeverFaults) {
  FlatMemoryContext c;
  c.s.R[2] = kOutside;
  c.s.R[3] = 1;
  ASSERT_TRUE(c.Step(0xF8A37844));  // prfm pldl3keep, [x2, x3, lsl #3]
}

TEST(LoadStoreSingle, PrfumWithMisalignedSpDoesNotCheckSp) {
  FlatMemoryContext c;
  c.s.sys.SCTLR_EL1 |= 1u << 3;
  c.s.R[31] = kData + 1;
  ASSERT_TRUE(c.Step(0xF89FF3E0));  // prfum pldl1keep, [sp, #-1]
}

// ---- unallocated and FP/SIMD ----

TEST(LoadStoreSingle, FpLoadIsUndefined) {
  FlatMemoryContext c;
  c.s.R[1] = kData;
  ASSERT_FALSE(c.Step(0xFD400020));  // ldr d0, [x1]
  EXPECT_EQ(Ec(c), 0u);
}

TEST(LoadStoreSingle, FpStoreIsUndefined) {
  FlatMemoryContext c;
  c.s.R[1] = kData;
  ASSERT_FALSE(c.Step(0x3C810C20));  // str q0, [x1, #16]!
  EXPECT_EQ(Ec(c), 0u);
}

TEST(LoadStoreSingle, FpRegisterOffsetLoadIsUndefined) {
  FlatMemoryContext c;
  c.s.R[1] = kData;
  ASSERT_FALSE(c.Step(0xBC626820));  // ldr s0, [x1, x2]
  EXPECT_EQ(Ec(c), 0u);
}

TEST(LoadStoreSingle, FpLiteralLoadIsUndefined) {
  FlatMemoryContext c;
  ASSERT_FALSE(c.Step(0x9C000081));  // ldr q1, .+16
  EXPECT_EQ(Ec(c), 0u);
}

TEST(LoadStoreSingle, LdrswWithOpc11IsUndefined) {
  FlatMemoryContext c;
  c.s.R[2] = kData;
  // ldrsw x1, [x2, #4] with opc = 11 (size 10): unallocated.
  ASSERT_FALSE(c.Step(0xB9800441 | (1u << 22)));  // ldrsw x1, [x2, #4]
  EXPECT_EQ(Ec(c), 0u);
}

TEST(LoadStoreSingle, PrefetchPostIndexIsUndefined) {
  FlatMemoryContext c;
  c.s.R[2] = kData;
  // prfum pldl1keep, [x2, #8] turned into the post-indexed form (bits 11:10 = 01).
  ASSERT_FALSE(c.Step(0xF8808040 | (1u << 10)));  // prfum pldl1keep, [x2, #8]
  EXPECT_EQ(Ec(c), 0u);
  EXPECT_EQ(c.X(2), kData);
}

TEST(LoadStoreSingle, PacLoadIsUndefinedWithoutPauth) {
  FlatMemoryContext c;
  c.s.R[2] = kData;
  ASSERT_FALSE(c.Step(0xF8201441));  // ldraa x1, [x2, #8]
  EXPECT_EQ(Ec(c), 0u);
}

}  // namespace
