/* MTE: STG in its three forms. Offset [Xn, #simm] (simm = imm9 * 16, -4096..4080, no
 * writeback), pre-index [Xn, #simm]! (tags Xn + simm, writes it back) and post-index
 * [Xn], #simm (tags Xn, then writes Xn + simm back). The tag stored is Xt[59:56], not
 * the address tag; Rt = 31 is SP; Rn = 31 is SP. STG is Tag Unchecked (SCTLR_EL1.TCF =
 * sync here and no exception is taken) and leaves the data alone. The tags of the
 * granules around each target are read back with LDG and printed as nibbles (granule i
 * in bits [4i+3:4i]). */
#include "mtetest.h"

#define P0 MTE_VA
#define P1 (MTE_VA + 0x1000)

static void reset(void)
{
	mte_set_tag_range(P0, 0x2000, 0);
	fill_pattern(P0, 0x2000);
}

#define TAG(t) ((uint64_t)(t) << 56)

int main(void)
{
	map_tagged_page(P0, PTE_TAGGED_DATA);
	map_tagged_page(P1, PTE_TAGGED_DATA);
	mte_enable(MTE_TCF_SYNC, MTE_TCF_NONE);
	uint64_t x1;

	reset();
	x1 = RUN_X1("stg x2, [x1]", P0 + 0x100, TAG(5));
	check_no_fault("stg [x1]");
	checkf(x1, P0 + 0x100, "stg [x1]: x1 kept");
	checkf(tags_of(P0 + 0xe0, 5), 0x00500, "stg [x1]: tags from x1 - 32");

	x1 = RUN_X1("stg x2, [x1, #16]", P0 + 0x200, TAG(6));
	checkf(x1, P0 + 0x200, "stg [x1, #16]: x1 kept");
	checkf(tags_of(P0 + 0x1f0, 4), 0x0600, "stg [x1, #16]: tags from x1 - 16");

	x1 = RUN_X1("stg x2, [x1, #-16]", P0 + 0x300, TAG(7));
	checkf(x1, P0 + 0x300, "stg [x1, #-16]: x1 kept");
	checkf(tags_of(P0 + 0x2e0, 4), 0x0070, "stg [x1, #-16]: tags from x1 - 32");

	x1 = RUN_X1("stg x2, [x1, #4080]", P0, TAG(8));
	checkf(x1, P0, "stg [x1, #4080]: x1 kept");
	checkf(tags_of(P0 + 0xfe0, 3), 0x080, "stg [x1, #4080]: tags from x1 + 4064");

	x1 = RUN_X1("stg x2, [x1, #-4096]", P1, TAG(9));
	checkf(x1, P1, "stg [x1, #-4096]: x1 kept");
	checkf(tags_of(P0, 2), 0x09, "stg [x1, #-4096]: tags from x1 - 4096");

	/* Pre-index: the new base is the tagged address. */
	x1 = RUN_X1("stg x2, [x1, #32]!", P0 + 0x400, TAG(10));
	checkf(x1, P0 + 0x420, "stg [x1, #32]!: x1 written back");
	checkf(tags_of(P0 + 0x400, 4), 0x0a00, "stg [x1, #32]!: tags from old x1");
	x1 = RUN_X1("stg x2, [x1, #-4096]!", P1 + 0x10, TAG(11));
	checkf(x1, P0 + 0x10, "stg [x1, #-4096]!: x1 written back");
	checkf(tags_of(P0, 3), 0x0b9, "stg [x1, #-4096]!: tags from x1 - 4096");

	/* Post-index: tags the old base. */
	x1 = RUN_X1("stg x2, [x1], #-48", P0 + 0x500, TAG(12));
	checkf(x1, P0 + 0x500 - 48, "stg [x1], #-48: x1 written back");
	checkf(tags_of(P0 + 0x4d0, 5), 0xc000, "stg [x1], #-48: tags from new x1");
	x1 = RUN_X1("stg x2, [x1], #4080", P0 + 0x600, TAG(13));
	checkf(x1, P0 + 0x600 + 4080, "stg [x1], #4080: x1 written back");
	checkf(tags_of(P0 + 0x5f0, 3), 0x0d0, "stg [x1], #4080: tags around old x1");

	/* The address tag does not matter; only Xt's does. */
	x1 = RUN_X1("stg x2, [x1]", mte_ptr_with_tag(P0 + 0x700, 3), TAG(4) | 0xffff);
	check_no_fault("stg with address tag 3, Xt tag 4 (unchecked)");
	checkf(mte_get_tag(P0 + 0x700), 4, "stg: tag from Xt");
	x1 = RUN_X1("stg x2, [x1]", P0 + 0x710, 0xf0fffffffffffffful);
	checkf(mte_get_tag(P0 + 0x710), 0, "stg: Xt = 0xf0ff.., tag 0 (bits 63:60 ignored)");

	/* Rt = 31 is SP: tag from SP[59:56]. */
	x1 = RUN_X1("mov x9, sp\n\tmov x3, sp\n\torr x3, x3, x2\n\tmov sp, x3\n\t"
		    "stg sp, [x1]\n\tmov sp, x9", P0 + 0x800, TAG(14));
	checkf(mte_get_tag(P0 + 0x800), 14, "stg sp, [x1]: tag from SP");
	/* Rn = 31 is SP, pre-index with writeback to SP. */
	x1 = RUN_X1("mov x9, sp\n\tmov sp, x1\n\tstg x2, [sp, #-16]!\n\tmov x1, sp\n\tmov sp, x9",
		    P0 + 0x900, TAG(2));
	check_no_fault("stg [sp, #-16]!");
	checkf(x1, P0 + 0x8f0, "stg [sp, #-16]!: SP written back");
	checkf(tags_of(P0 + 0x8e0, 3), 0x020, "stg [sp, #-16]!: tags from SP - 32");

	checkf(pattern_changed(P0, 0x2000), 0, "data words changed by the STGs");
	exc_uncatch();
	return check_done();
}
