// Virtual interrupts (Arm ARM D1.3.6 and HCR_EL2.{IMO,FMO,AMO,VI,VF,VSE}), one rule per
// test: what is pending, what PSTATE masks, where and how it is taken
// (ExecContext::PendingInterruptToTake / TakePendingInterrupt), and ISR_EL1.
#include "tests/isa/el2_test_context.h"

namespace {

using namespace mtesim::test::el2;
using Interrupt = mtesim::isa::ExecContext::Interrupt;

constexpr uint32_t kMrsIsr = Mrs(3, 0, 12, 1, 0);  // mrs x0, isr_el1

// At EL1h with every DAIF mask clear.
El2Context& AtEl1Unmasked(El2Context& c) {
  SetEl(c, 1);
  c.s.PSTATE.D = c.s.PSTATE.A = c.s.PSTATE.I = c.s.PSTATE.F = false;
  return c;
}

TEST(El2VirtualInterrupt, ViWithImoIsAPendingIrq) {
  El2Context c;
  AtEl1Unmasked(c);
  SetHcr(c, B(hcrbit::IMO) | B(hcrbit::VI));
  EXPECT_EQ(c.PendingInterruptToTake().kind, Interrupt::Irq);
}

TEST(El2VirtualInterrupt, ViWithoutImoIsNothing) {
  El2Context c;
  AtEl1Unmasked(c);
  SetHcr(c, B(hcrbit::VI));
  EXPECT_EQ(c.InterruptWakesWfi(), false);
}

TEST(El2VirtualInterrupt, VfWithFmoIsAPendingFiq) {
  El2Context c;
  AtEl1Unmasked(c);
  SetHcr(c, B(hcrbit::FMO) | B(hcrbit::VF));
  EXPECT_EQ(c.PendingInterruptToTake().kind, Interrupt::Fiq);
}

TEST(El2VirtualInterrupt, VseWithAmoIsAPendingSError) {
  El2Context c;
  AtEl1Unmasked(c);
  SetHcr(c, B(hcrbit::AMO) | B(hcrbit::VSE));
  EXPECT_EQ(c.PendingInterruptToTake().kind, Interrupt::SError);
}

TEST(El2VirtualInterrupt, PstateIMasksTheIrqButItStaysPending) {
  El2Context c;
  AtEl1Unmasked(c);
  c.s.PSTATE.I = true;
  SetHcr(c, B(hcrbit::IMO) | B(hcrbit::VI));
  EXPECT_EQ(c.PendingInterruptToTake().kind, Interrupt::None);
  EXPECT_EQ(c.InterruptWakesWfi(), true);  // what wakes WFI
}

TEST(El2VirtualInterrupt, NothingIsTakenAtEl2) {
  El2Context c;
  SetEl(c, 2);
  c.s.PSTATE.I = c.s.PSTATE.F = c.s.PSTATE.A = false;
  SetHcr(c, B(hcrbit::IMO) | B(hcrbit::VI) | B(hcrbit::FMO) | B(hcrbit::VF));
  EXPECT_EQ(c.InterruptWakesWfi(), false);
  EXPECT_FALSE(c.TakePendingInterrupt());
}

TEST(El2VirtualInterrupt, TgeMakesTheVirtualBitsBehaveAsZero) {
  El2Context c;
  c.s.PSTATE.EL = 0;
  c.s.PSTATE.I = false;
  c.PstateChanged();
  SetHcr(c, B(hcrbit::TGE) | B(hcrbit::IMO) | B(hcrbit::VI));
  EXPECT_EQ(c.InterruptWakesWfi(), false);
}

TEST(El2VirtualInterrupt, IrqIsTakenAtEl1IrqVectorWithThePcAsReturnAddressAndEsrUntouched) {
  El2Context c;
  AtEl1Unmasked(c);
  c.s.sys.ESR_EL1 = 0x5A5A;
  SetHcr(c, B(hcrbit::IMO) | B(hcrbit::VI));
  const uint64_t pc = c.s.PC;
  ASSERT_TRUE(c.TakePendingInterrupt());
  EXPECT_EQ(c.s.PSTATE.EL, 1);
  EXPECT_EQ(c.s.PC, c.s.sys.VBAR_EL1 + 0x280);  // current EL with SP_EL1, IRQ
  EXPECT_EQ(c.s.sys.ELR_EL1, pc);
  EXPECT_EQ(c.s.sys.ESR_EL1, 0x5A5Au);
  EXPECT_TRUE(c.s.PSTATE.I && c.s.PSTATE.F && c.s.PSTATE.A && c.s.PSTATE.D);
}

TEST(El2VirtualInterrupt, FiqFromEl0UsesTheLowerElFiqVector) {
  El2Context c;
  c.s.PSTATE.EL = 0;
  c.s.PSTATE.SP = false;
  c.s.PSTATE.F = false;
  c.PstateChanged();
  SetHcr(c, B(hcrbit::FMO) | B(hcrbit::VF));
  ASSERT_TRUE(c.TakePendingInterrupt());
  EXPECT_EQ(c.s.PSTATE.EL, 1);
  EXPECT_EQ(c.s.PC, c.s.sys.VBAR_EL1 + 0x500);  // lower EL AArch64, FIQ
  EXPECT_EQ(c.s.sys.SPSR_EL1 & 0xF, 0u);         // from EL0t
}

TEST(El2VirtualInterrupt, SErrorWritesEsrAndClearsVse) {
  El2Context c;
  AtEl1Unmasked(c);
  SetHcr(c, B(hcrbit::AMO) | B(hcrbit::VSE));
  ASSERT_TRUE(c.TakePendingInterrupt());
  EXPECT_EQ(c.s.PC, c.s.sys.VBAR_EL1 + 0x380);  // current EL with SP_EL1, SError
  EXPECT_EQ(c.s.sys.ESR_EL1, uint64_t{0x2F} << 26 | kIl);
  EXPECT_EQ(c.s.sys.HCR_EL2 & B(hcrbit::VSE), 0u);
  EXPECT_EQ(c.EffectiveHcr() & B(hcrbit::VSE), 0u);
}

TEST(El2VirtualInterrupt, IrqAndFiqStayAssertedAfterBeingTaken) {
  El2Context c;
  AtEl1Unmasked(c);
  SetHcr(c, B(hcrbit::IMO) | B(hcrbit::VI));
  ASSERT_TRUE(c.TakePendingInterrupt());
  EXPECT_NE(c.s.sys.HCR_EL2 & B(hcrbit::VI), 0u);
  EXPECT_FALSE(c.TakePendingInterrupt());  // masked now by the entry
}

TEST(El2VirtualInterrupt, IsrEl1ShowsPendingVirtualInterruptsAtEl1) {
  El2Context c;
  SetEl(c, 1);
  SetHcr(c, B(hcrbit::IMO) | B(hcrbit::VI) | B(hcrbit::FMO) | B(hcrbit::VF) | B(hcrbit::AMO) | B(hcrbit::VSE));
  ASSERT_TRUE(c.Step(kMrsIsr));
  EXPECT_EQ(c.X(0), uint64_t{1} << 8 | uint64_t{1} << 7 | uint64_t{1} << 6);  // A, I, F
}

TEST(El2VirtualInterrupt, IsrEl1AtEl2IgnoresVirtualInterrupts) {
  El2Context c;
  SetEl(c, 2);
  SetHcr(c, B(hcrbit::IMO) | B(hcrbit::VI));
  c.s.R[0] = 0x1234;
  ASSERT_TRUE(c.Step(kMrsIsr));
  EXPECT_EQ(c.X(0), 0u);
}

}  // namespace
