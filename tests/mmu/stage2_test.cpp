// Stage-2 translation (models/mmu/stage2.*): walks over hand-built tables in a fake physical
// memory, VTCR_EL2 and VTTBR_EL2 decoding (start levels, concatenated tables), S2AP and
// XN[1:0], MemAttr, the combination of stage-1 and stage-2 attributes, and the VMID-tagged
// TLB. Expected values follow the Arm ARM (VMSAv8-64: AArch64.S2Walk, S2InvalidSL,
// S2InconsistentSL, S2CheckPermissions, S2AttrDecode, CombineS1S2Desc,
// S2ApplyFWBMemAttrs). One architectural rule per test.
#include "models/mmu/stage2.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>

#include "tests/mmu/mmu_test_support.h"

namespace {

using mtesim::isa::Fault;
using mtesim::isa::FaultKind;
using namespace mtesim::mmu;
using namespace mmu_test;

constexpr AccessType R = AccessType::Read, W = AccessType::Write, X = AccessType::Fetch;

constexpr uint64_t kPool = 0x6000'0000;   // stage-2 tables
constexpr uint64_t kPool2 = 0x6800'0000;  // a second VM's stage-2 tables
constexpr uint64_t kPa = 0x5000'0000;     // a typical output page

class Stage2Test : public ::testing::Test {
 protected:
  Stage2Test() { c.enabled = true; }
  // Stage-2 tables for the granule, IPA size and SL0, with VTCR_EL2 and VTTBR_EL2 set.
  Tables& MakeTables(unsigned g, unsigned ipa_bits, unsigned sl0, unsigned ps = 5) {
    mem.words.clear();
    mem.reads.clear();
    s2 = std::make_unique<Tables>(mem, g, ipa_bits, Stage2StartLevel(g, sl0), kPool);
    s2->default_attrs = kS2Normal;
    c.vtcr = Vtcr(g, ipa_bits, sl0, ps);
    c.vttbr = s2->root();
    return *s2;
  }
  Stage2Translation Tr(uint64_t ipa, AccessType type = R, bool el0 = false, uint16_t vmid = 1) {
    return mmu.Translate(c, vmid, ipa, type, el0);
  }
  bool Allowed(uint64_t ipa, AccessType type, bool el0) {
    mmu.InvalidateAll();
    return Tr(ipa, type, el0).ok;
  }
  void ExpectFault(const Stage2Translation& t, FaultKind kind, int level) {
    EXPECT_FALSE(t.ok);
    EXPECT_EQ(t.fault.kind, kind);
    EXPECT_EQ(t.fault.level, level);
    EXPECT_TRUE(t.fault.stage2);
  }
  // The combined attribute of a stage-1 attribute and a stage-2 MemAttr (FWB, CD and
  // FEAT_MTE_PERM as `c` says), with NoTagAccess decoded from MemAttr as a walk does.
  uint8_t Combine(uint8_t s1_attr, unsigned memattr) {
    Stage2Entry e;
    e.memattr = static_cast<uint8_t>(memattr);
    e.perms.notagaccess = c.mte_perm && ((!c.fwb && memattr == 0x4) || (c.fwb && (memattr & 0xE) == 0xE));
    return CombineMemoryAttributes(s1_attr, e, c);
  }

  FakeMemory mem;
  Stage2Mmu mmu{mem};
  Stage2Controls c;
  std::unique_ptr<Tables> s2;
};

// ---------------------------------------------------------------------------------------
// Granules, IPA sizes, start levels and concatenated start tables.

TEST_F(Stage2Test, Granule4KIpa40Sl0Level1ConcatenatesTwoTables) {
  Tables& t = MakeTables(12, 40, 1);
  t.MapPage(0xFF'FFFF'F000, kPa);
  t.MapPage(0x1000, kPa + 0x10000);
  const Stage2Translation hi = Tr(0xFF'FFFF'F123);
  ASSERT_TRUE(hi.ok);
  EXPECT_EQ(hi.pa, kPa + 0x123);
  EXPECT_EQ(mem.reads.front(), t.root() + 0x3FF * 8);  // entry 511 of the second table
  EXPECT_EQ(mmu.counters().descriptor_reads(), 3u);
  const Stage2Translation lo = Tr(0x1008);
  ASSERT_TRUE(lo.ok);
  EXPECT_EQ(lo.pa, kPa + 0x10008);
}

TEST_F(Stage2Test, Granule4KIpa43Sl0Level1ConcatenatesSixteenTables) {
  Tables& t = MakeTables(12, 43, 1);
  t.MapPage(0x7FF'FFFF'F000, kPa);
  const Stage2Translation tr = Tr(0x7FF'FFFF'F010);
  ASSERT_TRUE(tr.ok);
  EXPECT_EQ(tr.pa, kPa + 0x10);
  EXPECT_EQ(mem.reads.front(), t.root() + 0x1FFF * 8);  // last entry of the 16th table
  EXPECT_EQ(mmu.counters().descriptor_reads(), 3u);
}

TEST_F(Stage2Test, Granule4KIpa48Sl0Level0) {
  MakeTables(12, 48, 2).MapPage(0xFFFF'FFFF'F000, kPa);
  const Stage2Translation t = Tr(0xFFFF'FFFF'FFF8);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.pa, kPa + 0xFF8);
  EXPECT_EQ(mmu.counters().descriptor_reads(), 4u);
}

TEST_F(Stage2Test, Granule4KIpa34Sl0Level2ConcatenatesSixteenTables) {
  Tables& t = MakeTables(12, 34, 0);
  t.MapPage(0x3'FFFF'F000, kPa);
  const Stage2Translation tr = Tr(0x3'FFFF'F800);
  ASSERT_TRUE(tr.ok);
  EXPECT_EQ(tr.pa, kPa + 0x800);
  EXPECT_EQ(mem.reads.front(), t.root() + 0x1FFF * 8);
  EXPECT_EQ(mmu.counters().descriptor_reads(), 2u);
}

TEST_F(Stage2Test, Granule16KIpa40Sl0Level2ConcatenatesSixteenTables) {
  Tables& t = MakeTables(14, 40, 1);
  t.MapPage(0xFF'FFFF'C000, kPa);
  const Stage2Translation tr = Tr(0xFF'FFFF'FFF0);
  ASSERT_TRUE(tr.ok);
  EXPECT_EQ(tr.pa, kPa + 0x3FF0);
  EXPECT_EQ(tr.entry.size_log2, 14);
  EXPECT_EQ(mem.reads.front(), t.root() + 0x7FFF * 8);
  EXPECT_EQ(mmu.counters().descriptor_reads(), 2u);
}

TEST_F(Stage2Test, Granule16KIpa48Sl0Level1ConcatenatesTwoTables) {
  Tables& t = MakeTables(14, 48, 2);
  t.MapPage(0xFFFF'FFFF'C000, kPa);
  const Stage2Translation tr = Tr(0xFFFF'FFFF'C010);
  ASSERT_TRUE(tr.ok);
  EXPECT_EQ(tr.pa, kPa + 0x10);
  EXPECT_EQ(mem.reads.front(), t.root() + 0xFFF * 8);
  EXPECT_EQ(mmu.counters().descriptor_reads(), 3u);
}

TEST_F(Stage2Test, Granule16KIpa29Sl0Level3ConcatenatesSixteenTables) {
  Tables& t = MakeTables(14, 29, 0);
  t.MapPage(0x1FFF'C000, kPa);
  const Stage2Translation tr = Tr(0x1FFF'C010);
  ASSERT_TRUE(tr.ok);
  EXPECT_EQ(tr.pa, kPa + 0x10);
  EXPECT_EQ(mem.reads.front(), t.root() + 0x7FFF * 8);
  EXPECT_EQ(mmu.counters().descriptor_reads(), 1u);
}

TEST_F(Stage2Test, Granule64KIpa46Sl0Level2ConcatenatesSixteenTables) {
  Tables& t = MakeTables(16, 46, 1);
  t.MapPage(0x3FFF'FFFF'0000, kPa);
  const Stage2Translation tr = Tr(0x3FFF'FFFF'0040);
  ASSERT_TRUE(tr.ok);
  EXPECT_EQ(tr.pa, kPa + 0x40);
  EXPECT_EQ(mem.reads.front(), t.root() + 0x1FFFF * 8);
  EXPECT_EQ(mmu.counters().descriptor_reads(), 2u);
}

TEST_F(Stage2Test, Granule64KIpa33Sl0Level3ConcatenatesSixteenTables) {
  Tables& t = MakeTables(16, 33, 0);
  t.MapPage(0x1'FFFF'0000, kPa);
  const Stage2Translation tr = Tr(0x1'FFFF'0040);
  ASSERT_TRUE(tr.ok);
  EXPECT_EQ(tr.pa, kPa + 0x40);
  EXPECT_EQ(mem.reads.front(), t.root() + 0x1FFFF * 8);
  EXPECT_EQ(mmu.counters().descriptor_reads(), 1u);
}

// Every T0SZ from 16 to 39, every granule and every SL0: when the start level SL0 selects
// can resolve the IPA size (S2InconsistentSL: the start table indexes 1 to stride + 4 bits)
// the walk starts there and resolves the highest page of the range; otherwise it is a
// level 0 Translation fault without a descriptor read.
TEST_F(Stage2Test, StartLevelForEveryIpaSizeGranuleAndSl0) {
  for (unsigned g : {12u, 14u, 16u}) {
    const unsigned stride = g - 3;
    for (unsigned ipa_bits = 25; ipa_bits <= 48; ++ipa_bits) {
      for (unsigned sl0 = 0; sl0 <= 2; ++sl0) {
        const int level = Stage2StartLevel(g, sl0);
        const unsigned shift = g + static_cast<unsigned>(3 - level) * stride;
        const bool consistent = ipa_bits >= shift + 1 && ipa_bits <= shift + stride + 4;
        FakeMemory m;
        Stage2Mmu mm(m);
        Stage2Controls cc;
        cc.enabled = true;
        cc.vtcr = Vtcr(g, ipa_bits, sl0);
        const uint64_t ipa = (uint64_t{1} << ipa_bits) - (uint64_t{1} << g);
        if (consistent) {
          Tables t(m, g, ipa_bits, level, kPool);
          t.MapPage(ipa, kPa, kS2Normal);
          cc.vttbr = t.root();
        } else {
          cc.vttbr = kPool;
        }
        const Stage2Translation tr = mm.Translate(cc, 1, ipa + 0x18, R, false);
        const std::string where =
            "granule " + std::to_string(g) + " ipa_bits " + std::to_string(ipa_bits) + " sl0 " + std::to_string(sl0);
        if (consistent) {
          ASSERT_TRUE(tr.ok) << where;
          EXPECT_EQ(tr.pa, kPa + 0x18) << where;
          EXPECT_EQ(mm.counters().descriptor_reads(), static_cast<uint64_t>(4 - level)) << where;
        } else {
          EXPECT_FALSE(tr.ok) << where;
          EXPECT_EQ(tr.fault.kind, FaultKind::Translation) << where;
          EXPECT_EQ(tr.fault.level, 0) << where;
          EXPECT_TRUE(tr.fault.stage2) << where;
          EXPECT_TRUE(m.reads.empty()) << where;
        }
      }
    }
  }
}

TEST_F(Stage2Test, Sl0Value3IsReservedForEveryGranule) {
  // 4K: level 3 needs FEAT_TTST; 16K: level 0 needs FEAT_LPA2; 64K: always reserved. The
  // IPA sizes chosen would be consistent with those start levels.
  const struct {
    unsigned g, ipa_bits;
  } cases[] = {{12, 25}, {14, 48}, {16, 33}};
  for (const auto& k : cases) {
    mem.reads.clear();
    c.vtcr = Vtcr(k.g, k.ipa_bits, 3);
    c.vttbr = kPool;
    ExpectFault(Tr(0x10000), FaultKind::Translation, 0);
    EXPECT_TRUE(mem.reads.empty()) << "granule " << k.g;
  }
}

TEST_F(Stage2Test, T0szBelow16IsALevel0TranslationFault) {
  // T0SZ = 15 (a 49-bit IPA) would fit a 4K level 0 start with 10 index bits.
  MakeTables(12, 48, 2).MapPage(0x1000, kPa);
  c.vtcr = (c.vtcr & ~uint64_t{0x3F}) | 15;
  ExpectFault(Tr(0x1000), FaultKind::Translation, 0);
}

TEST_F(Stage2Test, T0szAbove39IsALevel0TranslationFault) {
  // T0SZ = 40 (a 24-bit IPA) would fit a 4K level 2 start with 3 index bits.
  MakeTables(12, 25, 0).MapPage(0x1000, kPa);
  c.vtcr = (c.vtcr & ~uint64_t{0x3F}) | 40;
  ExpectFault(Tr(0x1000), FaultKind::Translation, 0);
}

TEST_F(Stage2Test, IpaAboveTheInputSizeIsALevel0TranslationFault) {
  MakeTables(12, 40, 1).MapPage(0x1000, kPa);
  const uint64_t ipa = (uint64_t{1} << 40) | 0x1234;  // the low bits would index a mapping
  const Stage2Translation t = Tr(ipa);
  ExpectFault(t, FaultKind::Translation, 0);
  EXPECT_EQ(t.fault.ipa, ipa);
  ExpectFault(Tr((uint64_t{1} << 52) | 0x1000), FaultKind::Translation, 0);
}

// ---------------------------------------------------------------------------------------
// VTTBR_EL2 and output address size.

TEST_F(Stage2Test, VttbrVmidCnpAndBitsBelowTheTableAlignmentAreIgnored) {
  Tables& t = MakeTables(12, 40, 1);  // 8 KiB of concatenated tables: BADDR[12:1] are RES0
  t.MapPage(0xFF'FFFF'F000, kPa);
  c.vttbr = t.root() | uint64_t{0x1234} << 48 | 0x1FFE | 1;
  const Stage2Translation tr = Tr(0xFF'FFFF'F000);
  ASSERT_TRUE(tr.ok);
  EXPECT_EQ(tr.pa, kPa);
}

TEST_F(Stage2Test, VttbrBaseAbovePsIsALevel0AddressSizeFault) {
  MakeTables(12, 40, 1, 2).MapPage(0x1000, kPa);  // PS = 40 bits
  c.vttbr |= uint64_t{1} << 44;
  ExpectFault(Tr(0x1000), FaultKind::AddressSize, 0);
}

TEST_F(Stage2Test, OutputSizeForEachPsValue) {
  const struct {
    unsigned ps, size, ipa_bits, sl0;
  } cases[] = {{0, 32, 32, 1}, {1, 36, 36, 1}, {2, 40, 40, 1}, {3, 42, 42, 1}, {4, 44, 44, 2}, {5, 48, 48, 2}};
  for (const auto& k : cases) {
    mmu.InvalidateAll();
    Tables& t = MakeTables(12, k.ipa_bits, k.sl0, k.ps);
    const uint64_t top = uint64_t{1} << k.size;
    t.MapPage(0x1000, top - 0x1000);
    t.MapPage(0x2000, top & 0x0000'FFFF'FFFF'F000);  // 0 for 48 bits
    const Stage2Translation ok = Tr(0x1000);
    ASSERT_TRUE(ok.ok) << "PS " << k.ps;
    EXPECT_EQ(ok.pa, top - 0x1000) << "PS " << k.ps;
    if (k.size < 48) {
      const Stage2Translation t2 = Tr(0x2000);
      EXPECT_FALSE(t2.ok) << "PS " << k.ps;
      EXPECT_EQ(t2.fault.kind, FaultKind::AddressSize) << "PS " << k.ps;
      EXPECT_EQ(t2.fault.level, 3) << "PS " << k.ps;
    }
  }
}

TEST_F(Stage2Test, PsValuesAbovePaMaxBehaveAsPaMax) {
  for (unsigned ps : {6u, 7u}) {
    mmu.InvalidateAll();
    MakeTables(12, 48, 2, ps).MapPage(0x1000, uint64_t{1} << 47);
    const Stage2Translation t = Tr(0x1000);
    ASSERT_TRUE(t.ok) << "PS " << ps;
    EXPECT_EQ(t.pa, uint64_t{1} << 47);
  }
}

TEST_F(Stage2Test, TableAddressAbovePsIsAnAddressSizeFaultAtThatLevel) {
  Tables& t = MakeTables(12, 40, 1, 2);  // PS = 40 bits
  t.MapPage(0x1000, kPa);
  t.Desc(0x1000, 2) |= uint64_t{1} << 42;
  ExpectFault(Tr(0x1000), FaultKind::AddressSize, 2);
}

TEST_F(Stage2Test, BlockOutputAbovePsIsAnAddressSizeFaultAtItsLevel) {
  MakeTables(12, 40, 1, 2).Map(0x20'0000, uint64_t{1} << 41, 2, kS2Normal);
  ExpectFault(Tr(0x20'0000), FaultKind::AddressSize, 2);
}

// ---------------------------------------------------------------------------------------
// Blocks and pages.

TEST_F(Stage2Test, Block4KLevel1Maps1GiB) {
  MakeTables(12, 40, 1).Map(0xC000'0000, 0x4000'0000, 1, kS2Normal);
  const Stage2Translation t = Tr(0xC765'4321);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.pa, 0x4765'4321u);
  EXPECT_EQ(t.entry.size_log2, 30);
  EXPECT_EQ(t.entry.perms.level, 1);
  EXPECT_EQ(t.entry.ipa_base, 0xC000'0000u);
  EXPECT_EQ(t.entry.pa_base, 0x4000'0000u);
}

TEST_F(Stage2Test, Block4KLevel2Maps2MiB) {
  MakeTables(12, 40, 1).Map(0x20'0000, 0x4420'0000, 2, kS2Normal);
  const Stage2Translation t = Tr(0x3F'FFFF);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.pa, 0x443F'FFFFu);
  EXPECT_EQ(t.entry.size_log2, 21);
  EXPECT_EQ(t.entry.perms.level, 2);
}

TEST_F(Stage2Test, Block16KLevel2Maps32MiB) {
  MakeTables(14, 40, 1).Map(0x200'0000, 0x4600'0000, 2, kS2Normal);
  const Stage2Translation t = Tr(0x3FF'FFF0);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.pa, 0x47FF'FFF0u);
  EXPECT_EQ(t.entry.size_log2, 25);
}

TEST_F(Stage2Test, Block64KLevel2Maps512MiB) {
  MakeTables(16, 42, 1).Map(0x2000'0000, 0x4000'0000, 2, kS2Normal);
  const Stage2Translation t = Tr(0x3FFF'FFF0);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.pa, 0x5FFF'FFF0u);
  EXPECT_EQ(t.entry.size_log2, 29);
}

TEST_F(Stage2Test, BlockAtLevel0With4KIsATranslationFault) {
  MakeTables(12, 48, 2).Map(0, 0, 0, kS2Normal);
  ExpectFault(Tr(0x1000), FaultKind::Translation, 0);
}

TEST_F(Stage2Test, BlockAtLevel1With16KIsATranslationFault) {
  MakeTables(14, 48, 2).Map(0, 0, 1, kS2Normal);
  ExpectFault(Tr(0x1000), FaultKind::Translation, 1);
}

TEST_F(Stage2Test, BlockAtLevel1With64KIsATranslationFault) {
  MakeTables(16, 48, 2).Map(0, 0, 1, kS2Normal);
  ExpectFault(Tr(0x1000), FaultKind::Translation, 1);
}

TEST_F(Stage2Test, Level3DescriptorWithBit1ClearIsATranslationFault) {
  MakeTables(12, 40, 1).Desc(0x5000, 3) = kPa | kS2Normal | 1;
  ExpectFault(Tr(0x5000), FaultKind::Translation, 3);
}

// ---------------------------------------------------------------------------------------
// Translation faults, access flag and external aborts.

TEST_F(Stage2Test, InvalidDescriptorFaultsAtItsLevel) {
  Tables& t = MakeTables(12, 48, 2);
  const uint64_t ipa = 0x0000'1234'5678'9000;
  t.MapPage(ipa, kPa);
  for (int level = 3; level >= 0; --level) {
    t.Desc(ipa, level) &= ~uint64_t{1};
    mmu.InvalidateAll();
    ExpectFault(Tr(ipa), FaultKind::Translation, level);
  }
}

TEST_F(Stage2Test, WalkFaultsAreStage2FaultsCarryingTheIpa) {
  MakeTables(12, 40, 1);
  const Stage2Translation t = Tr(0x12'3456'789A);
  ExpectFault(t, FaultKind::Translation, 1);
  EXPECT_EQ(t.fault.ipa, 0x12'3456'789Au);
  EXPECT_FALSE(t.fault.s1ptw);
}

TEST_F(Stage2Test, FaultsOnWritesReportWnR) {
  MakeTables(12, 40, 1);
  EXPECT_TRUE(Tr(0x1000, W).fault.write);
  EXPECT_FALSE(Tr(0x1000, R).fault.write);
}

TEST_F(Stage2Test, AccessFlagClearInAPageIsAnAccessFlagFaultAtLevel3) {
  MakeTables(12, 40, 1).MapPage(0x1000, kPa, kS2Normal & ~kAf);
  const Stage2Translation t = Tr(0x1000);
  ExpectFault(t, FaultKind::AccessFlag, 3);
  EXPECT_EQ(t.fault.ipa, 0x1000u);
}

TEST_F(Stage2Test, AccessFlagClearInABlockIsAnAccessFlagFaultAtItsLevel) {
  MakeTables(12, 40, 1).Map(0x4000'0000, 0x4000'0000, 1, kS2Normal & ~kAf);
  ExpectFault(Tr(0x4000'0000), FaultKind::AccessFlag, 1);
}

TEST_F(Stage2Test, AccessFlagFaultsAreNotCached) {
  Tables& t = MakeTables(12, 40, 1);
  t.MapPage(0x1000, kPa, kS2Normal & ~kAf);
  EXPECT_FALSE(Tr(0x1000).ok);
  t.Desc(0x1000, 3) |= kAf;
  EXPECT_TRUE(Tr(0x1000).ok);
}

TEST_F(Stage2Test, UnbackedStartTableIsAnExternalAbortOnTheWalk) {
  MakeTables(12, 40, 1);
  c.vttbr = 0x1000'0000;  // no memory there
  const Stage2Translation t = Tr(0x1000);
  ExpectFault(t, FaultKind::ExternalAbort, 1);
  EXPECT_TRUE(t.fault.external_on_walk);
}

TEST_F(Stage2Test, UnbackedNextLevelTableIsAnExternalAbortAtThatLevel) {
  Tables& t = MakeTables(12, 48, 2);
  t.MapPage(0x1000, kPa);
  t.Desc(0x1000, 1) = 0x2000'0000 | 3;  // level 2 table outside RAM
  const Stage2Translation tr = Tr(0x1000);
  ExpectFault(tr, FaultKind::ExternalAbort, 2);
  EXPECT_TRUE(tr.fault.external_on_walk);
}

// ---------------------------------------------------------------------------------------
// Permissions: S2AP and XN[1:0].

TEST_F(Stage2Test, S2apGovernsReadsAndWrites) {
  Tables& t = MakeTables(12, 40, 1);
  // S2AP[0]: read, S2AP[1]: write; the same for EL0 and EL1 accesses.
  for (unsigned s2ap = 0; s2ap < 4; ++s2ap) {
    t.MapPage(0x1000, kPa, S2MemAttr(kS2Wb) | S2Ap(s2ap) | kAf);
    for (bool el0 : {false, true}) {
      EXPECT_EQ(Allowed(0x1000, R, el0), (s2ap & 1) != 0) << "S2AP " << s2ap << " el0 " << el0;
      EXPECT_EQ(Allowed(0x1000, W, el0), (s2ap & 2) != 0) << "S2AP " << s2ap << " el0 " << el0;
    }
  }
}

TEST_F(Stage2Test, S2apDoesNotGovernInstructionFetches) {
  Tables& t = MakeTables(12, 40, 1);
  t.MapPage(0x1000, kPa, S2MemAttr(kS2Wb) | S2Ap(0) | kAf);  // no data access, XN = 0b00
  EXPECT_TRUE(Allowed(0x1000, X, false));
  EXPECT_TRUE(Allowed(0x1000, X, true));
}

TEST_F(Stage2Test, XnControlsFetchesByTheStage1AccessPrivilege) {
  Tables& t = MakeTables(12, 40, 1);
  // FEAT_XNX XN[1:0]: 00 EL0 and EL1, 01 EL0 only, 10 neither, 11 EL1 only.
  const bool el1_exec[4] = {true, false, false, true};
  const bool el0_exec[4] = {true, true, false, false};
  for (unsigned xn = 0; xn < 4; ++xn) {
    t.MapPage(0x1000, kPa, kS2Normal | S2Xn(xn));
    EXPECT_EQ(Allowed(0x1000, X, false), el1_exec[xn]) << "XN " << xn;
    EXPECT_EQ(Allowed(0x1000, X, true), el0_exec[xn]) << "XN " << xn;
  }
}

TEST_F(Stage2Test, XnDoesNotAffectDataAccesses) {
  MakeTables(12, 40, 1).MapPage(0x1000, kPa, kS2Normal | S2Xn(2));
  EXPECT_TRUE(Allowed(0x1000, R, false));
  EXPECT_TRUE(Allowed(0x1000, W, true));
}

TEST_F(Stage2Test, PermissionFaultReportsTheLeafLevelWnRAndIpa) {
  MakeTables(12, 40, 1).Map(0x20'0000, 0x4420'0000, 2, S2MemAttr(kS2Wb) | S2Ap(1) | kAf);
  const Stage2Translation t = Tr(0x21'2345, W);
  ExpectFault(t, FaultKind::Permission, 2);
  EXPECT_TRUE(t.fault.write);
  EXPECT_EQ(t.fault.ipa, 0x21'2345u);
}

TEST_F(Stage2Test, CheckStage2PermissionReportsAStage2PermissionFault) {
  Stage2Permissions p;
  p.level = 2;
  p.s2ap = 1;  // read-only
  p.xn = 0;
  Fault f;
  EXPECT_TRUE(CheckStage2Permission(p, R, false, &f));
  EXPECT_FALSE(CheckStage2Permission(p, W, false, &f));
  EXPECT_EQ(f.kind, FaultKind::Permission);
  EXPECT_EQ(f.level, 2);
  EXPECT_TRUE(f.stage2);
  EXPECT_TRUE(f.write);
}

TEST_F(Stage2Test, PermissionsAreCheckedOnTlbHits) {
  MakeTables(12, 40, 1).MapPage(0x1000, kPa, S2MemAttr(kS2Wb) | S2Ap(1) | kAf);
  ASSERT_TRUE(Tr(0x1000, R).ok);
  const Stage2Translation t = Tr(0x1000, W);
  EXPECT_EQ(mmu.counters().tlb_hits(), 1u);
  ExpectFault(t, FaultKind::Permission, 3);
}

TEST_F(Stage2Test, XnIsCheckedOnTlbHitsWithTheAccessPrivilege) {
  MakeTables(12, 40, 1).MapPage(0x1000, kPa, kS2Normal | S2Xn(3));  // EL1 execute only
  ASSERT_TRUE(Tr(0x1000, X, false).ok);
  const Stage2Translation t = Tr(0x1000, X, true);
  EXPECT_EQ(mmu.counters().tlb_hits(), 1u);
  ExpectFault(t, FaultKind::Permission, 3);
}

TEST_F(Stage2Test, WalkDoesNotCheckPermissions) {
  MakeTables(12, 40, 1).MapPage(0x1000, kPa, S2MemAttr(kS2Wb) | S2Ap(0) | kAf);
  const Stage2Translation t = mmu.Walk(c, 0x1000, W);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.pa, kPa);
  EXPECT_EQ(mmu.counters().tlb_hits() + mmu.counters().tlb_misses(), 0u);
}

// ---------------------------------------------------------------------------------------
// Attributes of the mapping.

TEST_F(Stage2Test, EntryRecordsMemAttrShS2apAndXn) {
  MakeTables(12, 40, 1).MapPage(0x1000, kPa, S2MemAttr(0xA) | S2Ap(1) | kShOuter | kAf | S2Xn(2));
  const Stage2Translation t = Tr(0x1000);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.entry.memattr, 0xA);
  EXPECT_EQ(t.entry.sh, 2);
  EXPECT_EQ(t.entry.perms.s2ap, 1);
  EXPECT_EQ(t.entry.perms.xn, 2);
  EXPECT_EQ(t.entry.perms.level, 3);
  EXPECT_EQ(t.entry.ipa_base, 0x1000u);
  EXPECT_EQ(t.entry.pa_base, kPa);
  EXPECT_FALSE(t.entry.perms.notagaccess);
}

TEST_F(Stage2Test, MairAttributeOfDeviceMemAttr) {
  // MemAttr[3:2] = 0b00: Device, MemAttr[1:0] the type.
  const uint8_t expected[4] = {0x00, 0x04, 0x08, 0x0C};  // nGnRnE, nGnRE, nGRE, GRE
  for (unsigned m = 0; m < 4; ++m) {
    Stage2Entry e;
    e.memattr = static_cast<uint8_t>(m);
    EXPECT_EQ(Stage2MairAttribute(e, false), expected[m]) << "MemAttr " << m;
  }
}

TEST_F(Stage2Test, MairAttributeOfNormalMemAttr) {
  // MemAttr[3:2] outer, MemAttr[1:0] inner: 0b01 Non-cacheable, 0b10 Write-Through,
  // 0b11 Write-Back; cacheable stage-2 memory is Read/Write-Allocate, non-transient.
  const uint8_t nibble[4] = {0, 0x4, 0xB, 0xF};
  for (unsigned outer = 1; outer < 4; ++outer) {
    for (unsigned inner = 1; inner < 4; ++inner) {
      Stage2Entry e;
      e.memattr = static_cast<uint8_t>(outer << 2 | inner);
      EXPECT_EQ(Stage2MairAttribute(e, false), nibble[outer] << 4 | nibble[inner]) << "MemAttr " << int{e.memattr};
    }
  }
}

TEST_F(Stage2Test, MairAttributeWithCdMakesNormalMemoryNonCacheableAndLeavesDevice) {
  for (unsigned m : {0x5u, 0x7u, 0xAu, 0xDu, 0xFu}) {
    Stage2Entry e;
    e.memattr = static_cast<uint8_t>(m);
    EXPECT_EQ(Stage2MairAttribute(e, true), 0x44) << "MemAttr " << m;
  }
  for (unsigned m = 0; m < 4; ++m) {
    Stage2Entry e;
    e.memattr = static_cast<uint8_t>(m);
    EXPECT_EQ(Stage2MairAttribute(e, true), m << 2) << "MemAttr " << m;
  }
}

TEST_F(Stage2Test, MairAttributeOfNoTagAccessIsNormalWriteBack) {
  Stage2Entry e;
  e.memattr = 0x4;
  e.perms.notagaccess = true;
  EXPECT_EQ(Stage2MairAttribute(e, false), 0xFF);
}

TEST_F(Stage2Test, MemAttr0100IsNoTagAccessWithMtePerm) {
  c.mte_perm = true;
  MakeTables(12, 40, 1).MapPage(0x1000, kPa, S2MemAttr(0x4) | S2Ap(3) | kShInner | kAf);
  const Stage2Translation t = Tr(0x1000);
  ASSERT_TRUE(t.ok);
  EXPECT_TRUE(t.entry.perms.notagaccess);
}

TEST_F(Stage2Test, MemAttr0100IsNotNoTagAccessWithoutMtePerm) {
  MakeTables(12, 40, 1).MapPage(0x1000, kPa, S2MemAttr(0x4) | S2Ap(3) | kShInner | kAf);
  const Stage2Translation t = Tr(0x1000);
  ASSERT_TRUE(t.ok);
  EXPECT_FALSE(t.entry.perms.notagaccess);
}

TEST_F(Stage2Test, NoTagAccessWithFwbIsMemAttr111x) {
  c.mte_perm = true;
  c.fwb = true;
  Tables& t = MakeTables(12, 40, 1);
  for (unsigned m : {0x6u, 0x7u, 0xEu, 0xFu}) {
    t.MapPage(0x1000, kPa, S2MemAttr(m) | S2Ap(3) | kShInner | kAf);
    mmu.InvalidateAll();
    const Stage2Translation tr = Tr(0x1000);
    ASSERT_TRUE(tr.ok);
    EXPECT_EQ(tr.entry.perms.notagaccess, m >= 0xE) << "MemAttr " << m;
  }
}

TEST_F(Stage2Test, NoTagAccessWithoutFwbIsOnlyMemAttr0100) {
  c.mte_perm = true;
  Tables& t = MakeTables(12, 40, 1);
  for (unsigned m : {0xEu, 0xFu, 0x5u}) {  // Normal WB/WT, Normal WB, Normal NC
    t.MapPage(0x1000, kPa, S2MemAttr(m) | S2Ap(3) | kShInner | kAf);
    mmu.InvalidateAll();
    const Stage2Translation tr = Tr(0x1000);
    ASSERT_TRUE(tr.ok);
    EXPECT_FALSE(tr.entry.perms.notagaccess) << "MemAttr " << m;
  }
}

TEST_F(Stage2Test, NoTagAccessWithoutMtePermWithFwbIsNotReported) {
  c.fwb = true;
  MakeTables(12, 40, 1).MapPage(0x1000, kPa, S2MemAttr(0x6) | S2Ap(3) | kShInner | kAf);
  const Stage2Translation tr = Tr(0x1000);
  ASSERT_TRUE(tr.ok);
  EXPECT_FALSE(tr.entry.perms.notagaccess);
}

// ---------------------------------------------------------------------------------------
// CombineS1S2Desc without FWB.

TEST_F(Stage2Test, DeviceAndDeviceCombineToTheMoreRestrictiveType) {
  // nGnRnE (0x00) < nGnRE (0x04) < nGRE (0x08) < GRE (0x0C).
  for (unsigned s1 = 0; s1 < 4; ++s1) {
    for (unsigned s2m = 0; s2m < 4; ++s2m) {
      EXPECT_EQ(Combine(static_cast<uint8_t>(s1 << 2), s2m), std::min(s1, s2m) << 2) << s1 << " " << s2m;
    }
  }
}

TEST_F(Stage2Test, Stage2DeviceOverridesStage1NormalWithItsOwnType) {
  for (uint8_t s1 : {uint8_t{0xFF}, uint8_t{0xF0}, uint8_t{0xAA}, uint8_t{0x44}, uint8_t{0x88}}) {
    for (unsigned s2m = 0; s2m < 4; ++s2m) {
      EXPECT_EQ(Combine(s1, s2m), s2m << 2) << "S1 " << int{s1} << " MemAttr " << s2m;
    }
  }
}

TEST_F(Stage2Test, Stage1DeviceOverridesStage2Normal) {
  for (uint8_t s1 : {uint8_t{0x00}, uint8_t{0x04}, uint8_t{0x08}, uint8_t{0x0C}}) {
    for (unsigned s2m : {kS2Wb, kS2Wt, kS2Nc}) {
      EXPECT_EQ(Combine(s1, s2m), s1) << "S1 " << int{s1} << " MemAttr " << s2m;
    }
  }
}

TEST_F(Stage2Test, NonCacheableBeatsWriteThroughBeatsWriteBack) {
  EXPECT_EQ(Combine(0xFF, kS2Wb), 0xFF);
  EXPECT_EQ(Combine(0xFF, kS2Wt), 0xBB);  // WT with stage 1's RW-allocate hints
  EXPECT_EQ(Combine(0xFF, kS2Nc), 0x44);
  EXPECT_EQ(Combine(0xBB, kS2Wb), 0xBB);
  EXPECT_EQ(Combine(0xBB, kS2Nc), 0x44);
  EXPECT_EQ(Combine(0x44, kS2Wb), 0x44);
  EXPECT_EQ(Combine(0x44, kS2Wt), 0x44);
}

TEST_F(Stage2Test, InnerAndOuterCacheabilityCombineSeparately) {
  EXPECT_EQ(Combine(0xFF, 0xD), 0xF4);  // stage 2 outer WB, inner NC
  EXPECT_EQ(Combine(0xFF, 0x7), 0x4F);  // stage 2 outer NC, inner WB
  EXPECT_EQ(Combine(0x4F, 0xD), 0x44);
  EXPECT_EQ(Combine(0xFB, 0xB), 0xBB);  // WB/WT and WT/WB give WT/WT
}

TEST_F(Stage2Test, CombinedCacheableMemoryKeepsStage1AllocationHints) {
  EXPECT_EQ(Combine(0xEE, kS2Wb), 0xEE);  // WB, Read-Allocate only
  EXPECT_EQ(Combine(0xEE, kS2Wt), 0xAA);  // becomes WT, still Read-Allocate only
  EXPECT_EQ(Combine(0x99, kS2Wb), 0x99);  // WT, Write-Allocate only
}

TEST_F(Stage2Test, CdMakesCombinedNormalMemoryNonCacheable) {
  c.cd = true;
  EXPECT_EQ(Combine(0xFF, kS2Wb), 0x44);
  EXPECT_EQ(Combine(0x04, kS2Wb), 0x04);
  EXPECT_EQ(Combine(0xFF, 0x1), 0x04);
}

TEST_F(Stage2Test, TaggedStage1StaysTaggedOnlyWhenTheResultIsWriteBack) {
  EXPECT_EQ(Combine(0xF0, kS2Wb), 0xF0);
  EXPECT_EQ(Combine(0xF0, kS2Wt), 0xBB);
  EXPECT_EQ(Combine(0xF0, kS2Nc), 0x44);
  EXPECT_EQ(Combine(0xF0, 0xD), 0xF4);
  EXPECT_EQ(Combine(0xF0, 0x1), 0x04);
}

TEST_F(Stage2Test, NoTagAccessMemAttrCombinesAsWriteBack) {
  c.mte_perm = true;
  EXPECT_EQ(Combine(0xFF, 0x4), 0xFF);
  EXPECT_EQ(Combine(0xAA, 0x4), 0xAA);
  EXPECT_EQ(Combine(0x44, 0x4), 0x44);
  EXPECT_EQ(Combine(0x04, 0x4), 0x04);
}

// ---------------------------------------------------------------------------------------
// FEAT_S2FWB (HCR_EL2.FWB): MemAttr[2:0] overrides or keeps stage 1.

TEST_F(Stage2Test, FwbDeviceMemAttrForcesDevice) {
  c.fwb = true;
  for (unsigned m = 0; m < 4; ++m) {
    EXPECT_EQ(Combine(0xFF, m), m << 2) << "MemAttr " << m;
    EXPECT_EQ(Combine(0x44, m), m << 2) << "MemAttr " << m;
  }
}

TEST_F(Stage2Test, FwbDeviceMemAttrCombinesWithStage1DeviceToTheMoreRestrictive) {
  c.fwb = true;
  EXPECT_EQ(Combine(0x00, 0x3), 0x00);  // nGnRnE and GRE
  EXPECT_EQ(Combine(0x0C, 0x1), 0x04);  // GRE and nGnRE
  EXPECT_EQ(Combine(0x08, 0x2), 0x08);
}

TEST_F(Stage2Test, Fwb101IsNonCacheableUnlessStage1IsDevice) {
  c.fwb = true;
  EXPECT_EQ(Combine(0xFF, 0x5), 0x44);
  EXPECT_EQ(Combine(0xAA, 0x5), 0x44);
  EXPECT_EQ(Combine(0xF0, 0x5), 0x44);
  EXPECT_EQ(Combine(0x04, 0x5), 0x04);
  EXPECT_EQ(Combine(0x00, 0x5), 0x00);
}

TEST_F(Stage2Test, Fwb110ForcesWriteBack) {
  c.fwb = true;
  EXPECT_EQ(Combine(0x00, 0x6), 0xFF);  // stage 1 Device: Normal WB, RW-allocate
  EXPECT_EQ(Combine(0x44, 0x6), 0xFF);  // stage 1 Non-cacheable: the same
  EXPECT_EQ(Combine(0xFF, 0x6), 0xFF);
  EXPECT_EQ(Combine(0xF0, 0x6), 0xF0);  // still Tagged
}

TEST_F(Stage2Test, Fwb110KeepsStage1AllocationHintsOfCacheableMemory) {
  c.fwb = true;
  EXPECT_EQ(Combine(0xAA, 0x6), 0xEE);  // WT Read-Allocate becomes WB Read-Allocate
}

TEST_F(Stage2Test, Fwb111UsesStage1Attributes) {
  c.fwb = true;
  for (uint8_t s1 : {uint8_t{0x00}, uint8_t{0x04}, uint8_t{0x44}, uint8_t{0xAA}, uint8_t{0xF0}, uint8_t{0xFF}}) {
    EXPECT_EQ(Combine(s1, 0x7), s1) << "S1 " << int{s1};
  }
}

TEST_F(Stage2Test, FwbNoTagAccessEncodingsForceWriteBackOrUseStage1) {
  c.fwb = true;
  c.mte_perm = true;
  EXPECT_EQ(Combine(0x44, 0xE), 0xFF);  // as 0b110
  EXPECT_EQ(Combine(0x00, 0xE), 0xFF);
  EXPECT_EQ(Combine(0x44, 0xF), 0x44);  // as 0b111
  EXPECT_EQ(Combine(0x04, 0xF), 0x04);
}

// ---------------------------------------------------------------------------------------
// Shareability.

TEST_F(Stage2Test, ShareabilityOfNormalCacheableMemoryIsTheWiderOfBoth) {
  // SH: 0b00 Non-shareable, 0b10 Outer, 0b11 Inner.
  EXPECT_EQ(CombineShareability(0, 0, 0xFF), 0);
  EXPECT_EQ(CombineShareability(0, 3, 0xFF), 3);
  EXPECT_EQ(CombineShareability(3, 0, 0xFF), 3);
  EXPECT_EQ(CombineShareability(3, 3, 0xFF), 3);
  EXPECT_EQ(CombineShareability(3, 2, 0xFF), 2);
  EXPECT_EQ(CombineShareability(2, 0, 0xF0), 2);
  EXPECT_EQ(CombineShareability(0, 2, 0xBB), 2);
}

TEST_F(Stage2Test, DeviceAndNonCacheableMemoryAreOuterShareable) {
  EXPECT_EQ(CombineShareability(0, 0, 0x00), 2);
  EXPECT_EQ(CombineShareability(3, 3, 0x04), 2);
  EXPECT_EQ(CombineShareability(0, 0, 0x44), 2);
  EXPECT_EQ(CombineShareability(3, 0, 0x44), 2);
}

// ---------------------------------------------------------------------------------------
// The stage-2 TLB.

TEST_F(Stage2Test, TlbHitAvoidsTheWalk) {
  MakeTables(12, 40, 1).MapPage(0x1000, kPa);
  ASSERT_TRUE(Tr(0x1000).ok);
  const uint64_t reads = mmu.counters().descriptor_reads();
  const Stage2Translation t = Tr(0x1FF8);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.pa, kPa + 0xFF8);
  EXPECT_EQ(mmu.counters().descriptor_reads(), reads);
  EXPECT_EQ(mmu.counters().tlb_hits(), 1u);
  EXPECT_EQ(mmu.counters().tlb_misses(), 1u);
}

TEST_F(Stage2Test, TlbKeepsTheOldTranslationUntilInvalidated) {
  Tables& t = MakeTables(12, 40, 1);
  t.MapPage(0x1000, kPa);
  ASSERT_TRUE(Tr(0x1000).ok);
  t.MapPage(0x1000, kPa + 0x10000);
  EXPECT_EQ(Tr(0x1000).pa, kPa);
  mmu.InvalidateAll();
  EXPECT_EQ(Tr(0x1000).pa, kPa + 0x10000);
}

TEST_F(Stage2Test, TlbHitInsideABlockAddsTheOffset) {
  Tables& t = MakeTables(12, 40, 1);
  t.Map(0x20'0000, 0x4420'0000, 2, kS2Normal);
  ASSERT_TRUE(Tr(0x23'4000).ok);
  t.Map(0x20'0000, 0x4460'0000, 2, kS2Normal);
  EXPECT_EQ(Tr(0x23'4008).pa, 0x4423'4008u);
  EXPECT_EQ(mmu.counters().tlb_hits(), 1u);
}

TEST_F(Stage2Test, TlbEntryRecordsItsVmid) {
  MakeTables(12, 40, 1).MapPage(0x1000, kPa);
  const Stage2Translation t = Tr(0x1000, R, false, 7);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.entry.vmid, 7);
}

// Two VMs: VMID 1 through `c` (kPool tables) maps IPA 0x1000 and the 2 MiB block at
// 0x20'0000, both cached (in different TLB slots) and then moved so that a fresh walk is
// visible in the PA; VMID 2 through `c2` (kPool2 tables) maps IPA 0x1000 elsewhere.
class Stage2TlbVmidTest : public Stage2Test {
 protected:
  void SetUp() override {
    Tables& t1 = MakeTables(12, 40, 1);
    vm2 = std::make_unique<Tables>(mem, 12, 40, 1, kPool2);
    vm2->default_attrs = kS2Normal;
    c2 = c;
    c2.vttbr = vm2->root();
    t1.MapPage(0x1000, kPa);
    t1.Map(0x20'0000, 0x4420'0000, 2, kS2Normal);
    vm2->MapPage(0x1000, kPa + 0x2'0000);
    ASSERT_EQ(Tr(0x1000, R, false, 1).pa, kPa);
    ASSERT_EQ(Tr(0x20'2000, R, false, 1).pa, 0x4420'2000u);
    t1.MapPage(0x1000, kPa + 0x1'0000);
    t1.Map(0x20'0000, 0x4460'0000, 2, kS2Normal);
  }
  uint64_t Pa2(uint64_t ipa) { return mmu.Translate(c2, 2, ipa, R, false).pa; }
  bool Cached1(uint64_t ipa) {
    const uint64_t pa = Tr(ipa, R, false, 1).pa;
    return pa == kPa + (ipa & 0xFFF) || pa == 0x4420'0000 + (ipa & 0x1F'FFFF);
  }
  Stage2Controls c2;
  std::unique_ptr<Tables> vm2;
};

TEST_F(Stage2TlbVmidTest, EntriesOfOneVmidDoNotHitForAnother) {
  EXPECT_EQ(Pa2(0x1000), kPa + 0x2'0000);
}

TEST_F(Stage2TlbVmidTest, InvalidateVmidDropsThatVmidsEntries) {
  mmu.InvalidateVmid(1);
  EXPECT_FALSE(Cached1(0x1000));
  EXPECT_FALSE(Cached1(0x20'2000));
}

TEST_F(Stage2TlbVmidTest, InvalidateVmidKeepsOtherVmids) {
  mmu.InvalidateVmid(2);
  EXPECT_TRUE(Cached1(0x1000));
  EXPECT_TRUE(Cached1(0x20'2000));
}

TEST_F(Stage2TlbVmidTest, InvalidateByIpaDropsTheEntryHoldingTheIpa) {
  mmu.InvalidateByIpa(1, 0x3F'F000);  // last page of the block
  EXPECT_FALSE(Cached1(0x20'2000));
  EXPECT_TRUE(Cached1(0x1000));
}

TEST_F(Stage2TlbVmidTest, InvalidateByIpaOfAnotherVmidKeepsTheEntry) {
  mmu.InvalidateByIpa(2, 0x1000);
  mmu.InvalidateByIpa(2, 0x20'0000);
  EXPECT_TRUE(Cached1(0x1000));
  EXPECT_TRUE(Cached1(0x20'2000));
}

TEST_F(Stage2TlbVmidTest, InvalidateAllDropsEveryVmid) {
  mmu.InvalidateAll();
  EXPECT_FALSE(Cached1(0x1000));
  EXPECT_FALSE(Cached1(0x20'2000));
}

}  // namespace
