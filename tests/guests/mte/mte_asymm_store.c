/* MTE: asymmetric mode for stores (SCTLR_EL1.TCF = 0b11, FEAT_MTE3). Writes are checked
 * asynchronously: a mismatched store completes, no exception, TFSR_EL1.TF0 set. This
 * includes store-exclusives and store-release; read-modify-write atomics read as well
 * and fault synchronously (mte_asymm_load). */
#include "mtetest.h"

int main(void)
{
	setup_object_page(PTE_TAGGED_DATA);
	mte_enable(MTE_TCF_ASYMM, MTE_TCF_NONE);

	ACCESS("str x2, [x1]", GOOD(0x10), 0x1);
	check_no_fault("str x, right tag");
	checkf(mte_tfsr(), 0, "str x, right tag: TFSR_EL1");

	ACCESS("str x2, [x1]", BAD(0x10), 0x2);
	check_no_fault("str x, wrong tag");
	checkf(peek(OBJ + 0x10), 0x2, "str x, wrong tag: memory");
	checkf(mte_tfsr(), TFSR_TF0, "str x, wrong tag: TFSR_EL1");
	mte_clear_tfsr();

	ACCESS("strh w2, [x1]", BAD(0x1e), 0x3333);
	check_no_fault("strh, wrong tag");
	checkf(peek(OBJ + 0x18) >> 48, 0x3333, "strh, wrong tag: memory");
	checkf(mte_tfsr(), TFSR_TF0, "strh: TFSR_EL1");
	mte_clear_tfsr();

	ACCESS("stp x2, x2, [x1]", BAD(0x20), 0x4);
	check_no_fault("stp x, wrong tag");
	checkf(peek(OBJ + 0x28), 0x4, "stp x, wrong tag: memory");
	checkf(mte_tfsr(), TFSR_TF0, "stp x: TFSR_EL1");
	mte_clear_tfsr();

	ACCESS("str x2, [x1, #-8]!", OBJ + 0x38, 0x5);
	check_no_fault("str x [x1, #-8]!, tag 0 on tag 5");
	checkf(peek(OBJ + 0x30), 0x5, "str x [x1, #-8]!: memory");
	checkf(mte_tfsr(), TFSR_TF0, "str x [x1, #-8]!: TFSR_EL1");
	mte_clear_tfsr();

	ACCESS("stlr w2, [x1]", BAD(0x40), 0x6);
	check_no_fault("stlr w, wrong tag");
	checkf(peek(OBJ + 0x40) & 0xffffffff, 0x6, "stlr w, wrong tag: memory");
	checkf(mte_tfsr(), TFSR_TF0, "stlr w: TFSR_EL1");
	mte_clear_tfsr();

	ACCESS("str x2, [x1]", GOOD(0x100), 0x7);
	checkf(peek(OBJ + 0x100), 0x7, "str x past the end, tag 5: memory");
	checkf(mte_tfsr(), TFSR_TF0, "str x past the end: TFSR_EL1");
	mte_clear_tfsr();

	/* STXR: LDXR under PSTATE.TCO = 1 (unchecked), then the store-exclusive through the
	 * same wrong-tag address with TCO = 0. */
	uint64_t st = 1;
	for (int i = 0; i < 100 && st; i++)
		__asm__ volatile("msr tco, #1\n\tldxr x0, [%1]\n\tmsr tco, #0\n\tstxr %w0, %2, [%1]"
				 : "=&r"(st) : "r"(BAD(0x50)), "r"(0x8ul) : "x0", "memory");
	checkf(st, 0, "stxr, wrong tag: status");
	checkf(peek(OBJ + 0x50), 0x8, "stxr, wrong tag: memory");
	checkf(mte_tfsr(), TFSR_TF0, "stxr, wrong tag: TFSR_EL1");
	mte_clear_tfsr();
	exc_uncatch();
	return check_done();
}
