/* MTE: IRG sequences with GCR_EL1.RRND = 0, nothing excluded. Each IRG takes RandomTag()
 * (four NextRandomTagBit() steps of the 16-bit LFSR in RGSR_EL1.SEED, taps 5, 3, 2, 0;
 * the i-th new bit is tag bit i) as an offset from RGSR_EL1.TAG, writes the new TAG and
 * SEED back to RGSR_EL1 and puts the tag in bits [59:56] of Xn. Printed after every
 * step: the result and RGSR_EL1, against the pseudocode model in mtetest.h, for several
 * fixed nonzero seeds and start tags (a nonzero seed makes the sequence deterministic). */
#include "mtetest.h"

static void sequence(uint16_t seed, unsigned tag, unsigned steps)
{
	printf("== seed 0x%04x, start tag %u\n", seed, tag);
	mte_set_rgsr(seed, tag);
	uint64_t model = (uint64_t)seed << 8 | tag;
	const uint64_t base = 0x0000123456789ab0ul;
	for (unsigned i = 0; i < steps; i++) {
		uint64_t r = mte_irg(base, 0);
		unsigned want = ref_irg(&model, 0);
		checkf(r, mte_ptr_with_tag(base, want), "step %2u: IRG result", i);
		checkf(mte_rgsr(), model, "step %2u: RGSR_EL1", i);
	}
}

int main(void)
{
	mte_enable(MTE_TCF_NONE, MTE_TCF_NONE);
	mte_set_gcr(0, 0);
	sequence(0x0001, 0, 12);
	sequence(0xace1, 0, 12);
	sequence(0xace1, 9, 6);
	sequence(0xffff, 15, 8);
	sequence(0x8000, 3, 8);
	sequence(0x1234, 7, 20);
	return check_done();
}
