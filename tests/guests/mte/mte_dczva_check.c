/* MTE: DC ZVA is a Tag Checked write. Its access descriptor (CreateAccDescDCZero) has
 * write = TRUE and read = FALSE, so a synchronous tag check fault reports WnR = 1 (and
 * CM = 0: DC ZVA is not cache maintenance for the syndrome): ESR 0x96000051 from EL1,
 * 0x92000051 from EL0; and in asymmetric mode (TCF = 0b11), where only reads are
 * synchronous, a mismatch is asynchronous: the block is zeroed and TFSR_ELx.TF0 set.
 * FAR is the register value or, IMPLEMENTATION DEFINED, the address AArch64.DataMemZero
 * faulted at (the block base); an aligned register makes both the same, and for an
 * unaligned one the guest only checks that FAR is one of the two. On a synchronous
 * fault the block is not zeroed.
 *
 * QEMU 10 checks DC ZVA as a read (helper_mte_check_zva builds its descriptor without
 * the WRITE bit), so it prints ESR 0x96000011 / 0x92000011 for the synchronous faults,
 * and in asymmetric mode it takes a synchronous fault (ESR 0x96000011 / 0x92000011, block
 * not zeroed, TFSR 0) instead of recording an asynchronous one. This guest's expected
 * output is written from the Arm ARM and it is compared with mtesim only
 * (--expected-only). */
#include "mtetest.h"

#define BLK (OBJ + 0x40)       /* a 64-byte block inside the tag-5 object */

EL0_TEXT static uint64_t el0_dczva(uint64_t a)
{
	__asm__ volatile("dc zva, %0" :: "r"(a) : "memory");
	return 0;
}

static void el0(uint64_t a)
{
	exc_catch(EXC_RESUME_NEXT);
	el0_run(el0_dczva, a, 0);
	mte_tco_off();
}

int main(void)
{
	setup_object_page(PTE_TAGGED_USER);
	mte_enable(MTE_TCF_SYNC, MTE_TCF_SYNC);
	checkf(mte_dczid_block_bytes(), 64, "DC ZVA block bytes");

	printf("== TCF = sync\n");
	ACCESS("dc zva, x1", mte_ptr_with_tag(BLK, 3), 0);
	check_tag_fault("dc zva, aligned, tag 3 on tag 5", ESR_TAG_CHECK_CUR_W, mte_ptr_with_tag(BLK, 3));
	checkf(pattern_changed(MTE_VA, 4096), 0, "dc zva, sync fault: data words changed");
	ACCESS("dc zva, x1", mte_ptr_with_tag(BLK + 0x28, 3), 0);
	checkf(exc_last.taken, 1, "dc zva, +0x28, tag 3 on tag 5: exceptions taken");
	checkf(exc_last.esr, ESR_TAG_CHECK_CUR_W, "dc zva, +0x28, tag 3 on tag 5: ESR");
	uint64_t far = exc_last.far & MTE_FAR_MASK;
	checkf(far == mte_ptr_with_tag(BLK + 0x28, 3) || far == mte_ptr_with_tag(BLK, 3), 1,
	       "dc zva, +0x28: FAR is the register or the block base");
	checkf(pattern_changed(MTE_VA, 4096), 0, "dc zva, sync fault: data words changed");
	ACCESS("dc zva, x1", mte_ptr_with_tag(BLK + 0x10, 5), 0);
	check_no_fault("dc zva, tag 5 on tag 5");
	checkf(zero_words(BLK, 64), 8, "dc zva, tag 5: zero words in the block");
	fill_pattern(BLK, 64);
	checkf(mte_tfsr(), 0, "TFSR_EL1");

	printf("== TCF = asymmetric (DC ZVA is a write: asynchronous)\n");
	mte_set_tcf(MTE_TCF_ASYMM);
	ACCESS("dc zva, x1", mte_ptr_with_tag(BLK, 3), 0);
	check_no_fault("dc zva, tag 3 on tag 5");
	checkf(zero_words(BLK, 64), 8, "dc zva, tag 3 on tag 5: zero words in the block");
	checkf(mte_tfsr(), TFSR_TF0, "dc zva, tag 3 on tag 5: TFSR_EL1");
	mte_clear_tfsr();
	fill_pattern(BLK, 64);
	TAG_FAULTS("ldr x, tag 3 on tag 5 (a read: synchronous)", "ldr x0, [x1]",
		   mte_ptr_with_tag(BLK, 3), ESR_TAG_CHECK_CUR_R, mte_ptr_with_tag(BLK, 3));

	printf("== TCF = async\n");
	mte_set_tcf(MTE_TCF_ASYNC);
	ACCESS("dc zva, x1", mte_ptr_with_tag(BLK, 3), 0);
	check_no_fault("dc zva, tag 3 on tag 5");
	checkf(zero_words(BLK, 64), 8, "dc zva, tag 3 on tag 5: zero words in the block");
	checkf(mte_tfsr(), TFSR_TF0, "dc zva, tag 3 on tag 5: TFSR_EL1");
	mte_clear_tfsr();
	fill_pattern(BLK, 64);

	printf("== EL0, TCF0 = sync\n");
	el0(mte_ptr_with_tag(BLK, 3));
	check_tag_fault("EL0 dc zva, tag 3 on tag 5", ESR_TAG_CHECK_LOWER_W, mte_ptr_with_tag(BLK, 3));
	checkf(pattern_changed(MTE_VA, 4096), 0, "EL0 dc zva, sync fault: data words changed");

	printf("== EL0, TCF0 = asymmetric\n");
	mte_set_tcf0(MTE_TCF_ASYMM);
	el0(mte_ptr_with_tag(BLK, 3));
	check_no_fault("EL0 dc zva, tag 3 on tag 5");
	checkf(zero_words(BLK, 64), 8, "EL0 dc zva: zero words in the block");
	checkf(mte_tfsre0(), TFSR_TF0, "EL0 dc zva: TFSRE0_EL1");
	checkf(mte_tfsr(), 0, "EL0 dc zva: TFSR_EL1");
	mte_clear_tfsr();
	exc_uncatch();
	return check_done();
}
