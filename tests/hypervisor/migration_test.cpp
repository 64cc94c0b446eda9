// Migration (migration/migration.h) between two VMs of one host, driven step by step with
// the guest's writes made as a running guest's would be (a stage-2 write fault when the
// page is not writable, then the store): hypervisor.md's migration rule, pre-copy and
// post-copy, both transports, and the vCPU state with the MTE registers.
#include <gtest/gtest.h>

#include <vector>

#include "models/hypervisor/migration/migration.h"
#include "tests/support/vm_compare.h"
#include "vgic_test_bench.h"
#include "vm_test_bench.h"

using namespace hyp_test;

namespace {

constexpr uint64_t kIpa = 0x80000000;
constexpr uint64_t kPages = 16;
constexpr uint64_t kSlotSize = kPages * kPageBytes;
constexpr uint64_t kSrcBacking = kTaggedBase, kDstBacking = kTaggedBase + 4 * kMiB;

// Source and destination VMs with MTE, one vCPU each, 16 pages at kIpa; the source's
// pages 0..7 hold data and nonzero tags, 8..15 are untouched (zero pages).
struct MigrationBench : VmBench {
  Vm& src = NewVm();
  Vm& dst = NewVm();
  TagsWithEachPage with_page;
  TagsSeparatePass separate;

  explicit MigrationBench(bool dst_mte = true) {
    EXPECT_EQ(EnableMte(src), 0);
    if (dst_mte) {
      EXPECT_EQ(EnableMte(dst), 0);
    }
    EXPECT_EQ(AddSlot(src, 0, kIpa, kSlotSize, kSrcBacking), 0);
    EXPECT_EQ(AddSlot(dst, 0, kIpa, kSlotSize, kDstBacking), 0);
    EXPECT_EQ(src.CreateVcpu(0), 0);
    EXPECT_EQ(dst.CreateVcpu(0), 0);
    for (uint64_t p = 0; p < 8; ++p) GuestWrite(p, static_cast<uint8_t>(p + 1), static_cast<uint8_t>(p % 15 + 1));
  }
  // The guest stores `byte` over the page and sets every granule's tag to `tag`.
  void GuestWrite(uint64_t page, uint8_t byte, uint8_t tag) {
    const uint64_t ipa = kIpa + page * kPageBytes;
    const Stage2Mapping m = src.stage2().Lookup(ipa);
    if (!m.valid || !m.attributes.write) src.HandleStage2Fault(ipa, true, false);
    const uint64_t pa = kSrcBacking + page * kPageBytes;
    std::vector<uint8_t> data(kPageBytes, byte), tags(kTagsPerPage, tag);
    board.host.Write(pa, data.data(), kPageBytes);
    board.host.WriteTags(pa, kPageBytes, tags.data());
  }
  uint64_t Differing() { return hyp_support::DifferingPages(src, dst, board.host); }
};

}  // namespace

TEST(Precopy, RoundZeroSendsEveryPageAndLaterRoundsOnlyDirtyOnes) {
  MigrationBench b;
  Migration m(b.src, b.dst, b.board.host, b.with_page);
  ASSERT_GT(m.BeginPrecopy(), 0);
  EXPECT_EQ(m.stats().pages_sent(), kPages);
  EXPECT_EQ(m.stats().zero_pages(), 8u);
  EXPECT_EQ(b.Differing(), 0u);
  b.GuestWrite(3, 0xAA, 0x7);
  b.GuestWrite(12, 0xBB, 0x9);
  EXPECT_EQ(b.Differing(), 2u);  // what the next round is for
  ASSERT_GT(m.PrecopyRound(), 0);
  EXPECT_EQ(m.stats().last_round_pages(), 2u);
  EXPECT_EQ(b.Differing(), 0u);
  ASSERT_EQ(m.PrecopyRound(), 0);  // nothing dirty: an empty round
  EXPECT_EQ(m.stats().last_round_pages(), 0u);
  EXPECT_EQ(m.stats().rounds(), 3u);
}

TEST(Precopy, ATagOnlyChangeIsDirtyAndMigrates) {
  MigrationBench b;
  Migration m(b.src, b.dst, b.board.host, b.with_page);
  ASSERT_GT(m.BeginPrecopy(), 0);
  // STG needs stage-2 write permission: the logging fault catches it like a store.
  const uint64_t ipa = kIpa + 2 * kPageBytes;
  EXPECT_EQ(b.src.HandleStage2Fault(ipa, true, true).outcome, Stage2FaultOutcome::DirtyLogged);
  std::vector<uint8_t> tags(kTagsPerPage, 0xC);
  b.board.host.WriteTags(kSrcBacking + 2 * kPageBytes, kPageBytes, tags.data());
  ASSERT_GT(m.PrecopyRound(), 0);
  EXPECT_EQ(m.stats().last_round_pages(), 1u);
  EXPECT_EQ(b.Differing(), 0u);
}

TEST(Precopy, TagsTravelPacked128BytesPerTaggedPage) {
  MigrationBench b;
  Migration m(b.src, b.dst, b.board.host, b.with_page);
  ASSERT_GT(m.BeginPrecopy(), 0);
  // 8 pages with data and tags; the zero pages carry neither.
  EXPECT_EQ(m.stats().tag_bytes_sent(), 8u * 128u);
  EXPECT_EQ(m.stats().data_bytes_sent(), 8u * (8 + kPageBytes) + 8u * 8);
}

TEST(Precopy, FinishTurnsLoggingOffAndLeavesBothSidesIdentical) {
  MigrationBench b;
  Migration m(b.src, b.dst, b.board.host, b.with_page);
  ASSERT_GT(m.BeginPrecopy(), 0);
  EXPECT_TRUE(b.src.FindMemslot(kIpa)->logging());
  b.GuestWrite(5, 0x55, 0x3);
  ASSERT_GT(m.FinishPrecopy(), 0);
  EXPECT_FALSE(b.src.FindMemslot(kIpa)->logging());
  EXPECT_EQ(b.Differing(), 0u);
}

TEST(Precopy, AReadOnlySlotMigratesWithoutTags) {
  // A ROM (the VMM's boot flash) in a VM with MTE: its data goes over, its tags cannot
  // have changed (a tag store needs stage-2 write permission) and COPY_TAGS could not
  // write them into the destination's read-only slot.
  MigrationBench b;
  constexpr uint64_t kRom = 0x10000000;
  ASSERT_EQ(VmBench::AddSlot(b.src, 1, kRom, kPageBytes, kSrcBacking + 2 * kMiB, KVM_MEM_READONLY), 0);
  ASSERT_EQ(VmBench::AddSlot(b.dst, 1, kRom, kPageBytes, kDstBacking + 2 * kMiB, KVM_MEM_READONLY), 0);
  const std::vector<uint8_t> rom(kPageBytes, 0x5A);
  b.board.host.Write(kSrcBacking + 2 * kMiB, rom.data(), kPageBytes);
  Migration m(b.src, b.dst, b.board.host, b.with_page);
  ASSERT_GT(m.BeginPrecopy(), 0);
  EXPECT_EQ(m.stats().pages_sent(), kPages + 1);
  std::vector<uint8_t> got(kPageBytes);
  b.board.host.Read(kDstBacking + 2 * kMiB, got.data(), kPageBytes);
  EXPECT_EQ(got, rom);
}

TEST(Precopy, CancelTurnsLoggingOffAndTheSourceRunsOn) {
  MigrationBench b;
  Migration m(b.src, b.dst, b.board.host, b.separate);
  ASSERT_GT(m.BeginPrecopy(), 0);
  ASSERT_TRUE(b.src.FindMemslot(kIpa)->logging());
  ASSERT_EQ(m.Cancel(), 0);
  EXPECT_FALSE(b.src.FindMemslot(kIpa)->logging());
  // No tag pass is left due: a later step sends nothing for the cancelled rounds.
  EXPECT_EQ(m.SendTagPass(), 0);
  // The guest's writes are no longer logged: a write fault maps the page writable at once.
  const uint64_t ipa = kIpa + 4 * kPageBytes;
  EXPECT_NE(b.src.HandleStage2Fault(ipa, true, false).outcome, Stage2FaultOutcome::DirtyLogged);
}

TEST(Precopy, TheDestinationKeepsTheTagsAtItsFirstMap) {
  MigrationBench b;
  Migration m(b.src, b.dst, b.board.host, b.with_page);
  ASSERT_GT(m.BeginPrecopy(), 0);
  ASSERT_GT(m.FinishPrecopy(), -1);
  EXPECT_EQ(b.dst.HandleStage2Fault(kIpa + kPageBytes, false, false).outcome, Stage2FaultOutcome::Mapped);
  EXPECT_EQ(b.dst.stats().pages_sanitised(), 0u);
  EXPECT_EQ(b.HostTags(kDstBacking + kPageBytes), std::vector<uint8_t>(kTagsPerPage, 2));
}

TEST(Precopy, ASeparateTagPassSendsTheTagsAfterTheData) {
  MigrationBench b;
  Migration m(b.src, b.dst, b.board.host, b.separate);
  ASSERT_GT(m.BeginPrecopy(), 0);
  EXPECT_EQ(m.stats().tag_bytes_sent(), 0u);
  // The data is there, the tags not yet: page 0's data agrees, its tags do not.
  EXPECT_NE(b.HostTags(kDstBacking), std::vector<uint8_t>(kTagsPerPage, 1));
  EXPECT_EQ(b.Differing(), 8u);
  const int64_t tag_bytes = m.SendTagPass();
  EXPECT_EQ(tag_bytes, int64_t(kPages * 8 + 8 * 128));  // a record per page, tags where nonzero
  EXPECT_EQ(b.Differing(), 0u);
  b.GuestWrite(1, 0x11, 0xE);
  ASSERT_GT(m.FinishPrecopy(), 0);
  EXPECT_EQ(b.Differing(), 0u);
  EXPECT_EQ(m.SendTagPass(), 0);  // nothing due after the final round
}

TEST(Precopy, ASwappedOutSourcePageMigratesWithItsTags) {
  MigrationBench b;
  ASSERT_EQ(b.src.SwapOut(kIpa + 4 * kPageBytes), 0);
  Migration m(b.src, b.dst, b.board.host, b.with_page);
  ASSERT_GT(m.BeginPrecopy(), 0);
  EXPECT_EQ(b.src.stats().pages_swapped_in(), 1u);
  EXPECT_EQ(b.HostTags(kDstBacking + 4 * kPageBytes), std::vector<uint8_t>(kTagsPerPage, 5));
  EXPECT_EQ(b.Differing(), 0u);
}

TEST(MigrationVcpu, StateMovesWithTheMteRegisters) {
  MigrationBench b;
  Vcpu& v = *b.src.GetVcpu(0);
  const uint64_t gcr = KvmSysReg(3, 0, 1, 0, 6), rgsr = KvmSysReg(3, 0, 1, 0, 5), tfsr = KvmSysReg(3, 0, 5, 6, 0),
                 tfsre0 = KvmSysReg(3, 0, 5, 6, 1);
  ASSERT_EQ(v.SetOneReg(gcr, 0x10003), 0);
  ASSERT_EQ(v.SetOneReg(rgsr, 0x1a2b00), 0);
  ASSERT_EQ(v.SetOneReg(tfsr, 1), 0);
  ASSERT_EQ(v.SetOneReg(tfsre0, 2), 0);
  ASSERT_EQ(v.SetOneReg(KVM_CORE_PC, 0x40001234), 0);
  ASSERT_EQ(v.SetOneReg(KvmCoreX(7), 0x77), 0);
  Migration m(b.src, b.dst, b.board.host, b.with_page);
  ASSERT_GT(m.CopyVcpus(), 0);
  Vcpu& d = *b.dst.GetVcpu(0);
  for (uint64_t id : {gcr, rgsr, tfsr, tfsre0, KVM_CORE_PC, KvmCoreX(7)}) {
    uint64_t a = 0, c = 1;
    ASSERT_EQ(v.GetOneReg(id, &a), 0);
    ASSERT_EQ(d.GetOneReg(id, &c), 0);
    EXPECT_EQ(a, c) << std::hex << id;
  }
}

TEST(MigrationVcpu, TheVgicMovesWithTheVcpus) {
  MigrationBench b;
  Vgic& src = InitVgic(b.src, 3);
  Vgic& dst = InitVgic(b.dst, 3);
  GuestMsr(src, 0, "ICC_PMR_EL1", 0xE0);
  GuestWrite(src, 0, kVgicDist + 0x104, 1u << 8);  // GICD_ISENABLER1: SPI 40
  Migration m(b.src, b.dst, b.board.host, b.with_page);
  const int64_t bytes = m.CopyVcpus();
  ASSERT_GT(bytes, 0);
  EXPECT_EQ(GuestMrs(dst, 0, "ICC_PMR_EL1"), 0xE0u);
  EXPECT_EQ(GuestRead(dst, 0, kVgicDist + 0x104), 1u << 8);
  // Each vGIC register is on the wire like a vCPU register: its id and value.
  EXPECT_GT(m.stats().vgic_registers_sent(), 0u);
  EXPECT_EQ(m.stats().state_bytes_sent(), static_cast<uint64_t>(bytes));
  EXPECT_GE(m.stats().state_bytes_sent(), 16 * m.stats().vgic_registers_sent());
}

TEST(MigrationVcpu, ADestinationWithoutTheSourcesVgicRefusesTheState) {
  MigrationBench b;
  InitVgic(b.src, 3);
  Migration m(b.src, b.dst, b.board.host, b.with_page);
  EXPECT_EQ(m.CopyVcpus(), kENODEV);
}

TEST(MigrationVcpu, ADestinationWithoutMteRefusesTheState) {
  MigrationBench b(false);
  Migration m(b.src, b.dst, b.board.host, b.with_page);
  EXPECT_LT(m.CopyVcpus(), 0);  // the ID register (and the MTE registers) do not fit
}

TEST(Postcopy, AFaultFetchesThePageAndPlacesItWithItsTagsBeforeTheMap) {
  MigrationBench b;
  Migration m(b.src, b.dst, b.board.host, b.with_page);
  ASSERT_EQ(m.BeginPostcopy(), 0);
  EXPECT_TRUE(b.dst.PageMissing(kIpa + 3 * kPageBytes));
  // A tag access of the guest faults the page in: fetched, placed with its tags, mapped.
  const Stage2FaultResult r = b.dst.HandleStage2Fault(kIpa + 3 * kPageBytes + 0x40, false, true);
  EXPECT_EQ(r.outcome, Stage2FaultOutcome::Mapped);
  EXPECT_FALSE(b.dst.PageMissing(kIpa + 3 * kPageBytes));
  EXPECT_EQ(b.dst.stats().faults_missing(), 1u);
  EXPECT_EQ(b.dst.stats().pages_sanitised(), 0u);
  EXPECT_EQ(b.HostTags(kDstBacking + 3 * kPageBytes), std::vector<uint8_t>(kTagsPerPage, 4));
  EXPECT_EQ(m.stats().postcopy_demand_pages(), 1u);
  EXPECT_FALSE(m.PostcopyDone());
}

TEST(Postcopy, TheBackgroundPushPlacesTheRestAndBothSidesEndIdentical) {
  MigrationBench b;
  Migration m(b.src, b.dst, b.board.host, b.separate);  // post-copy always places tags with the page
  ASSERT_EQ(m.BeginPostcopy(), 0);
  b.dst.HandleStage2Fault(kIpa + 6 * kPageBytes, true, false);
  uint64_t pushes = 0;
  while (!m.PostcopyDone()) {
    ASSERT_GE(m.PostcopyPush(4), 0);
    ++pushes;
  }
  EXPECT_EQ(pushes, 4u);
  EXPECT_EQ(m.stats().postcopy_background_pages(), kPages - 1);
  EXPECT_EQ(m.stats().pages_sent(), kPages);
  EXPECT_EQ(m.stats().tag_bytes_sent(), 8u * 128u);
  EXPECT_EQ(b.Differing(), 0u);
}

TEST(Postcopy, WithoutAFaultThreadAMissingPageCannotBeMapped) {
  MigrationBench b;
  ASSERT_EQ(b.dst.RegisterMissing(kIpa, kSlotSize), 0);
  const Stage2FaultResult r = b.dst.HandleStage2Fault(kIpa, false, false);
  EXPECT_EQ(r.outcome, Stage2FaultOutcome::Error);
  EXPECT_EQ(r.error, kEFAULT);
  EXPECT_FALSE(b.dst.stage2().Lookup(kIpa).valid);
}

TEST(Postcopy, RegisteringAMappedPageIsEbusyAndPlacingAPresentOneEnoent) {
  MigrationBench b;
  EXPECT_EQ(b.src.RegisterMissing(kIpa, kPageBytes), kEBUSY);  // the source's page 0 is mapped
  EXPECT_EQ(b.dst.RegisterMissing(kIpa + 8, kPageBytes), kEINVAL);
  std::vector<uint8_t> data(kPageBytes, 1);
  EXPECT_EQ(b.dst.PlacePage(kIpa, data.data(), nullptr), kENOENT);
  ASSERT_EQ(b.dst.RegisterMissing(kIpa, kPageBytes), 0);
  EXPECT_EQ(b.dst.PlacePage(kIpa, data.data(), nullptr), 0);
  EXPECT_EQ(b.dst.PlacePage(kIpa, data.data(), nullptr), kENOENT);
}
