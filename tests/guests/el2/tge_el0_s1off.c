/* tge_el0's check that HCR_EL2.TGE = 1 makes the EL1&0 stage 1 behave as disabled
 * for EL0 (with E2H = 0 and VM = 0): "If EL1 is using AArch64, the SCTLR_EL1.M field is
 * treated as being 0 for all purposes other than returning the result of a direct read
 * of SCTLR_EL1" (Arm ARM D24.2.62, TGE). EL0 loads physical address 0x48060000, which
 * the EL1 map (SCTLR_EL1.M = 1) makes EL1-only: with stage 1 off the load reads the
 * memory. QEMU 10 still translates through the EL1 map and takes a Permission fault
 * (target/arm/ptw.c: the TGE test in regime_translation_disabled is reached only for
 * the two-stage mmu index, which get_phys_addr_nogpc has already replaced by the
 * stage-1 one). Expected output written from the Arm ARM; mtesim is compared with it
 * alone (--expected-only). */
#define TGE_S1OFF 1
#include "tge_el0.c"
