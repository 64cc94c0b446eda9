// System instructions with EL2: the HCR_EL2 traps of cache maintenance (TSW, TPCP, TPU),
// DC ZVA (TDZ and DCZID_EL0.DZP), TLB maintenance (TTLB) and WFI/WFE (TWI/TWE, EC 0x01),
// the EL2-only TLBI and AT forms, what each TLBI asks the MMU to invalidate (D8.13 "TLB
// maintenance instructions": VA = Xt[43:0] << 12, IPA = Xt[35:0] << 12, ASID = Xt[63:48],
// VMID = VTTBR_EL2.VMID, 8 bits unless VTCR_EL2.VS) and the regime each AT asks for.
// Cross-checked with QEMU 10 (helper.c access_tsw, aa64_cacheop_poc_access,
// access_ticab/access_tocu, aa64_zva_access, aa64_dczid_read, access_ttlb;
// op_helper.c check_wfx_trap; syndrome.h syn_wfx).
#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "tests/isa/el2_test_context.h"

namespace {

using namespace mtesim::test::el2;
using mtesim::isa::MteFeatures;
using mtesim::isa::TlbInvalidation;
using Scope = mtesim::isa::TlbInvalidation::Scope;
using AtStage = mtesim::isa::ExecContext::AtStage;

constexpr uint64_t kPc = kBase + 0x1000;
constexpr uint64_t Esr(uint32_t ec, uint32_t iss) { return uint64_t{ec} << 26 | kIl | iss; }

// A system instruction (op0 = 1) by its fields.
struct SysOp {
  const char* name;
  unsigned op1, crn, crm, op2;
};
constexpr unsigned kRt = 3;  // Xt of the instructions that take an address
uint32_t Encode(const SysOp& o, unsigned rt = kRt) { return Sys(o.op1, o.crn, o.crm, o.op2, rt); }

// ---- the instructions (C5.3, checked with aarch64-linux-gnu-as) ----
const std::vector<SysOp> kSetWay = {{"DC ISW", 0, 7, 6, 2}, {"DC CSW", 0, 7, 10, 2}, {"DC CISW", 0, 7, 14, 2}};
const std::vector<SysOp> kTagSetWay = {{"DC IGSW", 0, 7, 6, 4},  {"DC IGDSW", 0, 7, 6, 6},  {"DC CGSW", 0, 7, 10, 4},
                                       {"DC CGDSW", 0, 7, 10, 6}, {"DC CIGSW", 0, 7, 14, 4}, {"DC CIGDSW", 0, 7, 14, 6}};
const SysOp kDcIvac{"DC IVAC", 0, 7, 6, 1};
const std::vector<SysOp> kPocByVaEl0 = {
    {"DC CVAC", 3, 7, 10, 1}, {"DC CIVAC", 3, 7, 14, 1}, {"DC CVAP", 3, 7, 12, 1}, {"DC CVADP", 3, 7, 13, 1}};
const std::vector<SysOp> kTagPocByVa = {
    {"DC IGVAC", 0, 7, 6, 3},   {"DC IGDVAC", 0, 7, 6, 5},  {"DC CGVAC", 3, 7, 10, 3},  {"DC CGDVAC", 3, 7, 10, 5},
    {"DC CGVAP", 3, 7, 12, 3},  {"DC CGDVAP", 3, 7, 12, 5}, {"DC CGVADP", 3, 7, 13, 3}, {"DC CGDVADP", 3, 7, 13, 5},
    {"DC CIGVAC", 3, 7, 14, 3}, {"DC CIGDVAC", 3, 7, 14, 5}};
const SysOp kIcIvau{"IC IVAU", 3, 7, 5, 1}, kIcIallu{"IC IALLU", 0, 7, 5, 0}, kIcIalluis{"IC IALLUIS", 0, 7, 1, 0};
const SysOp kDcCvau{"DC CVAU", 3, 7, 11, 1};
const SysOp kDcZva{"DC ZVA", 3, 7, 4, 1}, kDcGva{"DC GVA", 3, 7, 4, 3}, kDcGzva{"DC GZVA", 3, 7, 4, 4};
const std::vector<SysOp> kEl1Tlbi = {
    {"TLBI VMALLE1", 0, 8, 7, 0}, {"TLBI VAE1", 0, 8, 7, 1},   {"TLBI ASIDE1", 0, 8, 7, 2}, {"TLBI VAAE1", 0, 8, 7, 3},
    {"TLBI VALE1", 0, 8, 7, 5},   {"TLBI VAALE1", 0, 8, 7, 7}, {"TLBI VMALLE1IS", 0, 8, 3, 0},
    {"TLBI VAE1IS", 0, 8, 3, 1},  {"TLBI ASIDE1IS", 0, 8, 3, 2}, {"TLBI VAAE1IS", 0, 8, 3, 3},
    {"TLBI VALE1IS", 0, 8, 3, 5}, {"TLBI VAALE1IS", 0, 8, 3, 7}};
const std::vector<SysOp> kEl2OnlySys = {
    {"TLBI IPAS2E1IS", 4, 8, 0, 1}, {"TLBI IPAS2LE1IS", 4, 8, 0, 5}, {"TLBI IPAS2E1", 4, 8, 4, 1},
    {"TLBI IPAS2LE1", 4, 8, 4, 5},  {"TLBI ALLE2IS", 4, 8, 3, 0},    {"TLBI VAE2IS", 4, 8, 3, 1},
    {"TLBI ALLE1IS", 4, 8, 3, 4},   {"TLBI VALE2IS", 4, 8, 3, 5},    {"TLBI VMALLS12E1IS", 4, 8, 3, 6},
    {"TLBI ALLE2", 4, 8, 7, 0},     {"TLBI VAE2", 4, 8, 7, 1},       {"TLBI ALLE1", 4, 8, 7, 4},
    {"TLBI VALE2", 4, 8, 7, 5},     {"TLBI VMALLS12E1", 4, 8, 7, 6}, {"AT S1E2R", 4, 7, 8, 0},
    {"AT S1E2W", 4, 7, 8, 1},       {"AT S12E1R", 4, 7, 8, 4},       {"AT S12E1W", 4, 7, 8, 5},
    {"AT S12E0R", 4, 7, 8, 6},      {"AT S12E0W", 4, 7, 8, 7}};

constexpr uint64_t kSctlrDze = uint64_t{1} << 14, kSctlrUci = uint64_t{1} << 26;
constexpr uint64_t kSctlrNtwi = uint64_t{1} << 16, kSctlrNtwe = uint64_t{1} << 18;

MteFeatures Mte2() {
  MteFeatures f;
  f.level = 2;
  return f;
}

using PeSetup = std::function<void(El2Context&)>;

PeSetup At(unsigned el, uint64_t hcr, PeSetup extra = nullptr) {
  return [=](El2Context& c) {
    c.ConfigureMte(Mte2());
    SetHcr(c, hcr);
    if (extra) extra(c);
    SetEl(c, el);
    c.s.R[kRt] = kBase + 0x8040;  // a mapped address for the by-VA forms
  };
}

// Traps to EL2 with EC 0x18: ISS Op0 = 1, Direction = 0 (SYS is a write), Rt.
void ExpectTrapToEl2(const PeSetup& setup, const SysOp& o, unsigned rt = kRt) {
  El2Context c;
  setup(c);
  const unsigned el = c.s.PSTATE.EL;
  c.s.sys.ESR_EL1 = 0xE1E1;
  const std::vector<uint8_t> mem = c.mem;
  SCOPED_TRACE(::testing::Message() << o.name << " at EL" << el);
  ASSERT_FALSE(c.Step(Encode(o, rt)));
  EXPECT_EQ(c.s.PSTATE.EL, 2);
  EXPECT_EQ(c.s.sys.ESR_EL2, Esr(0x18, SysRegIss(1, o.op1, o.crn, o.crm, o.op2, rt, false)));
  EXPECT_EQ(c.s.sys.ELR_EL2, kPc);
  EXPECT_EQ(c.s.sys.ESR_EL1, 0xE1E1u);
  EXPECT_TRUE(c.tlb_ops.empty());
  EXPECT_TRUE(c.at_calls.empty());
  EXPECT_TRUE(c.mem == mem);
}

void ExpectTrapToEl1(const PeSetup& setup, const SysOp& o) {
  El2Context c;
  setup(c);
  c.s.sys.ESR_EL2 = 0xE2E1;
  SCOPED_TRACE(o.name);
  ASSERT_FALSE(c.Step(Encode(o)));
  EXPECT_EQ(c.s.PSTATE.EL, 1);
  EXPECT_EQ(c.s.sys.ESR_EL1, Esr(0x18, SysRegIss(1, o.op1, o.crn, o.crm, o.op2, kRt, false)));
  EXPECT_EQ(c.s.sys.ESR_EL2, 0xE2E1u);
}

void ExpectUndefined(const PeSetup& setup, const SysOp& o) {
  El2Context c;
  setup(c);
  c.s.sys.ESR_EL2 = 0xE2E1;
  SCOPED_TRACE(o.name);
  ASSERT_FALSE(c.Step(Encode(o)));
  EXPECT_EQ(c.s.PSTATE.EL, 1);
  EXPECT_EQ(c.s.sys.ESR_EL1, Esr(0x00, 0));
  EXPECT_EQ(c.s.sys.ESR_EL2, 0xE2E1u);
  EXPECT_TRUE(c.tlb_ops.empty());
  EXPECT_TRUE(c.at_calls.empty());
}

void ExpectExecutes(const PeSetup& setup, const SysOp& o) {
  El2Context c;
  setup(c);
  const unsigned el = c.s.PSTATE.EL;
  SCOPED_TRACE(::testing::Message() << o.name << " at EL" << el);
  EXPECT_TRUE(c.Step(Encode(o)));
  EXPECT_EQ(c.s.PSTATE.EL, el);
  EXPECT_EQ(c.s.PC, kPc + 4);
}

// ================================================================ HCR_EL2.TSW

TEST(HcrTsw, TrapsDataCacheSetWayAtEl1) {
  for (const SysOp& o : kSetWay) ExpectTrapToEl2(At(1, B(hcrbit::TSW)), o);
}

TEST(HcrTsw, TrapsTagSetWayFormsAtEl1) {
  for (const SysOp& o : kTagSetWay) ExpectTrapToEl2(At(1, B(hcrbit::TSW)), o);
}

TEST(HcrTsw, DoesNotApplyAtEl2) {
  for (const SysOp& o : kSetWay) ExpectExecutes(At(2, B(hcrbit::TSW)), o);
  for (const SysOp& o : kTagSetWay) ExpectExecutes(At(2, B(hcrbit::TSW)), o);
}

TEST(HcrTsw, SetWayIsUndefinedAtEl0) {
  for (const SysOp& o : kSetWay) ExpectUndefined(At(0, B(hcrbit::TSW)), o);
}

TEST(HcrTsw, BehavesAsZeroUnderTge) {
  for (const SysOp& o : kSetWay) ExpectExecutes(At(1, B(hcrbit::TSW) | B(hcrbit::TGE)), o);
}

// ================================================================ HCR_EL2.TPCP

TEST(HcrTpcp, TrapsDataCacheMaintenanceToPocAtEl1) {
  ExpectTrapToEl2(At(1, B(hcrbit::TPCP)), kDcIvac);
  for (const SysOp& o : kPocByVaEl0) ExpectTrapToEl2(At(1, B(hcrbit::TPCP)), o);
}

TEST(HcrTpcp, TrapsTagMaintenanceToPocAtEl1) {
  for (const SysOp& o : kTagPocByVa) ExpectTrapToEl2(At(1, B(hcrbit::TPCP)), o);
}

TEST(HcrTpcp, TrapsEl0MaintenanceThatUciAllows) {
  for (const SysOp& o : kPocByVaEl0) ExpectTrapToEl2(At(0, B(hcrbit::TPCP), [](El2Context& c) {
    c.s.sys.SCTLR_EL1 |= kSctlrUci; }), o);
}

TEST(HcrTpcp, UciIsCheckedBeforeTpcpAtEl0) {
  for (const SysOp& o : kPocByVaEl0) ExpectTrapToEl1(At(0, B(hcrbit::TPCP), [](El2Context& c) {
    c.s.sys.SCTLR_EL1 &= ~kSctlrUci; }), o);
}

TEST(HcrTpcp, DoesNotApplyAtEl2) {
  ExpectExecutes(At(2, B(hcrbit::TPCP)), kDcIvac);
  for (const SysOp& o : kPocByVaEl0) ExpectExecutes(At(2, B(hcrbit::TPCP)), o);
  for (const SysOp& o : kTagPocByVa) ExpectExecutes(At(2, B(hcrbit::TPCP)), o);
}

TEST(HcrTpcp, DoesNotTrapMaintenanceToPou) {
  ExpectExecutes(At(1, B(hcrbit::TPCP)), kDcCvau);
  ExpectExecutes(At(1, B(hcrbit::TPCP)), kIcIvau);
}

// ================================================================ HCR_EL2.TPU

TEST(HcrTpu, TrapsMaintenanceToPouAtEl1) {
  for (const SysOp& o : {kIcIvau, kIcIallu, kIcIalluis, kDcCvau}) ExpectTrapToEl2(At(1, B(hcrbit::TPU)), o);
}

TEST(HcrTpu, TrapsEl0MaintenanceThatUciAllows) {
  for (const SysOp& o : {kIcIvau, kDcCvau})
    ExpectTrapToEl2(At(0, B(hcrbit::TPU), [](El2Context& c) { c.s.sys.SCTLR_EL1 |= kSctlrUci; }), o);
}

TEST(HcrTpu, UciIsCheckedBeforeTpuAtEl0) {
  for (const SysOp& o : {kIcIvau, kDcCvau})
    ExpectTrapToEl1(At(0, B(hcrbit::TPU), [](El2Context& c) { c.s.sys.SCTLR_EL1 &= ~kSctlrUci; }), o);
}

TEST(HcrTpu, DoesNotApplyAtEl2) {
  for (const SysOp& o : {kIcIvau, kIcIallu, kIcIalluis, kDcCvau}) ExpectExecutes(At(2, B(hcrbit::TPU)), o);
}

TEST(HcrTpu, DoesNotTrapMaintenanceToPoc) {
  for (const SysOp& o : kPocByVaEl0) ExpectExecutes(At(1, B(hcrbit::TPU)), o);
}

TEST(HcrTpu, StillTrapsUnderTge) {
  ExpectTrapToEl2(At(0, B(hcrbit::TPU) | B(hcrbit::TGE), [](El2Context& c) { c.s.sys.SCTLR_EL1 |= kSctlrUci; }),
                  kIcIvau);
}

// ================================================================ HCR_EL2.TDZ

TEST(HcrTdz, TrapsDcZvaGvaGzvaAtEl1) {
  for (const SysOp& o : {kDcZva, kDcGva, kDcGzva}) ExpectTrapToEl2(At(1, B(hcrbit::TDZ)), o);
}

TEST(HcrTdz, TrapsEl0DcZvaWhenDzeAllowsIt) {
  for (const SysOp& o : {kDcZva, kDcGva, kDcGzva})
    ExpectTrapToEl2(At(0, B(hcrbit::TDZ), [](El2Context& c) { c.s.sys.SCTLR_EL1 |= kSctlrDze; }), o);
}

TEST(HcrTdz, DzeIsCheckedBeforeTdzAtEl0) {
  ExpectTrapToEl1(At(0, B(hcrbit::TDZ), [](El2Context& c) { c.s.sys.SCTLR_EL1 &= ~kSctlrDze; }), kDcZva);
}

TEST(HcrTdz, DoesNotApplyAtEl2) {
  El2Context c;
  At(2, B(hcrbit::TDZ))(c);
  c.Poke<uint64_t>(kBase + 0x8040, ~uint64_t{0});
  ASSERT_TRUE(c.Step(Encode(kDcZva)));
  EXPECT_EQ(c.Peek<uint64_t>(kBase + 0x8040), 0u);
}

// DCZID_EL0 (op0 3, op1 3, CRn 0, CRm 0, op2 7): DZP [4] = 1 when DC ZVA is prohibited.
uint64_t ReadDczid(El2Context& c) {
  c.s.R[7] = 0x5A5A;
  EXPECT_TRUE(c.Step(Mrs(3, 3, 0, 0, 7, 7)));
  return c.s.R[7];
}

TEST(HcrTdz, DczidDzpReadsOneAtEl1UnderTdz) {
  El2Context c;
  At(1, B(hcrbit::TDZ))(c);
  const uint64_t v = ReadDczid(c);
  EXPECT_EQ((v >> 4) & 1, 1u);
  EXPECT_EQ(v & 0xF, c.s.id.DCZID_BS);
}

TEST(HcrTdz, DczidDzpReadsOneAtEl0UnderTdz) {
  El2Context c;
  At(0, B(hcrbit::TDZ), [](El2Context& d) { d.s.sys.SCTLR_EL1 |= kSctlrDze; })(c);
  EXPECT_EQ((ReadDczid(c) >> 4) & 1, 1u);
}

TEST(HcrTdz, DczidDzpReadsZeroAtEl2UnderTdz) {
  El2Context c;
  At(2, B(hcrbit::TDZ))(c);
  EXPECT_EQ((ReadDczid(c) >> 4) & 1, 0u);
}

TEST(HcrTdz, DczidDzpReadsZeroAtEl1WithoutTdz) {
  El2Context c;
  At(1, 0)(c);
  EXPECT_EQ((ReadDczid(c) >> 4) & 1, 0u);
}

// ================================================================ HCR_EL2.TTLB

TEST(HcrTtlb, TrapsEveryEl1TlbiAtEl1) {
  for (const SysOp& o : kEl1Tlbi) ExpectTrapToEl2(At(1, B(hcrbit::TTLB)), o, 31);
  for (const SysOp& o : kEl1Tlbi) ExpectTrapToEl2(At(1, B(hcrbit::TTLB)), o, 9);
}

TEST(HcrTtlb, DoesNotApplyAtEl2) {
  for (const SysOp& o : kEl1Tlbi) {
    El2Context c;
    At(2, B(hcrbit::TTLB))(c);
    EXPECT_TRUE(c.Step(Encode(o))) << o.name;
    EXPECT_EQ(c.tlb_ops.size(), 1u) << o.name;
  }
}

TEST(HcrTtlb, BehavesAsZeroUnderTge) {
  El2Context c;
  At(1, B(hcrbit::TTLB) | B(hcrbit::TGE))(c);
  EXPECT_TRUE(c.Step(Encode(kEl1Tlbi[0])));
  EXPECT_EQ(c.tlb_ops.size(), 1u);
}

TEST(HcrTtlb, TlbiIsUndefinedAtEl0) {
  for (const SysOp& o : kEl1Tlbi) ExpectUndefined(At(0, B(hcrbit::TTLB)), o);
}

// ================================================================ HCR_EL2.TWI / TWE (EC 0x01)

// ISS: CV [24] = 1, COND [23:20] = 0b1110, TI [1:0] = 0b00 WFI / 0b01 WFE.
constexpr uint32_t kWfiIss = 1u << 24 | 0xEu << 20 | 0, kWfeIss = 1u << 24 | 0xEu << 20 | 1;

void ExpectWfxTrap(const PeSetup& setup, uint32_t word, unsigned target, uint32_t iss) {
  El2Context c;
  setup(c);
  c.s.sys.ESR_EL1 = 0xE1E1;
  c.s.sys.ESR_EL2 = 0xE2E1;
  ASSERT_FALSE(c.Step(word));
  EXPECT_EQ(c.s.PSTATE.EL, target);
  EXPECT_EQ(c.s.sys.ESR(target), Esr(0x01, iss));
  EXPECT_EQ(c.s.sys.ELR(target), kPc);  // the WFx itself
  EXPECT_EQ(c.s.sys.ESR(3 - target), target == 1 ? 0xE2E1u : 0xE1E1u);
}

TEST(HcrTwx, TwiTrapsWfiAtEl1) { ExpectWfxTrap(At(1, B(hcrbit::TWI)), kWfi, 2, kWfiIss); }

TEST(HcrTwx, TweTrapsWfeAtEl1) { ExpectWfxTrap(At(1, B(hcrbit::TWE)), kWfe, 2, kWfeIss); }

TEST(HcrTwx, TwiDoesNotTrapWfeAndTweDoesNotTrapWfi) {
  El2Context c;
  At(1, B(hcrbit::TWI))(c);
  EXPECT_TRUE(c.Step(kWfe));
  El2Context d;
  At(1, B(hcrbit::TWE))(d);
  EXPECT_TRUE(d.Step(kWfi));
}

TEST(HcrTwx, TwiTrapsEl0WfiWhenNtwiAllowsIt) {
  ExpectWfxTrap(At(0, B(hcrbit::TWI), [](El2Context& c) { c.s.sys.SCTLR_EL1 |= kSctlrNtwi; }), kWfi, 2, kWfiIss);
}

TEST(HcrTwx, TweTrapsEl0WfeWhenNtweAllowsIt) {
  ExpectWfxTrap(At(0, B(hcrbit::TWE), [](El2Context& c) { c.s.sys.SCTLR_EL1 |= kSctlrNtwe; }), kWfe, 2, kWfeIss);
}

TEST(HcrTwx, NtwiIsCheckedBeforeTwiAtEl0) {
  ExpectWfxTrap(At(0, B(hcrbit::TWI), [](El2Context& c) { c.s.sys.SCTLR_EL1 &= ~kSctlrNtwi; }), kWfi, 1, kWfiIss);
}

TEST(HcrTwx, NtweIsCheckedBeforeTweAtEl0) {
  ExpectWfxTrap(At(0, B(hcrbit::TWE), [](El2Context& c) { c.s.sys.SCTLR_EL1 &= ~kSctlrNtwe; }), kWfe, 1, kWfeIss);
}

TEST(HcrTwx, El0WfiTrapOfSctlrIsRoutedToEl2UnderTge) {
  ExpectWfxTrap(At(0, B(hcrbit::TGE), [](El2Context& c) { c.s.sys.SCTLR_EL1 &= ~kSctlrNtwi; }), kWfi, 2, kWfiIss);
}

TEST(HcrTwx, DoesNotApplyAtEl2) {
  El2Context c;
  At(2, B(hcrbit::TWI) | B(hcrbit::TWE))(c);
  EXPECT_TRUE(c.Step(kWfi));
  EXPECT_TRUE(c.Step(kWfe));
}

TEST(HcrTwx, IgnoredWithoutEl2) {
  El2Context c;
  At(1, B(hcrbit::TWI) | B(hcrbit::TWE), [](El2Context& d) { d.ConfigureEl2(false); })(c);
  EXPECT_TRUE(c.Step(kWfi));
  EXPECT_TRUE(c.Step(kWfe));
}

// ================================================================ EL2-only system instructions

TEST(El2OnlySys, UndefinedAtEl1) {
  for (const SysOp& o : kEl2OnlySys) ExpectUndefined(At(1, 0), o);
}

TEST(El2OnlySys, UndefinedAtEl1EvenWithTtlb) {
  for (const SysOp& o : kEl2OnlySys) ExpectUndefined(At(1, B(hcrbit::TTLB)), o);
}

TEST(El2OnlySys, UndefinedAtEl0) {
  for (const SysOp& o : kEl2OnlySys) ExpectUndefined(At(0, 0), o);
}

TEST(El2OnlySys, UndefinedWithoutEl2) {
  for (const SysOp& o : kEl2OnlySys) ExpectUndefined(At(1, 0, [](El2Context& c) { c.ConfigureEl2(false); }), o);
}

TEST(El2OnlySys, ExecuteAtEl2) {
  for (const SysOp& o : kEl2OnlySys) ExpectExecutes(At(2, 0), o);
}

// ================================================================ TLBI decoding

TlbInvalidation RunTlbi(El2Context& c, const SysOp& o, uint64_t xt) {
  c.s.R[9] = xt;
  EXPECT_TRUE(c.Step(Encode(o, 9))) << o.name;
  EXPECT_EQ(c.tlb_ops.size(), 1u) << o.name;
  return c.tlb_ops.empty() ? TlbInvalidation{} : c.tlb_ops.back();
}

const SysOp& Tlbi(const char* name) {
  for (const auto* list : {&kEl1Tlbi, &kEl2OnlySys})
    for (const SysOp& o : *list)
      if (std::string(o.name) == std::string("TLBI ") + name) return o;
  ADD_FAILURE() << name;
  return kEl1Tlbi[0];
}

constexpr uint64_t kXt = 0xABCDF123456789ABull;
constexpr uint64_t kXtVa = 0x123456789ABull << 12;  // Xt[43:0] << 12
constexpr uint64_t kXtIpa = 0x3456789ABull << 12;   // Xt[35:0] << 12
constexpr uint16_t kXtAsid = 0xABCD;                // Xt[63:48]
constexpr uint64_t kVttbr = uint64_t{0x5A42} << 48 | 0x80000;  // VMID 0x5A42, BADDR

El2Context& AtEl(El2Context& c, unsigned el, uint64_t hcr = 0) {
  SetHcr(c, hcr);
  c.s.sys.VTTBR_EL2 = kVttbr;
  SetEl(c, el);
  return c;
}

TEST(El2Tlbi, Vmalle1AtEl1IsLocalAndTaggedWithTheVmid) {
  El2Context c;
  const TlbInvalidation op = RunTlbi(AtEl(c, 1), Tlbi("VMALLE1"), 0);
  EXPECT_EQ(op.scope, Scope::Vmalle1);
  EXPECT_FALSE(op.broadcast);
  EXPECT_FALSE(op.last_level);
  EXPECT_EQ(op.vmid, 0x42);  // 8-bit VMID: VTCR_EL2.VS = 0
}

TEST(El2Tlbi, InnerShareableFormsBroadcast) {
  for (const char* name : {"VMALLE1IS", "VAE1IS", "ASIDE1IS", "VAAE1IS", "VALE1IS", "VAALE1IS"}) {
    El2Context c;
    EXPECT_TRUE(RunTlbi(AtEl(c, 1), Tlbi(name), kXt).broadcast) << name;
  }
  for (const char* name : {"VMALLE1", "VAE1", "ASIDE1", "VAAE1", "VALE1", "VAALE1"}) {
    El2Context c;
    EXPECT_FALSE(RunTlbi(AtEl(c, 1), Tlbi(name), kXt).broadcast) << name;
  }
}

TEST(El2Tlbi, Vae1TakesVaAndAsidFromXt) {
  El2Context c;
  const TlbInvalidation op = RunTlbi(AtEl(c, 1), Tlbi("VAE1"), kXt);
  EXPECT_EQ(op.scope, Scope::Va);
  EXPECT_FALSE(op.last_level);
  EXPECT_EQ(op.address, kXtVa);
  EXPECT_EQ(op.asid, kXtAsid);
  EXPECT_EQ(op.vmid, 0x42);
}

TEST(El2Tlbi, Vale1IsLastLevel) {
  El2Context c;
  const TlbInvalidation op = RunTlbi(AtEl(c, 1), Tlbi("VALE1"), kXt);
  EXPECT_EQ(op.scope, Scope::Va);
  EXPECT_TRUE(op.last_level);
  EXPECT_EQ(op.address, kXtVa);
  EXPECT_EQ(op.asid, kXtAsid);
}

TEST(El2Tlbi, Aside1TakesAsidFromXt) {
  El2Context c;
  const TlbInvalidation op = RunTlbi(AtEl(c, 1), Tlbi("ASIDE1"), kXt);
  EXPECT_EQ(op.scope, Scope::Asid);
  EXPECT_EQ(op.asid, kXtAsid);
}

TEST(El2Tlbi, Vaae1AndVaale1CoverAllAsids) {
  El2Context c;
  TlbInvalidation op = RunTlbi(AtEl(c, 1), Tlbi("VAAE1"), kXt);
  EXPECT_EQ(op.scope, Scope::VaAllAsids);
  EXPECT_FALSE(op.last_level);
  EXPECT_EQ(op.address, kXtVa);
  El2Context d;
  op = RunTlbi(AtEl(d, 1), Tlbi("VAALE1"), kXt);
  EXPECT_EQ(op.scope, Scope::VaAllAsids);
  EXPECT_TRUE(op.last_level);
  EXPECT_EQ(op.address, kXtVa);
}

TEST(El2Tlbi, FbBroadcastsEl1TlbiAtEl1) {
  for (const char* name : {"VMALLE1", "VAE1", "ASIDE1", "VAAE1", "VALE1", "VAALE1"}) {
    El2Context c;
    EXPECT_TRUE(RunTlbi(AtEl(c, 1, B(hcrbit::FB)), Tlbi(name), kXt).broadcast) << name;
  }
}

TEST(El2Tlbi, FbDoesNotApplyAtEl2) {
  El2Context c;
  EXPECT_FALSE(RunTlbi(AtEl(c, 2, B(hcrbit::FB)), Tlbi("VMALLE1"), 0).broadcast);
}

TEST(El2Tlbi, FbBehavesAsZeroUnderTge) {
  El2Context c;
  EXPECT_FALSE(RunTlbi(AtEl(c, 1, B(hcrbit::FB) | B(hcrbit::TGE)), Tlbi("VMALLE1"), 0).broadcast);
}

TEST(El2Tlbi, El1TlbiAtEl2UsesTheCurrentVmid) {
  El2Context c;
  const TlbInvalidation op = RunTlbi(AtEl(c, 2), Tlbi("VAE1IS"), kXt);
  EXPECT_EQ(op.scope, Scope::Va);
  EXPECT_EQ(op.vmid, 0x42);
  EXPECT_EQ(op.address, kXtVa);
}

TEST(El2Tlbi, VmidIs16BitsWithVtcrVs) {
  El2Context c;
  c.s.sys.VTCR_EL2 |= uint64_t{1} << 19;  // VS
  EXPECT_EQ(RunTlbi(AtEl(c, 1), Tlbi("VMALLE1"), 0).vmid, 0x5A42);
}

TEST(El2Tlbi, Ipas2e1TakesIpaFromXt35To0) {
  El2Context c;
  const TlbInvalidation op = RunTlbi(AtEl(c, 2), Tlbi("IPAS2E1IS"), kXt);
  EXPECT_EQ(op.scope, Scope::Ipa);
  EXPECT_FALSE(op.last_level);
  EXPECT_TRUE(op.broadcast);
  EXPECT_EQ(op.address, kXtIpa);
  EXPECT_EQ(op.vmid, 0x42);
}

TEST(El2Tlbi, Ipas2le1IsLastLevelAndLocal) {
  El2Context c;
  const TlbInvalidation op = RunTlbi(AtEl(c, 2), Tlbi("IPAS2LE1"), kXt);
  EXPECT_EQ(op.scope, Scope::Ipa);
  EXPECT_TRUE(op.last_level);
  EXPECT_FALSE(op.broadcast);
  EXPECT_EQ(op.address, kXtIpa);
}

TEST(El2Tlbi, Ipas2FormsBroadcastOnlyInTheIsForms) {
  El2Context c;
  EXPECT_FALSE(RunTlbi(AtEl(c, 2), Tlbi("IPAS2E1"), kXt).broadcast);
  El2Context d;
  EXPECT_TRUE(RunTlbi(AtEl(d, 2), Tlbi("IPAS2LE1IS"), kXt).broadcast);
}

TEST(El2Tlbi, Vmalls12e1IsTaggedWithTheVmid) {
  El2Context c;
  TlbInvalidation op = RunTlbi(AtEl(c, 2), Tlbi("VMALLS12E1"), 0);
  EXPECT_EQ(op.scope, Scope::Vmalls12e1);
  EXPECT_FALSE(op.broadcast);
  EXPECT_EQ(op.vmid, 0x42);
  El2Context d;
  op = RunTlbi(AtEl(d, 2), Tlbi("VMALLS12E1IS"), 0);
  EXPECT_EQ(op.scope, Scope::Vmalls12e1);
  EXPECT_TRUE(op.broadcast);
}

TEST(El2Tlbi, Alle1) {
  El2Context c;
  TlbInvalidation op = RunTlbi(AtEl(c, 2), Tlbi("ALLE1"), 0);
  EXPECT_EQ(op.scope, Scope::Alle1);
  EXPECT_FALSE(op.broadcast);
  El2Context d;
  op = RunTlbi(AtEl(d, 2), Tlbi("ALLE1IS"), 0);
  EXPECT_EQ(op.scope, Scope::Alle1);
  EXPECT_TRUE(op.broadcast);
}

TEST(El2Tlbi, Alle2) {
  El2Context c;
  TlbInvalidation op = RunTlbi(AtEl(c, 2), Tlbi("ALLE2"), 0);
  EXPECT_EQ(op.scope, Scope::Alle2);
  EXPECT_FALSE(op.broadcast);
  El2Context d;
  op = RunTlbi(AtEl(d, 2), Tlbi("ALLE2IS"), 0);
  EXPECT_EQ(op.scope, Scope::Alle2);
  EXPECT_TRUE(op.broadcast);
}

TEST(El2Tlbi, Vae2AndVale2TakeTheVaFromXt) {
  El2Context c;
  TlbInvalidation op = RunTlbi(AtEl(c, 2), Tlbi("VAE2"), kXt);
  EXPECT_EQ(op.scope, Scope::Vae2);
  EXPECT_FALSE(op.last_level);
  EXPECT_FALSE(op.broadcast);
  EXPECT_EQ(op.address, kXtVa);
  El2Context d;
  op = RunTlbi(AtEl(d, 2), Tlbi("VALE2"), kXt);
  EXPECT_EQ(op.scope, Scope::Vae2);
  EXPECT_TRUE(op.last_level);
  EXPECT_EQ(op.address, kXtVa);
  El2Context e;
  op = RunTlbi(AtEl(e, 2), Tlbi("VAE2IS"), kXt);
  EXPECT_EQ(op.scope, Scope::Vae2);
  EXPECT_TRUE(op.broadcast);
}

TEST(El2Tlbi, UnallocatedTlbiEncodingsAreUndefined) {
  // op1 = 0, CRm = 7, op2 = 4 / 6 and op1 = 4, CRm = 7, op2 = 2 / 3 / 7 are not TLBI operations.
  for (const SysOp& o : {SysOp{"S1_0_C8_C7_4", 0, 8, 7, 4}, SysOp{"S1_0_C8_C7_6", 0, 8, 7, 6}})
    ExpectUndefined(At(1, 0), o);
  for (const SysOp& o : {SysOp{"S1_4_C8_C7_2", 4, 8, 7, 2}, SysOp{"S1_4_C8_C7_3", 4, 8, 7, 3},
                         SysOp{"S1_4_C8_C7_7", 4, 8, 7, 7}}) {
    El2Context c;
    At(2, 0)(c);
    EXPECT_FALSE(c.Step(Encode(o))) << o.name;
    EXPECT_EQ(EcOf(c.s.sys.ESR_EL2), 0u) << o.name;
    EXPECT_TRUE(c.tlb_ops.empty()) << o.name;
  }
}

// ================================================================ AT

struct AtCase {
  SysOp op;
  AtStage stage;
  bool write;
};

void ExpectAt(unsigned el, const AtCase& a, bool pstate_pan = false, bool expect_pan = false) {
  El2Context c;
  At(el, 0)(c);
  c.s.PSTATE.PAN = pstate_pan;
  c.PstateChanged();
  c.s.R[6] = 0xFFFF000012345000;
  c.at_result = 0xABC000;
  SCOPED_TRACE(a.op.name);
  ASSERT_TRUE(c.Step(Encode(a.op, 6)));
  ASSERT_EQ(c.at_calls.size(), 1u);
  EXPECT_EQ(c.at_calls[0].va, 0xFFFF000012345000u);
  EXPECT_EQ(c.at_calls[0].stage, a.stage);
  EXPECT_EQ(c.at_calls[0].write, a.write);
  EXPECT_EQ(c.at_calls[0].pan, expect_pan);
  EXPECT_EQ(c.s.sys.PAR_EL1, 0xABC000u);
}

const AtCase kAtEl1[] = {
    {{"AT S1E1R", 0, 7, 8, 0}, AtStage::S1E1, false},
    {{"AT S1E1W", 0, 7, 8, 1}, AtStage::S1E1, true},
    {{"AT S1E0R", 0, 7, 8, 2}, AtStage::S1E0, false},
    {{"AT S1E0W", 0, 7, 8, 3}, AtStage::S1E0, true},
};
const AtCase kAtEl1Pan[] = {
    {{"AT S1E1RP", 0, 7, 9, 0}, AtStage::S1E1, false},
    {{"AT S1E1WP", 0, 7, 9, 1}, AtStage::S1E1, true},
};
const AtCase kAtEl2[] = {
    {{"AT S1E2R", 4, 7, 8, 0}, AtStage::S1E2, false},   {{"AT S1E2W", 4, 7, 8, 1}, AtStage::S1E2, true},
    {{"AT S12E1R", 4, 7, 8, 4}, AtStage::S12E1, false}, {{"AT S12E1W", 4, 7, 8, 5}, AtStage::S12E1, true},
    {{"AT S12E0R", 4, 7, 8, 6}, AtStage::S12E0, false}, {{"AT S12E0W", 4, 7, 8, 7}, AtStage::S12E0, true},
};

TEST(El2At, El1FormsAskForStage1OfEl1OrEl0) {
  for (const AtCase& a : kAtEl1) ExpectAt(1, a);
}

TEST(El2At, El1FormsIgnorePstatePan) {
  for (const AtCase& a : kAtEl1) ExpectAt(1, a, /*pstate_pan=*/true, /*expect_pan=*/false);
}

TEST(El2At, PanFormsTakePstatePanIntoAccount) {
  for (const AtCase& a : kAtEl1Pan) {
    ExpectAt(1, a, true, true);
    ExpectAt(1, a, false, false);
  }
}

TEST(El2At, El1FormsAtEl2AskForStage1OfEl1) {
  for (const AtCase& a : kAtEl1) ExpectAt(2, a);
}

TEST(El2At, El2FormsAskForTheEl2RegimeOrBothStages) {
  for (const AtCase& a : kAtEl2) ExpectAt(2, a);
}

TEST(El2At, AtIsUndefinedAtEl0) {
  for (const AtCase& a : kAtEl1) ExpectUndefined(At(0, 0), a.op);
}

}  // namespace
