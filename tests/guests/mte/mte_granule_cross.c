/* MTE: accesses that touch more than one granule or page. Every granule an access touches
 * is checked: an 8-byte load at p + 12 reads granules p and p + 16, so it faults when
 * the second one's tag differs (FAR = p + 16, the first byte of the failing granule,
 * as the Arm ARM's byte-by-byte Mem[] for a misaligned access gives) and when the first
 * one's does (FAR = p + 12). A 16-byte-aligned LDP stays in one granule. A store that
 * crosses a page boundary with matching tags on both pages completes; with the second
 * page's tag different it faults at the second page's first byte. TCF = sync, EL1;
 * FEAT_LSE2 makes none of these an alignment fault. */
#include "mtetest.h"

#define P0 MTE_VA
#define P1 (MTE_VA + 0x1000)
#define R ESR_TAG_CHECK_CUR_R
#define W ESR_TAG_CHECK_CUR_W

int main(void)
{
	map_tagged_page(P0, PTE_TAGGED_DATA);
	map_tagged_page(P1, PTE_TAGGED_DATA);
	mte_enable(MTE_TCF_SYNC, MTE_TCF_NONE);
	fill_pattern(P0, 0x2000);
	/* Granules: P0+0x100 tag 4, P0+0x110 tag 7, P0+0x120 tag 7. */
	mte_set_tag_range(P0 + 0x100, 16, 4);
	mte_set_tag_range(P0 + 0x110, 32, 7);
	const uint64_t p4 = mte_ptr_with_tag(P0 + 0x100, 4), p7 = mte_ptr_with_tag(P0 + 0x100, 7);

	NO_FAULT("ldr x at p + 0, tag 4 (one granule)", "ldr x0, [x1]", p4);
	NO_FAULT("ldr w at p + 12, tag 4 (one granule)", "ldr w0, [x1]", p4 + 12);
	TAG_FAULTS("ldr x at p + 12, tag 4 (second granule 7)", "ldr x0, [x1]", p4 + 12, R, p4 + 16);
	TAG_FAULTS("ldr x at p + 12, tag 7 (first granule 4)", "ldr x0, [x1]", p7 + 12, R, p7 + 12);
	TAG_FAULTS("ldrh at p + 15, tag 4", "ldrh w0, [x1]", p4 + 15, R, p4 + 16);
	TAG_FAULTS("str x at p + 12, tag 4", "str x2, [x1]", p4 + 12, W, p4 + 16);
	checkf(pattern_changed(P0, 0x2000), 0, "str x at p + 12: memory words changed");
	TAG_FAULTS("ldp x at p + 8, tag 4", "ldp x0, x3, [x1]", p4 + 8, R, p4 + 16);
	NO_FAULT("ldp x at p + 16, tag 7 (one granule)", "ldp x0, x3, [x1]", p7 + 16);
	NO_FAULT("ldp x at p + 24, tag 7 (granules 7, 7)", "ldp x0, x3, [x1]", p7 + 24);
	TAG_FAULTS("ldp x at p + 40, tag 7 (granules 7, 0)", "ldp x0, x3, [x1]", p7 + 40, R, p7 + 48);

	/* Page crossing: the last granule of P0 and the first of P1. */
	mte_set_tag_range(P0 + 0xff0, 32, 9);
	const uint64_t q9 = mte_ptr_with_tag(P0 + 0xffc, 9);
	ACCESS("str x2, [x1]", q9, 0x1122334455667788ul);
	check_no_fault("str x across the page boundary, tags 9 / 9");
	checkf(peek(P0 + 0xff8) >> 32, 0x55667788, "str x across: high half of P0's last word");
	checkf(peek(P1) & 0xffffffff, 0x11223344, "str x across: low half of P1's first word");
	NO_FAULT("ldr x across the page boundary, tags 9 / 9", "ldr x0, [x1]", q9);
	NO_FAULT("ldp x across the page boundary, tags 9 / 9", "ldp x0, x3, [x1]", q9 - 4);
	mte_set_tag_range(P1, 16, 10);
	fill_pattern(P0, 0x2000);
	TAG_FAULTS("str x across the page boundary, tags 9 / 10", "str x2, [x1]", q9, W,
		   mte_ptr_with_tag(P1, 9));
	checkf(pattern_changed(P0, 0x2000), 0, "str x across, 9 / 10: memory words changed");
	TAG_FAULTS("ldr w across the page boundary, tags 9 / 10", "ldr w0, [x1]", q9 + 2, R,
		   mte_ptr_with_tag(P1, 9));
	exc_uncatch();
	return check_done();
}
