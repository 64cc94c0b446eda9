// Stage-1 translation (models/mmu/stage1.*): walks over hand-built tables in a fake physical
// memory, permissions, the TLB and PAR_EL1. One architectural rule per test.
#include "models/mmu/stage1.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <memory>

namespace {

using mtesim::isa::FaultKind;
using namespace mtesim::mmu;

// ---------------------------------------------------------------------------------------
// Fake physical memory and a table builder.

constexpr uint64_t kRamBase = 0x40000000, kRamEnd = 0x80000000;

class FakeMemory : public DescriptorReader {
 public:
  bool ReadDescriptor(uint64_t pa, uint64_t* descriptor) override {
    if (pa < kRamBase || pa >= kRamEnd || (pa & 7)) return false;
    const auto it = words.find(pa);
    *descriptor = it == words.end() ? 0 : it->second;
    return true;
  }
  std::map<uint64_t, uint64_t> words;  // unset words of RAM read as 0
};

// MAIR_EL1 as the guest runtime programs it: 0 Device-nGnRnE, 1 Normal WB, 2 Tagged Normal,
// 3 Normal Non-cacheable, 4 Device-nGnRE.
constexpr uint64_t kMair = 0x0000000444F0FF00;
constexpr unsigned kIdxDevice = 0, kIdxNormal = 1, kIdxTagged = 2, kIdxNc = 3;

constexpr uint64_t Attr(unsigned idx) { return uint64_t{idx} << 2; }
constexpr uint64_t Ap(unsigned ap) { return uint64_t{ap} << 6; }  // AP[2:1]
constexpr uint64_t kShInner = uint64_t{3} << 8;
constexpr uint64_t kAf = uint64_t{1} << 10;
constexpr uint64_t kNg = uint64_t{1} << 11;
constexpr uint64_t kPxn = uint64_t{1} << 53;
constexpr uint64_t kUxn = uint64_t{1} << 54;
constexpr uint64_t kPxnTable = uint64_t{1} << 59;
constexpr uint64_t kUxnTable = uint64_t{1} << 60;
constexpr uint64_t kApTable0 = uint64_t{1} << 61;  // no EL0 access below
constexpr uint64_t kApTable1 = uint64_t{1} << 62;  // no writes below
constexpr uint64_t kNormal = Attr(kIdxNormal) | kShInner | kAf;  // EL1 RW, executable

constexpr uint64_t kSctlrM = 1, kSctlrI = uint64_t{1} << 12, kSctlrWxn = uint64_t{1} << 19;

// Translation tables for one granule and input size, allocated from a pool in FakeMemory.
class PageTables {
 public:
  PageTables(FakeMemory& mem, unsigned granule_bits, unsigned va_bits, uint64_t pool)
      : mem_(mem), g_(granule_bits), va_bits_(va_bits), next_(pool) {
    start_level_ = 3 - static_cast<int>((va_bits - g_ - 1) / (g_ - 3));
    root_ = Alloc();
  }
  uint64_t root() const { return root_; }
  int start_level() const { return start_level_; }
  unsigned Shift(int level) const { return g_ + static_cast<unsigned>(3 - level) * (g_ - 3); }
  uint64_t LevelSize(int level) const { return uint64_t{1} << Shift(level); }

  // PA of the descriptor for va at level, creating table descriptors above it.
  uint64_t Slot(uint64_t va, int level) {
    uint64_t table = root_;
    for (int l = start_level_; l < level; ++l) {
      uint64_t& d = mem_.words[table + Index(va, l) * 8];
      if (!(d & 1)) d = Alloc() | 3;
      table = d & 0x0000FFFFFFFFF000 & ~((uint64_t{1} << g_) - 1);
    }
    return table + Index(va, level) * 8;
  }
  uint64_t& Desc(uint64_t va, int level) { return mem_.words[Slot(va, level)]; }

  // A block (levels 0-2) or page (level 3) descriptor; attrs excludes the type bits.
  void Map(uint64_t va, uint64_t pa, int level, uint64_t attrs) {
    Desc(va, level) = pa | attrs | (level == 3 ? 3 : 1);
  }
  void MapPage(uint64_t va, uint64_t pa, uint64_t attrs = kNormal) { Map(va, pa, 3, attrs); }

 private:
  uint64_t Index(uint64_t va, int level) const {
    const unsigned shift = Shift(level);
    const unsigned bits = level == start_level_ ? va_bits_ - shift : g_ - 3;
    return (va >> shift) & ((uint64_t{1} << bits) - 1);
  }
  uint64_t Alloc() {
    const uint64_t size = uint64_t{1} << g_;
    const uint64_t t = (next_ + size - 1) & ~(size - 1);
    next_ = t + size;
    return t;
  }

  FakeMemory& mem_;
  unsigned g_, va_bits_;
  int start_level_ = 0;
  uint64_t root_ = 0, next_;
};

// TCR_EL1 fields.
uint64_t Tg0(unsigned g) { return g == 12 ? 0 : g == 16 ? 1 : 2; }
uint64_t Tg1(unsigned g) { return g == 14 ? 1 : g == 12 ? 2 : 3; }
constexpr uint64_t kIps48 = uint64_t{5} << 32;
constexpr uint64_t kEpd0 = uint64_t{1} << 7, kEpd1 = uint64_t{1} << 23;
constexpr uint64_t kA1 = uint64_t{1} << 22, kAs16 = uint64_t{1} << 36;
constexpr uint64_t kTbi0 = uint64_t{1} << 37, kTbi1 = uint64_t{1} << 38;
constexpr uint64_t kTbid0 = uint64_t{1} << 51;

uint64_t Tcr0(unsigned g, unsigned va_bits) {
  return (64 - va_bits) | Tg0(g) << 14 | kIps48 | kEpd1 | uint64_t{16} << 16 | uint64_t{2} << 30;
}
uint64_t Tcr1(unsigned g, unsigned va_bits) {
  return uint64_t{64 - va_bits} << 16 | Tg1(g) << 30 | kIps48 | kEpd0 | 16;
}

constexpr uint64_t kPool0 = 0x40000000, kPool1 = 0x48000000;
constexpr uint64_t kPa = 0x50000000;  // a typical output page

class Stage1Test : public ::testing::Test {
 protected:
  Stage1Test() {
    tc.sctlr = kSctlrM;
    tc.mair = kMair;
  }
  // Tables for TTBR0 with the given granule and input size; TTBR1 walks disabled.
  PageTables& Lower(unsigned g = 12, unsigned va_bits = 48) {
    lower = std::make_unique<PageTables>(mem, g, va_bits, kPool0);
    tc.tcr = Tcr0(g, va_bits);
    tc.ttbr0 = lower->root();
    return *lower;
  }
  PageTables& Upper(unsigned g = 12, unsigned va_bits = 48) {
    upper = std::make_unique<PageTables>(mem, g, va_bits, kPool1);
    tc.tcr = Tcr1(g, va_bits);
    tc.ttbr1 = upper->root();
    return *upper;
  }
  Translation Tr(uint64_t va, AccessType type = AccessType::Read, bool el0 = false, bool pan = false) {
    AccessContext who;
    who.el0 = el0;
    who.pan = pan;
    return mmu.Translate(tc, va, type, who);
  }
  bool Allowed(uint64_t va, AccessType type, bool el0, bool pan = false) {
    mmu.InvalidateAll();
    return Tr(va, type, el0, pan).ok;
  }
  void ExpectFault(const Translation& t, FaultKind kind, int level) {
    EXPECT_FALSE(t.ok);
    EXPECT_EQ(t.fault.kind, kind);
    EXPECT_EQ(t.fault.level, level);
  }
  void SetAsid(uint16_t asid) { tc.ttbr0 = (tc.ttbr0 & 0x0000FFFFFFFFFFFF) | uint64_t{asid} << 48; }

  FakeMemory mem;
  Stage1Mmu mmu{mem};
  TranslationControls tc;
  std::unique_ptr<PageTables> lower, upper;
};

constexpr AccessType R = AccessType::Read, W = AccessType::Write, X = AccessType::Fetch;

// ---------------------------------------------------------------------------------------
// Granules, input sizes and start levels.

TEST_F(Stage1Test, Granule4KVa39StartsAtLevel1) {
  Lower(12, 39).MapPage(0x7F'FFFF'F000, kPa);
  const Translation t = Tr(0x7F'FFFF'F123);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.pa, kPa + 0x123);
  EXPECT_EQ(mmu.counters().descriptor_reads(), 3u);
}

TEST_F(Stage1Test, Granule4KVa48StartsAtLevel0) {
  Lower(12, 48).MapPage(0xFFFF'FFFF'F000, kPa);
  const Translation t = Tr(0xFFFF'FFFF'F008);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.pa, kPa + 8);
  EXPECT_EQ(mmu.counters().descriptor_reads(), 4u);
}

TEST_F(Stage1Test, Granule16KVa48StartsAtLevel0WithTwoEntryRoot) {
  Lower(14, 48).MapPage(0x8000'0000'4000, kPa);
  const Translation t = Tr(0x8000'0000'7FFC);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.pa, kPa + 0x3FFC);
  EXPECT_EQ(t.entry.size_log2, 14);
  EXPECT_EQ(mmu.counters().descriptor_reads(), 4u);
}

TEST_F(Stage1Test, Granule16KVa47StartsAtLevel1) {
  Lower(14, 47).MapPage(0x7FFF'FFFF'C000, kPa);
  const Translation t = Tr(0x7FFF'FFFF'C010);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.pa, kPa + 0x10);
  EXPECT_EQ(mmu.counters().descriptor_reads(), 3u);
}

TEST_F(Stage1Test, Granule16KVa39StartsAtLevel1) {
  Lower(14, 39).MapPage(0x7F'FFFF'C000, kPa);
  const Translation t = Tr(0x7F'FFFF'C010);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.pa, kPa + 0x10);
  EXPECT_EQ(mmu.counters().descriptor_reads(), 3u);
}

TEST_F(Stage1Test, Granule64KVa42StartsAtLevel2) {
  Lower(16, 42).MapPage(0x3FF'FFFF'0000, kPa);
  const Translation t = Tr(0x3FF'FFFF'ABCD);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.pa, kPa + 0xABCD);
  EXPECT_EQ(t.entry.size_log2, 16);
  EXPECT_EQ(mmu.counters().descriptor_reads(), 2u);
}

TEST_F(Stage1Test, Granule64KVa48StartsAtLevel1) {
  Lower(16, 48).MapPage(0xFFFF'FFFF'0000, kPa);
  const Translation t = Tr(0xFFFF'FFFF'0040);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.pa, kPa + 0x40);
  EXPECT_EQ(mmu.counters().descriptor_reads(), 3u);
}

TEST_F(Stage1Test, Granule64KVa39StartsAtLevel2) {
  Lower(16, 39).MapPage(0x7F'FFFF'0000, kPa);
  const Translation t = Tr(0x7F'FFFF'0040);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.pa, kPa + 0x40);
  EXPECT_EQ(mmu.counters().descriptor_reads(), 2u);
}

// Every TxSZ from 16 to 39 with every granule: the walk starts at
// 4 - ceil((inputsize - granule) / stride) and resolves the highest page of the range.
TEST_F(Stage1Test, StartLevelForEveryInputSizeAndGranule) {
  for (unsigned g : {12u, 14u, 16u}) {
    for (unsigned va_bits = 25; va_bits <= 48; ++va_bits) {
      FakeMemory m;
      auto mm = std::make_unique<Stage1Mmu>(m);
      PageTables pt(m, g, va_bits, kPool0);
      const uint64_t va = (uint64_t{1} << va_bits) - (uint64_t{1} << g);
      pt.MapPage(va, kPa);
      TranslationControls c = tc;
      c.tcr = Tcr0(g, va_bits);
      c.ttbr0 = pt.root();
      const Translation t = mm->Translate(c, va + 0x18, R, {});
      ASSERT_TRUE(t.ok) << "granule " << g << " va_bits " << va_bits;
      EXPECT_EQ(t.pa, kPa + 0x18) << "granule " << g << " va_bits " << va_bits;
      EXPECT_EQ(mm->counters().descriptor_reads(), static_cast<uint64_t>(4 - pt.start_level()))
          << "granule " << g << " va_bits " << va_bits;
    }
  }
}

TEST_F(Stage1Test, ReservedTg0SelectsThe4KGranule) {
  Lower(12, 39).MapPage(0x1000, kPa);
  tc.tcr |= uint64_t{3} << 14;  // TG0 = 0b11, reserved
  const Translation t = Tr(0x1ABC);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.pa, kPa + 0xABC);
  EXPECT_EQ(t.entry.size_log2, 12);
}

TEST_F(Stage1Test, ReservedTg1SelectsThe4KGranule) {
  Upper(12, 39).MapPage(0xFFFF'FF80'0000'1000, kPa);
  tc.tcr &= ~(uint64_t{3} << 30);  // TG1 = 0b00, reserved
  const Translation t = Tr(0xFFFF'FF80'0000'1ABC);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.pa, kPa + 0xABC);
}

// ---------------------------------------------------------------------------------------
// TTBR selection.

TEST_F(Stage1Test, Ttbr1TranslatesTheUpperRange) {
  Upper(12, 39).MapPage(0xFFFF'FF80'0020'3000, kPa);
  const Translation t = Tr(0xFFFF'FF80'0020'3456);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.pa, kPa + 0x456);
  EXPECT_EQ(t.entry.va_base, 0xFFFF'FF80'0020'3000u);
}

TEST_F(Stage1Test, Ttbr1Uses16KGranuleEncoding) {
  Upper(14, 47).MapPage(0xFFFF'8000'0000'4000, kPa);
  const Translation t = Tr(0xFFFF'8000'0000'4444);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.pa, kPa + 0x444);
  EXPECT_EQ(t.entry.size_log2, 14);
}

TEST_F(Stage1Test, Ttbr1Uses64KGranuleEncoding) {
  Upper(16, 42).MapPage(0xFFFF'FC00'0001'0000, kPa);
  const Translation t = Tr(0xFFFF'FC00'0001'4444);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.pa, kPa + 0x4444);
  EXPECT_EQ(t.entry.size_log2, 16);
}

TEST_F(Stage1Test, Bit55SelectsTtbr1EvenWithATaggedTopByte) {
  Upper(12, 39).MapPage(0xFFFF'FF80'0000'0000, kPa);
  tc.tcr |= kTbi1;
  const Translation t = Tr(0x00FF'FF80'0000'0010);  // tag 0x00, VA[55] = 1
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.pa, kPa + 0x10);
}

// ---------------------------------------------------------------------------------------
// Blocks and pages.

TEST_F(Stage1Test, Block4KLevel1Maps1GiB) {
  Lower(12, 39).Map(0x40000000, 0x80000000, 1, kNormal);
  const Translation t = Tr(0x7654'3210);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.pa, 0xB654'3210u);
  EXPECT_EQ(t.entry.size_log2, 30);
  EXPECT_EQ(t.entry.level, 1);
}

TEST_F(Stage1Test, Block4KLevel2Maps2MiB) {
  Lower(12, 48).Map(0x0060'0000, 0x4420'0000, 2, kNormal);
  const Translation t = Tr(0x007F'FFFF);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.pa, 0x443F'FFFFu);
  EXPECT_EQ(t.entry.size_log2, 21);
  EXPECT_EQ(t.entry.va_base, 0x0060'0000u);
  EXPECT_EQ(t.entry.pa_base, 0x4420'0000u);
}

TEST_F(Stage1Test, Block16KLevel2Maps32MiB) {
  Lower(14, 48).Map(0x0200'0000, 0x4600'0000, 2, kNormal);
  const Translation t = Tr(0x03FF'FFF0);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.pa, 0x47FF'FFF0u);
  EXPECT_EQ(t.entry.size_log2, 25);
}

TEST_F(Stage1Test, Block64KLevel2Maps512MiB) {
  Lower(16, 48).Map(0x2000'0000, 0x6000'0000, 2, kNormal);
  const Translation t = Tr(0x3FFF'FFF0);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.pa, 0x7FFF'FFF0u);
  EXPECT_EQ(t.entry.size_log2, 29);
}

TEST_F(Stage1Test, BlockDescriptorLowOutputBitsAreIgnored) {
  // Bits [20:12] of a 2 MiB block descriptor are not part of its output address.
  Lower(12, 48).Map(0x0060'0000, 0x4420'0000 | 0x1F000, 2, kNormal);
  const Translation t = Tr(0x0060'0010);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.pa, 0x4420'0010u);
}

TEST_F(Stage1Test, BlockAtLevel0With4KIsATranslationFault) {
  Lower(12, 48).Map(0, 0, 0, kNormal);
  ExpectFault(Tr(0x1000), FaultKind::Translation, 0);
}

TEST_F(Stage1Test, BlockAtLevel1With16KIsATranslationFault) {
  Lower(14, 48).Map(0, 0, 1, kNormal);
  ExpectFault(Tr(0x1000), FaultKind::Translation, 1);
}

TEST_F(Stage1Test, BlockAtLevel1With64KIsATranslationFault) {
  Lower(16, 48).Map(0, 0, 1, kNormal);
  ExpectFault(Tr(0x1000), FaultKind::Translation, 1);
}

TEST_F(Stage1Test, Level3DescriptorWithBit1ClearIsATranslationFault) {
  Lower(12, 48).Desc(0x5000, 3) = kPa | kNormal | 1;
  ExpectFault(Tr(0x5000), FaultKind::Translation, 3);
}

// ---------------------------------------------------------------------------------------
// Translation faults.

TEST_F(Stage1Test, InvalidDescriptorFaultsAtItsLevel) {
  PageTables& pt = Lower(12, 48);
  const uint64_t va = 0x0000'1234'5678'9000;
  pt.MapPage(va, kPa);
  for (int level = 3; level >= 0; --level) {
    pt.Desc(va, level) &= ~uint64_t{1};
    mmu.InvalidateAll();
    ExpectFault(Tr(va), FaultKind::Translation, level);
  }
}

TEST_F(Stage1Test, FaultsOnWritesReportWnR) {
  Lower(12, 48);
  const Translation t = Tr(0x1000, W);
  ExpectFault(t, FaultKind::Translation, 0);
  EXPECT_TRUE(t.fault.write);
  EXPECT_FALSE(Tr(0x1000, R).fault.write);
}

TEST_F(Stage1Test, VaAboveTheTtbr0RangeIsALevel0TranslationFault) {
  PageTables& pt = Lower(12, 39);
  pt.MapPage(0x1000, kPa);
  // Bit 39 set: outside a 39-bit range even though the low bits would index a mapping.
  ExpectFault(Tr(0x80'0000'1000), FaultKind::Translation, 0);
}

TEST_F(Stage1Test, VaBelowTheTtbr1RangeIsALevel0TranslationFault) {
  Upper(12, 39).MapPage(0xFFFF'FF80'0000'1000, kPa);
  ExpectFault(Tr(0xFFFF'FF00'0000'1000), FaultKind::Translation, 0);
}

TEST_F(Stage1Test, NonZeroTopByteFaultsWithoutTbi) {
  Lower(12, 48).MapPage(0x1000, kPa);
  ExpectFault(Tr(0x5A00'0000'0000'1000), FaultKind::Translation, 0);
}

TEST_F(Stage1Test, Tbi0IgnoresTheTopByte) {
  Lower(12, 48).MapPage(0x1000, kPa);
  tc.tcr |= kTbi0;
  const Translation t = Tr(0x5A00'0000'0000'1008);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.pa, kPa + 8);
  EXPECT_EQ(t.entry.va_base, 0x1000u);
}

TEST_F(Stage1Test, Tbid0KeepsTheTopByteForFetches) {
  Lower(12, 48).MapPage(0x1000, kPa);
  tc.tcr |= kTbi0 | kTbid0;
  EXPECT_TRUE(Tr(0x5A00'0000'0000'1000, R).ok);
  ExpectFault(Tr(0x5A00'0000'0000'1000, X), FaultKind::Translation, 0);
}

TEST_F(Stage1Test, Epd0DisablesTtbr0Walks) {
  Lower(12, 48).MapPage(0x1000, kPa);
  tc.tcr |= kEpd0;
  ExpectFault(Tr(0x1000), FaultKind::Translation, 0);
  EXPECT_EQ(mmu.counters().descriptor_reads(), 0u);
}

TEST_F(Stage1Test, Epd1DisablesTtbr1Walks) {
  Upper(12, 39).MapPage(0xFFFF'FF80'0000'1000, kPa);
  tc.tcr |= kEpd1;
  ExpectFault(Tr(0xFFFF'FF80'0000'1000), FaultKind::Translation, 0);
}

TEST_F(Stage1Test, TxSzAbove39IsALevel0TranslationFault) {
  Lower(12, 25).MapPage(0x1000, kPa);
  tc.tcr = (tc.tcr & ~uint64_t{0x3F}) | 40;
  ExpectFault(Tr(0x1000), FaultKind::Translation, 0);
}

TEST_F(Stage1Test, TxSzBelow16IsALevel0TranslationFault) {
  Lower(12, 48).MapPage(0x1000, kPa);
  tc.tcr = (tc.tcr & ~uint64_t{0x3F}) | 15;
  ExpectFault(Tr(0x1000), FaultKind::Translation, 0);
}

// ---------------------------------------------------------------------------------------
// Access flag, address size and external aborts.

TEST_F(Stage1Test, AccessFlagClearInAPageIsAnAccessFlagFaultAtLevel3) {
  Lower(12, 48).MapPage(0x1000, kPa, kNormal & ~kAf);
  ExpectFault(Tr(0x1000), FaultKind::AccessFlag, 3);
}

TEST_F(Stage1Test, AccessFlagClearInABlockIsAnAccessFlagFaultAtItsLevel) {
  Lower(12, 48).Map(0x20'0000, 0x4420'0000, 2, kNormal & ~kAf);
  ExpectFault(Tr(0x20'0000), FaultKind::AccessFlag, 2);
}

TEST_F(Stage1Test, AccessFlagFaultsAreNotCached) {
  PageTables& pt = Lower(12, 48);
  pt.MapPage(0x1000, kPa, kNormal & ~kAf);
  EXPECT_FALSE(Tr(0x1000).ok);
  pt.Desc(0x1000, 3) |= kAf;
  EXPECT_TRUE(Tr(0x1000).ok);
}

TEST_F(Stage1Test, OutputAddressAboveIpsIsAnAddressSizeFault) {
  Lower(12, 48).MapPage(0x1000, uint64_t{1} << 40);
  tc.tcr = (tc.tcr & ~(uint64_t{7} << 32)) | uint64_t{2} << 32;  // IPS: 40 bits
  ExpectFault(Tr(0x1000), FaultKind::AddressSize, 3);
}

TEST_F(Stage1Test, OutputAddressBelowIpsTranslates) {
  Lower(12, 48).MapPage(0x1000, uint64_t{1} << 47);  // needs the full 48 bits
  const Translation t = Tr(0x1000);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.pa, uint64_t{1} << 47);
}

TEST_F(Stage1Test, Ips32BitFaultsAbove4GiB) {
  Lower(12, 48).MapPage(0x1000, uint64_t{1} << 32);
  tc.tcr &= ~(uint64_t{7} << 32);  // IPS: 32 bits
  ExpectFault(Tr(0x1000), FaultKind::AddressSize, 3);
}

TEST_F(Stage1Test, TableAddressAboveIpsIsAnAddressSizeFaultAtThatLevel) {
  PageTables& pt = Lower(12, 48);
  pt.MapPage(0x1000, kPa);
  pt.Desc(0x1000, 1) |= uint64_t{1} << 44;
  tc.tcr = (tc.tcr & ~(uint64_t{7} << 32)) | uint64_t{2} << 32;  // IPS: 40 bits
  ExpectFault(Tr(0x1000), FaultKind::AddressSize, 1);
}

TEST_F(Stage1Test, TtbrAddressAboveIpsIsALevel0AddressSizeFault) {
  Lower(12, 39).MapPage(0x1000, kPa);
  tc.tcr = (tc.tcr & ~(uint64_t{7} << 32)) | uint64_t{2} << 32;  // IPS: 40 bits
  tc.ttbr0 |= uint64_t{1} << 41;
  ExpectFault(Tr(0x1000), FaultKind::AddressSize, 0);
}

TEST_F(Stage1Test, TtbrAsidAndCnpAreNotPartOfTheTableAddress) {
  Lower(12, 48).MapPage(0x1000, kPa);
  tc.ttbr0 |= uint64_t{0xABCD} << 48 | 1;  // ASID, CnP
  EXPECT_TRUE(Tr(0x1000).ok);
}

TEST_F(Stage1Test, UnbackedRootTableIsAnExternalAbortOnTheWalk) {
  Lower(12, 39);
  tc.ttbr0 = 0x1000'0000;  // no memory there
  const Translation t = Tr(0x1000);
  ExpectFault(t, FaultKind::ExternalAbort, 1);
  EXPECT_TRUE(t.fault.external_on_walk);
}

TEST_F(Stage1Test, UnbackedNextLevelTableIsAnExternalAbortAtThatLevel) {
  PageTables& pt = Lower(12, 48);
  pt.MapPage(0x1000, kPa);
  pt.Desc(0x1000, 1) = 0x2000'0000 | 3;  // level 2 table outside RAM
  const Translation t = Tr(0x1000);
  ExpectFault(t, FaultKind::ExternalAbort, 2);
  EXPECT_TRUE(t.fault.external_on_walk);
}

// ---------------------------------------------------------------------------------------
// Permissions.

TEST_F(Stage1Test, DataAccessPermissionMatrix) {
  PageTables& pt = Lower(12, 48);
  // [AP][el0][write]: AP 00 EL1 RW, 01 EL1+EL0 RW, 10 EL1 RO, 11 EL1+EL0 RO.
  const bool expected[4][2][2] = {
      {{true, true}, {false, false}},
      {{true, true}, {true, true}},
      {{true, false}, {false, false}},
      {{true, false}, {true, false}},
  };
  for (unsigned ap = 0; ap < 4; ++ap) {
    pt.MapPage(0x1000, kPa, kNormal | Ap(ap));
    for (int el0 = 0; el0 < 2; ++el0) {
      EXPECT_EQ(Allowed(0x1000, R, el0), expected[ap][el0][0]) << "AP " << ap << " el0 " << el0;
      EXPECT_EQ(Allowed(0x1000, W, el0), expected[ap][el0][1]) << "AP " << ap << " el0 " << el0;
    }
  }
}

TEST_F(Stage1Test, PermissionFaultReportsTheLeafLevelAndWnR) {
  Lower(12, 48).Map(0x20'0000, 0x4420'0000, 2, kNormal | Ap(2));
  const Translation t = Tr(0x20'0000, W);
  ExpectFault(t, FaultKind::Permission, 2);
  EXPECT_TRUE(t.fault.write);
}

TEST_F(Stage1Test, UxnStopsEl0FetchOnly) {
  Lower(12, 48).MapPage(0x1000, kPa, kNormal | Ap(3) | kUxn);
  EXPECT_FALSE(Allowed(0x1000, X, true));
  EXPECT_TRUE(Allowed(0x1000, X, false));
}

TEST_F(Stage1Test, PxnStopsEl1FetchOnly) {
  Lower(12, 48).MapPage(0x1000, kPa, kNormal | Ap(3) | kPxn);
  EXPECT_FALSE(Allowed(0x1000, X, false));
  EXPECT_TRUE(Allowed(0x1000, X, true));
}

TEST_F(Stage1Test, El0FetchNeedsNoEl0DataAccess) {
  // AP = 00 (EL0 no data access) with UXN = 0: execute-only at EL0.
  Lower(12, 48).MapPage(0x1000, kPa, kNormal | Ap(0));
  EXPECT_TRUE(Allowed(0x1000, X, true));
}

TEST_F(Stage1Test, El0WritableMemoryIsNotExecutableAtEl1) {
  PageTables& pt = Lower(12, 48);
  pt.MapPage(0x1000, kPa, kNormal | Ap(1));
  EXPECT_FALSE(Allowed(0x1000, X, false));
  EXPECT_TRUE(Allowed(0x1000, X, true));
  pt.MapPage(0x1000, kPa, kNormal | Ap(3));
  EXPECT_TRUE(Allowed(0x1000, X, false));
}

TEST_F(Stage1Test, WxnMakesEl1WritableMemoryNonExecutable) {
  PageTables& pt = Lower(12, 48);
  tc.sctlr |= kSctlrWxn;
  pt.MapPage(0x1000, kPa, kNormal | Ap(0));
  EXPECT_FALSE(Allowed(0x1000, X, false));
  pt.MapPage(0x1000, kPa, kNormal | Ap(2));
  EXPECT_TRUE(Allowed(0x1000, X, false));
}

TEST_F(Stage1Test, WxnMakesEl0WritableMemoryNonExecutableAtEl0) {
  PageTables& pt = Lower(12, 48);
  pt.MapPage(0x1000, kPa, kNormal | Ap(1));
  EXPECT_TRUE(Allowed(0x1000, X, true));
  tc.sctlr |= kSctlrWxn;
  EXPECT_FALSE(Allowed(0x1000, X, true));
}

TEST_F(Stage1Test, WxnAtEl0DependsOnEl0Writability) {
  // AP = 00 is writable at EL1 only: WXN leaves EL0 execution alone.
  Lower(12, 48).MapPage(0x1000, kPa, kNormal | Ap(0));
  tc.sctlr |= kSctlrWxn;
  EXPECT_TRUE(Allowed(0x1000, X, true));
}

TEST_F(Stage1Test, PanBlocksEl1DataAccessToEl0AccessibleMemory) {
  PageTables& pt = Lower(12, 48);
  pt.MapPage(0x1000, kPa, kNormal | Ap(3));
  EXPECT_TRUE(Allowed(0x1000, R, false, false));
  EXPECT_FALSE(Allowed(0x1000, R, false, true));
  pt.MapPage(0x1000, kPa, kNormal | Ap(1));
  EXPECT_FALSE(Allowed(0x1000, W, false, true));
  pt.MapPage(0x1000, kPa, kNormal | Ap(0));
  EXPECT_TRUE(Allowed(0x1000, W, false, true));
}

TEST_F(Stage1Test, PanDoesNotAffectFetches) {
  Lower(12, 48).MapPage(0x1000, kPa, kNormal | Ap(3));
  EXPECT_TRUE(Allowed(0x1000, X, false, true));
}

TEST_F(Stage1Test, PanDoesNotAffectUnprivilegedAccesses) {
  Lower(12, 48).MapPage(0x1000, kPa, kNormal | Ap(1));
  EXPECT_TRUE(Allowed(0x1000, W, true, true));  // LDTR/STTR at EL1 with PAN set
}

TEST_F(Stage1Test, ApTable0RemovesEl0Access) {
  PageTables& pt = Lower(12, 48);
  pt.MapPage(0x1000, kPa, kNormal | Ap(1));
  pt.Desc(0x1000, 2) |= kApTable0;
  EXPECT_FALSE(Allowed(0x1000, R, true));
  EXPECT_TRUE(Allowed(0x1000, W, false));
}

TEST_F(Stage1Test, ApTable1RemovesWriteAccess) {
  PageTables& pt = Lower(12, 48);
  pt.MapPage(0x1000, kPa, kNormal | Ap(1));
  pt.Desc(0x1000, 0) |= kApTable1;
  EXPECT_FALSE(Allowed(0x1000, W, false));
  EXPECT_FALSE(Allowed(0x1000, W, true));
  EXPECT_TRUE(Allowed(0x1000, R, true));
}

TEST_F(Stage1Test, ApTableIsAppliedBeforeTheImplicitPxnAndPan) {
  // AP = 01 under APTable[0] = 1 is not EL0-accessible: EL1 may execute it and PAN is moot.
  PageTables& pt = Lower(12, 48);
  pt.MapPage(0x1000, kPa, kNormal | Ap(1));
  pt.Desc(0x1000, 1) |= kApTable0;
  EXPECT_TRUE(Allowed(0x1000, X, false));
  EXPECT_TRUE(Allowed(0x1000, W, false, true));
}

TEST_F(Stage1Test, UxnTableIsInherited) {
  PageTables& pt = Lower(12, 48);
  pt.MapPage(0x1000, kPa, kNormal | Ap(3));
  pt.Desc(0x1000, 1) |= kUxnTable;
  EXPECT_FALSE(Allowed(0x1000, X, true));
  EXPECT_TRUE(Allowed(0x1000, X, false));
}

TEST_F(Stage1Test, PxnTableIsInherited) {
  PageTables& pt = Lower(12, 48);
  pt.MapPage(0x1000, kPa, kNormal | Ap(3));
  pt.Desc(0x1000, 2) |= kPxnTable;
  EXPECT_FALSE(Allowed(0x1000, X, false));
  EXPECT_TRUE(Allowed(0x1000, X, true));
}

TEST_F(Stage1Test, DeviceMemoryIsNeverExecutable) {
  Lower(12, 48).MapPage(0x1000, kPa, Attr(kIdxDevice) | kAf);
  EXPECT_TRUE(Allowed(0x1000, R, false));
  const Translation t = (mmu.InvalidateAll(), Tr(0x1000, X));
  ExpectFault(t, FaultKind::Permission, 3);
}

TEST_F(Stage1Test, DeviceFetchFollowsQemuWhenConfigured) {
  Lower(12, 48).MapPage(0x1000, kPa, Attr(kIdxDevice) | kAf);
  tc.device_fetch_faults = false;
  EXPECT_TRUE(Allowed(0x1000, X, false));
}

TEST_F(Stage1Test, PermissionsAreCheckedOnTlbHits) {
  Lower(12, 48).MapPage(0x1000, kPa, kNormal | Ap(2));
  ASSERT_TRUE(Tr(0x1000, R).ok);
  const Translation t = Tr(0x1000, W);
  EXPECT_EQ(mmu.counters().tlb_hits(), 1u);
  ExpectFault(t, FaultKind::Permission, 3);
}

TEST_F(Stage1Test, WalkDoesNotCheckPermissions) {
  Lower(12, 48).MapPage(0x1000, kPa, kNormal | Ap(2));
  const Translation t = mmu.Walk(tc, 0x1000, W);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.pa, kPa);
  EXPECT_EQ(mmu.counters().tlb_misses() + mmu.counters().tlb_hits(), 0u);
}

// ---------------------------------------------------------------------------------------
// Attributes.

TEST_F(Stage1Test, AttrIndxSelectsTheMairByte) {
  PageTables& pt = Lower(12, 48);
  tc.mair = 0x8877665544332211;
  for (unsigned idx = 0; idx < 8; ++idx) {
    pt.MapPage(0x1000, kPa, Attr(idx) | kAf);
    mmu.InvalidateAll();
    const Translation t = Tr(0x1000);
    ASSERT_TRUE(t.ok);
    EXPECT_EQ(t.entry.attr, 0x11 * (idx + 1)) << "AttrIndx " << idx;
  }
}

TEST_F(Stage1Test, TaggedNormalAttributeIsKept) {
  Lower(12, 48).MapPage(0x1000, kPa, Attr(kIdxTagged) | kAf);
  const Translation t = Tr(0x1000);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.entry.attr, 0xF0);
}

TEST_F(Stage1Test, ShareabilityComesFromTheDescriptor) {
  Lower(12, 48).MapPage(0x1000, kPa, Attr(kIdxNormal) | kAf | uint64_t{2} << 8);
  const Translation t = Tr(0x1000);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.entry.sh, 2);
}

// ---------------------------------------------------------------------------------------
// TLB, nG and ASIDs.

TEST_F(Stage1Test, TlbHitAvoidsTheWalk) {
  Lower(12, 48).MapPage(0x1000, kPa);
  ASSERT_TRUE(Tr(0x1000).ok);
  const uint64_t reads = mmu.counters().descriptor_reads();
  const Translation t = Tr(0x1FF8);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.pa, kPa + 0xFF8);
  EXPECT_EQ(mmu.counters().descriptor_reads(), reads);
  EXPECT_EQ(mmu.counters().tlb_hits(), 1u);
  EXPECT_EQ(mmu.counters().tlb_misses(), 1u);
}

TEST_F(Stage1Test, TlbKeepsTheOldTranslationUntilInvalidated) {
  PageTables& pt = Lower(12, 48);
  pt.MapPage(0x1000, kPa);
  ASSERT_TRUE(Tr(0x1000).ok);
  pt.MapPage(0x1000, kPa + 0x10000);
  EXPECT_EQ(Tr(0x1000).pa, kPa);
  mmu.InvalidateAll();
  EXPECT_EQ(Tr(0x1000).pa, kPa + 0x10000);
}

TEST_F(Stage1Test, BlockEntryHitAddsTheOffsetWithinTheBlock) {
  PageTables& pt = Lower(12, 48);
  pt.Map(0x20'0000, 0x4420'0000, 2, kNormal);
  ASSERT_TRUE(Tr(0x23'4000).ok);
  pt.Map(0x20'0000, 0x4460'0000, 2, kNormal);  // a hit keeps the old block
  EXPECT_EQ(Tr(0x23'4008).pa, 0x4423'4008u);
  EXPECT_EQ(mmu.counters().tlb_hits(), 1u);
}

TEST_F(Stage1Test, TaggedVaHitsTheEntryOfItsUntaggedAddress) {
  PageTables& pt = Lower(12, 48);
  tc.tcr |= kTbi0;
  pt.MapPage(0x1000, kPa);
  ASSERT_TRUE(Tr(0x1000).ok);
  pt.MapPage(0x1000, kPa + 0x10000);
  EXPECT_EQ(Tr(0x7700'0000'0000'1000).pa, kPa);  // a TLB hit, not a fresh walk
}

TEST_F(Stage1Test, TlbHitDoesNotBypassTheTopByteCheck) {
  Lower(12, 48).MapPage(0x1000, kPa);
  ASSERT_TRUE(Tr(0x1000).ok);
  ExpectFault(Tr(0x7700'0000'0000'1000), FaultKind::Translation, 0);
}

TEST_F(Stage1Test, NonGlobalEntryIsTaggedWithTheTtbr0Asid) {
  Lower(12, 48).MapPage(0x1000, kPa, kNormal | kNg);
  SetAsid(0x42);
  const Translation t = Tr(0x1000);
  ASSERT_TRUE(t.ok);
  EXPECT_FALSE(t.entry.global);
  EXPECT_EQ(t.entry.asid, 0x42);
}

TEST_F(Stage1Test, A1TakesTheAsidFromTtbr1) {
  Lower(12, 48).MapPage(0x1000, kPa, kNormal | kNg);
  SetAsid(0x42);
  tc.ttbr1 = uint64_t{0x99} << 48;
  tc.tcr |= kA1;
  const Translation t = Tr(0x1000);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.entry.asid, 0x99);
}

TEST_F(Stage1Test, AsidIs8BitsUnlessTcrAs) {
  Lower(12, 48).MapPage(0x1000, kPa, kNormal | kNg);
  SetAsid(0x1234);
  EXPECT_EQ(Tr(0x1000).entry.asid, 0x34);
  mmu.InvalidateAll();
  tc.tcr |= kAs16;
  EXPECT_EQ(Tr(0x1000).entry.asid, 0x1234);
}

TEST_F(Stage1Test, NonGlobalEntryDoesNotHitForAnotherAsid) {
  PageTables& pt = Lower(12, 48);
  pt.MapPage(0x1000, kPa, kNormal | kNg);
  SetAsid(1);
  ASSERT_TRUE(Tr(0x1000).ok);
  pt.MapPage(0x1000, kPa + 0x10000, kNormal | kNg);
  EXPECT_EQ(Tr(0x1000).pa, kPa);  // same ASID: cached
  SetAsid(2);
  EXPECT_EQ(Tr(0x1000).pa, kPa + 0x10000);
}

TEST_F(Stage1Test, GlobalEntryHitsForEveryAsid) {
  PageTables& pt = Lower(12, 48);
  pt.MapPage(0x1000, kPa);
  SetAsid(1);
  ASSERT_TRUE(Tr(0x1000).ok);
  pt.MapPage(0x1000, kPa + 0x10000);
  SetAsid(2);
  EXPECT_EQ(Tr(0x1000).pa, kPa);
}

// Fills the TLB with: a non-global page of ASID 1 at 0x1000, a global page at 0x2000, then
// remaps both to kPa + 0x10000 so that a re-walk is visible in the PA.
class Stage1InvalidateTest : public Stage1Test {
 protected:
  void SetUp() override {
    PageTables& pt = Lower(12, 48);
    pt.MapPage(0x1000, kPa, kNormal | kNg);
    pt.MapPage(0x2000, kPa, kNormal);
    SetAsid(1);
    ASSERT_TRUE(Tr(0x1000).ok);
    ASSERT_TRUE(Tr(0x2000).ok);
    pt.MapPage(0x1000, kPa + 0x10000, kNormal | kNg);
    pt.MapPage(0x2000, kPa + 0x10000, kNormal);
  }
  bool Cached(uint64_t va) { return Tr(va).pa == kPa; }
};

TEST_F(Stage1InvalidateTest, VmallE1DropsEverything) {
  mmu.InvalidateAll();
  EXPECT_FALSE(Cached(0x1000));
  EXPECT_FALSE(Cached(0x2000));
}

TEST_F(Stage1InvalidateTest, AsidE1DropsOnlyThatAsidsNonGlobalEntries) {
  mmu.InvalidateByAsid(1);
  EXPECT_FALSE(Cached(0x1000));
  EXPECT_TRUE(Cached(0x2000));
}

TEST_F(Stage1InvalidateTest, AsidE1ForAnotherAsidKeepsEntries) {
  mmu.InvalidateByAsid(7);
  EXPECT_TRUE(Cached(0x1000));
}

TEST_F(Stage1InvalidateTest, VaE1DropsTheMatchingVaAndAsid) {
  mmu.InvalidateByVa(0x1000, 1, false, false);
  EXPECT_FALSE(Cached(0x1000));
  EXPECT_TRUE(Cached(0x2000));
}

TEST_F(Stage1InvalidateTest, VaE1KeepsNonGlobalEntriesOfOtherAsids) {
  mmu.InvalidateByVa(0x1000, 7, false, false);
  EXPECT_TRUE(Cached(0x1000));
}

TEST_F(Stage1InvalidateTest, VaE1DropsGlobalEntriesWhateverTheAsid) {
  mmu.InvalidateByVa(0x2000, 7, false, false);
  EXPECT_FALSE(Cached(0x2000));
}

TEST_F(Stage1InvalidateTest, VaaE1DropsNonGlobalEntriesOfAnyAsid) {
  mmu.InvalidateByVa(0x1000, 7, true, false);
  EXPECT_FALSE(Cached(0x1000));
}

TEST_F(Stage1InvalidateTest, ValE1AndVaalE1DropFinalLevelEntries) {
  mmu.InvalidateByVa(0x1000, 1, false, true);
  mmu.InvalidateByVa(0x2000, 7, true, true);
  EXPECT_FALSE(Cached(0x1000));
  EXPECT_FALSE(Cached(0x2000));
}

TEST_F(Stage1Test, InvalidateByVaInsideABlockDropsTheBlock) {
  PageTables& pt = Lower(12, 48);
  pt.Map(0x20'0000, 0x4420'0000, 2, kNormal);
  ASSERT_TRUE(Tr(0x20'0000).ok);
  pt.Map(0x20'0000, 0x4460'0000, 2, kNormal);
  mmu.InvalidateByVa(0x3F'F000, 0, false, true);  // last page of the block
  EXPECT_EQ(Tr(0x20'0000).pa, 0x4460'0000u);
}

TEST_F(Stage1Test, InvalidateByVaReachesTtbr1Entries) {
  PageTables& pt = Upper(12, 39);
  pt.MapPage(0xFFFF'FF80'0000'1000, kPa);
  ASSERT_TRUE(Tr(0xFFFF'FF80'0000'1000).ok);
  pt.MapPage(0xFFFF'FF80'0000'1000, kPa + 0x10000);
  // TLBI operand: VA[55:12] in bits [43:0], passed shifted back by 12.
  const uint64_t operand = (0xFFFF'FF80'0000'1000 >> 12) & 0xFFF'FFFF'FFFF;
  mmu.InvalidateByVa(operand << 12, 0, false, false);
  EXPECT_EQ(Tr(0xFFFF'FF80'0000'1000).pa, kPa + 0x10000);
}

// ---------------------------------------------------------------------------------------
// MMU off.

TEST_F(Stage1Test, MmuOffIsAFlatMapping) {
  tc.sctlr = 0;
  const Translation t = Tr(0x0000'1234'5678'9ABC);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.pa, 0x0000'1234'5678'9ABCu);
  EXPECT_TRUE(t.entry.mmu_off);
  EXPECT_EQ(t.entry.size_log2, 12);
  EXPECT_EQ(t.entry.pa_base, 0x0000'1234'5678'9000u);
  EXPECT_EQ(mmu.counters().descriptor_reads(), 0u);
}

TEST_F(Stage1Test, MmuOffDataAccessesAreDeviceNGnRnE) {
  tc.sctlr = 0;
  EXPECT_EQ(Tr(0x4000'0000, R).entry.attr, 0x00);
  EXPECT_EQ(Tr(0x4000'0000, W).entry.attr, 0x00);
}

TEST_F(Stage1Test, MmuOffFetchesAreNormalCacheableBySctlrI) {
  tc.sctlr = kSctlrI;
  EXPECT_EQ(Tr(0x4000'0000, X).entry.attr, 0xAA);  // Write-Through, Read-Allocate
  tc.sctlr = 0;
  EXPECT_EQ(Tr(0x4000'0000, X).entry.attr, 0x44);  // Non-cacheable
}

TEST_F(Stage1Test, MmuOffAddressAbovePaSizeIsALevel0AddressSizeFault) {
  tc.sctlr = 0;
  ExpectFault(Tr(uint64_t{1} << 48), FaultKind::AddressSize, 0);
  ExpectFault(Tr(uint64_t{1} << 63), FaultKind::AddressSize, 0);
}

TEST_F(Stage1Test, MmuOffTbiIgnoresTheTopByte) {
  tc.sctlr = 0;
  tc.tcr = kTbi0;
  const Translation t = Tr(0x5A00'0000'4000'0010);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.pa, 0x4000'0010u);
}

TEST_F(Stage1Test, MmuOffAllowsEveryAccess) {
  tc.sctlr = kSctlrWxn;  // M = 0
  EXPECT_TRUE(Tr(0x4000'0000, W, true).ok);
  EXPECT_TRUE(Tr(0x4000'0000, X, true).ok);   // even from a Device-typed data mapping
  EXPECT_TRUE(Tr(0x4000'0000, R, false, true).ok);
}

TEST_F(Stage1Test, CheckPermissionAllowsEverythingForMmuOffEntries) {
  tc.sctlr = kSctlrWxn;  // M = 0
  const Translation t = mmu.Walk(tc, 0x4000'0000, R);  // Device-nGnRnE, as AT sees it
  ASSERT_TRUE(t.ok);
  AccessContext el1_pan;
  el1_pan.pan = true;
  AccessContext el0;
  el0.el0 = true;
  EXPECT_TRUE(CheckPermission(tc, t.entry, R, el1_pan, nullptr));
  EXPECT_TRUE(CheckPermission(tc, t.entry, X, el0, nullptr));
  EXPECT_TRUE(CheckPermission(tc, t.entry, X, {}, nullptr));
}

TEST_F(Stage1Test, MmuOffIgnoresTheTlb) {
  Lower(12, 48).MapPage(0x4000'0000, kPa);
  ASSERT_TRUE(Tr(0x4000'0000).ok);
  tc.sctlr = 0;
  EXPECT_EQ(Tr(0x4000'0000).pa, 0x4000'0000u);
}

// ---------------------------------------------------------------------------------------
// PAR_EL1.

TEST_F(Stage1Test, ParOnSuccessHoldsPaAttrShAndNs) {
  Lower(12, 48).MapPage(0x1000, 0x4567'8000, kNormal);
  EXPECT_EQ(AddressTranslateParResult(Tr(0x1ABC)), 0xFF00'0000'4567'8B80u);
}

TEST_F(Stage1Test, ParGivesThePageWithinABlock) {
  Lower(12, 48).Map(0x20'0000, 0x4420'0000, 2, kNormal);
  EXPECT_EQ(AddressTranslateParResult(Tr(0x23'4567)) & 0x0000'FFFF'FFFF'F000, 0x4423'4000u);
}

TEST_F(Stage1Test, ParReportsOuterShareableForDeviceMemory) {
  Lower(12, 48).MapPage(0x1000, kPa, Attr(kIdxDevice) | kAf | kShInner);
  EXPECT_EQ(AddressTranslateParResult(Tr(0x1000)), kPa | 0xB00);
}

TEST_F(Stage1Test, ParReportsOuterShareableForNonCacheableMemory) {
  Lower(12, 48).MapPage(0x1000, kPa, Attr(kIdxNc) | kAf | kShInner);
  EXPECT_EQ(AddressTranslateParResult(Tr(0x1000)), 0x4400'0000'0000'0000 | kPa | 0xB00);
}

TEST_F(Stage1Test, ParKeepsTheTaggedAttribute) {
  Lower(12, 48).MapPage(0x1000, kPa, Attr(kIdxTagged) | kAf | kShInner);
  EXPECT_EQ(AddressTranslateParResult(Tr(0x1000)) >> 56, 0xF0u);
}

TEST_F(Stage1Test, ParOnTranslationFaultHoldsFst) {
  PageTables& pt = Lower(12, 48);
  pt.MapPage(0x1000, kPa);
  pt.Desc(0x1000, 2) = 0;
  EXPECT_EQ(AddressTranslateParResult(Tr(0x1000)), 0x800u | 0x06u << 1 | 1u);
}

TEST_F(Stage1Test, ParOnPermissionFaultHoldsFst) {
  Lower(12, 48).MapPage(0x1000, kPa, kNormal | Ap(2));
  EXPECT_EQ(AddressTranslateParResult(Tr(0x1000, W)), 0x800u | 0x0Fu << 1 | 1u);
}

TEST_F(Stage1Test, ParWithMmuOffIsFlatDevice) {
  tc.sctlr = 0;
  EXPECT_EQ(AddressTranslateParResult(Tr(0x4000'1234)), 0x4000'1B00u);
}

}  // namespace
