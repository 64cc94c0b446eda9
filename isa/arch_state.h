// Architectural state of one PE as the Arm ARM describes it: AArch64 only, EL0, EL1 and
// (when the PE implements it) EL2 without FEAT_VHE. There is no EL3: the PE behaves as if
// SCR_EL3.NS = 1, SCR_EL3.RW = 1 and SCR_EL3.ATA = 1.
#pragma once
#include <cstdint>

namespace mtesim::isa {

// The translation regime of an exception level (Arm ARM D8.1): EL1&0 for EL0 and EL1
// (with stage 2 when EL2 enables it), EL2 for EL2 (nVHE: one VA range, no ASID). Every
// control register that depends on the regime (SCTLR, TCR, TTBR, MAIR, the tag check
// controls) is read through it.
enum class Regime : uint8_t { EL10 = 0, EL2 = 1 };
constexpr unsigned kRegimeCount = 2;
// The exception level whose registers control a regime (SCTLR[RegimeEl(r)], ...).
constexpr unsigned RegimeEl(Regime r) { return r == Regime::EL2 ? 2 : 1; }

// PSTATE fields (ProcState in the pseudocode).
struct ProcState {
  bool N = false, Z = false, C = false, V = false;
  bool D = true, A = true, I = true, F = true;
  bool SP = true;  // SPSel: 0 = SP_EL0, 1 = SP_ELx
  uint8_t EL = 1;  // 0, 1 or 2
  bool PAN = false, UAO = false, TCO = false, SS = false, IL = false, DIT = false, SSBS = false;
  uint8_t BTYPE = 0;
};

// SPSR_ELx / DSPSR layout of PSTATE for AArch64 (D1.4 of the Arm ARM).
uint64_t PstateToSpsr(const ProcState& p);
ProcState SpsrToPstate(uint64_t spsr);

// The system registers that have plain storage. Registers with behaviour (counters, ID
// registers, PSTATE views) are computed in system_registers.cpp. The banked registers of
// an exception level are reached through the accessors below, named as the pseudocode's
// SCTLR[], ESR[], FAR[]...: code that acts for "the current regime" or "the target EL"
// never names *_EL1 directly.
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

  // EL2 (nVHE), present when the PE implements EL2.
  uint64_t SCTLR_EL2 = 0x30C50830;  // RES1 bits, MMU/caches off
  uint64_t ACTLR_EL2 = 0;
  uint64_t HCR_EL2 = 1ull << 31;    // RW is RAO: EL1 is AArch64-only
  uint64_t MDCR_EL2 = 0, CPTR_EL2 = 0x33FF, HSTR_EL2 = 0, HACR_EL2 = 0;
  uint64_t TTBR0_EL2 = 0, TCR_EL2 = 0x80800000;  // RES1 bits 31 and 23
  uint64_t VTTBR_EL2 = 0, VTCR_EL2 = 0x80000000;  // RES1 bit 31
  uint64_t MAIR_EL2 = 0, AMAIR_EL2 = 0;
  uint64_t VBAR_EL2 = 0;
  uint64_t ESR_EL2 = 0, FAR_EL2 = 0, HPFAR_EL2 = 0;
  uint64_t ELR_EL2 = 0, SPSR_EL2 = 0;
  uint64_t AFSR0_EL2 = 0, AFSR1_EL2 = 0;
  uint64_t TPIDR_EL2 = 0;
  uint64_t VPIDR_EL2 = 0, VMPIDR_EL2 = 0;  // reset to MIDR_EL1 / MPIDR_EL1 (as QEMU)
  uint64_t CNTHCTL_EL2 = 3;  // EL1PCEN and EL1PCTEN: QEMU's reset value (IMPLEMENTATION DEFINED)
  uint64_t CNTHP_CTL_EL2 = 0, CNTHP_CVAL_EL2 = 0;
  uint64_t TFSR_EL2 = 0;

  // Banked by exception level (el is 1 or 2; the pseudocode's SCTLR[el] and friends).
  uint64_t& SCTLR(unsigned el) { return el == 2 ? SCTLR_EL2 : SCTLR_EL1; }
  uint64_t SCTLR(unsigned el) const { return el == 2 ? SCTLR_EL2 : SCTLR_EL1; }
  uint64_t TCR(unsigned el) const { return el == 2 ? TCR_EL2 : TCR_EL1; }
  uint64_t MAIR(unsigned el) const { return el == 2 ? MAIR_EL2 : MAIR_EL1; }
  uint64_t& VBAR(unsigned el) { return el == 2 ? VBAR_EL2 : VBAR_EL1; }
  uint64_t& ESR(unsigned el) { return el == 2 ? ESR_EL2 : ESR_EL1; }
  uint64_t ESR(unsigned el) const { return el == 2 ? ESR_EL2 : ESR_EL1; }
  uint64_t& FAR(unsigned el) { return el == 2 ? FAR_EL2 : FAR_EL1; }
  uint64_t& ELR(unsigned el) { return el == 2 ? ELR_EL2 : ELR_EL1; }
  uint64_t& SPSR(unsigned el) { return el == 2 ? SPSR_EL2 : SPSR_EL1; }
  uint64_t& TFSR(unsigned el) { return el == 2 ? TFSR_EL2 : TFSR_EL1; }
};

// The Memory Tagging features a PE implements (its ID registers are derived from this).
struct MteFeatures {
  unsigned level = 0;           // ID_AA64PFR1_EL1.MTE: 0 none, 1 FEAT_MTE, 2 FEAT_MTE2, 3 FEAT_MTE3
  bool canonical_tags = false;  // FEAT_MTE_CANONICAL_TAGS + FEAT_MTE_NO_ADDRESS_TAGS (MTEX)
  bool tagged_far = false;      // FEAT_MTE_TAGGED_FAR
  bool store_only = false;      // FEAT_MTE_STORE_ONLY
  unsigned gmid_bs = 6;         // GMID_EL1.BS: LDGM/STGM blocks of 4 << BS bytes (2..6)
  bool perm = false;            // FEAT_MTE_PERM: stage-2 NoTagAccess (needs EL2 to matter)
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
  // PAN2 (AT S1E1RP/WP), LO, 16-bit VMIDs, FEAT_XNX (stage-2 XN[1:0]); VH = 0 (no VHE).
  uint64_t ID_AA64MMFR1_EL1 = 2ull << 20 | 1ull << 16 | 2ull << 4 | 1ull << 28;
  // UAO, LSE2 (AT), IDST, FEAT_S2FWB.
  uint64_t ID_AA64MMFR2_EL1 = 1ull << 4 | 1ull << 32 | 1ull << 36 | 1ull << 40;
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
  // name SP read it directly and XZR readers test for 31. The banked SP_EL0/SP_EL1/SP_EL2
  // live in SP_el[] while not selected (see SelectStackPointer).
  uint64_t R[32] = {};
  uint64_t SP_el[3] = {};
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
