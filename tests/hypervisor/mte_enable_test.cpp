// KVM_CAP_ARM_MTE: when it may be enabled, the levels, and its effect on the vCPUs
// (HCR_EL2.ATA, ID_AA64PFR1_EL1.MTE, the MTE registers' visibility through one-reg).
#include <gtest/gtest.h>

#include <algorithm>

#include "isa/register_fields.h"
#include "vm_test_bench.h"

using namespace hyp_test;

namespace {
const uint64_t kGcr = KvmSysReg(3, 0, 1, 0, 6);
const uint64_t kRgsr = KvmSysReg(3, 0, 1, 0, 5);
const uint64_t kTfsr = KvmSysReg(3, 0, 5, 6, 0);
const uint64_t kTfsre0 = KvmSysReg(3, 0, 5, 6, 1);
const uint64_t kPfr1 = KvmSysReg(3, 0, 0, 4, 1);
unsigned MteField(uint64_t pfr1) { return (pfr1 >> 8) & 0xF; }
}  // namespace

TEST(MteEnable, BeforeAnyVcpuSucceeds) {
  VmBench b;
  Vm& vm = b.NewVm();
  EXPECT_EQ(VmBench::EnableMte(vm), 0);
  EXPECT_TRUE(vm.mte_enabled());
}

TEST(MteEnable, AfterAVcpuExistsIsEinval) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(vm.CreateVcpu(0), 0);
  EXPECT_EQ(VmBench::EnableMte(vm), kEINVAL);
  EXPECT_FALSE(vm.mte_enabled());
}

TEST(MteEnable, NonzeroFlagsAreEinval) {
  VmBench b;
  Vm& vm = b.NewVm();
  EXPECT_EQ(VmBench::EnableMte(vm, kMteLevelHost, 1), kEINVAL);
}

TEST(MteEnable, HostWithoutMteIsEinval) {
  VmBench b(HostCapabilities{});
  Vm& vm = b.NewVm();
  EXPECT_EQ(VmBench::EnableMte(vm), kEINVAL);
}

TEST(MteEnable, ALevelTheHostLacksIsEinval) {
  HostCapabilities host;
  host.mte.level = 2;
  VmBench b(host);
  Vm& vm = b.NewVm();
  EXPECT_EQ(VmBench::EnableMte(vm, kMteLevel3), kEINVAL);
  EXPECT_FALSE(vm.mte_enabled());
}

TEST(MteEnable, AnUnknownLevelIsEinval) {
  VmBench b;
  Vm& vm = b.NewVm();
  EXPECT_EQ(VmBench::EnableMte(vm, 1), kEINVAL);
  EXPECT_EQ(VmBench::EnableMte(vm, 4), kEINVAL);
}

TEST(MteEnable, TheGuestGetsExactlyTheLevelAskedFor) {
  VmBench b;  // MTE3 host
  Vm& vm = b.NewVm();
  ASSERT_EQ(VmBench::EnableMte(vm, kMteLevel2), 0);
  ASSERT_EQ(vm.CreateVcpu(0), 0);
  EXPECT_EQ(MteField(vm.GetVcpu(0)->id_aa64pfr1_el1()), 2u);
}

TEST(MteEnable, HostGivesTheHostsLevelWithoutOptionalFeatures) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(VmBench::EnableMte(vm, kMteLevelHost), 0);
  EXPECT_EQ(vm.mte().level, 3u);
  EXPECT_FALSE(vm.mte().store_only);
}

TEST(MteEnable, MaxGivesEveryFeatureTheHostHas) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(VmBench::EnableMte(vm, kMteLevelMax), 0);
  EXPECT_EQ(vm.mte().level, 3u);
  EXPECT_TRUE(vm.mte().store_only);
}

TEST(MteEnable, OffLeavesMteDisabled) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(VmBench::EnableMte(vm, kMteLevel3), 0);
  ASSERT_EQ(VmBench::EnableMte(vm, kMteLevelOff), 0);
  EXPECT_FALSE(vm.mte_enabled());
}

TEST(MteEffect, HcrAtaIsSetForEveryVcpuOnlyWithMte) {
  VmBench b;
  Vm& with = b.NewVm();
  Vm& without = b.NewVm();
  ASSERT_EQ(VmBench::EnableMte(with), 0);
  for (unsigned i = 0; i < 2; ++i) {
    ASSERT_EQ(with.CreateVcpu(i), 0);
    ASSERT_EQ(without.CreateVcpu(i), 0);
    EXPECT_TRUE(with.GetVcpu(i)->hcr_el2() >> mtesim::isa::hcr::ATA & 1);
    EXPECT_FALSE(without.GetVcpu(i)->hcr_el2() >> mtesim::isa::hcr::ATA & 1);
    EXPECT_TRUE(with.GetVcpu(i)->hcr_el2() >> mtesim::isa::hcr::VM & 1);
  }
}

TEST(MteEffect, IdFieldReadsZeroWithoutMte) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(vm.CreateVcpu(0), 0);
  uint64_t pfr1 = ~0ull;
  ASSERT_EQ(vm.GetVcpu(0)->GetOneReg(kPfr1, &pfr1), 0);
  EXPECT_EQ(MteField(pfr1), 0u);
}

TEST(MteEffect, IdFieldReadsTheLevelWithMte) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(VmBench::EnableMte(vm, kMteLevel3), 0);
  ASSERT_EQ(vm.CreateVcpu(0), 0);
  uint64_t pfr1 = 0;
  ASSERT_EQ(vm.GetVcpu(0)->GetOneReg(kPfr1, &pfr1), 0);
  EXPECT_EQ(MteField(pfr1), 3u);
}

TEST(MteEffect, MteRegistersAreHiddenWithoutMte) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(vm.CreateVcpu(0), 0);
  Vcpu& v = *vm.GetVcpu(0);
  uint64_t value = 0;
  for (uint64_t id : {kGcr, kRgsr, kTfsr, kTfsre0}) {
    EXPECT_EQ(v.GetOneReg(id, &value), kENOENT);
    EXPECT_EQ(v.SetOneReg(id, 1), kENOENT);
  }
}

TEST(MteEffect, MteRegistersArePerVcpuStateWithMte) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(VmBench::EnableMte(vm), 0);
  ASSERT_EQ(vm.CreateVcpu(0), 0);
  ASSERT_EQ(vm.CreateVcpu(1), 0);
  const uint64_t ids[] = {kGcr, kRgsr, kTfsr, kTfsre0};
  for (unsigned i = 0; i < 4; ++i) {
    ASSERT_EQ(vm.GetVcpu(0)->SetOneReg(ids[i], 0x100 + i), 0);
    ASSERT_EQ(vm.GetVcpu(1)->SetOneReg(ids[i], 0x200 + i), 0);
  }
  for (unsigned i = 0; i < 4; ++i) {
    uint64_t v0 = 0, v1 = 0;
    ASSERT_EQ(vm.GetVcpu(0)->GetOneReg(ids[i], &v0), 0);
    ASSERT_EQ(vm.GetVcpu(1)->GetOneReg(ids[i], &v1), 0);
    EXPECT_EQ(v0, 0x100u + i);
    EXPECT_EQ(v1, 0x200u + i);
  }
  EXPECT_EQ(vm.GetVcpu(0)->state().sys(SavedSysreg::GCR_EL1), 0x100u);
}

TEST(MteEffect, RegListNamesTheMteRegistersOnlyWithMte) {
  VmBench b;
  Vm& with = b.NewVm();
  Vm& without = b.NewVm();
  ASSERT_EQ(VmBench::EnableMte(with), 0);
  ASSERT_EQ(with.CreateVcpu(0), 0);
  ASSERT_EQ(without.CreateVcpu(0), 0);
  uint64_t ids[128], n = 128;
  ASSERT_EQ(with.GetVcpu(0)->GetRegList(&n, ids), 0);
  EXPECT_NE(std::find(ids, ids + n, kGcr), ids + n);
  n = 128;
  ASSERT_EQ(without.GetVcpu(0)->GetRegList(&n, ids), 0);
  EXPECT_EQ(std::find(ids, ids + n, kGcr), ids + n);
}
