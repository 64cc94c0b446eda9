// KVM_ARM_MTE_COPY_TAGS: every row of hypervisor.md's COPY_TAGS rule.
#include <gtest/gtest.h>

#include <climits>

#include "vm_test_bench.h"

using namespace hyp_test;

namespace {

// A VM with MTE and 16 KiB of tag-capable memory at IPA 0x80000000.
struct CopyBench : VmBench {
  Vm& vm = NewVm();
  std::vector<uint8_t> buffer = std::vector<uint8_t>(4 * kTagsPerPage, 0xEE);
  CopyBench() {
    EXPECT_EQ(EnableMte(vm), 0);
    EXPECT_EQ(AddSlot(vm, 0, 0x80000000, 0x4000, kTaggedBase), 0);
  }
  int64_t Copy(uint64_t ipa, uint64_t length, uint64_t flags) { return CopyTags(vm, ipa, length, buffer.data(), flags); }
};

}  // namespace

TEST(CopyTags, AnUnalignedIpaIsEinval) {
  CopyBench b;
  EXPECT_EQ(b.Copy(0x80000010, 0x1000, KVM_ARM_TAGS_FROM_GUEST), kEINVAL);
}

TEST(CopyTags, AnUnalignedLengthIsEinval) {
  CopyBench b;
  EXPECT_EQ(b.Copy(0x80000000, 0x10, KVM_ARM_TAGS_FROM_GUEST), kEINVAL);
}

TEST(CopyTags, UnknownFlagsAreEinval) {
  CopyBench b;
  EXPECT_EQ(b.Copy(0x80000000, 0x1000, 2), kEINVAL);
}

TEST(CopyTags, NonzeroReservedIsEinval) {
  CopyBench b;
  KvmArmCopyMteTags c;
  c.guest_ipa = 0x80000000;
  c.length = 0x1000;
  c.addr = b.buffer.data();
  c.flags = KVM_ARM_TAGS_FROM_GUEST;
  c.reserved[1] = 1;
  EXPECT_EQ(b.vm.CopyTags(c), kEINVAL);
}

TEST(CopyTags, ALengthAboveIntMaxIsEinval) {
  CopyBench b;
  EXPECT_EQ(b.Copy(0x80000000, uint64_t{INT_MAX} + 1, KVM_ARM_TAGS_FROM_GUEST), kEINVAL);
}

TEST(CopyTags, AVmWithoutMteIsEinval) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(VmBench::AddSlot(vm, 0, 0x80000000, 0x4000, kTaggedBase), 0);
  uint8_t tags[kTagsPerPage];
  EXPECT_EQ(VmBench::CopyTags(vm, 0x80000000, 0x1000, tags, KVM_ARM_TAGS_FROM_GUEST), kEINVAL);
}

TEST(CopyTags, AnIpaOutsideEveryMemslotIsEfault) {
  CopyBench b;
  EXPECT_EQ(b.Copy(0x90000000, 0x1000, KVM_ARM_TAGS_FROM_GUEST), kEFAULT);
  EXPECT_EQ(b.Copy(0x90000000, 0x1000, KVM_ARM_TAGS_TO_GUEST), kEFAULT);
}

TEST(CopyTags, FromGuestOnANeverTaggedPageGivesZeros) {
  CopyBench b;
  b.SetHostTags(kTaggedBase, 0xC);  // stale tags the guest never saw
  ASSERT_EQ(b.Copy(0x80000000, 0x1000, KVM_ARM_TAGS_FROM_GUEST), 0x1000);
  EXPECT_EQ(std::vector<uint8_t>(b.buffer.begin(), b.buffer.begin() + kTagsPerPage),
            std::vector<uint8_t>(kTagsPerPage, 0));
}

TEST(CopyTags, FromGuestGivesTheGuestsTags) {
  CopyBench b;
  ASSERT_EQ(b.vm.HandleStage2Fault(0x80001000, false, false).outcome, Stage2FaultOutcome::Mapped);
  b.SetHostTags(kTaggedBase + 0x1000, 0x9);  // the guest's STGs
  ASSERT_EQ(b.Copy(0x80001000, 0x1000, KVM_ARM_TAGS_FROM_GUEST), 0x1000);
  EXPECT_EQ(std::vector<uint8_t>(b.buffer.begin(), b.buffer.begin() + kTagsPerPage),
            std::vector<uint8_t>(kTagsPerPage, 0x9));
}

TEST(CopyTags, ToGuestMarksThePageTaggedSoItsFirstMapKeepsTheTags) {
  CopyBench b;
  std::fill(b.buffer.begin(), b.buffer.end(), 0x6);
  ASSERT_EQ(b.Copy(0x80000000, 0x1000, KVM_ARM_TAGS_TO_GUEST), 0x1000);
  EXPECT_TRUE(b.board.pages.PageTagged(kTaggedBase));
  ASSERT_EQ(b.vm.HandleStage2Fault(0x80000000, false, false).outcome, Stage2FaultOutcome::Mapped);
  EXPECT_EQ(b.HostTags(kTaggedBase), std::vector<uint8_t>(kTagsPerPage, 0x6));
  EXPECT_EQ(b.vm.stats().pages_sanitised(), 0u);
}

TEST(CopyTags, ToGuestUsesBitsThreeToZeroOfEachByte) {
  CopyBench b;
  std::fill(b.buffer.begin(), b.buffer.end(), 0xF3);
  ASSERT_EQ(b.Copy(0x80000000, 0x1000, KVM_ARM_TAGS_TO_GUEST), 0x1000);
  EXPECT_EQ(b.HostTags(kTaggedBase), std::vector<uint8_t>(kTagsPerPage, 0x3));
}

TEST(CopyTags, ToGuestWhileAnySlotLogsDirtyPagesIsEbusy) {
  CopyBench b;
  ASSERT_EQ(VmBench::AddSlot(b.vm, 1, 0xA0000000, 0x1000, kTagged2Base, KVM_MEM_LOG_DIRTY_PAGES), 0);
  EXPECT_EQ(b.Copy(0x80000000, 0x1000, KVM_ARM_TAGS_TO_GUEST), kEBUSY);
  EXPECT_EQ(b.Copy(0x80000000, 0x1000, KVM_ARM_TAGS_FROM_GUEST), 0x1000);  // reading is fine
}

TEST(CopyTags, APartialCopyReturnsTheBytesOfThePagesCompleted) {
  CopyBench b;
  // Two pages in the slot, then one past its end.
  EXPECT_EQ(b.Copy(0x80002000, 0x3000, KVM_ARM_TAGS_FROM_GUEST), 0x2000);
  EXPECT_EQ(b.Copy(0x80002000, 0x3000, KVM_ARM_TAGS_TO_GUEST), 0x2000);
}

TEST(CopyTags, SuccessReturnsTheLength) {
  CopyBench b;
  EXPECT_EQ(b.Copy(0x80000000, 0x4000, KVM_ARM_TAGS_TO_GUEST), 0x4000);
  EXPECT_EQ(b.Copy(0x80000000, 0x4000, KVM_ARM_TAGS_FROM_GUEST), 0x4000);
}

TEST(CopyTags, ARoundTripIsBitIdentical) {
  CopyBench b;
  for (size_t i = 0; i < b.buffer.size(); ++i) b.buffer[i] = static_cast<uint8_t>(i * 7 % 16);
  const std::vector<uint8_t> sent = b.buffer;
  ASSERT_EQ(b.Copy(0x80000000, 0x4000, KVM_ARM_TAGS_TO_GUEST), 0x4000);
  std::fill(b.buffer.begin(), b.buffer.end(), 0xEE);
  ASSERT_EQ(b.Copy(0x80000000, 0x4000, KVM_ARM_TAGS_FROM_GUEST), 0x4000);
  EXPECT_EQ(b.buffer, sent);
}

TEST(CopyTags, PagesWithoutTagStorageAreEfault) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(VmBench::EnableMte(vm), 0);
  ASSERT_EQ(VmBench::EnableCap(vm, KVM_CAP_ARM_MTE_PERM), 0);
  ASSERT_EQ(VmBench::AddSlot(vm, 0, 0x80000000, 0x4000, kUntaggedBase), 0);
  uint8_t tags[kTagsPerPage];
  EXPECT_EQ(VmBench::CopyTags(vm, 0x80000000, 0x1000, tags, KVM_ARM_TAGS_FROM_GUEST), kEFAULT);
}

TEST(CopyTags, ToAReadOnlySlotIsEfault) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(VmBench::EnableMte(vm), 0);
  ASSERT_EQ(VmBench::AddSlot(vm, 0, 0x80000000, 0x4000, kTaggedBase, KVM_MEM_READONLY), 0);
  uint8_t tags[kTagsPerPage] = {};
  EXPECT_EQ(VmBench::CopyTags(vm, 0x80000000, 0x1000, tags, KVM_ARM_TAGS_TO_GUEST), kEFAULT);
}

TEST(CopyTags, StatisticsCountTheTagBytesCopied) {
  CopyBench b;
  ASSERT_EQ(b.Copy(0x80000000, 0x2000, KVM_ARM_TAGS_TO_GUEST), 0x2000);
  ASSERT_EQ(b.Copy(0x80000000, 0x1000, KVM_ARM_TAGS_FROM_GUEST), 0x1000);
  EXPECT_EQ(b.vm.stats().tag_bytes_copied_to_guest(), 2 * kTagsPerPage);
  EXPECT_EQ(b.vm.stats().tag_bytes_copied_from_guest(), kTagsPerPage);
}

TEST(CopyTags, ANullBufferIsEfault) {
  CopyBench b;
  EXPECT_EQ(VmBench::CopyTags(b.vm, 0x80000000, 0x1000, nullptr, KVM_ARM_TAGS_FROM_GUEST), kEFAULT);
}
