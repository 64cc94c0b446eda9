/* MTE: IRG operands. Only bits [59:56] of Xn change: bits [63:60] and [55:0] are kept.
 * IRG Xd, Xn (Xm omitted) is Xm = XZR. Rn = 31 reads SP and Rd = 31 writes SP (the
 * result is checked relative to SP). With GCR_EL1.RRND = 1 the tag is IMPLEMENTATION
 * DEFINED (and RGSR_EL1 UNKNOWN), so only its not being excluded is checked. */
#include "mtetest.h"

int main(void)
{
	mte_enable(MTE_TCF_NONE, MTE_TCF_NONE);
	mte_set_gcr(0, 0);

	static const uint64_t xns[] = {
		0, 0xf000000000000000ul, 0x0fffffffffffffffful, 0xfaffffffffffffffull,
		0x0080000000000000ul, 0xa5a5a5a5a5a5a5a5ul,
	};
	mte_set_rgsr(0x3c3c, 0);
	uint64_t model = 0x3c3c00;
	for (unsigned i = 0; i < sizeof(xns) / sizeof(xns[0]); i++) {
		uint64_t r = mte_irg(xns[i], 0);
		unsigned t = ref_irg(&model, 0);
		checkf(r, mte_ptr_with_tag(xns[i], t), "irg Xn=0x%016lx", xns[i]);
	}
	checkf(mte_rgsr(), model, "RGSR_EL1 after the above");

	uint64_t r;
	__asm__ volatile("irg %0, %1" : "=r"(r) : "r"(0x1000ul));
	unsigned t = ref_irg(&model, 0);
	checkf(r, mte_ptr_with_tag(0x1000, t), "irg Xd, Xn (Xm = XZR)");
	checkf(mte_rgsr(), model, "RGSR_EL1");

	mte_set_gcr(0x00ff, 0);
	__asm__ volatile("irg %0, %1, xzr" : "=r"(r) : "r"(0x2000ul));
	t = ref_irg(&model, 0x00ff);
	checkf(r, mte_ptr_with_tag(0x2000, t), "irg Xd, Xn, XZR with GCR_EL1.Exclude 0x00ff");
	checkf(mte_rgsr(), model, "RGSR_EL1");
	mte_set_gcr(0, 0);

	/* Rn = SP: the result minus SP leaves only the tag. */
	uint64_t sp;
	__asm__ volatile("mov %1, sp\n\tirg %0, sp" : "=&r"(r), "=&r"(sp));
	t = ref_irg(&model, 0);
	checkf(r - sp, (uint64_t)t << 56, "irg Xd, SP: result - SP");
	/* Rd = SP (SP restored at once; nothing uses it in between). */
	__asm__ volatile("mov x9, sp\n\tirg sp, x9\n\tmov %0, sp\n\tmov sp, x9\n\tmov %1, x9"
			 : "=&r"(r), "=&r"(sp) :: "x9", "memory");
	t = ref_irg(&model, 0);
	checkf(r - sp, (uint64_t)t << 56, "irg SP, Xn: new SP - old SP");
	checkf(mte_rgsr(), model, "RGSR_EL1");

	/* RRND = 1: any non-excluded tag is allowed; all excluded still gives 0. */
	mte_set_gcr(0xf0f1, 1);
	mte_set_rgsr(0x1111, 0);
	unsigned ok = 0;
	for (int i = 0; i < 16; i++) {
		unsigned tag = mte_ptr_tag(mte_irg(0, 0x0002));
		ok += !((0xf0f3 >> tag) & 1);
	}
	checkf(ok, 16, "RRND = 1: IRGs whose tag is not excluded (of 16)");
	mte_set_gcr(0xffff, 1);
	checkf(mte_irg(0x4000, 0), 0x4000, "RRND = 1, all excluded: tag 0");
	mte_set_gcr(0, 0);
	return check_done();
}
