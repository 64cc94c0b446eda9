/* Exceptions: UNDEFINED instructions at EL1 give EC 0x00 with IL = 1 (ESR 0x02000000)
 * and ELR = the instruction: UDF, SMC with no EL3, EL2 registers from EL1, SP_EL1 from
 * EL1, SP_EL0 while SPSel = 0, and writes to read-only ID registers. FP/SIMD is not
 * checked: mtesim's PE implements the integer ISA only (ID_AA64PFR0_EL1.FP = 0xF), while
 * QEMU's -cpu max has FP, so their answers legitimately differ there. */
#include "asmtest.h"

/* PRE runs first (not expected to fault), then INSN at label 1 must be UNDEFINED. */
#define TP(NAME, PRE, INSN, POST, ESR) do {                                     \
	uint64_t lbl_;                                                           \
	exc_catch(EXC_RESUME_NEXT);                                              \
	__asm__ volatile(PRE "\n\tadr %0, 1f\n"                                  \
			 "1: " INSN "\n\t" POST : "=&r"(lbl_) :: "x0", "memory");  \
	check_fault_esr(NAME, ESR);                                              \
	checkf(exc_last.elr - lbl_, 0, "%s: ELR - insn", NAME);                  \
} while (0)
#define T(INSN, ESR) TP(INSN, "", INSN, "", ESR)

int main(void)
{
	T("udf #0", 0x02000000);
	T("udf #0xbeef", 0x02000000);
	T(".inst 0x00000000", 0x02000000);
	T("smc #0", 0x02000000);
	T("mrs x0, hcr_el2", 0x02000000);
	T("msr hcr_el2, xzr", 0x02000000);
	T("mrs x0, sctlr_el2", 0x02000000);
	T("mrs x0, sp_el1", 0x02000000);
	/* Generic encodings, so the assembler does not object to writing read-only ones. */
	TP("msr midr_el1, xzr", "", "msr s3_0_c0_c0_0, xzr", "", 0x02000000);
	TP("msr id_aa64pfr0_el1, xzr", "", "msr s3_0_c0_c4_0, xzr", "", 0x02000000);
	TP("msr currentel, xzr", "", "msr s3_0_c4_c2_2, xzr", "", 0x02000000);
	TP("mrs x0, sp_el0 with SPSel=0", "msr spsel, #0", "mrs x0, sp_el0", "msr spsel, #1",
	   0x02000000);

	exc_uncatch();
	return check_done();
}
