// Memory Tagging with EL2 (nVHE): at EL2 the tag-check controls are SCTLR_EL2.{ATA, TCF,
// TCSO} and TCR_EL2.{TBI [20], TCMA [30], MTX [33]}, which apply to both VA halves (one VA
// range); HCR_EL2.ATA = 0 disables allocation tag access for EL0 and EL1 but not EL2
// (AArch64.AllocationTagAccessIsEnabled); tag-check faults at EL2 are reported in
// TFSR_EL2 or taken to EL2 (AArch64.TagCheckFault, AArch64.ReportTagCheckFault).
#include <gtest/gtest.h>

#include <cstdint>

#include "tests/isa/el2_test_context.h"

namespace {

using namespace mtesim::test::el2;
using mtesim::isa::AccessKind;
using mtesim::isa::MteFeatures;
using mtesim::isa::mte::TagCheckControls;

// SCTLR_ELx fields: M [0], TCF [41:40], ATA [43], TCSO [59]; EL0's TCF0 [39:38], ATA0 [42].
constexpr uint64_t kSctlrM = uint64_t{1} << 0, kSctlrAta = uint64_t{1} << 43, kSctlrAta0 = uint64_t{1} << 42;
constexpr uint64_t kTcfSync = uint64_t{1} << 40, kTcfAsync = uint64_t{2} << 40;
constexpr uint64_t kSctlrTcso = uint64_t{1} << 59;
// TCR_EL2 (E2H = 0): TBI [20], TCMA [30], MTX [33]. TCR_EL1: TBI0 [37], TBI1 [38], TCMA0/1 [57]/[58], MTX0/1 [60]/[61].
constexpr uint64_t kTcr2Tbi = uint64_t{1} << 20, kTcr2Tcma = uint64_t{1} << 30, kTcr2Mtx = uint64_t{1} << 33;
constexpr uint64_t kTcr1Tbi01 = uint64_t{3} << 37, kTcr1Tcma01 = uint64_t{3} << 57, kTcr1Mtx01 = uint64_t{3} << 60;

constexpr uint64_t kData = kBase + 0x8000;
constexpr uint64_t Tagged(uint64_t va, unsigned tag) { return (va & ~(uint64_t{0xF} << 56)) | uint64_t{tag} << 56; }

constexpr uint32_t kLdrX0X1 = 0xF9400020;  // ldr x0, [x1]
constexpr uint32_t kStgX0X1 = 0xD9200820;  // stg x0, [x1]

MteFeatures Features(unsigned level = 2) {
  MteFeatures f;
  f.level = level;
  return f;
}

TagCheckControls ControlsAt(El2Context& c, unsigned el, AccessKind kind = AccessKind::Normal) {
  c.UpdateDerivedState();
  SetEl(c, el);
  return c.TagCheckControlsFor(kind);
}

// ================================================================ controls at EL2

TEST(El2TagCheck, AtaAndTcfComeFromSctlrEl2) {
  El2Context c;
  c.ConfigureMte(Features());
  c.s.sys.SCTLR_EL2 |= kSctlrAta | kTcfSync;
  c.s.sys.SCTLR_EL1 = (c.s.sys.SCTLR_EL1 & ~kSctlrAta) | kTcfAsync;
  TagCheckControls k = ControlsAt(c, 2);
  EXPECT_TRUE(k.ata);
  EXPECT_EQ(k.tcf, 1u);
  c.s.sys.SCTLR_EL2 &= ~(kSctlrAta | kTcfSync);
  c.s.sys.SCTLR_EL1 |= kSctlrAta;
  k = ControlsAt(c, 2);
  EXPECT_FALSE(k.ata);
  EXPECT_EQ(k.tcf, 0u);
}

TEST(El2TagCheck, TcsoComesFromSctlrEl2) {
  El2Context c;
  MteFeatures f = Features(3);
  f.store_only = true;
  c.ConfigureMte(f);
  c.s.sys.SCTLR_EL2 |= kSctlrTcso;
  EXPECT_TRUE(ControlsAt(c, 2).store_only);
  c.s.sys.SCTLR_EL2 &= ~kSctlrTcso;
  c.s.sys.SCTLR_EL1 |= kSctlrTcso;
  EXPECT_FALSE(ControlsAt(c, 2).store_only);
}

TEST(El2TagCheck, TbiIsTcrEl2Bit20ForBothHalves) {
  El2Context c;
  c.ConfigureMte(Features());
  c.s.sys.TCR_EL2 |= kTcr2Tbi;
  c.s.sys.TCR_EL1 &= ~kTcr1Tbi01;
  TagCheckControls k = ControlsAt(c, 2);
  EXPECT_TRUE(k.tbi[0]);
  EXPECT_TRUE(k.tbi[1]);
  c.s.sys.TCR_EL2 &= ~kTcr2Tbi;
  c.s.sys.TCR_EL2 |= kTcr1Tbi01;  // TCR_EL1's TBI0/TBI1 positions mean nothing in TCR_EL2
  c.s.sys.TCR_EL1 |= kTcr1Tbi01;
  k = ControlsAt(c, 2);
  EXPECT_FALSE(k.tbi[0]);
  EXPECT_FALSE(k.tbi[1]);
}

TEST(El2TagCheck, TcmaIsTcrEl2Bit30ForBothHalves) {
  El2Context c;
  c.ConfigureMte(Features());
  c.s.sys.TCR_EL2 |= kTcr2Tcma;
  TagCheckControls k = ControlsAt(c, 2);
  EXPECT_TRUE(k.tcma[0]);
  EXPECT_TRUE(k.tcma[1]);
  c.s.sys.TCR_EL2 &= ~kTcr2Tcma;
  c.s.sys.TCR_EL1 |= kTcr1Tcma01;
  k = ControlsAt(c, 2);
  EXPECT_FALSE(k.tcma[0]);
  EXPECT_FALSE(k.tcma[1]);
}

TEST(El2TagCheck, MtxIsTcrEl2Bit33ForBothHalves) {
  El2Context c;
  MteFeatures f = Features(3);
  f.canonical_tags = true;
  c.ConfigureMte(f);
  c.s.sys.TCR_EL2 |= kTcr2Mtx;
  TagCheckControls k = ControlsAt(c, 2);
  EXPECT_TRUE(k.mtx[0]);
  EXPECT_TRUE(k.mtx[1]);
  c.s.sys.TCR_EL2 &= ~kTcr2Mtx;
  c.s.sys.TCR_EL1 |= kTcr1Mtx01;
  k = ControlsAt(c, 2);
  EXPECT_FALSE(k.mtx[0]);
  EXPECT_FALSE(k.mtx[1]);
}

TEST(El2TagCheck, El1StillUsesSctlrEl1AndTcrEl1) {
  El2Context c;
  c.ConfigureMte(Features());
  SetHcr(c, B(hcrbit::ATA));
  c.s.sys.SCTLR_EL2 |= kSctlrAta | kTcfAsync;
  c.s.sys.TCR_EL2 |= kTcr2Tbi;
  c.s.sys.SCTLR_EL1 = (c.s.sys.SCTLR_EL1 & ~kSctlrAta) | kTcfSync;
  c.s.sys.TCR_EL1 &= ~kTcr1Tbi01;
  const TagCheckControls k = ControlsAt(c, 1);
  EXPECT_FALSE(k.ata);
  EXPECT_EQ(k.tcf, 1u);
  EXPECT_FALSE(k.tbi[0]);
}

// ================================================================ HCR_EL2.ATA

TEST(El2TagCheck, HcrAtaZeroDisablesTagAccessAtEl1AndEl0) {
  El2Context c;
  c.ConfigureMte(Features());
  SetHcr(c, 0);
  c.s.sys.SCTLR_EL1 |= kSctlrAta | kSctlrAta0;
  EXPECT_FALSE(ControlsAt(c, 1).el2_ata);
  EXPECT_FALSE(ControlsAt(c, 1, AccessKind::Unprivileged).el2_ata);
  EXPECT_FALSE(ControlsAt(c, 0).el2_ata);
}

TEST(El2TagCheck, HcrAtaOneAllowsTagAccessAtEl1AndEl0) {
  El2Context c;
  c.ConfigureMte(Features());
  SetHcr(c, B(hcrbit::ATA));
  EXPECT_TRUE(ControlsAt(c, 1).el2_ata);
  EXPECT_TRUE(ControlsAt(c, 0).el2_ata);
}

TEST(El2TagCheck, HcrAtaDoesNotApplyAtEl2) {
  El2Context c;
  c.ConfigureMte(Features());
  SetHcr(c, 0);
  EXPECT_TRUE(ControlsAt(c, 2).el2_ata);
}

TEST(El2TagCheck, HcrAtaIsIgnoredWithoutEl2) {
  El2Context c;
  c.ConfigureEl2(false);
  c.ConfigureMte(Features());
  SetHcr(c, 0);
  EXPECT_TRUE(ControlsAt(c, 1).el2_ata);
  EXPECT_TRUE(ControlsAt(c, 0).el2_ata);
}

// A load at EL1 through a pointer whose tag (3) differs from the memory's (0), with
// SCTLR_EL1.ATA = 1, TCF = synchronous and TBI0: Tag Checked only while HCR_EL2.ATA = 1.
void PrepareEl1MismatchedLoad(El2Context& c, uint64_t hcr) {
  c.ConfigureMte(Features());
  SetHcr(c, hcr);
  c.s.sys.SCTLR_EL1 |= kSctlrAta | kTcfSync;
  c.s.sys.TCR_EL1 |= kTcr1Tbi01;
  c.UpdateDerivedState();
  SetEl(c, 1);
  c.s.PSTATE.TCO = false;
  c.PstateChanged();
  c.s.R[1] = Tagged(kData, 3);
  c.Poke<uint64_t>(kData, 0x1234);
}

TEST(El2TagCheck, HcrAtaZeroMakesEl1AccessesUnchecked) {
  El2Context c;
  PrepareEl1MismatchedLoad(c, 0);
  ASSERT_TRUE(c.Step(kLdrX0X1));
  EXPECT_EQ(c.s.R[0], 0x1234u);
}

TEST(El2TagCheck, HcrAtaOneLetsEl1AccessesBeChecked) {
  El2Context c;
  PrepareEl1MismatchedLoad(c, B(hcrbit::ATA));
  ASSERT_FALSE(c.Step(kLdrX0X1));
  EXPECT_EQ(c.s.PSTATE.EL, 1);
  EXPECT_EQ(EcOf(c.s.sys.ESR_EL1), 0x25u);
  EXPECT_EQ(c.s.sys.ESR_EL1 & 0x3F, 0x11u);  // DFSC: synchronous Tag Check Fault
}

TEST(El2TagCheck, StgAtEl1WritesNoTagWhileHcrAtaIsZero) {
  for (bool ata : {false, true}) {
    El2Context c;
    c.ConfigureMte(Features());
    SetHcr(c, ata ? B(hcrbit::ATA) : 0);
    c.s.sys.SCTLR_EL1 |= kSctlrAta;
    c.UpdateDerivedState();
    SetEl(c, 1);
    c.s.R[0] = Tagged(0, 5);
    c.s.R[1] = kData;
    ASSERT_TRUE(c.Step(kStgX0X1)) << ata;
    EXPECT_EQ(c.PeekTag(kData), ata ? 5 : 0) << ata;
  }
}

TEST(El2TagCheck, StgAtEl2IgnoresHcrAta) {
  El2Context c;
  c.ConfigureMte(Features());
  SetHcr(c, 0);
  c.s.sys.SCTLR_EL2 |= kSctlrM | kSctlrAta;
  c.UpdateDerivedState();
  SetEl(c, 2);
  c.s.R[0] = Tagged(0, 5);
  c.s.R[1] = kData;
  ASSERT_TRUE(c.Step(kStgX0X1));
  EXPECT_EQ(c.PeekTag(kData), 5);
}

// ================================================================ tag-check faults at EL2

// EL2 with its stage 1 on (the flat memory stands for Normal Tagged memory), SCTLR_EL2.ATA,
// TCF = tcf, TCR_EL2.TBI, and a load through a pointer with tag 3 to memory tagged 0.
void PrepareEl2MismatchedLoad(El2Context& c, uint64_t tcf) {
  c.ConfigureMte(Features());
  c.s.sys.SCTLR_EL2 |= kSctlrM | kSctlrAta | tcf;
  c.s.sys.TCR_EL2 |= kTcr2Tbi;
  c.UpdateDerivedState();
  SetEl(c, 2);
  c.s.PSTATE.TCO = false;
  c.PstateChanged();
  c.s.R[1] = Tagged(kData, 3);
  c.Poke<uint64_t>(kData, 0x1234);
}

TEST(El2TagCheck, AsynchronousFaultAtEl2SetsTfsrEl2) {
  El2Context c;
  PrepareEl2MismatchedLoad(c, kTcfAsync);
  ASSERT_TRUE(c.Step(kLdrX0X1));
  EXPECT_EQ(c.s.R[0], 0x1234u);
  EXPECT_EQ(c.s.sys.TFSR_EL2, 1u);  // TF0
  EXPECT_EQ(c.s.sys.TFSR_EL1, 0u);
  EXPECT_EQ(c.s.sys.TFSRE0_EL1, 0u);
}

TEST(El2TagCheck, SynchronousFaultAtEl2IsTakenToEl2) {
  El2Context c;
  PrepareEl2MismatchedLoad(c, kTcfSync);
  c.s.sys.ESR_EL1 = 0xE1E1;
  ASSERT_FALSE(c.Step(kLdrX0X1));
  EXPECT_EQ(c.s.PSTATE.EL, 2);
  EXPECT_EQ(EcOf(c.s.sys.ESR_EL2), 0x25u);
  EXPECT_EQ(c.s.sys.ESR_EL2 & 0x3F, 0x11u);
  EXPECT_EQ(c.s.sys.FAR_EL2, Tagged(kData, 3));  // FAR[59:56] hold the logical tag
  EXPECT_EQ(c.s.sys.ESR_EL1, 0xE1E1u);
}

TEST(El2TagCheck, El2AccessesAreUncheckedWithoutTcrEl2Tbi) {
  El2Context c;
  PrepareEl2MismatchedLoad(c, kTcfSync);
  c.s.sys.TCR_EL2 &= ~kTcr2Tbi;
  c.UpdateDerivedState();
  c.s.R[1] = kData;  // logical tag 0, allocation tag 7: a mismatch, were the access checked
  c.PokeTag(kData, 7);
  ASSERT_TRUE(c.Step(kLdrX0X1));
  EXPECT_EQ(c.s.R[0], 0x1234u);
}

// ================================================================ TFSR_EL2

TEST(El2TagCheck, TfsrEl2IsReadWriteAtEl2WithTf0AndTf1) {
  El2Context c;
  c.ConfigureMte(Features());
  SetEl(c, 2);
  c.s.R[2] = ~uint64_t{0};
  ASSERT_TRUE(c.Step(Msr(3, 4, 5, 6, 0, 2)));
  c.s.R[3] = 0;
  ASSERT_TRUE(c.Step(Mrs(3, 4, 5, 6, 0, 3)));
  EXPECT_EQ(c.s.R[3], 3u);
}

TEST(El2TagCheck, TfsrEl2IsUndefinedAtEl1) {
  El2Context c;
  c.ConfigureMte(Features());
  SetHcr(c, B(hcrbit::ATA));
  SetEl(c, 1);
  ASSERT_FALSE(c.Step(Mrs(3, 4, 5, 6, 0, 3)));
  EXPECT_EQ(c.s.PSTATE.EL, 1);
  EXPECT_EQ(EcOf(c.s.sys.ESR_EL1), 0u);
}

TEST(El2TagCheck, TfsrEl2IsAbsentWithoutMte2) {
  for (unsigned level : {0u, 1u}) {
    El2Context c;
    c.ConfigureMte(Features(level));
    SetEl(c, 2);
    ASSERT_FALSE(c.Step(Mrs(3, 4, 5, 6, 0, 3))) << level;
    EXPECT_EQ(c.s.PSTATE.EL, 2);
    EXPECT_EQ(EcOf(c.s.sys.ESR_EL2), 0u);
  }
}

// ================================================================ MTE fields of the EL2 controls

TEST(El2TagCheck, TcrEl2TcmaIsRes0WithoutMte2) {
  for (unsigned level : {0u, 2u}) {
    El2Context c;
    c.ConfigureMte(Features(level));
    SetEl(c, 2);
    c.s.R[2] = kTcr2Tcma;
    ASSERT_TRUE(c.Step(Msr(3, 4, 2, 0, 2, 2)));  // msr tcr_el2, x2
    EXPECT_EQ(c.s.sys.TCR_EL2 & kTcr2Tcma, level >= 2 ? kTcr2Tcma : 0u) << level;
    EXPECT_EQ(c.s.sys.TCR_EL2 & 0x80800000u, 0x80800000u);  // RES1 bits 31 and 23
  }
}

TEST(El2TagCheck, SctlrEl2MteFieldsAreRes0WithoutMte2) {
  for (unsigned level : {0u, 2u}) {
    El2Context c;
    c.ConfigureMte(Features(level));
    SetEl(c, 2);
    c.s.R[2] = c.s.sys.SCTLR_EL2 | kSctlrAta | kTcfSync;
    ASSERT_TRUE(c.Step(Msr(3, 4, 1, 0, 0, 2)));  // msr sctlr_el2, x2
    EXPECT_EQ(c.s.sys.SCTLR_EL2 & (kSctlrAta | kTcfSync), level >= 2 ? kSctlrAta | kTcfSync : 0u) << level;
  }
}

TEST(El2TagCheck, WritingTcrEl2TbiUpdatesTheEl2Regime) {
  // A tagged pointer at EL2 reaches memory only once TCR_EL2.TBI makes the top byte ignored.
  El2Context c;
  SetEl(c, 2);
  c.Poke<uint64_t>(kData, 0x4321);
  c.s.R[1] = Tagged(kData, 0xA) | uint64_t{0x50} << 56;
  ASSERT_FALSE(c.Step(kLdrX0X1));  // not translated: the top byte is part of the address
  SetEl(c, 2);
  c.s.PC = kBase + 0x1000;
  c.s.R[2] = c.s.sys.TCR_EL2 | kTcr2Tbi;
  ASSERT_TRUE(c.Step(Msr(3, 4, 2, 0, 2, 2)));  // msr tcr_el2, x2
  ASSERT_TRUE(c.Step(kLdrX0X1));
  EXPECT_EQ(c.s.R[0], 0x4321u);
}

}  // namespace
