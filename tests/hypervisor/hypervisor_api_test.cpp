// Hypervisor: KVM_CREATE_VM's IPA size, KVM_CHECK_EXTENSION, VMIDs, VM descriptors.
#include <gtest/gtest.h>

#include "vm_test_bench.h"

using namespace hyp_test;

TEST(Hypervisor, CreateVmTypeZeroGivesKvmsDefault40BitIpa) {
  VmBench b;
  EXPECT_EQ(b.NewVm(0).ipa_bits(), 40u);
}

TEST(Hypervisor, CreateVmTakesTheIpaSizeFromTheType) {
  VmBench b;
  EXPECT_EQ(b.NewVm(36).ipa_bits(), 36u);
}

TEST(Hypervisor, CreateVmBelow32IpaBitsIsEinval) {
  VmBench b;
  EXPECT_EQ(b.hyp.CreateVm(31), kEINVAL);
}

TEST(Hypervisor, CreateVmAboveTheHostsIpaLimitIsEinval) {
  HostCapabilities host = Mte3Host();
  host.pa_bits = 40;
  VmBench b(host);
  EXPECT_EQ(b.hyp.CreateVm(41), kEINVAL);
  EXPECT_GE(b.hyp.CreateVm(40), 0);
}

TEST(Hypervisor, CreateVmWithUnknownTypeBitsIsEinval) {
  VmBench b;
  EXPECT_EQ(b.hyp.CreateVm(0x100 | 40), kEINVAL);
}

TEST(Hypervisor, CheckExtensionReportsTheHost) {
  VmBench b;
  EXPECT_EQ(b.hyp.CheckExtension(KVM_CAP_ARM_MTE), 1);
  EXPECT_EQ(b.hyp.CheckExtension(KVM_CAP_ARM_MTE_PERM), 1);
  EXPECT_EQ(b.hyp.CheckExtension(KVM_CAP_ARM_VM_IPA_SIZE), 48);
  EXPECT_EQ(b.hyp.CheckExtension(KVM_CAP_NR_VCPUS), 8);
  EXPECT_EQ(b.hyp.CheckExtension(KVM_CAP_MAX_VCPUS), 8);
  EXPECT_EQ(b.hyp.CheckExtension(KVM_CAP_NR_MEMSLOTS), 32);
  EXPECT_EQ(b.hyp.CheckExtension(12345), 0);
}

TEST(Hypervisor, CheckExtensionWithoutHostMteReportsNoMte) {
  VmBench b(HostCapabilities{});
  EXPECT_EQ(b.hyp.CheckExtension(KVM_CAP_ARM_MTE), 0);
  EXPECT_EQ(b.hyp.CheckExtension(KVM_CAP_ARM_MTE_PERM), 0);
}

TEST(Hypervisor, LiveVmsNeverShareAVmid) {
  VmBench b;
  Vm& a = b.NewVm();
  Vm& c = b.NewVm();
  EXPECT_NE(a.vmid(), c.vmid());
  EXPECT_NE(a.vmid(), 0u);  // the host's
  EXPECT_NE(a.vttbr() >> 48, c.vttbr() >> 48);
}

TEST(Hypervisor, AClosedVmsVmidIsReused) {
  VmBench b;
  const int fd = b.hyp.CreateVm(0);
  const uint16_t vmid = b.hyp.GetVm(fd)->vmid();
  ASSERT_EQ(b.hyp.DestroyVm(fd), 0);
  EXPECT_EQ(b.NewVm().vmid(), vmid);
}

TEST(Hypervisor, ClosingAnUnknownVmIsEbadf) {
  VmBench b;
  EXPECT_EQ(b.hyp.DestroyVm(7), kEBADF);
  EXPECT_EQ(b.hyp.DestroyVm(-1), kEBADF);
  EXPECT_EQ(b.hyp.GetVm(7), nullptr);
}
