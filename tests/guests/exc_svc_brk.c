/* Exceptions: SVC and BRK at EL1 with several immediates. ESR = EC (0x15 SVC, 0x3c BRK)
 * | IL | imm16; ELR is the next instruction for SVC and the BRK itself for BRK; SPSR is
 * the PSTATE at the instruction (NZCV, DAIF, EL1h or EL1t); the vector entry is
 * "current EL with SP_ELx" (4) or, with SPSel = 0, "current EL with SP_EL0" (0). */
#include "asmtest.h"

/* Takes one exception from the instruction at label 1 with NZCV = 0x6; returns the
 * ELR relative to that label. */
#define TAKE(INSN) ({                                                          \
	uint64_t lbl_;                                                          \
	exc_catch(EXC_RESUME_NEXT);                                             \
	__asm__ volatile("mov x9, #0x60000000\n\t"                              \
			 "msr nzcv, x9\n\t"                                     \
			 "adr %0, 1f\n"                                         \
			 "1: " INSN : "=&r"(lbl_) :: "x9", "cc", "memory");     \
	exc_last.elr - lbl_; })

#define T(INSN, ESR, ELR_OFF) do {                                               \
	uint64_t off_ = TAKE(INSN);                                               \
	check_fault_esr(INSN, ESR);                                               \
	checkf(off_, ELR_OFF, "%s: ELR - insn", INSN);                            \
	checkf(exc_last.spsr, 0x600003c5, "%s: SPSR", INSN);                      \
	checkf(exc_last.vector, 4, "%s: vector", INSN);                           \
} while (0)

int main(void)
{
	T("svc #0", 0x56000000, 4);
	T("svc #1", 0x56000001, 4);
	T("svc #0x1234", 0x56001234, 4);
	T("svc #0xffff", 0x5600ffff, 4);
	T("brk #0", 0xf2000000, 0);
	T("brk #0x8000", 0xf2008000, 0);
	T("brk #0xffff", 0xf200ffff, 0);

	/* Registers survive the round trip through the vectors. */
	uint64_t a = 0x1111, b = 0x2222;
	exc_catch(EXC_RESUME_NEXT);
	__asm__ volatile("svc #7" : "+r"(a), "+r"(b) :: "memory");
	check("x after svc", a ^ b, 0x1111 ^ 0x2222);

	/* With SPSel = 0 (EL1t) the exception uses the SP_EL0 vectors, SPSR.M = EL1t. */
	write_sysreg(sp_el0, 0x40000000);
	exc_catch(EXC_RESUME_NEXT);
	__asm__ volatile("msr spsel, #0\n\t"
			 "svc #0x55\n\t"
			 "msr spsel, #1" ::: "memory");
	check_fault_esr("svc in EL1t", 0x56000055);
	check("svc in EL1t: vector", exc_last.vector, 0);
	check("svc in EL1t: SPSR.M", exc_last.spsr & 0xf, 4);
	exc_catch(EXC_RESUME_NEXT);
	__asm__ volatile("msr spsel, #0\n\t"
			 "brk #0x66\n\t"
			 "msr spsel, #1" ::: "memory");
	check_fault_esr("brk in EL1t", 0xf2000066);
	check("brk in EL1t: vector", exc_last.vector, 0);

	exc_uncatch();
	return check_done();
}
