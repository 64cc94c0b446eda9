/* MTE: synchronous tag check faults on stores (SCTLR_EL1.TCF = 0b01, EL1). Every store
 * form whose logical tag differs from the allocation tag of a granule it writes takes a
 * Data Abort: ESR = 0x96000051 (WnR = 1), FAR = the faulting address with its tag
 * ([63:60] masked), and memory is not updated. With the right tag the stores happen.
 * TFSR_EL1 stays 0. (STLUR, FEAT_LRCPC2, is in mte_rcpc2_check: QEMU 10 does not check
 * it.) */
#include "mtetest.h"

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

	ST_FAULTS("strb", "strb w2, [x1]", BAD(0x17), BAD(0x17));
	ST_FAULTS("strh", "strh w2, [x1]", BAD(0x12), BAD(0x12));
	ST_FAULTS("str w", "str w2, [x1]", BAD(0x14), BAD(0x14));
	ST_FAULTS("str x", "str x2, [x1]", BAD(0x10), BAD(0x10));
	ST_FAULTS("str x [x1, #24]", "str x2, [x1, #24]", BAD(0), BAD(0x18));
	ST_FAULTS("stur w [x1, #-1]", "stur w2, [x1, #-1]", BAD(0x11), BAD(0x10));
	ST_FAULTS("stp w", "stp w2, w2, [x1]", BAD(0x10), BAD(0x10));
	ST_FAULTS("stp x", "stp x2, x2, [x1]", BAD(0x20), BAD(0x20));
	ST_FAULTS("stnp x", "stnp x2, x2, [x1]", BAD(0x30), BAD(0x30));
	ST_FAULTS("str x [x1, x3, lsl #3]", "mov x3, #3\n\tstr x2, [x1, x3, lsl #3]", BAD(0), BAD(0x18));
	ST_FAULTS("str x [x1, #-8]!", "str x2, [x1, #-8]!", BAD(0x28), BAD(0x20));
	ST_FAULTS("str x [x1], #8", "str x2, [x1], #8", BAD(0x40), BAD(0x40));
	ST_FAULTS("stlr x", "stlr x2, [x1]", BAD(0x50), BAD(0x50));
	ST_FAULTS("str x, tag 5 past the end", "str x2, [x1]", GOOD(0x100), GOOD(0x100));
	ST_FAULTS("strb, tag 0 in the object", "strb w2, [x1]", OBJ, OBJ);
	ST_FAULTS("str xzr", "str xzr, [x1]", BAD(0x60), BAD(0x60));
	ST_FAULTS("stllr w", "stllr w2, [x1]", BAD(0x64), BAD(0x64));

	/* The right tag: the stores happen. */
	ACCESS("str x2, [x1]", GOOD(0x10), 0x1234);
	check_no_fault("str x, tag 5");
	checkf(peek(OBJ + 0x10), 0x1234, "str x, tag 5: memory");
	ACCESS("stp x2, x2, [x1]", GOOD(0xf0), 0x77);
	check_no_fault("stp x at the object's last granule, tag 5");
	checkf(peek(OBJ + 0xf8), 0x77, "stp x, tag 5: memory");
	ACCESS("str x2, [x1]", OBJ - 8, 0x99);
	check_no_fault("str x before the object, tag 0");
	checkf(peek(OBJ - 8), 0x99, "str x before the object: memory");

	checkf(mte_tfsr(), 0, "TFSR_EL1");
	exc_uncatch();
	return check_done();
}
