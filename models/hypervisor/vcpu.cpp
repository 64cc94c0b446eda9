#include "models/hypervisor/vcpu.h"

#include "isa/register_fields.h"
#include "models/hypervisor/kvm_api.h"
#include "models/hypervisor/kvm_errors.h"

namespace mtesim::hyp {
namespace {

struct SysregId {
  SavedSysreg reg;
  uint64_t id;
  bool mte;  // exists only when the VM has MTE
};

// Encodings from the Arm ARM's system register descriptions (op0, op1, CRn, CRm, op2).
constexpr SysregId kSysregs[] = {
    {SavedSysreg::SCTLR_EL1, KvmSysReg(3, 0, 1, 0, 0), false},
    {SavedSysreg::CPACR_EL1, KvmSysReg(3, 0, 1, 0, 2), false},
    {SavedSysreg::TTBR0_EL1, KvmSysReg(3, 0, 2, 0, 0), false},
    {SavedSysreg::TTBR1_EL1, KvmSysReg(3, 0, 2, 0, 1), false},
    {SavedSysreg::TCR_EL1, KvmSysReg(3, 0, 2, 0, 2), false},
    {SavedSysreg::ESR_EL1, KvmSysReg(3, 0, 5, 2, 0), false},
    {SavedSysreg::AFSR0_EL1, KvmSysReg(3, 0, 5, 1, 0), false},
    {SavedSysreg::AFSR1_EL1, KvmSysReg(3, 0, 5, 1, 1), false},
    {SavedSysreg::FAR_EL1, KvmSysReg(3, 0, 6, 0, 0), false},
    {SavedSysreg::PAR_EL1, KvmSysReg(3, 0, 7, 4, 0), false},
    {SavedSysreg::MAIR_EL1, KvmSysReg(3, 0, 10, 2, 0), false},
    {SavedSysreg::AMAIR_EL1, KvmSysReg(3, 0, 10, 3, 0), false},
    {SavedSysreg::VBAR_EL1, KvmSysReg(3, 0, 12, 0, 0), false},
    {SavedSysreg::CONTEXTIDR_EL1, KvmSysReg(3, 0, 13, 0, 1), false},
    {SavedSysreg::TPIDR_EL1, KvmSysReg(3, 0, 13, 0, 4), false},
    {SavedSysreg::TPIDR_EL0, KvmSysReg(3, 3, 13, 0, 2), false},
    {SavedSysreg::TPIDRRO_EL0, KvmSysReg(3, 3, 13, 0, 3), false},
    {SavedSysreg::CNTKCTL_EL1, KvmSysReg(3, 0, 14, 1, 0), false},
    {SavedSysreg::CSSELR_EL1, KvmSysReg(3, 2, 0, 0, 0), false},
    // The timer ids of arch/arm64/include/uapi/asm/kvm.h: KVM_REG_ARM_TIMER_CVAL carries
    // CNTV_CVAL_EL0 under CNTVCT_EL0's encoding (KVM's ABI swapped them for good).
    {SavedSysreg::CNTV_CTL_EL0, KvmSysReg(3, 3, 14, 3, 1), false},   // KVM_REG_ARM_TIMER_CTL
    {SavedSysreg::CNTV_CVAL_EL0, KvmSysReg(3, 3, 14, 0, 2), false},  // KVM_REG_ARM_TIMER_CVAL
    {SavedSysreg::CNTP_CTL_EL0, KvmSysReg(3, 3, 14, 2, 1), false},   // KVM_REG_ARM_PTIMER_CTL
    {SavedSysreg::CNTP_CVAL_EL0, KvmSysReg(3, 3, 14, 2, 2), false},  // KVM_REG_ARM_PTIMER_CVAL
    {SavedSysreg::GCR_EL1, KvmSysReg(3, 0, 1, 0, 6), true},
    {SavedSysreg::RGSR_EL1, KvmSysReg(3, 0, 1, 0, 5), true},
    {SavedSysreg::TFSR_EL1, KvmSysReg(3, 0, 5, 6, 0), true},
    {SavedSysreg::TFSRE0_EL1, KvmSysReg(3, 0, 5, 6, 1), true},
};
constexpr uint64_t kIdAa64Pfr1 = KvmSysReg(3, 0, 0, 4, 1);
constexpr uint64_t kCoreIds[] = {KVM_CORE_SP, KVM_CORE_PC, KVM_CORE_PSTATE, KVM_CORE_SP_EL1, KVM_CORE_ELR_EL1,
                                 KVM_CORE_SPSR_EL1};

// KVM's vcpu_reset SCTLR_EL1 value (RES1 bits, MMU and caches off).
constexpr uint64_t kSctlrEl1Reset = 0x00C50078;

}  // namespace

Vcpu::Vcpu(unsigned id, const isa::MteFeatures& mte)
    : id_(id), mte_(mte), ids_(isa::WithMteFeatures(isa::IdRegisters{}, mte)) {
  state_.sys(SavedSysreg::SCTLR_EL1) = kSctlrEl1Reset;
}

bool Vcpu::VmIdRegister(unsigned crm, unsigned op2, uint64_t* value) const {
  if (crm != 4 || op2 > 2) return false;
  *value = op2 == 0 ? ids_.ID_AA64PFR0_EL1 : op2 == 1 ? ids_.ID_AA64PFR1_EL1 : ids_.ID_AA64PFR2_EL1;
  return true;
}

uint64_t* Vcpu::CoreRegister(uint64_t id) {
  const uint64_t offset = id & 0xFFFF;
  if (offset < 62 && offset % 2 == 0) return &state_.x[offset / 2];
  switch (offset) {
    case 62: return &state_.sp_el0;
    case 64: return &state_.pc;
    case 66: return &state_.pstate;
    case 68: return &state_.sp_el1;
    case 70: return &state_.elr_el1;
    case 72: return &state_.spsr_el1;
    default: return nullptr;
  }
}

int Vcpu::SysregIndex(uint64_t id) const {
  for (const SysregId& s : kSysregs)
    if (s.id == id) return s.mte && !mte() ? -1 : static_cast<int>(s.reg);
  return -1;
}

int Vcpu::GetOneReg(uint64_t id, uint64_t* value) const {
  if (!value) return kEFAULT;  // KVM: put_user to a bad address
  if ((id & ~KVM_REG_SIZE_MASK) >> 32 != KVM_REG_ARM64 >> 32) return kEINVAL;
  if ((id & KVM_REG_SIZE_MASK) != KVM_REG_SIZE_U64) return kEINVAL;
  const uint64_t coproc = id & KVM_REG_ARM_COPROC_MASK;
  if (coproc == KVM_REG_ARM_CORE) {
    const uint64_t* r = const_cast<Vcpu*>(this)->CoreRegister(id);
    if (!r) return kEINVAL;
    *value = *r;
    return 0;
  }
  if (coproc != KVM_REG_ARM64_SYSREG) return kENOENT;
  if (id == kIdAa64Pfr1) {
    *value = ids_.ID_AA64PFR1_EL1;
    return 0;
  }
  const int i = SysregIndex(id);
  if (i < 0) return kENOENT;
  *value = state_.sysregs[i];
  return 0;
}

int Vcpu::SetOneReg(uint64_t id, uint64_t value) {
  if ((id & ~KVM_REG_SIZE_MASK) >> 32 != KVM_REG_ARM64 >> 32) return kEINVAL;
  if ((id & KVM_REG_SIZE_MASK) != KVM_REG_SIZE_U64) return kEINVAL;
  const uint64_t coproc = id & KVM_REG_ARM_COPROC_MASK;
  if (coproc == KVM_REG_ARM_CORE) {
    uint64_t* r = CoreRegister(id);
    if (!r) return kEINVAL;
    // KVM's set_core_reg: PSTATE must name an AArch64 EL0 or EL1 mode (this model has no
    // AArch32 and the guest has no EL2).
    if (r == &state_.pstate) {
      const uint64_t mode = value & 0x1F;
      if (mode != 0x0 && mode != 0x4 && mode != 0x5) return kEINVAL;
    }
    *r = value;
    return 0;
  }
  if (coproc != KVM_REG_ARM64_SYSREG) return kENOENT;
  // ID registers are the VM's configuration, set by KVM_CAP_ARM_MTE: a write must agree.
  if (id == kIdAa64Pfr1) return value == ids_.ID_AA64PFR1_EL1 ? 0 : kEINVAL;
  const int i = SysregIndex(id);
  if (i < 0) return kENOENT;
  state_.sysregs[i] = value;
  return 0;
}

int Vcpu::GetRegList(uint64_t* n, uint64_t* ids) const {
  uint64_t count = 31 + sizeof kCoreIds / sizeof kCoreIds[0] + 1;
  for (const SysregId& s : kSysregs) count += !s.mte || mte();
  if (!n) return kEFAULT;
  if (*n < count) {
    *n = count;
    return kE2BIG;
  }
  if (!ids) return kEFAULT;
  uint64_t k = 0;
  for (unsigned i = 0; i < 31; ++i) ids[k++] = KvmCoreX(i);
  for (uint64_t c : kCoreIds) ids[k++] = c;
  ids[k++] = kIdAa64Pfr1;
  for (const SysregId& s : kSysregs)
    if (!s.mte || mte()) ids[k++] = s.id;
  *n = count;
  return 0;
}

uint64_t Vcpu::hcr_el2() const {
  namespace h = isa::hcr;
  // KVM's HCR_GUEST_FLAGS: stage 2 on, traps for set/way, WFx, ID group 3, IMPDEF and
  // auxiliary control registers, SMC, LORegions; broadcast TLBI/barriers Inner Shareable;
  // AArch64 EL1; physical interrupts routed to EL2.
  uint64_t hcr = uint64_t{1} << h::VM | uint64_t{1} << h::SWIO | uint64_t{1} << h::PTW | uint64_t{1} << h::FMO |
                 uint64_t{1} << h::IMO | uint64_t{1} << h::AMO | uint64_t{1} << h::FB | uint64_t{1} << h::BSU |
                 uint64_t{1} << h::TWI | uint64_t{1} << h::TWE | uint64_t{1} << h::TID3 | uint64_t{1} << h::TSC |
                 uint64_t{1} << h::TIDCP | uint64_t{1} << h::TACR | uint64_t{1} << h::TSW | uint64_t{1} << h::RW |
                 uint64_t{1} << h::TLOR;
  if (mte()) hcr |= uint64_t{1} << h::ATA;  // KVM's vcpu_reset_hcr with kvm_has_mte()
  return hcr;
}

int Vcpu::SetVcpuEvents(const KvmVcpuEvents& events) {
  if (events.exception.serror_pending || events.exception.serror_has_esr) return kEINVAL;
  if (events.exception.ext_dabt_pending) ext_dabt_pending_ = true;
  return 0;
}

}  // namespace mtesim::hyp
