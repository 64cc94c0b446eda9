/* MTE: the upper VA range (VA[55] = 1, TTBR1_EL1). Its controls are TBI1 and TCMA1:
 * with TCMA1 = 1 logical tag 0xF (VA[59:55] = 0b11111) matches any allocation tag, while
 * tag 0 there (0b00001) is checked; TCMA0 does not apply. Asynchronous faults on upper
 * range addresses set TFSR_EL1.TF1 (bit 1), lower range ones TF0. With TBI1 = 0 the range
 * is unchecked and only addresses with bits [63:56] all ones translate. A tagged page is
 * mapped at 0xffff000010000000 through a TTBR1 table next to the default TTBR0 one. */
#include "mtetest.h"

#define HI 0xffff000010000000ul
#define HOBJ (HI + 0x100)
#define R ESR_TAG_CHECK_CUR_R
#define W ESR_TAG_CHECK_CUR_W

static uint64_t hi_tag(uint64_t a, unsigned t) { return mte_ptr_with_tag(a, t); }

int main(void)
{
	struct pt hi;
	pt_init(&hi, PT_4K, 48);
	uint64_t *page = page_alloc(4096);
	pt_map_pages(&hi, HI, (uintptr_t)page, 4096, PTE_TAGGED_DATA);
	mmu_switch(mmu_tcr(mmu_default_pt(), &hi), (uintptr_t)mmu_default_pt()->root, (uintptr_t)hi.root);
	setup_object_page(PTE_TAGGED_DATA);          /* lower range: MTE_VA */
	mte_enable(MTE_TCF_SYNC, MTE_TCF_NONE);
	mte_set_tag_range(HI, 4096, 0xf);
	mte_set_tag_range(HOBJ, 0x100, 5);
	fill_pattern(hi_tag(HI, 0xf), 4096);

	printf("== TBI1 = 1, TCMA1 = 0, TCF = sync\n");
	checkf(mte_get_tag(HOBJ), 5, "ldg upper object");
	checkf(mte_irg(hi_tag(HOBJ, 3), 0xffdf) , hi_tag(HOBJ, 5), "irg keeps bits [63:60] (all but 5 excluded)");
	NO_FAULT("ldr x, tag 5 on tag 5", "ldr x0, [x1]", hi_tag(HOBJ + 0x10, 5));
	TAG_FAULTS("ldr x, tag 3 on tag 5", "ldr x0, [x1]", hi_tag(HOBJ + 0x10, 3), R, hi_tag(HOBJ + 0x10, 3));
	TAG_FAULTS("str w, tag 15 on tag 5", "str w2, [x1]", hi_tag(HOBJ + 0x20, 0xf), W, hi_tag(HOBJ + 0x20, 0xf));
	TAG_FAULTS("ldrb, tag 0 on tag 15", "ldrb w0, [x1]", hi_tag(HI + 0x10, 0), R, hi_tag(HI + 0x10, 0));
	NO_FAULT("ldr x, tag 15 on tag 15", "ldr x0, [x1]", hi_tag(HI + 0x10, 0xf));

	printf("== TCMA1 = 1\n");
	mte_set_tcma(0, 1);
	uint64_t v = ACCESS("ldr x0, [x1]", hi_tag(HOBJ + 0x30, 0xf), 0);
	check_no_fault("ldr x, tag 15 on tag 5");
	checkf(v, pattern_at(HOBJ + 0x30), "ldr x, tag 15 on tag 5: value");
	NO_FAULT("str x, tag 15 on tag 5", "str x2, [x1]", hi_tag(HOBJ + 0x38, 0xf));
	TAG_FAULTS("ldr x, tag 0 on tag 5", "ldr x0, [x1]", hi_tag(HOBJ + 0x40, 0), R, hi_tag(HOBJ + 0x40, 0));
	TAG_FAULTS("ldr x, tag 3 on tag 5", "ldr x0, [x1]", hi_tag(HOBJ + 0x40, 3), R, hi_tag(HOBJ + 0x40, 3));
	TAG_FAULTS("lower range: ldr x, tag 0 on tag 5", "ldr x0, [x1]", OBJ + 0x10, R, OBJ + 0x10);
	printf("== TCMA0 = 1, TCMA1 = 0\n");
	mte_set_tcma(1, 0);
	TAG_FAULTS("ldr x, tag 15 on tag 5", "ldr x0, [x1]", hi_tag(HOBJ + 0x30, 0xf), R, hi_tag(HOBJ + 0x30, 0xf));
	NO_FAULT("lower range: ldr x, tag 0 on tag 5", "ldr x0, [x1]", OBJ + 0x10);
	mte_set_tcma(0, 0);

	printf("== TCF = async: TF1 and TF0\n");
	mte_set_tcf(MTE_TCF_ASYNC);
	NO_FAULT("upper: str x, tag 3 on tag 5", "str x2, [x1]", hi_tag(HOBJ + 0x50, 3));
	checkf(mte_tfsr(), TFSR_TF1, "TFSR_EL1 after the upper range fault");
	NO_FAULT("lower: str x, tag 3 on tag 5", "str x2, [x1]", BAD(0x50));
	checkf(mte_tfsr(), TFSR_TF1 | TFSR_TF0, "TFSR_EL1 after the lower range fault");
	mte_clear_tfsr();
	NO_FAULT("lower: ldr x, tag 3 on tag 5", "ldr x0, [x1]", BAD(0x50));
	checkf(mte_tfsr(), TFSR_TF0, "TFSR_EL1 after a lower range fault only");
	mte_clear_tfsr();
	mte_set_tcf(MTE_TCF_SYNC);

	printf("== TBI1 = 0\n");
	mte_set_tbi(1, 0);
	NO_FAULT("ldr x, tag 15 (top byte 0xff) on tag 5", "ldr x0, [x1]", hi_tag(HOBJ + 0x60, 0xf));
	ACCESS("ldr x0, [x1]", hi_tag(HOBJ + 0x60, 5), 0);
	checkf(exc_last.taken, 1, "ldr x, tag 5 (top byte 0xf5): exceptions taken");
	checkf(exc_last.esr, 0x96000004, "ldr x, tag 5: ESR (translation fault, level 0)");
	TAG_FAULTS("lower range still checked (TBI0 = 1)", "ldr x0, [x1]", BAD(0x10), R, BAD(0x10));
	mte_set_tbi(1, 1);

	mmu_restore_default();
	mte_set_tbi(1, 1);
	exc_uncatch();
	return check_done();
}
