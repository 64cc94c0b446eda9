/* MTE: LDG Xt, [Xn|SP, #simm] (simm = imm9 * 16, -4096..4080). It reads the allocation
 * tag of the granule holding Align(Xn + simm, 16) and inserts it in bits [59:56] of Xt,
 * keeping Xt's other bits (and not Xn's). Tag Unchecked: TCF = sync and the address
 * tag is wrong, yet no exception. Rn = 31 is SP; Rt = Rn works. */
#include "mtetest.h"

#define P0 MTE_VA
#define P1 (MTE_VA + 0x1000)

/* LDG with x1 = address, x0 = initial Xt. */
#define LDG(INSN, ADDR, XT) ({ uint64_t r_ = (uint64_t)(XT);                            \
	exc_catch(EXC_RESUME_NEXT);                                                      \
	__asm__ volatile("mov x1, %1\n\tmov x0, %0\n\t" INSN "\n\tmov %0, x0"             \
			 : "+r"(r_) : "r"((uint64_t)(ADDR)) : "x0", "x1", "x9", "memory");  \
	r_; })

int main(void)
{
	map_tagged_page(P0, PTE_TAGGED_DATA);
	map_tagged_page(P1, PTE_TAGGED_DATA);
	mte_enable(MTE_TCF_SYNC, MTE_TCF_NONE);
	/* Granule i of P0 gets tag i % 16; P1 all 0xc except its first granule, 0xd. */
	for (unsigned i = 0; i < 256; i++)
		mte_stg(mte_ptr_with_tag(P0 + 16 * i, i));
	mte_set_tag_range(P1, 0x1000, 0xc);
	mte_set_tag_range(P1, 16, 0xd);

	uint64_t r;
	r = LDG("ldg x0, [x1]", P0 + 0x30, 0);
	check_no_fault("ldg [x1]");
	checkf(r, 3ul << 56, "ldg [x1] (granule 3), Xt = 0");
	r = LDG("ldg x0, [x1]", P0 + 0x3f, 0x0123456789abcdeful);
	checkf(r, 0x0323456789abcdeful, "ldg [x1 = +0x3f] keeps Xt's other bits");
	r = LDG("ldg x0, [x1]", mte_ptr_with_tag(P0 + 0x55, 9), 0xfffffffffffffffful);
	check_no_fault("ldg with a wrong address tag (unchecked)");
	checkf(r, 0xf5fffffffffffffful, "ldg [x1 = tag 9, +0x55]: tag 5, not Xn's");
	r = LDG("ldg x0, [x1, #16]", P0 + 0x7c, 0);
	checkf(r, 8ul << 56, "ldg [x1 = +0x7c, #16]: Align(+0x8c) = granule 8");
	r = LDG("ldg x0, [x1, #-16]", P0 + 0x80, 0);
	checkf(r, 7ul << 56, "ldg [x1, #-16]");
	r = LDG("ldg x0, [x1, #4080]", P0, 0);
	checkf(r, 15ul << 56, "ldg [x1, #4080]: granule 255");
	r = LDG("ldg x0, [x1, #-4096]", P1 + 0x20, 0);
	checkf(r, 2ul << 56, "ldg [x1 = P1 + 0x20, #-4096]");
	r = LDG("ldg x0, [x1, #-16]", P1 + 0x1f, 0);
	checkf(r, 0xdul << 56, "ldg [x1 = P1 + 0x1f, #-16]: Align(P1 + 0xf) = P1");
	r = LDG("ldg x0, [x1, #-16]", P1 + 0xf, 0);
	checkf(r, 15ul << 56, "ldg [x1 = P1 + 0xf, #-16]: previous page, granule 255");
	r = LDG("ldg x0, [x1, #32]", P1 + 0x100, 0);
	checkf(r, 0xcul << 56, "ldg [x1 = P1 + 0x100, #32]");
	/* Rt = Rn. */
	r = LDG("ldg x1, [x1]\n\tmov x0, x1", mte_ptr_with_tag(P0 + 0xa0, 3), 0);
	checkf(r, mte_ptr_with_tag(P0 + 0xa0, 10), "ldg x1, [x1]");
	/* Rn = SP. */
	r = LDG("mov x9, sp\n\tmov sp, x1\n\tldg x0, [sp, #32]\n\tmov sp, x9", P0 + 0xc0, 0x77);
	checkf(r, (14ul << 56) | 0x77, "ldg [sp, #32]");
	exc_uncatch();
	return check_done();
}
