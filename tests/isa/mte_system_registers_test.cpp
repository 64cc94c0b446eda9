// FEAT_MTE system registers and PSTATE.TCO, through MRS / MSR / MSR (immediate), exception
// entry and ERET: GCR_EL1, RGSR_EL1, TFSR_EL1, TFSRE0_EL1 and GMID_EL1 (present only with
// FEAT_MTE2, UNDEFINED at EL0 -- GMID_EL1 reads trap with EC 0x18 under FEAT_IDST), TCO (FEAT_MTE; with FEAT_MTE alone IMPLEMENTATION DEFINED
// between PSTATE.TCO and RAZ/WI -- mtesim chose RAZ/WI), the MTE fields of SCTLR_EL1 and
// TCR_EL1 (RES0 without the feature that defines them), and the ID registers that report
// the features (ID_AA64PFR1_EL1.MTE / MTE_frac / MTEX, ID_AA64PFR2_EL1.MTEFAR /
// MTESTOREONLY). Expected values come from the Arm ARM register descriptions (D24.2) and
// AArch64.TakeException / AArch64.ExceptionReturn.
#include <gtest/gtest.h>

#include <cstdint>

#include "tests/isa/isa_test_helpers.h"

namespace {

using mtesim::isa::MteFeatures;
using mtesim::test::Ec;
using mtesim::test::FlatMemoryContext;

constexpr uint64_t kBase = FlatMemoryContext::kBase;
constexpr uint64_t kTcoBit = uint64_t{1} << 25;  // TCO register / SPSR.TCO

// Instruction words (aarch64-linux-gnu-as -march=armv8.5-a+memtag).
constexpr uint32_t kMrsGcr = 0xD53810C0;     // mrs x0, gcr_el1
constexpr uint32_t kMsrGcr = 0xD51810C0;     // msr gcr_el1, x0
constexpr uint32_t kMrsRgsr = 0xD53810A0;    // mrs x0, rgsr_el1
constexpr uint32_t kMsrRgsr = 0xD51810A0;    // msr rgsr_el1, x0
constexpr uint32_t kMrsTfsr = 0xD5385600;    // mrs x0, tfsr_el1
constexpr uint32_t kMsrTfsr = 0xD5185600;    // msr tfsr_el1, x0
constexpr uint32_t kMrsTfsre0 = 0xD5385620;  // mrs x0, tfsre0_el1
constexpr uint32_t kMsrTfsre0 = 0xD5185620;  // msr tfsre0_el1, x0
constexpr uint32_t kMrsGmid = 0xD5390080;    // mrs x0, gmid_el1
constexpr uint32_t kMsrGmid = 0xD5190080;    // msr gmid_el1, x0
constexpr uint32_t kMrsTco = 0xD53B42E0;     // mrs x0, tco
constexpr uint32_t kMsrTco = 0xD51B42E0;     // msr tco, x0
constexpr uint32_t kMsrTcoImm1 = 0xD503419F;  // msr tco, #1
constexpr uint32_t kMsrTcoImm0 = 0xD503409F;  // msr tco, #0
constexpr uint32_t kMrsSctlr = 0xD5381000;   // mrs x0, sctlr_el1
constexpr uint32_t kMsrSctlr = 0xD5181000;   // msr sctlr_el1, x0
constexpr uint32_t kMrsTcr = 0xD5382040;     // mrs x0, tcr_el1
constexpr uint32_t kMsrTcr = 0xD5182040;     // msr tcr_el1, x0
constexpr uint32_t kMrsPfr1 = 0xD5380420;    // mrs x0, id_aa64pfr1_el1
constexpr uint32_t kMrsPfr2 = 0xD5380440;    // mrs x0, s3_0_c0_c4_2 (id_aa64pfr2_el1)
constexpr uint32_t kSvc0 = 0xD4000001;       // svc #0
constexpr uint32_t kEret = 0xD69F03E0;       // eret

// SCTLR_EL1 fields: ITFSB [37], TCF0 [39:38], TCF [41:40], ATA0 [42], ATA [43] (FEAT_MTE2),
// TCSO0 [58], TCSO [59] (FEAT_MTE_STORE_ONLY).
constexpr uint64_t kSctlrMte2Fields = uint64_t{0x7F} << 37;
constexpr uint64_t kSctlrTcsoFields = uint64_t{3} << 58;
// TCR_EL1 fields: TCMA0 [57], TCMA1 [58] (FEAT_MTE2), MTX0 [60], MTX1 [61] (MTE4).
constexpr uint64_t kTcrTcmaFields = uint64_t{3} << 57;
constexpr uint64_t kTcrMtxFields = uint64_t{3} << 60;

MteFeatures Features(unsigned level) {
  MteFeatures f;
  f.level = level;
  return f;
}

void EnterEl0(FlatMemoryContext& c) {
  c.s.PSTATE.EL = 0;
  c.s.PSTATE.SP = false;
  c.PstateChanged();
}

// MRS into X0 (preset to a sentinel); returns X0.
uint64_t Mrs(FlatMemoryContext& c, uint32_t word) {
  c.s.R[0] = 0x5E5E;
  EXPECT_TRUE(c.Step(word)) << std::hex << word;
  return c.X(0);
}

void Msr(FlatMemoryContext& c, uint32_t word, uint64_t value) {
  c.s.R[0] = value;
  EXPECT_TRUE(c.Step(word)) << std::hex << word;
}

void ExpectUndefinedAt(FlatMemoryContext& c, uint32_t word) {
  c.s.R[0] = 0x1111;
  EXPECT_FALSE(c.Step(word)) << std::hex << word;
  EXPECT_EQ(Ec(c), 0u) << std::hex << word;
  EXPECT_EQ(c.s.R[0], 0x1111u) << std::hex << word;
}

// ================================================================ MTE2 registers

TEST(MteSysRegAccess, Mte2RegistersAreUndefinedWithoutMte2) {
  for (unsigned level : {0u, 1u}) {
    for (uint32_t w : {kMrsGcr, kMsrGcr, kMrsRgsr, kMsrRgsr, kMrsTfsr, kMsrTfsr, kMrsTfsre0, kMsrTfsre0, kMsrGmid}) {
      FlatMemoryContext c;
      c.ConfigureMte(Features(level));
      ExpectUndefinedAt(c, w);
      EXPECT_EQ(c.s.sys.GCR_EL1, 0u) << level << " " << std::hex << w;
      EXPECT_EQ(c.s.sys.RGSR_EL1, 0u) << level << " " << std::hex << w;
      EXPECT_EQ(c.s.sys.TFSR_EL1, 0u) << level << " " << std::hex << w;
      EXPECT_EQ(c.s.sys.TFSRE0_EL1, 0u) << level << " " << std::hex << w;
    }
  }
}

TEST(MteSysRegAccess, Mte2RegistersAreUndefinedAtEl0) {
  for (uint32_t w : {kMrsGcr, kMsrGcr, kMrsRgsr, kMsrRgsr, kMrsTfsr, kMsrTfsr, kMrsTfsre0, kMsrTfsre0, kMsrGmid}) {
    FlatMemoryContext c;
    c.ConfigureMte(Features(3));
    EnterEl0(c);
    ExpectUndefinedAt(c, w);
    EXPECT_EQ(c.s.sys.TFSRE0_EL1, 0u) << std::hex << w;
  }
}

// GMID_EL1 (op0 3, op1 1, CRn 0) is in the feature ID space: with FEAT_IDST (which the
// default ID registers report: ID_AA64MMFR2_EL1.IDS = 1) a read that is not allowed is a
// trap with EC 0x18 instead of UNDEFINED. ISS of MRS x0, GMID_EL1: Op0 3 [21:20], Op2 4
// [19:17], Op1 1 [16:14], CRn 0, Rt 0, CRm 0, Direction 1 (read).
constexpr uint32_t kGmidReadIss = 3u << 20 | 4u << 17 | 1u << 14 | 1u;
constexpr uint64_t kMmfr2Ids = uint64_t{0xF} << 36;

TEST(MteSysRegAccess, GmidReadAtEl0TrapsWithIdst) {
  FlatMemoryContext c;
  c.ConfigureMte(Features(2));
  ASSERT_NE(c.s.id.ID_AA64MMFR2_EL1 & kMmfr2Ids, 0u);
  EnterEl0(c);
  c.s.R[0] = 0x1111;
  ASSERT_FALSE(c.Step(kMrsGmid));
  EXPECT_EQ(Ec(c), 0x18u);
  EXPECT_EQ(c.s.sys.ESR_EL1 & 0x1FFFFFF, kGmidReadIss);
  EXPECT_EQ(c.s.R[0], 0x1111u);
}

TEST(MteSysRegAccess, GmidReadAtEl0IsUndefinedWithoutIdst) {
  FlatMemoryContext c;
  c.ConfigureMte(Features(2));
  c.s.id.ID_AA64MMFR2_EL1 &= ~kMmfr2Ids;
  EnterEl0(c);
  ExpectUndefinedAt(c, kMrsGmid);
}

TEST(MteSysRegAccess, GmidReadWithoutMte2IsUndefinedWithoutIdst) {
  for (unsigned level : {0u, 1u}) {
    FlatMemoryContext c;
    c.ConfigureMte(Features(level));
    c.s.id.ID_AA64MMFR2_EL1 &= ~kMmfr2Ids;
    ExpectUndefinedAt(c, kMrsGmid);
  }
}

TEST(MteSysRegAccess, GmidReadWithoutMte2TrapsWithIdst) {
  for (unsigned level : {0u, 1u}) {
    FlatMemoryContext c;
    c.ConfigureMte(Features(level));
    ASSERT_NE(c.s.id.ID_AA64MMFR2_EL1 & kMmfr2Ids, 0u);
    c.s.R[0] = 0x1111;
    ASSERT_FALSE(c.Step(kMrsGmid));
    EXPECT_EQ(Ec(c), 0x18u) << level;
    EXPECT_EQ(c.s.sys.ESR_EL1 & 0x1FFFFFF, kGmidReadIss) << level;
    EXPECT_EQ(c.s.R[0], 0x1111u) << level;
  }
}

TEST(MteSysRegAccess, GmidIsReadOnly) {
  FlatMemoryContext c;
  c.ConfigureMte(Features(2));
  ExpectUndefinedAt(c, kMsrGmid);
}

TEST(MteSysRegFields, GcrHoldsRrndAndExclude) {
  FlatMemoryContext c;
  c.ConfigureMte(Features(2));
  Msr(c, kMsrGcr, ~uint64_t{0});
  EXPECT_EQ(Mrs(c, kMrsGcr), 0x1FFFFu);
}

TEST(MteSysRegFields, RgsrHoldsSeedAndTag) {
  FlatMemoryContext c;
  c.ConfigureMte(Features(2));
  Msr(c, kMsrRgsr, ~uint64_t{0});
  EXPECT_EQ(Mrs(c, kMrsRgsr), 0xFFFF0Fu);  // SEED [23:8], TAG [3:0]
}

TEST(MteSysRegFields, TfsrHoldsTf1AndTf0) {
  FlatMemoryContext c;
  c.ConfigureMte(Features(2));
  Msr(c, kMsrTfsr, ~uint64_t{0});
  EXPECT_EQ(Mrs(c, kMrsTfsr), 3u);
  Msr(c, kMsrTfsr, 0);
  EXPECT_EQ(Mrs(c, kMrsTfsr), 0u);
}

TEST(MteSysRegFields, Tfsre0HoldsTf1AndTf0) {
  FlatMemoryContext c;
  c.ConfigureMte(Features(2));
  Msr(c, kMsrTfsre0, ~uint64_t{0});
  EXPECT_EQ(Mrs(c, kMrsTfsre0), 3u);
  EXPECT_EQ(c.s.sys.TFSR_EL1, 0u);
}

TEST(MteSysRegFields, GmidReportsTheConfiguredBlockSize) {
  for (unsigned bs : {2u, 3u, 4u, 6u}) {
    MteFeatures f = Features(2);
    f.gmid_bs = bs;
    FlatMemoryContext c;
    c.ConfigureMte(f);
    EXPECT_EQ(Mrs(c, kMrsGmid), bs);
  }
}

// ================================================================ TCO register and MSR TCO, #imm

TEST(MteTcoRegister, UndefinedWithoutMte) {
  for (uint32_t w : {kMrsTco, kMsrTco, kMsrTcoImm1, kMsrTcoImm0}) {
    FlatMemoryContext c;
    ExpectUndefinedAt(c, w);
  }
}

TEST(MteTcoRegister, MsrImmediateSetsAndClearsPstateTco) {
  FlatMemoryContext c;
  c.ConfigureMte(Features(2));
  ASSERT_TRUE(c.Step(kMsrTcoImm1));
  EXPECT_TRUE(c.s.PSTATE.TCO);
  ASSERT_TRUE(c.Step(kMsrTcoImm0));
  EXPECT_FALSE(c.s.PSTATE.TCO);
}

TEST(MteTcoRegister, MrsReadsPstateTcoAtBit25) {
  FlatMemoryContext c;
  c.ConfigureMte(Features(2));
  c.s.PSTATE.TCO = true;
  EXPECT_EQ(Mrs(c, kMrsTco), kTcoBit);
  c.s.PSTATE.TCO = false;
  EXPECT_EQ(Mrs(c, kMrsTco), 0u);
}

TEST(MteTcoRegister, MsrWritesBit25Only) {
  FlatMemoryContext c;
  c.ConfigureMte(Features(2));
  Msr(c, kMsrTco, kTcoBit);
  EXPECT_TRUE(c.s.PSTATE.TCO);
  Msr(c, kMsrTco, ~kTcoBit);
  EXPECT_FALSE(c.s.PSTATE.TCO);
}

TEST(MteTcoRegister, AccessibleAtEl0) {
  FlatMemoryContext c;
  c.ConfigureMte(Features(2));
  EnterEl0(c);
  ASSERT_TRUE(c.Step(kMsrTcoImm1));
  EXPECT_TRUE(c.s.PSTATE.TCO);
  EXPECT_EQ(Mrs(c, kMrsTco), kTcoBit);
  Msr(c, kMsrTco, 0);
  EXPECT_FALSE(c.s.PSTATE.TCO);
}

TEST(MteTcoRegister, Level1MsrImmediateIsWriteIgnored) {
  FlatMemoryContext c;
  c.ConfigureMte(Features(1));
  ASSERT_TRUE(c.Step(kMsrTcoImm1));
  EXPECT_FALSE(c.s.PSTATE.TCO);
}

TEST(MteTcoRegister, Level1MsrRegisterIsWriteIgnored) {
  FlatMemoryContext c;
  c.ConfigureMte(Features(1));
  Msr(c, kMsrTco, kTcoBit);
  EXPECT_FALSE(c.s.PSTATE.TCO);
}

TEST(MteTcoRegister, Level1MrsReadsZero) {
  FlatMemoryContext c;
  c.ConfigureMte(Features(1));
  ASSERT_TRUE(c.Step(kMsrTcoImm1));
  EXPECT_EQ(Mrs(c, kMrsTco), 0u);
}

TEST(MteTcoRegister, Level1MrsReadsZeroAfterExceptionEntry) {
  FlatMemoryContext c;
  c.ConfigureMte(Features(1));
  c.s.sys.VBAR_EL1 = kBase + 0x800;
  ASSERT_FALSE(c.Step(kSvc0));
  EXPECT_EQ(Mrs(c, kMrsTco), 0u);
}

// ================================================================ PSTATE.TCO across exceptions

TEST(MtePstateTco, ExceptionEntrySetsTco) {
  FlatMemoryContext c;
  c.ConfigureMte(Features(2));
  c.s.PSTATE.TCO = false;
  ASSERT_FALSE(c.Step(kSvc0));
  EXPECT_TRUE(c.s.PSTATE.TCO);
}

TEST(MtePstateTco, ExceptionEntrySetsTcoAtLevel1) {
  // AArch64.TakeException: "if IsFeatureImplemented(FEAT_MTE) then PSTATE.TCO = '1'".
  FlatMemoryContext c;
  c.ConfigureMte(Features(1));
  ASSERT_FALSE(c.Step(kSvc0));
  EXPECT_TRUE(c.s.PSTATE.TCO);
}

TEST(MtePstateTco, ExceptionEntryLeavesTcoAloneWithoutMte) {
  FlatMemoryContext c;
  ASSERT_FALSE(c.Step(kSvc0));
  EXPECT_FALSE(c.s.PSTATE.TCO);
}

TEST(MtePstateTco, ExceptionEntryFromEl0SetsTco) {
  FlatMemoryContext c;
  c.ConfigureMte(Features(2));
  EnterEl0(c);
  ASSERT_FALSE(c.Step(kSvc0));
  EXPECT_EQ(c.s.PSTATE.EL, 1u);
  EXPECT_TRUE(c.s.PSTATE.TCO);
  EXPECT_EQ(c.s.sys.SPSR_EL1 & kTcoBit, 0u);
}

TEST(MtePstateTco, SpsrSavesTcoAtBit25) {
  FlatMemoryContext c;
  c.ConfigureMte(Features(2));
  c.s.PSTATE.TCO = true;
  ASSERT_FALSE(c.Step(kSvc0));
  EXPECT_EQ(c.s.sys.SPSR_EL1 & kTcoBit, kTcoBit);
}

TEST(MtePstateTco, SpsrSavesTcoClear) {
  FlatMemoryContext c;
  c.ConfigureMte(Features(2));
  c.s.PSTATE.TCO = false;
  ASSERT_FALSE(c.Step(kSvc0));
  EXPECT_EQ(c.s.sys.SPSR_EL1 & kTcoBit, 0u);
}

TEST(MtePstateTco, EretRestoresTcoSet) {
  FlatMemoryContext c;
  c.ConfigureMte(Features(2));
  c.s.PSTATE.TCO = false;
  c.s.sys.SPSR_EL1 = 0x3C5 | kTcoBit;  // EL1h, DAIF masked, TCO
  c.s.sys.ELR_EL1 = kBase + 0x100;
  ASSERT_TRUE(c.Step(kEret));
  EXPECT_TRUE(c.s.PSTATE.TCO);
  EXPECT_EQ(c.s.PC, kBase + 0x100);
}

TEST(MtePstateTco, EretRestoresTcoClear) {
  FlatMemoryContext c;
  c.ConfigureMte(Features(2));
  c.s.PSTATE.TCO = true;
  c.s.sys.SPSR_EL1 = 0x3C5;
  c.s.sys.ELR_EL1 = kBase + 0x100;
  ASSERT_TRUE(c.Step(kEret));
  EXPECT_FALSE(c.s.PSTATE.TCO);
}

TEST(MtePstateTco, EretToEl0RestoresTco) {
  FlatMemoryContext c;
  c.ConfigureMte(Features(2));
  c.s.sys.SPSR_EL1 = kTcoBit;  // EL0t
  c.s.sys.ELR_EL1 = kBase + 0x100;
  ASSERT_TRUE(c.Step(kEret));
  EXPECT_EQ(c.s.PSTATE.EL, 0u);
  EXPECT_TRUE(c.s.PSTATE.TCO);
}

TEST(MtePstateTco, ExceptionAndReturnRoundTripTco) {
  FlatMemoryContext c;
  c.ConfigureMte(Features(2));
  c.s.sys.VBAR_EL1 = kBase + 0x800;
  ASSERT_TRUE(c.Step(kMsrTcoImm0));
  ASSERT_FALSE(c.Step(kSvc0));  // TCO set in the handler
  EXPECT_TRUE(c.s.PSTATE.TCO);
  ASSERT_TRUE(c.Step(kEret));   // and the interrupted TCO = 0 restored
  EXPECT_FALSE(c.s.PSTATE.TCO);
}

// ================================================================ SCTLR_EL1 / TCR_EL1 RES0 fields

uint64_t WriteAndReadSctlr(FlatMemoryContext& c, uint64_t bits) {
  Msr(c, kMsrSctlr, c.s.sys.SCTLR_EL1 | bits);
  return Mrs(c, kMrsSctlr);
}

uint64_t WriteAndReadTcr(FlatMemoryContext& c, uint64_t bits) {
  Msr(c, kMsrTcr, c.s.sys.TCR_EL1 | bits);
  return Mrs(c, kMrsTcr);
}

TEST(MteSctlrFields, AtaTcfAndItfsbAreRes0WithoutMte2) {
  for (unsigned level : {0u, 1u}) {
    FlatMemoryContext c;
    c.ConfigureMte(Features(level));
    const uint64_t before = c.s.sys.SCTLR_EL1;
    EXPECT_EQ(WriteAndReadSctlr(c, kSctlrMte2Fields), before) << level;
  }
}

TEST(MteSctlrFields, AtaTcfAndItfsbAreWritableWithMte2) {
  FlatMemoryContext c;
  c.ConfigureMte(Features(2));
  EXPECT_EQ(WriteAndReadSctlr(c, kSctlrMte2Fields) & kSctlrMte2Fields, kSctlrMte2Fields);
}

TEST(MteSctlrFields, TcsoIsRes0WithoutStoreOnly) {
  FlatMemoryContext c;
  c.ConfigureMte(Features(3));
  EXPECT_EQ(WriteAndReadSctlr(c, kSctlrTcsoFields) & kSctlrTcsoFields, 0u);
}

TEST(MteSctlrFields, TcsoIsWritableWithStoreOnly) {
  MteFeatures f = Features(3);
  f.store_only = true;
  FlatMemoryContext c;
  c.ConfigureMte(f);
  EXPECT_EQ(WriteAndReadSctlr(c, kSctlrTcsoFields) & kSctlrTcsoFields, kSctlrTcsoFields);
}

TEST(MteTcrFields, TcmaIsRes0WithoutMte2) {
  for (unsigned level : {0u, 1u}) {
    FlatMemoryContext c;
    c.ConfigureMte(Features(level));
    EXPECT_EQ(WriteAndReadTcr(c, kTcrTcmaFields) & kTcrTcmaFields, 0u) << level;
  }
}

TEST(MteTcrFields, TcmaIsWritableWithMte2) {
  FlatMemoryContext c;
  c.ConfigureMte(Features(2));
  EXPECT_EQ(WriteAndReadTcr(c, kTcrTcmaFields) & kTcrTcmaFields, kTcrTcmaFields);
}

TEST(MteTcrFields, MtxIsRes0WithoutCanonicalTags) {
  FlatMemoryContext c;
  c.ConfigureMte(Features(3));
  EXPECT_EQ(WriteAndReadTcr(c, kTcrMtxFields) & kTcrMtxFields, 0u);
}

TEST(MteTcrFields, MtxIsWritableWithCanonicalTags) {
  MteFeatures f = Features(3);
  f.canonical_tags = true;
  FlatMemoryContext c;
  c.ConfigureMte(f);
  EXPECT_EQ(WriteAndReadTcr(c, kTcrMtxFields) & kTcrMtxFields, kTcrMtxFields);
}

// ================================================================ ID registers

unsigned Field(uint64_t reg, unsigned lsb) { return static_cast<unsigned>(reg >> lsb) & 0xF; }

TEST(MteIdRegisters, Pfr1MteReportsTheLevel) {
  for (unsigned level : {0u, 1u, 2u, 3u}) {
    FlatMemoryContext c;
    c.ConfigureMte(Features(level));
    EXPECT_EQ(Field(Mrs(c, kMrsPfr1), 8), level);
  }
}

TEST(MteIdRegisters, Pfr1KeepsItsOtherFields) {
  FlatMemoryContext c;
  const uint64_t before = c.s.id.ID_AA64PFR1_EL1;
  MteFeatures f = Features(3);
  f.canonical_tags = true;
  c.ConfigureMte(f);
  const uint64_t mte_fields = uint64_t{0xF} << 8 | uint64_t{0xF} << 40 | uint64_t{0xF} << 52;
  EXPECT_EQ(Mrs(c, kMrsPfr1) & ~mte_fields, before & ~mte_fields);
  EXPECT_EQ(Field(Mrs(c, kMrsPfr1), 4), 1u);  // SSBS
}

TEST(MteIdRegisters, Pfr1MteFracSaysAsyncIsImplemented) {
  for (unsigned level : {2u, 3u}) {
    FlatMemoryContext c;
    c.ConfigureMte(Features(level));
    EXPECT_EQ(Field(Mrs(c, kMrsPfr1), 40), 0u) << level;  // 0b0000: asynchronous faults supported
  }
}

TEST(MteIdRegisters, Pfr1MtexFollowsCanonicalTags) {
  MteFeatures f = Features(3);
  f.canonical_tags = true;
  FlatMemoryContext c;
  c.ConfigureMte(f);
  EXPECT_EQ(Field(Mrs(c, kMrsPfr1), 52), 1u);
  c.ConfigureMte(Features(3));
  EXPECT_EQ(Field(Mrs(c, kMrsPfr1), 52), 0u);
}

TEST(MteIdRegisters, Pfr2MteFarFollowsTaggedFar) {
  MteFeatures f = Features(3);
  f.tagged_far = true;
  FlatMemoryContext c;
  c.ConfigureMte(f);
  EXPECT_EQ(Field(Mrs(c, kMrsPfr2), 8), 1u);
  EXPECT_EQ(Field(Mrs(c, kMrsPfr2), 4), 0u);
  c.ConfigureMte(Features(3));
  EXPECT_EQ(Field(Mrs(c, kMrsPfr2), 8), 0u);
}

TEST(MteIdRegisters, Pfr2MteStoreOnlyFollowsStoreOnly) {
  MteFeatures f = Features(3);
  f.store_only = true;
  FlatMemoryContext c;
  c.ConfigureMte(f);
  EXPECT_EQ(Field(Mrs(c, kMrsPfr2), 4), 1u);
  EXPECT_EQ(Field(Mrs(c, kMrsPfr2), 8), 0u);
  c.ConfigureMte(Features(3));
  EXPECT_EQ(Field(Mrs(c, kMrsPfr2), 4), 0u);
}

TEST(MteIdRegisters, Pfr2MtePermIsNotReported) {
  MteFeatures f = Features(3);
  f.canonical_tags = f.tagged_far = f.store_only = true;
  FlatMemoryContext c;
  c.ConfigureMte(f);
  EXPECT_EQ(Field(Mrs(c, kMrsPfr2), 0), 0u);  // FEAT_MTE_PERM is not an MteFeatures option
}

}  // namespace
