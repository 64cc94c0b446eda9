/* MTE: ADDG and SUBG with GCR_EL1.Exclude = 0. The result is Xn +/- uimm6 * 16
 * (a full 64-bit AddWithCarry, so carries and borrows reach bits [63:56]) with bits
 * [59:56] then replaced by ChooseNonExcludedTag(Xn[59:56], uimm4, Exclude): the start
 * tag plus uimm4, modulo 16. Every uimm4 from several start tags, the offset range ends
 * (0 and 1008), carries into the tag field and past it into bit 60, a borrow from 0,
 * and the Xn|SP / Xd|SP forms. */
#include "mtetest.h"

static uint64_t ref_addsubg(uint64_t xn, uint64_t off, unsigned tagoff, uint16_t excl, int sub)
{
	uint64_t r = sub ? xn - off : xn + off;
	return mte_ptr_with_tag(r, ref_choose_tag(mte_ptr_tag(xn), tagoff, excl));
}

/* Every uimm4 needs its own instruction. */
#define ADDG_ALL(P, OUT) do {                                                          \
	OUT[0] = MTE_ADDG(P, 16, 0);   OUT[1] = MTE_ADDG(P, 16, 1);                       \
	OUT[2] = MTE_ADDG(P, 16, 2);   OUT[3] = MTE_ADDG(P, 16, 3);                       \
	OUT[4] = MTE_ADDG(P, 16, 4);   OUT[5] = MTE_ADDG(P, 16, 5);                       \
	OUT[6] = MTE_ADDG(P, 16, 6);   OUT[7] = MTE_ADDG(P, 16, 7);                       \
	OUT[8] = MTE_ADDG(P, 16, 8);   OUT[9] = MTE_ADDG(P, 16, 9);                       \
	OUT[10] = MTE_ADDG(P, 16, 10); OUT[11] = MTE_ADDG(P, 16, 11);                     \
	OUT[12] = MTE_ADDG(P, 16, 12); OUT[13] = MTE_ADDG(P, 16, 13);                     \
	OUT[14] = MTE_ADDG(P, 16, 14); OUT[15] = MTE_ADDG(P, 16, 15);                     \
} while (0)
#define SUBG_ALL(P, OUT) do {                                                          \
	OUT[0] = MTE_SUBG(P, 32, 0);   OUT[1] = MTE_SUBG(P, 32, 1);                       \
	OUT[2] = MTE_SUBG(P, 32, 2);   OUT[3] = MTE_SUBG(P, 32, 3);                       \
	OUT[4] = MTE_SUBG(P, 32, 4);   OUT[5] = MTE_SUBG(P, 32, 5);                       \
	OUT[6] = MTE_SUBG(P, 32, 6);   OUT[7] = MTE_SUBG(P, 32, 7);                       \
	OUT[8] = MTE_SUBG(P, 32, 8);   OUT[9] = MTE_SUBG(P, 32, 9);                       \
	OUT[10] = MTE_SUBG(P, 32, 10); OUT[11] = MTE_SUBG(P, 32, 11);                     \
	OUT[12] = MTE_SUBG(P, 32, 12); OUT[13] = MTE_SUBG(P, 32, 13);                     \
	OUT[14] = MTE_SUBG(P, 32, 14); OUT[15] = MTE_SUBG(P, 32, 15);                     \
} while (0)

int main(void)
{
	mte_enable(MTE_TCF_NONE, MTE_TCF_NONE);
	mte_set_gcr(0, 0);
	uint64_t out[16];

	static const unsigned starts[] = { 0, 7, 15 };
	for (unsigned s = 0; s < 3; s++) {
		uint64_t p = mte_ptr_with_tag(0x0000004000001000ul, starts[s]);
		ADDG_ALL(p, out);
		for (unsigned i = 0; i < 16; i++)
			checkf(out[i], ref_addsubg(p, 16, i, 0, 0), "addg 0x%016lx, #16, #%u", p, i);
		SUBG_ALL(p, out);
		for (unsigned i = 0; i < 16; i++)
			checkf(out[i], ref_addsubg(p, 32, i, 0, 1), "subg 0x%016lx, #32, #%u", p, i);
	}

	const uint64_t p = 0x0300004000002000ul;
	checkf(MTE_ADDG(p, 0, 0), ref_addsubg(p, 0, 0, 0, 0), "addg #0, #0 (copy)");
	checkf(MTE_ADDG(p, 1008, 1), ref_addsubg(p, 1008, 1, 0, 0), "addg #1008, #1");
	checkf(MTE_SUBG(p, 1008, 2), ref_addsubg(p, 1008, 2, 0, 1), "subg #1008, #2");
	checkf(MTE_SUBG(p, 0, 15), ref_addsubg(p, 0, 15, 0, 1), "subg #0, #15");

	/* Carries and borrows through the tag field. */
	static const uint64_t edges[] = {
		0x00fffffffffffff0ul,   /* carry into bit 56: overwritten by the tag */
		0x0ffffffffffffff0ul,   /* carry out of bit 59 into bit 60 */
		0xfffffffffffffff0ul,   /* carry out of bit 63 (lost) */
		0x0000000000000000ul,   /* borrow for SUBG: all ones above */
		0x5500000000000008ul,
	};
	for (unsigned i = 0; i < sizeof(edges) / sizeof(edges[0]); i++) {
		uint64_t x = edges[i];
		checkf(MTE_ADDG(x, 16, 3), ref_addsubg(x, 16, 3, 0, 0), "addg 0x%016lx, #16, #3", x);
		checkf(MTE_SUBG(x, 16, 3), ref_addsubg(x, 16, 3, 0, 1), "subg 0x%016lx, #16, #3", x);
		checkf(MTE_ADDG(x, 1008, 0), ref_addsubg(x, 1008, 0, 0, 0), "addg 0x%016lx, #1008, #0", x);
	}

	/* Xn|SP and Xd|SP. */
	uint64_t r, sp;
	__asm__ volatile("mov %1, sp\n\taddg %0, sp, #48, #5" : "=&r"(r), "=&r"(sp));
	checkf(r - sp, 48 + (5ul << 56), "addg Xd, SP, #48, #5: result - SP (SP tag 0)");
	__asm__ volatile("mov x9, sp\n\tsubg sp, x9, #64, #2\n\tmov %0, sp\n\tmov sp, x9\n\tmov %1, x9"
			 : "=&r"(r), "=&r"(sp) :: "x9", "memory");
	checkf(r - sp, (2ul << 56) - 64, "subg SP, Xn, #64, #2: new SP - old SP");
	return check_done();
}
