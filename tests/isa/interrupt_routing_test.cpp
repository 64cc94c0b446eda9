// Physical and virtual interrupt requests of the PE (ExecContext::SetInterruptLine), one
// rule per test: where each is routed (Arm ARM D1.3.6 "Asynchronous exception routing",
// HCR_EL2.{IMO,FMO,TGE}; no EL3), what masks it (D1.3.6.x, PSTATE.{I,F,A} mask only an
// interrupt taken to the current EL), the order among several (IMPLEMENTATION DEFINED:
// QEMU 10's arm_cpu_exec_interrupt, FIQ, IRQ, VIRQ, VFIQ, VSError), how it is taken
// (AArch64.TakePhysicalIRQException & co: vector offsets, ELR, SPSR, PSTATE, ESR left
// alone), what wakes WFI, and ISR_EL1 (QEMU's isr_read).
#include <gtest/gtest.h>

#include <cstdint>

#include "tests/isa/el2_test_context.h"

namespace {

using namespace mtesim::test::el2;
using Ctx = mtesim::isa::ExecContext;
using Interrupt = Ctx::Interrupt;

constexpr uint32_t kMrsIsr = Mrs(3, 0, 12, 1, 0);  // mrs x0, isr_el1
constexpr uint32_t kMsrDaifClrI = 0xD50342FF;      // msr daifclr, #2
static_assert(kMrsIsr == 0xD538C100, "mrs x0, isr_el1");

constexpr uint64_t kIsrA = uint64_t{1} << 8, kIsrI = uint64_t{1} << 7, kIsrF = uint64_t{1} << 6;

// Counts the "look for an interrupt before the next instruction" notifications.
class NotifyingContext : public El2Context {
 public:
  unsigned masking_changes = 0;
  void InterruptMaskingChanged() override { ++masking_changes; }
};

// PSTATE.EL = el (ELxh above EL0) with every DAIF mask clear.
void Unmasked(Ctx& c, unsigned el, bool sp = true) {
  SetEl(c, el, sp);
  c.s.PSTATE.D = c.s.PSTATE.A = c.s.PSTATE.I = c.s.PSTATE.F = false;
}

void ExpectPending(const Ctx& c, Interrupt kind, unsigned target_el, bool is_virtual) {
  const Ctx::PendingInterrupt p = c.PendingInterruptToTake();
  EXPECT_EQ(p.kind, kind);
  EXPECT_EQ(p.target_el, target_el);
  EXPECT_EQ(p.is_virtual, is_virtual);
}

void ExpectNothingPending(const Ctx& c) { EXPECT_EQ(c.PendingInterruptToTake().kind, Interrupt::None); }

// ---- routing of physical interrupts ----

TEST(InterruptRouting, PhysicalIrqGoesToEl1WithoutImo) {
  El2Context c;
  Unmasked(c, 1);
  c.SetInterruptLine(Ctx::kIrqLine, true);
  ExpectPending(c, Interrupt::Irq, 1, false);
}

TEST(InterruptRouting, ImoRoutesPhysicalIrqToEl2) {
  El2Context c;
  Unmasked(c, 1);
  SetHcr(c, B(hcrbit::IMO));
  c.SetInterruptLine(Ctx::kIrqLine, true);
  ExpectPending(c, Interrupt::Irq, 2, false);
}

TEST(InterruptRouting, FmoRoutesPhysicalFiqToEl2) {
  El2Context c;
  Unmasked(c, 1);
  SetHcr(c, B(hcrbit::FMO));
  c.SetInterruptLine(Ctx::kFiqLine, true);
  ExpectPending(c, Interrupt::Fiq, 2, false);
}

TEST(InterruptRouting, ImoDoesNotRouteFiq) {
  El2Context c;
  Unmasked(c, 1);
  SetHcr(c, B(hcrbit::IMO));
  c.SetInterruptLine(Ctx::kFiqLine, true);
  ExpectPending(c, Interrupt::Fiq, 1, false);
}

TEST(InterruptRouting, TgeRoutesPhysicalIrqFromEl0ToEl2) {
  El2Context c;
  Unmasked(c, 0);
  SetHcr(c, B(hcrbit::TGE));  // IMO itself clear: TGE makes it behave as 1
  c.SetInterruptLine(Ctx::kIrqLine, true);
  ExpectPending(c, Interrupt::Irq, 2, false);
}

TEST(InterruptRouting, WithoutEl2HcrImoRoutesNothing) {
  El2Context c;
  c.ConfigureEl2(false);
  Unmasked(c, 1);
  SetHcr(c, B(hcrbit::IMO));
  c.SetInterruptLine(Ctx::kIrqLine, true);
  ExpectPending(c, Interrupt::Irq, 1, false);
}

TEST(InterruptRouting, IrqRoutedToEl1IsNotTakenAtEl2) {
  El2Context c;
  Unmasked(c, 2);
  c.SetInterruptLine(Ctx::kIrqLine, true);
  const uint64_t pc = c.s.PC;
  ExpectNothingPending(c);
  EXPECT_FALSE(c.TakePendingInterrupt());
  EXPECT_EQ(c.s.PC, pc);
  EXPECT_EQ(c.s.PSTATE.EL, 2);
}

TEST(InterruptRouting, IrqRoutedToEl1StillWakesWfiAtEl2) {
  El2Context c;
  Unmasked(c, 2);
  c.SetInterruptLine(Ctx::kIrqLine, true);
  EXPECT_TRUE(c.InterruptWakesWfi());
}

// ---- masking of physical interrupts ----

TEST(InterruptMasking, IrqToTheCurrentElIsMaskedByPstateI) {
  El2Context c;
  Unmasked(c, 1);
  c.s.PSTATE.I = true;
  c.SetInterruptLine(Ctx::kIrqLine, true);
  ExpectNothingPending(c);
}

TEST(InterruptMasking, PstateFDoesNotMaskIrq) {
  El2Context c;
  Unmasked(c, 1);
  c.s.PSTATE.F = true;
  c.SetInterruptLine(Ctx::kIrqLine, true);
  ExpectPending(c, Interrupt::Irq, 1, false);
}

TEST(InterruptMasking, IrqRoutedToEl2FromEl1IgnoresPstateI) {
  El2Context c;
  Unmasked(c, 1);
  c.s.PSTATE.I = true;
  SetHcr(c, B(hcrbit::IMO));
  c.SetInterruptLine(Ctx::kIrqLine, true);
  ExpectPending(c, Interrupt::Irq, 2, false);
}

TEST(InterruptMasking, FiqRoutedToEl2FromEl0IgnoresPstateF) {
  El2Context c;
  Unmasked(c, 0);
  c.s.PSTATE.F = true;
  SetHcr(c, B(hcrbit::TGE));
  c.SetInterruptLine(Ctx::kFiqLine, true);
  ExpectPending(c, Interrupt::Fiq, 2, false);
}

TEST(InterruptMasking, IrqRoutedToEl2IsMaskedByPstateIAtEl2) {
  El2Context c;
  Unmasked(c, 2);
  c.s.PSTATE.I = true;
  SetHcr(c, B(hcrbit::IMO));
  c.SetInterruptLine(Ctx::kIrqLine, true);
  ExpectNothingPending(c);
}

TEST(InterruptMasking, MaskedPhysicalIrqStillWakesWfi) {
  El2Context c;
  Unmasked(c, 1);
  c.s.PSTATE.I = true;
  c.SetInterruptLine(Ctx::kIrqLine, true);
  EXPECT_TRUE(c.InterruptWakesWfi());
}

TEST(InterruptMasking, LoweringTheLineWithdrawsTheInterrupt) {
  El2Context c;
  Unmasked(c, 1);
  c.SetInterruptLine(Ctx::kIrqLine, true);
  c.SetInterruptLine(Ctx::kIrqLine, false);
  ExpectNothingPending(c);
  EXPECT_FALSE(c.InterruptWakesWfi());
}

// ---- priority (QEMU's order) ----

TEST(InterruptPriority, FiqBeforeIrq) {
  El2Context c;
  Unmasked(c, 1);
  c.SetInterruptLine(Ctx::kIrqLine, true);
  c.SetInterruptLine(Ctx::kFiqLine, true);
  ExpectPending(c, Interrupt::Fiq, 1, false);
}

TEST(InterruptPriority, MaskedFiqDoesNotHideIrq) {
  El2Context c;
  Unmasked(c, 1);
  c.s.PSTATE.F = true;
  c.SetInterruptLine(Ctx::kIrqLine, true);
  c.SetInterruptLine(Ctx::kFiqLine, true);
  ExpectPending(c, Interrupt::Irq, 1, false);
}

TEST(InterruptPriority, PhysicalIrqBeforeVirtualIrq) {
  El2Context c;
  Unmasked(c, 1);
  SetHcr(c, B(hcrbit::IMO));
  c.SetInterruptLine(Ctx::kVirqLine, true);
  c.SetInterruptLine(Ctx::kIrqLine, true);
  ExpectPending(c, Interrupt::Irq, 2, false);
}

TEST(InterruptPriority, VirtualIrqBeforeVirtualFiq) {
  El2Context c;
  Unmasked(c, 1);
  SetHcr(c, B(hcrbit::IMO) | B(hcrbit::FMO));
  c.SetInterruptLine(Ctx::kVfiqLine, true);
  c.SetInterruptLine(Ctx::kVirqLine, true);
  ExpectPending(c, Interrupt::Irq, 1, true);
}

TEST(InterruptPriority, VirtualFiqBeforeVirtualSError) {
  El2Context c;
  Unmasked(c, 1);
  SetHcr(c, B(hcrbit::FMO) | B(hcrbit::AMO) | B(hcrbit::VSE));
  c.SetInterruptLine(Ctx::kVfiqLine, true);
  ExpectPending(c, Interrupt::Fiq, 1, true);
}

// ---- virtual interrupt lines ----

TEST(VirtualInterruptLine, VirqLineWithImoIsAVirtualIrqToEl1) {
  El2Context c;
  Unmasked(c, 0);
  SetHcr(c, B(hcrbit::IMO));
  c.SetInterruptLine(Ctx::kVirqLine, true);
  ExpectPending(c, Interrupt::Irq, 1, true);
}

TEST(VirtualInterruptLine, VirqLineWithoutImoIsIgnored) {
  El2Context c;
  Unmasked(c, 1);
  SetHcr(c, B(hcrbit::FMO));
  c.SetInterruptLine(Ctx::kVirqLine, true);
  ExpectNothingPending(c);
  EXPECT_FALSE(c.InterruptWakesWfi());
}

TEST(VirtualInterruptLine, VirqLineIsNotTakenAtEl2) {
  El2Context c;
  Unmasked(c, 2);
  SetHcr(c, B(hcrbit::IMO));
  c.SetInterruptLine(Ctx::kVirqLine, true);
  ExpectNothingPending(c);
  EXPECT_FALSE(c.InterruptWakesWfi());
}

TEST(VirtualInterruptLine, VirqLineIsIgnoredUnderTge) {
  El2Context c;
  Unmasked(c, 0);
  SetHcr(c, B(hcrbit::TGE) | B(hcrbit::IMO));
  c.SetInterruptLine(Ctx::kVirqLine, true);
  ExpectNothingPending(c);
  EXPECT_FALSE(c.InterruptWakesWfi());
}

TEST(VirtualInterruptLine, VirqLineIsMaskedByPstateIButWakesWfi) {
  El2Context c;
  Unmasked(c, 1);
  c.s.PSTATE.I = true;
  SetHcr(c, B(hcrbit::IMO));
  c.SetInterruptLine(Ctx::kVirqLine, true);
  ExpectNothingPending(c);
  EXPECT_TRUE(c.InterruptWakesWfi());
}

TEST(VirtualInterruptLine, VirtualSErrorIsMaskedByPstateA) {
  El2Context c;
  Unmasked(c, 1);
  c.s.PSTATE.A = true;
  SetHcr(c, B(hcrbit::AMO) | B(hcrbit::VSE));
  ExpectNothingPending(c);
}

TEST(VirtualInterruptLine, HcrViStillPendsAfterTheLineDrops) {
  El2Context c;
  Unmasked(c, 1);
  SetHcr(c, B(hcrbit::IMO) | B(hcrbit::VI));
  c.SetInterruptLine(Ctx::kVirqLine, true);
  c.SetInterruptLine(Ctx::kVirqLine, false);
  ExpectPending(c, Interrupt::Irq, 1, true);
}

// ---- taking an interrupt ----

TEST(TakeInterrupt, IrqFromEl1tUsesTheCurrentElSp0IrqVector) {
  El2Context c;
  Unmasked(c, 1, /*sp=*/false);
  c.SetInterruptLine(Ctx::kIrqLine, true);
  ASSERT_TRUE(c.TakePendingInterrupt());
  EXPECT_EQ(c.s.PC, c.s.sys.VBAR_EL1 + 0x080);
}

TEST(TakeInterrupt, IrqFromEl1ToEl2UsesTheLowerElIrqVector) {
  El2Context c;
  Unmasked(c, 1);
  SetHcr(c, B(hcrbit::IMO));
  c.SetInterruptLine(Ctx::kIrqLine, true);
  ASSERT_TRUE(c.TakePendingInterrupt());
  EXPECT_EQ(c.s.PSTATE.EL, 2);
  EXPECT_EQ(c.s.PC, c.s.sys.VBAR_EL2 + 0x480);
}

TEST(TakeInterrupt, FiqFromEl0UnderTgeUsesTheEl2LowerElFiqVector) {
  El2Context c;
  Unmasked(c, 0);
  SetHcr(c, B(hcrbit::TGE));
  c.SetInterruptLine(Ctx::kFiqLine, true);
  ASSERT_TRUE(c.TakePendingInterrupt());
  EXPECT_EQ(c.s.PSTATE.EL, 2);
  EXPECT_EQ(c.s.PC, c.s.sys.VBAR_EL2 + 0x500);
}

TEST(TakeInterrupt, IrqAtEl2hUsesTheEl2CurrentElSpxIrqVector) {
  El2Context c;
  Unmasked(c, 2);
  SetHcr(c, B(hcrbit::IMO));
  c.SetInterruptLine(Ctx::kIrqLine, true);
  ASSERT_TRUE(c.TakePendingInterrupt());
  EXPECT_EQ(c.s.PC, c.s.sys.VBAR_EL2 + 0x280);
}

TEST(TakeInterrupt, VirtualSErrorFromEl0UsesTheLowerElSErrorVector) {
  El2Context c;
  Unmasked(c, 0);
  SetHcr(c, B(hcrbit::AMO) | B(hcrbit::VSE));
  ASSERT_TRUE(c.TakePendingInterrupt());
  EXPECT_EQ(c.s.PSTATE.EL, 1);
  EXPECT_EQ(c.s.PC, c.s.sys.VBAR_EL1 + 0x580);
}

TEST(TakeInterrupt, ElrIsTheNextInstruction) {
  El2Context c;
  Unmasked(c, 1);
  SetHcr(c, B(hcrbit::IMO));
  c.s.PC = kBase + 0x2468;  // between instructions: the one not yet executed
  c.SetInterruptLine(Ctx::kIrqLine, true);
  ASSERT_TRUE(c.TakePendingInterrupt());
  EXPECT_EQ(c.s.sys.ELR_EL2, kBase + 0x2468);
}

TEST(TakeInterrupt, SpsrHoldsThePstateOfTheInterruptedCode) {
  El2Context c;
  Unmasked(c, 1);
  c.SetNZCV(true, false, true, false);
  c.s.PSTATE.D = true;  // D and the flags survive; A, I, F clear
  SetHcr(c, B(hcrbit::IMO));
  c.SetInterruptLine(Ctx::kIrqLine, true);
  ASSERT_TRUE(c.TakePendingInterrupt());
  // N, C, D, M = EL1h (0b0101).
  EXPECT_EQ(c.s.sys.SPSR_EL2, uint64_t{1} << 31 | uint64_t{1} << 29 | uint64_t{1} << 9 | 0x5);
}

TEST(TakeInterrupt, EntryMasksDaif) {
  El2Context c;
  Unmasked(c, 1);
  SetHcr(c, B(hcrbit::FMO));
  c.SetInterruptLine(Ctx::kFiqLine, true);
  ASSERT_TRUE(c.TakePendingInterrupt());
  EXPECT_TRUE(c.s.PSTATE.D);
  EXPECT_TRUE(c.s.PSTATE.A);
  EXPECT_TRUE(c.s.PSTATE.I);
  EXPECT_TRUE(c.s.PSTATE.F);
}

TEST(TakeInterrupt, PhysicalIrqLeavesEsrUntouched) {
  El2Context c;
  Unmasked(c, 1);
  c.s.sys.ESR_EL2 = 0x1234;
  SetHcr(c, B(hcrbit::IMO));
  c.SetInterruptLine(Ctx::kIrqLine, true);
  ASSERT_TRUE(c.TakePendingInterrupt());
  EXPECT_EQ(c.s.sys.ESR_EL2, 0x1234u);
}

// ---- ISR_EL1 ----

TEST(InterruptStatus, El1WithoutImoShowsThePhysicalIrq) {
  El2Context c;
  SetEl(c, 1);
  c.SetInterruptLine(Ctx::kIrqLine, true);
  ASSERT_TRUE(c.Step(kMrsIsr));
  EXPECT_EQ(c.X(0), kIsrI);
}

TEST(InterruptStatus, El1WithImoHidesThePhysicalIrq) {
  El2Context c;
  SetEl(c, 1);
  SetHcr(c, B(hcrbit::IMO));
  c.SetInterruptLine(Ctx::kIrqLine, true);
  c.s.R[0] = 0x5555;
  ASSERT_TRUE(c.Step(kMrsIsr));
  EXPECT_EQ(c.X(0), 0u);
}

TEST(InterruptStatus, El1WithImoShowsTheVirqLine) {
  El2Context c;
  SetEl(c, 1);
  SetHcr(c, B(hcrbit::IMO));
  c.SetInterruptLine(Ctx::kVirqLine, true);
  ASSERT_TRUE(c.Step(kMrsIsr));
  EXPECT_EQ(c.X(0), kIsrI);
}

TEST(InterruptStatus, El1WithFmoShowsTheVfiqLine) {
  El2Context c;
  SetEl(c, 1);
  SetHcr(c, B(hcrbit::FMO));
  c.SetInterruptLine(Ctx::kVfiqLine, true);
  ASSERT_TRUE(c.Step(kMrsIsr));
  EXPECT_EQ(c.X(0), kIsrF);
}

TEST(InterruptStatus, El2ShowsThePhysicalLinesWhateverImoSays) {
  El2Context c;
  SetEl(c, 2);
  SetHcr(c, B(hcrbit::IMO) | B(hcrbit::FMO));
  c.SetInterruptLine(Ctx::kIrqLine, true);
  c.SetInterruptLine(Ctx::kFiqLine, true);
  ASSERT_TRUE(c.Step(kMrsIsr));
  EXPECT_EQ(c.X(0), kIsrI | kIsrF);
}

TEST(InterruptStatus, ShowsInterruptsPstateMasks) {
  El2Context c;
  SetEl(c, 1);
  c.s.PSTATE.I = c.s.PSTATE.F = c.s.PSTATE.A = true;
  SetHcr(c, B(hcrbit::AMO) | B(hcrbit::VSE));
  c.SetInterruptLine(Ctx::kIrqLine, true);
  ASSERT_TRUE(c.Step(kMrsIsr));
  EXPECT_EQ(c.X(0), kIsrA | kIsrI);
}

// ---- "look before the next instruction" notifications ----

TEST(InterruptNotification, SetInterruptLineNotifiesOnlyOnAChange) {
  NotifyingContext c;
  c.masking_changes = 0;
  c.SetInterruptLine(Ctx::kIrqLine, true);
  c.SetInterruptLine(Ctx::kIrqLine, true);
  EXPECT_EQ(c.masking_changes, 1u);
  c.SetInterruptLine(Ctx::kIrqLine, false);
  EXPECT_EQ(c.masking_changes, 2u);
}

TEST(InterruptNotification, DaifClrNotifies) {
  NotifyingContext c;
  SetEl(c, 1);
  c.s.PSTATE.I = true;
  c.masking_changes = 0;
  ASSERT_TRUE(c.Step(kMsrDaifClrI));
  EXPECT_FALSE(c.s.PSTATE.I);
  EXPECT_GE(c.masking_changes, 1u);
}

TEST(InterruptNotification, HcrWriteNotifies) {
  NotifyingContext c;
  SetEl(c, 2);
  c.masking_changes = 0;
  c.s.R[0] = B(hcrbit::IMO) | B(hcrbit::VI);
  ASSERT_TRUE(c.Step(Msr(3, 4, 1, 1, 0)));  // msr hcr_el2, x0
  EXPECT_GE(c.masking_changes, 1u);
}

}  // namespace
