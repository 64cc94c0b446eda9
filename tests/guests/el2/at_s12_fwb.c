/* Combined stage-1/stage-2 memory attributes with HCR_EL2.FWB = 1 (FEAT_S2FWB), shown
 * through AT S12E1R from EL2 (PAR_EL1.ATTR, SH). Stage-2 MemAttr[2:0] then means:
 *   0b0xx  Device of type xx (combined with a stage-1 Device type: the most restrictive);
 *   0b101  Normal Non-cacheable, unless stage 1 is Device (then stage 1's Device type);
 *   0b110  forced Normal Write-Back (stage 1's allocation hints when stage 1 is Normal
 *          cacheable, else Read/Write-Allocate);
 *   0b111  stage 1's attributes.
 * Shareability combines as without FWB (Outer > Inner > Non-shareable), and Device and
 * Normal iNC/oNC results read Outer Shareable. The same descriptors with FWB = 0 (MemAttr
 * 0b0110 = Outer NC / Inner WT, 0b0111 = Outer NC / Inner WB) give different results.
 * Arm ARM D8.6.6 (Table D8-101), J1.1 AArch64.S2ApplyFWBMemAttrs.
 * QEMU 10 forces stage 2's Device type when both stages are Device instead of combining
 * them; those cases are in at_s12_fwb_device, checked against the Arm ARM. */
#include "el2test.h"

#ifndef FWB_DEVICE_PAIRS
#define FWB_DEVICE_PAIRS 0   /* 1: only the Device + Device cases QEMU gets wrong */
#endif

#define MAIR_TEST (MAIR_VALUE | 0xbbul << 40 | 0x4ful << 48 | 0x08ul << 56)
#define S1_SH_NON   (0ul << 8)
#define S1_SH_OUTER (2ul << 8)
#define S1_SH_INNER (3ul << 8)

struct combo {
	const char *name;
	unsigned idx;      /* stage-1 AttrIndx: 0 nGnRnE, 1 WB, 3 NC, 4 nGnRE, 5 WT, 6 oNC-iWB, 7 nGRE */
	uint64_t s1sh;
	unsigned s2ma;     /* stage-2 MemAttr[3:0] */
	uint64_t s2sh;
	int fwb;
	unsigned attr, sh; /* expected PAR.ATTR, PAR.SH */
};

static const struct combo combos[] = {
#if !FWB_DEVICE_PAIRS
	{ "FWB S1 WB + S2 0b111 (S1)", 1, S1_SH_INNER, 0x7, S2_SH_INNER, 1, 0xff, SH_INNER },
	{ "FWB S1 NC + S2 0b111 (S1)", 3, S1_SH_INNER, 0x7, S2_SH_INNER, 1, 0x44, SH_OUTER },
	{ "FWB S1 Device-nGnRE + S2 0b111 (S1)", 4, S1_SH_OUTER, 0x7, S2_SH_INNER, 1, 0x04, SH_OUTER },
	{ "FWB S1 WT + S2 0b111 (S1)", 5, S1_SH_INNER, 0x7, S2_SH_INNER, 1, 0xbb, SH_INNER },
	{ "FWB S1 oNC-iWB + S2 0b111 (S1)", 6, S1_SH_INNER, 0x7, S2_SH_INNER, 1, 0x4f, SH_INNER },
	{ "FWB S1 WB + S2 0b110 (force WB)", 1, S1_SH_INNER, 0x6, S2_SH_INNER, 1, 0xff, SH_INNER },
	{ "FWB S1 NC + S2 0b110 (force WB)", 3, S1_SH_INNER, 0x6, S2_SH_INNER, 1, 0xff, SH_INNER },
	{ "FWB S1 WT + S2 0b110 (force WB)", 5, S1_SH_INNER, 0x6, S2_SH_INNER, 1, 0xff, SH_INNER },
	{ "FWB S1 Device-nGnRnE + S2 0b110 (force WB)", 0, S1_SH_OUTER, 0x6, S2_SH_INNER, 1, 0xff, SH_OUTER },
	{ "FWB S1 oNC-iWB + S2 0b110 (force WB)", 6, S1_SH_INNER, 0x6, S2_SH_INNER, 1, 0xff, SH_INNER },
	{ "FWB S1 WB + S2 0b101 (NC)", 1, S1_SH_INNER, 0x5, S2_SH_INNER, 1, 0x44, SH_OUTER },
	{ "FWB S1 Device-nGnRE + S2 0b101 (NC)", 4, S1_SH_OUTER, 0x5, S2_SH_INNER, 1, 0x04, SH_OUTER },
	{ "FWB S1 WB + S2 0b001 (Device-nGnRE)", 1, S1_SH_INNER, 0x1, S2_SH_INNER, 1, 0x04, SH_OUTER },
	{ "FWB S1 WB + S2 0b000 (Device-nGnRnE)", 1, S1_SH_INNER, 0x0, S2_SH_INNER, 1, 0x00, SH_OUTER },
	{ "FWB S1 NC + S2 0b011 (Device-GRE)", 3, S1_SH_INNER, 0x3, S2_SH_INNER, 1, 0x0c, SH_OUTER },
	{ "FWB S1 Device-nGRE + S2 0b001 (Device-nGnRE)", 7, S1_SH_OUTER, 0x1, S2_SH_INNER, 1, 0x04, SH_OUTER },
	{ "FWB S1 WB ISH + S2 0b111 OSH", 1, S1_SH_INNER, 0x7, S2_SH_OUTER, 1, 0xff, SH_OUTER },
	{ "FWB S1 WB NSH + S2 0b110 NSH", 1, S1_SH_NON, 0x6, S2_SH_NON, 1, 0xff, SH_NON },
	{ "no FWB S1 WB + S2 0b0110 (oNC-iWT)", 1, S1_SH_INNER, 0x6, S2_SH_INNER, 0, 0x4b, SH_INNER },
	{ "no FWB S1 WB + S2 0b0111 (oNC-iWB)", 1, S1_SH_INNER, 0x7, S2_SH_INNER, 0, 0x4f, SH_INNER },
	{ "no FWB S1 NC + S2 0b0110 (oNC-iWT)", 3, S1_SH_INNER, 0x6, S2_SH_INNER, 0, 0x44, SH_OUTER },
#else
	{ "FWB S1 Device-nGnRnE + S2 0b011 (Device-GRE)", 0, S1_SH_OUTER, 0x3, S2_SH_INNER, 1, 0x00, SH_OUTER },
	{ "FWB S1 Device-nGnRE + S2 0b011 (Device-GRE)", 4, S1_SH_OUTER, 0x3, S2_SH_INNER, 1, 0x04, SH_OUTER },
	{ "FWB S1 Device-nGRE + S2 0b011 (Device-GRE)", 7, S1_SH_OUTER, 0x3, S2_SH_INNER, 1, 0x08, SH_OUTER },
	{ "FWB S1 Device-nGnRnE + S2 0b001 (Device-nGnRE)", 0, S1_SH_OUTER, 0x1, S2_SH_INNER, 1, 0x00, SH_OUTER },
#endif
};
#define NCOMBOS (sizeof(combos) / sizeof(combos[0]))

#define VA_C(i)  (TEST_VA + 0x1000ul * (i))
#define IPA_C(i) (0x8000000000ul + 0x1000ul * (i))
#define PA_C(i)  (HYP_TEST_PA_BASE + 0x1000ul * (i))

int main(void)
{
	struct s2 s;
	struct vm vm;
	struct pt *pt = mmu_default_pt();
	s2_init_image(&s);
	for (unsigned i = 0; i < NCOMBOS; i++) {
		const struct combo *c = &combos[i];
		pt_map_pages(pt, VA_C(i), IPA_C(i), 0x1000,
			     PTE_ATTR(c->idx) | c->s1sh | PTE_AF | PTE_UXN | PTE_PXN);
		s2_map_level(&s, IPA_C(i), PA_C(i), 3, S2_MEMATTR(c->s2ma) | c->s2sh | S2AP_RW | S2_AF);
	}
	mmu_sync();
	vm_init(&vm);
	vm_set_s2(&vm, &s, 1);
	vm.mair_el1 = MAIR_TEST;
	for (unsigned i = 0; i < NCOMBOS; i++) {
		const struct combo *c = &combos[i];
		vm.hcr = HCR_VM | (c->fwb ? HCR_FWB : 0);
		vm_load(&vm);
		uint64_t par = MMU_AT(s12e1r, VA_C(i) + 0x10);
		checkf(par & PAR_OK_MASK, PAR_OK(c->attr, PA_C(i), c->sh), "%s: AT S12E1R PAR", c->name);
	}
	vm_unload();
	return check_done();
}
