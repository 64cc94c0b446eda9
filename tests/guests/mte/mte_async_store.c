/* MTE: asynchronous tag check faults on stores (SCTLR_EL1.TCF = 0b10, EL1). A mismatched
 * store completes (memory is updated), no exception is taken, and TFSR_EL1.TF0 is set
 * (seen after a DSB); sticky until written 0. Read-modify-write atomics and
 * store-exclusives behave the same way in this mode. */
#include "mtetest.h"

int main(void)
{
	setup_object_page(PTE_TAGGED_DATA);
	mte_enable(MTE_TCF_ASYNC, MTE_TCF_NONE);

	ACCESS("str x2, [x1]", GOOD(0x10), 0x11);
	check_no_fault("str x, right tag");
	checkf(mte_tfsr(), 0, "str x, right tag: TFSR_EL1");

	ACCESS("str x2, [x1]", BAD(0x10), 0x22);
	check_no_fault("str x, wrong tag");
	checkf(peek(OBJ + 0x10), 0x22, "str x, wrong tag: memory");
	checkf(mte_tfsr(), TFSR_TF0, "str x, wrong tag: TFSR_EL1");
	checkf(mte_tfsre0(), 0, "str x, wrong tag: TFSRE0_EL1");
	ACCESS("strb w2, [x1]", BAD(0x20), 0x33);
	checkf(peek(OBJ + 0x20) & 0xff, 0x33, "strb, wrong tag: memory");
	checkf(mte_tfsr(), TFSR_TF0, "TFSR_EL1 still TF0");
	mte_clear_tfsr();

	ACCESS("stp x2, x2, [x1]", OBJ + 0x30, 0x44);
	check_no_fault("stp x, tag 0 on tag 5");
	checkf(peek(OBJ + 0x38), 0x44, "stp x, tag 0 on tag 5: memory");
	checkf(mte_tfsr(), TFSR_TF0, "stp x: TFSR_EL1");
	mte_clear_tfsr();

	ACCESS("str x2, [x1], #16", GOOD(0x100), 0x55);
	checkf(peek(OBJ + 0x100), 0x55, "str x [x1], #16 past the end with tag 5: memory");
	checkf(mte_tfsr(), TFSR_TF0, "str x [x1], #16: TFSR_EL1");
	mte_clear_tfsr();

	uint64_t old = ACCESS("ldadd x2, x0, [x1]", BAD(0x40), 2);
	check_no_fault("ldadd x, wrong tag");
	checkf(old, pattern_at(OBJ + 0x40), "ldadd x, wrong tag: old value");
	checkf(peek(OBJ + 0x40), pattern_at(OBJ + 0x40) + 2, "ldadd x, wrong tag: memory");
	checkf(mte_tfsr(), TFSR_TF0, "ldadd x: TFSR_EL1");
	mte_clear_tfsr();

	/* STXR: LDXR under PSTATE.TCO = 1 (unchecked), then the store-exclusive through the
	 * same wrong-tag address with TCO = 0. */
	uint64_t st = 1;
	for (int i = 0; i < 100 && st; i++)
		__asm__ volatile("msr tco, #1\n\tldxr x0, [%1]\n\tmsr tco, #0\n\tstxr %w0, %2, [%1]"
				 : "=&r"(st) : "r"(BAD(0x50)), "r"(0x66ul) : "x0", "memory");
	checkf(st, 0, "stxr, wrong tag: status");
	checkf(peek(OBJ + 0x50), 0x66, "stxr, wrong tag: memory");
	checkf(mte_tfsr(), TFSR_TF0, "stxr, wrong tag: TFSR_EL1");
	mte_clear_tfsr();
	exc_uncatch();
	return check_done();
}
