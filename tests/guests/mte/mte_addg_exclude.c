/* MTE: ADDG and SUBG with GCR_EL1.Exclude. Each of the uimm4 steps moves to the next
 * non-excluded tag (mod 16); uimm4 = 0 only moves off an excluded start tag; with all 16
 * tags excluded the tag is 0. IRG's Xm plays no part, and RRND does not matter. Results
 * against ChooseNonExcludedTag() from the pseudocode. */
#include "mtetest.h"

static uint64_t ref(uint64_t xn, int64_t off, unsigned tagoff, uint16_t excl)
{
	return mte_ptr_with_tag(xn + (uint64_t)off, ref_choose_tag(mte_ptr_tag(xn), tagoff, excl));
}

static void run(uint16_t excl, int rrnd)
{
	mte_set_gcr(excl, rrnd);
	printf("== GCR_EL1.Exclude 0x%04x RRND %d\n", excl, rrnd);
	for (unsigned start = 0; start < 16; start += 3) {
		uint64_t p = mte_ptr_with_tag(0x0000004000000100ul, start);
		checkf(MTE_ADDG(p, 0, 0), ref(p, 0, 0, excl), "start %2u addg #0, #0", start);
		checkf(MTE_ADDG(p, 16, 1), ref(p, 16, 1, excl), "start %2u addg #16, #1", start);
		checkf(MTE_ADDG(p, 32, 2), ref(p, 32, 2, excl), "start %2u addg #32, #2", start);
		checkf(MTE_ADDG(p, 16, 5), ref(p, 16, 5, excl), "start %2u addg #16, #5", start);
		checkf(MTE_ADDG(p, 16, 15), ref(p, 16, 15, excl), "start %2u addg #16, #15", start);
		checkf(MTE_SUBG(p, 16, 0), ref(p, -16, 0, excl), "start %2u subg #16, #0", start);
		checkf(MTE_SUBG(p, 16, 1), ref(p, -16, 1, excl), "start %2u subg #16, #1", start);
		checkf(MTE_SUBG(p, 48, 7), ref(p, -48, 7, excl), "start %2u subg #48, #7", start);
	}
}

int main(void)
{
	mte_enable(MTE_TCF_NONE, MTE_TCF_NONE);
	run(0x0001, 0);   /* tag 0 excluded */
	run(0x8001, 0);
	run(0x5555, 0);   /* even tags excluded */
	run(0xaaaa, 1);   /* odd tags excluded; RRND plays no part */
	run(0x7fff, 0);   /* only 15 */
	run(0xfffe, 0);   /* only 0 */
	run(0x0ff0, 0);
	run(0xffff, 0);   /* all excluded: tag 0 */
	mte_set_gcr(0, 0);
	return check_done();
}
