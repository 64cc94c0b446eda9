// KVM_CREATE_VCPU limits and KVM_{GET,SET}_ONE_REG / KVM_GET_REG_LIST misuse.
#include <gtest/gtest.h>

#include "vm_test_bench.h"

using namespace hyp_test;

TEST(Vcpu, ASecondVcpuWithTheSameIdIsEexist) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(vm.CreateVcpu(3), 0);
  EXPECT_EQ(vm.CreateVcpu(3), kEEXIST);
}

TEST(Vcpu, AnIdBeyondMaxVcpuIdIsEinval) {
  VmBench b;
  Vm& vm = b.NewVm();
  EXPECT_EQ(vm.CreateVcpu(8), kEINVAL);
}

TEST(Vcpu, MoreVcpusThanMaxVcpusIsEinval) {
  HostCapabilities host = Mte3Host();
  host.max_vcpus = 2;
  VmBench b(host);
  Vm& vm = b.NewVm();
  ASSERT_EQ(vm.CreateVcpu(0), 0);
  ASSERT_EQ(vm.CreateVcpu(1), 0);
  EXPECT_EQ(vm.CreateVcpu(2), kEINVAL);
}

TEST(OneReg, CoreRegistersRoundTrip) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(vm.CreateVcpu(0), 0);
  Vcpu& v = *vm.GetVcpu(0);
  ASSERT_EQ(v.SetOneReg(KvmCoreX(5), 0x55), 0);
  ASSERT_EQ(v.SetOneReg(KVM_CORE_PC, 0x40080000), 0);
  ASSERT_EQ(v.SetOneReg(KVM_CORE_SP_EL1, 0x1234), 0);
  uint64_t x = 0;
  ASSERT_EQ(v.GetOneReg(KvmCoreX(5), &x), 0);
  EXPECT_EQ(x, 0x55u);
  EXPECT_EQ(v.state().pc, 0x40080000u);
  EXPECT_EQ(v.state().sp_el1, 0x1234u);
}

TEST(OneReg, ResetPstateIsEl1hWithInterruptsMasked) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(vm.CreateVcpu(0), 0);
  uint64_t pstate = 0;
  ASSERT_EQ(vm.GetVcpu(0)->GetOneReg(KVM_CORE_PSTATE, &pstate), 0);
  EXPECT_EQ(pstate, 0x3C5u);
}

TEST(OneReg, SystemRegistersRoundTrip) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(vm.CreateVcpu(0), 0);
  const uint64_t ttbr0 = KvmSysReg(3, 0, 2, 0, 0);
  ASSERT_EQ(vm.GetVcpu(0)->SetOneReg(ttbr0, 0x4000), 0);
  EXPECT_EQ(vm.GetVcpu(0)->state().sys(SavedSysreg::TTBR0_EL1), 0x4000u);
}

TEST(OneReg, AnUnknownSystemRegisterIsEnoent) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(vm.CreateVcpu(0), 0);
  uint64_t v = 0;
  EXPECT_EQ(vm.GetVcpu(0)->GetOneReg(KvmSysReg(3, 7, 15, 15, 7), &v), kENOENT);
}

TEST(OneReg, ANon64BitSizeIsEinval) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(vm.CreateVcpu(0), 0);
  uint64_t v = 0;
  const uint64_t u32_pc = (KVM_CORE_PC & ~KVM_REG_SIZE_MASK) | 0x0020000000000000ull;
  EXPECT_EQ(vm.GetVcpu(0)->GetOneReg(u32_pc, &v), kEINVAL);
}

TEST(OneReg, AnIdOfAnotherArchitectureIsEinval) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(vm.CreateVcpu(0), 0);
  uint64_t v = 0;
  EXPECT_EQ(vm.GetVcpu(0)->GetOneReg(0x2030000000100000ull, &v), kEINVAL);
}

TEST(OneReg, AnInvalidCoreOffsetIsEinval) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(vm.CreateVcpu(0), 0);
  uint64_t v = 0;
  EXPECT_EQ(vm.GetVcpu(0)->GetOneReg(KvmCoreReg(1), &v), kEINVAL);
}

TEST(OneReg, AnAArch32OrEl2PstateIsEinval) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(vm.CreateVcpu(0), 0);
  EXPECT_EQ(vm.GetVcpu(0)->SetOneReg(KVM_CORE_PSTATE, 0x10), kEINVAL);  // AArch32 User
  EXPECT_EQ(vm.GetVcpu(0)->SetOneReg(KVM_CORE_PSTATE, 0x9), kEINVAL);   // EL2h
  EXPECT_EQ(vm.GetVcpu(0)->SetOneReg(KVM_CORE_PSTATE, 0x3C4), 0);       // EL1t
}

TEST(OneReg, AnIdRegisterWriteMustAgreeWithTheVm) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(vm.CreateVcpu(0), 0);
  const uint64_t pfr1 = KvmSysReg(3, 0, 0, 4, 1);
  uint64_t v = 0;
  ASSERT_EQ(vm.GetVcpu(0)->GetOneReg(pfr1, &v), 0);
  EXPECT_EQ(vm.GetVcpu(0)->SetOneReg(pfr1, v), 0);
  EXPECT_EQ(vm.GetVcpu(0)->SetOneReg(pfr1, v | 2ull << 8), kEINVAL);  // MTE2 the VM lacks
}

TEST(OneReg, ATooSmallRegListIsE2bigWithTheCount) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(vm.CreateVcpu(0), 0);
  uint64_t ids[4], n = 4;
  EXPECT_EQ(vm.GetVcpu(0)->GetRegList(&n, ids), kE2BIG);
  EXPECT_GT(n, 4u);
}

TEST(OneReg, ANullBufferIsEfault) {
  VmBench b;
  Vm& vm = b.NewVm();
  ASSERT_EQ(vm.CreateVcpu(0), 0);
  EXPECT_EQ(vm.GetVcpu(0)->GetOneReg(KVM_CORE_PC, nullptr), kEFAULT);
  EXPECT_EQ(vm.GetVcpu(0)->GetRegList(nullptr, nullptr), kEFAULT);
  uint64_t n = 1000;
  EXPECT_EQ(vm.GetVcpu(0)->GetRegList(&n, nullptr), kEFAULT);
}
