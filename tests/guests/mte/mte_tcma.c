/* MTE: TCR_EL1.TCMA0, Tag Check Match All for the lower VA range. With TCMA0 = 1, an
 * access whose address has VA[59:55] = 0b00000 (logical tag 0 in the lower half) is Tag
 * Unchecked, whatever the allocation tag; logical tag 0xF there has VA[59:55] = 0b11110,
 * so it is still checked, as is every other tag. TCMA1 only covers the upper half. LDG
 * still reads the real allocation tag. TCF = sync (then async), EL1. */
#include "mtetest.h"

#define R ESR_TAG_CHECK_CUR_R
#define W ESR_TAG_CHECK_CUR_W

int main(void)
{
	setup_object_page(PTE_TAGGED_DATA);
	mte_enable(MTE_TCF_SYNC, MTE_TCF_NONE);
	const uint64_t t0 = OBJ + 0x10, tf = mte_ptr_with_tag(OBJ + 0x10, 0xf);

	printf("== TCMA0 = 0\n");
	TAG_FAULTS("ldr x, tag 0 on tag 5", "ldr x0, [x1]", t0, R, t0);
	TAG_FAULTS("ldr x, tag 15 on tag 5", "ldr x0, [x1]", tf, R, tf);

	printf("== TCMA0 = 1\n");
	mte_set_tcma(1, 0);
	uint64_t v = ACCESS("ldr x0, [x1]", t0, 0);
	check_no_fault("ldr x, tag 0 on tag 5");
	checkf(v, pattern_at(OBJ + 0x10), "ldr x, tag 0 on tag 5: value");
	ACCESS("str x2, [x1]", t0 + 8, 0xabc);
	check_no_fault("str x, tag 0 on tag 5");
	checkf(peek(OBJ + 0x18), 0xabc, "str x, tag 0 on tag 5: memory");
	NO_FAULT("ldp x, tag 0 across the object's end", "ldp x0, x3, [x1]", OBJ + 0xf8);
	NO_FAULT("ldaddal x, tag 0 on tag 5", "ldaddal x2, x0, [x1]", OBJ + 0x20);
	TAG_FAULTS("ldr x, tag 15 on tag 5", "ldr x0, [x1]", tf, R, tf);
	TAG_FAULTS("str w, tag 15 on tag 0", "str w2, [x1]", mte_ptr_with_tag(OBJ + 0x200, 0xf), W,
		   mte_ptr_with_tag(OBJ + 0x200, 0xf));
	TAG_FAULTS("ldrb, tag 1 on tag 0", "ldrb w0, [x1]", mte_ptr_with_tag(OBJ - 1, 1), R,
		   mte_ptr_with_tag(OBJ - 1, 1));
	NO_FAULT("ldr x, tag 5 on tag 5", "ldr x0, [x1]", GOOD(0x30));
	checkf(mte_get_tag(OBJ), 5, "LDG with tag 0 address still reads 5");

	printf("== TCMA0 = 1, TCF = async\n");
	mte_set_tcf(MTE_TCF_ASYNC);
	mte_clear_tfsr();
	NO_FAULT("ldr x, tag 0 on tag 5", "ldr x0, [x1]", t0);
	checkf(mte_tfsr(), 0, "TFSR_EL1 after tag 0");
	NO_FAULT("ldr x, tag 15 on tag 5", "ldr x0, [x1]", tf);
	checkf(mte_tfsr(), TFSR_TF0, "TFSR_EL1 after tag 15");
	mte_clear_tfsr();
	mte_set_tcf(MTE_TCF_SYNC);

	printf("== TCMA0 = 0, TCMA1 = 1 (upper half only)\n");
	mte_set_tcma(0, 1);
	TAG_FAULTS("ldr x, tag 0 on tag 5", "ldr x0, [x1]", t0, R, t0);
	TAG_FAULTS("ldr x, tag 15 on tag 5", "ldr x0, [x1]", tf, R, tf);
	mte_set_tcma(0, 0);
	exc_uncatch();
	return check_done();
}
