// System register accesses with EL2: the EL2 registers (op1 = 4) and who may reach them,
// SP_EL1 from EL2, the virtual MIDR/MPIDR, the HCR_EL2 traps of EL1/EL0 accesses (EC 0x18
// to EL2, ISS per D24.2.46 "exception from MSR, MRS, or System instruction execution"),
// CPTR_EL2.TCPAC, FEAT_IDST, the HCR_EL2 write masks, and HCR_EL2.TGE's effective value
// (Arm ARM, HCR_EL2 field descriptions; AArch64.SystemAccessTrap; the MRS/MSR pseudocode
// of each register; cross-checked with QEMU 10's access functions in helper.c).
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <functional>
#include <vector>

#include "isa/system_registers.h"
#include "tests/isa/el2_test_context.h"

namespace {

using namespace mtesim::test::el2;
using mtesim::isa::MteFeatures;

constexpr uint64_t kPc = kBase + 0x1000;
constexpr uint64_t Esr(uint32_t ec, uint32_t iss) { return uint64_t{ec} << 26 | kIl | iss; }

// ---- registers by encoding (D24, checked with aarch64-linux-gnu-as) ----
const std::vector<Enc> kEl2Registers = {
    {"VPIDR_EL2", 3, 4, 0, 0, 0},  {"VMPIDR_EL2", 3, 4, 0, 0, 5},  {"SCTLR_EL2", 3, 4, 1, 0, 0},
    {"ACTLR_EL2", 3, 4, 1, 0, 1},  {"HCR_EL2", 3, 4, 1, 1, 0},     {"MDCR_EL2", 3, 4, 1, 1, 1},
    {"CPTR_EL2", 3, 4, 1, 1, 2},   {"HSTR_EL2", 3, 4, 1, 1, 3},    {"HACR_EL2", 3, 4, 1, 1, 7},
    {"TTBR0_EL2", 3, 4, 2, 0, 0},  {"TCR_EL2", 3, 4, 2, 0, 2},     {"VTTBR_EL2", 3, 4, 2, 1, 0},
    {"VTCR_EL2", 3, 4, 2, 1, 2},   {"SPSR_EL2", 3, 4, 4, 0, 0},    {"ELR_EL2", 3, 4, 4, 0, 1},
    {"SP_EL1", 3, 4, 4, 1, 0},     {"AFSR0_EL2", 3, 4, 5, 1, 0},   {"AFSR1_EL2", 3, 4, 5, 1, 1},
    {"ESR_EL2", 3, 4, 5, 2, 0},    {"FAR_EL2", 3, 4, 6, 0, 0},     {"HPFAR_EL2", 3, 4, 6, 0, 4},
    {"MAIR_EL2", 3, 4, 10, 2, 0},  {"AMAIR_EL2", 3, 4, 10, 3, 0},  {"VBAR_EL2", 3, 4, 12, 0, 0},
    {"TPIDR_EL2", 3, 4, 13, 0, 2}, {"CNTHCTL_EL2", 3, 4, 14, 1, 0}, {"CNTVOFF_EL2", 3, 4, 14, 0, 3},
};

// HCR_EL2.TVM (writes) / TRVM (reads): the virtual memory controls.
const std::vector<Enc> kVirtualMemoryControls = {
    {"SCTLR_EL1", 3, 0, 1, 0, 0},  {"TTBR0_EL1", 3, 0, 2, 0, 0}, {"TTBR1_EL1", 3, 0, 2, 0, 1},
    {"TCR_EL1", 3, 0, 2, 0, 2},    {"ESR_EL1", 3, 0, 5, 2, 0},   {"FAR_EL1", 3, 0, 6, 0, 0},
    {"AFSR0_EL1", 3, 0, 5, 1, 0},  {"AFSR1_EL1", 3, 0, 5, 1, 1}, {"MAIR_EL1", 3, 0, 10, 2, 0},
    {"AMAIR_EL1", 3, 0, 10, 3, 0}, {"CONTEXTIDR_EL1", 3, 0, 13, 0, 1},
};
// EL1 registers no HCR_EL2 trap of this PE covers.
const std::vector<Enc> kUntrappedEl1Registers = {
    {"VBAR_EL1", 3, 0, 12, 0, 0}, {"TPIDR_EL1", 3, 0, 13, 0, 4},  {"ELR_EL1", 3, 0, 4, 0, 1},
    {"SPSR_EL1", 3, 0, 4, 0, 0},  {"PAR_EL1", 3, 0, 7, 4, 0},     {"CNTKCTL_EL1", 3, 0, 14, 1, 0},
    {"TPIDR_EL0", 3, 3, 13, 0, 2}, {"MDSCR_EL1", 2, 0, 0, 2, 2},
};
const Enc kRevidr{"REVIDR_EL1", 3, 0, 0, 0, 6}, kAidr{"AIDR_EL1", 3, 1, 0, 0, 7};
const Enc kCtr{"CTR_EL0", 3, 3, 0, 0, 1}, kCcsidr{"CCSIDR_EL1", 3, 1, 0, 0, 0}, kClidr{"CLIDR_EL1", 3, 1, 0, 0, 1};
const Enc kCsselr{"CSSELR_EL1", 3, 2, 0, 0, 0};
const std::vector<Enc> kIdAa64Registers = {
    {"ID_AA64PFR0_EL1", 3, 0, 0, 4, 0},  {"ID_AA64PFR1_EL1", 3, 0, 0, 4, 1},  {"ID_AA64PFR2_EL1", 3, 0, 0, 4, 2},
    {"ID_AA64DFR0_EL1", 3, 0, 0, 5, 0},  {"ID_AA64ISAR0_EL1", 3, 0, 0, 6, 0}, {"ID_AA64ISAR1_EL1", 3, 0, 0, 6, 1},
    {"ID_AA64ISAR2_EL1", 3, 0, 0, 6, 2}, {"ID_AA64MMFR0_EL1", 3, 0, 0, 7, 0}, {"ID_AA64MMFR1_EL1", 3, 0, 0, 7, 1},
    {"ID_AA64MMFR2_EL1", 3, 0, 0, 7, 2},
};
// The rest of the ID space op0 = 3, op1 = 0, CRn = 0, CRm = 1..7 (AArch32 ID registers,
// features this PE lacks, unallocated encodings): RAZ at EL1, in HCR_EL2.TID3's group.
const std::vector<Enc> kReservedIdSpace = {
    {"ID_PFR0_EL1", 3, 0, 0, 1, 0},      {"ID_ISAR0_EL1", 3, 0, 0, 2, 0},     {"MVFR0_EL1", 3, 0, 0, 3, 0},
    {"S3_0_C0_C3_7", 3, 0, 0, 3, 7},     {"ID_AA64ZFR0_EL1", 3, 0, 0, 4, 4},  {"ID_AA64AFR0_EL1", 3, 0, 0, 5, 4},
    {"ID_AA64MMFR3_EL1", 3, 0, 0, 7, 3}, {"S3_0_C0_C7_7", 3, 0, 0, 7, 7},
};
const Enc kGmid{"GMID_EL1", 3, 1, 0, 0, 4};
const Enc kActlr{"ACTLR_EL1", 3, 0, 1, 0, 1};
const std::vector<Enc> kLorRegisters = {
    {"LORSA_EL1", 3, 0, 10, 4, 0}, {"LOREA_EL1", 3, 0, 10, 4, 1}, {"LORN_EL1", 3, 0, 10, 4, 2},
    {"LORC_EL1", 3, 0, 10, 4, 3},
};
const Enc kLorid{"LORID_EL1", 3, 0, 10, 4, 7};
const std::vector<Enc> kMteRegisters = {
    {"GCR_EL1", 3, 0, 1, 0, 6}, {"RGSR_EL1", 3, 0, 1, 0, 5},
    {"TFSR_EL1", 3, 0, 5, 6, 0}, {"TFSRE0_EL1", 3, 0, 5, 6, 1},
};
const Enc kCpacr{"CPACR_EL1", 3, 0, 1, 0, 2};
const Enc kMidr{"MIDR_EL1", 3, 0, 0, 0, 0}, kMpidr{"MPIDR_EL1", 3, 0, 0, 0, 5};
const Enc kHcr{"HCR_EL2", 3, 4, 1, 1, 0};

constexpr uint64_t kCptrTcpac = uint64_t{1} << 31;
constexpr unsigned kRt = 5;  // the Xt the accesses use (ISS.Rt)

uint32_t Access(const Enc& r, bool read, unsigned rt = kRt) {
  return read ? Mrs(r.op0, r.op1, r.crn, r.crm, r.op2, rt) : Msr(r.op0, r.op1, r.crn, r.crm, r.op2, rt);
}

using PeSetup = std::function<void(El2Context&)>;

MteFeatures Mte2() {
  MteFeatures f;
  f.level = 2;
  return f;
}

// A fresh PE at `el` with HCR_EL2 = hcr (and whatever `extra` sets), so each access is
// checked from a clean state.
PeSetup At(unsigned el, uint64_t hcr, PeSetup extra = nullptr) {
  return [=](El2Context& c) {
    SetHcr(c, hcr);
    if (extra) extra(c);
    SetEl(c, el);
  };
}

// The access traps to EL2 with EC 0x18 and the exact ISS; Xt, EL1's syndrome registers
// and the register itself are untouched.
void ExpectTrapToEl2(const PeSetup& setup, const Enc& r, bool read, unsigned rt = kRt) {
  El2Context c;
  setup(c);
  const unsigned el = c.s.PSTATE.EL;
  c.s.sys.ESR_EL1 = 0xE1E1;
  c.s.sys.ELR_EL1 = 0xE1E2;
  c.s.R[rt] = 0x5A5A;
  SCOPED_TRACE(::testing::Message() << r.name << (read ? " read" : " write") << " at EL" << el);
  mtesim::isa::SystemRegisters before = c.s.sys;
  ASSERT_FALSE(c.Step(Access(r, read, rt)));
  EXPECT_EQ(c.s.PSTATE.EL, 2);
  EXPECT_EQ(c.s.sys.ESR_EL2, Esr(0x18, SysRegIss(r.op0, r.op1, r.crn, r.crm, r.op2, rt, read)));
  EXPECT_EQ(c.s.sys.ELR_EL2, kPc);
  EXPECT_EQ(c.s.sys.SPSR_EL2 & 0xF, el == 0 ? 0u : (el << 2) | 1u);
  if (rt != 31) {
    EXPECT_EQ(c.s.R[rt], 0x5A5Au);
  }
  // Nothing but EL2's exception registers changed.
  before.ESR_EL2 = c.s.sys.ESR_EL2;
  before.ELR_EL2 = c.s.sys.ELR_EL2;
  before.SPSR_EL2 = c.s.sys.SPSR_EL2;
  EXPECT_EQ(std::memcmp(&before, &c.s.sys, sizeof before), 0);
}

// The access traps to EL1 (EC 0x18) and not to EL2.
void ExpectTrapToEl1(const PeSetup& setup, const Enc& r, bool read) {
  El2Context c;
  setup(c);
  c.s.sys.ESR_EL2 = 0xE2E1;
  SCOPED_TRACE(r.name);
  ASSERT_FALSE(c.Step(Access(r, read)));
  EXPECT_EQ(c.s.PSTATE.EL, 1);
  EXPECT_EQ(c.s.sys.ESR_EL1, Esr(0x18, SysRegIss(r.op0, r.op1, r.crn, r.crm, r.op2, kRt, read)));
  EXPECT_EQ(c.s.sys.ELR_EL1, kPc);
  EXPECT_EQ(c.s.sys.ESR_EL2, 0xE2E1u);
}

// The access is UNDEFINED: EC 0x00 at `target` (EL1 from EL0/EL1, EL2 at EL2), Xt and the
// system registers other than the target's exception registers are unchanged.
void ExpectUndefined(const PeSetup& setup, const Enc& r, bool read, unsigned target = 1) {
  El2Context c;
  setup(c);
  c.s.R[kRt] = 0x5A5A;
  SCOPED_TRACE(::testing::Message() << r.name << (read ? " read" : " write") << " at EL"
                                    << unsigned{c.s.PSTATE.EL});
  mtesim::isa::SystemRegisters before = c.s.sys;
  ASSERT_FALSE(c.Step(Access(r, read)));
  EXPECT_EQ(c.s.PSTATE.EL, target);
  EXPECT_EQ(c.s.sys.ESR(target), Esr(0x00, 0));
  EXPECT_EQ(c.s.R[kRt], 0x5A5Au);
  before.ESR(target) = c.s.sys.ESR(target);
  before.ELR(target) = c.s.sys.ELR(target);
  before.SPSR(target) = c.s.sys.SPSR(target);
  EXPECT_EQ(std::memcmp(&before, &c.s.sys, sizeof before), 0);
}

// The access completes at the current EL.
void ExpectAllowed(const PeSetup& setup, const Enc& r, bool read) {
  El2Context c;
  setup(c);
  const unsigned el = c.s.PSTATE.EL;
  SCOPED_TRACE(::testing::Message() << r.name << (read ? " read" : " write") << " at EL" << el);
  c.s.R[kRt] = 0;
  EXPECT_TRUE(c.Step(Access(r, read)));
  EXPECT_EQ(c.s.PSTATE.EL, el);
  EXPECT_EQ(c.s.PC, kPc + 4);
}

uint64_t HcrAllTraps() {
  using namespace hcrbit;
  return B(TID1) | B(TID2) | B(TID3) | B(TACR) | B(TVM) | B(TRVM) | B(TLOR) | B(TID5) | B(TSW) | B(TPCP) |
         B(TPU) | B(TTLB) | B(TDZ) | B(TWI) | B(TWE) | B(TSC);  // ATA = 0 traps the MTE registers
}

// ================================================================ EL2 registers

TEST(El2SysRegAccess, El2RegistersAreUndefinedAtEl1) {
  for (const Enc& r : kEl2Registers)
    for (bool read : {true, false}) ExpectUndefined(At(1, 0), r, read);
}

TEST(El2SysRegAccess, El2RegistersAreUndefinedAtEl0) {
  for (const Enc& r : kEl2Registers)
    for (bool read : {true, false}) ExpectUndefined(At(0, 0), r, read);
}

TEST(El2SysRegAccess, El2RegistersAreNotTrappedToEl2FromEl1) {
  // UNDEFINED at EL1 has priority over every HCR_EL2 trap.
  for (const Enc& r : kEl2Registers) ExpectUndefined(At(1, HcrAllTraps()), r, true);
}

TEST(El2SysRegAccess, El2RegistersAreAbsentWithoutEl2) {
  for (const Enc& r : kEl2Registers) {
    EXPECT_NE(mtesim::isa::FindSystemRegister(r.op0, r.op1, r.crn, r.crm, r.op2, 0, true), nullptr) << r.name;
    EXPECT_EQ(mtesim::isa::FindSystemRegister(r.op0, r.op1, r.crn, r.crm, r.op2, 0, false), nullptr) << r.name;
    ExpectUndefined([](El2Context& c) { c.ConfigureEl2(false); SetEl(c, 1); }, r, true);
  }
}

TEST(El2SysRegAccess, El2RegistersAreReadWriteAtEl2) {
  for (const Enc& r : kEl2Registers)
    for (bool read : {true, false}) ExpectAllowed(At(2, 0), r, read);
}

TEST(El2SysRegAccess, El2WritesAndReadsEl1Registers) {
  El2Context c;
  SetEl(c, 2);
  c.s.R[kRt] = kBase + 0x30000;
  ASSERT_TRUE(c.Step(Msr(3, 0, 12, 0, 0, kRt)));  // msr vbar_el1, x5
  EXPECT_EQ(c.s.sys.VBAR_EL1, kBase + 0x30000);
  EXPECT_EQ(c.s.sys.VBAR_EL2, kBase + 0x20000);
  c.s.sys.ELR_EL1 = 0x4444;
  ASSERT_TRUE(c.Step(Mrs(3, 0, 4, 0, 1, 6)));  // mrs x6, elr_el1
  EXPECT_EQ(c.s.R[6], 0x4444u);
}

TEST(El2SysRegAccess, El2ReachesSpEl1ThroughItsEncoding) {
  El2Context c;
  SetEl(c, 2);
  c.s.R[31] = 0x2222;  // SP_EL2, current
  c.s.R[1] = 0x1111;
  ASSERT_TRUE(c.Step(Msr(3, 4, 4, 1, 0, 1)));  // msr sp_el1, x1
  EXPECT_EQ(c.s.SP_el[1], 0x1111u);
  EXPECT_EQ(c.SP(), 0x2222u);
  c.s.SP_el[1] = 0x1234;
  ASSERT_TRUE(c.Step(Mrs(3, 4, 4, 1, 0, 2)));  // mrs x2, sp_el1
  EXPECT_EQ(c.s.R[2], 0x1234u);
}

TEST(El2SysRegAccess, SpEl1WrittenAtEl2IsTheStackPointerAfterEretToEl1h) {
  El2Context c;
  SetEl(c, 2);
  c.s.R[1] = 0x1110;
  ASSERT_TRUE(c.Step(Msr(3, 4, 4, 1, 0, 1)));  // msr sp_el1, x1
  c.s.sys.SPSR_EL2 = 0x3C5;                     // EL1h
  c.s.sys.ELR_EL2 = kBase;
  ASSERT_TRUE(c.Step(kEret));
  EXPECT_EQ(c.SP(), 0x1110u);
}

TEST(El2SysRegAccess, El2ReadsSpEl0WhileUsingSpEl2) {
  El2Context c;
  SetEl(c, 2, true);
  c.s.SP_el[0] = 0x3333;
  ASSERT_TRUE(c.Step(Mrs(3, 0, 4, 1, 0, 2)));  // mrs x2, sp_el0
  EXPECT_EQ(c.s.R[2], 0x3333u);
}

TEST(El2SysRegAccess, SpEl2IsUndefinedAtEl2) {
  // SP_EL2 (op1 = 6) is accessible only from EL3.
  ExpectUndefined(At(2, 0), Enc{"SP_EL2", 3, 6, 4, 1, 0}, true, 2);
  ExpectUndefined(At(2, 0), Enc{"SP_EL2", 3, 6, 4, 1, 0}, false, 2);
}

// ================================================================ virtual MIDR / MPIDR

TEST(El2SysRegAccess, MidrReadAtEl1ReturnsVpidrEl2) {
  El2Context c;
  c.s.sys.VPIDR_EL2 = 0x410FD4F1;
  SetEl(c, 1);
  ASSERT_TRUE(c.Step(Access(kMidr, true)));
  EXPECT_EQ(c.s.R[kRt], 0x410FD4F1u);
}

TEST(El2SysRegAccess, MpidrReadAtEl1ReturnsVmpidrEl2) {
  El2Context c;
  c.s.sys.VMPIDR_EL2 = 0x80000103;
  SetEl(c, 1);
  ASSERT_TRUE(c.Step(Access(kMpidr, true)));
  EXPECT_EQ(c.s.R[kRt], 0x80000103u);
}

TEST(El2SysRegAccess, MidrAndMpidrReadAtEl2ReturnTheRealValues) {
  El2Context c;
  c.s.sys.VPIDR_EL2 = 0x410FD4F1;
  c.s.sys.VMPIDR_EL2 = 0x80000103;
  SetEl(c, 2);
  ASSERT_TRUE(c.Step(Access(kMidr, true)));
  EXPECT_EQ(c.s.R[kRt], c.s.id.MIDR_EL1);
  ASSERT_TRUE(c.Step(Access(kMpidr, true)));
  EXPECT_EQ(c.s.R[kRt], c.s.id.MPIDR_EL1);
}

TEST(El2SysRegAccess, MidrReadAtEl1WithoutEl2ReturnsTheRealValue) {
  El2Context c;
  c.ConfigureEl2(false);
  c.s.sys.VPIDR_EL2 = 0x410FD4F1;
  SetEl(c, 1);
  ASSERT_TRUE(c.Step(Access(kMidr, true)));
  EXPECT_EQ(c.s.R[kRt], c.s.id.MIDR_EL1);
}

TEST(El2SysRegAccess, IdAa64Pfr0ReportsEl2OnlyWhenImplemented) {
  // ID_AA64PFR0_EL1.EL2, bits [11:8]: 0b0001 = EL2 implemented, AArch64 only.
  El2Context c;
  EXPECT_EQ((c.s.id.ID_AA64PFR0_EL1 >> 8) & 0xF, 1u);
  c.ConfigureEl2(false);
  EXPECT_EQ((c.s.id.ID_AA64PFR0_EL1 >> 8) & 0xF, 0u);
}

// ================================================================ HCR_EL2.TVM / TRVM

TEST(HcrTrap, TvmTrapsEl1WritesOfTheVirtualMemoryControls) {
  for (const Enc& r : kVirtualMemoryControls) ExpectTrapToEl2(At(1, B(hcrbit::TVM)), r, false);
}

TEST(HcrTrap, TvmDoesNotTrapReads) {
  for (const Enc& r : kVirtualMemoryControls) ExpectAllowed(At(1, B(hcrbit::TVM)), r, true);
}

TEST(HcrTrap, TrvmTrapsEl1ReadsOfTheVirtualMemoryControls) {
  for (const Enc& r : kVirtualMemoryControls) ExpectTrapToEl2(At(1, B(hcrbit::TRVM)), r, true);
}

TEST(HcrTrap, TrvmDoesNotTrapWrites) {
  for (const Enc& r : kVirtualMemoryControls) ExpectAllowed(At(1, B(hcrbit::TRVM)), r, false);
}

TEST(HcrTrap, TvmAndTrvmDoNotTrapOtherEl1Registers) {
  for (const Enc& r : kUntrappedEl1Registers)
    for (bool read : {true, false}) ExpectAllowed(At(1, B(hcrbit::TVM) | B(hcrbit::TRVM)), r, read);
}

TEST(HcrTrap, TrapIssRecordsRt31) {
  ExpectTrapToEl2(At(1, B(hcrbit::TVM)), kVirtualMemoryControls[0], false, 31);  // msr sctlr_el1, xzr
  ExpectTrapToEl2(At(1, B(hcrbit::TRVM)), kVirtualMemoryControls[0], true, 31);  // mrs xzr, sctlr_el1
}

// ================================================================ HCR_EL2.TID1 / TID2 / TID3 / TID5

TEST(HcrTrap, Tid1TrapsRevidrAndAidrReads) {
  ExpectTrapToEl2(At(1, B(hcrbit::TID1)), kRevidr, true);
  ExpectTrapToEl2(At(1, B(hcrbit::TID1)), kAidr, true);
}

TEST(HcrTrap, Tid2TrapsCacheIdentificationReadsAtEl1) {
  for (const Enc& r : {kCtr, kCcsidr, kClidr, kCsselr}) ExpectTrapToEl2(At(1, B(hcrbit::TID2)), r, true);
}

TEST(HcrTrap, Tid2TrapsCsselrWrites) { ExpectTrapToEl2(At(1, B(hcrbit::TID2)), kCsselr, false); }

TEST(HcrTrap, Tid2TrapsCtrEl0AtEl0WhenUctAllowsIt) {
  ExpectTrapToEl2(At(0, B(hcrbit::TID2), [](El2Context& c) { c.s.sys.SCTLR_EL1 |= B(15); }), kCtr, true);
}

TEST(HcrTrap, UctIsCheckedBeforeTid2AtEl0) {
  ExpectTrapToEl1(At(0, B(hcrbit::TID2), [](El2Context& c) { c.s.sys.SCTLR_EL1 &= ~B(15); }), kCtr, true);
}

TEST(HcrTrap, Tid3TrapsIdAa64RegisterReads) {
  for (const Enc& r : kIdAa64Registers) ExpectTrapToEl2(At(1, B(hcrbit::TID3)), r, true);
}

TEST(HcrTrap, Tid3TrapsReadsOfTheReservedIdSpace) {
  for (const Enc& r : kReservedIdSpace) ExpectTrapToEl2(At(1, B(hcrbit::TID3)), r, true);
}

TEST(HcrTrap, ReservedIdSpaceReadsAsZeroAtEl1WithoutTid3) {
  for (const Enc& r : kReservedIdSpace) {
    El2Context c;
    SetEl(c, 1);
    c.s.R[kRt] = 0x5A5A;
    ASSERT_TRUE(c.Step(Access(r, true))) << r.name;
    EXPECT_EQ(c.s.R[kRt], 0u) << r.name;
  }
}

TEST(HcrTrap, Tid3DoesNotTrapMidrOrMpidr) {
  ExpectAllowed(At(1, B(hcrbit::TID3)), kMidr, true);
  ExpectAllowed(At(1, B(hcrbit::TID3)), kMpidr, true);
}

TEST(HcrTrap, Tid5TrapsGmidReadsWithMte2) {
  ExpectTrapToEl2(At(1, B(hcrbit::TID5), [](El2Context& c) { c.ConfigureMte(Mte2()); }), kGmid, true);
}

TEST(HcrTrap, Tid5IsRes0WithoutMte2) {
  // HCR_EL2.TID5 exists only with FEAT_MTE2: written through MSR, it does not stick.
  El2Context c;
  SetEl(c, 2);
  c.s.R[kRt] = B(hcrbit::TID5) | B(hcrbit::ATA) | B(hcrbit::DCT);
  ASSERT_TRUE(c.Step(Access(kHcr, false)));
  EXPECT_EQ(c.s.sys.HCR_EL2 & (B(hcrbit::TID5) | B(hcrbit::ATA) | B(hcrbit::DCT)), 0u);
}

// ================================================================ TACR, TLOR, ATA, TCPAC

TEST(HcrTrap, TacrTrapsActlrEl1) {
  ExpectTrapToEl2(At(1, B(hcrbit::TACR)), kActlr, true);
  ExpectTrapToEl2(At(1, B(hcrbit::TACR)), kActlr, false);
}

TEST(HcrTrap, TlorTrapsTheLorRegisters) {
  for (const Enc& r : kLorRegisters)
    for (bool read : {true, false}) ExpectTrapToEl2(At(1, B(hcrbit::TLOR)), r, read);
  ExpectTrapToEl2(At(1, B(hcrbit::TLOR)), kLorid, true);
}

TEST(HcrTrap, AtaZeroTrapsTheMteRegistersWithMte2) {
  for (const Enc& r : kMteRegisters)
    for (bool read : {true, false})
      ExpectTrapToEl2(At(1, 0, [](El2Context& c) { c.ConfigureMte(Mte2()); }), r, read);
}

TEST(HcrTrap, AtaOneAllowsTheMteRegisters) {
  for (const Enc& r : kMteRegisters)
    for (bool read : {true, false})
      ExpectAllowed([](El2Context& c) { c.ConfigureMte(Mte2()); SetHcr(c, B(hcrbit::ATA)); SetEl(c, 1); }, r, read);
}

TEST(HcrTrap, CptrTcpacTrapsCpacrEl1) {
  const PeSetup setup = At(1, 0, [](El2Context& c) { c.s.sys.CPTR_EL2 |= kCptrTcpac; });
  ExpectTrapToEl2(setup, kCpacr, true);
  ExpectTrapToEl2(setup, kCpacr, false);
}

TEST(HcrTrap, CpacrIsNotTrappedWithoutTcpac) {
  ExpectAllowed(At(1, HcrAllTraps()), kCpacr, true);
  ExpectAllowed(At(1, HcrAllTraps()), kCpacr, false);
}

TEST(HcrTrap, NoTrapAppliesAtEl2) {
  const PeSetup setup = [](El2Context& c) {
    c.ConfigureMte(Mte2());
    SetHcr(c, HcrAllTraps());  // and ATA = 0
    c.s.sys.CPTR_EL2 |= kCptrTcpac;
    SetEl(c, 2);
  };
  std::vector<Enc> all = kVirtualMemoryControls;
  for (const auto* group : {&kIdAa64Registers, &kReservedIdSpace, &kLorRegisters, &kMteRegisters})
    all.insert(all.end(), group->begin(), group->end());
  for (const Enc& r : {kRevidr, kAidr, kCtr, kCcsidr, kClidr, kCsselr, kGmid, kActlr, kLorid, kCpacr}) all.push_back(r);
  for (const Enc& r : all) ExpectAllowed(setup, r, true);
  std::vector<Enc> writable = kVirtualMemoryControls;
  for (const auto* group : {&kLorRegisters, &kMteRegisters}) writable.insert(writable.end(), group->begin(), group->end());
  for (const Enc& r : {kCsselr, kActlr, kCpacr}) writable.push_back(r);
  for (const Enc& r : writable) ExpectAllowed(setup, r, false);
}

TEST(HcrTrap, TrapsDoNotApplyWithoutEl2) {
  const PeSetup setup = [](El2Context& c) {
    c.ConfigureEl2(false);
    c.ConfigureMte(Mte2());
    SetHcr(c, HcrAllTraps());  // stored, but without EL2 HCR_EL2 has no effect
    c.s.sys.CPTR_EL2 |= kCptrTcpac;
    SetEl(c, 1);
  };
  for (const Enc& r : kVirtualMemoryControls)
    for (bool read : {true, false}) ExpectAllowed(setup, r, read);
  for (const Enc& r : {kRevidr, kAidr, kCtr, kCcsidr, kClidr, kGmid, kActlr, kLorid, kIdAa64Registers[0]})
    ExpectAllowed(setup, r, true);
  for (const Enc& r : kMteRegisters) ExpectAllowed(setup, r, true);
  ExpectAllowed(setup, kCpacr, false);
}

// ================================================================ writes to read-only registers

TEST(HcrTrap, WritesToReadOnlyRegistersAreUndefinedBeforeAnyTrap) {
  const PeSetup setup = At(1, HcrAllTraps(), [](El2Context& c) { c.ConfigureMte(Mte2()); });
  for (const Enc& r : {kRevidr, kAidr, kCtr, kCcsidr, kClidr, kGmid, kLorid, kMidr, kMpidr})
    ExpectUndefined(setup, r, false);
  for (const Enc& r : kIdAa64Registers) ExpectUndefined(setup, r, false);
  for (const Enc& r : kReservedIdSpace) ExpectUndefined(setup, r, false);
}

// ================================================================ FEAT_IDST (EL0 reads of the ID space)

TEST(El2Idst, El0IdRegisterReadTrapsToEl1WithEc0x18) {
  for (const Enc& r : {kIdAa64Registers[0], kMidr, kReservedIdSpace[0], kClidr})
    ExpectTrapToEl1(At(0, 0), r, true);
}

TEST(El2Idst, El0IdRegisterReadTrapsToEl1EvenWithTid3) {
  // The EL0 check comes first in the MRS pseudocode; TID3 applies to EL1 only.
  ExpectTrapToEl1(At(0, B(hcrbit::TID3)), kIdAa64Registers[0], true);
}

TEST(El2Idst, El0GmidReadTrapsToEl1EvenWithTid5) {
  ExpectTrapToEl1(At(0, B(hcrbit::TID5), [](El2Context& c) { c.ConfigureMte(Mte2()); }), kGmid, true);
}

TEST(El2Idst, El0IdRegisterReadTrapsToEl2WithTge) {
  ExpectTrapToEl2(At(0, B(hcrbit::TGE)), kIdAa64Registers[0], true);
}

TEST(El2Idst, El0IdRegisterWriteIsUndefined) { ExpectUndefined(At(0, 0), kIdAa64Registers[0], false); }

// ================================================================ HCR_EL2 and CPTR_EL2 write masks

uint64_t WriteHcrAtEl2(El2Context& c, uint64_t value) {
  SetEl(c, 2);
  c.s.R[kRt] = value;
  EXPECT_TRUE(c.Step(Access(kHcr, false)));
  c.s.R[kRt] = 0;
  EXPECT_TRUE(c.Step(Access(kHcr, true)));
  return c.s.R[kRt];
}

TEST(HcrWrite, RwReadsAsOne) {
  El2Context c;
  EXPECT_EQ(WriteHcrAtEl2(c, 0), B(hcrbit::RW));
}

TEST(HcrWrite, E2hStaysZeroWithoutVhe) {
  El2Context c;
  EXPECT_EQ(WriteHcrAtEl2(c, B(hcrbit::E2H)) & B(hcrbit::E2H), 0u);
}

TEST(HcrWrite, MteFieldsAreWritableOnlyWithMte2) {
  const uint64_t mte_bits = B(hcrbit::ATA) | B(hcrbit::DCT) | B(hcrbit::TID5);
  for (unsigned level : {0u, 1u, 2u, 3u}) {
    El2Context c;
    MteFeatures f;
    f.level = level;
    c.ConfigureMte(f);
    EXPECT_EQ(WriteHcrAtEl2(c, mte_bits) & mte_bits, level >= 2 ? mte_bits : 0u) << level;
  }
}

TEST(HcrWrite, TrapAndRoutingFieldsAreWritable) {
  using namespace hcrbit;
  El2Context c;
  const uint64_t fields = B(VM) | B(FMO) | B(IMO) | B(AMO) | B(FB) | B(TWI) | B(TWE) | B(TID1) | B(TID2) |
                          B(TID3) | B(TACR) | B(TSW) | B(TPCP) | B(TPU) | B(TTLB) | B(TVM) | B(TGE) | B(TDZ) |
                          B(HCD) | B(TRVM) | B(TLOR);
  EXPECT_EQ(WriteHcrAtEl2(c, fields), fields | B(RW));
}

TEST(HcrWrite, MsrHcrEl2AppliesTheNewTrapsAtOnce) {
  ExpectTrapToEl2(
      [](El2Context& c) {
        EXPECT_EQ(WriteHcrAtEl2(c, B(hcrbit::TID3)) & B(hcrbit::TID3), B(hcrbit::TID3));
        c.s.PC = kPc;
        SetEl(c, 1);
      },
      kIdAa64Registers[0], true);
}

TEST(El2SysRegWrite, CptrEl2KeepsItsRes1Bits) {
  // CPTR_EL2 (E2H = 0): bits [13:12] and [9:0] are RES1 without SVE/SME (TZ, bit 8, too).
  El2Context c;
  SetEl(c, 2);
  c.s.R[kRt] = 0;
  ASSERT_TRUE(c.Step(Msr(3, 4, 1, 1, 2, kRt)));
  ASSERT_TRUE(c.Step(Mrs(3, 4, 1, 1, 2, kRt)));
  EXPECT_EQ(c.s.R[kRt] & 0x33FF, 0x33FFu);
  EXPECT_EQ(c.s.R[kRt] & kCptrTcpac, 0u);
}

// ================================================================ HCR_EL2.TGE (E2H = 0)

TEST(HcrTge, FmoImoAmoBehaveAsOne) {
  El2Context c;
  SetHcr(c, B(hcrbit::TGE));
  const uint64_t routing = B(hcrbit::FMO) | B(hcrbit::IMO) | B(hcrbit::AMO);
  EXPECT_EQ(c.EffectiveHcr() & routing, routing);
}

TEST(HcrTge, ListedFieldsBehaveAsZero) {
  using namespace hcrbit;
  const unsigned listed[] = {SWIO, PTW, VF, VI, VSE, FB, TID1, TID3, TSC, TACR, TSW, TTLB, TVM, HCD, TRVM, TLOR};
  uint64_t all = 0;
  for (unsigned bit : listed) all |= B(bit);
  El2Context c;
  SetHcr(c, all | B(TGE));
  for (unsigned bit : listed) EXPECT_EQ(c.EffectiveHcr() & B(bit), 0u) << "HCR_EL2 bit " << bit;
}

TEST(HcrTge, OtherTrapFieldsKeepTheirValue) {
  using namespace hcrbit;
  El2Context c;
  c.ConfigureMte(Mte2());
  const uint64_t kept = B(TWI) | B(TWE) | B(TID2) | B(TPCP) | B(TPU) | B(TDZ) | B(TID5) | B(ATA) | B(TGE);
  SetHcr(c, kept);
  EXPECT_EQ(c.EffectiveHcr() & kept, kept);
}

TEST(HcrTge, WithoutTgeTheEffectiveValueIsTheStoredOne) {
  using namespace hcrbit;
  El2Context c;
  const uint64_t v = B(TID1) | B(TID3) | B(TSC) | B(TVM) | B(FB);
  SetHcr(c, v);
  EXPECT_EQ(c.EffectiveHcr() & (v | B(FMO) | B(IMO) | B(AMO)), v);
}

TEST(HcrTge, DirectReadOfHcrEl2ReturnsTheStoredValue) {
  El2Context c;
  const uint64_t v = B(hcrbit::TGE) | B(hcrbit::TVM) | B(hcrbit::TID3);
  EXPECT_EQ(WriteHcrAtEl2(c, v), v | B(hcrbit::RW));  // FMO/IMO/AMO read as written (0)
}

TEST(HcrTge, EffectiveValueIsZeroWithoutEl2) {
  El2Context c;
  c.ConfigureEl2(false);
  SetHcr(c, B(hcrbit::TGE) | B(hcrbit::TVM) | B(hcrbit::TWI));
  EXPECT_EQ(c.EffectiveHcr(), 0u);
}

TEST(HcrTge, TvmTrvmTid1Tid3TacrTlorDoNotTrapUnderTge) {
  using namespace hcrbit;
  const PeSetup setup = At(1, B(TGE) | B(TVM) | B(TRVM) | B(TID1) | B(TID3) | B(TACR) | B(TLOR));
  ExpectAllowed(setup, kVirtualMemoryControls[0], true);
  ExpectAllowed(setup, kVirtualMemoryControls[0], false);
  ExpectAllowed(setup, kRevidr, true);
  ExpectAllowed(setup, kIdAa64Registers[0], true);
  ExpectAllowed(setup, kActlr, true);
  ExpectAllowed(setup, kLorRegisters[0], true);
}

TEST(HcrTge, Tid2StillTrapsEl0CtrReadsUnderTge) {
  ExpectTrapToEl2(At(0, B(hcrbit::TGE) | B(hcrbit::TID2), [](El2Context& c) { c.s.sys.SCTLR_EL1 |= B(15); }),
                  kCtr, true);
}

TEST(HcrTge, UctTrapOfEl0IsRoutedToEl2UnderTge) {
  // SCTLR_EL1.UCT = 0 traps to "EL1", which TGE routes to EL2.
  ExpectTrapToEl2(At(0, B(hcrbit::TGE), [](El2Context& c) { c.s.sys.SCTLR_EL1 &= ~B(15); }), kCtr, true);
}

TEST(HcrTge, TscBehavesAsZeroUnderTge) {
  El2Context c;
  SetHcr(c, B(hcrbit::TGE) | B(hcrbit::TSC));
  SetEl(c, 1);
  ASSERT_TRUE(c.Step(kSmc5678));
  EXPECT_EQ(c.smcs.size(), 1u);
}

}  // namespace
