/* MTE: TCR_EL1.TBI0 = 0. Accesses in the lower VA range are then Tag Unchecked (TBI and
 * MTX both 0), so an untagged pointer reaches memory of any allocation tag, and a
 * pointer with a nonzero tag is an ordinary out-of-range address: a level 0 Translation
 * fault (ESR 0x96000004 / 0x96000044), not a tag check. The tag instructions still work:
 * IRG and ADDG make tagged values, STG (through an untagged address) and LDG read and
 * write allocation tags. With TBI0 back to 1 the same untagged access is checked. */
#include "mtetest.h"

int main(void)
{
	setup_object_page(PTE_TAGGED_DATA);
	mte_enable(MTE_TCF_SYNC, MTE_TCF_NONE);
	mte_set_tbi(0, 1);
	checkf(read_sysreg(tcr_el1) & (TCR_TBI0 | TCR_TBI1), TCR_TBI1, "TCR_EL1 TBI1:TBI0");

	uint64_t v = ACCESS("ldr x0, [x1]", OBJ + 0x10, 0);
	check_no_fault("ldr x, untagged address on tag 5");
	checkf(v, pattern_at(OBJ + 0x10), "ldr x, untagged: value");
	ACCESS("str x2, [x1]", OBJ + 0x18, 0x1234);
	check_no_fault("str x, untagged address on tag 5");
	checkf(peek(OBJ + 0x18), 0x1234, "str x, untagged: memory");
	NO_FAULT("ldadd x, untagged on tag 5", "ldadd x2, x0, [x1]", OBJ + 0x20);

	ACCESS("ldr x0, [x1]", GOOD(0x10), 0);
	check_fault("ldr x, tag 5 address, TBI0 = 0", 0x96000004, GOOD(0x10));
	ACCESS("str x2, [x1]", BAD(0x10), 0);
	check_fault("str x, tag 3 address, TBI0 = 0", 0x96000044, BAD(0x10));

	/* Tag instructions. */
	mte_set_rgsr(0x1234, 0);
	uint64_t model = 0x123400;
	checkf(mte_irg(OBJ, 0), mte_ptr_with_tag(OBJ, ref_irg(&model, 0)), "irg");
	checkf(MTE_ADDG(OBJ, 16, 2), mte_ptr_with_tag(OBJ + 16, 2), "addg #16, #2");
	__asm__ volatile("stg %0, [%1]" :: "r"(mte_ptr_with_tag(0, 9)), "r"(OBJ + 0x40) : "memory");
	checkf(mte_get_tag(OBJ + 0x40), 9, "stg (tag from Xt, untagged address), ldg");
	checkf(mte_get_tag(OBJ + 0x30), 5, "ldg of an untouched granule");

	mte_set_tbi(1, 1);
	TAG_FAULTS("ldr x, untagged on tag 5, TBI0 = 1", "ldr x0, [x1]", OBJ + 0x10,
		   ESR_TAG_CHECK_CUR_R, OBJ + 0x10);
	NO_FAULT("ldr x, tag 9 on tag 9, TBI0 = 1", "ldr x0, [x1]", mte_ptr_with_tag(OBJ + 0x40, 9));
	exc_uncatch();
	return check_done();
}
