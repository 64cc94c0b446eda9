/* MTE: unprivileged loads and stores (LDTR/STTR family) executed at EL1 with PSTATE.UAO
 * = 0 are checked as EL0 accesses: SCTLR_EL1.ATA0 and TCF0 decide, and asynchronous
 * faults go to TFSRE0_EL1. A synchronous fault is still taken from EL1 (EC 0x25, ESR
 * 0x96000011 / 0x96000051). With PSTATE.UAO = 1 they are ordinary EL1 accesses (ATA,
 * TCF, TFSR_EL1). The page is accessible at EL0 so the permission checks pass. */
#include "mtetest.h"

#define R ESR_TAG_CHECK_CUR_R
#define W ESR_TAG_CHECK_CUR_W

int main(void)
{
	setup_object_page(PTE_TAGGED_USER);

	printf("== TCF = sync, TCF0 = none\n");
	mte_enable(MTE_TCF_SYNC, MTE_TCF_NONE);
	NO_FAULT("ldtr x, wrong tag", "ldtr x0, [x1]", BAD(0x10));
	NO_FAULT("sttr w, wrong tag", "sttr w2, [x1]", BAD(0x18));
	TAG_FAULTS("ldr x, wrong tag", "ldr x0, [x1]", BAD(0x10), R, BAD(0x10));
	checkf(mte_tfsr() | mte_tfsre0(), 0, "TFSR_EL1 | TFSRE0_EL1");

	printf("== TCF = none, TCF0 = sync\n");
	mte_set_tcf(MTE_TCF_NONE);
	mte_set_tcf0(MTE_TCF_SYNC);
	fill_pattern(MTE_VA, 4096);
	TAG_FAULTS("ldtr x, wrong tag", "ldtr x0, [x1]", BAD(0x10), R, BAD(0x10));
	TAG_FAULTS("ldtrb [x1, #255], wrong tag", "ldtrb w0, [x1, #255]", BAD(0), R, BAD(0xff));
	TAG_FAULTS("ldtrsw [x1, #-4], tag 5 at the end", "ldtrsw x0, [x1, #-4]", GOOD(0x104), R,
		   GOOD(0x100));
	TAG_FAULTS("sttr x, wrong tag", "sttr x2, [x1]", BAD(0x20), W, BAD(0x20));
	TAG_FAULTS("sttrh, tag 0 on tag 5", "sttrh w2, [x1]", OBJ + 0x30, W, OBJ + 0x30);
	checkf(pattern_changed(MTE_VA, 4096), 0, "memory words changed");
	NO_FAULT("ldtr x, right tag", "ldtr x0, [x1]", GOOD(0x10));
	NO_FAULT("ldr x, wrong tag (EL1, TCF = none)", "ldr x0, [x1]", BAD(0x10));

	printf("== TCF = sync, TCF0 = async\n");
	mte_set_tcf(MTE_TCF_SYNC);
	mte_set_tcf0(MTE_TCF_ASYNC);
	uint64_t v = ACCESS("ldtr x0, [x1]", BAD(0x10), 0);
	check_no_fault("ldtr x, wrong tag");
	checkf(v, pattern_at(OBJ + 0x10), "ldtr x, wrong tag: value");
	checkf(mte_tfsre0(), TFSR_TF0, "ldtr x: TFSRE0_EL1");
	checkf(mte_tfsr(), 0, "ldtr x: TFSR_EL1");
	mte_clear_tfsr();
	ACCESS("sttr x2, [x1]", BAD(0x40), 0x99);
	check_no_fault("sttr x, wrong tag");
	checkf(peek(OBJ + 0x40), 0x99, "sttr x, wrong tag: memory");
	checkf(mte_tfsre0(), TFSR_TF0, "sttr x: TFSRE0_EL1");
	mte_clear_tfsr();

	printf("== TCF0 = asymmetric\n");
	mte_set_tcf0(MTE_TCF_ASYMM);
	TAG_FAULTS("ldtr x, wrong tag", "ldtr x0, [x1]", BAD(0x10), R, BAD(0x10));
	NO_FAULT("sttr x, wrong tag", "sttr x2, [x1]", BAD(0x48));
	checkf(mte_tfsre0(), TFSR_TF0, "sttr x: TFSRE0_EL1");
	mte_clear_tfsr();

	printf("== ATA0 = 0, TCF0 = sync\n");
	mte_set_tcf0(MTE_TCF_SYNC);
	mte_set_ata(1, 0);
	NO_FAULT("ldtr x, wrong tag", "ldtr x0, [x1]", BAD(0x10));
	NO_FAULT("sttr x, wrong tag", "sttr x2, [x1]", BAD(0x50));
	TAG_FAULTS("ldr x, wrong tag (EL1: ATA = 1, TCF = sync)", "ldr x0, [x1]", BAD(0x10), R,
		   BAD(0x10));
	mte_set_ata(1, 1);

	printf("== PSTATE.UAO = 1: EL1 controls\n");
	mte_set_tcf(MTE_TCF_NONE);
	mte_set_tcf0(MTE_TCF_SYNC);
	__asm__ volatile("msr uao, #1");
	NO_FAULT("ldtr x, wrong tag (TCF = none)", "ldtr x0, [x1]", BAD(0x10));
	mte_set_tcf(MTE_TCF_ASYNC);
	NO_FAULT("sttr x, wrong tag (TCF = async)", "sttr x2, [x1]", BAD(0x58));
	checkf(mte_tfsr(), TFSR_TF0, "sttr x: TFSR_EL1");
	checkf(mte_tfsre0(), 0, "sttr x: TFSRE0_EL1");
	mte_clear_tfsr();
	mte_set_tcf(MTE_TCF_SYNC);
	TAG_FAULTS("ldtr x, wrong tag (TCF = sync)", "ldtr x0, [x1]", BAD(0x10), R, BAD(0x10));
	__asm__ volatile("msr uao, #0");
	exc_uncatch();
	return check_done();
}
