/* Exceptions: Privileged Access Never (FEAT_PAN, FEAT_PAN2). With PSTATE.PAN = 1, EL1
 * loads and stores to EL0-accessible pages take permission faults (DFSC 0x0f), while
 * EL1-only pages, unprivileged LDTR/STTR and instruction fetches are unaffected; AT
 * S1E1RP/S1E1WP see the PAN restriction, AT S1E1R does not. SCTLR_EL1.SPAN = 0 makes
 * exception entry set PAN; ERET restores it from SPSR_EL1. */
#include "asmtest.h"

#define VA_USER (TEST_VA + 0x1000)   /* AP=01: RW at EL0 and EL1 */
#define VA_URO  (TEST_VA + 0x2000)   /* AP=11: RO at EL0 and EL1 */
#define VA_PRIV (TEST_VA + 0x3000)   /* AP=00: EL1 only */

EL0_TEXT static uint64_t user_code(uint64_t x)
{
	return x * 3;
}

static uint64_t pan_in_handler;

static int record_pan(struct exc_frame *f)
{
	pan_in_handler = read_sysreg(pan);
	return 1;   /* SVC: ELR is already the next instruction */
}

/* PAR_EL1 fields the architecture defines when F = 1: F, FST, PTW, S. */
#define PAR_FAULT_BITS 0x3fful

int main(void)
{
	const uint64_t xn = PTE_UXN | PTE_PXN;
	uint64_t *user = map_test_page(VA_USER, PTE_NORMAL | PTE_AP_EL0 | xn);
	uint64_t *uro = map_test_page(VA_URO, PTE_NORMAL | PTE_AP_EL0 | PTE_AP_RO | xn);
	uint64_t *priv = map_test_page(VA_PRIV, PTE_NORMAL | xn);
	user[0] = 0x1;
	uro[0] = 0x2;
	priv[0] = 0x3;
	uint64_t v;

	exc_catch(EXC_RESUME_NEXT);
	check("PAN=0: ldr user page", *(volatile uint64_t *)VA_USER, 1);
	check_no_fault("PAN=0: ldr user page");

	__asm__ volatile("msr pan, #1" ::: "memory");
	exc_catch(EXC_RESUME_NEXT);
	__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(VA_USER + 8) : "memory");
	check_fault("PAN=1: ldr user page", 0x9600000f, VA_USER + 8);
	exc_catch(EXC_RESUME_NEXT);
	__asm__ volatile("str %0, [%1]" :: "r"(5ul), "r"(VA_USER + 16) : "memory");
	check_fault("PAN=1: str user page", 0x9600004f, VA_USER + 16);
	exc_catch(EXC_RESUME_NEXT);
	__asm__ volatile("ldrb %w0, [%1]" : "=r"(v) : "r"(VA_URO + 1) : "memory");
	check_fault("PAN=1: ldrb user read-only page", 0x9600000f, VA_URO + 1);
	exc_catch(EXC_RESUME_NEXT);
	__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(VA_PRIV) : "memory");
	check("PAN=1: ldr EL1-only page", v, 3);
	__asm__ volatile("ldtr %0, [%1]" : "=r"(v) : "r"(VA_USER) : "memory");
	check("PAN=1: ldtr user page", v, 1);
	__asm__ volatile("sttr %0, [%1, #24]" :: "r"(7ul), "r"(VA_USER) : "memory");
	check("PAN=1: sttr user page", user[3], 7);
	check("PAN=1: EL1 runs code from an EL0-readable page", user_code(5), 15);
	check_no_fault("PAN=1: accesses PAN allows");

	/* Address translation: the P forms apply PAN, the plain ones do not. */
	uint64_t par = MMU_AT(s1e1r, VA_USER);
	check("PAN=1: AT S1E1R user page: F", par & 1, 0);
	par = MMU_AT(s1e1rp, VA_USER);
	check("PAN=1: AT S1E1RP user page: PAR fault bits", par & PAR_FAULT_BITS, 0x01f);
	par = MMU_AT(s1e1wp, VA_URO);
	check("PAN=1: AT S1E1WP user RO page: PAR fault bits", par & PAR_FAULT_BITS, 0x01f);
	par = MMU_AT(s1e1rp, VA_PRIV);
	check("PAN=1: AT S1E1RP EL1-only page: F", par & 1, 0);
	__asm__ volatile("msr pan, #0" ::: "memory");
	par = MMU_AT(s1e1rp, VA_USER);
	check("PAN=0: AT S1E1RP user page: F", par & 1, 0);

	/* SPAN = 0: taking an exception to EL1 sets PAN; ERET restores the old value. */
	exc_handler old = exc_set_handler(record_pan);
	write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) & ~SCTLR_SPAN);
	isb();
	__asm__ volatile("svc #1" ::: "memory");
	check("SPAN=0: PAN inside the handler", pan_in_handler, 1ul << 22);
	check("SPAN=0: PAN after ERET", read_sysreg(pan), 0);
	write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) | SCTLR_SPAN);
	isb();
	__asm__ volatile("svc #2" ::: "memory");
	check("SPAN=1: PAN inside the handler", pan_in_handler, 0);
	exc_set_handler(old);

	exc_uncatch();
	return check_done();
}
