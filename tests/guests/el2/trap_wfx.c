/* HCR_EL2.TWI and TWE. WFI at EL1, and at EL0 when SCTLR_EL1.nTWI = 1, traps to EL2:
 * EC 0x01, IL = 1, ISS CV = 1, COND = 0b1110 (AArch64), TI = 0b00 (WFI): ESR 0x07e00000;
 * the preferred return address is the WFI itself. With nTWI = 0 the EL0 WFI traps to EL1
 * instead (the EL1 trap has priority). WFI is only ever executed where it traps (no
 * interrupt could wake it).
 * WFE: "traps on WFE are not guaranteed to be taken" (Arm ARM, HCR_EL2.TWE): a WFE
 * that completes at once because the Event Register is set (SEVL just before) need not
 * trap. QEMU never traps WFE (it treats it as a yield), so with TWE = 1 a SEVL; WFE
 * pair runs without an exception: the permitted choice this guest records.
 * Arm ARM D24.2.62 (TWI, TWE), D1.7.1 (Event Register), D24.2.46 (ISS for EC 0x01). */
#include "el2test.h"

#define WFI_ESR ESR_MAKE(EC_WFX, (1u << 24) | (0xeu << 20) | 0)

static volatile uint64_t insn_at;

static uint64_t el1_wfi(uint64_t unused)
{
	__asm__ volatile(ADR_NEXT("x9") "wfi\n\tstr x9, %0" : "=m"(insn_at) :: "x9", "memory");
	return 0;
}

static uint64_t el1_sevl_wfe(uint64_t unused)
{
	__asm__ volatile("sevl\n\t" ADR_NEXT("x9") "wfe\n\tstr x9, %0" : "=m"(insn_at) :: "x9", "memory");
	return 0;
}

EL0_TEXT static uint64_t el0_wfi(uint64_t unused)
{
	__asm__ volatile("wfi" ::: "memory");
	return 0;
}

static uint64_t el1_el0_wfi(uint64_t unused) { return el0_run(el0_wfi, 0, 0); }

int main(void)
{
	struct vm vm;
	vm_init(&vm);

	vm.hcr = HCR_VM | HCR_TWI;
	run_caught(&vm, el1_wfi, 0);
	check_trap("EL1 WFI, TWI", WFI_ESR);
	checkf(hyp_last.elr - insn_at, 0, "EL1 WFI, TWI: ELR_EL2 - WFI");
	checkf(hyp_last.spsr & 0xf, PSR_MODE_EL1h, "EL1 WFI, TWI: SPSR_EL2.M");

	vm.hcr = HCR_VM | HCR_TWI | HCR_TWE;
	run_caught(&vm, el1_wfi, 0);
	check_trap("EL1 WFI, TWI|TWE", WFI_ESR);

	/* EL0 with nTWI = 1 (the runtime's default): to EL2. */
	vm.hcr = HCR_VM | HCR_TWI;
	exc_catch(EXC_RESUME_NEXT);
	run_caught(&vm, el1_el0_wfi, 0);
	check_trap("EL0 WFI, nTWI=1 TWI", WFI_ESR);
	checkf(hyp_last.spsr & 0xf, PSR_MODE_EL0t, "EL0 WFI, nTWI=1 TWI: SPSR_EL2.M");
	checkf(exc_last.taken, 0, "EL0 WFI, nTWI=1 TWI: exceptions to EL1");
	/* nTWI = 0: the EL1 trap comes first. */
	vm.sctlr_el1 &= ~SCTLR_nTWI;
	exc_catch(EXC_RESUME_NEXT);
	run_caught(&vm, el1_el0_wfi, 0);
	check_no_trap("EL0 WFI, nTWI=0 TWI");
	checkf(exc_last.taken, 1, "EL0 WFI, nTWI=0 TWI: exceptions to EL1");
	checkf(exc_last.esr, WFI_ESR, "EL0 WFI, nTWI=0 TWI: ESR_EL1");
	exc_uncatch();
	vm.sctlr_el1 |= SCTLR_nTWI;

	/* WFE with the Event Register set. */
	vm.hcr = HCR_VM | HCR_TWE;
	run_caught(&vm, el1_sevl_wfe, 0);
	check_no_trap("EL1 SEVL; WFE, TWE");
	return check_done();
}
