/* MTE: STGP Xt1, Xt2 in its three forms (offset, pre-index, post-index; simm = simm7 * 16,
 * -1024..1008). It stores Xt1 and Xt2 to the 16 bytes at the address and sets that
 * granule's allocation tag to the address's own tag, bits [59:56] of Xn (+ simm). The
 * data store is Tag Unchecked too: TCF = sync and the old allocation tag differs, yet no
 * exception. Rn = 31 is SP. Tags read back with LDG (nibble i = granule i). */
#include "mtetest.h"

#define P0 MTE_VA

/* STGP with x1 = base, x2/x3 = data; returns x1 afterwards. */
#define STGP(INSN, BASE) ({ uint64_t b_ = (uint64_t)(BASE);                            \
	exc_catch(EXC_RESUME_NEXT);                                                      \
	__asm__ volatile("mov x1, %0\n\tldr x2, =0x1111222233334444\n\t"                  \
			 "ldr x3, =0x5555666677778888\n\t" INSN "\n\tmov %0, x1"          \
			 : "+r"(b_) :: "x1", "x2", "x3", "x9", "memory");                \
	b_; })

static void data_at(const char *what, uint64_t a)
{
	checkf(peek(a), 0x1111222233334444ul, "%s: data [0]", what);
	checkf(peek(a + 8), 0x5555666677778888ul, "%s: data [8]", what);
	fill_pattern(a, 16);
	checkf(pattern_changed(P0, 0x1000), 0, "%s: other words changed", what);
}

int main(void)
{
	map_tagged_page(P0, PTE_TAGGED_DATA);
	mte_enable(MTE_TCF_SYNC, MTE_TCF_NONE);
	mte_set_tag_range(P0, 0x1000, 1);
	fill_pattern(P0, 0x1000);
	uint64_t x1;

	x1 = STGP("stgp x2, x3, [x1]", mte_ptr_with_tag(P0 + 0x100, 5));
	check_no_fault("stgp [x1] (tag 5 over tag 1, unchecked)");
	checkf(x1, mte_ptr_with_tag(P0 + 0x100, 5), "stgp [x1]: x1 kept");
	checkf(tags_of(P0 + 0xf0, 3), 0x151, "stgp [x1]: tags from x1 - 16");
	data_at("stgp [x1]", P0 + 0x100);

	x1 = STGP("stgp x2, x3, [x1, #1008]", mte_ptr_with_tag(P0 + 0x200, 6));
	checkf(x1, mte_ptr_with_tag(P0 + 0x200, 6), "stgp [x1, #1008]: x1 kept");
	checkf(tags_of(P0 + 0x5e0, 3), 0x161, "stgp [x1, #1008]: tags from x1 + 992");
	data_at("stgp [x1, #1008]", P0 + 0x5f0);

	x1 = STGP("stgp x2, x3, [x1, #-1024]", mte_ptr_with_tag(P0 + 0xc00, 7));
	checkf(tags_of(P0 + 0x7f0, 3), 0x171, "stgp [x1, #-1024]: tags from x1 - 1040");
	data_at("stgp [x1, #-1024]", P0 + 0x800);

	x1 = STGP("stgp x2, x3, [x1, #32]!", mte_ptr_with_tag(P0 + 0x900, 8));
	check_no_fault("stgp [x1, #32]!");
	checkf(x1, mte_ptr_with_tag(P0 + 0x920, 8), "stgp [x1, #32]!: x1 written back");
	checkf(tags_of(P0 + 0x910, 3), 0x181, "stgp [x1, #32]!: tags from x1 - 16");
	data_at("stgp [x1, #32]!", P0 + 0x920);

	x1 = STGP("stgp x2, x3, [x1], #-16", mte_ptr_with_tag(P0 + 0xa00, 9));
	checkf(x1, mte_ptr_with_tag(P0 + 0x9f0, 9), "stgp [x1], #-16: x1 written back");
	checkf(tags_of(P0 + 0x9f0, 3), 0x191, "stgp [x1], #-16: tags from x1");
	data_at("stgp [x1], #-16", P0 + 0xa00);

	x1 = STGP("stgp x2, x3, [x1]", P0 + 0xb00);
	checkf(tags_of(P0 + 0xaf0, 3), 0x101, "stgp [x1] with address tag 0: tags from x1 - 16");
	data_at("stgp tag 0", P0 + 0xb00);

	x1 = STGP("mov x9, sp\n\tmov sp, x1\n\tstgp x2, x3, [sp, #-16]!\n\tmov x1, sp\n\tmov sp, x9",
		  mte_ptr_with_tag(P0 + 0xd00, 12));
	check_no_fault("stgp [sp, #-16]!");
	checkf(x1, mte_ptr_with_tag(P0 + 0xcf0, 12), "stgp [sp, #-16]!: SP written back");
	checkf(tags_of(P0 + 0xce0, 3), 0x1c1, "stgp [sp, #-16]!: tags from SP - 32");
	data_at("stgp [sp, #-16]!", P0 + 0xcf0);
	exc_uncatch();
	return check_done();
}
