// Isolation through the API (issue 13, item 6): every call that takes a guest address or
// a host address, made for VM A, must neither read nor change VM B's memory, tags or
// stage 2. B holds a secret (data and tags on every page, all mapped); each test makes one
// kind of call with A's arguments aimed at B (B's backing, IPAs only B maps, ranges
// running past A's slot into IPAs B maps, B's slot ids), checks the call's refusal, and
// then that B is bit for bit what it was. Each would fail if its check were removed: the
// call would succeed, return B's tags, or change B's pages.
#include <gtest/gtest.h>

#include <vector>

#include "vm_test_bench.h"

using namespace hyp_test;

namespace {

constexpr uint64_t kIpa = 0x80000000;
constexpr uint64_t kPages = 16, kSlotSize = kPages * kPageBytes;
// A's one slot; B's two: the same IPA as A's (another VM's address space reuses IPAs),
// and the IPAs just past A's slot (so that a range running off A's end would land on
// pages B maps if the call looked anywhere but A's own slots).
constexpr uint64_t kABacking = kTaggedBase, kB0Backing = kTaggedBase + kSlotSize, kB1Backing = kTaggedBase + 2 * kSlotSize;
constexpr uint64_t kB1Ipa = kIpa + kSlotSize;

uint8_t SecretByte(uint64_t pa) { return static_cast<uint8_t>((pa >> 3) * 131 + 0x5A); }
uint8_t SecretTag(uint64_t pa) { return static_cast<uint8_t>((pa >> 4) % 15 + 1); }  // never 0

struct TwoVms : VmBench {
  Vm& a = NewVm();
  Vm& b = NewVm();
  struct Snapshot {
    std::vector<uint8_t> data, tags;
    std::vector<uint64_t> mapped;  // B's stage 2: the PA each page maps (0: unmapped)
    bool operator==(const Snapshot& o) const { return data == o.data && tags == o.tags && mapped == o.mapped; }
  };
  Snapshot before;

  TwoVms() {
    EXPECT_EQ(EnableMte(a), 0);
    EXPECT_EQ(EnableMte(b), 0);
    EXPECT_EQ(AddSlot(a, 0, kIpa, kSlotSize, kABacking), 0);
    EXPECT_EQ(AddSlot(b, 0, kIpa, kSlotSize, kB0Backing), 0);
    EXPECT_EQ(AddSlot(b, 1, kB1Ipa, kSlotSize, kB1Backing), 0);
    // B touches every page (first map sanitises), then its secret goes in as its STG would.
    for (uint64_t ipa = kIpa; ipa < kB1Ipa + kSlotSize; ipa += kPageBytes)
      EXPECT_EQ(b.HandleStage2Fault(ipa, true, false).outcome, Stage2FaultOutcome::Mapped);
    std::vector<uint8_t> data(kPageBytes), tags(kTagsPerPage);
    for (uint64_t pa = kB0Backing; pa < kB1Backing + kSlotSize; pa += kPageBytes) {
      for (uint64_t i = 0; i < kPageBytes; ++i) data[i] = SecretByte(pa + i);
      for (uint64_t g = 0; g < kTagsPerPage; ++g) tags[g] = SecretTag(pa + g * 16);
      board.host.Write(pa, data.data(), kPageBytes);
      board.host.WriteTags(pa, kPageBytes, tags.data());
    }
    // A's own pages mapped too, so its tables are populated next to B's.
    for (uint64_t ipa = kIpa; ipa < kIpa + kSlotSize; ipa += kPageBytes)
      EXPECT_EQ(a.HandleStage2Fault(ipa, true, false).outcome, Stage2FaultOutcome::Mapped);
    before = TakeB();
  }
  Snapshot TakeB() {
    Snapshot s;
    s.data.resize(2 * kSlotSize);
    board.host.Read(kB0Backing, s.data.data(), s.data.size());
    s.tags.resize(2 * kPages * kTagsPerPage);
    board.host.ReadTags(kB0Backing, 2 * kSlotSize, s.tags.data());
    for (uint64_t ipa = kIpa; ipa < kB1Ipa + kSlotSize; ipa += kPageBytes) {
      const auto t = Walk(b, ipa, mtesim::mmu::AccessType::Write);
      s.mapped.push_back(t.ok ? t.pa : 0);
    }
    return s;
  }
  // Whether a tag buffer holds any of B's secret tags (A's pages' tags are all 0).
  static bool HoldsSecretTags(const std::vector<uint8_t>& buffer, uint64_t from) {
    for (uint64_t i = from; i < buffer.size(); ++i)
      if (buffer[i] != 0xEE) return true;
    return false;
  }
};

}  // namespace

TEST(ApiIsolation, SetUserMemoryRegionOnAnyPartOfAnotherVmsBackingIsEfault) {
  TwoVms t;
  // Wholly inside B's backing, straddling its first page from A's side, straddling its
  // last page, and covering it entirely with margin.
  const struct {
    uint64_t backing, size;
  } cases[] = {{kB0Backing, kPageBytes},
               {kB1Backing + 4 * kPageBytes, 2 * kPageBytes},
               {kB0Backing - kPageBytes, 2 * kPageBytes},
               {kB1Backing + kSlotSize - kPageBytes, 2 * kPageBytes},
               {kABacking, 4 * kSlotSize}};
  uint32_t slot = 1;
  for (const auto& c : cases) {
    EXPECT_EQ(VmBench::AddSlot(t.a, slot, 0x100000000 + slot * 0x100000, c.size, c.backing), kEFAULT)
        << std::hex << c.backing << "+" << c.size;
    ++slot;
  }
  // A's faults at those IPAs are MMIO exits: nothing of B's was mapped for A.
  for (uint32_t s = 1; s < slot; ++s)
    EXPECT_EQ(t.a.HandleStage2Fault(0x100000000 + s * 0x100000, false, false).outcome, Stage2FaultOutcome::Mmio);
  EXPECT_TRUE(t.TakeB() == t.before);
}

TEST(ApiIsolation, SetUserMemoryRegionOnTheHypervisorsPoolOrAnotherVmsTablesIsEfault) {
  TwoVms t;
  // B's stage-2 tables (in the private pool): a slot on them would let A rewrite B's map.
  for (uint64_t table : t.b.stage2().table_pages())
    EXPECT_EQ(VmBench::AddSlot(t.a, 1, 0x100000000, kPageBytes, table), kEFAULT) << std::hex << table;
  // A range that starts in the VMM pool's first page and runs back into the private pool.
  EXPECT_EQ(VmBench::AddSlot(t.a, 1, 0x100000000, 2 * kPageBytes, kPrivateBase + kPrivateSize - kPageBytes), kEFAULT);
  EXPECT_TRUE(t.TakeB() == t.before);
}

TEST(ApiIsolation, SetUserMemoryRegionOnASwappedOutPageOfAnotherVmIsEfault) {
  TwoVms t;
  // B's page went to swap, so the host allocator holds it free; it is still B's.
  ASSERT_EQ(t.b.SwapOut(kIpa), 0);
  EXPECT_EQ(VmBench::AddSlot(t.a, 1, 0x100000000, kPageBytes, kB0Backing), kEFAULT);
  ASSERT_EQ(t.b.SwapIn(kIpa), 0);
  ASSERT_EQ(t.b.HandleStage2Fault(kIpa, true, false).outcome, Stage2FaultOutcome::Mapped);
  EXPECT_TRUE(t.TakeB() == t.before);
}

TEST(ApiIsolation, CopyTagsAtIpasOnlyAnotherVmMapsIsEfault) {
  TwoVms t;
  std::vector<uint8_t> buffer(kTagsPerPage, 0xEE);
  // The IPAs B's slot 1 covers, and IPAs equal to B's host PAs.
  for (uint64_t ipa : {kB1Ipa, kB1Ipa + kSlotSize - kPageBytes, kB0Backing, kB1Backing}) {
    EXPECT_EQ(VmBench::CopyTags(t.a, ipa, kPageBytes, buffer.data(), KVM_ARM_TAGS_FROM_GUEST), kEFAULT);
    EXPECT_FALSE(TwoVms::HoldsSecretTags(buffer, 0));
    std::vector<uint8_t> zeros(kTagsPerPage, 0);
    EXPECT_EQ(VmBench::CopyTags(t.a, ipa, kPageBytes, zeros.data(), 0), kEFAULT);
  }
  EXPECT_TRUE(t.TakeB() == t.before);
}

TEST(ApiIsolation, CopyTagsRunningPastTheSlotStopsAtItsEnd) {
  TwoVms t;
  // Two pages from A's last: the second IPA is B's slot 1 in B, nothing in A.
  const uint64_t last = kIpa + kSlotSize - kPageBytes;
  std::vector<uint8_t> buffer(2 * kTagsPerPage, 0xEE);
  EXPECT_EQ(VmBench::CopyTags(t.a, last, 2 * kPageBytes, buffer.data(), KVM_ARM_TAGS_FROM_GUEST),
            static_cast<int64_t>(kPageBytes));
  // The first page's tags are A's (sanitised: 0); the second's buffer was not written.
  for (uint64_t i = 0; i < kTagsPerPage; ++i) ASSERT_EQ(buffer[i], 0) << i;
  EXPECT_FALSE(TwoVms::HoldsSecretTags(buffer, kTagsPerPage));
  std::vector<uint8_t> ones(2 * kTagsPerPage, 1);
  EXPECT_EQ(VmBench::CopyTags(t.a, last, 2 * kPageBytes, ones.data(), 0), static_cast<int64_t>(kPageBytes));
  // A's whole slot and beyond, to and from: only A's 16 pages.
  std::vector<uint8_t> all((kPages + 8) * kTagsPerPage, 0xEE);
  EXPECT_EQ(VmBench::CopyTags(t.a, kIpa, all.size() * 16, all.data(), KVM_ARM_TAGS_FROM_GUEST),
            static_cast<int64_t>(kSlotSize));
  EXPECT_FALSE(TwoVms::HoldsSecretTags(all, kPages * kTagsPerPage));
  std::vector<uint8_t> twos(all.size(), 2);
  EXPECT_EQ(VmBench::CopyTags(t.a, kIpa, twos.size() * 16, twos.data(), 0), static_cast<int64_t>(kSlotSize));
  EXPECT_TRUE(t.TakeB() == t.before);
}

TEST(ApiIsolation, DirtyLogSeesAndProtectsOnlyTheCallersSlot) {
  TwoVms t;
  KvmUserspaceMemoryRegion logging;
  logging.slot = 0;
  logging.flags = KVM_MEM_LOG_DIRTY_PAGES;
  logging.guest_phys_addr = kIpa;
  logging.memory_size = kSlotSize;
  logging.userspace_addr = kABacking;
  ASSERT_EQ(t.a.SetUserMemoryRegion(logging), 0);
  logging.userspace_addr = kB1Backing;
  logging.guest_phys_addr = kB1Ipa;
  logging.slot = 1;
  ASSERT_EQ(t.b.SetUserMemoryRegion(logging), 0);
  // B writes every page of its logged slot: dirty in B's log only.
  for (uint64_t ipa = kB1Ipa; ipa < kB1Ipa + kSlotSize; ipa += kPageBytes)
    ASSERT_EQ(t.b.HandleStage2Fault(ipa, true, false).outcome, Stage2FaultOutcome::DirtyLogged);
  t.before = t.TakeB();
  // B's slot id in A: not A's slot.
  uint64_t bitmap[2] = {0xEEEE, 0xEEEE};
  EXPECT_EQ(t.a.GetDirtyLog(1, bitmap), kENOENT);
  EXPECT_EQ(bitmap[0], 0xEEEEu);
  // A's own log: none of B's writes.
  EXPECT_EQ(t.a.GetDirtyLog(0, bitmap), 0);
  EXPECT_EQ(bitmap[0], 0u);
  // Clearing (which write-protects) B's slot id, or past A's slot's end, is refused.
  const uint64_t all[2] = {~uint64_t{0}, ~uint64_t{0}};
  KvmClearDirtyLog clear;
  clear.slot = 1;
  clear.num_pages = kPages;
  clear.dirty_bitmap = all;
  EXPECT_EQ(t.a.ClearDirtyLog(clear), kENOENT);
  clear.slot = 0;
  clear.num_pages = 2 * kPages;
  EXPECT_EQ(t.a.ClearDirtyLog(clear), kEINVAL);
  clear.first_page = 64;
  clear.num_pages = kPages;
  EXPECT_EQ(t.a.ClearDirtyLog(clear), kEINVAL);
  // B's pages stay writable and dirty: B's harvest still sees every write.
  EXPECT_TRUE(t.TakeB() == t.before);
  EXPECT_EQ(t.b.GetDirtyLog(1, bitmap), 0);
  EXPECT_EQ(bitmap[0], (uint64_t{1} << kPages) - 1);
}

TEST(ApiIsolation, SwapOfAnIpaOnlyAnotherVmMapsIsEfault) {
  TwoVms t;
  for (uint64_t ipa : {kB1Ipa, kB1Ipa + 5 * kPageBytes, kB0Backing}) {
    EXPECT_EQ(t.a.SwapOut(ipa), kEFAULT) << std::hex << ipa;
    EXPECT_EQ(t.a.SwapIn(ipa), kEFAULT) << std::hex << ipa;
    EXPECT_FALSE(t.a.TestAndClearYoung(ipa));
    EXPECT_FALSE(t.a.SwappedOut(ipa));
  }
  EXPECT_EQ(t.b.stats().pages_swapped_out(), 0u);
  EXPECT_TRUE(t.TakeB() == t.before);
}

TEST(ApiIsolation, SwapOfOnePageMovesOnlyThatVmsPage) {
  TwoVms t;
  // The same IPA in both VMs, both swapped out through the one swap device: each comes
  // back with its own data and tags, and A's round trip leaves B's page as it was.
  std::vector<uint8_t> a_data(kPageBytes, 0x11), a_tags(kTagsPerPage, 3);
  t.board.host.Write(kABacking, a_data.data(), kPageBytes);
  t.board.host.WriteTags(kABacking, kPageBytes, a_tags.data());
  t.board.pages.SetPageTagged(kABacking);
  ASSERT_EQ(t.a.SwapOut(kIpa), 0);
  ASSERT_EQ(t.b.SwapOut(kIpa), 0);
  ASSERT_EQ(t.a.SwapIn(kIpa), 0);
  ASSERT_EQ(t.b.SwapIn(kIpa), 0);
  std::vector<uint8_t> data(kPageBytes), tags(kTagsPerPage);
  t.board.host.Read(kABacking, data.data(), kPageBytes);
  t.board.host.ReadTags(kABacking, kPageBytes, tags.data());
  EXPECT_EQ(data, a_data);
  EXPECT_EQ(tags, a_tags);
  ASSERT_EQ(t.b.HandleStage2Fault(kIpa, true, false).outcome, Stage2FaultOutcome::Mapped);
  EXPECT_TRUE(t.TakeB() == t.before);
}

TEST(ApiIsolation, PostCopyPlacementOutsideTheCallersSlotsIsEinval) {
  TwoVms t;
  std::vector<uint8_t> data(kPageBytes, 0x77), tags(kTagsPerPage, 9);
  EXPECT_EQ(t.a.PlacePage(kB1Ipa, data.data(), tags.data()), kEINVAL);
  EXPECT_EQ(t.a.PlacePage(kB0Backing, data.data(), tags.data()), kEINVAL);
  // A range from A's last page into IPAs only B maps.
  EXPECT_EQ(t.a.RegisterMissing(kIpa + kSlotSize - kPageBytes, 2 * kPageBytes), kEINVAL);
  EXPECT_EQ(t.a.RegisterMissing(kB1Ipa, kPageBytes), kEINVAL);
  EXPECT_FALSE(t.a.PageMissing(kB1Ipa));
  EXPECT_TRUE(t.TakeB() == t.before);
}
