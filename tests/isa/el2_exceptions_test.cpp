// Exception entry to and return from EL2 (Arm ARM: AArch64.TakeException, the routing
// rules of HCR_EL2.TGE, AArch64.CallHypervisor, AArch64.CheckForSMCUndefOrTrap,
// AArch64.DataAbort / AArch64.InstructionAbort with stage-2 faults, ESR_ELx ISS / ISS2,
// HPFAR_EL2; AArch64.ExceptionReturn and IllegalExceptionReturn). Every expected value is
// written out from those rules, one rule per test.
#include <gtest/gtest.h>

#include <cstdint>

#include "tests/isa/el2_test_context.h"

namespace {

using namespace mtesim::test::el2;
using mtesim::isa::Fault;
using mtesim::isa::FaultKind;
using mtesim::isa::MteFeatures;

constexpr uint64_t kVbar1 = kBase + 0x10000;
constexpr uint64_t kVbar2 = kBase + 0x20000;
constexpr uint64_t kPc = kBase + 0x1000;

constexpr uint64_t Esr(uint32_t ec, uint32_t iss) { return uint64_t{ec} << 26 | kIl | iss; }

// SPSR M[3:0] values (EL and SPSel).
constexpr uint64_t kEl0t = 0x0, kEl1t = 0x4, kEl1h = 0x5, kEl2t = 0x8, kEl2h = 0x9;
constexpr uint64_t kSpsrDaif = 0xF << 6;

// Sentinels in the registers of the EL an exception must not touch.
void FillEl1Syndrome(El2Context& c) {
  c.s.sys.ESR_EL1 = 0xE1E1;
  c.s.sys.ELR_EL1 = 0xE1E2;
  c.s.sys.SPSR_EL1 = 0xE1E3;
  c.s.sys.FAR_EL1 = 0xE1E4;
}
void FillEl2Syndrome(El2Context& c) {
  c.s.sys.ESR_EL2 = 0xE2E1;
  c.s.sys.ELR_EL2 = 0xE2E2;
  c.s.sys.SPSR_EL2 = 0xE2E3;
  c.s.sys.FAR_EL2 = 0xE2E4;
  c.s.sys.HPFAR_EL2 = 0xE2E50;
}
void ExpectEl1SyndromeUntouched(const El2Context& c) {
  EXPECT_EQ(c.s.sys.ESR_EL1, 0xE1E1u);
  EXPECT_EQ(c.s.sys.ELR_EL1, 0xE1E2u);
  EXPECT_EQ(c.s.sys.SPSR_EL1, 0xE1E3u);
  EXPECT_EQ(c.s.sys.FAR_EL1, 0xE1E4u);
}
void ExpectEl2SyndromeUntouched(const El2Context& c) {
  EXPECT_EQ(c.s.sys.ESR_EL2, 0xE2E1u);
  EXPECT_EQ(c.s.sys.ELR_EL2, 0xE2E2u);
  EXPECT_EQ(c.s.sys.SPSR_EL2, 0xE2E3u);
  EXPECT_EQ(c.s.sys.FAR_EL2, 0xE2E4u);
  EXPECT_EQ(c.s.sys.HPFAR_EL2, 0xE2E50u);
}

// ================================================================ target EL

TEST(El2ExceptionEntry, El0SvcGoesToEl1WithoutTge) {
  El2Context c;
  SetEl(c, 0);
  FillEl2Syndrome(c);
  ASSERT_FALSE(c.Step(kSvc0));
  EXPECT_EQ(c.s.PSTATE.EL, 1);
  EXPECT_EQ(c.s.sys.ESR_EL1, Esr(0x15, 0));
  EXPECT_EQ(c.s.sys.ELR_EL1, kPc + 4);
  EXPECT_EQ(c.s.PC, kVbar1 + 0x400);
  ExpectEl2SyndromeUntouched(c);
}

TEST(El2ExceptionEntry, El0SvcGoesToEl2WithTge) {
  El2Context c;
  SetHcr(c, B(hcrbit::TGE));
  SetEl(c, 0);
  FillEl1Syndrome(c);
  ASSERT_FALSE(c.Step(kSvc0));
  EXPECT_EQ(c.s.PSTATE.EL, 2);
  EXPECT_EQ(c.s.sys.ESR_EL2, Esr(0x15, 0));
  EXPECT_EQ(c.s.sys.ELR_EL2, kPc + 4);
  EXPECT_EQ(c.s.sys.SPSR_EL2, kSpsrDaif | kEl0t);
  EXPECT_EQ(c.s.PC, kVbar2 + 0x400);
  ExpectEl1SyndromeUntouched(c);
}

TEST(El2ExceptionEntry, El0UndefinedGoesToEl2WithTge) {
  El2Context c;
  SetHcr(c, B(hcrbit::TGE));
  SetEl(c, 0);
  FillEl1Syndrome(c);
  ASSERT_FALSE(c.Step(kUdf));
  EXPECT_EQ(c.s.PSTATE.EL, 2);
  EXPECT_EQ(c.s.sys.ESR_EL2, Esr(0x00, 0));
  EXPECT_EQ(c.s.sys.ELR_EL2, kPc);  // preferred return: the instruction itself
  EXPECT_EQ(c.s.PC, kVbar2 + 0x400);
  ExpectEl1SyndromeUntouched(c);
}

TEST(El2ExceptionEntry, El1UndefinedStaysAtEl1) {
  El2Context c;
  SetEl(c, 1);
  FillEl2Syndrome(c);
  ASSERT_FALSE(c.Step(kUdf));
  EXPECT_EQ(c.s.PSTATE.EL, 1);
  EXPECT_EQ(c.s.sys.ESR_EL1, Esr(0x00, 0));
  EXPECT_EQ(c.s.PC, kVbar1 + 0x200);
  ExpectEl2SyndromeUntouched(c);
}

TEST(El2ExceptionEntry, El1UndefinedStaysAtEl1EvenWithTge) {
  // TGE routes exceptions "that would be taken to EL1" from EL0; an exception is never
  // taken to a lower EL, and AArch64.TakeException routes EL1's own ones by the current EL.
  El2Context c;
  SetHcr(c, B(hcrbit::TGE));
  SetEl(c, 1);
  FillEl2Syndrome(c);
  ASSERT_FALSE(c.Step(kUdf));
  EXPECT_EQ(c.s.PSTATE.EL, 1);
  ExpectEl2SyndromeUntouched(c);
}

TEST(El2ExceptionEntry, El2UndefinedStaysAtEl2) {
  El2Context c;
  SetEl(c, 2);
  FillEl1Syndrome(c);
  ASSERT_FALSE(c.Step(kUdf));
  EXPECT_EQ(c.s.PSTATE.EL, 2);
  EXPECT_EQ(c.s.sys.ESR_EL2, Esr(0x00, 0));
  EXPECT_EQ(c.s.sys.ELR_EL2, kPc);
  ExpectEl1SyndromeUntouched(c);
}

// ================================================================ vector offsets (D1.10.2)

TEST(El2ExceptionEntry, CurrentElWithSp0UsesVectorOffset0) {
  El2Context c;
  SetEl(c, 2, /*sp=*/false);
  ASSERT_FALSE(c.Step(kUdf));
  EXPECT_EQ(c.s.PC, kVbar2 + 0x000);
}

TEST(El2ExceptionEntry, CurrentElWithSpxUsesVectorOffset0x200) {
  El2Context c;
  SetEl(c, 2, /*sp=*/true);
  ASSERT_FALSE(c.Step(kUdf));
  EXPECT_EQ(c.s.PC, kVbar2 + 0x200);
}

TEST(El2ExceptionEntry, LowerElAarch64UsesVectorOffset0x400FromVbarEl2) {
  for (bool sp : {false, true}) {
    El2Context c;
    SetEl(c, 1, sp);
    ASSERT_FALSE(c.Step(kHvc1234));
    EXPECT_EQ(c.s.PC, kVbar2 + 0x400) << sp;
  }
}

TEST(El2ExceptionEntry, VbarEl2LowBitsAreIgnored) {
  El2Context c;
  c.s.sys.VBAR_EL2 = kVbar2 | 0x7FF;  // bits [10:0] are RES0
  SetEl(c, 1);
  ASSERT_FALSE(c.Step(kHvc1234));
  EXPECT_EQ(c.s.PC, kVbar2 + 0x400);
}

// ================================================================ HVC (C6.2.126, AArch64.CallHypervisor)

TEST(El2Hvc, FromEl1IsTakenToEl2WithImm16AndNextPc) {
  El2Context c;
  SetEl(c, 1);
  FillEl1Syndrome(c);
  ASSERT_FALSE(c.Step(kHvc1234));
  EXPECT_EQ(c.s.PSTATE.EL, 2);
  EXPECT_EQ(c.s.sys.ESR_EL2, Esr(0x16, 0x1234));
  EXPECT_EQ(c.s.sys.ELR_EL2, kPc + 4);
  ExpectEl1SyndromeUntouched(c);
  EXPECT_TRUE(c.hypercalls.empty());  // with EL2, the firmware conduit is not used
}

TEST(El2Hvc, FromEl1SavesPstateInSpsrEl2) {
  El2Context c;
  SetEl(c, 1, true);
  c.s.PSTATE.N = true;
  c.s.PSTATE.C = true;
  c.s.PSTATE.D = false;
  c.s.PSTATE.A = true;
  c.s.PSTATE.I = false;
  c.s.PSTATE.F = true;
  ASSERT_FALSE(c.Step(kHvc1234));
  // N [31], C [29], A [8], F [6], M = EL1h.
  EXPECT_EQ(c.s.sys.SPSR_EL2, uint64_t{0xA0000000} | 0x100 | 0x40 | kEl1h);
}

TEST(El2Hvc, FromEl2IsTakenToEl2) {
  El2Context c;
  SetEl(c, 2);
  ASSERT_FALSE(c.Step(kHvc1234));
  EXPECT_EQ(c.s.PSTATE.EL, 2);
  EXPECT_EQ(c.s.sys.ESR_EL2, Esr(0x16, 0x1234));
  EXPECT_EQ(c.s.sys.ELR_EL2, kPc + 4);
  EXPECT_EQ(c.s.sys.SPSR_EL2 & 0xF, kEl2h);
  EXPECT_EQ(c.s.PC, kVbar2 + 0x200);
}

TEST(El2Hvc, AtEl0IsUndefined) {
  El2Context c;
  SetEl(c, 0);
  FillEl2Syndrome(c);
  ASSERT_FALSE(c.Step(kHvc1234));
  EXPECT_EQ(c.s.PSTATE.EL, 1);
  EXPECT_EQ(c.s.sys.ESR_EL1, Esr(0x00, 0));
  EXPECT_EQ(c.s.sys.ELR_EL1, kPc);
  ExpectEl2SyndromeUntouched(c);
  EXPECT_TRUE(c.hypercalls.empty());
}

TEST(El2Hvc, HcdMakesHvcUndefinedAtEl1) {
  El2Context c;
  SetHcr(c, B(hcrbit::HCD));
  SetEl(c, 1);
  FillEl2Syndrome(c);
  ASSERT_FALSE(c.Step(kHvc1234));
  // "Any resulting exception is taken to the Exception level at which the HVC
  // instruction is executed."
  EXPECT_EQ(c.s.PSTATE.EL, 1);
  EXPECT_EQ(c.s.sys.ESR_EL1, Esr(0x00, 0));
  EXPECT_EQ(c.s.sys.ELR_EL1, kPc);
  ExpectEl2SyndromeUntouched(c);
}

// HCR_EL2.HCD (no EL3): "HVC instructions are UNDEFINED at EL2 and EL1" (the HVC
// pseudocode: hvc_enable = NOT(HCR_EL2.HCD) whatever the EL; QEMU's pre_hvc likewise).
TEST(El2Hvc, HcdMakesHvcUndefinedAtEl2) {
  El2Context c;
  SetHcr(c, B(hcrbit::HCD));
  SetEl(c, 2);
  ASSERT_FALSE(c.Step(kHvc1234));
  EXPECT_EQ(c.s.PSTATE.EL, 2);
  EXPECT_EQ(c.s.sys.ESR_EL2, Esr(0x00, 0));
  EXPECT_EQ(c.s.sys.ELR_EL2, kPc);
}

// ================================================================ SMC (AArch64.CheckForSMCUndefOrTrap)

TEST(El2Smc, TscTrapsSmcFromEl1ToEl2WithTheSmcAsReturnAddress) {
  El2Context c;
  SetHcr(c, B(hcrbit::TSC));
  SetEl(c, 1);
  FillEl1Syndrome(c);
  ASSERT_FALSE(c.Step(kSmc5678));
  EXPECT_EQ(c.s.PSTATE.EL, 2);
  EXPECT_EQ(c.s.sys.ESR_EL2, Esr(0x17, 0x5678));
  EXPECT_EQ(c.s.sys.ELR_EL2, kPc);  // the trapped SMC itself, not the next instruction
  EXPECT_EQ(c.s.PC, kVbar2 + 0x400);
  EXPECT_TRUE(c.smcs.empty());
  ExpectEl1SyndromeUntouched(c);
}

TEST(El2Smc, WithoutTscSmcFromEl1GoesToTheFirmware) {
  El2Context c;
  SetEl(c, 1);
  ASSERT_TRUE(c.Step(kSmc5678));
  ASSERT_EQ(c.smcs.size(), 1u);
  EXPECT_EQ(c.smcs[0], 0x5678);
  EXPECT_EQ(c.s.PSTATE.EL, 1);
}

TEST(El2Smc, TscDoesNotTrapSmcAtEl2) {
  El2Context c;
  SetHcr(c, B(hcrbit::TSC));
  SetEl(c, 2);
  ASSERT_TRUE(c.Step(kSmc5678));
  EXPECT_EQ(c.smcs.size(), 1u);
}

TEST(El2Smc, SmcAtEl0IsUndefinedEvenWithTsc) {
  El2Context c;
  SetHcr(c, B(hcrbit::TSC));
  SetEl(c, 0);
  FillEl2Syndrome(c);
  ASSERT_FALSE(c.Step(kSmc5678));
  EXPECT_EQ(c.s.PSTATE.EL, 1);
  EXPECT_EQ(c.s.sys.ESR_EL1, Esr(0x00, 0));
  ExpectEl2SyndromeUntouched(c);
  EXPECT_TRUE(c.smcs.empty());
}

TEST(El2Smc, UnhandledSmcAtEl1IsUndefinedAtEl1) {
  El2Context c;
  c.firmware_handles = false;
  SetEl(c, 1);
  FillEl2Syndrome(c);
  ASSERT_FALSE(c.Step(kSmc5678));
  EXPECT_EQ(c.s.PSTATE.EL, 1);
  EXPECT_EQ(c.s.sys.ESR_EL1, Esr(0x00, 0));
  ExpectEl2SyndromeUntouched(c);
}

TEST(El2Smc, UnhandledSmcAtEl2IsUndefinedAtEl2) {
  El2Context c;
  c.firmware_handles = false;
  SetEl(c, 2);
  ASSERT_FALSE(c.Step(kSmc5678));
  EXPECT_EQ(c.s.PSTATE.EL, 2);
  EXPECT_EQ(c.s.sys.ESR_EL2, Esr(0x00, 0));
}

TEST(El2Smc, TscIsIgnoredWithoutEl2) {
  El2Context c;
  c.ConfigureEl2(false);
  SetHcr(c, B(hcrbit::TSC));  // stored, but HCR_EL2 has no effect without EL2
  SetEl(c, 1);
  ASSERT_TRUE(c.Step(kSmc5678));
  EXPECT_EQ(c.smcs.size(), 1u);
}

// ================================================================ PSTATE on entry

TEST(El2EntryPstate, EntryToEl2MasksDaifSelectsSpxAndSetsEl) {
  El2Context c;
  SetEl(c, 1, /*sp=*/false);
  c.s.PSTATE.D = c.s.PSTATE.A = c.s.PSTATE.I = c.s.PSTATE.F = false;
  ASSERT_FALSE(c.Step(kHvc1234));
  EXPECT_TRUE(c.s.PSTATE.D && c.s.PSTATE.A && c.s.PSTATE.I && c.s.PSTATE.F);
  EXPECT_TRUE(c.s.PSTATE.SP);
  EXPECT_EQ(c.s.PSTATE.EL, 2);
}

TEST(El2EntryPstate, EntryClearsIlAndSavesItInSpsr) {
  El2Context c;
  SetEl(c, 1);
  c.s.PSTATE.IL = true;
  ASSERT_FALSE(c.Step(kHvc1234));
  EXPECT_FALSE(c.s.PSTATE.IL);
  EXPECT_EQ((c.s.sys.SPSR_EL2 >> 20) & 1, 1u);
}

TEST(El2EntryPstate, EntryToEl1SetsPanWhenSpanIsZero) {
  El2Context c;
  c.s.sys.SCTLR_EL1 &= ~B(23);  // SPAN = 0
  SetEl(c, 0);
  c.s.PSTATE.PAN = false;
  ASSERT_FALSE(c.Step(kSvc0));
  EXPECT_EQ(c.s.PSTATE.EL, 1);
  EXPECT_TRUE(c.s.PSTATE.PAN);
}

TEST(El2EntryPstate, EntryToEl1LeavesPanWhenSpanIsOne) {
  El2Context c;
  c.s.sys.SCTLR_EL1 |= B(23);
  SetEl(c, 0);
  c.s.PSTATE.PAN = false;
  ASSERT_FALSE(c.Step(kSvc0));
  EXPECT_FALSE(c.s.PSTATE.PAN);
}

TEST(El2EntryPstate, EntryToEl2DoesNotSetPan) {
  El2Context c;
  c.s.sys.SCTLR_EL1 &= ~B(23);  // SPAN of EL1 does not matter for EL2
  SetEl(c, 1);
  c.s.PSTATE.PAN = false;
  ASSERT_FALSE(c.Step(kHvc1234));
  EXPECT_FALSE(c.s.PSTATE.PAN);
}

TEST(El2EntryPstate, EntryToEl2DoesNotClearPan) {
  El2Context c;
  SetEl(c, 1);
  c.s.PSTATE.PAN = true;
  ASSERT_FALSE(c.Step(kHvc1234));
  EXPECT_TRUE(c.s.PSTATE.PAN);
  EXPECT_EQ((c.s.sys.SPSR_EL2 >> 22) & 1, 1u);
}

TEST(El2EntryPstate, EntryToEl2ClearsUao) {
  El2Context c;
  SetEl(c, 1);
  c.s.PSTATE.UAO = true;
  ASSERT_FALSE(c.Step(kHvc1234));
  EXPECT_FALSE(c.s.PSTATE.UAO);
  EXPECT_EQ((c.s.sys.SPSR_EL2 >> 23) & 1, 1u);
}

TEST(El2EntryPstate, EntryToEl2SetsTcoWithMte) {
  El2Context c;
  MteFeatures f;
  f.level = 2;
  c.ConfigureMte(f);
  SetEl(c, 1);
  c.s.PSTATE.TCO = false;
  ASSERT_FALSE(c.Step(kHvc1234));
  EXPECT_TRUE(c.s.PSTATE.TCO);
  EXPECT_EQ((c.s.sys.SPSR_EL2 >> 25) & 1, 0u);
}

TEST(El2EntryPstate, EntryToEl2TakesSsbsFromSctlrEl2Dssbs) {
  {
    El2Context c;
    c.s.sys.SCTLR_EL2 |= B(44);
    c.s.sys.SCTLR_EL1 &= ~B(44);
    SetEl(c, 1);
    c.s.PSTATE.SSBS = false;
    ASSERT_FALSE(c.Step(kHvc1234));
    EXPECT_TRUE(c.s.PSTATE.SSBS);
  }
  {
    El2Context c;
    c.s.sys.SCTLR_EL2 &= ~B(44);
    c.s.sys.SCTLR_EL1 |= B(44);
    SetEl(c, 1);
    c.s.PSTATE.SSBS = true;
    ASSERT_FALSE(c.Step(kHvc1234));
    EXPECT_FALSE(c.s.PSTATE.SSBS);
  }
}

TEST(El2EntryPstate, EntryToEl1TakesSsbsFromSctlrEl1Dssbs) {
  El2Context c;
  c.s.sys.SCTLR_EL1 |= B(44);
  c.s.sys.SCTLR_EL2 &= ~B(44);
  SetEl(c, 0);
  c.s.PSTATE.SSBS = false;
  ASSERT_FALSE(c.Step(kSvc0));
  EXPECT_TRUE(c.s.PSTATE.SSBS);
}

// ================================================================ SP banking (D1.6.2)

TEST(El2StackPointers, EntryFromEl1hBanksSpEl1AndSelectsSpEl2) {
  El2Context c;
  SetEl(c, 1, true);
  c.s.R[31] = 0x1111;  // SP_EL1, current
  c.s.SP_el[0] = 0x1000;
  c.s.SP_el[2] = 0x2222;
  ASSERT_FALSE(c.Step(kHvc1234));
  EXPECT_EQ(c.SP(), 0x2222u);
  EXPECT_EQ(c.s.SP_el[1], 0x1111u);
  EXPECT_EQ(c.s.SP_el[0], 0x1000u);
}

TEST(El2StackPointers, EntryFromEl1tBanksSpEl0) {
  El2Context c;
  SetEl(c, 1, false);
  c.s.R[31] = 0x3333;  // SP_EL0, current
  c.s.SP_el[1] = 0x1111;
  c.s.SP_el[2] = 0x2222;
  ASSERT_FALSE(c.Step(kHvc1234));
  EXPECT_EQ(c.SP(), 0x2222u);
  EXPECT_EQ(c.s.SP_el[0], 0x3333u);
  EXPECT_EQ(c.s.SP_el[1], 0x1111u);
}

TEST(El2StackPointers, EntryFromEl0WithTgeBanksSpEl0AndSelectsSpEl2) {
  El2Context c;
  SetHcr(c, B(hcrbit::TGE));
  SetEl(c, 0);
  c.s.R[31] = 0x3333;
  c.s.SP_el[2] = 0x2222;
  ASSERT_FALSE(c.Step(kSvc0));
  EXPECT_EQ(c.SP(), 0x2222u);
  EXPECT_EQ(c.s.SP_el[0], 0x3333u);
}

TEST(El2StackPointers, EntryAtEl2tSelectsSpEl2AndKeepsSpEl0) {
  El2Context c;
  SetEl(c, 2, false);
  c.s.R[31] = 0x3333;  // SP_EL0
  c.s.SP_el[2] = 0x2222;
  ASSERT_FALSE(c.Step(kUdf));
  EXPECT_EQ(c.SP(), 0x2222u);
  EXPECT_EQ(c.s.SP_el[0], 0x3333u);
}

// ================================================================ aborts (AArch64.DataAbort, D24.2.46)

Fault Stage2Fault(FaultKind kind, int level, bool write, uint64_t ipa) {
  Fault f;
  f.kind = kind;
  f.level = static_cast<int8_t>(level);
  f.write = write;
  f.stage2 = true;
  f.ipa = ipa;
  return f;
}

TEST(El2Aborts, Stage2DataAbortFromEl1IsTakenToEl2AsLowerEl) {
  El2Context c;
  SetEl(c, 1);
  FillEl1Syndrome(c);
  const uint64_t va = 0xFFFF000012345678, ipa = 0x876543210ABC;
  ASSERT_TRUE(Takes([&] { c.DataAbort(va, Stage2Fault(FaultKind::Translation, 2, true, ipa)); }));
  EXPECT_EQ(c.s.PSTATE.EL, 2);
  EXPECT_EQ(c.s.sys.ESR_EL2, Esr(0x24, 0x06 | 1u << 6));  // DFSC translation level 2, WnR
  EXPECT_EQ(c.s.sys.FAR_EL2, va);
  EXPECT_EQ(c.s.sys.HPFAR_EL2, uint64_t{0x876543210} << 4);  // FIPA = IPA[47:12] at [39:4]
  EXPECT_EQ(c.s.sys.ELR_EL2, kPc);
  EXPECT_EQ(c.s.PC, kVbar2 + 0x400);
  ExpectEl1SyndromeUntouched(c);
}

TEST(El2Aborts, Stage2DataAbortFromEl0IsTakenToEl2) {
  El2Context c;
  SetEl(c, 0);
  FillEl1Syndrome(c);
  ASSERT_TRUE(Takes([&] { c.DataAbort(0x1000, Stage2Fault(FaultKind::Permission, 3, false, 0x5000)); }));
  EXPECT_EQ(c.s.PSTATE.EL, 2);
  EXPECT_EQ(c.s.sys.ESR_EL2, Esr(0x24, 0x0F));
  EXPECT_EQ(c.s.sys.HPFAR_EL2, uint64_t{0x5} << 4);
  ExpectEl1SyndromeUntouched(c);
}

TEST(El2Aborts, Stage2FaultOnStage1WalkSetsS1ptw) {
  El2Context c;
  SetEl(c, 1);
  Fault f = Stage2Fault(FaultKind::Translation, 1, false, 0x80000000);
  f.s1ptw = true;
  ASSERT_TRUE(Takes([&] { c.DataAbort(0x2000, f); }));
  EXPECT_EQ(IssOf(c.s.sys.ESR_EL2), 0x05u | 1u << 7);
}

TEST(El2Aborts, Stage1DataAbortAtEl1StaysAtEl1) {
  El2Context c;
  SetEl(c, 1);
  FillEl2Syndrome(c);
  Fault f;
  f.kind = FaultKind::Translation;
  f.level = 3;
  ASSERT_TRUE(Takes([&] { c.DataAbort(0x3000, f); }));
  EXPECT_EQ(c.s.PSTATE.EL, 1);
  EXPECT_EQ(c.s.sys.ESR_EL1, Esr(0x25, 0x07));
  EXPECT_EQ(c.s.sys.FAR_EL1, 0x3000u);
  ExpectEl2SyndromeUntouched(c);
}

TEST(El2Aborts, DataAbortAtEl2IsSameElClass) {
  El2Context c;
  SetEl(c, 2);
  FillEl1Syndrome(c);
  c.s.R[1] = 0x10;  // outside the flat memory window: Translation fault
  ASSERT_FALSE(c.Step(0xF9400023));  // ldr x3, [x1]
  EXPECT_EQ(c.s.PSTATE.EL, 2);
  EXPECT_EQ(EcOf(c.s.sys.ESR_EL2), 0x25u);
  EXPECT_EQ(c.s.sys.FAR_EL2, 0x10u);
  EXPECT_EQ(c.s.sys.ELR_EL2, kPc);
  EXPECT_EQ(c.s.PC, kVbar2 + 0x200);
  ExpectEl1SyndromeUntouched(c);
}

TEST(El2Aborts, El0DataAbortWithTgeIsTakenToEl2AsLowerEl) {
  El2Context c;
  SetHcr(c, B(hcrbit::TGE));
  SetEl(c, 0);
  FillEl1Syndrome(c);
  c.s.R[1] = 0x10;
  ASSERT_FALSE(c.Step(0xF9400023));  // ldr x3, [x1]
  EXPECT_EQ(c.s.PSTATE.EL, 2);
  EXPECT_EQ(EcOf(c.s.sys.ESR_EL2), 0x24u);
  EXPECT_EQ(c.s.sys.FAR_EL2, 0x10u);
  ExpectEl1SyndromeUntouched(c);
}

TEST(El2Aborts, Stage2InstructionAbortFromEl1IsTakenToEl2AsLowerEl) {
  El2Context c;
  SetEl(c, 1);
  FillEl1Syndrome(c);
  ASSERT_TRUE(Takes([&] { c.InstructionAbort(kPc, Stage2Fault(FaultKind::AccessFlag, 3, false, 0x12345000)); }));
  EXPECT_EQ(c.s.PSTATE.EL, 2);
  EXPECT_EQ(c.s.sys.ESR_EL2, Esr(0x20, 0x0B));
  EXPECT_EQ(c.s.sys.FAR_EL2, kPc);
  EXPECT_EQ(c.s.sys.HPFAR_EL2, uint64_t{0x12345} << 4);
  ExpectEl1SyndromeUntouched(c);
}

TEST(El2Aborts, InstructionAbortAtEl2IsSameElClass) {
  El2Context c;
  SetEl(c, 2);
  Fault f;
  f.kind = FaultKind::Translation;
  f.level = 0;
  ASSERT_TRUE(Takes([&] { c.InstructionAbort(kPc, f); }));
  EXPECT_EQ(c.s.sys.ESR_EL2, Esr(0x21, 0x04));
  EXPECT_EQ(c.s.sys.FAR_EL2, kPc);
}

TEST(El2Aborts, NoTagAccessFaultSetsIss2TagAccess) {
  El2Context c;
  SetEl(c, 1);
  Fault f = Stage2Fault(FaultKind::Permission, 3, false, 0x9000);
  f.tag_access = true;
  ASSERT_TRUE(Takes([&] { c.DataAbort(0x9000, f); }));
  EXPECT_EQ(c.s.sys.ESR_EL2 >> 32, uint64_t{1} << 9);  // ISS2.TagAccess = ESR_EL2[41]
  EXPECT_EQ(c.s.sys.ESR_EL2 & 0xFFFFFFFF, Esr(0x24, 0x0F));
}

TEST(El2Aborts, InstructionSyndromeIsMergedIntoTheIss) {
  El2Context c;
  SetEl(c, 1);
  Fault f = Stage2Fault(FaultKind::Translation, 3, true, 0x9000);
  // ISV [24], SAS = 0b11 [23:22], SSE 0, SRT = 3 [20:16], SF [15], AR 0: STR X3, [...].
  const uint32_t syndrome = 1u << 24 | 3u << 22 | 3u << 16 | 1u << 15;
  f.instruction_syndrome = syndrome;
  ASSERT_TRUE(Takes([&] { c.DataAbort(0x9000, f); }));
  EXPECT_EQ(c.s.sys.ESR_EL2, Esr(0x24, syndrome | 1u << 6 | 0x07));
}

// ================================================================ ERET from EL2 (AArch64.ExceptionReturn)

void PrepareEret(El2Context& c, uint64_t spsr, uint64_t elr = kBase + 0x4000) {
  SetEl(c, 2, true);
  c.s.sys.SPSR_EL2 = spsr;
  c.s.sys.ELR_EL2 = elr;
  c.s.sys.SPSR_EL1 = 0x3C5;  // must not be used
  c.s.sys.ELR_EL1 = kBase + 0x8000;
}

TEST(El2Eret, ToEl2hUsesSpEl2) {
  El2Context c;
  PrepareEret(c, kSpsrDaif | kEl2h);
  c.s.R[31] = 0x2222;
  c.s.SP_el[0] = 0x3333;
  ASSERT_TRUE(c.Step(kEret));
  EXPECT_EQ(c.s.PSTATE.EL, 2);
  EXPECT_TRUE(c.s.PSTATE.SP);
  EXPECT_FALSE(c.s.PSTATE.IL);
  EXPECT_EQ(c.SP(), 0x2222u);
  EXPECT_EQ(c.s.PC, kBase + 0x4000);
}

TEST(El2Eret, ToEl2tUsesSpEl0) {
  El2Context c;
  PrepareEret(c, kSpsrDaif | kEl2t);
  c.s.R[31] = 0x2222;
  c.s.SP_el[0] = 0x3333;
  ASSERT_TRUE(c.Step(kEret));
  EXPECT_EQ(c.s.PSTATE.EL, 2);
  EXPECT_FALSE(c.s.PSTATE.SP);
  EXPECT_EQ(c.SP(), 0x3333u);
  EXPECT_EQ(c.s.SP_el[2], 0x2222u);
}

TEST(El2Eret, ToEl1hUsesSpEl1AndElrEl2) {
  El2Context c;
  PrepareEret(c, kSpsrDaif | kEl1h);
  c.s.R[31] = 0x2222;
  c.s.SP_el[1] = 0x1111;
  ASSERT_TRUE(c.Step(kEret));
  EXPECT_EQ(c.s.PSTATE.EL, 1);
  EXPECT_TRUE(c.s.PSTATE.SP);
  EXPECT_EQ(c.SP(), 0x1111u);
  EXPECT_EQ(c.s.SP_el[2], 0x2222u);
  EXPECT_EQ(c.s.PC, kBase + 0x4000);
}

TEST(El2Eret, ToEl1tUsesSpEl0) {
  El2Context c;
  PrepareEret(c, kSpsrDaif | kEl1t);
  c.s.SP_el[0] = 0x3333;
  ASSERT_TRUE(c.Step(kEret));
  EXPECT_EQ(c.s.PSTATE.EL, 1);
  EXPECT_FALSE(c.s.PSTATE.SP);
  EXPECT_EQ(c.SP(), 0x3333u);
}

TEST(El2Eret, ToEl0tUsesSpEl0) {
  El2Context c;
  PrepareEret(c, kEl0t);
  c.s.SP_el[0] = 0x3333;
  ASSERT_TRUE(c.Step(kEret));
  EXPECT_EQ(c.s.PSTATE.EL, 0);
  EXPECT_EQ(c.SP(), 0x3333u);
  EXPECT_EQ(c.s.PC, kBase + 0x4000);
}

TEST(El2Eret, ToEl0IsLegalWithTge) {
  El2Context c;
  SetHcr(c, B(hcrbit::TGE));
  PrepareEret(c, kEl0t);
  ASSERT_TRUE(c.Step(kEret));
  EXPECT_EQ(c.s.PSTATE.EL, 0);
  EXPECT_FALSE(c.s.PSTATE.IL);
}

TEST(El2Eret, RestoresNzcvDaifPanAndIlFromSpsrEl2) {
  El2Context c;
  // N, V, PAN [22], IL [20], D [9], F [6], EL1h.
  PrepareEret(c, uint64_t{0x90000000} | B(22) | B(20) | B(9) | B(6) | kEl1h);
  ASSERT_TRUE(c.Step(kEret));
  const auto& p = c.s.PSTATE;
  EXPECT_TRUE(p.N && !p.Z && !p.C && p.V);
  EXPECT_TRUE(p.D && !p.A && !p.I && p.F);
  EXPECT_TRUE(p.PAN);
  EXPECT_TRUE(p.IL);  // a legal return restores IL from the SPSR
  EXPECT_EQ(p.EL, 1);
}

TEST(El2Eret, ClearsTheExclusiveMonitor) {
  El2Context c;
  PrepareEret(c, kEl1h);
  c.s.excl_valid = true;
  ASSERT_TRUE(c.Step(kEret));
  EXPECT_FALSE(c.s.excl_valid);
}

// Illegal returns: PSTATE.IL set, EL and SPSel kept, PC from ELR, NZCV and DAIF restored.
void ExpectIllegalReturn(El2Context& c, unsigned el, bool sp, uint64_t elr) {
  EXPECT_TRUE(c.s.PSTATE.IL);
  EXPECT_EQ(c.s.PSTATE.EL, el);
  EXPECT_EQ(c.s.PSTATE.SP, sp);
  EXPECT_EQ(c.s.PC, elr);
}

TEST(El2Eret, ToEl3IsIllegal) {
  El2Context c;
  PrepareEret(c, 0xD);  // EL3h
  c.s.R[31] = 0x2222;
  ASSERT_TRUE(c.Step(kEret));
  ExpectIllegalReturn(c, 2, true, kBase + 0x4000);
  EXPECT_EQ(c.SP(), 0x2222u);
}

TEST(El2Eret, FromEl1ToEl2IsIllegal) {
  El2Context c;
  SetEl(c, 1, true);
  c.s.sys.SPSR_EL1 = kEl2h;
  c.s.sys.ELR_EL1 = kBase + 0x5000;
  ASSERT_TRUE(c.Step(kEret));
  ExpectIllegalReturn(c, 1, true, kBase + 0x5000);
}

TEST(El2Eret, ToAarch32IsIllegal) {
  El2Context c;
  PrepareEret(c, 0x10);  // M[4] = 1: AArch32 User; EL1 and EL0 are AArch64-only
  ASSERT_TRUE(c.Step(kEret));
  ExpectIllegalReturn(c, 2, true, kBase + 0x4000);
}

TEST(El2Eret, ReservedM1IsIllegal) {
  for (uint64_t m : {0x2u, 0x6u, 0x7u, 0xBu}) {
    El2Context c;
    PrepareEret(c, m);
    ASSERT_TRUE(c.Step(kEret));
    ExpectIllegalReturn(c, 2, true, kBase + 0x4000);
  }
}

TEST(El2Eret, ToEl0WithSpxIsIllegal) {
  El2Context c;
  PrepareEret(c, 0x1);  // M = 0b0001: EL0 with SP_ELx
  ASSERT_TRUE(c.Step(kEret));
  ExpectIllegalReturn(c, 2, true, kBase + 0x4000);
}

TEST(El2Eret, ToEl1WhileTgeIsSetIsIllegal) {
  El2Context c;
  SetHcr(c, B(hcrbit::TGE));
  PrepareEret(c, kEl1h);
  ASSERT_TRUE(c.Step(kEret));
  ExpectIllegalReturn(c, 2, true, kBase + 0x4000);
}

TEST(El2Eret, ToEl2WithoutEl2IsIllegal) {
  El2Context c;
  c.ConfigureEl2(false);
  SetEl(c, 1, false);
  c.s.sys.SPSR_EL1 = kEl2t;
  c.s.sys.ELR_EL1 = kBase + 0x5000;
  ASSERT_TRUE(c.Step(kEret));
  ExpectIllegalReturn(c, 1, false, kBase + 0x5000);
}

TEST(El2Eret, IllegalReturnStillRestoresNzcvAndDaif) {
  El2Context c;
  PrepareEret(c, uint64_t{0x60000000} | B(8) | 0xD);  // Z, C, A; EL3h
  c.s.PSTATE.D = c.s.PSTATE.I = c.s.PSTATE.F = true;
  ASSERT_TRUE(c.Step(kEret));
  const auto& p = c.s.PSTATE;
  EXPECT_TRUE(!p.N && p.Z && p.C && !p.V);
  EXPECT_TRUE(!p.D && p.A && !p.I && !p.F);
  EXPECT_TRUE(p.IL);
}

TEST(El2Eret, EretAtEl0IsUndefined) {
  El2Context c;
  SetEl(c, 0);
  c.s.sys.SPSR_EL1 = kEl1h;
  ASSERT_FALSE(c.Step(kEret));
  EXPECT_EQ(c.s.PSTATE.EL, 1);
  EXPECT_EQ(c.s.sys.ESR_EL1, Esr(0x00, 0));
  EXPECT_EQ(c.s.sys.ELR_EL1, kPc);
}

TEST(El2Eret, EretAtEl0WithTgeIsUndefinedAtEl2) {
  El2Context c;
  SetHcr(c, B(hcrbit::TGE));
  SetEl(c, 0);
  ASSERT_FALSE(c.Step(kEret));
  EXPECT_EQ(c.s.PSTATE.EL, 2);
  EXPECT_EQ(c.s.sys.ESR_EL2, Esr(0x00, 0));
}

TEST(El2Eret, HvcThenEretRoundTripsToEl1) {
  El2Context c;
  SetEl(c, 1, true);
  c.s.R[31] = 0x1111;
  c.s.SP_el[2] = 0x2222;
  c.s.PSTATE.D = c.s.PSTATE.A = c.s.PSTATE.I = c.s.PSTATE.F = false;
  ASSERT_FALSE(c.Step(kHvc1234));
  ASSERT_EQ(c.s.PSTATE.EL, 2);
  ASSERT_TRUE(c.Step(kEret));
  EXPECT_EQ(c.s.PSTATE.EL, 1);
  EXPECT_EQ(c.s.PC, kPc + 4);
  EXPECT_EQ(c.SP(), 0x1111u);
  EXPECT_EQ(c.s.SP_el[2], 0x2222u);
  EXPECT_FALSE(c.s.PSTATE.D || c.s.PSTATE.A || c.s.PSTATE.I || c.s.PSTATE.F);
}

}  // namespace
