/* VBAR_EL2 vector offsets: a synchronous exception taken to EL2 uses the entry at
 *   +0x000 from EL2 with SP_EL0 (EL2t),      +0x200 from EL2 with SP_EL2 (EL2h),
 *   +0x400 from a lower EL in AArch64 (EL1h, EL1t, EL0t),
 *   (+0x600 from a lower EL in AArch32: unreachable, EL1 and EL0 are AArch64 here).
 * The runtime's table (vectors_el2.S) tells each 128-byte entry apart; the test prints
 * the offset of the entry that ran, with ESR_EL2 and SPSR_EL2.M: HVC at EL2t and EL2h,
 * HVC at EL1h and EL1t, and at EL0 a WFI trapped by HCR_EL2.TWI. VBAR_EL2 bits [10:0]
 * read as 0. Arm ARM D1.4.1 (Table D1-7, vector offsets), D24.2.215. */
#include "el2test.h"


static uint64_t el1_hvc(uint64_t unused)
{
	__asm__ volatile("hvc #0x33" ::: "memory");
	return 0;
}

EL0_TEXT static uint64_t el0_wfi(uint64_t unused)
{
	__asm__ volatile("wfi" ::: "memory");
	return 0;
}

static uint64_t el1_el0_wfi(uint64_t unused) { return el0_run(el0_wfi, 0, 0); }

static void show(const char *what, uint64_t esr, uint64_t mode, uint64_t offset)
{
	checkf(hyp_last.taken, 1, "%s: exceptions to EL2", what);
	checkf(hyp_last.vector * 0x80, offset, "%s: vector offset", what);
	checkf(hyp_last.esr, esr, "%s: ESR_EL2", what);
	checkf(hyp_last.spsr & 0xf, mode, "%s: SPSR_EL2.M", what);
}

int main(void)
{
	checkf(read_sysreg(vbar_el2) & 0x7ff, 0, "VBAR_EL2[10:0]");

	hyp_catch(EXC_RESUME_NEXT);
	__asm__ volatile("mov x9, sp\n\tmsr sp_el0, x9\n\tmsr spsel, #0\n\thvc #0x10\n\tmsr spsel, #1"
			 ::: "x9", "memory");
	show("EL2t HVC", ESR_MAKE(EC_HVC64, 0x10), PSR_MODE_EL2t, 0x000);
	hyp_catch(EXC_RESUME_NEXT);
	__asm__ volatile("hvc #0x11" ::: "memory");
	show("EL2h HVC", ESR_MAKE(EC_HVC64, 0x11), PSR_MODE_EL2h, 0x200);
	hyp_uncatch();

	struct vm vm;
	vm_init(&vm);
	run_caught(&vm, el1_hvc, 0);
	show("EL1h HVC", ESR_MAKE(EC_HVC64, 0x33), PSR_MODE_EL1h, 0x400);
	vm.spsr = PSR_MODE_EL1t | PSR_DAIF;
	run_caught(&vm, el1_hvc, 0);
	show("EL1t HVC", ESR_MAKE(EC_HVC64, 0x33), PSR_MODE_EL1t, 0x400);
	vm.spsr = PSR_MODE_EL1h | PSR_DAIF;
	vm.hcr = HCR_VM | HCR_TWI;
	run_caught(&vm, el1_el0_wfi, 0);
	show("EL0t WFI (TWI)", ESR_MAKE(EC_WFX, (1u << 24) | (0xeu << 20)), PSR_MODE_EL0t, 0x400);
	return check_done();
}
