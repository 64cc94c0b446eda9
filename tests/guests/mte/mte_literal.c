/* MTE: literal (PC-relative) loads and instruction fetches are Tag Unchecked. With all
 * RAM Tagged (mte_map_ram_tagged()), the granules of a small literal pool in .text get
 * allocation tag 5 while the PC, and so every PC-relative address, has logical tag 0.
 * LDR/LDRSW (literal) and PRFM (literal) read it without a fault (TCF = sync); the same
 * bytes through a register base with tag 0 fault, and with tag 5 do not. Code in a
 * granule tagged 5 executes normally. */
#include "mtetest.h"

extern const uint64_t mte_lit_pool[];
extern void mte_lit_code(void);
uint64_t mte_lit_results[4];

/* The pool (two granules) and, in the granule after it, code that reads it with
 * literal loads; all three granules are tagged 5 below. */
__asm__(".section .text.mte_lit, \"ax\"\n"
	".balign 64\n"
	".global mte_lit_pool\n"
	"mte_lit_pool:\n"
	"	.quad 0x1122334455667788, 0x99aabbccddeeff00\n"
	"	.quad 0xfedcba9876543210, 0x00000000fffffff0\n"
	".global mte_lit_code\n"
	"mte_lit_code:\n"
	"	adrp x9, mte_lit_results\n"
	"	add x9, x9, :lo12:mte_lit_results\n"
	"	ldr x10, mte_lit_pool\n"
	"	str x10, [x9]\n"
	"	ldrsw x10, mte_lit_pool + 24\n"
	"	str x10, [x9, #8]\n"
	"	ldr w10, mte_lit_pool + 20\n"
	"	str x10, [x9, #16]\n"
	"	prfm pldl1keep, mte_lit_pool + 16\n"
	"	ret\n"
	".balign 16\n"
	".previous\n");

int main(void)
{
	mte_enable(MTE_TCF_SYNC, MTE_TCF_NONE);
	mte_map_ram_tagged();
	const uint64_t pool = (uintptr_t)mte_lit_pool;
	mte_set_tag_range(pool, 48, 5);
	checkf(tags_of(pool, 4), 0x0555, "tags of the pool and the code granules");
	checkf((uintptr_t)mte_lit_code - pool, 32, "code offset from the pool");

	exc_catch(EXC_RESUME_NEXT);
	mte_lit_code();
	check_no_fault("literal loads (and fetches) from tag 5 granules");
	checkf(mte_lit_results[0], 0x1122334455667788ul, "ldr x, literal");
	checkf(mte_lit_results[1], 0xfffffffffffffff0ul, "ldrsw, literal");
	checkf(mte_lit_results[2], 0xfedcba98, "ldr w, literal");

	ACCESS("ldr x0, [x1]", pool, 0);
	check_tag_fault_rel("ldr x [x1], tag 0 pointer to the pool", ESR_TAG_CHECK_CUR_R, pool, pool);
	uint64_t v = ACCESS("ldr x0, [x1]", mte_ptr_with_tag(pool + 8, 5), 0);
	check_no_fault("ldr x [x1], tag 5 pointer to the pool");
	checkf(v, 0x99aabbccddeeff00ul, "ldr x [x1], tag 5: value");
	/* ADR gives the same PC-relative address, untagged; a register-based load through
	 * it is checked. */
	ACCESS("adr x1, mte_lit_pool\n\tldr x0, [x1]", 0, 0);
	check_tag_fault_rel("adr x1, pool; ldr x [x1]", ESR_TAG_CHECK_CUR_R, pool, pool);
	mte_set_tag_range(pool, 48, 0);
	exc_uncatch();
	return check_done();
}
