/* MTE: IRG exclusions. The excluded set is Xm[15:0] OR GCR_EL1.Exclude (Xm bits above 15
 * are ignored); ChooseNonExcludedTag() steps RandomTag() times from RGSR_EL1.TAG over
 * the non-excluded tags (with a zero offset it only moves off an excluded start tag).
 * With every tag excluded the result tag is 0 and RGSR_EL1.TAG becomes 0, while the
 * LFSR in RGSR_EL1.SEED still advances. Results and RGSR_EL1 after each step against
 * the pseudocode model. */
#include "mtetest.h"

static void run(const char *what, uint16_t gcr, uint64_t xm, uint16_t seed, unsigned tag,
		unsigned steps)
{
	printf("== %s: GCR_EL1.Exclude 0x%04x, Xm 0x%lx, seed 0x%04x, tag %u\n", what, gcr, xm,
	       seed, tag);
	mte_set_gcr(gcr, 0);
	mte_set_rgsr(seed, tag);
	uint64_t model = (uint64_t)seed << 8 | tag;
	const uint64_t base = 0x00000000dead0000ul;
	for (unsigned i = 0; i < steps; i++) {
		uint64_t r = mte_irg(base, xm);
		unsigned want = ref_irg(&model, gcr | (uint16_t)xm);
		checkf(r, mte_ptr_with_tag(base, want), "step %u: IRG result", i);
		checkf(mte_rgsr(), model, "step %u: RGSR_EL1", i);
	}
}

int main(void)
{
	mte_enable(MTE_TCF_NONE, MTE_TCF_NONE);
	run("GCR excludes tag 0 (as Linux)", 0x0001, 0, 0x5a5a, 0, 8);
	run("GCR excludes even tags", 0x5555, 0, 0x0777, 2, 8);
	run("GCR allows only tag 0", 0xfffe, 0, 0x1357, 5, 4);
	run("GCR allows only tag 15", 0x7fff, 0, 0x1357, 5, 4);
	run("Xm excludes 0..7", 0, 0x00ff, 0xbeef, 0, 8);
	run("Xm excludes 0 and 15", 0, 0x8001, 0x4321, 15, 8);
	run("Xm bits above 15 ignored", 0, 0xffffffffffff0001ul, 0x4321, 0, 6);
	run("GCR | Xm", 0x0f00, 0x00f0, 0x2468, 0, 8);
	run("GCR | Xm leave tag 6 only", 0xff00, 0x00bf, 0x2468, 0, 4);
	run("all excluded by GCR", 0xffff, 0, 0x9999, 7, 4);
	run("all excluded by Xm", 0, 0xffff, 0x9999, 7, 4);
	run("all excluded by GCR | Xm", 0xf0f0, 0x0f0f, 0xabcd, 3, 4);
	mte_set_gcr(0, 0);
	return check_done();
}
