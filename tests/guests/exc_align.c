/* Exceptions: alignment. Data alignment faults (EC 0x25, DFSC 0x21) and PC alignment
 * faults (EC 0x22, FAR = the misaligned PC, after BR/BLR to a non-multiple of 4).
 * With SCTLR_EL1.A = 1 every misaligned access faults. With A = 0 and FEAT_LSE2 (as in
 * AArch64.CheckAlignment()), exclusives and LSE atomics, and load-acquire/store-release
 * while SCTLR_EL1.nAA = 0, fault only when they cross a 16-byte boundary; with
 * nAA = 1 load-acquire/store-release never do. For the faults of exclusives and
 * atomics WnR (ESR bit 6) is masked: the Arm ARM says 0 when the read would fault,
 * QEMU 10 reports 1 for the 16-byte-crossing case. SP alignment is in exc_sp_align
 * (QEMU does not implement it). Accesses use a test page at a fixed VA so FAR is
 * printable. */
#include "asmtest.h"

#define VA TEST_VA
#define ESR_ALIGN_R 0x96000021ul
#define ESR_ALIGN_W 0x96000061ul

static void set_sctlr(uint64_t set, uint64_t clear)
{
	write_sysreg(sctlr_el1, (read_sysreg(sctlr_el1) | set) & ~clear);
	isb();
}

/* Runs INSN with x1 = ADDR and x2 = a store value; catches any exception. */
#define ACC(NAME, INSN, ADDR) do {                                                  \
	exc_catch(EXC_RESUME_NEXT);                                                  \
	__asm__ volatile("mov x1, %0\n\tmov x2, #0x5a\n\t" INSN                       \
			 :: "r"((uint64_t)(ADDR)) : "x0", "x1", "x2", "x3", "memory"); \
} while (0)
#define FAULTS(NAME, INSN, ADDR, ESR) do {                                          \
	ACC(NAME, INSN, ADDR);                                                       \
	check_fault(NAME, ESR, ADDR);                                                \
} while (0)
#define FAULTS_NOWNR(NAME, INSN, ADDR, ESR) do {                                    \
	ACC(NAME, INSN, ADDR);                                                       \
	exc_last.esr &= ~0x40ul;                                                     \
	check_fault(NAME " (WnR masked)", ESR, ADDR);                                \
} while (0)
#define WORKS(NAME, INSN, ADDR) do {                                                \
	ACC(NAME, INSN, ADDR);                                                       \
	check_no_fault(NAME);                                                        \
} while (0)

int main(void)
{
	map_test_page(VA, PTE_NORMAL | PTE_UXN | PTE_PXN);

	/* SCTLR_EL1.A = 0: ordinary unaligned accesses are fine. */
	WORKS("A=0 ldr x [+3]", "ldr x0, [x1]", VA + 3);
	WORKS("A=0 str w [+2]", "str w2, [x1]", VA + 2);
	WORKS("A=0 ldp x [+12]", "ldp x0, x3, [x1]", VA + 12);

	set_sctlr(SCTLR_A, 0);
	FAULTS("A=1 ldr x [+3]", "ldr x0, [x1]", VA + 3, ESR_ALIGN_R);
	FAULTS("A=1 ldr x [+4]", "ldr x0, [x1]", VA + 4, ESR_ALIGN_R);
	FAULTS("A=1 ldrh [+1]", "ldrh w0, [x1]", VA + 1, ESR_ALIGN_R);
	FAULTS("A=1 str w [+2]", "str w2, [x1]", VA + 2, ESR_ALIGN_W);
	FAULTS("A=1 ldp w [+6]", "ldp w0, w3, [x1]", VA + 6, ESR_ALIGN_R);
	FAULTS("A=1 stp x [+12]", "stp x2, x2, [x1]", VA + 12, ESR_ALIGN_W);
	WORKS("A=1 ldr x [+8]", "ldr x0, [x1]", VA + 8);
	WORKS("A=1 ldrb [+7]", "ldrb w0, [x1]", VA + 7);
	WORKS("A=1 ldp w [+4]", "ldp w0, w3, [x1]", VA + 4);
	set_sctlr(0, SCTLR_A);

	/* A = 1 also covers exclusives, ordered accesses and atomics. */
	set_sctlr(SCTLR_A, 0);
	FAULTS("A=1 ldxr x [+4]", "ldxr x0, [x1]", VA + 4, ESR_ALIGN_R);
	FAULTS("A=1 ldar x [+4]", "ldar x0, [x1]", VA + 4, ESR_ALIGN_R);
	FAULTS("A=1 stlr w [+2]", "stlr w2, [x1]", VA + 2, ESR_ALIGN_W);
	FAULTS("A=1 ldadd x [+4]", "ldadd x2, x0, [x1]", VA + 4, ESR_ALIGN_R);
	set_sctlr(0, SCTLR_A);

	/* A = 0, FEAT_LSE2: exclusives inside 16 bytes are fine, across 16 they fault. */
	WORKS("ldxr x [+4]", "ldxr x0, [x1]\n\tclrex", VA + 4);
	WORKS("ldaxrh [+1]", "ldaxrh w0, [x1]\n\tclrex", VA + 1);
	WORKS("ldxp w [+4]", "ldxp w0, w3, [x1]\n\tclrex", VA + 4);
	WORKS("ldxp x [+16]", "ldxp x0, x3, [x1]\n\tclrex", VA + 16);
	FAULTS_NOWNR("ldxr x [+12] crosses 16", "ldxr x0, [x1]", VA + 12, ESR_ALIGN_R);
	FAULTS_NOWNR("ldxp x [+8] crosses 16", "ldxp x0, x3, [x1]", VA + 8, ESR_ALIGN_R);
	FAULTS_NOWNR("ldxr w [+14] crosses 16", "ldxr w0, [x1]", VA + 14, ESR_ALIGN_R);

	/* Load-acquire/store-release: nAA = 0 faults across 16 bytes only... */
	WORKS("nAA=0 ldar x [+4]", "ldar x0, [x1]", VA + 4);
	WORKS("nAA=0 stlr w [+1]", "stlr w2, [x1]", VA + 1);
	WORKS("nAA=0 ldapr w [+2]", "ldapr w0, [x1]", VA + 2);
	FAULTS("nAA=0 ldar x [+12] crosses 16", "ldar x0, [x1]", VA + 12, ESR_ALIGN_R);
	FAULTS("nAA=0 stlrh [+15] crosses 16", "stlrh w2, [x1]", VA + 15, ESR_ALIGN_W);
	FAULTS("nAA=0 ldapr w [+30] crosses 16", "ldapr w0, [x1]", VA + 30, ESR_ALIGN_R);
	/* ...and nAA = 1 never. */
	set_sctlr(SCTLR_nAA, 0);
	WORKS("nAA=1 ldar x [+4]", "ldar x0, [x1]", VA + 4);
	WORKS("nAA=1 ldar x [+12] crosses 16", "ldar x0, [x1]", VA + 12);
	WORKS("nAA=1 stlrh [+15] crosses 16", "stlrh w2, [x1]", VA + 15);
	set_sctlr(0, SCTLR_nAA);

	/* LSE atomics: fine inside a 16-byte block, alignment fault across one. */
	WORKS("ldadd x [+4]", "ldadd x2, x0, [x1]", VA + 4);
	WORKS("swp w [+9]", "swp w2, w0, [x1]", VA + 9);
	WORKS("cas w [+1]", "cas w0, w2, [x1]", VA + 1);
	FAULTS_NOWNR("ldadd x [+12] crosses 16", "ldadd x2, x0, [x1]", VA + 12, ESR_ALIGN_R);
	FAULTS_NOWNR("swph [+31] crosses 16", "swph w2, w0, [x1]", VA + 31, ESR_ALIGN_R);
	FAULTS_NOWNR("cas x [+9] crosses 16", "cas x0, x2, [x1]", VA + 9, ESR_ALIGN_R);

	/* PC alignment: BR/BLR to target+2. ELR and FAR are the misaligned PC. */
	uint64_t target;
	exc_catch(EXC_RESUME_LR);
	__asm__ volatile("adr %0, 1f\n\t"
			 "add x9, %0, #2\n\t"
			 "blr x9\n\t"
			 "b 2f\n"
			 "1: nop\n\t"
			 "ret\n"
			 "2:" : "=&r"(target) :: "x9", "x30", "memory");
	checkf(exc_last.taken, 1, "blr to label+2: exceptions taken");
	checkf(exc_last.esr, 0x8a000000, "blr to label+2: ESR");
	checkf(exc_last.far - target, 2, "blr to label+2: FAR - label");
	checkf(exc_last.elr - target, 2, "blr to label+2: ELR - label");
	exc_catch(EXC_RESUME_LR);
	__asm__ volatile("adr %0, 1f\n\t"
			 "add x9, %0, #1\n\t"
			 "adr x30, 2f\n\t"
			 "br x9\n"
			 "1: nop\n"
			 "2:" : "=&r"(target) :: "x9", "x30", "memory");
	checkf(exc_last.esr, 0x8a000000, "br to label+1: ESR");
	checkf(exc_last.far - target, 1, "br to label+1: FAR - label");

	exc_uncatch();
	return check_done();
}
