/* MTE: asymmetric mode for loads (SCTLR_EL1.TCF = 0b11, FEAT_MTE3). Reads are checked
 * synchronously: a mismatched load takes the Data Abort (ESR 0x96000011, FAR = the
 * address) and TFSR_EL1 is not touched. Read-modify-write atomics read too, so they
 * fault synchronously as well (ESR WnR = 0: a read of the address would fault). CAS is in
 * mte_cas_check (QEMU 10 checks it as a pure store). */
#include "mtetest.h"

#define R ESR_TAG_CHECK_CUR_R

int main(void)
{
	setup_object_page(PTE_TAGGED_DATA);
	mte_enable(MTE_TCF_ASYMM, MTE_TCF_NONE);

	TAG_FAULTS("ldr x", "ldr x0, [x1]", BAD(0x10), R, BAD(0x10));
	TAG_FAULTS("ldrb", "ldrb w0, [x1]", BAD(0x21), R, BAD(0x21));
	TAG_FAULTS("ldp x", "ldp x0, x3, [x1]", BAD(0x30), R, BAD(0x30));
	TAG_FAULTS("ldur w [x1, #-4]", "ldur w0, [x1, #-4]", OBJ + 0x44, R, OBJ + 0x40);
	TAG_FAULTS("ldr x [x1, x2]", "mov x2, #8\n\tldr x0, [x1, x2]", BAD(0x50), R, BAD(0x58));
	TAG_FAULTS("ldxr x", "ldxr x0, [x1]", BAD(0x60), R, BAD(0x60));
	TAG_FAULTS("ldar x", "ldar x0, [x1]", BAD(0x70), R, BAD(0x70));
	TAG_FAULTS("ldapr w", "ldapr w0, [x1]", BAD(0x74), R, BAD(0x74));
	TAG_FAULTS("ldr x past the end, tag 5", "ldr x0, [x1]", GOOD(0x100), R, GOOD(0x100));
	TAG_FAULTS("ldadd x (read and write)", "ldadd x2, x0, [x1]", BAD(0x80), R, BAD(0x80));
	TAG_FAULTS("swp w (read and write)", "swp w2, w0, [x1]", BAD(0x88), R, BAD(0x88));
	TAG_FAULTS("stset x (LDSET, Rt = XZR)", "stset x2, [x1]", BAD(0x90), R, BAD(0x90));
	checkf(pattern_changed(MTE_VA, 0x1000), 0, "memory words changed by the faulting atomics");
	checkf(mte_tfsr(), 0, "TFSR_EL1 after the synchronous faults");

	uint64_t v = ACCESS("ldr x0, [x1]", GOOD(0x10), 0);
	check_no_fault("ldr x, right tag");
	checkf(v, pattern_at(OBJ + 0x10), "ldr x, right tag: value");
	checkf(mte_tfsr(), 0, "TFSR_EL1");
	exc_uncatch();
	return check_done();
}
