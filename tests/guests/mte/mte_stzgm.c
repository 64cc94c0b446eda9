/* MTE: STZGM Xt, [Xn|SP] (FEAT_MTE2, EL1). It zeroes the naturally aligned block of
 * 4 << DCZID_EL0.BS bytes holding the address (read from DCZID_EL0 here; 64 bytes on
 * QEMU and mtesim) and sets every tag in it to Xt[3:0] (the other bits of Xt, and the
 * address tag, do not matter). Tag Unchecked: TCF = sync and the old tags differ, no
 * exception. Nothing outside the block changes. Rn = 31 is SP. */
#include "mtetest.h"

#define P0 MTE_VA

static void reset(void)
{
	mte_set_tag_range(P0, 0x1000, 0x9);
	fill_pattern(P0, 0x1000);
}

static void block_done(const char *what, uint64_t b, uint64_t bs, unsigned tag)
{
	uint64_t all = 0;
	for (uint64_t i = 0; i < bs / 16; i++)
		all |= (uint64_t)tag << (4 * i);
	checkf(tags_of(b, (unsigned)(bs / 16)), all, "%s: tags of the block", what);
	checkf(mte_get_tag(b - 16), 9, "%s: tag before the block", what);
	checkf(mte_get_tag(b + bs), 9, "%s: tag after the block", what);
	checkf(zero_words(b, bs), bs / 8, "%s: zero words in the block", what);
	fill_pattern(b, bs);
	checkf(pattern_changed(P0, 0x1000), 0, "%s: words changed outside", what);
}

int main(void)
{
	require_mte2();
	map_tagged_page(P0, PTE_TAGGED_DATA);
	mte_enable(MTE_TCF_SYNC, MTE_TCF_NONE);
	const uint64_t bs = mte_dczid_block_bytes();
	checkf(bs, 4ul << (read_sysreg(dczid_el0) & 0xf), "block bytes = 4 << DCZID_EL0.BS");

	reset();
	exc_catch(EXC_RESUME_NEXT);
	mte_stzgm(P0 + 0x200, 5);
	check_no_fault("stzgm [aligned]");
	block_done("stzgm tag 5", P0 + 0x200, bs, 5);

	reset();
	mte_stzgm(mte_ptr_with_tag(P0 + 0x400 + bs - 8, 3), 0xfffffffffffffff6ul);
	check_no_fault("stzgm [unaligned, address tag 3]");
	block_done("stzgm Xt = ..fff6, unaligned", P0 + 0x400, bs, 6);

	reset();
	mte_stzgm(P0 + 0x800 + 0x11, 0x0f00000000000000ul);
	block_done("stzgm Xt = 0x0f00.. (tag from Xt[3:0], 0)", P0 + 0x800, bs, 0);

	reset();
	__asm__ volatile("mov x9, sp\n\tmov sp, %0\n\tstzgm %1, [sp]\n\tmov sp, x9"
			 :: "r"(P0 + 0xc00), "r"(0xeul) : "x9", "memory");
	check_no_fault("stzgm [sp]");
	block_done("stzgm [sp] tag 14", P0 + 0xc00, bs, 14);
	exc_uncatch();
	return check_done();
}
