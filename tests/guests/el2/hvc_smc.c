/* HVC and SMC with EL2 present (no EL3; QEMU's firmware implements PSCI behind SMC):
 *  - HVC #imm at EL1 -> EL2, EC 0x16, IL = 1, ISS = imm16; the preferred return address
 *    is the next instruction (ELR_EL2 = HVC + 4);
 *  - HVC at EL2 -> EL2 (current EL, SPx vector), EC 0x16, ELR = HVC + 4;
 *  - HCR_EL2.HCD = 1 makes HVC UNDEFINED at EL1 and EL2 (EC 0x00 at the current EL);
 *  - HVC and SMC at EL0 are UNDEFINED (EC 0x00 at EL1);
 *  - SMC at EL1 with HCR_EL2.TSC = 1 -> EL2, EC 0x17, ISS = imm16, and the preferred
 *    return address is the SMC itself (ELR_EL2 = SMC);
 *  - SMC #0 at EL1 without TSC, and at EL2, is a PSCI call: PSCI_VERSION = 1.1
 *    (0x10001), PSCI_FEATURES(PSCI_VERSION) = 0, an unknown function = NOT_SUPPORTED
 *    (-1). Arm ARM D1.4 (HVC, SMC), D24.2.62 (HCD, TSC); PSCI (DEN0022). */
#include "el2test.h"

static volatile uint64_t insn_at;

#define HVC_AT(imm) __asm__ volatile("mov x0, xzr\n\t" ADR_NEXT("x9") "hvc #" #imm "\n\tstr x9, %0" \
				      : "=m"(insn_at) :: "x0", "x9", "memory")
#define SMC_AT(imm) __asm__ volatile("mov x0, xzr\n\t" ADR_NEXT("x9") "smc #" #imm "\n\tstr x9, %0" \
				      : "=m"(insn_at) :: "x0", "x9", "memory")

static uint64_t el1_hvc(uint64_t i)
{
	switch (i) {
	case 0: HVC_AT(0x0); break;
	case 1: HVC_AT(0x1); break;
	case 2: HVC_AT(0x1234); break;
	case 3: HVC_AT(0xffff); break;
	}
	return 0;
}

static uint64_t el1_smc(uint64_t i)
{
	switch (i) {
	case 0: SMC_AT(0x0); break;
	case 1: SMC_AT(0x5); break;
	case 2: SMC_AT(0xfedc); break;
	}
	return 0;
}

static uint64_t smc_call(uint64_t fid, uint64_t a1)
{
	register uint64_t x0 __asm__("x0") = fid;
	register uint64_t x1 __asm__("x1") = a1;
	__asm__ volatile("smc #0" : "+r"(x0), "+r"(x1) :: "x2", "x3", "memory");
	return x0;
}

static uint64_t el1_psci(uint64_t fid)
{
	return smc_call(fid, PSCI_VERSION);
}

/* HVC #0x1234 (UNDEFINED with HCD), then SMC #0x99 to leave. */
static uint64_t el1_hvc_then_smc(uint64_t unused)
{
	el1_hvc(2);
	__asm__ volatile("smc #0x99" ::: "memory");
	return 0;
}

static int hcd_el2_traps;

static int exit_on_smc(struct hyp_frame *f)
{
	if (f->esr == ESR_MAKE(EC_SMC64, 0x99))
		vm_exit(0);
	hcd_el2_traps++;
	f->elr += 4;
	return 1;
}

EL0_TEXT static uint64_t el0_hvc(uint64_t unused)
{
	__asm__ volatile("hvc #0x77" ::: "memory");
	return 0;
}

EL0_TEXT static uint64_t el0_smc(uint64_t unused)
{
	__asm__ volatile("smc #0x77" ::: "memory");
	return 0;
}

static uint64_t el1_el0_hvc(uint64_t unused) { return el0_run(el0_hvc, 0, 0); }
static uint64_t el1_el0_smc(uint64_t unused) { return el0_run(el0_smc, 0, 0); }

int main(void)
{
	struct vm vm;
	vm_init(&vm);
	static const uint16_t imms[4] = { 0x0, 0x1, 0x1234, 0xffff };
	static const uint16_t smcs[3] = { 0x0, 0x5, 0xfedc };

	/* HVC from EL1 */
	for (int i = 0; i < 4; i++) {
		run_caught(&vm, el1_hvc, i);
		checkf(hyp_last.taken, 1, "EL1 HVC #0x%x: exceptions to EL2", imms[i]);
		checkf(hyp_last.esr, ESR_MAKE(EC_HVC64, imms[i]), "EL1 HVC #0x%x: ESR_EL2", imms[i]);
		checkf(hyp_last.elr - insn_at, 4, "EL1 HVC #0x%x: ELR_EL2 - HVC", imms[i]);
		checkf(hyp_last.vector, EXC_VEC_LOWER64, "EL1 HVC #0x%x: vector entry", imms[i]);
		checkf(hyp_last.spsr & 0xf, PSR_MODE_EL1h, "EL1 HVC #0x%x: SPSR_EL2.M", imms[i]);
	}
	/* SMC from EL1 trapped by TSC */
	vm.hcr = HCR_VM | HCR_TSC;
	for (int i = 0; i < 3; i++) {
		run_caught(&vm, el1_smc, i);
		checkf(hyp_last.taken, 1, "EL1 SMC #0x%x, TSC: exceptions to EL2", smcs[i]);
		checkf(hyp_last.esr, ESR_MAKE(EC_SMC64, smcs[i]), "EL1 SMC #0x%x, TSC: ESR_EL2", smcs[i]);
		checkf(hyp_last.elr - insn_at, 0, "EL1 SMC #0x%x, TSC: ELR_EL2 - SMC", smcs[i]);
	}
	/* SMC from EL1 without TSC: PSCI. */
	vm.hcr = HCR_VM;
	checkf(run_caught(&vm, el1_psci, PSCI_VERSION), 0x10001, "EL1 SMC PSCI_VERSION");
	check_no_trap("EL1 SMC PSCI_VERSION");
	checkf(run_caught(&vm, el1_psci, PSCI_FEATURES), 0, "EL1 SMC PSCI_FEATURES(PSCI_VERSION)");
	/* HCD: HVC is UNDEFINED at EL1. The VM cannot leave with HVC then: it leaves with
	 * an SMC trapped by TSC. */
	vm.hcr = HCR_VM | HCR_HCD | HCR_TSC;
	exc_catch(EXC_RESUME_NEXT);
	hyp_set_handler(exit_on_smc);
	vm_run(&vm, el1_hvc_then_smc, 0);
	hyp_uncatch();
	checkf(hcd_el2_traps, 0, "EL1 HVC, HCD=1: exceptions to EL2 before the SMC");
	checkf(exc_last.taken, 1, "EL1 HVC, HCD=1: exceptions to EL1");
	checkf(exc_last.esr, ESR_MAKE(EC_UNKNOWN, 0), "EL1 HVC, HCD=1: ESR_EL1");
	checkf(exc_last.elr - insn_at, 0, "EL1 HVC, HCD=1: ELR_EL1 - HVC");
	/* HVC and SMC at EL0: UNDEFINED, to EL1 (even with TSC). */
	vm.hcr = HCR_VM | HCR_TSC;
	exc_catch(EXC_RESUME_NEXT);
	run_caught(&vm, el1_el0_hvc, 0);
	check_no_trap("EL0 HVC");
	checkf(exc_last.taken, 1, "EL0 HVC: exceptions to EL1");
	checkf(exc_last.esr, ESR_MAKE(EC_UNKNOWN, 0), "EL0 HVC: ESR_EL1");
	exc_catch(EXC_RESUME_NEXT);
	run_caught(&vm, el1_el0_smc, 0);
	check_no_trap("EL0 SMC, TSC=1");
	checkf(exc_last.taken, 1, "EL0 SMC, TSC=1: exceptions to EL1");
	checkf(exc_last.esr, ESR_MAKE(EC_UNKNOWN, 0), "EL0 SMC, TSC=1: ESR_EL1");
	exc_uncatch();

	/* At EL2: HVC is taken to EL2 itself. */
	hyp_catch(EXC_RESUME_NEXT);
	el1_hvc(2);
	checkf(hyp_last.taken, 1, "EL2 HVC #0x1234: exceptions to EL2");
	checkf(hyp_last.esr, ESR_MAKE(EC_HVC64, 0x1234), "EL2 HVC #0x1234: ESR_EL2");
	checkf(hyp_last.elr - insn_at, 4, "EL2 HVC #0x1234: ELR_EL2 - HVC");
	checkf(hyp_last.vector, EXC_VEC_CUR_SPX, "EL2 HVC #0x1234: vector entry");
	checkf(hyp_last.spsr & 0xf, PSR_MODE_EL2h, "EL2 HVC #0x1234: SPSR_EL2.M");
	/* HCD = 1: UNDEFINED at EL2 too. */
	write_sysreg(hcr_el2, HCR_RW | HCR_HCD);
	isb();
	hyp_catch(EXC_RESUME_NEXT);
	el1_hvc(1);
	checkf(hyp_last.taken, 1, "EL2 HVC, HCD=1: exceptions to EL2");
	checkf(hyp_last.esr, ESR_MAKE(EC_UNKNOWN, 0), "EL2 HVC, HCD=1: ESR_EL2");
	checkf(hyp_last.elr - insn_at, 0, "EL2 HVC, HCD=1: ELR_EL2 - HVC");
	write_sysreg(hcr_el2, HCR_RW);
	isb();
	/* SMC at EL2: PSCI. */
	hyp_catch(EXC_RESUME_NEXT);
	checkf(smc_call(PSCI_VERSION, 0), 0x10001, "EL2 SMC PSCI_VERSION");
	checkf(smc_call(PSCI_FEATURES, PSCI_VERSION), 0, "EL2 SMC PSCI_FEATURES(PSCI_VERSION)");
	checkf(smc_call(PSCI_FEATURES, 0x8400ff00), (uint64_t)-1, "EL2 SMC PSCI_FEATURES(unknown)");
	checkf(smc_call(0x8400ff00, 0), (uint64_t)-1, "EL2 SMC unknown function");
	check_no_trap("EL2 SMC calls");
	hyp_uncatch();
	return check_done();
}
