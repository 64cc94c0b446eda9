/* Exception returns from EL2 (nVHE, HCR_EL2.RW = 1):
 *  - to EL1h, EL1t and EL0t: the target runs at the EL and with the stack pointer that
 *    SPSR_EL2.M names, with NZCV and DAIF from SPSR_EL2 (EL1 reports CurrentEL, SPSel,
 *    NZCV, DAIF and its SP; EL0 reports NZCV and SP, then leaves with an SVC that EL1
 *    turns into the VM exit);
 *  - illegal returns: to EL3 (not implemented, and higher than EL2), with M = 0b0001
 *    (EL0 with M[0] = 1), with M[1] = 1 (reserved), to EL1 while HCR_EL2.TGE = 1, and to
 *    AArch32 EL1 while HCR_EL2.RW = 1. PSTATE.IL is set, the PC comes from ELR_EL2, the EL
 *    and SP selection stay, NZCV and DAIF come from SPSR_EL2; the next instruction then
 *    takes an Illegal Execution state exception (EC 0x0e, IL = 1, ISS 0) to EL2, whose
 *    SPSR_EL2 has IL = 1 and M = EL2h and ELR_EL2 = the target;
 *  - an illegal return at EL1 inside a VM (SPSR_EL1.M = EL2h, higher than EL1) gives the
 *    Illegal Execution state exception at EL1.
 * SPSR bits printed: NZCV, IL, DAIF, M[4:0] (TCO, SSBS, DIT, UAO, BTYPE are UNKNOWN after
 * an illegal return). Arm ARM D1.4.4.2 (illegal exception returns), D1.4.5. */
#include "el2test.h"

#define SPSR_SHOWN 0xf01003dful
#define NZCV_NC    (0xaul << 28)      /* N and C set */

struct el_state { uint64_t el, spsel, sp, nzcv, daif; };
static volatile struct el_state st;

/* Records CurrentEL, SPSel, SP, NZCV, DAIF at EL1 (x0 = &st); returns. */
extern uint64_t el1_state(uint64_t p);
__asm__(".text\n\t.global el1_state\n\t.type el1_state, %function\nel1_state:\n\t"
	"mrs x1, CurrentEL\n\tstr x1, [x0]\n\tmrs x1, SPSel\n\tstr x1, [x0, #8]\n\t"
	"mov x1, sp\n\tstr x1, [x0, #16]\n\tmrs x1, nzcv\n\tstr x1, [x0, #24]\n\t"
	"mrs x1, daif\n\tstr x1, [x0, #32]\n\tret\n\t.size el1_state, . - el1_state");

/* EL0: records SP and NZCV, then SVC #0x42 (EL1 ends the VM). */
static volatile uint64_t el0_sp EL0_DATA, el0_nzcv EL0_DATA;
extern uint64_t el0_state(uint64_t unused);
__asm__(".section .user_text, \"ax\"\n\t.global el0_state\n\t.type el0_state, %function\n"
	"el0_state:\n\tadrp x1, el0_sp\n\tmov x2, sp\n\tstr x2, [x1, :lo12:el0_sp]\n\t"
	"adrp x1, el0_nzcv\n\tmrs x2, nzcv\n\tstr x2, [x1, :lo12:el0_nzcv]\n\t"
	"svc #0x42\n\tb .\n\t.size el0_state, . - el0_state\n\t.text");

static volatile uint64_t el1_saw_esr, el1_saw_spsr;

/* EL1 handler (runs inside the VM): the EL0 SVC ends the VM; an Illegal Execution state
 * exception is recorded and skipped with IL cleared. */
static int el1_handler(struct exc_frame *f)
{
	el1_saw_esr = f->esr;
	el1_saw_spsr = f->spsr;
	if (ESR_EC(f->esr) == EC_SVC64)
		VM_EXIT(0x5c);
	if (ESR_EC(f->esr) == EC_ILLEGAL) {
		f->spsr &= ~PSR_IL;
		f->elr += 4;
		return 1;
	}
	return 0;
}

/* EL1: ERET with SPSR_EL1.M = EL2h (an illegal return at EL1). */
extern uint64_t el1_bad_eret(uint64_t unused);
__asm__(".text\n\t.global el1_bad_eret\n\t.type el1_bad_eret, %function\nel1_bad_eret:\n\t"
	"adr x1, 1f\n\tmsr elr_el1, x1\n\tmov x1, #0x3c9\n\tmsr spsr_el1, x1\n\teret\n"
	"1:\tnop\n\tmov x0, #0x77\n\tret\n\t.size el1_bad_eret, . - el1_bad_eret");

/* EL2: ERET with SPSR_EL2 = x0 to the next instruction pair; returns whether it got
 * there (1) after the Illegal Execution state exception was handled. */
extern uint64_t el2_eret_with(uint64_t spsr);
__asm__(".text\n\t.global el2_eret_with\n\t.type el2_eret_with, %function\nel2_eret_with:\n\t"
	"adr x1, 1f\n\tmsr elr_el2, x1\n\tmsr spsr_el2, x0\n\tmov x0, xzr\n\teret\n"
	"1:\tnop\n\tmov x0, #1\n\tret\n\t.size el2_eret_with, . - el2_eret_with");

static struct { int n; uint64_t esr, spsr, vector; } ill;

static int illegal_handler(struct hyp_frame *f)
{
	if (ESR_EC(f->esr) != EC_ILLEGAL)
		return 0;
	ill.n++;
	ill.esr = f->esr;
	ill.spsr = f->spsr;
	ill.vector = f->vector;
	f->spsr &= ~PSR_IL;   /* retry the instruction in a legal state */
	return 1;
}

int main(void)
{
	struct vm vm;
	vm_init(&vm);
	static uint64_t stack1[512] __attribute__((aligned(16)));
	uint64_t sp = (uintptr_t)(stack1 + 512);

	/* EL1h with N and C set, DAIF masked */
	vm.spsr = PSR_MODE_EL1h | PSR_DAIF | NZCV_NC;
	vm.sp = sp;
	vm_run(&vm, el1_state, (uintptr_t)&st);
	checkf(st.el, 1ul << 2, "ERET to EL1h: CurrentEL");
	checkf(st.spsel, 1, "ERET to EL1h: SPSel");
	checkf(st.sp - sp, 0, "ERET to EL1h: SP - SP_EL1 given");
	checkf(st.nzcv, NZCV_NC, "ERET to EL1h: NZCV");
	checkf(st.daif, PSR_DAIF, "ERET to EL1h: DAIF");
	/* EL1t with Z set, DAIF masked */
	vm.spsr = PSR_MODE_EL1t | PSR_DAIF | (4ul << 28);
	vm_run(&vm, el1_state, (uintptr_t)&st);
	checkf(st.el, 1ul << 2, "ERET to EL1t: CurrentEL");
	checkf(st.spsel, 0, "ERET to EL1t: SPSel");
	checkf(st.sp - sp, 0, "ERET to EL1t: SP - SP_EL0 given");
	checkf(st.nzcv, 4ul << 28, "ERET to EL1t: NZCV");
	/* EL0t */
	vm.spsr = PSR_MODE_EL0t | PSR_DAIF | (1ul << 28);
	static EL0_DATA uint64_t stack0[256] __attribute__((aligned(16)));
	vm.sp = (uintptr_t)(stack0 + 256);
	exc_set_handler(el1_handler);
	uint64_t r = vm_run(&vm, el0_state, 0);
	exc_set_handler(0);
	checkf(r, 0x5c, "ERET to EL0t: VM ended by EL1 after the EL0 SVC");
	checkf(el0_sp - (uintptr_t)(stack0 + 256), 0, "ERET to EL0t: SP - SP_EL0 given");
	checkf(el0_nzcv, 1ul << 28, "ERET to EL0t: NZCV");
	checkf(el1_saw_esr, ESR_MAKE(EC_SVC64, 0x42), "ERET to EL0t: ESR_EL1 of the SVC");
	checkf(el1_saw_spsr & SPSR_SHOWN, PSR_MODE_EL0t | PSR_DAIF | (1ul << 28), "ERET to EL0t: SPSR_EL1");

	/* Illegal returns from EL2 */
	static const struct { const char *name; uint64_t spsr, hcr; } bad[] = {
		{ "to EL3h", PSR_MODE_EL3h | PSR_DAIF | (8ul << 28), 0 },
		{ "M=0b0001", 0x1 | PSR_DAIF | (4ul << 28), 0 },
		{ "M[1]=1 (0b0110)", 0x6 | PSR_DAIF | (2ul << 28), 0 },
		{ "to EL1h with TGE=1", PSR_MODE_EL1h | PSR_DAIF | (1ul << 28), HCR_TGE },
		{ "to AArch32 EL1 (SVC) with RW=1", 0x13 | PSR_DAIF | (0xful << 28), 0 },
	};
	hyp_set_handler(illegal_handler);
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ill.n = 0;
		write_sysreg(hcr_el2, HCR_RW | bad[i].hcr);
		isb();
		uint64_t got = el2_eret_with(bad[i].spsr);
		write_sysreg(hcr_el2, HCR_RW);
		isb();
		checkf(ill.n, 1, "illegal ERET %s: Illegal state exceptions", bad[i].name);
		checkf(ill.esr, ESR_MAKE(EC_ILLEGAL, 0), "illegal ERET %s: ESR_EL2", bad[i].name);
		checkf(ill.vector, EXC_VEC_CUR_SPX, "illegal ERET %s: vector entry", bad[i].name);
		checkf(ill.spsr & SPSR_SHOWN, PSR_IL | PSR_MODE_EL2h | (bad[i].spsr & 0xf00003c0ul),
		       "illegal ERET %s: SPSR_EL2", bad[i].name);
		checkf(got, 1, "illegal ERET %s: continued at ELR_EL2 at EL2", bad[i].name);
	}
	hyp_set_handler(0);

	/* An illegal return at EL1 */
	vm.spsr = PSR_MODE_EL1h | PSR_DAIF;
	vm.sp = 0;
	el1_saw_esr = 0;
	exc_set_handler(el1_handler);
	r = run_caught(&vm, el1_bad_eret, 0);
	exc_set_handler(0);
	check_no_trap("illegal ERET at EL1 (M = EL2h)");
	checkf(r, 0x77, "illegal ERET at EL1 (M = EL2h): continued");
	checkf(el1_saw_esr, ESR_MAKE(EC_ILLEGAL, 0), "illegal ERET at EL1 (M = EL2h): ESR_EL1");
	checkf(el1_saw_spsr & SPSR_SHOWN, PSR_IL | PSR_MODE_EL1h | PSR_DAIF,
	       "illegal ERET at EL1 (M = EL2h): SPSR_EL1");
	return check_done();
}
