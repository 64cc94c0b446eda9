#include <gtest/gtest.h>

#include "tests/isa/flat_memory_context.h"

using mtesim::test::FlatMemoryContext;
constexpr uint64_t kBase = FlatMemoryContext::kBase;

TEST(Branches, BlWritesLinkAndBranchesBackwards) {
  FlatMemoryContext c;
  c.s.PC = kBase + 0x100;
  ASSERT_TRUE(c.Step(0x97FFFFFF));  // BL .-4
  EXPECT_EQ(c.s.PC, kBase + 0xFC);
  EXPECT_EQ(c.X(30), kBase + 0x104);
}

TEST(Branches, BlrThroughX30UsesTheOldValue) {
  FlatMemoryContext c;
  c.s.R[30] = kBase + 0x800;
  ASSERT_TRUE(c.Step(0xD63F03C0));  // BLR X30
  EXPECT_EQ(c.s.PC, kBase + 0x800);
  EXPECT_EQ(c.X(30), kBase + 4);
}

TEST(Branches, ConditionNvIsAlways) {
  FlatMemoryContext c;
  ASSERT_TRUE(c.Step(0x5400004F));  // B.NV +8
  EXPECT_EQ(c.s.PC, kBase + 8);
}

TEST(Branches, TbnzTestsHighBit) {
  FlatMemoryContext c;
  c.s.R[3] = uint64_t{1} << 40;
  ASSERT_TRUE(c.Step(0xB7400043));  // TBNZ X3, #40, +8
  EXPECT_EQ(c.s.PC, kBase + 8);
}

TEST(Branches, CbzOnWRegisterIgnoresUpperHalf) {
  FlatMemoryContext c;
  c.s.R[1] = uint64_t{1} << 32;
  ASSERT_TRUE(c.Step(0x34000041));  // CBZ W1, +8
  EXPECT_EQ(c.s.PC, kBase + 8);
}

TEST(Exceptions, SvcFromEl1UsesCurrentElSpxVectorAndReturnsAfter) {
  FlatMemoryContext c;
  c.s.sys.VBAR_EL1 = kBase + 0x1000;
  ASSERT_FALSE(c.Step(0xD4000541));  // SVC #0x2a
  EXPECT_EQ(c.s.PC, kBase + 0x1200);
  EXPECT_EQ(c.s.sys.ESR_EL1, (uint64_t{0x15} << 26) | (1u << 25) | 0x2a);
  EXPECT_EQ(c.s.sys.ELR_EL1, kBase + 4);
}

TEST(Exceptions, UnallocatedEncodingIsUndefined) {
  FlatMemoryContext c;
  ASSERT_FALSE(c.Step(0x00000000));
  EXPECT_EQ(c.LastExceptionClass(), 0u);
  EXPECT_EQ(c.s.sys.ESR_EL1, uint64_t{1} << 25);
}

TEST(Exceptions, HvcWithoutFirmwareIsUndefined) {
  FlatMemoryContext c;
  ASSERT_FALSE(c.Step(0xD4000002));  // HVC #0
  EXPECT_EQ(c.LastExceptionClass(), 0u);
}

TEST(Exceptions, EretToEl0SelectsSpEl0AndClearsMonitor) {
  FlatMemoryContext c;
  c.s.SP_el[0] = 0x1234;
  c.s.sys.SPSR_EL1 = 0x0;  // EL0t
  c.s.sys.ELR_EL1 = kBase + 0x40;
  c.s.excl_valid = true;
  ASSERT_TRUE(c.Step(0xD69F03E0));  // ERET
  EXPECT_EQ(c.s.PSTATE.EL, 0);
  EXPECT_EQ(c.SP(), 0x1234u);
  EXPECT_EQ(c.s.PC, kBase + 0x40);
  EXPECT_FALSE(c.s.excl_valid);
}

TEST(Exceptions, EretToHigherElIsIllegalAndSetsIl) {
  FlatMemoryContext c;
  c.s.sys.SPSR_EL1 = 0x9;  // EL2h: not implemented
  c.s.sys.ELR_EL1 = kBase + 0x40;
  ASSERT_TRUE(c.Step(0xD69F03E0));
  EXPECT_EQ(c.s.PSTATE.EL, 1);
  EXPECT_TRUE(c.s.PSTATE.IL);
}

TEST(SystemRegisters, MrsCurrentEl) {
  FlatMemoryContext c;
  ASSERT_TRUE(c.Step(0xD5384240));  // MRS X0, CurrentEL
  EXPECT_EQ(c.X(0), 4u);
}

TEST(SystemRegisters, El1OnlyRegisterIsUndefinedAtEl0) {
  FlatMemoryContext c;
  c.s.PSTATE.EL = 0;
  c.s.PSTATE.SP = false;
  c.UpdateDerivedState();
  ASSERT_FALSE(c.Step(0xD5381000));  // MRS X0, SCTLR_EL1
  EXPECT_EQ(c.LastExceptionClass(), 0u);
}

TEST(SystemRegisters, CtrEl0AtEl0TrapsUnlessUct) {
  FlatMemoryContext c;
  c.s.PSTATE.EL = 0;
  c.s.PSTATE.SP = false;
  ASSERT_FALSE(c.Step(0xD53B0020));  // MRS X0, CTR_EL0
  EXPECT_EQ(c.LastExceptionClass(), 0x18u);
  EXPECT_EQ(c.s.sys.ESR_EL1 & 1, 1u);  // direction: read
}

TEST(SystemRegisters, ReservedIdSpaceReadsZeroAtEl1) {
  FlatMemoryContext c;
  c.s.R[0] = 99;
  ASSERT_TRUE(c.Step(0xD5380100));  // MRS X0, ID_PFR0_EL1
  EXPECT_EQ(c.X(0), 0u);
}

TEST(SystemRegisters, SpEl0NotAccessibleWhileSelected) {
  FlatMemoryContext c;
  c.s.PSTATE.SP = false;
  ASSERT_FALSE(c.Step(0xD5384100));  // MRS X0, SP_EL0
  EXPECT_EQ(c.LastExceptionClass(), 0u);
}

TEST(Pstate, MsrSpselBanksStackPointers) {
  FlatMemoryContext c;
  c.s.R[31] = 0x1111;  // SP_EL1 (SPSel = 1)
  c.s.SP_el[0] = 0x2222;
  ASSERT_TRUE(c.Step(0xD50040BF));  // MSR SPSel, #0
  EXPECT_EQ(c.SP(), 0x2222u);
  EXPECT_EQ(c.s.SP_el[1], 0x1111u);
}

TEST(Pstate, DaifSetAndClear) {
  FlatMemoryContext c;
  ASSERT_TRUE(c.Step(0xD50342FF));  // MSR DAIFClr, #2
  EXPECT_FALSE(c.s.PSTATE.I);
  EXPECT_TRUE(c.s.PSTATE.F);
}

TEST(SystemRegisters, TpidrroEl0IsReadOnlyAtEl0) {
  FlatMemoryContext c;
  c.s.sys.TPIDRRO_EL0 = 0x77;
  c.s.PSTATE.EL = 0;
  c.s.PSTATE.SP = false;
  ASSERT_TRUE(c.Step(0xD53BD060));   // mrs x0, tpidrro_el0
  EXPECT_EQ(c.X(0), 0x77u);
  ASSERT_FALSE(c.Step(0xD51BD060));  // msr tpidrro_el0, x0
  EXPECT_EQ(c.LastExceptionClass(), 0u);
  EXPECT_EQ(c.s.sys.TPIDRRO_EL0, 0x77u);
}

TEST(SystemRegisters, SpsrKeepsDaifMaskBits) {
  FlatMemoryContext c;
  c.s.R[0] = 0x600003C5;
  ASSERT_TRUE(c.Step(0xD5184000));   // msr spsr_el1, x0
  EXPECT_EQ(c.s.sys.SPSR_EL1, 0x600003C5u);
}
