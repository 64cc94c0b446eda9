/* MTE: the runtime's range helpers. mte_set_tag_range(addr, size, tag) tags every granule
 * that [addr, addr + size) overlaps (STG/ST2G, data kept) and returns addr with that
 * logical tag; mte_set_tag_range_zero() also zeroes those granules (STZG/STZ2G);
 * mte_tag_range(p, size) uses p's own tag. Unaligned starts and ends, odd granule
 * counts, size 0, and the neighbours left alone; read back with LDGM and LDG. */
#include "mtetest.h"

#define P0 MTE_VA

static void reset(void)
{
	mte_set_tag_range(P0, 4096, 0xa);
	fill_pattern(P0, 4096);
}

int main(void)
{
	map_tagged_page(P0, PTE_TAGGED_DATA);
	mte_enable(MTE_TCF_SYNC, MTE_TCF_NONE);

	reset();
	checkf(mte_ldgm(P0), 0xaaaaaaaaaaaaaaaaul, "reset: ldgm block 0");
	uint64_t r = mte_set_tag_range(P0 + 0x10, 0x30, 3);
	checkf(r, mte_ptr_with_tag(P0 + 0x10, 3), "set [+0x10, +0x40) tag 3: returned pointer");
	checkf(mte_ldgm(P0), 0xaaaaaaaaaaaa333aul, "set [+0x10, +0x40) tag 3: ldgm");
	checkf(pattern_changed(P0, 4096), 0, "set: data words changed");

	r = mte_set_tag_range(P0 + 0x47, 0x12, 4);
	checkf(r, mte_ptr_with_tag(P0 + 0x47, 4), "set [+0x47, +0x59) tag 4: returned pointer");
	checkf(mte_ldgm(P0), 0xaaaaaaaaaa44333aul, "set [+0x47, +0x59) tag 4: ldgm");

	r = mte_set_tag_range(P0 + 0x80, 0, 5);
	checkf(r, mte_ptr_with_tag(P0 + 0x80, 5), "size 0: returned pointer");
	checkf(mte_ldgm(P0), 0xaaaaaaaaaa44333aul, "size 0: ldgm unchanged");

	r = mte_set_tag_range(P0 + 0xa1, 1, 6);
	checkf(mte_ldgm(P0), 0xaaaaa6aaaa44333aul, "one byte at +0xa1, tag 6: ldgm");

	r = mte_set_tag_range(P0 + 0xf0, 0x130, 7);
	checkf(mte_ldgm(P0), 0x7aaaa6aaaa44333aul, "[+0xf0, +0x220) tag 7: ldgm block 0");
	checkf(mte_ldgm(P0 + 0x100), 0x7777777777777777ul, "[+0xf0, +0x220) tag 7: ldgm block 1");
	checkf(mte_ldgm(P0 + 0x200), 0xaaaaaaaaaaaaaa77ul, "[+0xf0, +0x220) tag 7: ldgm block 2");
	checkf(pattern_changed(P0, 4096), 0, "data words changed");

	reset();
	r = mte_set_tag_range_zero(P0 + 0x318, 0x48, 9);
	checkf(r, mte_ptr_with_tag(P0 + 0x318, 9), "zero [+0x318, +0x360) tag 9: returned pointer");
	checkf(mte_ldgm(P0 + 0x300), 0xaaaaaaaaaa99999aul, "zero: ldgm (granules +0x310..+0x350)");
	checkf(zero_words(P0 + 0x310, 0x50), 10, "zero: zero words in +0x310..+0x360");
	fill_pattern(P0 + 0x310, 0x50);
	checkf(pattern_changed(P0, 4096), 0, "zero: other words changed");

	reset();
	uint64_t p = mte_irg(P0 + 0x400, 0x0401);   /* not 0, not 10 */
	r = mte_tag_range(p, 0x40);
	checkf(r, p, "mte_tag_range(irg pointer): returned pointer");
	uint64_t want = 0;
	for (int i = 0; i < 4; i++)
		want |= (uint64_t)mte_ptr_tag(p) << (4 * i);
	checkf(tags_of(P0 + 0x400, 5), 0xa0000 | want, "mte_tag_range: tags (nibble = irg tag)");
	NO_FAULT("ldr x through the irg pointer", "ldr x0, [x1, #56]", p);
	TAG_FAULTS("ldr x through the irg pointer, one past", "ldr x0, [x1, #64]", p,
		   ESR_TAG_CHECK_CUR_R, p + 64);
	exc_uncatch();
	return check_done();
}
