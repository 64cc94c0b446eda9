/* MTE: Tagged mappings of memory without Allocation Tag storage. Expected output written
 * from the Arm ARM and mtesim's documented IMPLEMENTATION DEFINED choice (QEMU 10 gives
 * all RAM tag storage); run by mtesim alone with --mte 3 and
 * configs/no_tag_storage.json, whose "untagged_memory" is the last 1 MiB of the default
 * 256 MiB of RAM: PA 0x4ff00000..0x4fffffff.
 *
 * Rules:
 * - Arm ARM D10.6.2: Allocation Tag storage is provided for Conventional memory; "the
 *   result of an access to an Allocation Tag where Allocation Tag storage is not provided
 *   is IMPLEMENTATION DEFINED". mtesim's choice (docs: memory controller, "no tag
 *   storage"): such memory behaves as Untagged even when stage 1 maps it Tagged.
 * - Untagged regions (D10.3): a read of an Allocation Tag returns 0b0000 (LDG, LDGM); a
 *   write of an Allocation Tag does not modify any tag, and all other effects of the
 *   access occur (STG, STGM; STZG still zeroes its data granule).
 * - Accesses to an Untagged region are Tag Unchecked (D10.4.1): a wrong logical tag
 *   neither faults (TCF = sync) nor sets TFSR_EL1 (TCF = async), and the access
 *   completes.
 * - Tag-capable memory next to the range (PA 0x4feff000, the page just below it) keeps
 *   its Allocation Tags and is checked as usual: ESR 0x96000011 / 0x96000051.
 * Pages: NTS = MTE_VA + 0x20000 -> PA 0x4ff00000 (no tag storage) and TS = MTE_VA +
 * 0x21000 -> PA 0x4feff000 (tag storage), both Tagged Normal at stage 1. */
#include "mtetest.h"

#define NTS     (MTE_VA + 0x20000)
#define TS      (MTE_VA + 0x21000)
#define NTS_PA  0x4ff00000ul
#define TS_PA   0x4feff000ul

#define R ESR_TAG_CHECK_CUR_R
#define W ESR_TAG_CHECK_CUR_W

static uint64_t tagged(uint64_t a, unsigned t) { return mte_ptr_with_tag(a, t); }

int main(void)
{
	require_mte2();
	pt_map_pages(mmu_default_pt(), NTS, NTS_PA, 4096, PTE_TAGGED_DATA);
	pt_map_pages(mmu_default_pt(), TS, TS_PA, 4096, PTE_TAGGED_DATA);
	mmu_sync();
	mte_enable(MTE_TCF_SYNC, MTE_TCF_NONE);
	fill_pattern(NTS, 4096);
	fill_pattern(TS, 4096);
	checkf(MMU_AT(s1e1r, NTS) & 0xfffffffff000ul, NTS_PA, "PAR_EL1.PA of NTS");
	checkf(MMU_AT(s1e1r, TS) & 0xfffffffff000ul, TS_PA, "PAR_EL1.PA of TS");

	printf("== no tag storage (PA 0x4ff00000), TCF = sync\n");
	exc_catch(EXC_RESUME_NEXT);
	mte_set_tag_range(NTS + 0x100, 0x100, 5);
	check_no_fault("stg tag 5 over NTS + 0x100 .. + 0x1ff");
	checkf(tags_of(NTS + 0xf0, 4), 0, "ldg: tags of NTS + 0xf0 .. + 0x12f");
	checkf(mte_ldgm(NTS + 0x100), 0, "ldgm [NTS + 0x100]");
	mte_stgm(NTS, 0xfedcba9876543210ul);
	checkf(mte_ldgm(NTS), 0, "ldgm [NTS] after stgm");
	mte_stzg(tagged(NTS + 0x200, 7));
	checkf(mte_get_tag(NTS + 0x200), 0, "ldg [NTS + 0x200] after stzg tag 7");
	checkf(zero_words(NTS + 0x200, 16), 2, "stzg: zero data words in the granule");
	checkf(pattern_changed(NTS + 0x210, 0x10), 0, "stzg: next granule's words changed");
	uint64_t v = ACCESS("ldr x0, [x1]", tagged(NTS + 0x110, 3), 0);
	check_no_fault("ldr x, tag 3");
	checkf(v, pattern_at(NTS + 0x110), "ldr x, tag 3: value");
	NO_FAULT("ldr x, tag 0", "ldr x0, [x1]", NTS + 0x118);
	NO_FAULT("str x, tag 3", "str x2, [x1]", tagged(NTS + 0x120, 3));
	checkf(peek(NTS + 0x120), 0x5a5a, "str x, tag 3: memory");
	NO_FAULT("ldr x, tag 15 at the first granule of the range", "ldr x0, [x1]", tagged(NTS, 0xf));
	mte_set_tcf(MTE_TCF_ASYNC);
	mte_clear_tfsr();
	NO_FAULT("async: str x, tag 3", "str x2, [x1]", tagged(NTS + 0x128, 3));
	NO_FAULT("async: ldr x, tag 3", "ldr x0, [x1]", tagged(NTS + 0x130, 3));
	checkf(mte_tfsr(), 0, "async: TFSR_EL1");
	mte_set_tcf(MTE_TCF_SYNC);

	printf("== tag storage (PA 0x4feff000, just below the range), TCF = sync\n");
	mte_set_tag_range(TS, 4096, 0);
	mte_set_tag_range(TS + 0x100, 0x100, 5);
	mte_stg(tagged(TS + 0xff0, 0xa));
	checkf(tags_of(TS + 0xf0, 4), 0x5550, "ldg: tags of TS + 0xf0 .. + 0x12f");
	checkf(mte_get_tag(TS + 0xff0), 0xa, "ldg [TS + 0xff0] (PA 0x4feffff0)");
	checkf(mte_ldgm(TS + 0x100), 0x5555555555555555ul, "ldgm [TS + 0x100]");
	v = ACCESS("ldr x0, [x1]", tagged(TS + 0x110, 5), 0);
	check_no_fault("ldr x, tag 5 on tag 5");
	checkf(v, pattern_at(TS + 0x110), "ldr x, tag 5 on tag 5: value");
	TAG_FAULTS("ldr x, tag 3 on tag 5", "ldr x0, [x1]", tagged(TS + 0x118, 3), R, tagged(TS + 0x118, 3));
	TAG_FAULTS("str x, tag 3 on tag 5", "str x2, [x1]", tagged(TS + 0x120, 3), W, tagged(TS + 0x120, 3));
	TAG_FAULTS("ldr x, tag 0 on tag 10 (last granule)", "ldr x0, [x1]", TS + 0xff8, R, TS + 0xff8);
	mte_set_tcf(MTE_TCF_ASYNC);
	mte_clear_tfsr();
	NO_FAULT("async: str x, tag 3 on tag 5", "str x2, [x1]", tagged(TS + 0x128, 3));
	checkf(mte_tfsr(), TFSR_TF0, "async: TFSR_EL1");
	mte_clear_tfsr();
	checkf(mte_get_tag(NTS + 0x100), 0, "no tag storage again: ldg [NTS + 0x100]");

	mte_disable();
	exc_uncatch();
	return check_done();
}
