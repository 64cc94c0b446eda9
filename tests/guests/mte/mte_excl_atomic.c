/* MTE: exclusives, atomics and acquire/release accesses are Tag Checked (when the base
 * is not SP; see mte_sp_base). TCF = sync, EL1. Load-exclusives and load-acquires fault
 * with WnR = 0 (ESR 0x96000011), store-exclusives and store-releases with WnR = 1
 * (0x96000051); LSE read-modify-write atomics (LD<op>, ST<op>, SWP) both read and write,
 * and the Arm ARM reports a fault that a read of the address would also cause with
 * WnR = 0. Memory is left alone. CAS/CASP are in mte_cas_check (QEMU 10 reports them as
 * stores). */
#include "mtetest.h"

#define R ESR_TAG_CHECK_CUR_R
#define W ESR_TAG_CHECK_CUR_W

#define FAULTS_KEEP(NAME, INSN, ADDR, ESR, FAR) do {                                     \
	TAG_FAULTS(NAME, INSN, ADDR, ESR, FAR);                                           \
	checkf(pattern_changed(MTE_VA, 0x1000), 0, NAME ": memory words changed");       \
	fill_pattern(MTE_VA, 0x1000);                                                     \
} while (0)

int main(void)
{
	setup_object_page(PTE_TAGGED_DATA);
	mte_enable(MTE_TCF_SYNC, MTE_TCF_NONE);

	printf("== exclusives\n");
	FAULTS_KEEP("ldxr x", "ldxr x0, [x1]", BAD(0x10), R, BAD(0x10));
	FAULTS_KEEP("ldxrb", "ldxrb w0, [x1]", BAD(0x13), R, BAD(0x13));
	FAULTS_KEEP("ldaxr w", "ldaxr w0, [x1]", BAD(0x14), R, BAD(0x14));
	FAULTS_KEEP("ldxp x", "ldxp x0, x3, [x1]", BAD(0x20), R, BAD(0x20));
	FAULTS_KEEP("ldaxp w, tag 5 past the end", "ldaxp w0, w3, [x1]", GOOD(0x100), R, GOOD(0x100));
	/* Store-exclusive after a load-exclusive of the same address under TCO = 1. */
	FAULTS_KEEP("stxr x", "msr tco, #1\n\tldxr x0, [x1]\n\tmsr tco, #0\n\tstxr w3, x2, [x1]",
		    BAD(0x30), W, BAD(0x30));
	FAULTS_KEEP("stlxr w", "msr tco, #1\n\tldaxr w0, [x1]\n\tmsr tco, #0\n\tstlxr w3, w2, [x1]",
		    BAD(0x38), W, BAD(0x38));
	FAULTS_KEEP("stxp x", "msr tco, #1\n\tldxp x0, x3, [x1]\n\tmsr tco, #0\n\tstxp w3, x2, x2, [x1]",
		    BAD(0x40), W, BAD(0x40));
	__asm__ volatile("clrex");
	uint64_t v = ACCESS("ldxr x0, [x1]\n\tclrex", GOOD(0x10), 0);
	check_no_fault("ldxr x, right tag");
	checkf(v, pattern_at(OBJ + 0x10), "ldxr x, right tag: value");

	printf("== acquire / release\n");
	FAULTS_KEEP("ldar x", "ldar x0, [x1]", BAD(0x50), R, BAD(0x50));
	FAULTS_KEEP("ldarh", "ldarh w0, [x1]", BAD(0x56), R, BAD(0x56));
	FAULTS_KEEP("ldapr x", "ldapr x0, [x1]", BAD(0x58), R, BAD(0x58));
	FAULTS_KEEP("ldlar w", "ldlar w0, [x1]", BAD(0x5c), R, BAD(0x5c));
	FAULTS_KEEP("stlr x", "stlr x2, [x1]", BAD(0x60), W, BAD(0x60));
	FAULTS_KEEP("stlrb", "stlrb w2, [x1]", BAD(0x67), W, BAD(0x67));
	FAULTS_KEEP("stllr w", "stllr w2, [x1]", BAD(0x68), W, BAD(0x68));
	FAULTS_KEEP("stlr x, tag 0 on tag 5", "stlr x2, [x1]", OBJ + 0x70, W, OBJ + 0x70);
	NO_FAULT("ldar x, right tag", "ldar x0, [x1]", GOOD(0x50));
	NO_FAULT("stlr x, right tag", "stlr x2, [x1]", GOOD(0x60));
	fill_pattern(MTE_VA, 0x1000);

	printf("== LSE atomics\n");
	FAULTS_KEEP("ldadd x", "ldadd x2, x0, [x1]", BAD(0x80), R, BAD(0x80));
	FAULTS_KEEP("ldaddal w", "ldaddal w2, w0, [x1]", BAD(0x84), R, BAD(0x84));
	FAULTS_KEEP("ldclrb", "ldclrb w2, w0, [x1]", BAD(0x89), R, BAD(0x89));
	FAULTS_KEEP("ldeorh", "ldeorh w2, w0, [x1]", BAD(0x8a), R, BAD(0x8a));
	FAULTS_KEEP("ldset x", "ldset x2, x0, [x1]", BAD(0x90), R, BAD(0x90));
	FAULTS_KEEP("ldsmax w", "ldsmax w2, w0, [x1]", BAD(0x98), R, BAD(0x98));
	FAULTS_KEEP("ldumin x", "ldumin x2, x0, [x1]", BAD(0xa0), R, BAD(0xa0));
	FAULTS_KEEP("stadd x (LDADD, Rt = XZR)", "stadd x2, [x1]", BAD(0xa8), R, BAD(0xa8));
	FAULTS_KEEP("steorl w (LDEORL, Rt = XZR)", "steorl w2, [x1]", BAD(0xb0), R, BAD(0xb0));
	FAULTS_KEEP("swp x", "swp x2, x0, [x1]", BAD(0xb8), R, BAD(0xb8));
	FAULTS_KEEP("swpal w", "swpal w2, w0, [x1]", BAD(0xc0), R, BAD(0xc0));
	FAULTS_KEEP("ldadd x, tag 5 past the end", "ldadd x2, x0, [x1]", GOOD(0x100), R, GOOD(0x100));
	v = ACCESS("ldadd x2, x0, [x1]", GOOD(0xc8), 5);
	check_no_fault("ldadd x, right tag");
	checkf(v, pattern_at(OBJ + 0xc8), "ldadd x, right tag: old value");
	checkf(peek(OBJ + 0xc8), pattern_at(OBJ + 0xc8) + 5, "ldadd x, right tag: memory");
	exc_uncatch();
	return check_done();
}
