// The GICv3 CPU interface's system registers as the PE's table sees them (Arm GICv3/v4
// architecture specification IHI 0069, chapter 12 "System register descriptions", and
// the Arm ARM's ID_AA64PFR0_EL1.GIC), one rule per test: ID_AA64PFR0_EL1.GIC follows the
// attached interface, the registers are UNDEFINED without one, every ICC_/ICH_ encoding
// reaches the interface as its own register in its own direction, the interface's
// answer (trap to EL2, UNDEFINED) is honoured, and the EL each encoding needs is checked
// first (ICC_* EL1, ICH_* and ICC_SRE_EL2 EL2).
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "isa/gic_cpu_interface.h"
#include "isa/system_registers.h"
#include "tests/isa/el2_test_context.h"

namespace {

using namespace mtesim::test::el2;
using mtesim::isa::AccessResult;
using mtesim::isa::GicCpuInterface;
using mtesim::isa::GicRegister;
using Ctx = mtesim::isa::ExecContext;

constexpr uint64_t Esr(uint32_t ec, uint32_t iss) { return uint64_t{ec} << 26 | kIl | iss; }

// Every register of the interface with its encoding (IHI 0069 12.2 / 12.4), its enum
// name, and which directions exist.
struct GicEnc {
  Enc enc;
  GicRegister reg;
  bool readable, writable;
};
#define RW(name, op1, crn, crm, op2) {{#name, 3, op1, crn, crm, op2}, GicRegister::name, true, true}
#define RO(name, op1, crn, crm, op2) {{#name, 3, op1, crn, crm, op2}, GicRegister::name, true, false}
#define WO(name, op1, crn, crm, op2) {{#name, 3, op1, crn, crm, op2}, GicRegister::name, false, true}
const std::vector<GicEnc> kGicRegisters = {
    RW(ICC_PMR_EL1, 0, 4, 6, 0),     RO(ICC_IAR0_EL1, 0, 12, 8, 0),    WO(ICC_EOIR0_EL1, 0, 12, 8, 1),
    RO(ICC_HPPIR0_EL1, 0, 12, 8, 2), RW(ICC_BPR0_EL1, 0, 12, 8, 3),    RW(ICC_AP0R0_EL1, 0, 12, 8, 4),
    RW(ICC_AP0R1_EL1, 0, 12, 8, 5),  RW(ICC_AP0R2_EL1, 0, 12, 8, 6),   RW(ICC_AP0R3_EL1, 0, 12, 8, 7),
    RW(ICC_AP1R0_EL1, 0, 12, 9, 0),  RW(ICC_AP1R1_EL1, 0, 12, 9, 1),   RW(ICC_AP1R2_EL1, 0, 12, 9, 2),
    RW(ICC_AP1R3_EL1, 0, 12, 9, 3),  WO(ICC_DIR_EL1, 0, 12, 11, 1),    RO(ICC_RPR_EL1, 0, 12, 11, 3),
    WO(ICC_SGI1R_EL1, 0, 12, 11, 5), WO(ICC_ASGI1R_EL1, 0, 12, 11, 6), WO(ICC_SGI0R_EL1, 0, 12, 11, 7),
    RO(ICC_IAR1_EL1, 0, 12, 12, 0),  WO(ICC_EOIR1_EL1, 0, 12, 12, 1),  RO(ICC_HPPIR1_EL1, 0, 12, 12, 2),
    RW(ICC_BPR1_EL1, 0, 12, 12, 3),  RW(ICC_CTLR_EL1, 0, 12, 12, 4),   RW(ICC_SRE_EL1, 0, 12, 12, 5),
    RW(ICC_IGRPEN0_EL1, 0, 12, 12, 6), RW(ICC_IGRPEN1_EL1, 0, 12, 12, 7),
    RW(ICC_SRE_EL2, 4, 12, 9, 5),
    RW(ICH_AP0R0_EL2, 4, 12, 8, 0),  RW(ICH_AP0R1_EL2, 4, 12, 8, 1),   RW(ICH_AP0R2_EL2, 4, 12, 8, 2),
    RW(ICH_AP0R3_EL2, 4, 12, 8, 3),  RW(ICH_AP1R0_EL2, 4, 12, 9, 0),   RW(ICH_AP1R1_EL2, 4, 12, 9, 1),
    RW(ICH_AP1R2_EL2, 4, 12, 9, 2),  RW(ICH_AP1R3_EL2, 4, 12, 9, 3),   RW(ICH_HCR_EL2, 4, 12, 11, 0),
    RO(ICH_VTR_EL2, 4, 12, 11, 1),   RO(ICH_MISR_EL2, 4, 12, 11, 2),   RO(ICH_EISR_EL2, 4, 12, 11, 3),
    RO(ICH_ELRSR_EL2, 4, 12, 11, 5), RW(ICH_VMCR_EL2, 4, 12, 11, 7),
    RW(ICH_LR0_EL2, 4, 12, 12, 0),   RW(ICH_LR1_EL2, 4, 12, 12, 1),    RW(ICH_LR2_EL2, 4, 12, 12, 2),
    RW(ICH_LR3_EL2, 4, 12, 12, 3),   RW(ICH_LR4_EL2, 4, 12, 12, 4),    RW(ICH_LR5_EL2, 4, 12, 12, 5),
    RW(ICH_LR6_EL2, 4, 12, 12, 6),   RW(ICH_LR7_EL2, 4, 12, 12, 7),    RW(ICH_LR8_EL2, 4, 12, 13, 0),
    RW(ICH_LR9_EL2, 4, 12, 13, 1),   RW(ICH_LR10_EL2, 4, 12, 13, 2),   RW(ICH_LR11_EL2, 4, 12, 13, 3),
    RW(ICH_LR12_EL2, 4, 12, 13, 4),  RW(ICH_LR13_EL2, 4, 12, 13, 5),   RW(ICH_LR14_EL2, 4, 12, 13, 6),
    RW(ICH_LR15_EL2, 4, 12, 13, 7),
};
#undef RW
#undef RO
#undef WO
static_assert(Mrs(3, 0, 12, 12, 5) == 0xD538CCA0, "mrs x0, icc_sre_el1");
static_assert(Msr(3, 0, 4, 6, 0, 5) == 0xD5184605, "msr icc_pmr_el1, x5");
static_assert(Mrs(3, 4, 12, 13, 7) == 0xD53CCDE0, "mrs x0, ich_lr15_el2");

uint32_t MrsOf(const Enc& e, unsigned rt = 0) { return Mrs(e.op0, e.op1, e.crn, e.crm, e.op2, rt); }
uint32_t MsrOf(const Enc& e, unsigned rt = 0) { return Msr(e.op0, e.op1, e.crn, e.crm, e.op2, rt); }
bool IsEl2Register(const GicEnc& g) { return g.enc.op1 == 4; }
const GicEnc& Find(GicRegister r) {
  for (const GicEnc& g : kGicRegisters)
    if (g.reg == r) return g;
  throw "no such register";
}

// Records every call; answers `result` to the access check and reads 0x1000 + the
// register's index.
class FakeGic : public GicCpuInterface {
 public:
  AccessResult result = AccessResult::Allowed;
  struct Call {
    GicRegister reg;
    bool read;
    unsigned el;
  };
  std::vector<Call> checks;
  std::vector<GicRegister> reads;
  std::vector<std::pair<GicRegister, uint64_t>> writes;

  static uint64_t ValueOf(GicRegister r) { return 0x1000 + static_cast<uint64_t>(r); }
  AccessResult Access(GicRegister r, bool read, const Ctx& c) override {
    checks.push_back({r, read, c.s.PSTATE.EL});
    return result;
  }
  uint64_t Read(GicRegister r, const Ctx&) override {
    reads.push_back(r);
    return ValueOf(r);
  }
  void Write(GicRegister r, uint64_t value, const Ctx&) override { writes.push_back({r, value}); }
  bool Untouched() const { return checks.empty() && reads.empty() && writes.empty(); }
};

constexpr uint32_t kMrsPfr0 = Mrs(3, 0, 0, 4, 0);  // mrs x0, id_aa64pfr0_el1
uint64_t GicField(uint64_t pfr0) { return (pfr0 >> 24) & 0xF; }

// ---- ID_AA64PFR0_EL1.GIC ----

TEST(GicSystemRegisters, Pfr0GicIsZeroWithoutAnInterface) {
  El2Context c;
  SetEl(c, 1);
  ASSERT_TRUE(c.Step(kMrsPfr0));
  EXPECT_EQ(GicField(c.X(0)), 0u);
}

TEST(GicSystemRegisters, Pfr0GicIsOneWithAnInterface) {
  El2Context c;
  FakeGic gic;
  c.AttachGicCpuInterface(&gic);
  SetEl(c, 1);
  ASSERT_TRUE(c.Step(kMrsPfr0));
  EXPECT_EQ(GicField(c.X(0)), 1u);
  EXPECT_EQ((c.X(0) >> 8) & 0xF, 1u);  // EL2 is still reported
}

TEST(GicSystemRegisters, DetachingClearsPfr0Gic) {
  El2Context c;
  FakeGic gic;
  c.AttachGicCpuInterface(&gic);
  c.AttachGicCpuInterface(nullptr);
  SetEl(c, 1);
  ASSERT_TRUE(c.Step(kMrsPfr0));
  EXPECT_EQ(GicField(c.X(0)), 0u);
}

// ---- without an interface (GICv2) ----

TEST(GicSystemRegisters, EveryRegisterIsUndefinedWithoutAnInterface) {
  for (const GicEnc& g : kGicRegisters)
    for (bool read : {true, false}) {
      El2Context c;
      SetEl(c, 2);
      const uint64_t pc = c.s.PC;
      EXPECT_FALSE(c.Step(read ? MrsOf(g.enc) : MsrOf(g.enc))) << g.enc.name << (read ? " read" : " write");
      EXPECT_EQ(c.s.sys.ESR_EL2, Esr(0, 0)) << g.enc.name;
      EXPECT_EQ(c.s.sys.ELR_EL2, pc) << g.enc.name;
    }
}

// ---- forwarding ----

TEST(GicSystemRegisters, EveryReadReachesTheInterfaceAsItsRegister) {
  for (const GicEnc& g : kGicRegisters) {
    if (!g.readable) continue;
    El2Context c;
    FakeGic gic;
    c.AttachGicCpuInterface(&gic);
    SetEl(c, 2);
    ASSERT_TRUE(c.Step(MrsOf(g.enc, 7))) << g.enc.name;
    EXPECT_EQ(c.X(7), FakeGic::ValueOf(g.reg)) << g.enc.name;
    ASSERT_EQ(gic.reads.size(), 1u) << g.enc.name;
    EXPECT_EQ(gic.reads[0], g.reg) << g.enc.name;
    EXPECT_TRUE(gic.writes.empty()) << g.enc.name;
  }
}

TEST(GicSystemRegisters, EveryWriteReachesTheInterfaceAsItsRegister) {
  for (const GicEnc& g : kGicRegisters) {
    if (!g.writable) continue;
    El2Context c;
    FakeGic gic;
    c.AttachGicCpuInterface(&gic);
    SetEl(c, 2);
    c.s.R[3] = 0xABCD0000ull + static_cast<uint64_t>(g.reg);
    ASSERT_TRUE(c.Step(MsrOf(g.enc, 3))) << g.enc.name;
    ASSERT_EQ(gic.writes.size(), 1u) << g.enc.name;
    EXPECT_EQ(gic.writes[0].first, g.reg) << g.enc.name;
    EXPECT_EQ(gic.writes[0].second, 0xABCD0000ull + static_cast<uint64_t>(g.reg)) << g.enc.name;
    EXPECT_TRUE(gic.reads.empty()) << g.enc.name;
  }
}

TEST(GicSystemRegisters, TheAccessCheckNamesTheRegisterAndDirection) {
  for (const GicEnc& g : kGicRegisters)
    for (bool read : {true, false}) {
      if (read ? !g.readable : !g.writable) continue;
      El2Context c;
      FakeGic gic;
      c.AttachGicCpuInterface(&gic);
      SetEl(c, 2);
      ASSERT_TRUE(c.Step(read ? MrsOf(g.enc) : MsrOf(g.enc))) << g.enc.name;
      ASSERT_EQ(gic.checks.size(), 1u) << g.enc.name;
      EXPECT_EQ(gic.checks[0].reg, g.reg) << g.enc.name;
      EXPECT_EQ(gic.checks[0].read, read) << g.enc.name;
      EXPECT_EQ(gic.checks[0].el, 2u) << g.enc.name;
    }
}

TEST(GicSystemRegisters, El1RegistersAreReachableFromEl1) {
  El2Context c;
  FakeGic gic;
  c.AttachGicCpuInterface(&gic);
  SetEl(c, 1);
  ASSERT_TRUE(c.Step(MrsOf(Find(GicRegister::ICC_IAR1_EL1).enc)));
  EXPECT_EQ(c.X(0), FakeGic::ValueOf(GicRegister::ICC_IAR1_EL1));
  ASSERT_EQ(gic.checks.size(), 1u);
  EXPECT_EQ(gic.checks[0].el, 1u);
}

// ---- directions that do not exist ----

TEST(GicSystemRegisters, ReadingAWriteOnlyRegisterIsUndefined) {
  for (const GicEnc& g : kGicRegisters) {
    if (g.readable) continue;
    El2Context c;
    FakeGic gic;
    c.AttachGicCpuInterface(&gic);
    SetEl(c, 1);
    EXPECT_FALSE(c.Step(MrsOf(g.enc))) << g.enc.name;
    EXPECT_EQ(c.s.sys.ESR_EL1, Esr(0, 0)) << g.enc.name;
    EXPECT_TRUE(gic.Untouched()) << g.enc.name;
  }
}

TEST(GicSystemRegisters, WritingAReadOnlyRegisterIsUndefined) {
  for (const GicEnc& g : kGicRegisters) {
    if (g.writable) continue;
    El2Context c;
    FakeGic gic;
    c.AttachGicCpuInterface(&gic);
    SetEl(c, 2);
    EXPECT_FALSE(c.Step(MsrOf(g.enc))) << g.enc.name;
    EXPECT_EQ(c.s.sys.ESR_EL2, Esr(0, 0)) << g.enc.name;
    EXPECT_TRUE(gic.Untouched()) << g.enc.name;
  }
}

// ---- the interface's answer ----

TEST(GicSystemRegisters, TrapToEl2IsAnEc18ExceptionAtEl2) {
  El2Context c;
  FakeGic gic;
  gic.result = AccessResult::TrapToEl2;
  c.AttachGicCpuInterface(&gic);
  SetEl(c, 1);
  const uint64_t pc = c.s.PC;
  ASSERT_FALSE(c.Step(Msr(3, 0, 4, 6, 0, 5)));  // msr icc_pmr_el1, x5
  EXPECT_EQ(c.s.PSTATE.EL, 2);
  EXPECT_EQ(c.s.sys.ESR_EL2, Esr(0x18, SysRegIss(3, 0, 4, 6, 0, 5, false)));
  EXPECT_EQ(c.s.sys.ELR_EL2, pc);
  EXPECT_EQ(c.s.PC, c.s.sys.VBAR_EL2 + 0x400);
}

TEST(GicSystemRegisters, ATrappedAccessDoesNotReachTheRegister) {
  El2Context c;
  FakeGic gic;
  gic.result = AccessResult::TrapToEl2;
  c.AttachGicCpuInterface(&gic);
  SetEl(c, 1);
  c.s.R[2] = 0x77;
  ASSERT_FALSE(c.Step(MrsOf(Find(GicRegister::ICC_IAR1_EL1).enc, 2)));
  EXPECT_TRUE(gic.reads.empty());
  EXPECT_EQ(c.X(2), 0x77u);
}

TEST(GicSystemRegisters, UndefinedFromTheInterfaceIsEc0) {
  El2Context c;
  FakeGic gic;
  gic.result = AccessResult::Undefined;
  c.AttachGicCpuInterface(&gic);
  SetEl(c, 1);
  ASSERT_FALSE(c.Step(MsrOf(Find(GicRegister::ICC_EOIR1_EL1).enc)));
  EXPECT_EQ(c.s.PSTATE.EL, 1);
  EXPECT_EQ(c.s.sys.ESR_EL1, Esr(0, 0));
  EXPECT_TRUE(gic.writes.empty());
}

// ---- the EL each encoding needs, before the interface is asked ----

TEST(GicSystemRegisters, El0AccessToIccRegistersIsUndefined) {
  for (const GicEnc& g : kGicRegisters) {
    if (IsEl2Register(g)) continue;
    El2Context c;
    FakeGic gic;
    c.AttachGicCpuInterface(&gic);
    SetEl(c, 0);
    EXPECT_FALSE(c.Step(g.readable ? MrsOf(g.enc) : MsrOf(g.enc))) << g.enc.name;
    EXPECT_EQ(c.s.sys.ESR_EL1, Esr(0, 0)) << g.enc.name;
    EXPECT_TRUE(gic.Untouched()) << g.enc.name;
  }
}

TEST(GicSystemRegisters, El2RegistersAreUndefinedAtEl1) {
  for (const GicEnc& g : kGicRegisters) {
    if (!IsEl2Register(g)) continue;
    El2Context c;
    FakeGic gic;
    c.AttachGicCpuInterface(&gic);
    SetEl(c, 1);
    EXPECT_FALSE(c.Step(g.readable ? MrsOf(g.enc) : MsrOf(g.enc))) << g.enc.name;
    EXPECT_EQ(c.s.PSTATE.EL, 1) << g.enc.name;
    EXPECT_EQ(c.s.sys.ESR_EL1, Esr(0, 0)) << g.enc.name;
    EXPECT_TRUE(gic.Untouched()) << g.enc.name;
  }
}

TEST(GicSystemRegisters, El2RegistersAreAbsentWithoutEl2) {
  using mtesim::isa::FindSystemRegister;
  for (const GicEnc& g : kGicRegisters) {
    const Enc& e = g.enc;
    const bool present = FindSystemRegister(e.op0, e.op1, e.crn, e.crm, e.op2, 0, false) != nullptr;
    EXPECT_EQ(present, !IsEl2Register(g)) << e.name;
  }
}

}  // namespace
