/* MTE: alignment of the tag stores. STG, STZG, ST2G, STZ2G and STGP need a 16-byte
 * aligned address (ST2G/STZ2G 16, not 32) whatever SCTLR_EL1.A says: otherwise an
 * Alignment fault, ESR 0x96000061 (DFSC 0x21, WnR = 1), FAR = the address accessed
 * (base + offset for the offset and pre-index forms, the base for post-index), with no
 * writeback, no tag change and (STZG, STGP) no data change. The check happens even with
 * SCTLR_EL1.ATA = 0. LDG, LDGM, STGM, STZGM, DC GVA and DC GZVA align the address down
 * instead, and never fault for it. */
#include "mtetest.h"

#define P0 MTE_VA
#define ESR_ALIGN_W 0x96000061ul

/* INSN with x1 = address, x2 = tag source; checks the fault and that x1 is kept. */
#define ALIGN_FAULTS_AT(NAME, INSN, ADDR, FAR) do {                                   \
	uint64_t x1_ = RUN_X1(INSN, ADDR, 9ul << 56);                                    \
	check_fault_esr(NAME, ESR_ALIGN_W);                                              \
	checkf(exc_last.far, FAR, NAME ": FAR");                                          \
	checkf(x1_, ADDR, NAME ": x1 not written back");                                  \
} while (0)
#define ALIGN_FAULTS(NAME, INSN, ADDR) ALIGN_FAULTS_AT(NAME, INSN, ADDR, ADDR)

int main(void)
{
	map_tagged_page(P0, PTE_TAGGED_DATA);
	mte_enable(MTE_TCF_SYNC, MTE_TCF_NONE);
	mte_set_tag_range(P0, 4096, 3);
	fill_pattern(P0, 4096);
	checkf(read_sysreg(sctlr_el1) & SCTLR_A, 0, "SCTLR_EL1.A");

	ALIGN_FAULTS("stg [x1 = +0x108]", "stg x2, [x1]", P0 + 0x108);
	ALIGN_FAULTS("stg [x1 = +0x101]", "stg x2, [x1]", P0 + 0x101);
	ALIGN_FAULTS_AT("stg [x1 = +0x10f, #16]!", "stg x2, [x1, #16]!", P0 + 0x10f, P0 + 0x11f);
	ALIGN_FAULTS("stg [x1 = +0x104], #16", "stg x2, [x1], #16", P0 + 0x104);
	ALIGN_FAULTS("stzg [x1 = +0x208]", "stzg x2, [x1]", P0 + 0x208);
	ALIGN_FAULTS_AT("stzg [x1 = +0x204, #-16]!", "stzg x2, [x1, #-16]!", P0 + 0x204, P0 + 0x1f4);
	ALIGN_FAULTS("st2g [x1 = +0x308]", "st2g x2, [x1]", P0 + 0x308);
	ALIGN_FAULTS("st2g [x1 = +0x302], #32", "st2g x2, [x1], #32", P0 + 0x302);
	ALIGN_FAULTS("stz2g [x1 = +0x40c]", "stz2g x2, [x1]", P0 + 0x40c);
	ALIGN_FAULTS_AT("stz2g [x1 = +0x401, #32]!", "stz2g x2, [x1, #32]!", P0 + 0x401, P0 + 0x421);
	ALIGN_FAULTS("stgp [x1 = +0x508]", "stgp x2, x2, [x1]", P0 + 0x508);
	ALIGN_FAULTS_AT("stgp [x1 = +0x504, #16]!", "stgp x2, x2, [x1, #16]!", P0 + 0x504, P0 + 0x514);
	ALIGN_FAULTS("stgp [x1 = +0x50c], #-16", "stgp x2, x2, [x1], #-16", P0 + 0x50c);
	/* Tagged addresses: the fault is still an alignment fault (no tag check). */
	ALIGN_FAULTS("stg [x1 = tag 7, +0x608]", "stg x2, [x1]", mte_ptr_with_tag(P0 + 0x608, 7));
	/* SCTLR_EL1.ATA = 0: the tag store does nothing, but the alignment check stays. */
	mte_set_ata(0, 1);
	ALIGN_FAULTS("ATA = 0: stg [x1 = +0x708]", "stg x2, [x1]", P0 + 0x708);
	ALIGN_FAULTS("ATA = 0: stzg [x1 = +0x704]", "stzg x2, [x1]", P0 + 0x704);
	mte_set_ata(1, 1);
	/* 16-byte aligned ST2G at an odd granule is fine. */
	RUN_X1("st2g x2, [x1]", P0 + 0x810, 6ul << 56);
	check_no_fault("st2g [x1 = +0x810] (16-aligned, not 32)");
	checkf(tags_of(P0 + 0x800, 4), 0x3663, "st2g [+0x810]: tags from +0x800");

	unsigned not3 = 0;
	for (uint64_t a = P0; a < P0 + 0x800; a += 16)
		not3 += mte_get_tag(a) != 3;
	checkf(not3, 0, "granules below +0x800 whose tag is no longer 3");
	checkf(pattern_changed(P0, 4096), 0, "data words changed");

	/* Instructions that align down instead. */
	exc_catch(EXC_RESUME_NEXT);
	checkf(mte_ldg(P0 + 0x817), P0 + 0x817 + (6ul << 56), "ldg [+0x817]");
	checkf(mte_ldgm(P0 + 0x8f3) & 0xffff, 0x3663, "ldgm [+0x8f3]: low granules");
	mte_stgm(P0 + 0x9ab, 0x4444444444444444ul);
	mte_dc_gva(mte_ptr_with_tag(P0 + 0xb0b, 8));
	mte_dc_gzva(mte_ptr_with_tag(P0 + 0xc3f, 2));
	mte_stzgm(P0 + 0xd01, 1);
	check_no_fault("ldg/ldgm/stgm/dc gva/dc gzva/stzgm at unaligned addresses");
	checkf(tags_of(P0 + 0x900, 16), 0x4444444444444444ul, "stgm [+0x9ab]: block +0x900");
	checkf(tags_of(P0 + 0xb00, 4), 0x8888, "dc gva [+0xb0b]: block +0xb00");
	checkf(tags_of(P0 + 0xc00, 4), 0x2222, "dc gzva [+0xc3f]: block +0xc00");
	checkf(tags_of(P0 + 0xd00, 4), 0x1111, "stzgm [+0xd01]: block +0xd00");
	exc_uncatch();
	return check_done();
}
