/* MTE: asynchronous tag check faults on loads (SCTLR_EL1.TCF = 0b10, EL1). A mismatched
 * load completes (the value is returned), no exception is taken, and TFSR_EL1.TF0 is set
 * (VA[55] = 0), to be seen after a DSB. The bit is sticky until software writes 0; a
 * matching load sets nothing, and EL0's TFSRE0_EL1 is not involved. */
#include "mtetest.h"

int main(void)
{
	setup_object_page(PTE_TAGGED_DATA);
	mte_enable(MTE_TCF_ASYNC, MTE_TCF_NONE);
	poke(OBJ + 0x10, 0x1122334455667788ul);

	uint64_t v = ACCESS("ldr x0, [x1]", GOOD(0x10), 0);
	check_no_fault("ldr x, right tag");
	checkf(mte_tfsr(), 0, "ldr x, right tag: TFSR_EL1");

	v = ACCESS("ldr x0, [x1]", BAD(0x10), 0);
	check_no_fault("ldr x, wrong tag");
	checkf(v, 0x1122334455667788ul, "ldr x, wrong tag: value");
	checkf(mte_tfsr(), TFSR_TF0, "ldr x, wrong tag: TFSR_EL1");
	checkf(mte_tfsre0(), 0, "ldr x, wrong tag: TFSRE0_EL1");

	v = ACCESS("ldrh w0, [x1]", BAD(0x16), 0);
	checkf(v, 0x1122, "ldrh, wrong tag (TF0 already set): value");
	checkf(mte_tfsr(), TFSR_TF0, "TFSR_EL1 still TF0 (sticky)");
	mte_clear_tfsr();
	checkf(mte_tfsr(), 0, "TFSR_EL1 after writing 0");

	v = ACCESS("ldp x0, x3, [x1]", BAD(0xf8), 0);
	check_no_fault("ldp x across the object's end, wrong tag");
	checkf(mte_tfsr(), TFSR_TF0, "ldp x: TFSR_EL1");
	mte_clear_tfsr();
	v = ACCESS("ldr x0, [x1, #8]!", GOOD(0xf8), 0);
	check_no_fault("ldr x [x1, #8]! past the end with tag 5");
	checkf(mte_tfsr(), TFSR_TF0, "ldr x [x1, #8]!: TFSR_EL1");
	mte_clear_tfsr();
	v = ACCESS("ldxr x0, [x1]\n\tclrex", BAD(0x10), 0);
	checkf(v, 0x1122334455667788ul, "ldxr, wrong tag: value");
	checkf(mte_tfsr(), TFSR_TF0, "ldxr, wrong tag: TFSR_EL1");
	mte_clear_tfsr();
	v = ACCESS("ldar w0, [x1]", OBJ + 0x10, 0);
	checkf(v, 0x55667788, "ldar w, tag 0 on tag 5: value");
	checkf(mte_tfsr(), TFSR_TF0, "ldar w: TFSR_EL1");
	mte_clear_tfsr();
	exc_uncatch();
	return check_done();
}
