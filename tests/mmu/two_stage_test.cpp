// The two-stage MMU (models/mmu/mmu.*): EL1&0 translations through stage 1 and stage 2
// (final PA, combined attributes, fault priority, stage-1 walks translated by stage 2 and
// their S1PTW faults, HCR_EL2.PTW/DC/DCT), the TLBs tagged by regime and VMID with every
// TLBI scope, the EL2 (nVHE) stage-1 regime, AT walks and PAR_EL1. Expected values follow
// the Arm ARM (VMSAv8-64: AArch64.S1Translate, AArch64.S2Translate, S1PTW,
// CombineS1S2Desc, the TLB maintenance scopes). One architectural rule per test.
#include "models/mmu/mmu.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>

#include "isa/tlb_invalidation.h"
#include "tests/mmu/mmu_test_support.h"

namespace {

using mtesim::isa::FaultKind;
using mtesim::isa::Regime;
using mtesim::isa::TlbInvalidation;
using Scope = mtesim::isa::TlbInvalidation::Scope;
using namespace mtesim::mmu;
using namespace mmu_test;

constexpr AccessType R = AccessType::Read, W = AccessType::Write, X = AccessType::Fetch;

// A guest's stage-1 tables live at IPAs from its pool; stage 2 maps those IPAs to
// physical memory kDelta higher (the IPAs themselves are not backed by RAM, so a walk that
// forgot stage 2 would take an external abort).
constexpr uint64_t kS1PoolIpa = 0x1000'0000, kS1PoolIpa2 = 0x1004'0000;
constexpr uint64_t kDelta = 0x4800'0000 - kS1PoolIpa;
constexpr unsigned kS1PoolPages = 64;
constexpr uint64_t kS2Pool = 0x6000'0000, kS2Pool2 = 0x6800'0000;
constexpr uint64_t kEl2Pool = 0x4C00'0000;  // EL2 (and stage-2-less) stage-1 tables, in PA space
constexpr uint64_t kIpa = 0x8010'0000;       // guest data IPA
constexpr uint64_t kPa = 0x5000'0000;        // its PA
constexpr uint64_t kPage = 0x1000;

// One VM: stage-1 tables (4K, 48-bit VA) at IPAs, stage-2 tables (4K, 40-bit IPA from
// level 1: two concatenated tables), and the controls of its EL1&0 regime.
struct Guest {
  std::unique_ptr<Tables> s1, s2;
  TranslationControls tc;
};

class TwoStageTest : public ::testing::Test {
 protected:
  TwoStageTest() : g1(MakeGuest(1, kS1PoolIpa, kS2Pool)) {}

  Guest MakeGuest(uint16_t vmid, uint64_t s1_pool, uint64_t s2_pool) {
    Guest g;
    g.s2 = std::make_unique<Tables>(mem, 12, 40, 1, s2_pool);
    g.s2->default_attrs = kS2Normal;
    g.s1 = std::make_unique<Tables>(mem, 12, 48, 0, s1_pool, kDelta);
    g.s1->default_attrs = kS1Normal;
    for (unsigned k = 0; k < kS1PoolPages; ++k) g.s2->MapPage(s1_pool + k * kPage, s1_pool + kDelta + k * kPage);
    TranslationControls& tc = g.tc;
    tc.sctlr = kSctlrM;
    tc.tcr = Tcr0(12, 48);
    tc.ttbr0 = g.s1->root();
    tc.mair = kMair;
    tc.vmid = vmid;
    tc.stage2.enabled = true;
    tc.stage2.vtcr = Vtcr(12, 40, 1);
    tc.stage2.vttbr = g.s2->root();
    return g;
  }
  // EL2 stage-1 tables (4K, 48-bit VA) in PA space, TCR_EL2 layout.
  TranslationControls MakeEl2(Tables** out) {
    el2 = std::make_unique<Tables>(mem, 12, 48, 0, kEl2Pool);
    el2->default_attrs = kS1Normal;
    TranslationControls tc;
    tc.regime = Regime::EL2;
    tc.sctlr = kSctlrM;
    tc.tcr = TcrEl2(12, 48);
    tc.ttbr0 = el2->root();
    tc.mair = kMair;
    *out = el2.get();
    return tc;
  }

  // Maps va -> ipa at stage 1 and ipa -> pa at stage 2 of guest g.
  void Map(Guest& g, uint64_t va, uint64_t ipa, uint64_t pa, uint64_t s1_attrs = kS1Normal,
           uint64_t s2_attrs = kS2Normal) {
    g.s1->MapPage(va, ipa, s1_attrs);
    g.s2->MapPage(ipa, pa, s2_attrs);
  }
  Translation Tr(const TranslationControls& tc, uint64_t va, AccessType type = R, bool el0 = false) {
    AccessContext who;
    who.el0 = el0;
    return mmu.Translate(tc, va, type, who);
  }
  Translation Tr(uint64_t va, AccessType type = R, bool el0 = false) { return Tr(g1.tc, va, type, el0); }
  void ExpectFault(const Translation& t, FaultKind kind, int level, bool stage2, bool s1ptw = false) {
    EXPECT_FALSE(t.ok);
    EXPECT_EQ(t.fault.kind, kind);
    EXPECT_EQ(t.fault.level, level);
    EXPECT_EQ(t.fault.stage2, stage2);
    EXPECT_EQ(t.fault.s1ptw, s1ptw);
  }

  FakeMemory mem;
  Mmu mmu{mem};
  Guest g1;
  std::unique_ptr<Tables> el2;
};

// ---------------------------------------------------------------------------------------
// Both stages.

TEST_F(TwoStageTest, TranslatesVaToIpaToPa) {
  Map(g1, 0x1000, kIpa, kPa);
  const Translation t = Tr(0x1234);
  ASSERT_TRUE(t.ok);
  EXPECT_TRUE(t.stage2);
  EXPECT_EQ(t.ipa, kIpa + 0x234);
  EXPECT_EQ(t.pa, kPa + 0x234);
}

TEST_F(TwoStageTest, Stage1TableReadsAreTranslatedByStage2) {
  // Stage 2 moves the IPA of the level 3 table to another page holding another descriptor.
  g1.s1->MapPage(0x1000, kIpa);
  const uint64_t l3_table_ipa = g1.s1->TablePage(0x1000, 3);
  const uint64_t moved = 0x4D00'0000;
  mem.words[moved + 8] = (kIpa + kPage) | kS1Normal | 3;
  g1.s2->MapPage(l3_table_ipa, moved);
  g1.s2->MapPage(kIpa + kPage, kPa);
  const Translation t = Tr(0x1000);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.ipa, kIpa + kPage);
  EXPECT_EQ(t.pa, kPa);
}

TEST_F(TwoStageTest, Stage2DisabledTranslatesStage1Only) {
  Tables s1(mem, 12, 48, 0, kEl2Pool);
  s1.MapPage(0x1000, kPa, kS1Normal);
  TranslationControls tc = g1.tc;
  tc.ttbr0 = s1.root();
  tc.stage2.enabled = false;
  const Translation t = Tr(tc, 0x1010);
  ASSERT_TRUE(t.ok);
  EXPECT_FALSE(t.stage2);
  EXPECT_EQ(t.pa, kPa + 0x10);
}

TEST_F(TwoStageTest, AttributesAreCombined) {
  Map(g1, 0x1000, kIpa, kPa, kS1Normal, S2MemAttr(kS2Wt) | S2Ap(3) | kShInner | kAf);
  const Translation t = Tr(0x1000);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.entry.attr, 0xBB);
}

TEST_F(TwoStageTest, ShareabilityIsCombined) {
  Map(g1, 0x1000, kIpa, kPa, Attr(kIdxNormal) | kShNone | kAf, S2MemAttr(kS2Wb) | S2Ap(3) | kShInner | kAf);
  const Translation t = Tr(0x1000);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.entry.sh, 3);
}

TEST_F(TwoStageTest, Stage2NonCacheableMakesTheLocationOuterShareable) {
  Map(g1, 0x1000, kIpa, kPa, kS1Normal, S2MemAttr(kS2Nc) | S2Ap(3) | kShInner | kAf);
  const Translation t = Tr(0x1000);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.entry.attr, 0x44);
  EXPECT_EQ(t.entry.sh, 2);
}

TEST_F(TwoStageTest, TaggedStage1StaysTaggedOverStage2WriteBack) {
  Map(g1, 0x1000, kIpa, kPa, Attr(kIdxTagged) | kShInner | kAf);
  const Translation t = Tr(0x1000);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.entry.attr, 0xF0);
}

TEST_F(TwoStageTest, FwbAppliesToTheCombination) {
  g1.tc.stage2.fwb = true;
  Map(g1, 0x1000, kIpa, kPa, Attr(kIdxNc) | kShInner | kAf, S2MemAttr(0x6) | S2Ap(3) | kShInner | kAf);
  const Translation t = Tr(0x1000);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.entry.attr, 0xFF);  // forced Write-Back
}

TEST_F(TwoStageTest, Stage2PermissionsAreReported) {
  Map(g1, 0x1000, kIpa, kPa, kS1Normal, S2MemAttr(kS2Wb) | S2Ap(1) | kShInner | kAf | S2Xn(2));
  const Translation t = Tr(0x1000);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.stage2_perms.s2ap, 1);
  EXPECT_EQ(t.stage2_perms.xn, 2);
  EXPECT_EQ(t.stage2_perms.level, 3);
}

TEST_F(TwoStageTest, Stage2NoTagAccessIsReported) {
  g1.tc.stage2.mte_perm = true;
  Map(g1, 0x1000, kIpa, kPa, Attr(kIdxTagged) | kShInner | kAf, S2MemAttr(0x4) | S2Ap(3) | kShInner | kAf);
  const Translation t = Tr(0x1000);
  ASSERT_TRUE(t.ok);
  EXPECT_TRUE(t.stage2_perms.notagaccess);
}

// ---------------------------------------------------------------------------------------
// Faults and their priority.

TEST_F(TwoStageTest, Stage1TranslationFaultIsAStage1Fault) {
  Map(g1, 0x1000, kIpa, kPa);
  ExpectFault(Tr(0x2000), FaultKind::Translation, 3, false);
}

TEST_F(TwoStageTest, Stage1PermissionFaultWinsOverStage2TranslationFault) {
  g1.s1->MapPage(0x1000, kIpa, kS1Normal | Ap(2));  // read-only, IPA not mapped at stage 2
  const Translation t = Tr(0x1000, W);
  ExpectFault(t, FaultKind::Permission, 3, false);
  EXPECT_TRUE(t.fault.write);
}

TEST_F(TwoStageTest, Stage1PermissionFaultWinsOverStage2PermissionFault) {
  Map(g1, 0x1000, kIpa, kPa, kS1Normal | Ap(2), S2MemAttr(kS2Wb) | S2Ap(1) | kAf);
  ExpectFault(Tr(0x1000, W), FaultKind::Permission, 3, false);
}

TEST_F(TwoStageTest, UnmappedOutputIpaIsAStage2TranslationFault) {
  Map(g1, 0x1000, kIpa, kPa);
  g1.s1->MapPage(0x2000, kIpa + 5 * kPage);  // same stage-2 level 3 table, invalid entry
  const Translation t = Tr(0x2345);
  ExpectFault(t, FaultKind::Translation, 3, true);
  EXPECT_EQ(t.fault.ipa, kIpa + 5 * kPage + 0x345);
}

TEST_F(TwoStageTest, Stage2PermissionFaultOnAWrite) {
  Map(g1, 0x1000, kIpa, kPa, kS1Normal, S2MemAttr(kS2Wb) | S2Ap(1) | kAf);
  EXPECT_TRUE(Tr(0x1000, R).ok);
  const Translation t = Tr(0x1008, W);
  ExpectFault(t, FaultKind::Permission, 3, true);
  EXPECT_TRUE(t.fault.write);
  EXPECT_EQ(t.fault.ipa, kIpa + 8);
}

TEST_F(TwoStageTest, Stage2ExecuteNeverUsesTheStage1AccessPrivilege) {
  // Stage 1 lets EL0 and EL1 execute (AP = 00, no XN); stage 2 XN[1:0] = 0b11: EL1 only.
  Map(g1, 0x1000, kIpa, kPa, kS1Normal | Ap(0), kS2Normal | S2Xn(3));
  EXPECT_TRUE(Tr(0x1000, X, false).ok);
  ExpectFault(Tr(0x1000, X, true), FaultKind::Permission, 3, true);
  mmu.InvalidateAll();
  g1.s2->MapPage(kIpa, kPa, kS2Normal | S2Xn(1));  // EL0 only
  ExpectFault(Tr(0x1000, X, false), FaultKind::Permission, 3, true);
  EXPECT_TRUE(Tr(0x1000, X, true).ok);
}

// ---------------------------------------------------------------------------------------
// Stage-1 walks through stage 2 (S1PTW).

TEST_F(TwoStageTest, Stage2FaultOnEachStage1TableReadIsAnS1ptwFaultAtTheDescriptorIpa) {
  const uint64_t va = 0x0000'1234'5678'9000;
  Map(g1, va, kIpa, kPa);
  for (int level = 0; level <= 3; ++level) {
    const uint64_t table = g1.s1->TablePage(va, level);
    const uint64_t desc_ipa = g1.s1->Slot(va, level);
    g1.s2->Desc(table, 3) &= ~uint64_t{1};
    mmu.InvalidateAll();
    const Translation t = Tr(va);
    ExpectFault(t, FaultKind::Translation, 3, true, true);
    EXPECT_EQ(t.fault.ipa, desc_ipa) << "stage-1 level " << level;
    g1.s2->Desc(table, 3) |= 1;
  }
  mmu.InvalidateAll();
  EXPECT_TRUE(Tr(va).ok);
}

TEST_F(TwoStageTest, S1ptwFaultReportsTheStage2Level) {
  Map(g1, 0x1000, kIpa, kPa);
  g1.s2->Desc(kS1PoolIpa, 2) &= ~uint64_t{1};  // the level 2 table descriptor over the pool
  const Translation t = Tr(0x1000);
  ExpectFault(t, FaultKind::Translation, 2, true, true);
  EXPECT_EQ(t.fault.ipa, g1.s1->Slot(0x1000, 0));
}

TEST_F(TwoStageTest, S1ptwAccessFlagFault) {
  Map(g1, 0x1000, kIpa, kPa);
  const uint64_t l1 = g1.s1->TablePage(0x1000, 1);
  g1.s2->Desc(l1, 3) &= ~kAf;
  const Translation t = Tr(0x1000);
  ExpectFault(t, FaultKind::AccessFlag, 3, true, true);
  EXPECT_EQ(t.fault.ipa, g1.s1->Slot(0x1000, 1));
}

TEST_F(TwoStageTest, Stage1TableReadsNeedStage2ReadPermission) {
  Map(g1, 0x1000, kIpa, kPa);
  const uint64_t l2 = g1.s1->TablePage(0x1000, 2);
  g1.s2->MapPage(l2, l2 + kDelta, S2MemAttr(kS2Wb) | S2Ap(2) | kAf);  // write-only
  const Translation t = Tr(0x1000);
  ExpectFault(t, FaultKind::Permission, 3, true, true);
  EXPECT_EQ(t.fault.ipa, g1.s1->Slot(0x1000, 2));
}

TEST_F(TwoStageTest, Stage1TableReadsNeedNoStage2WritePermission) {
  Map(g1, 0x1000, kIpa, kPa);
  const uint64_t l2 = g1.s1->TablePage(0x1000, 2);
  g1.s2->MapPage(l2, l2 + kDelta, S2MemAttr(kS2Wb) | S2Ap(1) | kAf | S2Xn(2));  // read-only, XN
  EXPECT_TRUE(Tr(0x1000, W).ok);
}

TEST_F(TwoStageTest, UnbackedStage1TableIsAStage1ExternalAbortOnTheWalk) {
  // Stage 2 translates the table's IPA, but to a PA with no memory: a synchronous external
  // abort on the stage-1 walk at the stage-1 level, not a stage-2 fault.
  Map(g1, 0x1000, kIpa, kPa);
  g1.s2->MapPage(g1.s1->TablePage(0x1000, 2), 0x2000'0000);
  const Translation t = Tr(0x1000);
  ExpectFault(t, FaultKind::ExternalAbort, 2, false);
  EXPECT_TRUE(t.fault.external_on_walk);
}

TEST_F(TwoStageTest, PtwMakesAStage1WalkOfStage2DeviceMemoryAPermissionFault) {
  g1.tc.stage2.ptw = true;
  Map(g1, 0x1000, kIpa, kPa);
  const uint64_t l1 = g1.s1->TablePage(0x1000, 1);
  g1.s2->MapPage(l1, l1 + kDelta, S2MemAttr(0x1) | S2Ap(3) | kAf);  // Device-nGnRE
  const Translation t = Tr(0x1000);
  ExpectFault(t, FaultKind::Permission, 3, true, true);
  EXPECT_EQ(t.fault.ipa, g1.s1->Slot(0x1000, 1));
}

TEST_F(TwoStageTest, WithoutPtwStage1TablesInStage2DeviceMemoryAreWalked) {
  Map(g1, 0x1000, kIpa, kPa);
  const uint64_t l1 = g1.s1->TablePage(0x1000, 1);
  g1.s2->MapPage(l1, l1 + kDelta, S2MemAttr(0x1) | S2Ap(3) | kAf);
  EXPECT_TRUE(Tr(0x1000).ok);
}

TEST_F(TwoStageTest, PtwAllowsStage1TablesInStage2NormalMemory) {
  g1.tc.stage2.ptw = true;
  Map(g1, 0x1000, kIpa, kPa);
  const uint64_t l1 = g1.s1->TablePage(0x1000, 1);
  g1.s2->MapPage(l1, l1 + kDelta, S2MemAttr(kS2Nc) | S2Ap(3) | kAf);
  EXPECT_TRUE(Tr(0x1000).ok);
}

// ---------------------------------------------------------------------------------------
// Stage 1 disabled under stage 2, and HCR_EL2.DC / DCT.

TEST_F(TwoStageTest, Stage1OffGivesTheVaAsIpa) {
  g1.tc.sctlr = 0;
  g1.s2->MapPage(kIpa, kPa);
  const Translation t = Tr(kIpa + 0x10);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.ipa, kIpa + 0x10);
  EXPECT_EQ(t.pa, kPa + 0x10);
  EXPECT_EQ(t.entry.attr, 0x00);  // stage 1 off: Device-nGnRnE data accesses
  EXPECT_EQ(t.entry.sh, 2);
}

TEST_F(TwoStageTest, Stage1OffVaAboveTheIpaSizeIsAStage2Level0Fault) {
  g1.tc.sctlr = 0;
  const uint64_t va = (uint64_t{1} << 41) | 0x1000;  // a valid PA size, beyond the 40-bit IPA
  const Translation t = Tr(va);
  ExpectFault(t, FaultKind::Translation, 0, true);
  EXPECT_EQ(t.fault.ipa, va);
}

TEST_F(TwoStageTest, Stage1OffAccessesAreCheckedByStage2) {
  g1.tc.sctlr = 0;
  g1.s2->MapPage(kIpa, kPa, S2MemAttr(kS2Wb) | S2Ap(1) | kAf);
  EXPECT_TRUE(Tr(kIpa, R).ok);
  const Translation t = Tr(kIpa + 8, W);
  ExpectFault(t, FaultKind::Permission, 3, true);
  EXPECT_EQ(t.fault.ipa, kIpa + 8);
}

TEST_F(TwoStageTest, DcMakesStage1OffMemoryNormalWriteBackNonShareable) {
  g1.tc.sctlr = 0;
  g1.tc.default_cacheable = true;
  g1.s2->MapPage(kIpa, kPa, S2MemAttr(kS2Wb) | S2Ap(3) | kShNone | kAf);
  const Translation t = Tr(kIpa);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.entry.attr, 0xFF);
  EXPECT_EQ(t.entry.sh, 0);
}

TEST_F(TwoStageTest, DctMakesStage1OffMemoryTagged) {
  g1.tc.sctlr = 0;
  g1.tc.default_cacheable = true;
  g1.tc.default_tagged = true;
  g1.s2->MapPage(kIpa, kPa);
  const Translation t = Tr(kIpa);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.entry.attr, 0xF0);
}

TEST_F(TwoStageTest, DctOverStage2NonCacheableIsNotTagged) {
  g1.tc.sctlr = 0;
  g1.tc.default_cacheable = true;
  g1.tc.default_tagged = true;
  g1.s2->MapPage(kIpa, kPa, S2MemAttr(kS2Nc) | S2Ap(3) | kShInner | kAf);
  const Translation t = Tr(kIpa);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.entry.attr, 0x44);
  EXPECT_EQ(t.entry.sh, 2);
}

// ---------------------------------------------------------------------------------------
// TLBs tagged by VMID.

TEST_F(TwoStageTest, Stage1EntriesAreTaggedWithTheVmid) {
  Map(g1, 0x1000, kIpa, kPa);
  const Translation t = Tr(0x1000);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.entry.vmid, 1);
  EXPECT_EQ(t.entry.regime, Regime::EL10);
}

TEST_F(TwoStageTest, RepeatedTranslationHitsTheTlbs) {
  Map(g1, 0x1000, kIpa, kPa);
  ASSERT_TRUE(Tr(0x1000).ok);
  const size_t reads = mem.reads.size();
  const uint64_t s1_hits = mmu.stage1().counters().tlb_hits();
  const Translation t = Tr(0x1FF0);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.pa, kPa + 0xFF0);
  EXPECT_EQ(mem.reads.size(), reads);
  EXPECT_EQ(mmu.stage1().counters().tlb_hits(), s1_hits + 1);
}

TEST_F(TwoStageTest, SameVaInAnotherVmidUsesThatVmsStage1Tables) {
  Guest g2 = MakeGuest(2, kS1PoolIpa2, kS2Pool2);
  Map(g1, 0x1000, kIpa, kPa);
  Map(g2, 0x1000, kIpa + 0x8'0000, kPa + 0x2'0000);
  ASSERT_EQ(Tr(0x1000).ipa, kIpa);
  const Translation t = Tr(g2.tc, 0x1000);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.ipa, kIpa + 0x8'0000);
  EXPECT_EQ(t.pa, kPa + 0x2'0000);
}

TEST_F(TwoStageTest, SameIpaInAnotherVmidUsesThatVmsStage2Tables) {
  Guest g2 = MakeGuest(2, kS1PoolIpa2, kS2Pool2);
  Map(g1, 0x1000, kIpa, kPa);
  Map(g2, 0x1000, kIpa, kPa + 0x2'0000);
  ASSERT_EQ(Tr(0x1000).pa, kPa);
  const Translation t = Tr(g2.tc, 0x1000);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.pa, kPa + 0x2'0000);
}

// Fills the TLBs of two VMs and of the EL2 regime, then moves every mapping so that a
// fresh walk is visible:
// - per VM (VMID 1 at VAs 0x1000.., VMID 2 at 0x11000..): va_a (global) and va_c
//   (non-global, ASID 5) change their IPA at stage 1, va_b keeps its IPA whose stage-2
//   mapping changes;
// - EL2: VAs 0x21000 and 0x22000 change their PA.
class TwoStageInvalidateTest : public TwoStageTest {
 protected:
  struct Vm {
    Guest* g;
    uint64_t va_a, va_b, va_c, ipa_a, ipa_b, ipa_c, pa_b;
  };
  void SetUp() override {
    g2 = MakeGuest(2, kS1PoolIpa2, kS2Pool2);
    vm1 = {&g1, 0x1000, 0x2000, 0x3000, kIpa, kIpa + kPage, kIpa + 2 * kPage, kPa};
    vm2 = {&g2, 0x11000, 0x12000, 0x13000, 0x8018'0000, 0x8018'1000, 0x8018'2000, kPa + 0x1'0000};
    for (Vm* vm : {&vm1, &vm2}) {
      Guest& g = *vm->g;
      g.tc.ttbr0 = (g.tc.ttbr0 & 0x0000'FFFF'FFFF'FFFF) | uint64_t{5} << 48;  // ASID 5
      Map(g, vm->va_a, vm->ipa_a, kPa + 0x4'0000);
      Map(g, vm->va_b, vm->ipa_b, vm->pa_b);
      Map(g, vm->va_c, vm->ipa_c, kPa + 0x5'0000, kS1Normal | kNg);
      ASSERT_TRUE(Tr(g.tc, vm->va_a).ok);
      ASSERT_TRUE(Tr(g.tc, vm->va_b).ok);
      ASSERT_TRUE(Tr(g.tc, vm->va_c).ok);
      ASSERT_FALSE(Tr(g.tc, vm->va_c).entry.global);
      Map(g, vm->va_a, vm->ipa_a + 0x10 * kPage, kPa + 0x6'0000);
      g.s2->MapPage(vm->ipa_b, vm->pa_b + 0x8'0000);
      Map(g, vm->va_c, vm->ipa_c + 0x10 * kPage, kPa + 0x7'0000, kS1Normal | kNg);
    }
    Tables* t = nullptr;
    el2tc = MakeEl2(&t);
    t->MapPage(0x21000, kPa + 0x10'0000);
    t->MapPage(0x22000, kPa + 0x11'0000);
    ASSERT_TRUE(Tr(el2tc, 0x21000).ok);
    ASSERT_TRUE(Tr(el2tc, 0x22000).ok);
    t->MapPage(0x21000, kPa + 0x12'0000);
    t->MapPage(0x22000, kPa + 0x13'0000);
  }
  void Tlbi(Scope scope, uint16_t vmid, uint64_t address = 0, uint16_t asid = 0) {
    TlbInvalidation op;
    op.scope = scope;
    op.vmid = vmid;
    op.address = address;
    op.asid = asid;
    mmu.Invalidate(op);
  }
  // Whether the stage-1 entry of va_a / va_c, the stage-2 entry of ipa_b, and the EL2
  // entries survived.
  bool S1A(const Vm& vm) { return Tr(vm.g->tc, vm.va_a).ipa == vm.ipa_a; }
  bool S1C(const Vm& vm) { return Tr(vm.g->tc, vm.va_c).ipa == vm.ipa_c; }
  bool S2B(const Vm& vm) { return Tr(vm.g->tc, vm.va_b).pa == vm.pa_b; }
  bool El2(uint64_t va) { return Tr(el2tc, va).pa == (va == 0x21000 ? kPa + 0x10'0000 : kPa + 0x11'0000); }

  Guest g2;
  Vm vm1, vm2;
  TranslationControls el2tc;
};

TEST_F(TwoStageInvalidateTest, NothingIsDroppedWithoutInvalidation) {
  EXPECT_TRUE(S1A(vm1));
  EXPECT_TRUE(S1C(vm1));
  EXPECT_TRUE(S2B(vm1));
  EXPECT_TRUE(S1A(vm2));
  EXPECT_TRUE(S2B(vm2));
  EXPECT_TRUE(El2(0x21000));
}

TEST_F(TwoStageInvalidateTest, Vmalle1DropsTheStage1EntriesOfItsVmid) {
  Tlbi(Scope::Vmalle1, 1);
  EXPECT_FALSE(S1A(vm1));
  EXPECT_FALSE(S1C(vm1));
}

TEST_F(TwoStageInvalidateTest, Vmalle1KeepsStage2OtherVmidsAndEl2) {
  Tlbi(Scope::Vmalle1, 1);
  EXPECT_TRUE(S2B(vm1));
  EXPECT_TRUE(S1A(vm2));
  EXPECT_TRUE(S1C(vm2));
  EXPECT_TRUE(El2(0x21000));
}

TEST_F(TwoStageInvalidateTest, AsidDropsNonGlobalEntriesOfItsVmidOnly) {
  Tlbi(Scope::Asid, 1, 0, 5);
  EXPECT_FALSE(S1C(vm1));
  EXPECT_TRUE(S1A(vm1));  // global
  EXPECT_TRUE(S1C(vm2));  // same ASID, other VMID
}

TEST_F(TwoStageInvalidateTest, VaDropsTheVaOfItsVmid) {
  Tlbi(Scope::Va, 1, vm1.va_a, 5);
  EXPECT_FALSE(S1A(vm1));
  EXPECT_TRUE(S1C(vm1));
}

TEST_F(TwoStageInvalidateTest, VaOfAnotherVmidKeepsTheEntry) {
  Tlbi(Scope::Va, 2, vm1.va_a, 5);
  Tlbi(Scope::VaAllAsids, 2, vm1.va_c);
  EXPECT_TRUE(S1A(vm1));
  EXPECT_TRUE(S1C(vm1));
}

TEST_F(TwoStageInvalidateTest, VaAllAsidsDropsNonGlobalEntriesOfItsVmid) {
  Tlbi(Scope::VaAllAsids, 1, vm1.va_c);
  EXPECT_FALSE(S1C(vm1));
}

TEST_F(TwoStageInvalidateTest, Stage1ScopesKeepStage2Entries) {
  Tlbi(Scope::Asid, 1, 0, 5);
  Tlbi(Scope::Va, 1, vm1.va_b, 5);
  Tlbi(Scope::VaAllAsids, 1, vm1.va_b);
  EXPECT_TRUE(S2B(vm1));  // stage 1 re-walked to the same IPA, whose stage-2 entry stays
}

TEST_F(TwoStageInvalidateTest, IpaDropsTheStage2EntryOfItsVmid) {
  Tlbi(Scope::Ipa, 1, vm1.ipa_b);
  EXPECT_FALSE(S2B(vm1));
}

TEST_F(TwoStageInvalidateTest, IpaKeepsStage1Entries) {
  Tlbi(Scope::Ipa, 1, vm1.ipa_b);
  Tlbi(Scope::Ipa, 1, vm1.ipa_a);
  EXPECT_TRUE(S1A(vm1));
  EXPECT_TRUE(S1C(vm1));
}

TEST_F(TwoStageInvalidateTest, IpaKeepsOtherIpasAndOtherVmids) {
  Tlbi(Scope::Ipa, 1, vm1.ipa_a);
  Tlbi(Scope::Ipa, 2, vm1.ipa_b);
  Tlbi(Scope::Ipa, 1, vm2.ipa_b);
  EXPECT_TRUE(S2B(vm1));
  EXPECT_TRUE(S2B(vm2));
}

TEST_F(TwoStageInvalidateTest, Vmalls12e1DropsBothStagesOfItsVmid) {
  Tlbi(Scope::Vmalls12e1, 1);
  EXPECT_FALSE(S1A(vm1));
  EXPECT_FALSE(S2B(vm1));
}

TEST_F(TwoStageInvalidateTest, Vmalls12e1KeepsOtherVmidsAndEl2) {
  Tlbi(Scope::Vmalls12e1, 1);
  EXPECT_TRUE(S1A(vm2));
  EXPECT_TRUE(S2B(vm2));
  EXPECT_TRUE(El2(0x21000));
}

TEST_F(TwoStageInvalidateTest, Alle1DropsBothStagesOfEveryVmid) {
  Tlbi(Scope::Alle1, 1);
  EXPECT_FALSE(S1A(vm1));
  EXPECT_FALSE(S2B(vm1));
  EXPECT_FALSE(S1A(vm2));
  EXPECT_FALSE(S2B(vm2));
}

TEST_F(TwoStageInvalidateTest, Alle1KeepsEl2Entries) {
  Tlbi(Scope::Alle1, 0);
  EXPECT_TRUE(El2(0x21000));
  EXPECT_TRUE(El2(0x22000));
}

TEST_F(TwoStageInvalidateTest, Alle2DropsEl2EntriesOnly) {
  Tlbi(Scope::Alle2, 0);
  EXPECT_FALSE(El2(0x21000));
  EXPECT_FALSE(El2(0x22000));
  EXPECT_TRUE(S1A(vm1));
  EXPECT_TRUE(S2B(vm1));
}

TEST_F(TwoStageInvalidateTest, Vae2DropsTheEl2EntryOfTheVaOnly) {
  Tlbi(Scope::Vae2, 0, 0x21000);
  EXPECT_FALSE(El2(0x21000));
  EXPECT_TRUE(El2(0x22000));
  Tlbi(Scope::Vae2, 0, vm1.va_a);
  EXPECT_TRUE(S1A(vm1));
}

TEST_F(TwoStageInvalidateTest, El1ScopesOfVmid0KeepEl2Entries) {
  Tlbi(Scope::Vmalle1, 0);
  Tlbi(Scope::Vmalls12e1, 0);
  Tlbi(Scope::Va, 0, 0x21000);
  Tlbi(Scope::VaAllAsids, 0, 0x22000);
  EXPECT_TRUE(El2(0x21000));
  EXPECT_TRUE(El2(0x22000));
}

// ---------------------------------------------------------------------------------------
// The EL2 (nVHE) stage-1 regime.

class El2RegimeTest : public TwoStageTest {
 protected:
  void SetUp() override { tc = MakeEl2(&t); }
  bool Allowed(uint64_t va, AccessType type) {
    mmu.InvalidateAll();
    return Tr(tc, va, type).ok;
  }
  Tables* t = nullptr;
  TranslationControls tc;
};

TEST_F(El2RegimeTest, TranslatesThroughTtbr0El2WithTcrEl2T0szAndTg0) {
  Tables t64(mem, 16, 42, Stage1StartLevel(16, 42), kEl2Pool + 0x100'0000);
  t64.MapPage(0x3FF'FFFF'0000, kPa, kS1Normal);
  tc.tcr = TcrEl2(16, 42);
  tc.ttbr0 = t64.root();
  const Translation tr = Tr(tc, 0x3FF'FFFF'ABCD);
  ASSERT_TRUE(tr.ok);
  EXPECT_EQ(tr.pa, kPa + 0xABCD);
  EXPECT_EQ(tr.entry.size_log2, 16);
  EXPECT_EQ(tr.entry.regime, Regime::EL2);
}

TEST_F(El2RegimeTest, OutputSizeIsTcrEl2Ps) {
  tc.tcr = TcrEl2(12, 48, 2);  // PS = 40 bits, in TCR_EL2[18:16]
  t->MapPage(0x1000, uint64_t{1} << 36);
  t->MapPage(0x2000, uint64_t{1} << 40);
  EXPECT_TRUE(Tr(tc, 0x1000).ok);
  ExpectFault(Tr(tc, 0x2000), FaultKind::AddressSize, 3, false);
}

TEST_F(El2RegimeTest, TbiIsTcrEl2Bit20) {
  t->MapPage(0x1000, kPa);
  ExpectFault(Tr(tc, 0x5A00'0000'0000'1000), FaultKind::Translation, 0, false);
  tc.tcr |= kTcrEl2Tbi;
  const Translation tr = Tr(tc, 0x5A00'0000'0000'1008);
  ASSERT_TRUE(tr.ok);
  EXPECT_EQ(tr.pa, kPa + 8);
}

TEST_F(El2RegimeTest, TbidIsTcrEl2Bit29) {
  t->MapPage(0x1000, kPa);
  tc.tcr |= kTcrEl2Tbi | kTcrEl2Tbid;
  EXPECT_TRUE(Tr(tc, 0x5A00'0000'0000'1000, R).ok);
  ExpectFault(Tr(tc, 0x5A00'0000'0000'1000, X), FaultKind::Translation, 0, false);
}

TEST_F(El2RegimeTest, HasOnlyTheLowerVaRange) {
  t->MapPage(0x1000, kPa);
  t->MapPage(0xFFFF'FFFF'F000, kPa);
  ExpectFault(Tr(tc, 0xFFFF'FFFF'FFFF'F000), FaultKind::Translation, 0, false);
  tc.tcr |= kTcrEl2Tbi;
  ExpectFault(Tr(tc, 0x0080'0000'0000'1000), FaultKind::Translation, 0, false);  // VA[55] set
}

TEST_F(El2RegimeTest, Ap2MakesPagesReadOnly) {
  for (unsigned ap : {2u, 3u}) {
    t->MapPage(0x1000, kPa, kS1Normal | Ap(ap));
    EXPECT_TRUE(Allowed(0x1000, R)) << "AP " << ap;
    mmu.InvalidateAll();
    ExpectFault(Tr(tc, 0x1000, W), FaultKind::Permission, 3, false);
  }
}

TEST_F(El2RegimeTest, Ap1IsIgnored) {
  // AP = 01 would make an EL1&0 page EL0-writable and so not executable at EL1.
  t->MapPage(0x1000, kPa, kS1Normal | Ap(1));
  EXPECT_TRUE(Allowed(0x1000, R));
  EXPECT_TRUE(Allowed(0x1000, W));
  EXPECT_TRUE(Allowed(0x1000, X));
}

TEST_F(El2RegimeTest, XnIsBit54) {
  t->MapPage(0x1000, kPa, kS1Normal | kUxn);
  EXPECT_FALSE(Allowed(0x1000, X));
  EXPECT_TRUE(Allowed(0x1000, R));
}

TEST_F(El2RegimeTest, Bit53IsNotAnExecuteNever) {
  t->MapPage(0x1000, kPa, kS1Normal | kPxn);
  EXPECT_TRUE(Allowed(0x1000, X));
}

TEST_F(El2RegimeTest, XnTableIsInherited) {
  t->MapPage(0x1000, kPa);
  t->Desc(0x1000, 1) |= kUxnTable;
  EXPECT_FALSE(Allowed(0x1000, X));
}

TEST_F(El2RegimeTest, PxnTableIsIgnored) {
  t->MapPage(0x1000, kPa);
  t->Desc(0x1000, 1) |= kPxnTable;
  EXPECT_TRUE(Allowed(0x1000, X));
}

TEST_F(El2RegimeTest, ApTable1MakesPagesReadOnly) {
  t->MapPage(0x1000, kPa);
  t->Desc(0x1000, 2) |= kApTable1;
  EXPECT_TRUE(Allowed(0x1000, R));
  EXPECT_FALSE(Allowed(0x1000, W));
}

TEST_F(El2RegimeTest, ApTable0IsIgnored) {
  t->MapPage(0x1000, kPa);
  t->Desc(0x1000, 2) |= kApTable0;
  EXPECT_TRUE(Allowed(0x1000, W));
  EXPECT_TRUE(Allowed(0x1000, X));
}

TEST_F(El2RegimeTest, WxnMakesWritablePagesNonExecutable) {
  tc.sctlr |= kSctlrWxn;
  t->MapPage(0x1000, kPa, kS1Normal | Ap(0));
  EXPECT_FALSE(Allowed(0x1000, X));
  t->MapPage(0x1000, kPa, kS1Normal | Ap(2));
  EXPECT_TRUE(Allowed(0x1000, X));
}

TEST_F(El2RegimeTest, EntriesAreGlobalEvenWithNg) {
  t->MapPage(0x1000, kPa, kS1Normal | kNg);
  const Translation tr = Tr(tc, 0x1000);
  ASSERT_TRUE(tr.ok);
  EXPECT_TRUE(tr.entry.global);
}

TEST_F(El2RegimeTest, IsNotTranslatedByStage2) {
  t->MapPage(0x1000, kPa);
  tc.stage2 = g1.tc.stage2;  // enabled, with tables that map nothing at 0x4C00'0000
  const Translation tr = Tr(tc, 0x1010);
  ASSERT_TRUE(tr.ok);
  EXPECT_FALSE(tr.stage2);
  EXPECT_EQ(tr.pa, kPa + 0x10);
}

TEST_F(El2RegimeTest, El2AndEl10EntriesForTheSameVaAreDistinct) {
  Tables el10(mem, 12, 48, 0, kEl2Pool + 0x100'0000);
  el10.MapPage(0x1000, kPa, kS1Normal);
  TranslationControls el10tc = g1.tc;
  el10tc.ttbr0 = el10.root();
  el10tc.stage2.enabled = false;
  el10tc.vmid = 0;
  t->MapPage(0x1000, kPa + 0x1'0000);
  ASSERT_EQ(Tr(el10tc, 0x1000).pa, kPa);
  EXPECT_EQ(Tr(tc, 0x1000).pa, kPa + 0x1'0000);
  EXPECT_EQ(Tr(el10tc, 0x1000).pa, kPa);
}

// ---------------------------------------------------------------------------------------
// AT: walks without the TLB, and PAR_EL1.

TEST_F(TwoStageTest, Stage1WalkGivesTheIpaWithStage1Attributes) {
  Map(g1, 0x1000, kIpa, kPa, kS1Normal, S2MemAttr(kS2Nc) | S2Ap(3) | kShInner | kAf);
  const Translation t = mmu.Walk(g1.tc, 0x1234, R, {}, false);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.pa, kIpa + 0x234);
  EXPECT_EQ(t.entry.attr, 0xFF);
}

TEST_F(TwoStageTest, TwoStageWalkGivesThePaWithCombinedAttributes) {
  Map(g1, 0x1000, kIpa, kPa, kS1Normal, S2MemAttr(kS2Nc) | S2Ap(3) | kShInner | kAf);
  const Translation t = mmu.Walk(g1.tc, 0x1234, R, {}, true);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.pa, kPa + 0x234);
  EXPECT_EQ(t.ipa, kIpa + 0x234);
  EXPECT_EQ(t.entry.attr, 0x44);
}

TEST_F(TwoStageTest, Stage1WalkStillReadsTablesThroughStage2) {
  Map(g1, 0x1000, kIpa, kPa);
  g1.s2->Desc(g1.s1->root(), 3) = 0;
  const Translation t = mmu.Walk(g1.tc, 0x1000, R, {}, false);
  ExpectFault(t, FaultKind::Translation, 3, true, true);
  EXPECT_EQ(t.fault.ipa, g1.s1->Slot(0x1000, 0));
}

TEST_F(TwoStageTest, WalksNeitherUseNorFillTheTlbs) {
  Map(g1, 0x1000, kIpa, kPa);
  ASSERT_EQ(Tr(0x1000).pa, kPa);
  Map(g1, 0x1000, kIpa + 0x10 * kPage, kPa + 0x1'0000);
  EXPECT_EQ(mmu.Walk(g1.tc, 0x1000, R, {}, true).pa, kPa + 0x1'0000);
  EXPECT_EQ(Tr(0x1000).pa, kPa);
}

TEST_F(TwoStageTest, PermitsChecksBothStages) {
  Map(g1, 0x1000, kIpa, kPa, kS1Normal, S2MemAttr(kS2Wb) | S2Ap(1) | kAf | S2Xn(2));
  Map(g1, 0x2000, kIpa + kPage, kPa, kS1Normal | Ap(2));
  const Translation s2ro = Tr(0x1000);
  const Translation s1ro = Tr(0x2000);
  ASSERT_TRUE(s2ro.ok);
  ASSERT_TRUE(s1ro.ok);
  EXPECT_TRUE(Mmu::Permits(g1.tc, s2ro, R, {}));
  EXPECT_FALSE(Mmu::Permits(g1.tc, s2ro, W, {}));
  EXPECT_FALSE(Mmu::Permits(g1.tc, s2ro, X, {}));
  EXPECT_FALSE(Mmu::Permits(g1.tc, s1ro, W, {}));
  EXPECT_TRUE(Mmu::Permits(g1.tc, s1ro, X, {}));
}

TEST_F(TwoStageTest, ParOnSuccessHoldsTheFinalPaAndCombinedAttributes) {
  Map(g1, 0x1000, kIpa, 0x4567'8000, kS1Normal, S2MemAttr(kS2Wt) | S2Ap(3) | kShInner | kAf);
  EXPECT_EQ(AddressTranslateParResult(Tr(0x1ABC)), 0xBB00'0000'4567'8B80u);  // SH inner, NS
}

TEST_F(TwoStageTest, ParForAStage2FaultSetsS) {
  g1.s1->MapPage(0x1000, kIpa);  // nothing at stage 2 under IPA 0x8000'0000: level 1
  EXPECT_EQ(AddressTranslateParResult(Tr(0x1000)), 0x800u | 0x200u | 0x05u << 1 | 1u);
}

TEST_F(TwoStageTest, ParForAStage2PermissionFaultSetsS) {
  Map(g1, 0x1000, kIpa, kPa, kS1Normal, S2MemAttr(kS2Wb) | S2Ap(1) | kAf);
  EXPECT_EQ(AddressTranslateParResult(Tr(0x1000, W)), 0x800u | 0x200u | 0x0Fu << 1 | 1u);
}

TEST_F(TwoStageTest, ParForAnS1ptwFaultSetsSAndPtw) {
  Map(g1, 0x1000, kIpa, kPa);
  g1.s2->Desc(g1.s1->TablePage(0x1000, 2), 3) = 0;
  EXPECT_EQ(AddressTranslateParResult(Tr(0x1000)), 0x800u | 0x200u | 0x100u | 0x07u << 1 | 1u);
}

TEST_F(TwoStageTest, ParForAStage1FaultUnderStage2HasNeitherSNorPtw) {
  Map(g1, 0x1000, kIpa, kPa);
  EXPECT_EQ(AddressTranslateParResult(Tr(0x2000)), 0x800u | 0x07u << 1 | 1u);
}

}  // namespace
