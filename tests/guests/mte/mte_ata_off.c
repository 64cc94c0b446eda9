/* MTE: SCTLR_EL1.ATA = 0 (allocation tag access disabled at EL1; ATA0 = 1 stays). Then:
 * IRG and ADDG/SUBG give logical tag 0 (and IRG leaves RGSR_EL1 alone); GMI is unaffected;
 * LDG and LDGM read 0; STG, ST2G, STGM, DC GVA and the tag part of STZG, STZ2G, STGP,
 * STZGM and DC GZVA have no effect (their data stores still happen); no access is Tag
 * Checked, so mismatches neither fault (TCF = sync) nor set TFSR_EL1 (TCF = async). The
 * tags are verified unchanged after ATA is set again. */
#include "mtetest.h"

int main(void)
{
	setup_object_page(PTE_TAGGED_DATA);
	mte_enable(MTE_TCF_SYNC, MTE_TCF_NONE);
	mte_set_rgsr(0x4321, 6);
	mte_set_ata(0, 1);

	printf("== tag arithmetic\n");
	checkf(mte_irg(0x1000, 0), 0x1000, "irg: tag 0");
	checkf(mte_irg(mte_ptr_with_tag(0x1000, 9), 0), 0x1000, "irg on a tag 9 pointer: tag 0");
	checkf(mte_rgsr(), 0x432106, "RGSR_EL1 unchanged by IRG");
	checkf(MTE_ADDG(mte_ptr_with_tag(0x1000, 9), 32, 1), 0x1020, "addg #32, #1 on tag 9: tag 0");
	checkf(MTE_SUBG(mte_ptr_with_tag(0x1000, 9), 16, 0), 0x0ff0, "subg #16, #0 on tag 9: tag 0");
	checkf(mte_gmi(mte_ptr_with_tag(0, 9), 0x1), 0x201, "gmi tag 9: unaffected");

	printf("== tag loads\n");
	checkf(mte_ldg(GOOD(0x10)), OBJ + 0x10, "ldg on tag 5 memory: tag 0");
	checkf(mte_ldg(0xf0000000000000fful | BAD(0)), 0xf0000000000000fful | (OBJ & ~0xfful),
	       "ldg keeps Xt's other bits, tag 0");
	checkf(mte_ldgm(OBJ), 0, "ldgm: 0");

	printf("== tag stores\n");
	exc_catch(EXC_RESUME_NEXT);
	mte_stg(mte_ptr_with_tag(OBJ, 9));
	mte_st2g(mte_ptr_with_tag(OBJ + 0x20, 9));
	mte_stgm(OBJ + 0x100, 0x9999999999999999ul);
	mte_dc_gva(mte_ptr_with_tag(OBJ + 0x40, 9));
	mte_stzg(mte_ptr_with_tag(OBJ + 0x80, 9));
	mte_stz2g(mte_ptr_with_tag(OBJ + 0xa0, 9));
	mte_stgp(mte_ptr_with_tag(OBJ + 0xc0, 9), 0x1111, 0x2222);
	mte_dc_gzva(mte_ptr_with_tag(OBJ + 0x300, 9));
	mte_stzgm(OBJ + 0x400, 9);
	check_no_fault("tag stores with ATA = 0");
	checkf(zero_words(OBJ + 0x80, 16), 2, "stzg: zero words");
	checkf(zero_words(OBJ + 0xa0, 32), 4, "stz2g: zero words");
	checkf(peek(OBJ + 0xc0), 0x1111, "stgp: data [0]");
	checkf(peek(OBJ + 0xc8), 0x2222, "stgp: data [8]");
	checkf(zero_words(OBJ + 0x300, 64), 8, "dc gzva: zero words");
	checkf(zero_words(OBJ + 0x400, 64), 8, "stzgm: zero words");

	printf("== accesses\n");
	NO_FAULT("ldr x, wrong tag, TCF = sync", "ldr x0, [x1]", BAD(0x10));
	NO_FAULT("str x, wrong tag, TCF = sync", "str x2, [x1]", BAD(0x18));
	NO_FAULT("ldr x, tag 9 on tag 0, TCF = sync", "ldr x0, [x1]", mte_ptr_with_tag(OBJ + 0x200, 9));
	mte_set_tcf(MTE_TCF_ASYNC);
	NO_FAULT("str x, wrong tag, TCF = async", "str x2, [x1]", BAD(0x18));
	checkf(mte_tfsr(), 0, "TFSR_EL1");
	mte_set_tcf(MTE_TCF_SYNC);

	printf("== ATA = 1 again: the allocation tags\n");
	mte_set_ata(1, 1);
	checkf(tags_of(OBJ, 16), 0x5555555555555555ul, "object granules 0..15 (all 5)");
	checkf(tags_of(OBJ + 0x100, 16), 0, "granules after the object (all 0, STGM dropped)");
	checkf(tags_of(OBJ + 0x300, 4), 0, "dc gzva block (0)");
	checkf(tags_of(OBJ + 0x400, 4), 0, "stzgm block (0)");
	uint64_t model = 0x432106;
	checkf(mte_irg(0x1000, 0), mte_ptr_with_tag(0x1000, ref_irg(&model, 0)), "irg from RGSR 0x432106");
	TAG_FAULTS("ldr x, wrong tag, TCF = sync", "ldr x0, [x1]", BAD(0x10), ESR_TAG_CHECK_CUR_R,
		   BAD(0x10));
	exc_uncatch();
	return check_done();
}
