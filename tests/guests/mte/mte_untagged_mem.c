/* MTE: memory that is not Tagged at stage 1. One physical page is mapped twice: VA_T as
 * Tagged Normal (MAIR 0xF0) and VA_U as untagged Normal write-back (0xFF, the runtime's
 * default). Through VA_U nothing is Tag Checked (mismatches neither fault nor set TFSR),
 * LDG and LDGM read 0, and tag writes (STG, ST2G, STGM, the tag part of STZG, STGP, DC
 * GZVA) are dropped while their data writes happen: VA_T still sees the old tags and
 * the new data. Non-cacheable (0x44) and Device-nGnRnE (0x00) pages are Untagged too
 * (no checks, LDG reads 0; a tag store to Device memory is CONSTRAINED UNPREDICTABLE,
 * fault or no effect, so it is not tried). */
#include "mtetest.h"

#define VA_T  MTE_VA
#define VA_U  (MTE_VA + 0x1000)
#define VA_NC (MTE_VA + 0x2000)
#define VA_DV (MTE_VA + 0x3000)

int main(void)
{
	uint64_t pa = (uintptr_t)map_test_page(VA_T, PTE_TAGGED_DATA);
	pt_map_pages(mmu_default_pt(), VA_U, pa, 4096, PTE_NORMAL | PTE_UXN | PTE_PXN);
	map_test_page(VA_NC, PTE_ATTR(MT_NORMAL_NC) | PTE_SH_INNER | PTE_AF | PTE_UXN | PTE_PXN);
	map_test_page(VA_DV, PTE_ATTR(MT_DEVICE_nGnRnE) | PTE_AF | PTE_UXN | PTE_PXN);
	mmu_sync();
	mte_enable(MTE_TCF_SYNC, MTE_TCF_NONE);
	mte_set_tag_range(VA_T, 4096, 5);
	fill_pattern(VA_T, 4096);
	const uint64_t bad = mte_ptr_with_tag(VA_U, 3);

	printf("== untagged Normal alias\n");
	checkf(mte_ldg(mte_ptr_with_tag(VA_U + 0x10, 7)), VA_U + 0x10, "ldg through VA_U: tag 0");
	checkf(mte_ldgm(VA_U), 0, "ldgm through VA_U: 0");
	checkf(mte_get_tag(VA_T + 0x10), 5, "ldg through VA_T: 5");
	uint64_t v = ACCESS("ldr x0, [x1]", bad + 0x10, 0);
	check_no_fault("ldr x through VA_U, tag 3 on tag 5");
	checkf(v, pattern_at(VA_T + 0x10), "ldr x through VA_U: value");
	ACCESS("str x2, [x1]", bad + 0x18, 0xaaaa);
	check_no_fault("str x through VA_U, tag 3 on tag 5");
	checkf(peek(mte_ptr_with_tag(VA_T + 0x18, 5)), 0xaaaa, "str x through VA_U: seen through VA_T");
	NO_FAULT("ldadd x through VA_U, tag 3", "ldadd x2, x0, [x1]", bad + 0x20);
	NO_FAULT("dc zva through VA_U, tag 3", "dc zva, x1", bad + 0x40);
	checkf(zero_words(VA_T + 0x40, 64), 8, "dc zva through VA_U: zero words via VA_T");

	mte_stg(mte_ptr_with_tag(VA_U + 0x100, 9));
	mte_st2g(mte_ptr_with_tag(VA_U + 0x120, 9));
	mte_stgm(VA_U + 0x200, 0x9999999999999999ul);
	mte_stzg(mte_ptr_with_tag(VA_U + 0x300, 9));
	mte_stgp(mte_ptr_with_tag(VA_U + 0x310, 9), 0x1111, 0x2222);
	mte_dc_gzva(mte_ptr_with_tag(VA_U + 0x340, 9));
	mte_dc_gva(mte_ptr_with_tag(VA_U + 0x380, 9));
	mte_stzgm(VA_U + 0x3c0, 9);
	checkf(tags_of(VA_T + 0x100, 4), 0x5555, "stg/st2g through VA_U: tags via VA_T");
	checkf(tags_of(VA_T + 0x200, 16), 0x5555555555555555ul, "stgm through VA_U: tags via VA_T");
	checkf(tags_of(VA_T + 0x300, 16), 0x5555555555555555ul,
	       "stzg/stgp/dc gzva/dc gva/stzgm through VA_U: tags via VA_T");
	checkf(zero_words(VA_T + 0x300, 16), 2, "stzg through VA_U: data zeroed");
	checkf(peek(mte_ptr_with_tag(VA_T + 0x318, 5)), 0x2222, "stgp through VA_U: data written");
	checkf(zero_words(VA_T + 0x340, 64), 8, "dc gzva through VA_U: data zeroed");
	checkf(zero_words(VA_T + 0x3c0, 64), 8, "stzgm through VA_U: data zeroed");
	mte_set_tcf(MTE_TCF_ASYNC);
	NO_FAULT("str x through VA_U, tag 3, TCF = async", "str x2, [x1]", bad + 0x28);
	checkf(mte_tfsr(), 0, "TFSR_EL1");
	NO_FAULT("str x through VA_T, tag 3, TCF = async", "str x2, [x1]",
		 mte_ptr_with_tag(VA_T + 0x28, 3));
	checkf(mte_tfsr(), TFSR_TF0, "TFSR_EL1 after the same store through VA_T");
	mte_clear_tfsr();
	mte_set_tcf(MTE_TCF_SYNC);
	TAG_FAULTS("ldr x through VA_T, tag 3 on tag 5", "ldr x0, [x1]", mte_ptr_with_tag(VA_T, 3),
		   ESR_TAG_CHECK_CUR_R, mte_ptr_with_tag(VA_T, 3));

	printf("== Normal non-cacheable\n");
	NO_FAULT("ldr x, tag 3", "ldr x0, [x1]", mte_ptr_with_tag(VA_NC + 0x10, 3));
	NO_FAULT("str x, tag 3", "str x2, [x1]", mte_ptr_with_tag(VA_NC + 0x10, 3));
	mte_stg(mte_ptr_with_tag(VA_NC + 0x20, 9));
	checkf(mte_get_tag(VA_NC + 0x20), 0, "stg then ldg: 0");
	checkf(mte_ldgm(VA_NC), 0, "ldgm: 0");

	printf("== Device-nGnRnE\n");
	NO_FAULT("ldr x, tag 3", "ldr x0, [x1]", mte_ptr_with_tag(VA_DV + 0x10, 3));
	NO_FAULT("str x, tag 3", "str x2, [x1]", mte_ptr_with_tag(VA_DV + 0x10, 3));
	checkf(mte_get_tag(VA_DV + 0x20), 0, "ldg: 0");
	exc_uncatch();
	return check_done();
}
