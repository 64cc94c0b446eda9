// A vCPU's saved state and its KVM_{GET,SET}_ONE_REG interface. The state is what a world
// switch saves when the vCPU leaves a PE and restores when it enters one (KVM's
// kvm_cpu_context: general registers, PC, PSTATE, the EL1 system registers and, with MTE,
// GCR_EL1, RGSR_EL1, TFSR_EL1 and TFSRE0_EL1), and the EL1 timers' control and compare
// registers (KVM_REG_ARM_TIMER_CTL/CVAL, KVM_REG_ARM_PTIMER_CTL/CVAL). Register ids are KVM's. As KVM's
// sys_regs.c (mte_visibility), the MTE registers exist for the VMM only while the VM has
// MTE, and ID_AA64PFR1_EL1.MTE reads 0 without it.
#pragma once
#include <cstdint>

#include "isa/arch_state.h"

namespace mtesim::hyp {

// The EL1 (and EL0 thread) system registers a world switch saves.
enum class SavedSysreg : uint8_t {
  SCTLR_EL1, CPACR_EL1, TTBR0_EL1, TTBR1_EL1, TCR_EL1, ESR_EL1, AFSR0_EL1, AFSR1_EL1, FAR_EL1, PAR_EL1,
  MAIR_EL1, AMAIR_EL1, VBAR_EL1, CONTEXTIDR_EL1, TPIDR_EL1, TPIDR_EL0, TPIDRRO_EL0, CNTKCTL_EL1, CSSELR_EL1,
  // The EL1 virtual and physical timers, which the guest owns while it runs (KVM's
  // vtimer and ptimer contexts).
  CNTV_CTL_EL0, CNTV_CVAL_EL0, CNTP_CTL_EL0, CNTP_CVAL_EL0,
  // FEAT_MTE2: only with MTE on.
  GCR_EL1, RGSR_EL1, TFSR_EL1, TFSRE0_EL1,
  kCount
};

// struct kvm_vcpu_events' exception part (KVM_{GET,SET}_VCPU_EVENTS). Only the external
// data abort is modelled; SError injection is not (serror_pending is refused).
struct KvmVcpuEvents {
  struct {
    uint8_t serror_pending = 0;
    uint8_t serror_has_esr = 0;
    uint8_t ext_dabt_pending = 0;
    uint64_t serror_esr = 0;
  } exception;
};

struct VcpuState {
  uint64_t x[31] = {};
  uint64_t sp_el0 = 0;
  uint64_t pc = 0;
  uint64_t pstate = 0x3C5;  // EL1h, DAIF masked: KVM's reset PSTATE for an AArch64 vCPU
  uint64_t sp_el1 = 0, elr_el1 = 0, spsr_el1 = 0;
  uint64_t sysregs[static_cast<unsigned>(SavedSysreg::kCount)] = {};

  uint64_t& sys(SavedSysreg r) { return sysregs[static_cast<unsigned>(r)]; }
  uint64_t sys(SavedSysreg r) const { return sysregs[static_cast<unsigned>(r)]; }
};

class Vcpu {
 public:
  // `mte`: the VM's MTE features, fixed once a vCPU exists (KVM refuses the capability
  // after KVM_CREATE_VCPU).
  Vcpu(unsigned id, const isa::MteFeatures& mte);

  unsigned id() const { return id_; }
  bool mte() const { return mte_.level >= 2; }

  // KVM_GET_ONE_REG / KVM_SET_ONE_REG. EINVAL for an id not of arm64 or not 64-bit, or an
  // invalid core offset, or a value KVM would refuse (an AArch32 or EL2 PSTATE mode, an ID
  // register value other than the VM's); ENOENT for an unknown or hidden register.
  int GetOneReg(uint64_t id, uint64_t* value) const;
  int SetOneReg(uint64_t id, uint64_t value);
  // KVM_GET_REG_LIST: fills ids[0..*n) and sets *n to the count; E2BIG (with *n set) when
  // *n was too small.
  int GetRegList(uint64_t* n, uint64_t* ids) const;

  // HCR_EL2 while this vCPU runs: KVM's HCR_GUEST_FLAGS, plus ATA when the VM has MTE
  // (so guest tag accesses and the MTE registers do not trap).
  uint64_t hcr_el2() const;
  // ID_AA64PFR1_EL1 as the guest reads it.
  uint64_t id_aa64pfr1_el1() const { return ids_.ID_AA64PFR1_EL1; }
  // The ID registers whose guest view is the VM's rather than the host's (KVM's
  // read_id_reg sanitising): ID_AA64PFR0_EL1 (no EL2 or EL3 for the guest, the GIC field
  // as the VM's interrupt controller), ID_AA64PFR1_EL1 and ID_AA64PFR2_EL1 (the VM's
  // MTE). `crm`/`op2` name it within the ID group (op0 3, op1 0, CRn 0); false for the
  // registers that read as the host's.
  bool VmIdRegister(unsigned crm, unsigned op2, uint64_t* value) const;

  VcpuState& state() { return state_; }
  const VcpuState& state() const { return state_; }

  // KVM's vcpu_has_run_once: set by the first KVM_RUN (some VM set-up is refused after).
  bool has_run() const { return has_run_; }
  void MarkRun() { has_run_ = true; }

  // KVM_SET_VCPU_EVENTS: ext_dabt_pending makes the next entry deliver a synchronous
  // external abort to the guest (the VMM's answer to a fault it cannot resolve, as
  // QEMU's kvm_arm_set_vcpu_events). EINVAL for what is not modelled (SError).
  int SetVcpuEvents(const KvmVcpuEvents& events);
  // The run loop takes the pending abort when it re-enters the guest.
  bool TakeExtDabtPending() {
    const bool p = ext_dabt_pending_;
    ext_dabt_pending_ = false;
    return p;
  }

 private:
  bool ext_dabt_pending_ = false;
  bool has_run_ = false;
  // The saved system register a KVM sysreg id names, or -1 (unknown or hidden).
  int SysregIndex(uint64_t id) const;
  uint64_t* CoreRegister(uint64_t id);

  unsigned id_;
  isa::MteFeatures mte_;
  isa::IdRegisters ids_;
  VcpuState state_;
};

}  // namespace mtesim::hyp
