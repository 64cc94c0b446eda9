// Swap (vm_swap.cpp, policies/swap_policy.h): hypervisor.md's swap rule, one part per
// test: a swapped-out page leaves stage 2 with a TLB flush, its data and tags come back
// on the next access (tags packed as mteswap packs them), it is not sanitised again, the
// dirty log is not disturbed, and the policies choose as they say.
#include <gtest/gtest.h>

#include <vector>

#include "models/hypervisor/policies/swap_policy.h"
#include "models/hypervisor/tag_packing.h"
#include "vm_test_bench.h"

using namespace hyp_test;

namespace {

constexpr uint64_t kIpa = 0x80000000;
constexpr uint64_t kSlotSize = 16 * kPageBytes;

// A VM with MTE and 16 tag-capable pages at kIpa; page 0 mapped and given a pattern of
// data and tags (tag of granule g = g % 15 + 1, never 0).
struct SwapBench : VmBench {
  Vm& vm = NewVm();
  std::vector<std::pair<uint64_t, uint64_t>> flushes;
  SwapBench() {
    EXPECT_EQ(EnableMte(vm), 0);
    EXPECT_EQ(AddSlot(vm, 0, kIpa, kSlotSize, kTaggedBase), 0);
    vm.SetStage2Flush([this](uint64_t ipa, uint64_t size) { flushes.emplace_back(ipa, size); });
  }
  void Touch(uint64_t ipa, bool write = false) {
    EXPECT_EQ(vm.HandleStage2Fault(ipa, write, false).outcome, Stage2FaultOutcome::Mapped);
  }
  static std::vector<uint8_t> PatternTags() {
    std::vector<uint8_t> t(kTagsPerPage);
    for (uint64_t g = 0; g < kTagsPerPage; ++g) t[g] = static_cast<uint8_t>(g % 15 + 1);
    return t;
  }
  static std::vector<uint8_t> PatternData(uint8_t seed) {
    std::vector<uint8_t> d(kPageBytes);
    for (uint64_t i = 0; i < kPageBytes; ++i) d[i] = static_cast<uint8_t>(i * 7 + seed);
    return d;
  }
  // Page `page` mapped, with the pattern's data and tags (set as the guest's STG would).
  void Populate(uint64_t page, uint8_t seed = 1) {
    Touch(kIpa + page * kPageBytes, true);
    const uint64_t pa = kTaggedBase + page * kPageBytes;
    board.host.Write(pa, PatternData(seed).data(), kPageBytes);
    board.host.WriteTags(pa, kPageBytes, PatternTags().data());
  }
  std::vector<uint8_t> Data(uint64_t page) {
    std::vector<uint8_t> d(kPageBytes);
    board.host.Read(kTaggedBase + page * kPageBytes, d.data(), kPageBytes);
    return d;
  }
};

}  // namespace

TEST(TagPacking, TwoTagsPerByteLowNibbleFirstAsMteswap) {
  std::vector<uint8_t> tags(kTagsPerPage), packed(kPackedTagsPerPage), back(kTagsPerPage);
  for (uint64_t g = 0; g < kTagsPerPage; ++g) tags[g] = static_cast<uint8_t>(g & 0xF);
  PackPageTags(tags.data(), packed.data());
  EXPECT_EQ(kPackedTagsPerPage, 128u);
  EXPECT_EQ(packed[0], 0x10);  // granule 0 low, granule 1 high
  EXPECT_EQ(packed[7], 0xFE);
  UnpackPageTags(packed.data(), back.data());
  EXPECT_EQ(back, tags);
}

TEST(Swap, SwapOutUnmapsThePageAndFlushesItFromTheTlbs) {
  SwapBench b;
  b.Populate(0);
  ASSERT_TRUE(b.vm.stage2().Lookup(kIpa).valid);
  b.flushes.clear();
  ASSERT_EQ(b.vm.SwapOut(kIpa), 0);
  EXPECT_FALSE(b.vm.stage2().Lookup(kIpa).valid);
  EXPECT_FALSE(b.Walk(b.vm, kIpa).ok);
  ASSERT_EQ(b.flushes.size(), 1u);
  EXPECT_EQ(b.flushes[0], std::make_pair(kIpa, kPageBytes));
  EXPECT_TRUE(b.vm.SwappedOut(kIpa));
  EXPECT_EQ(b.vm.stats().pages_swapped_out(), 1u);
}

TEST(Swap, TheHostPageIsFreedAndScrubbed) {
  SwapBench b;
  b.Populate(0);
  ASSERT_EQ(b.vm.SwapOut(kIpa), 0);
  // Free: the pool can hand it out again; scrubbed: neither data nor tags remain.
  EXPECT_EQ(b.board.pages.AllocateAt(kTaggedBase), 0);
  b.board.pages.Free(kTaggedBase, 1);
  EXPECT_FALSE(b.board.pages.PageTagged(kTaggedBase));
  EXPECT_EQ(b.Data(0), std::vector<uint8_t>(kPageBytes, 0));
  EXPECT_EQ(b.HostTags(kTaggedBase), std::vector<uint8_t>(kTagsPerPage, 0));
}

TEST(Swap, TagsAndDataSurviveAndArePackedIn128Bytes) {
  SwapBench b;
  b.Populate(0, 42);
  ASSERT_EQ(b.vm.SwapOut(kIpa), 0);
  EXPECT_EQ(b.vm.stats().swap_tag_bytes_saved(), 128u);
  b.Touch(kIpa + 0x123);  // the guest's next access
  EXPECT_FALSE(b.vm.SwappedOut(kIpa));
  EXPECT_EQ(b.vm.stats().pages_swapped_in(), 1u);
  EXPECT_EQ(b.vm.stats().swap_tag_bytes_restored(), 128u);
  EXPECT_EQ(b.Data(0), SwapBench::PatternData(42));
  EXPECT_EQ(b.HostTags(kTaggedBase), SwapBench::PatternTags());
  EXPECT_TRUE(b.Walk(b.vm, kIpa).ok);
}

TEST(Swap, ASwappedInPageIsNotSanitisedAgain) {
  SwapBench b;
  b.Populate(0);
  const uint64_t sanitised = b.vm.stats().pages_sanitised();
  ASSERT_EQ(b.vm.SwapOut(kIpa), 0);
  b.Touch(kIpa);
  EXPECT_EQ(b.vm.stats().pages_sanitised(), sanitised);
  EXPECT_TRUE(b.board.pages.PageTagged(kTaggedBase));
  EXPECT_EQ(b.HostTags(kTaggedBase), SwapBench::PatternTags());
}

TEST(Swap, APageNeverTaggedComesBackUntaggedAndIsSanitisedAtItsMap) {
  SwapBench b;
  // The VMM wrote the page (an image), the guest never mapped it: no tags to keep.
  b.board.host.Write(kTaggedBase + kPageBytes, SwapBench::PatternData(3).data(), kPageBytes);
  ASSERT_EQ(b.vm.SwapOut(kIpa + kPageBytes), 0);
  EXPECT_EQ(b.vm.stats().swap_tag_bytes_saved(), 0u);
  b.Touch(kIpa + kPageBytes);
  EXPECT_EQ(b.vm.stats().swap_tag_bytes_restored(), 0u);
  EXPECT_EQ(b.vm.stats().pages_sanitised(), 1u);
  EXPECT_EQ(b.Data(1), SwapBench::PatternData(3));
}

TEST(Swap, CopyTagsOfASwappedOutPageSwapsItInFirst) {
  SwapBench b;
  b.Populate(0);
  ASSERT_EQ(b.vm.SwapOut(kIpa), 0);
  std::vector<uint8_t> tags(kTagsPerPage, 0xEE);
  EXPECT_EQ(VmBench::CopyTags(b.vm, kIpa, kPageBytes, tags.data(), KVM_ARM_TAGS_FROM_GUEST), int64_t(kPageBytes));
  EXPECT_EQ(tags, SwapBench::PatternTags());
  EXPECT_FALSE(b.vm.SwappedOut(kIpa));
  EXPECT_FALSE(b.vm.stage2().Lookup(kIpa).valid);  // in memory again, not mapped yet
}

TEST(Swap, SwappingOutTwiceIsEnoentAndOutsideASlotEfault) {
  SwapBench b;
  b.Populate(0);
  ASSERT_EQ(b.vm.SwapOut(kIpa), 0);
  EXPECT_EQ(b.vm.SwapOut(kIpa), kENOENT);
  EXPECT_EQ(b.vm.SwapOut(0x90000000), kEFAULT);
  EXPECT_EQ(b.vm.SwapOut(kIpa + kPageBytes + 8), kEFAULT);
}

TEST(Swap, AFullSwapDeviceIsEnospc) {
  HostCapabilities host = Mte3Host();
  host.swap_pages = 2;
  VmBench b(host);
  Vm& vm = b.NewVm();
  ASSERT_EQ(VmBench::EnableMte(vm), 0);
  ASSERT_EQ(VmBench::AddSlot(vm, 0, kIpa, kSlotSize, kTaggedBase), 0);
  EXPECT_EQ(vm.SwapOut(kIpa), 0);
  EXPECT_EQ(vm.SwapOut(kIpa + kPageBytes), 0);
  EXPECT_EQ(vm.SwapOut(kIpa + 2 * kPageBytes), kENOSPC);
  EXPECT_EQ(vm.SwapIn(kIpa), 0);  // a slot is free again
  EXPECT_EQ(vm.SwapOut(kIpa + 2 * kPageBytes), 0);
}

TEST(Swap, ThePageCannotComeBackWhileTheHostGaveItAway) {
  SwapBench b;
  b.Populate(0);
  ASSERT_EQ(b.vm.SwapOut(kIpa), 0);
  ASSERT_EQ(b.board.pages.AllocateAt(kTaggedBase), 0);  // another user has it now
  const Stage2FaultResult r = b.vm.HandleStage2Fault(kIpa, false, false);
  EXPECT_EQ(r.outcome, Stage2FaultOutcome::Error);
  EXPECT_EQ(r.error, kENOMEM);
  EXPECT_TRUE(b.vm.SwappedOut(kIpa));  // still in swap, nothing lost
}

TEST(Swap, SwapOutDoesNotDirtyAPageAndSwapInByReadMapsItReadOnlyWhileLogging) {
  SwapBench b;
  b.Populate(0);
  ASSERT_EQ(VmBench::AddSlot(b.vm, 0, kIpa, kSlotSize, kTaggedBase, KVM_MEM_LOG_DIRTY_PAGES), 0);
  ASSERT_EQ(b.vm.SwapOut(kIpa), 0);
  std::vector<uint64_t> bitmap(1, ~uint64_t{0});
  ASSERT_EQ(b.vm.GetDirtyLog(0, bitmap.data()), 0);
  EXPECT_EQ(bitmap[0], 0u);  // swapping is not a guest write
  b.Touch(kIpa);             // a read brings it back
  ASSERT_EQ(b.vm.GetDirtyLog(0, bitmap.data()), 0);
  EXPECT_EQ(bitmap[0], 0u);
  EXPECT_FALSE(b.vm.stage2().Lookup(kIpa).attributes.write);
  // The write that follows is logged, as for any page under logging.
  EXPECT_EQ(b.vm.HandleStage2Fault(kIpa, true, false).outcome, Stage2FaultOutcome::DirtyLogged);
  ASSERT_EQ(b.vm.GetDirtyLog(0, bitmap.data()), 0);
  EXPECT_EQ(bitmap[0], 1u);
}

TEST(Swap, ASwapInForAWriteWhileLoggingIsLogged) {
  SwapBench b;
  b.Populate(0);
  ASSERT_EQ(VmBench::AddSlot(b.vm, 0, kIpa, kSlotSize, kTaggedBase, KVM_MEM_LOG_DIRTY_PAGES), 0);
  ASSERT_EQ(b.vm.SwapOut(kIpa), 0);
  b.Touch(kIpa, true);
  std::vector<uint64_t> bitmap(1, 0);
  ASSERT_EQ(b.vm.GetDirtyLog(0, bitmap.data()), 0);
  EXPECT_EQ(bitmap[0], 1u);
  EXPECT_EQ(b.HostTags(kTaggedBase), SwapBench::PatternTags());
}

TEST(Swap, DeletingTheSlotReleasesItsSwapEntries) {
  HostCapabilities host = Mte3Host();
  host.swap_pages = 1;
  VmBench b(host);
  Vm& vm = b.NewVm();
  ASSERT_EQ(VmBench::AddSlot(vm, 0, kIpa, kSlotSize, kTaggedBase), 0);
  ASSERT_EQ(vm.SwapOut(kIpa), 0);
  EXPECT_EQ(b.hyp.swap().used(), 1u);
  ASSERT_EQ(VmBench::AddSlot(vm, 0, kIpa, 0, kTaggedBase), 0);
  EXPECT_EQ(b.hyp.swap().used(), 0u);
}

TEST(Swap, ClearingTheAccessFlagMakesTheNextAccessAnAccessFlagFault) {
  SwapBench b;
  b.Populate(0);
  EXPECT_TRUE(b.vm.TestAndClearYoung(kIpa));
  EXPECT_FALSE(b.vm.TestAndClearYoung(kIpa));
  const auto walk = b.Walk(b.vm, kIpa);
  EXPECT_FALSE(walk.ok);
  EXPECT_EQ(walk.fault.kind, mtesim::isa::FaultKind::AccessFlag);
  EXPECT_EQ(b.vm.HandleStage2Fault(kIpa, false, false).outcome, Stage2FaultOutcome::Mapped);
  EXPECT_EQ(b.vm.stats().faults_access_flag(), 1u);
  EXPECT_TRUE(b.Walk(b.vm, kIpa).ok);
  EXPECT_TRUE(b.vm.TestAndClearYoung(kIpa));
}

TEST(SwapPolicy, OnlyResidentPagesCountAndGo) {
  SwapBench b;
  for (uint64_t p = 0; p < 4; ++p) b.Populate(p);  // 4 of the slot's 16 pages mapped: resident
  EXPECT_EQ(b.vm.resident_pages(), 4u);
  ClockSwapPolicy clock(2);  // two too many
  uint64_t victims[16];
  // The pages never mapped hold nothing of the guest's: never victims. The first sweep
  // finds every mapped page young and clears them; the second takes the first two.
  EXPECT_EQ(Reclaim(b.vm, clock, victims, 16), 2u);
  EXPECT_EQ(b.vm.resident_pages(), 2u);
  EXPECT_TRUE(b.vm.SwappedOut(kIpa));
  EXPECT_TRUE(b.vm.SwappedOut(kIpa + kPageBytes));
  EXPECT_FALSE(b.vm.SwappedOut(kIpa + 4 * kPageBytes));
  EXPECT_EQ(b.hyp.swap().used(), 2u);
}

TEST(SwapPolicy, ClockGivesMappedPagesASecondChance) {
  SwapBench b;
  for (uint64_t p = 0; p < 16; ++p) b.Populate(p);  // all mapped and young
  ClockSwapPolicy clock(15);
  uint64_t victims[16];
  // First pass: every page young, the hand clears all and comes back to page 0.
  EXPECT_EQ(Reclaim(b.vm, clock, victims, 16), 1u);
  EXPECT_TRUE(b.vm.SwappedOut(kIpa));
  // Page 1 used again (its access flag fault sets AF), page 2 not: page 2 goes.
  b.Touch(kIpa + kPageBytes);
  ClockSwapPolicy tighter(14);
  EXPECT_EQ(Reclaim(b.vm, tighter, victims, 16), 1u);
  EXPECT_FALSE(b.vm.SwappedOut(kIpa + kPageBytes));
  EXPECT_TRUE(b.vm.SwappedOut(kIpa + 2 * kPageBytes));
}

TEST(SwapPolicy, NothingIsReclaimedUnderTheLimitOrByDefault) {
  SwapBench b;
  b.Populate(0);
  uint64_t victims[16];
  ClockSwapPolicy clock(16);
  EXPECT_EQ(Reclaim(b.vm, clock, victims, 16), 0u);
  EXPECT_EQ(Reclaim(b.vm, *DefaultSwapPolicy(), victims, 16), 0u);
}

TEST(SwapPolicy, ARangeTakesEveryResidentPageOrOnlyTheMappedOnes) {
  SwapBench b;
  b.Populate(1);
  b.Populate(3);
  uint64_t victims[16];
  RangeSwapPolicy mapped(kIpa, 4 * kPageBytes, true);
  EXPECT_EQ(Reclaim(b.vm, mapped, victims, 16), 2u);
  EXPECT_TRUE(b.vm.SwappedOut(kIpa + kPageBytes));
  EXPECT_TRUE(b.vm.SwappedOut(kIpa + 3 * kPageBytes));
  EXPECT_EQ(b.vm.resident_pages(), 0u);  // the mapped ones went
  RangeSwapPolicy all(kIpa, 4 * kPageBytes);
  EXPECT_EQ(Reclaim(b.vm, all, victims, 16), 2u);  // pages 0 and 2; 1 and 3 already out
  EXPECT_EQ(b.hyp.swap().used(), 4u);
}
