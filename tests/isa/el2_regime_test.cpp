// The translation regime an access uses with EL2 (nVHE): EL2 accesses use the EL2 regime's
// controls (SCTLR_EL2, TCR_EL2), EL0/EL1 accesses the EL1&0 ones, and exception entry to
// EL2 and ERET to EL1 switch between them. HCR_EL2.TGE makes SCTLR_EL1.M behave as 0
// (stage 1 off: data accesses are Device memory, so unaligned accesses fault) and
// HCR_EL2.DC makes stage 1 off give Normal memory. LDTR/STTR at EL2 are ordinary EL2
// accesses (AArch64.UnprivilegedAccess... only EL1, or EL2 with E2H:TGE = 11, is
// "unprivileged"). The flat test memory is identity mapped and Tagged.
#include <gtest/gtest.h>

#include <cstdint>

#include "tests/isa/el2_test_context.h"

namespace {

using namespace mtesim::test::el2;
using mtesim::isa::MteFeatures;

constexpr uint64_t kData = kBase + 0x8000;
constexpr uint64_t kSctlrM = uint64_t{1} << 0, kSctlrA = uint64_t{1} << 1;
constexpr uint64_t kSctlrAta = uint64_t{1} << 43, kSctlrAta0 = uint64_t{1} << 42;
constexpr uint64_t kTcfSync = uint64_t{1} << 40, kTcf0Sync = uint64_t{1} << 38;
constexpr uint64_t kTcr1Tbi0 = uint64_t{1} << 37, kTcr2Tbi = uint64_t{1} << 20;

constexpr uint32_t kLdrX0X1 = 0xF9400020;   // ldr x0, [x1]
constexpr uint32_t kLdtrX0X1 = 0xF8400820;  // ldtr x0, [x1]

constexpr uint64_t Tagged(uint64_t va, unsigned tag) { return (va & ~(uint64_t{0xF} << 56)) | uint64_t{tag} << 56; }

// ================================================================ alignment: SCTLR_ELx.A and stage 1 off

TEST(El2Regime, El2AlignmentCheckingFollowsSctlrEl2A) {
  for (bool a : {false, true}) {
    El2Context c;
    c.s.sys.SCTLR_EL2 = (c.s.sys.SCTLR_EL2 | kSctlrM) & ~kSctlrA;
    if (a) c.s.sys.SCTLR_EL2 |= kSctlrA;
    c.s.sys.SCTLR_EL1 |= kSctlrA;  // EL1's setting does not matter at EL2
    c.UpdateDerivedState();
    SetEl(c, 2);
    c.s.R[1] = kData + 4;
    EXPECT_EQ(c.Step(kLdrX0X1), !a) << a;
    if (a) {
      EXPECT_EQ(EcOf(c.s.sys.ESR_EL2), 0x25u);
      EXPECT_EQ(c.s.sys.ESR_EL2 & 0x3F, 0x21u);  // Alignment fault
      EXPECT_EQ(c.s.sys.FAR_EL2, kData + 4);
    }
  }
}

TEST(El2Regime, El2WithStage1OffTreatsDataAsDeviceMemory) {
  El2Context c;
  c.s.sys.SCTLR_EL2 &= ~(kSctlrM | kSctlrA);
  c.UpdateDerivedState();
  SetEl(c, 2);
  c.s.R[1] = kData + 4;
  ASSERT_FALSE(c.Step(kLdrX0X1));
  EXPECT_EQ(EcOf(c.s.sys.ESR_EL2), 0x25u);
  EXPECT_EQ(c.s.sys.ESR_EL2 & 0x3F, 0x21u);
}

TEST(El2Regime, El0UnalignedLoadIsAllowedWithStage1OnAndAClear) {
  El2Context c;
  c.s.sys.SCTLR_EL1 = (c.s.sys.SCTLR_EL1 | kSctlrM) & ~kSctlrA;
  c.UpdateDerivedState();
  SetEl(c, 0);
  c.s.R[1] = kData + 4;
  EXPECT_TRUE(c.Step(kLdrX0X1));
}

TEST(El2Regime, TgeMakesSctlrEl1MBehaveAsZeroForEl0) {
  El2Context c;
  c.s.sys.SCTLR_EL1 = (c.s.sys.SCTLR_EL1 | kSctlrM) & ~kSctlrA;
  SetHcr(c, B(hcrbit::TGE));
  SetEl(c, 0);
  c.s.R[1] = kData + 4;
  ASSERT_FALSE(c.Step(kLdrX0X1));
  EXPECT_EQ(c.s.PSTATE.EL, 2);
  EXPECT_EQ(EcOf(c.s.sys.ESR_EL2), 0x24u);
  EXPECT_EQ(c.s.sys.ESR_EL2 & 0x3F, 0x21u);
}

TEST(El2Regime, DcMakesEl1Stage1OffNormalMemory) {
  for (bool dc : {false, true}) {
    El2Context c;
    c.s.sys.SCTLR_EL1 &= ~(kSctlrM | kSctlrA);
    SetHcr(c, dc ? B(hcrbit::DC) : 0);
    SetEl(c, 1);
    c.s.R[1] = kData + 4;
    EXPECT_EQ(c.Step(kLdrX0X1), dc) << dc;
    if (!dc) {
      EXPECT_EQ(c.s.sys.ESR_EL1 & 0x3F, 0x21u);
    }
  }
}

// ================================================================ TBI: the regime of the current EL

TEST(El2Regime, HvcSwitchesToTheEl2RegimesTbi) {
  El2Context c;
  c.s.sys.TCR_EL1 |= kTcr1Tbi0;
  c.s.sys.TCR_EL2 &= ~kTcr2Tbi;
  c.UpdateDerivedState();
  SetEl(c, 1);
  c.Poke<uint64_t>(kData, 0x77);
  c.s.R[1] = Tagged(kData, 0x3) | uint64_t{0xC0} << 56;
  ASSERT_TRUE(c.Step(kLdrX0X1));  // EL1: the top byte is ignored
  EXPECT_EQ(c.s.R[0], 0x77u);
  ASSERT_FALSE(c.Step(kHvc1234));
  ASSERT_EQ(c.s.PSTATE.EL, 2);
  EXPECT_FALSE(c.Step(kLdrX0X1));  // EL2: the top byte is part of the address
  EXPECT_EQ(EcOf(c.s.sys.ESR_EL2), 0x25u);
}

TEST(El2Regime, EretSwitchesToTheEl10RegimesTbi) {
  El2Context c;
  c.s.sys.TCR_EL1 |= kTcr1Tbi0;
  c.s.sys.TCR_EL2 &= ~kTcr2Tbi;
  c.UpdateDerivedState();
  SetEl(c, 2);
  c.Poke<uint64_t>(kData, 0x77);
  c.s.R[1] = Tagged(kData, 0x3) | uint64_t{0xC0} << 56;
  c.s.sys.SPSR_EL2 = 0x3C5;  // EL1h
  c.s.sys.ELR_EL2 = kBase + 0x2000;
  ASSERT_TRUE(c.Step(kEret));
  ASSERT_EQ(c.s.PSTATE.EL, 1);
  ASSERT_TRUE(c.Step(kLdrX0X1));
  EXPECT_EQ(c.s.R[0], 0x77u);
}

// ================================================================ LDTR / STTR at EL2

MteFeatures Mte2() {
  MteFeatures f;
  f.level = 2;
  return f;
}

TEST(El2Regime, LdtrAtEl2IsCheckedWithTheEl2Controls) {
  El2Context c;
  c.ConfigureMte(Mte2());
  c.s.sys.SCTLR_EL2 |= kSctlrM | kSctlrAta | kTcfSync;
  c.s.sys.TCR_EL2 |= kTcr2Tbi;
  c.s.sys.SCTLR_EL1 &= ~(kSctlrAta0 | (uint64_t{3} << 38));  // EL0 controls: no checks
  c.UpdateDerivedState();
  SetEl(c, 2);
  c.s.PSTATE.TCO = false;
  c.PstateChanged();
  c.s.R[1] = Tagged(kData, 3);  // memory tag 0
  ASSERT_FALSE(c.Step(kLdtrX0X1));
  EXPECT_EQ(c.s.PSTATE.EL, 2);
  EXPECT_EQ(c.s.sys.ESR_EL2 & 0x3F, 0x11u);  // synchronous Tag Check Fault
}

TEST(El2Regime, LdtrAtEl2IgnoresTheEl0Controls) {
  El2Context c;
  c.ConfigureMte(Mte2());
  SetHcr(c, B(hcrbit::ATA));
  c.s.sys.SCTLR_EL2 = (c.s.sys.SCTLR_EL2 | kSctlrM) & ~(uint64_t{3} << 40);  // EL2: TCF = 0
  c.s.sys.SCTLR_EL1 |= kSctlrAta0 | kTcf0Sync;                              // EL0: would fault
  c.s.sys.TCR_EL1 |= kTcr1Tbi0;
  c.s.sys.TCR_EL2 |= kTcr2Tbi;
  c.UpdateDerivedState();
  SetEl(c, 2);
  c.s.PSTATE.TCO = false;
  c.PstateChanged();
  c.Poke<uint64_t>(kData, 0x99);
  c.s.R[1] = Tagged(kData, 3);
  ASSERT_TRUE(c.Step(kLdtrX0X1));
  EXPECT_EQ(c.s.R[0], 0x99u);
}

}  // namespace
