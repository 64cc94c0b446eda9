/* MTE: LDGM and STGM with a GMID_EL1.BS other than QEMU's 6. Expected output written from
 * the Arm ARM (QEMU 10 only has BS = 6); run by mtesim alone with a configuration that
 * gives the PE "gmid_bs": 2 (configs/gmid_bs2.json, expected/mte_gmid_bs2.out) and again
 * with "gmid_bs": 4 (configs/gmid_bs4.json, expected/mte_gmid_bs2.gmid4.out).
 *
 * Rules (Arm ARM, GMID_EL1 and the LDGM / STGM instruction descriptions):
 * - GMID_EL1.BS [3:0] is log2 of the LDGM/STGM block size in 4-byte words, from 2
 *   (16 bytes, one Tag Granule) to 6 (256 bytes); bits [63:4] are RES0. So the register
 *   reads 2 (resp. 4).
 * - LDGM reads the naturally aligned block of 4 << BS bytes holding the address and
 *   writes the Allocation Tag of the granule at address A to register bits
 *   [4*A[7:4]+3 : 4*A[7:4]]; all other bits are 0. The address tag plays no part.
 * - STGM writes the Allocation Tags of the same block, the tag of the granule at A taken
 *   from bits [4*A[7:4]+3 : 4*A[7:4]] of the source; granules outside the block and the
 *   data are not changed.
 * - Both are Tag Unchecked (an instruction that explicitly loads or stores Allocation
 *   Tags), so a wrong address tag with TCF = sync does not fault.
 *
 * Layout: a Tagged page P whose granule i has tag 15 - (i mod 16), so in every 256-byte
 * chunk the granule with A[7:4] = j has tag 0xF - j. Every expected value below is
 * worked out by hand in expected/; the guest's own "want" comes from a model that uses
 * the BS it read (a wrong BS shows in the first line). */
#include "mtetest.h"

#define P MTE_VA

/* LDGM as the Arm ARM describes it, built from LDG of each granule of the block. */
static uint64_t ref_ldgm(uint64_t a, uint64_t bytes)
{
	uint64_t b = mte_ptr_untag(a) & ~(bytes - 1), r = 0;
	for (uint64_t g = b; g < b + bytes; g += 16)
		r |= (uint64_t)mte_get_tag(g) << (4 * ((g >> 4) & 0xf));
	return r;
}

/* The tags the model expects after STGM src at a: the block's granules from src. */
static uint64_t ref_after_stgm(uint64_t first, unsigned n, uint64_t a, uint64_t src, uint64_t bytes)
{
	uint64_t b = mte_ptr_untag(a) & ~(bytes - 1), r = 0;
	for (unsigned i = 0; i < n; i++) {
		uint64_t g = first + 16 * i;
		uint64_t t = (g >= b && g < b + bytes) ? (src >> (4 * ((g >> 4) & 0xf))) & 0xf
						       : mte_get_tag(g);
		r |= t << (4 * i);
	}
	return r;
}

int main(void)
{
	require_mte2();
	map_tagged_page(P, PTE_TAGGED_DATA);
	mte_enable(MTE_TCF_SYNC, MTE_TCF_NONE);
	for (unsigned i = 0; i < 256; i++)
		mte_stg(mte_ptr_with_tag(P + 16 * i, 15 - (i & 15)));
	fill_pattern(P, 4096);

	uint64_t gmid = read_sysreg(gmid_el1);
	printf("GMID_EL1 = 0x%lx (block %lu bytes)\n", gmid, 4ul << (gmid & 0xf));
	const uint64_t bytes = 4ul << (gmid & 0xf);

	printf("== LDGM\n");
	exc_catch(EXC_RESUME_NEXT);
	static const uint64_t offs[] = { 0x30, 0x5c, 0x80, 0x1e8 };
	for (unsigned k = 0; k < 4; k++) {
		uint64_t a = mte_ptr_with_tag(P + offs[k], 7);
		checkf(mte_ldgm(a), ref_ldgm(a, bytes), "ldgm [P + 0x%lx, address tag 7]", offs[k]);
	}
	check_no_fault("ldgm with address tag 7, TCF = sync");

	printf("== STGM\n");
	const uint64_t src = 0x76543210fedcba98ul;   /* nibble j = (j + 8) mod 16 */
	uint64_t want = ref_after_stgm(P + 0x30, 6, P + 0x5c, src, bytes);
	exc_catch(EXC_RESUME_NEXT);
	mte_stgm(mte_ptr_with_tag(P + 0x5c, 9), src);
	check_no_fault("stgm [P + 0x5c, address tag 9], TCF = sync");
	checkf(tags_of(P + 0x30, 6), want, "stgm: tags of P + 0x30 .. P + 0x8f (granule i in nibble i)");
	checkf(mte_ldgm(P + 0x40), ref_ldgm(P + 0x40, bytes), "ldgm [P + 0x40] after the stgm");

	want = ref_after_stgm(P + 0x1b0, 6, P + 0x1e0, 0, bytes);
	mte_stgm(P + 0x1e0, 0);
	checkf(tags_of(P + 0x1b0, 6), want, "stgm [P + 0x1e0] of 0: tags of P + 0x1b0 .. P + 0x20f");
	checkf(pattern_changed(P, 4096), 0, "data words changed by ldgm/stgm");
	exc_uncatch();
	return check_done();
}
