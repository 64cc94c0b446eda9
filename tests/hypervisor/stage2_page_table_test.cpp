// Stage2PageTable: every mapping it writes is walked by the PE's stage-2 MMU
// (mmu::Stage2Mmu::Walk) with the VTCR_EL2/VTTBR_EL2 it reports, and gives the PA,
// permissions and memory attributes mapped; unmapped and write-protected pages fault.
#include <gtest/gtest.h>

#include "models/hypervisor/kvm_errors.h"
#include "models/hypervisor/stage2_page_table.h"
#include "models/mmu/stage2.h"
#include "hypervisor_test_bench.h"

using namespace hyp_test;
using mtesim::hyp::HostPool;
using mtesim::hyp::Stage2Attributes;
using mtesim::hyp::Stage2MemType;
using mtesim::hyp::Stage2PageTable;
using mtesim::mmu::AccessType;
using mtesim::mmu::Stage2Controls;
using mtesim::mmu::Stage2Mmu;
using mtesim::mmu::Stage2Translation;

namespace {

struct Stage2Bench {
  Board board;
  HostDescriptorReader reader{board.host};
  Stage2Mmu mmu{reader};

  Stage2Translation Walk(const Stage2PageTable& t, uint64_t ipa, AccessType type = AccessType::Read) {
    Stage2Controls c;
    c.enabled = true;
    c.vtcr = t.vtcr();
    c.vttbr = t.vttbr();
    c.mte_perm = true;
    // The walk, then the permission check a translation applies after it.
    Stage2Translation r = mmu.Walk(c, ipa, type);
    if (r.ok && !mtesim::mmu::CheckStage2Permission(r.entry.perms, type, false, &r.fault)) r.ok = false;
    return r;
  }
};

}  // namespace

// Every IPA size KVM accepts (32..48) gives a table the walker accepts, at the start level
// KVM picks, with concatenated start tables where they save a level.
TEST(Stage2PageTable, EveryIpaSizeIsWalkedAtKvmsStartLevel) {
  Stage2Bench b;
  struct Case { unsigned ipa_bits; int start_level; unsigned tables; };
  for (const Case c : {Case{32, 2, 4}, Case{36, 1, 1}, Case{40, 1, 2}, Case{42, 1, 8}, Case{44, 0, 1}, Case{48, 0, 1}}) {
    Stage2PageTable t(b.board.host, b.board.pages, c.ipa_bits, 48, 7);
    ASSERT_EQ(t.Init(), 0);
    EXPECT_EQ(t.start_level(), c.start_level) << c.ipa_bits;
    EXPECT_EQ(t.start_tables(), c.tables) << c.ipa_bits;
    const uint64_t ipa = (uint64_t{1} << c.ipa_bits) - 0x3000;  // in the last start table
    ASSERT_EQ(t.Map(ipa, kTaggedBase + 0x5000, Stage2Attributes{}), 0);
    const Stage2Translation r = b.Walk(t, ipa + 0x123);
    ASSERT_TRUE(r.ok) << c.ipa_bits;
    EXPECT_EQ(r.pa, kTaggedBase + 0x5123);
    EXPECT_EQ(r.entry.perms.level, 3);
  }
}

TEST(Stage2PageTable, VttbrCarriesTheVmidAndTheStartTable) {
  Stage2Bench b;
  Stage2PageTable t(b.board.host, b.board.pages, 40, 48, 0x1234);
  ASSERT_EQ(t.Init(), 0);
  EXPECT_EQ(t.vttbr() >> 48, 0x1234u);
  EXPECT_EQ(t.vttbr() & ((uint64_t{1} << 48) - 1), t.table_pages().front());
  EXPECT_EQ(t.vtcr() & 0x3F, 24u);  // T0SZ = 64 - 40
}

TEST(Stage2PageTable, TablesLiveInThePrivatePool) {
  Stage2Bench b;
  Stage2PageTable t(b.board.host, b.board.pages, 40, 48, 1);
  ASSERT_EQ(t.Init(), 0);
  ASSERT_EQ(t.Map(0x80000000, kTaggedBase, Stage2Attributes{}), 0);
  EXPECT_EQ(t.table_pages().size(), 2u + 2u);  // two concatenated level-1 tables, levels 2 and 3
  for (uint64_t page : t.table_pages()) EXPECT_TRUE(b.board.pages.InPool(HostPool::Hypervisor, page, 4096));
}

TEST(Stage2PageTable, PermissionsAreWalkedAsMapped) {
  Stage2Bench b;
  Stage2PageTable t(b.board.host, b.board.pages, 40, 48, 1);
  ASSERT_EQ(t.Init(), 0);
  Stage2Attributes ro;
  ro.write = false;
  ro.exec = false;
  ASSERT_EQ(t.Map(0x1000, kTaggedBase, ro), 0);
  EXPECT_TRUE(b.Walk(t, 0x1000, AccessType::Read).ok);
  EXPECT_FALSE(b.Walk(t, 0x1000, AccessType::Write).ok);
  EXPECT_FALSE(b.Walk(t, 0x1000, AccessType::Fetch).ok);
  const Stage2Translation r = b.Walk(t, 0x1000);
  EXPECT_EQ(r.entry.perms.s2ap, 1);
  EXPECT_EQ(r.entry.perms.xn, 2);
  EXPECT_TRUE(b.Walk(t, 0x1000).entry.pa_base == kTaggedBase);
}

TEST(Stage2PageTable, MemoryTypesAreWalkedAsMapped) {
  Stage2Bench b;
  Stage2PageTable t(b.board.host, b.board.pages, 40, 48, 1);
  ASSERT_EQ(t.Init(), 0);
  Stage2Attributes normal, device, notag;
  device.type = Stage2MemType::Device;
  notag.type = Stage2MemType::NoTagAccess;
  ASSERT_EQ(t.Map(0x1000, kTaggedBase, normal), 0);
  ASSERT_EQ(t.Map(0x2000, kTaggedBase + 0x1000, device), 0);
  ASSERT_EQ(t.Map(0x3000, kUntaggedBase, notag), 0);
  EXPECT_EQ(b.Walk(t, 0x1000).entry.memattr, 0xF);
  EXPECT_FALSE(b.Walk(t, 0x1000).entry.perms.notagaccess);
  EXPECT_EQ(b.Walk(t, 0x2000).entry.memattr, 0x1);
  EXPECT_EQ(b.Walk(t, 0x3000).entry.memattr, 0x4);
  EXPECT_TRUE(b.Walk(t, 0x3000).entry.perms.notagaccess);
  EXPECT_EQ(t.Lookup(0x3000).attributes.type, Stage2MemType::NoTagAccess);
  EXPECT_EQ(t.Lookup(0x2000).attributes.type, Stage2MemType::Device);
}

TEST(Stage2PageTable, UnmappedPagesFault) {
  Stage2Bench b;
  Stage2PageTable t(b.board.host, b.board.pages, 40, 48, 1);
  ASSERT_EQ(t.Init(), 0);
  ASSERT_EQ(t.Map(0x1000, kTaggedBase, Stage2Attributes{}), 0);
  EXPECT_FALSE(b.Walk(t, 0x2000).ok);
  EXPECT_EQ(b.Walk(t, 0x2000).fault.kind, mtesim::isa::FaultKind::Translation);
  t.Unmap(0x1000, 0x1000);
  EXPECT_FALSE(b.Walk(t, 0x1000).ok);
  EXPECT_FALSE(t.Lookup(0x1000).valid);
}

TEST(Stage2PageTable, WriteProtectFaultsWritesUntilMadeWritable) {
  Stage2Bench b;
  Stage2PageTable t(b.board.host, b.board.pages, 40, 48, 1);
  ASSERT_EQ(t.Init(), 0);
  ASSERT_EQ(t.Map(0x1000, kTaggedBase, Stage2Attributes{}), 0);
  ASSERT_EQ(t.Map(0x2000, kTaggedBase + 0x1000, Stage2Attributes{}), 0);
  t.WriteProtect(0x1000, 0x2000);
  EXPECT_FALSE(b.Walk(t, 0x1000, AccessType::Write).ok);
  EXPECT_EQ(b.Walk(t, 0x1000, AccessType::Write).fault.kind, mtesim::isa::FaultKind::Permission);
  EXPECT_TRUE(b.Walk(t, 0x1000, AccessType::Read).ok);
  EXPECT_EQ(t.MakeWritable(0x2000), 0);
  EXPECT_TRUE(b.Walk(t, 0x2000, AccessType::Write).ok);
  EXPECT_FALSE(b.Walk(t, 0x1000, AccessType::Write).ok);
  EXPECT_EQ(t.MakeWritable(0x5000), mtesim::hyp::kEFAULT);
}

TEST(Stage2PageTable, MapRejectsUnalignedAndOutOfRangeAddresses) {
  Stage2Bench b;
  Stage2PageTable t(b.board.host, b.board.pages, 32, 48, 1);
  ASSERT_EQ(t.Init(), 0);
  EXPECT_EQ(t.Map(0x1001, kTaggedBase, Stage2Attributes{}), mtesim::hyp::kEINVAL);
  EXPECT_EQ(t.Map(0x1000, kTaggedBase + 8, Stage2Attributes{}), mtesim::hyp::kEINVAL);
  EXPECT_EQ(t.Map(uint64_t{1} << 32, kTaggedBase, Stage2Attributes{}), mtesim::hyp::kEINVAL);
}

TEST(Stage2PageTable, TablePagesReturnToThePrivatePool) {
  Stage2Bench b;
  int64_t first;
  {
    Stage2PageTable t(b.board.host, b.board.pages, 48, 48, 1);
    ASSERT_EQ(t.Init(), 0);
    first = static_cast<int64_t>(t.table_pages().front());
  }
  Stage2PageTable t2(b.board.host, b.board.pages, 48, 48, 2);
  ASSERT_EQ(t2.Init(), 0);
  EXPECT_EQ(static_cast<int64_t>(t2.table_pages().front()), first);
}
