/* MTE: STZG in its three forms (offset, pre-index, post-index; simm = imm9 * 16). Like
 * STG it stores Xt[59:56] as the allocation tag of one granule, and it also zeroes that
 * granule's 16 data bytes, nothing else. Tag Unchecked (TCF = sync, no exception; the
 * zeroing store is not checked either). Rn = 31 is SP. Tags are read back with LDG
 * (nibble i = granule i), data through an unchecked access. */
#include "mtetest.h"

#define P0 MTE_VA
#define TAG(t) ((uint64_t)(t) << 56)

static void reset(void)
{
	mte_set_tag_range(P0, 0x1000, 0);
	fill_pattern(P0, 0x1000);
}

/* The granule at a was zeroed and nothing else in the page changed. */
static void zeroed_only(const char *what, uint64_t a)
{
	checkf(zero_words(a, 16), 2, "%s: zero words in the granule", what);
	fill_pattern(a, 16);
	checkf(pattern_changed(P0, 0x1000), 0, "%s: other words changed", what);
}

int main(void)
{
	map_tagged_page(P0, PTE_TAGGED_DATA);
	mte_enable(MTE_TCF_SYNC, MTE_TCF_NONE);
	uint64_t x1;

	reset();
	x1 = RUN_X1("stzg x2, [x1]", P0 + 0x100, TAG(5));
	check_no_fault("stzg [x1]");
	checkf(x1, P0 + 0x100, "stzg [x1]: x1 kept");
	checkf(tags_of(P0 + 0xe0, 5), 0x00500, "stzg [x1]: tags from x1 - 32");
	zeroed_only("stzg [x1]", P0 + 0x100);

	reset();
	x1 = RUN_X1("stzg x2, [x1, #-32]", P0 + 0x240, TAG(6));
	checkf(x1, P0 + 0x240, "stzg [x1, #-32]: x1 kept");
	checkf(tags_of(P0 + 0x200, 4), 0x0600, "stzg [x1, #-32]: tags from x1 - 64");
	zeroed_only("stzg [x1, #-32]", P0 + 0x220);

	reset();
	x1 = RUN_X1("stzg x2, [x1, #4080]", P0, TAG(7));
	checkf(tags_of(P0 + 0xfe0, 2), 0x70, "stzg [x1, #4080]: tags from x1 + 4064");
	zeroed_only("stzg [x1, #4080]", P0 + 0xff0);

	reset();
	x1 = RUN_X1("stzg x2, [x1, #48]!", P0 + 0x300, TAG(8));
	checkf(x1, P0 + 0x330, "stzg [x1, #48]!: x1 written back");
	checkf(tags_of(P0 + 0x320, 3), 0x080, "stzg [x1, #48]!: tags from x1 + 32");
	zeroed_only("stzg [x1, #48]!", P0 + 0x330);

	reset();
	x1 = RUN_X1("stzg x2, [x1], #-4096", P0 + 0xf00, TAG(9));
	checkf(x1, P0 + 0xf00 - 4096, "stzg [x1], #-4096: x1 written back");
	checkf(tags_of(P0 + 0xef0, 3), 0x090, "stzg [x1], #-4096: tags around old x1");
	zeroed_only("stzg [x1], #-4096", P0 + 0xf00);

	/* Unchecked: address tag 3, old allocation tag 0, Xt tag 4. */
	reset();
	x1 = RUN_X1("stzg x2, [x1]", mte_ptr_with_tag(P0 + 0x400, 3), TAG(4));
	check_no_fault("stzg with address tag 3 (unchecked)");
	checkf(mte_get_tag(P0 + 0x400), 4, "stzg: tag from Xt");
	zeroed_only("stzg address tag 3", P0 + 0x400);

	/* Rn = SP with post-index writeback. */
	reset();
	x1 = RUN_X1("mov x9, sp\n\tmov sp, x1\n\tstzg x2, [sp], #16\n\tmov x1, sp\n\tmov sp, x9",
		    P0 + 0x500, TAG(1));
	check_no_fault("stzg [sp], #16");
	checkf(x1, P0 + 0x510, "stzg [sp], #16: SP written back");
	checkf(tags_of(P0 + 0x4f0, 3), 0x010, "stzg [sp], #16: tags around old SP");
	zeroed_only("stzg [sp], #16", P0 + 0x500);
	exc_uncatch();
	return check_done();
}
