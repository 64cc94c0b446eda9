// The generic timers' system registers (Arm ARM D12 "The Generic Timer in AArch64 state",
// the CNT* register descriptions in D24.x, and QEMU 10's gt_* functions in helper.c), one
// rule per test: the counters and CNTVOFF_EL2, CTL (ENABLE, IMASK, the computed read-only
// ISTATUS), CVAL, TVAL (a signed 32-bit view both ways), the output level and deadline the
// PE model schedules by, the TimersChanged() hook, and who may access what (CNTKCTL_EL1's
// EL0 enables first, then CNTHCTL_EL2.EL1PCTEN / EL1PCEN, E2H = 0).
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "isa/generic_timer.h"
#include "isa/system_registers.h"
#include "tests/isa/el2_test_context.h"

namespace {

using namespace mtesim::test::el2;
using mtesim::isa::GenericTimer;

// A context whose system counter the test sets, and which counts TimersChanged() calls
// and what the timers looked like when it was called.
class TimerContext : public El2Context {
 public:
  uint64_t count = 0;
  unsigned timers_changed = 0;
  std::vector<uint64_t> physical_deadline_seen;
  uint64_t PhysicalCount() override { return count; }
  void TimersChanged() override {
    ++timers_changed;
    physical_deadline_seen.push_back(TimerDeadline(GenericTimer::Physical));
  }
};

// Encodings (D24, checked with aarch64-linux-gnu-as where marked).
const Enc kCntfrq{"CNTFRQ_EL0", 3, 3, 14, 0, 0};
const Enc kCntpct{"CNTPCT_EL0", 3, 3, 14, 0, 1};
const Enc kCntvct{"CNTVCT_EL0", 3, 3, 14, 0, 2};
const Enc kCntpTval{"CNTP_TVAL_EL0", 3, 3, 14, 2, 0};
const Enc kCntpCtl{"CNTP_CTL_EL0", 3, 3, 14, 2, 1};
const Enc kCntpCval{"CNTP_CVAL_EL0", 3, 3, 14, 2, 2};
const Enc kCntvTval{"CNTV_TVAL_EL0", 3, 3, 14, 3, 0};
const Enc kCntvCtl{"CNTV_CTL_EL0", 3, 3, 14, 3, 1};
const Enc kCntvCval{"CNTV_CVAL_EL0", 3, 3, 14, 3, 2};
const Enc kCnthctl{"CNTHCTL_EL2", 3, 4, 14, 1, 0};
const Enc kCntvoff{"CNTVOFF_EL2", 3, 4, 14, 0, 3};
const Enc kCnthpTval{"CNTHP_TVAL_EL2", 3, 4, 14, 2, 0};
const Enc kCnthpCtl{"CNTHP_CTL_EL2", 3, 4, 14, 2, 1};
const Enc kCnthpCval{"CNTHP_CVAL_EL2", 3, 4, 14, 2, 2};
static_assert(Mrs(3, 3, 14, 0, 1, 3) == 0xD53BE023, "mrs x3, cntpct_el0");
static_assert(Msr(3, 3, 14, 2, 1, 5) == 0xD51BE225, "msr cntp_ctl_el0, x5");
static_assert(Mrs(3, 4, 14, 1, 0) == 0xD53CE100, "mrs x0, cnthctl_el2");
static_assert(Msr(3, 4, 14, 2, 2, 1) == 0xD51CE241, "msr cnthp_cval_el2, x1");
static_assert(Mrs(3, 4, 14, 0, 3, 2) == 0xD53CE062, "mrs x2, cntvoff_el2");

const std::vector<Enc> kEl1PhysicalTimer = {kCntpTval, kCntpCtl, kCntpCval};
const std::vector<Enc> kVirtualTimer = {kCntvTval, kCntvCtl, kCntvCval};
const std::vector<Enc> kHypTimer = {kCnthpTval, kCnthpCtl, kCnthpCval};

// CNTKCTL_EL1 / CNTHCTL_EL2 bits (D24.x), spelled out here.
constexpr uint64_t kEl0Pcten = 1, kEl0Vcten = 2, kEl0Vten = 1 << 8, kEl0Pten = 1 << 9;  // CNTKCTL_EL1
constexpr uint64_t kEl1Pcten = 1, kEl1Pcen = 2;                                          // CNTHCTL_EL2
constexpr uint64_t kEnable = 1, kImask = 2, kIstatus = 4;                                // CNTx_CTL

constexpr uint64_t kNever = ~uint64_t{0};
constexpr uint64_t Esr(uint32_t ec, uint32_t iss) { return uint64_t{ec} << 26 | kIl | iss; }

uint32_t MrsOf(const Enc& e, unsigned rt = 0) { return Mrs(e.op0, e.op1, e.crn, e.crm, e.op2, rt); }
uint32_t MsrOf(const Enc& e, unsigned rt = 0) { return Msr(e.op0, e.op1, e.crn, e.crm, e.op2, rt); }

// MRS at the current EL; fails the test if it takes an exception.
uint64_t Read(TimerContext& c, const Enc& e) {
  c.s.R[0] = 0xDEAD;
  EXPECT_TRUE(c.Step(MrsOf(e))) << e.name;
  return c.X(0);
}
void Write(TimerContext& c, const Enc& e, uint64_t v) {
  c.s.R[1] = v;
  EXPECT_TRUE(c.Step(MsrOf(e, 1))) << e.name;
}

// An access that must take an exception, to `el` with `esr`.
void ExpectException(TimerContext& c, uint32_t insn, unsigned el, uint64_t esr, const char* what) {
  const uint64_t pc = c.s.PC;
  EXPECT_FALSE(c.Step(insn)) << what;
  EXPECT_EQ(c.s.PSTATE.EL, el) << what;
  EXPECT_EQ(c.s.sys.ESR(el), esr) << what;
  EXPECT_EQ(c.s.sys.ELR(el), pc) << what;
}
void ExpectUndefined(TimerContext& c, uint32_t insn, const char* what) {
  ExpectException(c, insn, c.s.PSTATE.EL == 2 ? 2 : 1, Esr(0, 0), what);
}
// The EC 0x18 trap of an MRS (read) or MSR with Rt = 0 / 1 as Read/Write use.
void ExpectTrap(TimerContext& c, const Enc& e, bool read, unsigned el) {
  const unsigned rt = read ? 0 : 1;
  ExpectException(c, read ? MrsOf(e, rt) : MsrOf(e, rt), el,
                  Esr(0x18, SysRegIss(e.op0, e.op1, e.crn, e.crm, e.op2, rt, read)), e.name);
}

// ---- counters ----

TEST(GenericTimerCounter, CntfrqIsOneGigahertz) {
  TimerContext c;
  SetEl(c, 1);
  EXPECT_EQ(Read(c, kCntfrq), 1000000000u);
}

TEST(GenericTimerCounter, CntpctReadsTheSystemCounter) {
  TimerContext c;
  SetEl(c, 1);
  c.count = 0x123456789ull;
  EXPECT_EQ(Read(c, kCntpct), 0x123456789ull);
}

TEST(GenericTimerCounter, CntvctIsCntpctLessCntvoff) {
  TimerContext c;
  SetEl(c, 1);
  c.count = 10000;
  c.s.sys.CNTVOFF_EL2 = 2500;
  EXPECT_EQ(Read(c, kCntvct), 7500u);
}

TEST(GenericTimerCounter, CntvoffAppliesAtEl2) {
  TimerContext c;
  SetEl(c, 2);
  c.count = 10000;
  c.s.sys.CNTVOFF_EL2 = 2500;
  EXPECT_EQ(Read(c, kCntvct), 7500u);
}

TEST(GenericTimerCounter, CntvoffIsIgnoredWithoutEl2) {
  TimerContext c;
  c.ConfigureEl2(false);
  SetEl(c, 1);
  c.count = 10000;
  c.s.sys.CNTVOFF_EL2 = 2500;
  EXPECT_EQ(Read(c, kCntvct), 10000u);
}

TEST(GenericTimerCounter, CntvoffIsWritableAtEl2) {
  TimerContext c;
  SetEl(c, 2);
  c.count = 10000;
  Write(c, kCntvoff, 4000);
  EXPECT_EQ(Read(c, kCntvoff), 4000u);
  EXPECT_EQ(Read(c, kCntvct), 6000u);
}

// ---- CTL ----

TEST(GenericTimerControl, IstatusIsWhetherTheCountHasReachedCval) {
  TimerContext c;
  SetEl(c, 1);
  c.count = 499;
  Write(c, kCntpCval, 500);
  Write(c, kCntpCtl, kEnable);
  EXPECT_EQ(Read(c, kCntpCtl), kEnable);
  c.count = 500;
  EXPECT_EQ(Read(c, kCntpCtl), kEnable | kIstatus);
}

// ISTATUS of a disabled timer is UNKNOWN in the Arm ARM; QEMU (gt_recalc_timer) clears it.
TEST(GenericTimerControl, IstatusReadsZeroWhileDisabled) {
  TimerContext c;
  SetEl(c, 1);
  c.count = 1000;
  Write(c, kCntpCval, 10);
  Write(c, kCntpCtl, 0);
  EXPECT_EQ(Read(c, kCntpCtl), 0u);
}

TEST(GenericTimerControl, IstatusIsReadOnly) {
  TimerContext c;
  SetEl(c, 1);
  c.count = 0;
  Write(c, kCntpCval, 1000);
  Write(c, kCntpCtl, kEnable | kImask | kIstatus | 0xFFFFFFF8ull);
  EXPECT_EQ(Read(c, kCntpCtl), kEnable | kImask);
}

TEST(GenericTimerControl, ImaskKeepsIstatusButDropsTheOutput) {
  TimerContext c;
  SetEl(c, 1);
  c.count = 2000;
  Write(c, kCntpCval, 1000);
  Write(c, kCntpCtl, kEnable | kImask);
  EXPECT_EQ(Read(c, kCntpCtl), kEnable | kImask | kIstatus);
  EXPECT_FALSE(c.TimerOutputNow(GenericTimer::Physical));
}

TEST(GenericTimerControl, OutputIsAssertedWhenEnabledUnmaskedAndMet) {
  TimerContext c;
  SetEl(c, 1);
  c.count = 2000;
  Write(c, kCntvCval, 1000);
  Write(c, kCntvCtl, kEnable);
  EXPECT_TRUE(c.TimerOutputNow(GenericTimer::Virtual));
  c.count = 999;
  EXPECT_FALSE(c.TimerOutputNow(GenericTimer::Virtual));
}

TEST(GenericTimerControl, TheConditionIsAnUnsignedComparison) {
  TimerContext c;
  SetEl(c, 1);
  c.count = 0x10;
  Write(c, kCntpCval, 0xFFFFFFFFFFFFFFF0ull);  // negative if compared signed
  Write(c, kCntpCtl, kEnable);
  EXPECT_EQ(Read(c, kCntpCtl), kEnable);
}

TEST(GenericTimerControl, VirtualIstatusComparesTheVirtualCount) {
  TimerContext c;
  SetEl(c, 1);
  c.count = 1000;
  c.s.sys.CNTVOFF_EL2 = 300;  // CNTVCT_EL0 = 700
  Write(c, kCntvCval, 800);
  Write(c, kCntvCtl, kEnable);
  EXPECT_EQ(Read(c, kCntvCtl), kEnable);
}

TEST(GenericTimerControl, HypTimerHasItsOwnControl) {
  TimerContext c;
  SetEl(c, 2);
  c.count = 50;
  Write(c, kCnthpCval, 40);
  Write(c, kCnthpCtl, kEnable);
  EXPECT_EQ(Read(c, kCnthpCtl), kEnable | kIstatus);
  EXPECT_TRUE(c.TimerOutputNow(GenericTimer::HypPhysical));
  EXPECT_FALSE(c.TimerOutputNow(GenericTimer::Physical));
}

// ---- TVAL ----

TEST(GenericTimerValue, TvalReadIsTheLow32BitsOfANegativeDistance) {
  TimerContext c;
  SetEl(c, 1);
  c.count = 1000;
  Write(c, kCntpCval, 900);
  EXPECT_EQ(Read(c, kCntpTval), 0xFFFFFF9Cu);  // -100 in bits [31:0], [63:32] RES0
}

TEST(GenericTimerValue, TvalWriteIsSignExtended) {
  TimerContext c;
  SetEl(c, 1);
  c.count = 1000;
  Write(c, kCntpTval, 0xFFFFFF9Cu);  // -100
  EXPECT_EQ(Read(c, kCntpCval), 900u);
}

TEST(GenericTimerValue, TvalWriteIgnoresBits63To32) {
  TimerContext c;
  SetEl(c, 1);
  c.count = 1000;
  Write(c, kCntpTval, 0x1234567800000010ull);
  EXPECT_EQ(Read(c, kCntpCval), 1016u);
}

TEST(GenericTimerValue, VirtualTvalCountsInTheVirtualCounter) {
  TimerContext c;
  SetEl(c, 1);
  c.count = 1000;
  c.s.sys.CNTVOFF_EL2 = 300;
  Write(c, kCntvTval, 50);
  EXPECT_EQ(Read(c, kCntvCval), 750u);
  EXPECT_EQ(Read(c, kCntvTval), 50u);
}

// ---- deadlines ----

TEST(GenericTimerDeadline, PhysicalDeadlineIsCval) {
  TimerContext c;
  c.count = 1000;
  c.s.sys.CNTP_CVAL_EL0 = 5000;
  c.s.sys.CNTP_CTL_EL0 = kEnable;
  EXPECT_EQ(c.TimerDeadline(GenericTimer::Physical), 5000u);
}

TEST(GenericTimerDeadline, VirtualDeadlineIsCvalPlusCntvoff) {
  TimerContext c;
  c.count = 1000;
  c.s.sys.CNTVOFF_EL2 = 300;
  c.s.sys.CNTV_CVAL_EL0 = 5000;
  c.s.sys.CNTV_CTL_EL0 = kEnable;
  EXPECT_EQ(c.TimerDeadline(GenericTimer::Virtual), 5300u);
}

TEST(GenericTimerDeadline, DisabledOrMaskedTimerHasNoDeadline) {
  TimerContext c;
  c.count = 1000;
  c.s.sys.CNTHP_CVAL_EL2 = 5000;
  c.s.sys.CNTHP_CTL_EL2 = 0;
  EXPECT_EQ(c.TimerDeadline(GenericTimer::HypPhysical), kNever);
  c.s.sys.CNTHP_CTL_EL2 = kEnable | kImask;
  EXPECT_EQ(c.TimerDeadline(GenericTimer::HypPhysical), kNever);
}

TEST(GenericTimerDeadline, AlreadyFiredTimerHasNoDeadline) {
  TimerContext c;
  c.count = 6000;
  c.s.sys.CNTP_CVAL_EL0 = 5000;
  c.s.sys.CNTP_CTL_EL0 = kEnable;
  EXPECT_EQ(c.TimerDeadline(GenericTimer::Physical), kNever);
}

// Rule: the virtual timer fires when CNTPCT_EL0 - CNTVOFF_EL2 >= CVAL. With CNTPCT = 100,
// CNTVOFF = 50 and CVAL = 2^64 - 10 that needs CNTPCT = 2^64 + 40, beyond the 64-bit
// count: there is no deadline (QEMU's gt_recalc_timer: uadd64_overflow -> UINT64_MAX).
// A deadline below the current count would claim the timer is already due while its
// output is low (PhysicalCount() >= deadline forever).
TEST(GenericTimerDeadline, VirtualDeadlineBeyondTheCounterRangeIsNeverInThePast) {
  TimerContext c;
  c.count = 100;
  c.s.sys.CNTVOFF_EL2 = 50;
  c.s.sys.CNTV_CVAL_EL0 = ~uint64_t{0} - 9;
  c.s.sys.CNTV_CTL_EL0 = kEnable;
  ASSERT_FALSE(c.TimerOutputNow(GenericTimer::Virtual));
  const uint64_t deadline = c.TimerDeadline(GenericTimer::Virtual);
  EXPECT_TRUE(deadline == kNever || deadline > c.count) << std::hex << deadline;
}

// ---- the TimersChanged() hook ----

TEST(GenericTimerHook, EveryTimerRegisterWriteCallsTimersChanged) {
  TimerContext c;
  SetEl(c, 2);
  std::vector<Enc> all = kEl1PhysicalTimer;
  all.insert(all.end(), kVirtualTimer.begin(), kVirtualTimer.end());
  all.insert(all.end(), kHypTimer.begin(), kHypTimer.end());
  for (const Enc& e : all) {
    const unsigned before = c.timers_changed;
    Write(c, e, 1);
    EXPECT_EQ(c.timers_changed, before + 1) << e.name;
  }
}

TEST(GenericTimerHook, CntvoffAndCnthctlWritesCallTimersChanged) {
  TimerContext c;
  SetEl(c, 2);
  Write(c, kCntvoff, 77);
  EXPECT_EQ(c.timers_changed, 1u);
  Write(c, kCnthctl, 3);
  EXPECT_EQ(c.timers_changed, 2u);
}

TEST(GenericTimerHook, TheHookSeesTheNewValue) {
  TimerContext c;
  SetEl(c, 1);
  c.count = 10;
  Write(c, kCntpCval, 4096);
  Write(c, kCntpCtl, kEnable);
  ASSERT_EQ(c.physical_deadline_seen.size(), 2u);
  EXPECT_EQ(c.physical_deadline_seen[1], 4096u);
}

// ---- CNTHCTL_EL2 traps ----

TEST(GenericTimerAccess, CnthctlResetsToQemusValue) {
  TimerContext c;
  SetEl(c, 2);
  EXPECT_EQ(Read(c, kCnthctl), kEl1Pcten | kEl1Pcen);
}

TEST(GenericTimerAccess, El1pctenClearTrapsEl1CntpctReadsToEl2) {
  TimerContext c;
  c.s.sys.CNTHCTL_EL2 = kEl1Pcen;
  SetEl(c, 1);
  ExpectTrap(c, kCntpct, true, 2);
}

TEST(GenericTimerAccess, El1pctenClearTrapsEl0CntpctReadsToEl2) {
  TimerContext c;
  c.s.sys.CNTHCTL_EL2 = kEl1Pcen;
  c.s.sys.CNTKCTL_EL1 = kEl0Pcten;
  SetEl(c, 0);
  ExpectTrap(c, kCntpct, true, 2);
}

TEST(GenericTimerAccess, El1pctenDoesNotTrapCntvct) {
  TimerContext c;
  c.s.sys.CNTHCTL_EL2 = 0;
  SetEl(c, 1);
  c.count = 99;
  EXPECT_EQ(Read(c, kCntvct), 99u);
}

TEST(GenericTimerAccess, CnthctlDoesNotTrapEl2) {
  TimerContext c;
  c.s.sys.CNTHCTL_EL2 = 0;
  SetEl(c, 2);
  c.count = 42;
  EXPECT_EQ(Read(c, kCntpct), 42u);
  Write(c, kCntpCval, 7);
  EXPECT_EQ(Read(c, kCntpCval), 7u);
}

TEST(GenericTimerAccess, El1pcenClearTrapsTheEl1PhysicalTimerToEl2) {
  for (const Enc& e : kEl1PhysicalTimer)
    for (bool read : {true, false}) {
      TimerContext c;
      c.s.sys.CNTHCTL_EL2 = kEl1Pcten;
      SetEl(c, 1);
      ExpectTrap(c, e, read, 2);
    }
}

TEST(GenericTimerAccess, El1pcenDoesNotTrapTheVirtualTimer) {
  TimerContext c;
  c.s.sys.CNTHCTL_EL2 = 0;
  SetEl(c, 1);
  Write(c, kCntvCval, 1234);
  EXPECT_EQ(Read(c, kCntvCval), 1234u);
}

TEST(GenericTimerAccess, WithoutEl2NothingTrapsToEl2) {
  TimerContext c;
  c.ConfigureEl2(false);
  c.s.sys.CNTHCTL_EL2 = 0;
  SetEl(c, 1);
  c.count = 5;
  EXPECT_EQ(Read(c, kCntpct), 5u);
  Write(c, kCntpCval, 9);
}

// ---- CNTKCTL_EL1: EL0 enables, checked before CNTHCTL_EL2 ----

TEST(GenericTimerAccess, CntkctlEl0GateComesBeforeCnthctl) {
  TimerContext c;
  c.s.sys.CNTHCTL_EL2 = 0;
  c.s.sys.CNTKCTL_EL1 = 0;
  SetEl(c, 0);
  ExpectTrap(c, kCntpct, true, 1);
}

TEST(GenericTimerAccess, El0PhysicalTimerNeedsEl0pten) {
  TimerContext c;
  c.s.sys.CNTKCTL_EL1 = kEl0Pcten | kEl0Vcten | kEl0Vten;
  SetEl(c, 0);
  ExpectTrap(c, kCntpCtl, false, 1);
}

TEST(GenericTimerAccess, El0PhysicalTimerAllowedWithEl0pten) {
  TimerContext c;
  c.s.sys.CNTKCTL_EL1 = kEl0Pten;
  SetEl(c, 0);
  Write(c, kCntpCval, 321);
  EXPECT_EQ(Read(c, kCntpCval), 321u);
}

TEST(GenericTimerAccess, El0VirtualTimerNeedsEl0vten) {
  TimerContext c;
  c.s.sys.CNTKCTL_EL1 = kEl0Pcten | kEl0Vcten | kEl0Pten;
  SetEl(c, 0);
  ExpectTrap(c, kCntvTval, true, 1);
}

TEST(GenericTimerAccess, El0CntvctNeedsEl0vcten) {
  TimerContext c;
  c.s.sys.CNTKCTL_EL1 = kEl0Pcten | kEl0Vten | kEl0Pten;
  SetEl(c, 0);
  ExpectTrap(c, kCntvct, true, 1);
}

TEST(GenericTimerAccess, El0CntfrqNeedsAnEl0CounterEnable) {
  TimerContext c;
  c.s.sys.CNTKCTL_EL1 = kEl0Vten | kEl0Pten;
  SetEl(c, 0);
  ExpectTrap(c, kCntfrq, true, 1);
  c.s.sys.CNTKCTL_EL1 = kEl0Vcten;
  SetEl(c, 0);
  EXPECT_EQ(Read(c, kCntfrq), 1000000000u);
}

TEST(GenericTimerAccess, El0GateTrapsToEl2UnderTge) {
  TimerContext c;
  c.s.sys.CNTKCTL_EL1 = 0;
  SetHcr(c, B(hcrbit::TGE));
  SetEl(c, 0);
  ExpectTrap(c, kCntvct, true, 2);
}

// ---- the EL2 registers ----

TEST(GenericTimerAccess, HypTimerIsUndefinedAtEl1) {
  for (const Enc& e : kHypTimer) {
    TimerContext c;
    SetEl(c, 1);
    ExpectUndefined(c, MrsOf(e), e.name);
  }
}

TEST(GenericTimerAccess, CntvoffAndCnthctlAreUndefinedAtEl1) {
  for (const Enc& e : {kCntvoff, kCnthctl}) {
    TimerContext c;
    SetEl(c, 1);
    ExpectUndefined(c, MsrOf(e), e.name);
  }
}

TEST(GenericTimerAccess, El2TimerRegistersAreAbsentWithoutEl2) {
  using mtesim::isa::FindSystemRegister;
  for (const Enc& e : {kCnthpTval, kCnthpCtl, kCnthpCval, kCntvoff, kCnthctl}) {
    EXPECT_EQ(FindSystemRegister(e.op0, e.op1, e.crn, e.crm, e.op2, 0, false), nullptr) << e.name;
    EXPECT_NE(FindSystemRegister(e.op0, e.op1, e.crn, e.crm, e.op2, 0, true), nullptr) << e.name;
  }
}

}  // namespace
