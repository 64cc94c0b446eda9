/* MTE: GMI Xd, Xn|SP, Xm: Xd = Xm with bit Xn[59:56] set (Tag Mask Insert). All 64 bits
 * of Xm are kept; only the tag field of Xn matters. GMI does not depend on tag access
 * being enabled (SCTLR_EL1.ATA = 0 gives the same results). Rn = 31 reads SP. */
#include "mtetest.h"

static void run(const char *what)
{
	static const uint64_t masks[] = { 0, 0x1, 0x8000, 0xffff, 0xffff000000000000ul, 0x5a5a5a5a5a5a5a5aul };
	for (unsigned t = 0; t < 16; t++) {
		uint64_t xn = mte_ptr_with_tag(0xf0000000c0ffee00ul, t);
		uint64_t m = masks[t % 6];
		checkf(mte_gmi(xn, m), m | (1ul << t), "%s: gmi tag %2u, Xm 0x%016lx", what, t, m);
	}
}

int main(void)
{
	mte_enable(MTE_TCF_NONE, MTE_TCF_NONE);
	run("ATA=1");
	/* Accumulating an exclude mask as software does. */
	uint64_t m = 0;
	for (unsigned t = 0; t < 16; t += 5)
		m = mte_gmi(mte_ptr_with_tag(0x1000, t), m);
	checkf(m, 0x8421, "gmi chain over tags 0, 5, 10, 15");
	uint64_t r, sp;
	__asm__ volatile("mov %1, sp\n\tgmi %0, sp, xzr" : "=&r"(r), "=&r"(sp));
	checkf(r, 1ul << mte_ptr_tag(sp), "gmi Xd, SP, XZR (SP tag 0)");
	mte_set_ata(0, 0);
	run("ATA=0");
	return check_done();
}
