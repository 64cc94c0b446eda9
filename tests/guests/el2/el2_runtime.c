/* The guest runtime at EL2 (rt/hyp.h), as the other EL2 guests rely on it: main runs at
 * EL2h with HCR_EL2 = RW only (no E2H, no TGE, no VM, no traps) and EL2's MMU on; a
 * function run as a VM executes at EL1h and its return value comes back through
 * HVC #RT_HVC_EXIT; EL1 prints through HVC #RT_HVC_PUTC and directly through the UART
 * (mapped by the default stage 2); PSCI calls from EL1 (HVC #0) are passed on to the
 * firmware (SMC), PSCI_VERSION = 1.1; exc_catch() works inside the VM for exceptions
 * taken to EL1 (an SVC at EL1 here); an HVC with another immediate reaches the test's
 * EL2 handler with ELR_EL2 = the next instruction. */
#include "el2test.h"

static uint64_t el1_report(uint64_t a)
{
	VM_PUTC('h');
	VM_PUTC('i');
	VM_PUTC('\n');
	printf("EL1 printf: CurrentEL=%u arg=%lu\n", current_el(), a);
	return a * 2 + current_el();
}

static uint64_t el1_psci(uint64_t unused)
{
	return (uint64_t)psci_call(PSCI_VERSION, 0, 0, 0);
}

static uint64_t el1_svc(uint64_t unused)
{
	__asm__ volatile("svc #0x77" ::: "memory");
	return exc_last.esr;
}

static uint64_t el1_hvc(uint64_t unused)
{
	__asm__ volatile("mov x0, #0x3\n\thvc #0x4321" ::: "x0", "memory");
	return 0;
}

int main(void)
{
	checkf(current_el(), 2, "main: CurrentEL");
	checkf(read_sysreg(hcr_el2), HCR_RW, "main: HCR_EL2");
	checkf(read_sysreg(sctlr_el2) & (SCTLR_M | SCTLR_C | SCTLR_I), SCTLR_M | SCTLR_C | SCTLR_I,
	       "main: SCTLR_EL2.{M,C,I}");
	checkf(read_sysreg(spsel), 1, "main: SPSel");
	checkf(rt_boot_el, 2, "rt_boot_el");

	struct vm vm;
	vm_init(&vm);
	checkf(vm_run(&vm, el1_report, 20), 41, "VM result");
	checkf(read_sysreg(hcr_el2), HCR_RW, "HCR_EL2 after the VM");
	checkf(vm_run(&vm, el1_psci, 0), 0x10001, "PSCI_VERSION from EL1");
	exc_catch(EXC_RESUME_NEXT);
	checkf(vm_run(&vm, el1_svc, 0), ESR_MAKE(EC_SVC64, 0x77), "SVC at EL1 caught at EL1: ESR_EL1");
	exc_uncatch();
	run_caught(&vm, el1_hvc, 0);
	check_trap("HVC #0x4321 from EL1", ESR_MAKE(EC_HVC64, 0x4321));
	checkf(hyp_last.spsr & 0xf, PSR_MODE_EL1h, "HVC #0x4321 from EL1: SPSR_EL2.M");
	return check_done();
}
