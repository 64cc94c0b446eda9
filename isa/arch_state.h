// Architectural state of one PE as the Arm ARM describes it (AArch64 only, EL0/EL1 visible
// to the guest; EL2 is the hypervisor model's).
#pragma once
#include <cstdint>

namespace mtesim::isa {

// PSTATE fields (ProcState in the pseudocode).
struct ProcState {
  bool N = false, Z = false, C = false, V = false;
  bool D = true, A = true, I = true, F = true;
  bool SP = true;  // SPSel: 0 = SP_EL0, 1 = SP_ELx
  uint8_t EL = 1;
  bool PAN = false, UAO = false, TCO = false, SS = false, IL = false, DIT = false, SSBS = false;
  uint8_t BTYPE = 0;
};

// SPSR_ELx / DSPSR layout of PSTATE for AArch64 (D1.4 of the Arm ARM).
uint64_t PstateToSpsr(const ProcState& p);
ProcState SpsrToPstate(uint64_t spsr);

// The EL1&0 system registers that have plain storage. Registers with behaviour (counters,
// ID registers, PSTATE views) are computed in system_registers.cpp.
struct SystemRegisters {
  uint64_t SCTLR_EL1 = 0x30D00800;  // RES1 bits, MMU/caches off
  uint64_t ACTLR_EL1 = 0;
  uint64_t CPACR_EL1 = 0;
  uint64_t TTBR0_EL1 = 0, TTBR1_EL1 = 0, TCR_EL1 = 0;
  uint64_t MAIR_EL1 = 0, AMAIR_EL1 = 0;
  uint64_t VBAR_EL1 = 0;
  uint64_t ESR_EL1 = 0, FAR_EL1 = 0, PAR_EL1 = 0;
  uint64_t ELR_EL1 = 0, SPSR_EL1 = 0;
  uint64_t AFSR0_EL1 = 0, AFSR1_EL1 = 0;
  uint64_t CONTEXTIDR_EL1 = 0;
  uint64_t TPIDR_EL0 = 0, TPIDRRO_EL0 = 0, TPIDR_EL1 = 0;
  uint64_t CSSELR_EL1 = 0;
  uint64_t MDSCR_EL1 = 0, OSDLR_EL1 = 0;
  uint64_t OSLSR_EL1 = 0xA;  // OSLM = 0b10, OSLK = 1: the OS lock is set at cold reset
  uint64_t MDCCINT_EL1 = 0;
  uint64_t CNTKCTL_EL1 = 0;
  uint64_t CNTV_CTL_EL0 = 0, CNTV_CVAL_EL0 = 0;
  uint64_t CNTP_CTL_EL0 = 0, CNTP_CVAL_EL0 = 0;
  uint64_t CNTVOFF_EL2 = 0;
  uint64_t LORSA_EL1 = 0, LOREA_EL1 = 0, LORN_EL1 = 0, LORC_EL1 = 0;
  // FEAT_MTE2
  uint64_t GCR_EL1 = 0, RGSR_EL1 = 0;
  uint64_t TFSR_EL1 = 0, TFSRE0_EL1 = 0;
};

// The Memory Tagging features a PE implements (its ID registers are derived from this).
struct MteFeatures {
  unsigned level = 0;           // ID_AA64PFR1_EL1.MTE: 0 none, 1 FEAT_MTE, 2 FEAT_MTE2, 3 FEAT_MTE3
  bool canonical_tags = false;  // FEAT_MTE_CANONICAL_TAGS + FEAT_MTE_NO_ADDRESS_TAGS (MTEX)
  bool tagged_far = false;      // FEAT_MTE_TAGGED_FAR
  bool store_only = false;      // FEAT_MTE_STORE_ONLY
  unsigned gmid_bs = 6;         // GMID_EL1.BS: LDGM/STGM blocks of 4 << BS bytes (2..6)
};

// Identification registers. The platform fills them from its configuration; the defaults
// describe an Armv8.5 core with FEAT_LSE, FEAT_LSE2, FEAT_PAN, FEAT_UAO and no FP/SIMD.
struct IdRegisters {
  uint64_t MIDR_EL1 = 0x410FD820;     // Arm, Cortex-X4 class part
  uint64_t REVIDR_EL1 = 0;
  uint64_t MPIDR_EL1 = 0x80000000;    // U = 0, MT = 0, Aff0 = PE index
  uint64_t ID_AA64PFR0_EL1 = 0x11ull | 0xFull << 16 | 0xFull << 20 | 1ull << 48 | 1ull << 56 | 1ull << 60;
  uint64_t ID_AA64PFR1_EL1 = 1ull << 4;  // SSBS
  uint64_t ID_AA64PFR2_EL1 = 0;
  uint64_t ID_AA64DFR0_EL1 = 0x6;     // Armv8.0 debug, no PMU
  uint64_t ID_AA64ISAR0_EL1 = (2ull << 20) | (1ull << 16);  // LSE atomics, CRC32
  uint64_t ID_AA64ISAR1_EL1 = 2ull << 20 | 1ull << 36 | 2;  // LRCPC2, SB, DPB2 (DC CVAP, CVADP)
  uint64_t ID_AA64ISAR2_EL1 = 0;
  uint64_t ID_AA64MMFR0_EL1 = 0x5 | 2ull << 4 | 1ull << 20;  // 48-bit PA, 16-bit ASID, 4K/16K/64K
  uint64_t ID_AA64MMFR1_EL1 = 2ull << 20 | 1ull << 16;       // PAN2 (AT S1E1RP/WP), LO
  uint64_t ID_AA64MMFR2_EL1 = 1ull << 4 | 1ull << 32 | 1ull << 36;  // UAO, LSE2 (AT), IDST
  uint64_t CTR_EL0 = 0x8444C004;      // 64-byte lines, PIPT I-cache
  uint64_t DCZID_BS = 4;              // DC ZVA block = 4 << BS bytes = 64
  uint64_t GMID_EL1 = 6;              // BS: LDGM/STGM block = 4 << BS bytes (FEAT_MTE2)
  uint64_t CLIDR_EL1 = 0x0A200023;    // L1 I+D, L2 unified
};

// The identification registers of a PE with `features` (ID_AA64PFR1_EL1.MTE, MTE_frac,
// MTEX; ID_AA64PFR2_EL1.MTEFAR, MTESTOREONLY; GMID_EL1) on top of `id`.
IdRegisters WithMteFeatures(IdRegisters id, const MteFeatures& features);

struct ArchState {
  // R[0..30] general purpose; R[31] holds the *current* stack pointer, so instructions that
  // name SP read it directly and XZR readers test for 31. The banked SP_EL0/SP_EL1 live in
  // SP_el[] while not selected (see SelectStackPointer).
  uint64_t R[32] = {};
  uint64_t SP_el[2] = {};
  uint64_t PC = 0;
  ProcState PSTATE;
  SystemRegisters sys;
  IdRegisters id;
  // Exclusive monitor (local): address and size of the last load-exclusive.
  bool excl_valid = false;
  uint64_t excl_addr = 0;
  unsigned excl_size = 0;
  uint64_t excl_value[2] = {};

  unsigned stack_bank() const { return PSTATE.SP ? PSTATE.EL : 0; }
};

}  // namespace mtesim::isa
