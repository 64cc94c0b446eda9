/* MTE: DC GVA and DC GZVA at EL1. Both work on the naturally aligned block of
 * 4 << DCZID_EL0.BS bytes holding Xt (64 bytes here) and set all its tags to Xt[59:56];
 * DC GVA leaves the data, DC GZVA zeroes it. Neither is Tag Checked (TCF = sync, old
 * tags different, no exception). Nothing outside the block changes. */
#include "mtetest.h"

#define P0 MTE_VA

static void reset(void)
{
	mte_set_tag_range(P0, 0x1000, 0x3);
	fill_pattern(P0, 0x1000);
}

static void block_tags(const char *what, uint64_t b, uint64_t bs, unsigned tag)
{
	uint64_t all = 0;
	for (uint64_t i = 0; i < bs / 16; i++)
		all |= (uint64_t)tag << (4 * i);
	checkf(tags_of(b, (unsigned)(bs / 16)), all, "%s: tags of the block", what);
	checkf(mte_get_tag(b - 16), 3, "%s: tag before the block", what);
	checkf(mte_get_tag(b + bs), 3, "%s: tag after the block", what);
}

int main(void)
{
	map_tagged_page(P0, PTE_TAGGED_DATA);
	mte_enable(MTE_TCF_SYNC, MTE_TCF_NONE);
	const uint64_t bs = mte_dczid_block_bytes();
	checkf(bs, 64, "DCZID_EL0 block bytes");
	exc_catch(EXC_RESUME_NEXT);

	reset();
	mte_dc_gva(mte_ptr_with_tag(P0 + 0x100, 7));
	check_no_fault("dc gva [aligned, tag 7]");
	block_tags("dc gva", P0 + 0x100, bs, 7);
	checkf(pattern_changed(P0, 0x1000), 0, "dc gva: data words changed");

	reset();
	mte_dc_gva(mte_ptr_with_tag(P0 + 0x200 + bs - 1, 12));
	check_no_fault("dc gva [block + bs - 1, tag 12]");
	block_tags("dc gva unaligned", P0 + 0x200, bs, 12);
	checkf(pattern_changed(P0, 0x1000), 0, "dc gva unaligned: data words changed");

	reset();
	mte_dc_gzva(mte_ptr_with_tag(P0 + 0x300, 9));
	check_no_fault("dc gzva [aligned, tag 9]");
	block_tags("dc gzva", P0 + 0x300, bs, 9);
	checkf(zero_words(P0 + 0x300, bs), bs / 8, "dc gzva: zero words in the block");
	fill_pattern(P0 + 0x300, bs);
	checkf(pattern_changed(P0, 0x1000), 0, "dc gzva: words changed outside the block");

	reset();
	mte_dc_gzva(P0 + 0x400 + 0x28);
	check_no_fault("dc gzva [block + 0x28, tag 0]");
	block_tags("dc gzva unaligned", P0 + 0x400, bs, 0);
	checkf(zero_words(P0 + 0x400, bs), bs / 8, "dc gzva unaligned: zero words in the block");
	fill_pattern(P0 + 0x400, bs);
	checkf(pattern_changed(P0, 0x1000), 0, "dc gzva unaligned: words changed outside");

	/* Xt's bits other than [59:56] do not matter (bits [63:60] set). */
	reset();
	mte_dc_gva(0xf000000000000000ul | mte_ptr_with_tag(P0 + 0x500, 4));
	block_tags("dc gva, Xt[63:60] = 0xf", P0 + 0x500, bs, 4);
	exc_uncatch();
	return check_done();
}
