/* MTE: which address is checked, per addressing mode (TCF = sync, EL1). The logical tag
 * is bits [59:56] of the final virtual address: post-index accesses the base (the update
 * is not checked), pre-index and offset forms the base plus the offset, and a register
 * offset can carry into the tag field and change it. Each line says whether the access
 * faulted and where. The object (tag 5) is OBJ..OBJ+0x100; around it tags are 0. */
#include "mtetest.h"

#define R ESR_TAG_CHECK_CUR_R
#define W ESR_TAG_CHECK_CUR_W

int main(void)
{
	setup_object_page(PTE_TAGGED_DATA);
	mte_enable(MTE_TCF_SYNC, MTE_TCF_NONE);

	NO_FAULT("ldr x [x1], #248: base in the object", "ldr x0, [x1], #248", GOOD(0xf8));
	TAG_FAULTS("ldr x [x1, #8]!: base + 8 past the end", "ldr x0, [x1, #8]!", GOOD(0xf8), R,
		   GOOD(0x100));
	NO_FAULT("ldr x [x1, #-8]!: from the end back into the object", "ldr x0, [x1, #-8]!", GOOD(0x100));
	TAG_FAULTS("ldur x [x1, #-8] before the object", "ldur x0, [x1, #-8]", GOOD(0), R,
		   GOOD(0) - 8);
	NO_FAULT("ldr x [x1, #248]: the object's last word", "ldr x0, [x1, #248]", GOOD(0));
	TAG_FAULTS("ldr x [x1, #4088] from the page start, tag 5", "ldr x0, [x1, #4088]",
		   mte_ptr_with_tag(MTE_VA, 5), R, mte_ptr_with_tag(MTE_VA + 4088, 5));
	NO_FAULT("str x [x1], #-16: base in the object", "str x2, [x1], #-16", GOOD(0));
	TAG_FAULTS("str x [x1, #-16]!: base - 16 before it", "str x2, [x1, #-16]!", GOOD(0), W,
		   GOOD(0) - 16);
	NO_FAULT("ldp x [x1], #-64", "ldp x0, x3, [x1], #-64", GOOD(0xf0));
	TAG_FAULTS("ldp x [x1, #16]!", "ldp x0, x3, [x1, #16]!", GOOD(0xf0), R, GOOD(0x100));
	TAG_FAULTS("stp w [x1, #-8]", "stp w2, w2, [x1, #-8]", GOOD(0), W, GOOD(0) - 8);

	/* Register offsets: extended, shifted, negative. */
	TAG_FAULTS("ldr x [x1, w2, uxtw #3], w2 = 32", "mov w2, #32\n\tldr x0, [x1, w2, uxtw #3]",
		   GOOD(0), R, GOOD(0x100));
	NO_FAULT("ldr x [x1, w2, sxtw #3], w2 = -1", "mov w2, #-1\n\tldr x0, [x1, w2, sxtw #3]",
		 GOOD(0x10));
	TAG_FAULTS("ldrh [x1, x2, lsl #1], x2 = -1", "mov x2, #-1\n\tldrh w0, [x1, x2, lsl #1]",
		   GOOD(0), R, GOOD(0) - 2);
	/* The offset changes the logical tag: 3 + 2 = 5. */
	NO_FAULT("ldr x [x1, x2], x1 tag 3, x2 = 2 << 56", "mov x2, #0x0200000000000000\n\tldr x0, [x1, x2]",
		 BAD(0x20));
	TAG_FAULTS("ldr x [x1, x2], x1 tag 5, x2 = 1 << 56", "mov x2, #0x0100000000000000\n\tldr x0, [x1, x2]",
		   GOOD(0x20), R, mte_ptr_with_tag(OBJ + 0x20, 6));
	NO_FAULT("ldr x [x1, x2], x1 tag 5 at +0x108, x2 = -16", "mov x2, #-16\n\tldr x0, [x1, x2]",
		 GOOD(0x108));
	exc_uncatch();
	return check_done();
}
