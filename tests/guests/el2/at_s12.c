/* Address translation of both stages from EL2: AT S12E1R, S12E1W, S12E0R, S12E0W use the
 * EL1&0 regime of the loaded VM (stage 1 from the EL1 registers, stage 2 from
 * VTTBR/VTCR) and report the PA and the combined attributes in PAR_EL1, with
 * HCR_EL2.FWB = 0:
 *  - memory type: Device beats Normal, the most restrictive Device type wins (nGnRnE >
 *    nGnRE > nGRE > GRE); for Normal the inner and outer cacheability combine
 *    separately, Non-cacheable beating Write-Through beating Write-Back, with stage 1's
 *    allocation hints (Table D8-97, D8-98);
 *  - shareability: Outer beats Inner beats Non-shareable (Table D8-103); Device and
 *    Normal Inner+Outer Non-cacheable results are reported Outer Shareable;
 *  - faults go to PAR (F = 1) with S (stage 2), PTW (stage 2 on the stage-1 walk) and
 *    FST; AT S12E0* checks EL0 permissions at stage 1; stage-2 S2AP applies to both.
 * AT S1E1R at EL2 gives the stage-1 result only (IPA, stage-1 attributes).
 * Printed PAR bits: ATTR, PA[47:12], bit 11, SH, F on success; bits [11:0] on a fault.
 * Arm ARM D8.6.5, D8.6.7, D8.2.13, D24.2.142 (PAR_EL1).
 * QEMU 10 aborts (assertion in target/arm/helper.c do_ats_write) on an AT S12E* whose
 * stage 2 ends in a Permission fault on the final access, so those cases (S2 read-only
 * page written, S2AP = 00) are only in at_s12_s2perm, checked against the Arm ARM. */
#include "el2test.h"

#ifndef AT_S2PERM
#define AT_S2PERM 0   /* 1: also the stage-2 Permission faults QEMU cannot report */
#endif

/* MAIR_EL1 for this VM: the runtime's indices 0-4 plus WT, outer-NC/inner-WB, nGRE. */
#define MAIR_TEST (MAIR_VALUE | 0xbbul << 40 | 0x4ful << 48 | 0x08ul << 56)
#define S1_SH_NON   (0ul << 8)
#define S1_SH_OUTER (2ul << 8)
#define S1_SH_INNER (3ul << 8)

struct combo {
	const char *name;
	unsigned idx;      /* stage-1 AttrIndx */
	uint64_t s1sh;
	unsigned s2ma;     /* stage-2 MemAttr */
	uint64_t s2sh;
	unsigned attr, sh; /* expected PAR.ATTR, PAR.SH */
};

static const struct combo combos[] = {
	{ "S1 WB ISH + S2 WB ISH", 1, S1_SH_INNER, 0xf, S2_SH_INNER, 0xff, SH_INNER },
	{ "S1 WB + S2 Device-nGnRE", 1, S1_SH_INNER, 0x1, S2_SH_NON, 0x04, SH_OUTER },
	{ "S1 Device-nGnRnE + S2 WB", 0, S1_SH_NON, 0xf, S2_SH_INNER, 0x00, SH_OUTER },
	{ "S1 NC + S2 WB", 3, S1_SH_INNER, 0xf, S2_SH_INNER, 0x44, SH_OUTER },
	{ "S1 WB + S2 NC", 1, S1_SH_INNER, 0x5, S2_SH_INNER, 0x44, SH_OUTER },
	{ "S1 WB + S2 WT", 1, S1_SH_INNER, 0xa, S2_SH_INNER, 0xbb, SH_INNER },
	{ "S1 WT + S2 WB", 5, S1_SH_INNER, 0xf, S2_SH_INNER, 0xbb, SH_INNER },
	{ "S1 WT + S2 NC", 5, S1_SH_INNER, 0x5, S2_SH_INNER, 0x44, SH_OUTER },
	{ "S1 NC + S2 WT", 3, S1_SH_INNER, 0xa, S2_SH_INNER, 0x44, SH_OUTER },
	{ "S1 WB + S2 oWB-iNC", 1, S1_SH_INNER, 0xd, S2_SH_INNER, 0xf4, SH_INNER },
	{ "S1 oNC-iWB + S2 WB", 6, S1_SH_INNER, 0xf, S2_SH_INNER, 0x4f, SH_INNER },
	{ "S1 Device-nGnRE + S2 Device-nGnRnE", 4, S1_SH_NON, 0x0, S2_SH_NON, 0x00, SH_OUTER },
	{ "S1 Device-nGRE + S2 Device-GRE", 7, S1_SH_NON, 0x3, S2_SH_NON, 0x08, SH_OUTER },
	{ "S1 WB + S2 Device-GRE", 1, S1_SH_INNER, 0x3, S2_SH_INNER, 0x0c, SH_OUTER },
	{ "S1 WB NSH + S2 WB ISH", 1, S1_SH_NON, 0xf, S2_SH_INNER, 0xff, SH_INNER },
	{ "S1 WB OSH + S2 WB ISH", 1, S1_SH_OUTER, 0xf, S2_SH_INNER, 0xff, SH_OUTER },
	{ "S1 WB ISH + S2 WB NSH", 1, S1_SH_INNER, 0xf, S2_SH_NON, 0xff, SH_INNER },
	{ "S1 WB NSH + S2 WB NSH", 1, S1_SH_NON, 0xf, S2_SH_NON, 0xff, SH_NON },
	{ "S1 WB ISH + S2 WB OSH", 1, S1_SH_INNER, 0xf, S2_SH_OUTER, 0xff, SH_OUTER },
};
#define NCOMBOS (sizeof(combos) / sizeof(combos[0]))

#define VA_C(i)  (TEST_VA + 0x1000ul * (i))          /* one page per combination */
#define IPA_C(i) (0x8000000000ul + 0x1000ul * (i))
#define PA_C(i)  (HYP_TEST_PA_BASE + 0x1000ul * (i))
#define VA_P     (TEST_VA + 0x100000)                 /* permission pages */
#define IPA_P    0x8000100000ul
#define PA_P     (HYP_TEST_PA_BASE + 0x100000)
#define VA_W     (TEST_VA + 0x200000)                 /* its level-3 table at IPA_T */
#define IPA_T    0x8000200000ul
#define PA_T     (HYP_TEST_PA_BASE + 0x200000)

int main(void)
{
	struct s2 s;
	struct vm vm;
	struct pt *pt = mmu_default_pt();
	const uint64_t xn = PTE_UXN | PTE_PXN;
	s2_init_image(&s);
	for (unsigned i = 0; i < NCOMBOS; i++) {
		const struct combo *c = &combos[i];
		pt_map_pages(pt, VA_C(i), IPA_C(i), 0x1000, PTE_ATTR(c->idx) | c->s1sh | PTE_AF | xn);
		s2_map_level(&s, IPA_C(i), PA_C(i), 3, S2_MEMATTR(c->s2ma) | c->s2sh | S2AP_RW | S2_AF);
	}
	/* Permission pages: 0 RW EL0+EL1, 1 RW EL1 only, 2 RO EL1, 3 RW EL0+EL1 over S2 RO,
	 * 4 RW EL0+EL1 over no S2 mapping, 5 RW EL0+EL1 over S2 none (S2AP = 00). */
	static const uint64_t s1ap[6] = { PTE_AP_EL0, 0, PTE_AP_RO, PTE_AP_EL0, PTE_AP_EL0, PTE_AP_EL0 };
	static const uint64_t s2ap[6] = { S2AP_RW, S2AP_RW, S2AP_RW, S2AP_RO, 0, S2AP_NONE };
	for (int i = 0; i < 6; i++) {
		pt_map_pages(pt, VA_P + 0x1000ul * i, IPA_P + 0x1000ul * i, 0x1000, PTE_NORMAL | s1ap[i] | xn);
		if (i != 4)
			s2_map_level(&s, IPA_P + 0x1000ul * i, PA_P + 0x1000ul * i, 3,
				     (S2_NORMAL & ~S2AP_RW) | s2ap[i]);
	}
	/* A page whose level-3 table the EL1 walk reads at IPA_T (a copy in PA_T). */
	pt_map_pages(pt, VA_W, IPA_C(0), 0x1000, PTE_NORMAL | xn);
	uint64_t *l2 = s1_slot(pt, VA_W, 2);
	memcpy((void *)PA_T, (void *)(*l2 & 0x0000fffffffff000ul), 0x1000);
	*l2 = IPA_T | 3;
	mmu_sync();
	s2_map_level(&s, IPA_T, PA_T, 3, S2_NORMAL);

	vm_init(&vm);
	vm_set_s2(&vm, &s, 1);
	vm.mair_el1 = MAIR_TEST;
	vm_load(&vm);

	char what[80];
	uint64_t par;
	if (!AT_S2PERM) {
		for (unsigned i = 0; i < NCOMBOS; i++) {
			const struct combo *c = &combos[i];
			par = MMU_AT(s12e1r, VA_C(i) + 0x234);
			checkf(par & PAR_OK_MASK, PAR_OK(c->attr, PA_C(i), c->sh), "%s: AT S12E1R PAR", c->name);
			par = MMU_AT(s12e1w, VA_C(i));
			checkf(par & PAR_OK_MASK, PAR_OK(c->attr, PA_C(i), c->sh), "%s: AT S12E1W PAR", c->name);
		}
		/* Stage 1 only, from EL2. */
		par = MMU_AT(s1e1r, VA_C(5));
		checkf(par & PAR_OK_MASK, PAR_OK(0xff, IPA_C(5), SH_INNER), "AT S1E1R at EL2 (S2 WT page): PAR");
		par = MMU_AT(s1e1r, VA_C(3));
		checkf(par & PAR_OK_MASK, PAR_OK(0x44, IPA_C(3), SH_OUTER), "AT S1E1R at EL2 (S1 NC page): PAR");
	}
	/* Permissions */
	static const char *const pn[6] = { "S1 RW-all", "S1 RW-EL1", "S1 RO-EL1", "S1 RW-all + S2 RO",
					    "S1 RW-all + S2 unmapped", "S1 RW-all + S2AP=00" };
	/* Expected PAR for R1, W1, R0, W0 per page (0 = success). */
	static const uint64_t want[6][4] = {
		{ 0, 0, 0, 0 },
		{ 0, 0, PAR_FAULT(0, 0, FSC_PERM(3)), PAR_FAULT(0, 0, FSC_PERM(3)) },
		{ 0, PAR_FAULT(0, 0, FSC_PERM(3)), PAR_FAULT(0, 0, FSC_PERM(3)), PAR_FAULT(0, 0, FSC_PERM(3)) },
		{ 0, PAR_FAULT(1, 0, FSC_PERM(3)), 0, PAR_FAULT(1, 0, FSC_PERM(3)) },
		{ PAR_FAULT(1, 0, FSC_TRANS(3)), PAR_FAULT(1, 0, FSC_TRANS(3)),
		  PAR_FAULT(1, 0, FSC_TRANS(3)), PAR_FAULT(1, 0, FSC_TRANS(3)) },
		{ PAR_FAULT(1, 0, FSC_PERM(3)), PAR_FAULT(1, 0, FSC_PERM(3)),
		  PAR_FAULT(1, 0, FSC_PERM(3)), PAR_FAULT(1, 0, FSC_PERM(3)) },
	};
	static const char *const ops[4] = { "S12E1R", "S12E1W", "S12E0R", "S12E0W" };
	for (int i = 0; i < 6; i++) {
		uint64_t va = VA_P + 0x1000ul * i, pars[4];
		int s2perm = i == 3 || i == 5;   /* pages with stage-2 Permission faults */
		if (s2perm && !AT_S2PERM) {
			if (i == 3) {
				pars[0] = MMU_AT(s12e1r, va);
				pars[2] = MMU_AT(s12e0r, va);
				checkf(pars[0] & PAR_OK_MASK, PAR_OK(0xff, PA_P + 0x1000ul * i, SH_INNER),
				       "%s: AT S12E1R PAR", pn[i]);
				checkf(pars[2] & PAR_OK_MASK, PAR_OK(0xff, PA_P + 0x1000ul * i, SH_INNER),
				       "%s: AT S12E0R PAR", pn[i]);
			}
			continue;
		}
		if (!s2perm && AT_S2PERM)
			continue;
		pars[0] = MMU_AT(s12e1r, va);
		pars[1] = MMU_AT(s12e1w, va);
		pars[2] = MMU_AT(s12e0r, va);
		pars[3] = MMU_AT(s12e0w, va);
		for (int k = 0; k < 4; k++) {
			strcat2(what, pn[i], ": AT ");
			strcat2(what, what, ops[k]);
			if (want[i][k])
				checkf(pars[k] & PAR_FAULT_MASK, want[i][k], "%s PAR[11:0]", what);
			else
				checkf(pars[k] & PAR_OK_MASK, PAR_OK(0xff, PA_P + 0x1000ul * i, SH_INNER),
				       "%s PAR", what);
		}
	}
	if (!AT_S2PERM) {
		/* The stage-1 walk faulting at stage 2: S = 1, PTW = 1. */
		par = MMU_AT(s12e1r, VA_W);
		checkf(par & PAR_OK_MASK, PAR_OK(0xff, PA_C(0), SH_INNER), "walk via IPA_T: AT S12E1R PAR");
		s2_unmap(&s, IPA_T, 0x1000);
		s2_tlbi_all();
		par = MMU_AT(s12e1r, VA_W);
		checkf(par & PAR_FAULT_MASK, PAR_FAULT(1, 1, FSC_TRANS(3)),
		       "walk via unmapped IPA_T: AT S12E1R PAR[11:0]");
		par = MMU_AT(s12e0w, VA_W);
		checkf(par & PAR_FAULT_MASK, PAR_FAULT(1, 1, FSC_TRANS(3)),
		       "walk via unmapped IPA_T: AT S12E0W PAR[11:0]");
		s2_map_level(&s, IPA_T, PA_T, 3, (S2_NORMAL & ~S2AP_RW) | S2AP_WO);
		s2_tlbi_all();
		par = MMU_AT(s12e1r, VA_W);
		checkf(par & PAR_FAULT_MASK, PAR_FAULT(1, 1, FSC_PERM(3)),
		       "walk via IPA_T S2AP=WO: AT S12E1R PAR[11:0]");
		par = MMU_AT(s1e1r, VA_W);
		checkf(par & PAR_FAULT_MASK, PAR_FAULT(1, 1, FSC_PERM(3)),
		       "walk via IPA_T S2AP=WO: AT S1E1R at EL2 PAR[11:0]");
	}
	vm_unload();
	return check_done();
}
