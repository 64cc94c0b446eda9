// The constants of the KVM/arm64 user API the hypervisor model mirrors (values from Linux's
// include/uapi/linux/kvm.h and arch/arm64/include/uapi/asm/kvm.h), so a VMM written
// against this model uses KVM's numbers. Model-only extensions are marked as such.
#pragma once
#include <cstdint>

namespace mtesim::hyp {

// KVM_CHECK_EXTENSION / KVM_ENABLE_CAP capability numbers.
constexpr uint32_t KVM_CAP_NR_VCPUS = 9;
constexpr uint32_t KVM_CAP_NR_MEMSLOTS = 10;
constexpr uint32_t KVM_CAP_MAX_VCPUS = 66;
constexpr uint32_t KVM_CAP_MAX_VCPU_ID = 128;
constexpr uint32_t KVM_CAP_ARM_VM_IPA_SIZE = 165;
constexpr uint32_t KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2 = 168;
constexpr uint32_t KVM_CAP_ARM_MTE = 205;
// Model extension (no KVM number yet): the VM accepts memslots without tag storage while
// MTE is on, mapping them NoTagAccess (FEAT_MTE_PERM). Numbered far above KVM's range.
constexpr uint32_t KVM_CAP_ARM_MTE_PERM = 0x10000;

// KVM_CAP_ARM_MTE's args[0] in this model: the MTE level the guest gets. KVM itself takes
// no argument and gives the host's level, which is what kMteLevelHost (0, the value of a
// zeroed kvm_enable_cap) keeps. The guest gets exactly the level asked for or EINVAL.
constexpr uint64_t kMteLevelHost = 0;  // the host's ID_AA64PFR1_EL1.MTE, no optional MTE4 features
constexpr uint64_t kMteLevel2 = 2;     // FEAT_MTE2
constexpr uint64_t kMteLevel3 = 3;     // FEAT_MTE3
constexpr uint64_t kMteLevelOff = 0xFE;  // explicitly off (MTE stays disabled)
constexpr uint64_t kMteLevelMax = 0xFF;  // the host's level with every optional feature it has

// KVM_CREATE_VM machine type: the IPA size in bits [7:0], 0 for the default of 40 bits.
constexpr uint64_t KVM_VM_TYPE_ARM_IPA_SIZE_MASK = 0xFF;
constexpr unsigned kDefaultIpaBits = 40;
constexpr unsigned kMinIpaBits = 32;  // ARM64_MIN_PARANGE_BITS

// struct kvm_userspace_memory_region flags.
constexpr uint32_t KVM_MEM_LOG_DIRTY_PAGES = 1u << 0;
constexpr uint32_t KVM_MEM_READONLY = 1u << 1;

// struct kvm_arm_copy_mte_tags flags: the direction.
constexpr uint64_t KVM_ARM_TAGS_TO_GUEST = 0;
constexpr uint64_t KVM_ARM_TAGS_FROM_GUEST = 1;

// KVM_{GET,SET}_ONE_REG register ids.
constexpr uint64_t KVM_REG_ARM64 = 0x6000000000000000ull;
constexpr uint64_t KVM_REG_SIZE_MASK = 0x00f0000000000000ull;
constexpr uint64_t KVM_REG_SIZE_U64 = 0x0030000000000000ull;
constexpr uint64_t KVM_REG_ARM_COPROC_MASK = 0x000000000FFF0000ull;
constexpr uint64_t KVM_REG_ARM_CORE = 0x0010ull << 16;
constexpr uint64_t KVM_REG_ARM64_SYSREG = 0x0013ull << 16;

// A core register: its offset in struct kvm_regs in 32-bit words.
constexpr uint64_t KvmCoreReg(uint64_t word_offset) {
  return KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE | word_offset;
}
// struct kvm_regs { user_pt_regs { u64 regs[31], sp, pc, pstate }; u64 sp_el1, elr_el1;
// u64 spsr[5]; ... }: the word offsets of its 64-bit fields.
constexpr uint64_t KvmCoreX(unsigned n) { return KvmCoreReg(2u * n); }
constexpr uint64_t KVM_CORE_SP = KvmCoreReg(62);
constexpr uint64_t KVM_CORE_PC = KvmCoreReg(64);
constexpr uint64_t KVM_CORE_PSTATE = KvmCoreReg(66);
constexpr uint64_t KVM_CORE_SP_EL1 = KvmCoreReg(68);
constexpr uint64_t KVM_CORE_ELR_EL1 = KvmCoreReg(70);
constexpr uint64_t KVM_CORE_SPSR_EL1 = KvmCoreReg(72);  // spsr[KVM_SPSR_EL1 = 0]

// KVM_REG_ARM64_SYSREG(op0, op1, crn, crm, op2).
constexpr uint64_t KvmSysReg(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2) {
  return KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM64_SYSREG | uint64_t{op0} << 14 | uint64_t{op1} << 11 |
         uint64_t{crn} << 7 | uint64_t{crm} << 3 | op2;
}

}  // namespace mtesim::hyp
