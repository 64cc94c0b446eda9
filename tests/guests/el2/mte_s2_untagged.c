/* Stage 2 decides whether stage-1 Tagged memory is Tagged (run with --mte 3): memory is
 * Tagged only when stage 1 says Tagged (MAIR 0xF0) and the combined attribute is Normal
 * Inner and Outer Write-Back. EL1 (HCR_EL2.ATA = 1, SCTLR_EL1.ATA = 1, TCF = sync,
 * TBI0 = 1) reaches one physical page through IPAs with different stage-2 attributes;
 * a reference mapping (stage 2 Write-Back) sets and reads the real allocation tags.
 * For each view: LDG (tag 7 when Tagged, 0 when Untagged), a load through a pointer with
 * tag 3 (a synchronous Tag Check fault to EL1 when Tagged, none when Untagged) and STG
 * of tag 9 (seen through the reference mapping only when Tagged). Views: stage 2 WB,
 * Device-nGnRE, Normal NC, WT, Outer WB/Inner NC; with HCR_EL2.FWB = 1: 0b111 (stage 1's
 * attributes), 0b110 (forced WB) and 0b101 (NC); and with HCR_EL2.DC = 1 (stage 1 off,
 * Normal WB) the flat access is Tagged only with HCR_EL2.DCT = 1. Arm ARM D10 (Tagged
 * memory), D8.6.4/D8.6.6 (Tagged through FWB), D24.2.62 (DC, DCT). */
#include "el2test.h"

#define VA(i)  (TEST_VA + 0x20000 + 0x1000ul * (i))
#define IPA(i) (0x8000020000ul + 0x1000ul * (i))
#define PA     (HYP_TEST_PA_BASE + 0xa0000)
#define REF    8    /* view index of the reference mapping */

static uint64_t el1_stg(uint64_t p) { mte_stg(p); return 0; }
static uint64_t el1_ldg(uint64_t p) { return mte_ldg(p); }

static struct vm vm;

static unsigned tag_via_ref(void)
{
	uint64_t saved = vm.hcr;
	vm.hcr = HCR_VM | HCR_ATA;
	unsigned t = mte_ptr_tag(run_caught(&vm, el1_ldg, VA(REF) + 0x40));
	vm.hcr = saved;
	return t;
}

static void set_tag_via_ref(unsigned tag)
{
	uint64_t saved = vm.hcr;
	vm.hcr = HCR_VM | HCR_ATA;
	run_caught(&vm, el1_stg, mte_ptr_with_tag(VA(REF) + 0x40, tag));
	vm.hcr = saved;
}

static void view(const char *name, uint64_t va, int tagged)
{
	set_tag_via_ref(7);
	checkf(mte_ptr_tag(run_caught(&vm, el1_ldg, va + 0x40)), tagged ? 7 : 0, "%s: LDG tag", name);
	exc_catch(EXC_RESUME_NEXT);
	uint64_t v = run_caught(&vm, el1_load, mte_ptr_with_tag(va + 0x40, 3));
	checkf(exc_last.taken, tagged, "%s: load with tag 3: exceptions to EL1", name);
	if (tagged) {
		checkf(exc_last.esr, ESR_TAG_CHECK_CUR_R, "%s: load with tag 3: ESR_EL1", name);
		checkf(exc_last.far & MTE_FAR_MASK, mte_ptr_with_tag(va + 0x40, 3),
		       "%s: load with tag 3: FAR_EL1", name);
	} else {
		checkf(v, 0x7a6, "%s: load with tag 3: value", name);
	}
	exc_uncatch();
	check_no_trap(name);
	run_caught(&vm, el1_stg, mte_ptr_with_tag(va + 0x40, 9));
	checkf(tag_via_ref(), tagged ? 9 : 7, "%s: tag after STG 9 (reference view)", name);
}

int main(void)
{
	if (mte_level() < 2) {
		puts("this guest needs MTE2 or later (run with --mte 3)\n");
		return check_done();
	}
	static const struct { const char *name; unsigned ma; int fwb, tagged; } views[] = {
		{ "S2 WB", 0xf, 0, 1 },
		{ "S2 Device-nGnRE", 0x1, 0, 0 },
		{ "S2 NC", 0x5, 0, 0 },
		{ "S2 WT", 0xa, 0, 0 },
		{ "S2 oWB-iNC", 0xd, 0, 0 },
		{ "FWB S2 0b111 (S1)", 0x7, 1, 1 },
		{ "FWB S2 0b110 (force WB)", 0x6, 1, 1 },
		{ "FWB S2 0b101 (NC)", 0x5, 1, 0 },
	};
	struct s2 s;
	s2_init_image(&s);
	for (int i = 0; i <= REF; i++) {
		unsigned ma = i == REF ? 0xf : views[i].ma;
		s2_map_level(&s, IPA(i), PA, 3, S2_MEMATTR(ma) | S2AP_RW | S2_AF |
			     (ma == 0xf || ma == 0x6 || ma == 0x7 ? S2_SH_INNER : 0));
		pt_map_pages(mmu_default_pt(), VA(i), IPA(i), 0x1000, PTE_NORMAL_TAGGED | PTE_UXN | PTE_PXN);
	}
	mmu_sync();
	*(volatile uint64_t *)(PA + 0x40) = 0x7a6;
	vm_init(&vm);
	vm_set_s2(&vm, &s, 1);
	vm.sctlr_el1 |= SCTLR_ATA | (uint64_t)MTE_TCF_SYNC << SCTLR_TCF_SHIFT;
	vm.tcr_el1 |= TCR_TBI0;

	for (unsigned i = 0; i < sizeof(views) / sizeof(views[0]); i++) {
		vm.hcr = HCR_VM | HCR_ATA | (views[i].fwb ? HCR_FWB : 0);
		view(views[i].name, VA(i), views[i].tagged);
	}
	/* HCR_EL2.DC: stage 1 off; the reference IPA used flat. */
	vm.hcr = HCR_VM | HCR_ATA | HCR_DC | HCR_DCT;
	view("DC=1 DCT=1 (flat)", IPA(REF), 1);
	vm.hcr = HCR_VM | HCR_ATA | HCR_DC;
	view("DC=1 DCT=0 (flat)", IPA(REF), 0);
	return check_done();
}
