/* MTE: SCTLR_EL1.TCF = 0b00 at EL1: a tag mismatch has no effect. Mismatched loads
 * return the data, mismatched stores update memory, no exception, and neither
 * TFSR_EL1 nor TFSRE0_EL1 records anything. TCF0 (EL0's field, set to sync here) plays
 * no part in EL1's ordinary accesses. */
#include "mtetest.h"

int main(void)
{
	setup_object_page(PTE_TAGGED_DATA);
	mte_enable(MTE_TCF_NONE, MTE_TCF_SYNC);
	poke(OBJ + 0x10, 0x0123456789abcdeful);

	uint64_t v = ACCESS("ldr x0, [x1]", BAD(0x10), 0);
	check_no_fault("ldr x, wrong tag");
	checkf(v, 0x0123456789abcdeful, "ldr x, wrong tag: value");
	v = ACCESS("ldrb w0, [x1]", BAD(0x17), 0);
	checkf(v, 0x01, "ldrb, wrong tag: value");
	v = ACCESS("ldp x0, x3, [x1]\n\teor x0, x0, x3", BAD(0x10), 0);
	checkf(v, 0x0123456789abcdeful ^ pattern_at(OBJ + 0x18), "ldp x, wrong tag: x0 ^ x3");
	ACCESS("str x2, [x1]", BAD(0x20), 0xabcd);
	check_no_fault("str x, wrong tag");
	checkf(peek(OBJ + 0x20), 0xabcd, "str x, wrong tag: memory");
	ACCESS("stp x2, x2, [x1]", OBJ + 0x30, 0x77);
	check_no_fault("stp x, tag 0 on tag 5");
	checkf(peek(OBJ + 0x38), 0x77, "stp x, tag 0 on tag 5: memory");
	v = ACCESS("ldadd x2, x0, [x1]", BAD(0x40), 1);
	check_no_fault("ldadd x, wrong tag");
	checkf(peek(OBJ + 0x40), pattern_at(OBJ + 0x40) + 1, "ldadd x, wrong tag: memory");
	ACCESS("str x2, [x1]", GOOD(0x100), 0x55);
	check_no_fault("str x, tag 5 after the object");
	checkf(peek(OBJ + 0x100), 0x55, "str x, tag 5 after the object: memory");

	checkf(mte_tfsr(), 0, "TFSR_EL1");
	checkf(mte_tfsre0(), 0, "TFSRE0_EL1");
	exc_uncatch();
	return check_done();
}
