/* MTE: the FEAT_LRCPC2 unscaled acquire/release forms LDAPUR*, STLUR* are Tag Checked
 * like every other load and store with a register base: their decode sets
 * tagchecked = (n != 31) and they go through Mem[] with an ordinary acquire/release
 * access descriptor (read for LDAPUR, write for STLUR). So with TCF = sync a mismatch is
 * a synchronous Data Abort (ESR 0x96000011 for LDAPUR*, 0x96000051 for STLUR*, FAR = the
 * address, memory unchanged); with TCF = async TFSR_EL1.TF0 is set; in asymmetric mode
 * LDAPUR is synchronous and STLUR asynchronous. With SP as the base they are unchecked.
 *
 * QEMU 10 does not check these instructions at all (trans_LDAPR_i / trans_STLR_i use
 * clean_data_tbi, with no MTE check), so it prints no exception and TFSR_EL1 = 0 in every
 * case below. This guest's expected output is written from the Arm ARM and it is
 * compared with mtesim only (--expected-only). */
#include "mtetest.h"

#define R ESR_TAG_CHECK_CUR_R
#define W ESR_TAG_CHECK_CUR_W

#define ST_FAULTS(NAME, INSN, ADDR, FAR) do {                                            \
	TAG_FAULTS(NAME, INSN, ADDR, W, FAR);                                             \
	checkf(pattern_changed(MTE_VA, 0x1000), 0, NAME ": memory words changed");       \
	fill_pattern(MTE_VA, 0x1000);                                                     \
} while (0)

int main(void)
{
	setup_object_page(PTE_TAGGED_DATA);
	mte_enable(MTE_TCF_SYNC, MTE_TCF_NONE);

	printf("== TCF = sync\n");
	TAG_FAULTS("ldapur x", "ldapur x0, [x1]", BAD(0x10), R, BAD(0x10));
	TAG_FAULTS("ldapur w [x1, #-4]", "ldapur w0, [x1, #-4]", BAD(0x18), R, BAD(0x14));
	TAG_FAULTS("ldapurb [x1, #255]", "ldapurb w0, [x1, #255]", BAD(0), R, BAD(0xff));
	TAG_FAULTS("ldapursh x", "ldapursh x0, [x1]", BAD(0x22), R, BAD(0x22));
	TAG_FAULTS("ldapursw", "ldapursw x0, [x1, #4]", BAD(0x20), R, BAD(0x24));
	TAG_FAULTS("ldapur x, tag 5 past the end", "ldapur x0, [x1, #-8]", GOOD(0x108), R,
		   GOOD(0x100));
	ST_FAULTS("stlur x", "stlur x2, [x1]", BAD(0x30), BAD(0x30));
	ST_FAULTS("stlur w [x1, #4]", "stlur w2, [x1, #4]", BAD(0x30), BAD(0x34));
	ST_FAULTS("stlurb [x1, #-1]", "stlurb w2, [x1, #-1]", BAD(0x40), BAD(0x3f));
	ST_FAULTS("stlurh, tag 0 on tag 5", "stlurh w2, [x1]", OBJ + 0x42, OBJ + 0x42);
	uint64_t v = ACCESS("ldapur x0, [x1, #16]", GOOD(0), 0);
	check_no_fault("ldapur x, right tag");
	checkf(v, pattern_at(OBJ + 0x10), "ldapur x, right tag: value");
	ACCESS("stlur x2, [x1, #-16]", GOOD(0x60), 0x1234);
	check_no_fault("stlur x, right tag");
	checkf(peek(OBJ + 0x50), 0x1234, "stlur x, right tag: memory");
	fill_pattern(MTE_VA, 0x1000);
	/* SP base: unchecked. */
	write_sysreg(sp_el0, BAD(0x80));
	exc_catch(EXC_RESUME_NEXT);
	__asm__ volatile("msr spsel, #0\n\tldapur x0, [sp, #8]\n\tstlur x0, [sp, #16]\n\tmsr spsel, #1"
			 ::: "x0", "memory");
	check_no_fault("ldapur/stlur [sp, #imm], tag 3 on tag 5");
	checkf(mte_tfsr(), 0, "TFSR_EL1");

	printf("== TCF = async\n");
	mte_set_tcf(MTE_TCF_ASYNC);
	v = ACCESS("ldapur x0, [x1]", BAD(0x10), 0);
	check_no_fault("ldapur x, wrong tag");
	checkf(v, pattern_at(OBJ + 0x10), "ldapur x, wrong tag: value");
	checkf(mte_tfsr(), TFSR_TF0, "ldapur x, wrong tag: TFSR_EL1");
	mte_clear_tfsr();
	ACCESS("stlur x2, [x1]", BAD(0x18), 0x55);
	check_no_fault("stlur x, wrong tag");
	checkf(peek(OBJ + 0x18), 0x55, "stlur x, wrong tag: memory");
	checkf(mte_tfsr(), TFSR_TF0, "stlur x, wrong tag: TFSR_EL1");
	mte_clear_tfsr();
	fill_pattern(MTE_VA, 0x1000);

	printf("== TCF = asymmetric\n");
	mte_set_tcf(MTE_TCF_ASYMM);
	TAG_FAULTS("ldapur x, wrong tag", "ldapur x0, [x1]", BAD(0x10), R, BAD(0x10));
	checkf(mte_tfsr(), 0, "ldapur x, wrong tag: TFSR_EL1");
	ACCESS("stlur x2, [x1]", BAD(0x18), 0x66);
	check_no_fault("stlur x, wrong tag");
	checkf(peek(OBJ + 0x18), 0x66, "stlur x, wrong tag: memory");
	checkf(mte_tfsr(), TFSR_TF0, "stlur x, wrong tag: TFSR_EL1");
	mte_clear_tfsr();
	exc_uncatch();
	return check_done();
}
