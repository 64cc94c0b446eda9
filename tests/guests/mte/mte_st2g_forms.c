/* MTE: ST2G in its three forms (offset, pre-index, post-index; simm = imm9 * 16). It
 * stores Xt[59:56] as the allocation tag of two granules, A and A + 16 (A must be 16-byte
 * aligned, not 32), leaving the data alone. Tag Unchecked (TCF = sync, no exception).
 * Rn = 31 is SP. Tags read back with LDG (nibble i = granule i). */
#include "mtetest.h"

#define P0 MTE_VA
#define TAG(t) ((uint64_t)(t) << 56)

int main(void)
{
	map_tagged_page(P0, PTE_TAGGED_DATA);
	mte_enable(MTE_TCF_SYNC, MTE_TCF_NONE);
	mte_set_tag_range(P0, 0x1000, 0);
	fill_pattern(P0, 0x1000);
	uint64_t x1;

	x1 = RUN_X1("st2g x2, [x1]", P0 + 0x100, TAG(5));
	check_no_fault("st2g [x1]");
	checkf(x1, P0 + 0x100, "st2g [x1]: x1 kept");
	checkf(tags_of(P0 + 0xf0, 4), 0x0550, "st2g [x1]: tags from x1 - 16");

	x1 = RUN_X1("st2g x2, [x1, #16]", P0 + 0x200, TAG(6));
	checkf(x1, P0 + 0x200, "st2g [x1, #16] (16-aligned, not 32): x1 kept");
	checkf(tags_of(P0 + 0x200, 4), 0x0660, "st2g [x1, #16]: tags from x1");

	x1 = RUN_X1("st2g x2, [x1, #-4096]", P0 + 0x1000, TAG(7));
	checkf(tags_of(P0, 3), 0x077, "st2g [x1, #-4096]: tags from x1 - 4096");

	x1 = RUN_X1("st2g x2, [x1, #4064]", P0, TAG(8));
	checkf(tags_of(P0 + 0xfd0, 3), 0x880, "st2g [x1, #4064]: tags from x1 + 4048");

	x1 = RUN_X1("st2g x2, [x1, #-64]!", P0 + 0x340, TAG(9));
	checkf(x1, P0 + 0x300, "st2g [x1, #-64]!: x1 written back");
	checkf(tags_of(P0 + 0x2f0, 4), 0x0990, "st2g [x1, #-64]!: tags from x1 - 16");

	x1 = RUN_X1("st2g x2, [x1], #32", P0 + 0x410, TAG(10));
	checkf(x1, P0 + 0x430, "st2g [x1], #32: x1 written back");
	checkf(tags_of(P0 + 0x400, 5), 0x0aa0, "st2g [x1], #32: tags from x1 - 48");

	x1 = RUN_X1("st2g x2, [x1]", mte_ptr_with_tag(P0 + 0x500, 12), TAG(3));
	check_no_fault("st2g with address tag 12 (unchecked)");
	checkf(tags_of(P0 + 0x500, 3), 0x033, "st2g: tag from Xt");

	x1 = RUN_X1("mov x9, sp\n\tmov sp, x1\n\tst2g x2, [sp, #32]!\n\tmov x1, sp\n\tmov sp, x9",
		    P0 + 0x600, TAG(11));
	check_no_fault("st2g [sp, #32]!");
	checkf(x1, P0 + 0x620, "st2g [sp, #32]!: SP written back");
	checkf(tags_of(P0 + 0x600, 5), 0x0bb00, "st2g [sp, #32]!: tags from old SP");

	checkf(pattern_changed(P0, 0x1000), 0, "data words changed by the ST2Gs");
	exc_uncatch();
	return check_done();
}
