/* MTE: LDGM and STGM (FEAT_MTE2, EL1). They work on the naturally aligned block of
 * 4 << GMID_EL1.BS bytes holding the address (read from GMID_EL1 here; 256 bytes on
 * QEMU and mtesim): the tag of the granule at A lives in register bits
 * [4 * A[7:4] + 3 : 4 * A[7:4]], and LDGM zeroes all other bits. Both are Tag Unchecked
 * (TCF = sync, address tags wrong, no exception), ignore the address tag and leave the
 * data and the neighbouring blocks alone. Rn = 31 is SP. */
#include "mtetest.h"

#define P0 MTE_VA

/* The register image of the tags of the block holding a, from LDG. */
static uint64_t ref_block(uint64_t a, uint64_t bs_bytes)
{
	uint64_t b = a & ~(bs_bytes - 1), r = 0;
	for (uint64_t g = b; g < b + bs_bytes; g += 16)
		r |= (uint64_t)mte_get_tag(g) << (4 * ((g >> 4) & 0xf));
	return r;
}

/* The nibble of a STGM source register that becomes the tag of the granule at a. */
static uint64_t nib(uint64_t v, uint64_t a) { return (v >> (4 * ((a >> 4) & 0xf))) & 0xf; }

int main(void)
{
	require_mte2();
	map_tagged_page(P0, PTE_TAGGED_DATA);
	mte_enable(MTE_TCF_SYNC, MTE_TCF_NONE);
	const uint64_t bs = mte_gm_block_bytes();
	checkf(bs, 4ul << (read_sysreg(gmid_el1) & 0xf), "block bytes = 4 << GMID_EL1.BS");
	const uint64_t blk = P0 + 4 * bs;          /* a block in the middle of the page */
	mte_set_tag_range(P0, 0x1000, 0xa);
	fill_pattern(P0, 0x1000);

	exc_catch(EXC_RESUME_NEXT);
	mte_stgm(blk, 0xfedcba9876543210ul);
	check_no_fault("stgm [block]");
	checkf(ref_block(blk, bs), 0xfedcba9876543210ul & (bs >= 256 ? ~0ul : (1ul << (bs / 4)) - 1),
	       "stgm: tags read back with LDG");
	checkf(mte_get_tag(blk - 16), 0xa, "stgm: tag of the granule before the block");
	checkf(mte_get_tag(blk + bs), 0xa, "stgm: tag of the granule after the block");
	checkf(mte_ldgm(blk), ref_block(blk, bs), "ldgm [block]");
	checkf(mte_ldgm(mte_ptr_with_tag(blk + bs - 1, 7)), ref_block(blk, bs),
	       "ldgm [block + bs - 1, address tag 7]");
	checkf(mte_ldgm(blk - 1), 0xaaaaaaaaaaaaaaaaul & (bs >= 256 ? ~0ul : (1ul << (bs / 4)) - 1),
	       "ldgm [block - 1]: the previous block");

	/* Unaligned and tagged address: aligned down; the address tag plays no part. */
	mte_stgm(mte_ptr_with_tag(blk + bs + 0x37, 5), 0x0123456789abcdeful);
	checkf(mte_ldgm(blk + bs), ref_block(blk + bs, bs), "stgm [next block + 0x37, tag 5]: ldgm");
	checkf(mte_get_tag(blk + bs), nib(0x0123456789abcdeful, blk + bs),
	       "stgm: first granule of that block");
	checkf(mte_get_tag(blk + bs + 0x30), nib(0x0123456789abcdeful, blk + bs + 0x30),
	       "stgm: granule 3 of that block");
	checkf(mte_ldgm(blk), ref_block(blk, bs), "ldgm [block] unchanged");

	/* Rn = SP. */
	uint64_t r;
	__asm__ volatile("mov x9, sp\n\tmov sp, %1\n\tstgm %2, [sp]\n\tldgm %0, [sp]\n\tmov sp, x9"
			 : "=&r"(r) : "r"(blk + 2 * bs), "r"(0x1111222233334444ul) : "x9", "memory");
	checkf(r, ref_block(blk + 2 * bs, bs), "stgm/ldgm [sp]");
	checkf(mte_get_tag(blk + 2 * bs + 0x20), nib(0x1111222233334444ul, blk + 2 * bs + 0x20),
	       "stgm [sp]: granule 2");

	checkf(pattern_changed(P0, 0x1000), 0, "data words changed by LDGM/STGM");
	exc_uncatch();
	return check_done();
}
