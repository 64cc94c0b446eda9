/* MTE: STZ2G in its three forms (offset, pre-index, post-index). Two granules get the
 * tag Xt[59:56] and their 32 data bytes are zeroed, nothing else. Tag Unchecked (TCF =
 * sync, no exception). Rn = 31 is SP. */
#include "mtetest.h"

#define P0 MTE_VA
#define TAG(t) ((uint64_t)(t) << 56)

static void reset(void)
{
	mte_set_tag_range(P0, 0x1000, 0);
	fill_pattern(P0, 0x1000);
}

static void zeroed_only(const char *what, uint64_t a)
{
	checkf(zero_words(a, 32), 4, "%s: zero words in the two granules", what);
	fill_pattern(a, 32);
	checkf(pattern_changed(P0, 0x1000), 0, "%s: other words changed", what);
}

int main(void)
{
	map_tagged_page(P0, PTE_TAGGED_DATA);
	mte_enable(MTE_TCF_SYNC, MTE_TCF_NONE);
	uint64_t x1;

	reset();
	x1 = RUN_X1("stz2g x2, [x1]", P0 + 0x100, TAG(5));
	check_no_fault("stz2g [x1]");
	checkf(x1, P0 + 0x100, "stz2g [x1]: x1 kept");
	checkf(tags_of(P0 + 0xf0, 4), 0x0550, "stz2g [x1]: tags from x1 - 16");
	zeroed_only("stz2g [x1]", P0 + 0x100);

	reset();
	x1 = RUN_X1("stz2g x2, [x1, #16]", P0 + 0x200, TAG(6));
	checkf(tags_of(P0 + 0x200, 4), 0x0660, "stz2g [x1, #16]: tags from x1");
	zeroed_only("stz2g [x1, #16]", P0 + 0x210);

	reset();
	x1 = RUN_X1("stz2g x2, [x1, #-4096]", P0 + 0x1000, TAG(7));
	checkf(tags_of(P0, 3), 0x077, "stz2g [x1, #-4096]: tags from x1 - 4096");
	zeroed_only("stz2g [x1, #-4096]", P0);

	reset();
	x1 = RUN_X1("stz2g x2, [x1, #96]!", P0 + 0x300, TAG(8));
	checkf(x1, P0 + 0x360, "stz2g [x1, #96]!: x1 written back");
	checkf(tags_of(P0 + 0x350, 4), 0x0880, "stz2g [x1, #96]!: tags from x1 + 80");
	zeroed_only("stz2g [x1, #96]!", P0 + 0x360);

	reset();
	x1 = RUN_X1("stz2g x2, [x1], #-16", P0 + 0x410, TAG(9));
	checkf(x1, P0 + 0x400, "stz2g [x1], #-16: x1 written back");
	checkf(tags_of(P0 + 0x400, 4), 0x0990, "stz2g [x1], #-16: tags from x1");
	zeroed_only("stz2g [x1], #-16", P0 + 0x410);

	reset();
	x1 = RUN_X1("stz2g x2, [x1]", mte_ptr_with_tag(P0 + 0x500, 2), TAG(13));
	check_no_fault("stz2g with address tag 2 (unchecked)");
	checkf(tags_of(P0 + 0x500, 2), 0xdd, "stz2g: tag from Xt");
	zeroed_only("stz2g address tag 2", P0 + 0x500);

	reset();
	x1 = RUN_X1("mov x9, sp\n\tmov sp, x1\n\tstz2g x2, [sp, #-32]\n\tmov x1, sp\n\tmov sp, x9",
		    P0 + 0x640, TAG(14));
	check_no_fault("stz2g [sp, #-32]");
	checkf(x1, P0 + 0x640, "stz2g [sp, #-32]: SP kept");
	checkf(tags_of(P0 + 0x610, 4), 0x0ee0, "stz2g [sp, #-32]: tags from SP - 48");
	zeroed_only("stz2g [sp, #-32]", P0 + 0x620);
	exc_uncatch();
	return check_done();
}
