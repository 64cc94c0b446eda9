/* MTE: tag instructions at EL0 (SCTLR_EL1.ATA0 = 1, TCF0 = sync). IRG (using GCR_EL1 and
 * advancing RGSR_EL1 as at EL1), ADDG, SUBG, GMI, SUBP, STG, ST2G, STZG, STZ2G, STGP,
 * LDG, DC GVA and DC GZVA (allowed at EL0 by SCTLR_EL1.DZE = 1), and MSR/MRS TCO all
 * work at EL0; the tag stores are Tag Unchecked. Results are stored by EL0 in a
 * user-data array and the tags are read back at EL1. */
#include "mtetest.h"

EL0_DATA static uint64_t out[16];

EL0_TEXT static uint64_t el0_arith(uint64_t p)
{
	uint64_t r;
	__asm__ volatile("irg %0, %1" : "=r"(r) : "r"(p));
	out[0] = r;
	__asm__ volatile("irg %0, %1, %2" : "=r"(r) : "r"(p), "r"(0xfffeul));
	out[1] = r;
	__asm__ volatile("addg %0, %1, #32, #2" : "=r"(r) : "r"(p));
	out[2] = r;
	__asm__ volatile("subg %0, %1, #16, #15" : "=r"(r) : "r"(p));
	out[3] = r;
	__asm__ volatile("gmi %0, %1, %2" : "=r"(r) : "r"(p), "r"(0x10ul));
	out[4] = r;
	__asm__ volatile("subp %0, %1, %2" : "=r"(r) : "r"(p), "r"(p - 0x40));
	out[5] = r;
	return 0;
}

EL0_TEXT static uint64_t el0_tagstores(uint64_t base)
{
	const uint64_t t9 = 9ul << 56;
	__asm__ volatile("stg %0, [%1]" :: "r"(t9), "r"(base + 0x00) : "memory");
	__asm__ volatile("st2g %0, [%1]" :: "r"(t9 + (1ul << 56)), "r"(base + 0x20) : "memory");
	__asm__ volatile("stzg %0, [%1]" :: "r"(t9 + (2ul << 56)), "r"(base + 0x60) : "memory");
	__asm__ volatile("stz2g %0, [%1]" :: "r"(t9 + (3ul << 56)), "r"(base + 0x80) : "memory");
	__asm__ volatile("stgp %0, %0, [%1]" :: "r"(0x4242ul), "r"(base + 0xc0 + (13ul << 56)) : "memory");
	__asm__ volatile("dc gva, %0" :: "r"(base + 0x100 + (14ul << 56)) : "memory");
	__asm__ volatile("dc gzva, %0" :: "r"(base + 0x140 + (15ul << 56)) : "memory");
	uint64_t r = 0;
	__asm__ volatile("ldg %0, [%1]" : "+r"(r) : "r"(base + 0x80) : "memory");
	out[6] = r;
	return 0;
}

EL0_TEXT static uint64_t el0_tco(uint64_t unused)
{
	uint64_t a, b;
	__asm__ volatile("msr tco, #1\n\tmrs %0, tco\n\tmsr tco, #0\n\tmrs %1, tco" : "=&r"(a), "=&r"(b));
	out[7] = a;
	out[8] = b;
	return 0;
}

static void run(const char *what, el0_fn fn, uint64_t arg)
{
	exc_catch(EXC_RESUME_NEXT);
	el0_run(fn, arg, 0);
	mte_tco_off();
	check_no_fault(what);
}

int main(void)
{
	setup_object_page(PTE_TAGGED_USER);
	mte_enable(MTE_TCF_SYNC, MTE_TCF_SYNC);
	mte_set_gcr(0x0001, 0);
	mte_set_rgsr(0x7e57, 4);
	uint64_t model = 0x7e5704;
	const uint64_t p = mte_ptr_with_tag(0x0000000012345670ul, 6);

	run("EL0 irg/addg/subg/gmi/subp", el0_arith, p);
	unsigned t = ref_irg(&model, 0x0001);
	checkf(out[0], mte_ptr_with_tag(p, t), "EL0 irg (GCR excludes 0)");
	t = ref_irg(&model, 0xffff);
	checkf(out[1], mte_ptr_with_tag(p, t), "EL0 irg, Xm = 0xfffe (all excluded)");
	checkf(mte_rgsr(), model, "RGSR_EL1 after the EL0 IRGs");
	checkf(out[2], mte_ptr_with_tag(p + 32, ref_choose_tag(6, 2, 0x0001)), "EL0 addg #32, #2");
	checkf(out[3], mte_ptr_with_tag(p - 16, ref_choose_tag(6, 15, 0x0001)), "EL0 subg #16, #15");
	checkf(out[4], 0x10 | (1ul << 6), "EL0 gmi");
	checkf(out[5], 0x40, "EL0 subp");
	mte_set_gcr(0, 0);

	fill_pattern(MTE_VA, 4096);
	run("EL0 tag stores", el0_tagstores, OBJ);
	checkf(tags_of(OBJ, 2), 0x59, "EL0 stg: granule 0");
	checkf(tags_of(OBJ + 0x20, 2), 0xaa, "EL0 st2g: granules 2, 3");
	checkf(tags_of(OBJ + 0x60, 1), 0xb, "EL0 stzg: granule 6");
	checkf(zero_words(OBJ + 0x60, 16), 2, "EL0 stzg: zero words");
	checkf(tags_of(OBJ + 0x80, 2), 0xcc, "EL0 stz2g: granules 8, 9");
	checkf(zero_words(OBJ + 0x80, 32), 4, "EL0 stz2g: zero words");
	checkf(out[6], 0xcul << 56, "EL0 ldg of granule 8");
	checkf(tags_of(OBJ + 0xc0, 1), 0xd, "EL0 stgp: granule 12");
	checkf(peek(OBJ + 0xc8), 0x4242, "EL0 stgp: data");
	checkf(tags_of(OBJ + 0x100, 4), 0xeeee, "EL0 dc gva: block tags");
	checkf(pattern_changed(OBJ + 0x100, 64), 0, "EL0 dc gva: data words changed");
	checkf(tags_of(OBJ + 0x140, 4), 0xffff, "EL0 dc gzva: block tags");
	checkf(zero_words(OBJ + 0x140, 64), 8, "EL0 dc gzva: zero words");

	run("EL0 msr/mrs tco", el0_tco, 0);
	checkf(out[7], PSTATE_TCO, "EL0 MRS TCO after MSR TCO, #1");
	checkf(out[8], 0, "EL0 MRS TCO after MSR TCO, #0");
	exc_uncatch();
	return check_done();
}
