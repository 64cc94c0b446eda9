/* MTE: synchronous tag check faults on loads (SCTLR_EL1.TCF = 0b01, EL1). Every load
 * form whose logical tag (address bits [59:56]) differs from the allocation tag of a
 * granule it reads takes a Data Abort to EL1: ESR = 0x96000011 (EC 0x25 same EL, IL,
 * ISV = 0, WnR = 0, DFSC 0b010001), FAR = the faulting address with its tag (bits [63:60]
 * UNKNOWN, masked). With the right tag the same loads return the data. TFSR_EL1 stays 0
 * (synchronous faults are not recorded there). LDAPUR (FEAT_LRCPC2) is in
 * mte_rcpc2_check: QEMU 10 does not check it. */
#include "mtetest.h"

#define R ESR_TAG_CHECK_CUR_R

int main(void)
{
	setup_object_page(PTE_TAGGED_DATA);
	mte_enable(MTE_TCF_SYNC, MTE_TCF_NONE);
	poke(OBJ + 0x10, 0x8877665544332211ul);
	poke(OBJ + 0x18, 0xfedcba9876543210ul);

	TAG_FAULTS("ldrb", "ldrb w0, [x1]", BAD(0x17), R, BAD(0x17));
	TAG_FAULTS("ldrh", "ldrh w0, [x1]", BAD(0x12), R, BAD(0x12));
	TAG_FAULTS("ldr w", "ldr w0, [x1]", BAD(0x14), R, BAD(0x14));
	TAG_FAULTS("ldr x", "ldr x0, [x1]", BAD(0x10), R, BAD(0x10));
	TAG_FAULTS("ldrsb x", "ldrsb x0, [x1]", BAD(0x1f), R, BAD(0x1f));
	TAG_FAULTS("ldrsh w", "ldrsh w0, [x1]", BAD(0x1e), R, BAD(0x1e));
	TAG_FAULTS("ldrsw", "ldrsw x0, [x1]", BAD(0x1c), R, BAD(0x1c));
	TAG_FAULTS("ldr x [x1, #8]", "ldr x0, [x1, #8]", BAD(0x10), R, BAD(0x18));
	TAG_FAULTS("ldur x [x1, #-3]", "ldur x0, [x1, #-3]", BAD(0x13), R, BAD(0x10));
	TAG_FAULTS("ldp w", "ldp w0, w3, [x1]", BAD(0x10), R, BAD(0x10));
	TAG_FAULTS("ldp x", "ldp x0, x3, [x1]", BAD(0x10), R, BAD(0x10));
	TAG_FAULTS("ldpsw", "ldpsw x0, x3, [x1]", BAD(0x18), R, BAD(0x18));
	TAG_FAULTS("ldnp x", "ldnp x0, x3, [x1]", BAD(0x20), R, BAD(0x20));
	TAG_FAULTS("ldr x [x1, x2]", "mov x2, #0x18\n\tldr x0, [x1, x2]", BAD(0), R, BAD(0x18));
	TAG_FAULTS("ldr w [x1, w2, sxtw #2]", "mov w2, #-4\n\tldr w0, [x1, w2, sxtw #2]", BAD(0x20),
		   R, BAD(0x10));
	TAG_FAULTS("ldr x [x1, #16]!", "ldr x0, [x1, #16]!", BAD(0), R, BAD(0x10));
	TAG_FAULTS("ldr x [x1], #16", "ldr x0, [x1], #16", BAD(0x10), R, BAD(0x10));
	TAG_FAULTS("ldapr x", "ldapr x0, [x1]", BAD(0x10), R, BAD(0x10));
	TAG_FAULTS("ldlar w", "ldlar w0, [x1]", BAD(0x14), R, BAD(0x14));
	/* The last granule of the object and the first after it (tag 0). */
	TAG_FAULTS("ldr x, tag 5 past the end", "ldr x0, [x1]", GOOD(0x100), R, GOOD(0x100));
	TAG_FAULTS("ldrb, tag 0 in the object", "ldrb w0, [x1]", OBJ + 0xff, R, OBJ + 0xff);

	/* The right tag. */
	uint64_t v = ACCESS("ldr x0, [x1]", GOOD(0x10), 0);
	check_no_fault("ldr x, tag 5");
	checkf(v, 0x8877665544332211ul, "ldr x, tag 5: value");
	v = ACCESS("ldp x0, x3, [x1]\n\tadd x0, x0, x3", GOOD(0x10), 0);
	check_no_fault("ldp x, tag 5");
	checkf(v, 0x8877665544332211ul + 0xfedcba9876543210ul, "ldp x, tag 5: sum");
	v = ACCESS("ldrb w0, [x1]", GOOD(0xff), 0);
	check_no_fault("ldrb at the object's last byte, tag 5");
	v = ACCESS("ldr x0, [x1]", OBJ + 0x100, 0);
	check_no_fault("ldr x after the object, tag 0");

	checkf(mte_tfsr(), 0, "TFSR_EL1");
	checkf(mte_tfsre0(), 0, "TFSRE0_EL1");
	exc_uncatch();
	return check_done();
}
