/* MTE: PSTATE.TCO (Tag Check Override). MSR TCO, #imm sets it from CRm[0]; MSR TCO, Xt
 * from Xt[25]; MRS TCO reads it in bit 25 (other bits 0). While TCO = 1 every access is
 * Tag Unchecked: mismatches neither fault (TCF = sync) nor set TFSR_EL1 (TCF = async).
 * The tag instructions do not depend on it. */
#include "mtetest.h"

static uint64_t mrs_tco(void)
{
	uint64_t v;
	__asm__ volatile("mrs %0, tco" : "=r"(v));
	return v;
}

int main(void)
{
	setup_object_page(PTE_TAGGED_DATA);
	mte_enable(MTE_TCF_SYNC, MTE_TCF_NONE);

	checkf(mrs_tco(), 0, "MRS TCO after mte_enable");
	__asm__ volatile("msr tco, #1");
	checkf(mrs_tco(), PSTATE_TCO, "MRS TCO after MSR TCO, #1");
	__asm__ volatile("msr tco, #0");
	checkf(mrs_tco(), 0, "MRS TCO after MSR TCO, #0");
	write_sysreg(tco, PSTATE_TCO);
	checkf(mrs_tco(), PSTATE_TCO, "MRS TCO after MSR TCO, Xt = 1 << 25");
	write_sysreg(tco, 0);
	checkf(mrs_tco(), 0, "MRS TCO after MSR TCO, Xt = 0");

	printf("== TCF = sync\n");
	TAG_FAULTS("TCO = 0: ldr x, wrong tag", "ldr x0, [x1]", BAD(0x10), ESR_TAG_CHECK_CUR_R,
		   BAD(0x10));
	uint64_t v = ACCESS("msr tco, #1\n\tldr x0, [x1]\n\tmsr tco, #0", BAD(0x10), 0);
	check_no_fault("TCO = 1: ldr x, wrong tag");
	checkf(v, pattern_at(OBJ + 0x10), "TCO = 1: ldr x, wrong tag: value");
	ACCESS("msr tco, #1\n\tstr x2, [x1]\n\tmsr tco, #0", BAD(0x18), 0x77);
	check_no_fault("TCO = 1: str x, wrong tag");
	checkf(peek(OBJ + 0x18), 0x77, "TCO = 1: str x, wrong tag: memory");
	NO_FAULT("TCO = 1: ldadd x, wrong tag", "msr tco, #1\n\tldadd x2, x0, [x1]\n\tmsr tco, #0",
		 BAD(0x20));
	NO_FAULT("TCO = 1 by MSR Xt: ldp x, wrong tag",
		 "mov x3, #0x2000000\n\tmsr tco, x3\n\tldp x0, x3, [x1]\n\tmsr tco, xzr", BAD(0x30));
	v = ACCESS("msr tco, #1\n\tmrs x0, tco\n\tmsr tco, #0", 0, 0);
	checkf(v, PSTATE_TCO, "MRS TCO inside the sequence");
	checkf(mrs_tco(), 0, "MRS TCO after it");

	printf("== TCF = async\n");
	mte_set_tcf(MTE_TCF_ASYNC);
	NO_FAULT("TCO = 1: str x, wrong tag", "msr tco, #1\n\tstr x2, [x1]\n\tmsr tco, #0", BAD(0x40));
	checkf(mte_tfsr(), 0, "TCO = 1: TFSR_EL1");
	NO_FAULT("TCO = 0: str x, wrong tag", "str x2, [x1]", BAD(0x40));
	checkf(mte_tfsr(), TFSR_TF0, "TCO = 0: TFSR_EL1");
	mte_clear_tfsr();
	mte_set_tcf(MTE_TCF_SYNC);

	/* Tag instructions with TCO = 1. */
	mte_tco_on();
	mte_stg(mte_ptr_with_tag(OBJ + 0x200, 0xb));
	checkf(mte_get_tag(OBJ + 0x200), 0xb, "TCO = 1: stg/ldg");
	checkf(mte_tco(), 1, "mte_tco()");
	mte_tco_off();
	exc_uncatch();
	return check_done();
}
