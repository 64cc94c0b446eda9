/* EL0 execution: entering EL0 with ERET (el0_run) and returning with SVC. Checks SVC
 * from EL0 (EC 0x15 through the lower-EL vector 8, SPSR.M = EL0t, ELR = next
 * instruction), registers preserved across an SVC, BRK from EL0, the runtime's console
 * SVC, EL0-accessible system registers (NZCV, TPIDR_EL0, TPIDRRO_EL0 read, CTR_EL0 and
 * DC ZVA allowed by SCTLR_EL1.UCT/DZE), and what EL0 may not do: read CurrentEL, write
 * TPIDRRO_EL0, ERET (UNDEFINED, EC 0x00), and MSR DAIFSet while SCTLR_EL1.UMA = 0
 * (trapped with EC 0x18; the ISS holds the encoding: Op0 0, Op1 3, CRn 4, CRm imm,
 * Op2 6, Rt 31, i.e. ESR 0x620cd3e4 for #2. QEMU 10 swaps Op1 and Op2 in this
 * syndrome, so ISS bits 19:14 are masked before the comparison). */
#include "asmtest.h"

EL0_DATA static uint64_t el0_scratch[16] __attribute__((aligned(64)));

EL0_TEXT static uint64_t el0_add(uint64_t x)
{
	return x + 0x1000;
}

EL0_TEXT static uint64_t el0_hello(uint64_t unused)
{
	EL0_DATA static char msg[] = "hello from EL0\n";
	for (const char *p = msg; *p; p++)
		EL0_PUTC(*p);
	return 0;
}

EL0_TEXT static uint64_t el0_exit_early(uint64_t x)
{
	EL0_EXIT(x ^ 0xff);
	return 0;   /* not reached */
}

/* SVC #0x42 at EL0 with x19..x28 loaded with known values; returns 1 if they all
 * survived, and the SVC's address in el0_scratch[0]. */
EL0_TEXT static uint64_t el0_svc_regs(uint64_t unused)
{
	uint64_t ok;
	__asm__ volatile("mov x19, #19\n\tmov x20, #20\n\tmov x21, #21\n\tmov x22, #22\n\t"
			 "mov x23, #23\n\tmov x24, #24\n\tmov x25, #25\n\tmov x26, #26\n\t"
			 "mov x27, #27\n\tmov x28, #28\n\t"
			 "adr x9, 1f\n\tstr x9, [%1]\n"
			 "1: svc #0x42\n\t"
			 "mov %0, #1\n\t"
			 "cmp x19, #19\n\tccmp x20, #20, #0, eq\n\tccmp x21, #21, #0, eq\n\t"
			 "ccmp x22, #22, #0, eq\n\tccmp x23, #23, #0, eq\n\tccmp x24, #24, #0, eq\n\t"
			 "ccmp x25, #25, #0, eq\n\tccmp x26, #26, #0, eq\n\tccmp x27, #27, #0, eq\n\t"
			 "ccmp x28, #28, #0, eq\n\t"
			 "csel %0, %0, xzr, eq"
			 : "=&r"(ok) : "r"(el0_scratch)
			 : "x9", "x19", "x20", "x21", "x22", "x23", "x24", "x25", "x26", "x27",
			   "x28", "cc", "memory");
	return ok;
}

EL0_TEXT static uint64_t el0_sysregs(uint64_t unused)
{
	uint64_t v;
	__asm__ volatile("msr nzcv, %0" :: "r"(0x90000000ul));
	__asm__ volatile("mrs %0, nzcv" : "=r"(v));
	el0_scratch[1] = v;
	__asm__ volatile("msr tpidr_el0, %0" :: "r"(0xabcdul));
	__asm__ volatile("mrs %0, tpidr_el0" : "=r"(v));
	el0_scratch[2] = v;
	__asm__ volatile("mrs %0, tpidrro_el0" : "=r"(v));
	el0_scratch[3] = v;
	__asm__ volatile("mrs %0, ctr_el0" : "=r"(v));       /* value not printed */
	el0_scratch[8] = 0x5555555555555555ul;
	__asm__ volatile("dc zva, %0" :: "r"(&el0_scratch[8]) : "memory");
	el0_scratch[4] = el0_scratch[8];
	return 0;
}

/* Each runs one instruction that EL0 may not execute; the handler skips it. */
EL0_TEXT static uint64_t el0_currentel(uint64_t u) { __asm__ volatile("mrs x0, currentel" ::: "x0"); return 0; }
EL0_TEXT static uint64_t el0_tpidrro(uint64_t u) { __asm__ volatile("msr tpidrro_el0, xzr"); return 0; }
EL0_TEXT static uint64_t el0_eret(uint64_t u) { __asm__ volatile("eret"); return 0; }
EL0_TEXT static uint64_t el0_daifset(uint64_t u) { __asm__ volatile("msr daifset, #2"); return 0; }
EL0_TEXT static uint64_t el0_brk(uint64_t u) { __asm__ volatile("brk #0x77"); return 0; }
EL0_TEXT static uint64_t el0_sctlr(uint64_t u) { __asm__ volatile("mrs x0, sctlr_el1" ::: "x0"); return 0; }

static void undefined_at_el0(const char *name, el0_fn fn, uint64_t esr)
{
	exc_catch(EXC_RESUME_NEXT);
	el0_run(fn, 0, 0);
	check_fault_esr(name, esr);
	checkf(exc_last.vector, 8, "%s: vector", name);
}

int main(void)
{
	check("el0_run(el0_add, 5)", el0_run(el0_add, 5, 0), 0x1005);
	check("el0_run(el0_exit_early, 1)", el0_run(el0_exit_early, 1, 0), 0xfe);
	el0_run(el0_hello, 0, 0);

	exc_catch(EXC_RESUME_NEXT);
	check("registers preserved across SVC", el0_run(el0_svc_regs, 0, 0), 1);
	check_fault_esr("svc #0x42 from EL0", 0x56000042);
	check("svc from EL0: vector", exc_last.vector, 8);
	check("svc from EL0: ELR - svc", exc_last.elr - el0_scratch[0], 4);
	check("svc from EL0: SPSR", exc_last.spsr, 0x3c0);

	write_sysreg(tpidrro_el0, 0x7777);
	exc_catch(EXC_RESUME_NEXT);
	el0_run(el0_sysregs, 0, 0);
	check_no_fault("EL0 sysreg accesses");
	check("EL0 nzcv round trip", el0_scratch[1], 0x90000000ul);
	check("EL0 tpidr_el0 round trip", el0_scratch[2], 0xabcd);
	check("EL1 sees tpidr_el0", read_sysreg(tpidr_el0), 0xabcd);
	check("EL0 reads tpidrro_el0", el0_scratch[3], 0x7777);
	check("EL0 dc zva zeroed", el0_scratch[4], 0);

	undefined_at_el0("EL0 mrs currentel", el0_currentel, 0x02000000);
	undefined_at_el0("EL0 msr tpidrro_el0", el0_tpidrro, 0x02000000);
	undefined_at_el0("EL0 eret", el0_eret, 0x02000000);
	undefined_at_el0("EL0 mrs sctlr_el1", el0_sctlr, 0x02000000);
	exc_catch(EXC_RESUME_NEXT);
	el0_run(el0_daifset, 0, 0);
	exc_last.esr &= ~(0x3ful << 14);
	check_fault_esr("EL0 msr daifset, #2 (UMA=0), Op1/Op2 masked", 0x620013e4);
	undefined_at_el0("EL0 brk #0x77", el0_brk, 0xf2000077);

	exc_uncatch();
	return check_done();
}
