/* HCR_EL2.ATA and EL1 allocation tag access under stage 2 (run with --mte 3). EL1 runs
 * with SCTLR_EL1.ATA = 1, TCF = synchronous, TCR_EL1.TBI0 = 1, a test page that stage 1
 * maps Tagged (MAIR 0xF0) and stage 2 maps Normal Write-Back; GCR_EL1 = 0 and RGSR_EL1
 * are set from EL2 (EL2's access is not trapped).
 *  - HCR_EL2.ATA = 0: allocation tag access is disabled at EL1: IRG returns tag 0, STG
 *    writes no tag, LDG returns tag 0, and accesses are Tag Unchecked (a mismatched load
 *    completes);
 *  - HCR_EL2.ATA = 1: IRG returns the next tag of the RGSR_EL1 sequence (RRND = 0; from
 *    seed 0xace1 and tag 0 the LFSR gives offsets 2 and 2, so tags 2 then 4), STG
 *    sets the tag and LDG reads it, and a mismatched load takes a synchronous Tag Check
 *    fault to EL1 (EC 0x25, DFSC 0b010001, FAR_EL1 = the tagged VA, bits [63:60] not
 *    compared), with nothing taken to EL2.
 * Arm ARM D24.2.62 (HCR_EL2.ATA), D10 (MTE: AllocationTagAccessIsEnabled). */
#include "el2test.h"

#define VA   (TEST_VA + 0x10000)
#define IPA  0x8000010000ul
#define PA   (HYP_TEST_PA_BASE + 0x90000)
#define SEED 0xace1u

static uint64_t el1_irg(uint64_t p) { return mte_irg(p, 0); }
static uint64_t el1_stg(uint64_t p) { mte_stg(p); return 0; }
static uint64_t el1_ldg(uint64_t p) { return mte_ldg(p); }

int main(void)
{
	if (mte_level() < 2) {
		puts("this guest needs MTE2 or later (run with --mte 3)\n");
		return check_done();
	}
	struct s2 s;
	struct vm vm;
	s2_init_image(&s);
	s2_map_level(&s, IPA, PA, 3, S2_NORMAL);
	pt_map_pages(mmu_default_pt(), VA, IPA, 0x1000, PTE_NORMAL_TAGGED | PTE_UXN | PTE_PXN);
	mmu_sync();
	*(volatile uint64_t *)(PA + 0x40) = 0x5157;
	vm_init(&vm);
	vm_set_s2(&vm, &s, 1);
	vm.sctlr_el1 |= SCTLR_ATA | (uint64_t)MTE_TCF_SYNC << SCTLR_TCF_SHIFT;
	vm.tcr_el1 |= TCR_TBI0;
	write_sysreg(gcr_el1, 0);

	/* Tag 7 on the granule at +0x40, set with tag access enabled. */
	vm.hcr = HCR_VM | HCR_ATA;
	run_caught(&vm, el1_stg, mte_ptr_with_tag(VA + 0x40, 7));
	checkf(mte_ptr_tag(run_caught(&vm, el1_ldg, VA + 0x40)), 7, "ATA=1: LDG after STG tag 7");

	/* ATA = 0 */
	vm.hcr = HCR_VM;
	write_sysreg(rgsr_el1, (uint64_t)SEED << 8);
	checkf(mte_ptr_tag(run_caught(&vm, el1_irg, VA)), 0, "ATA=0: IRG tag");
	checkf(mte_ptr_tag(run_caught(&vm, el1_ldg, VA + 0x40)), 0, "ATA=0: LDG tag");
	run_caught(&vm, el1_stg, mte_ptr_with_tag(VA + 0x40, 5));
	check_no_trap("ATA=0: STG tag 5");
	exc_catch(EXC_RESUME_NEXT);
	checkf(run_caught(&vm, el1_load, mte_ptr_with_tag(VA + 0x40, 3)), 0x5157,
	       "ATA=0: load with tag 3 from a tag-7 granule");
	checkf(exc_last.taken, 0, "ATA=0: mismatched load: exceptions to EL1");
	check_no_trap("ATA=0: mismatched load");

	/* ATA = 1 */
	vm.hcr = HCR_VM | HCR_ATA;
	checkf(mte_ptr_tag(run_caught(&vm, el1_ldg, VA + 0x40)), 7, "ATA=1: LDG tag (STG under ATA=0 had no effect)");
	write_sysreg(rgsr_el1, (uint64_t)SEED << 8);
	uint64_t t1 = mte_ptr_tag(run_caught(&vm, el1_irg, VA));
	uint64_t t2 = mte_ptr_tag(run_caught(&vm, el1_irg, VA));
	checkf(t1, 0x2, "ATA=1: IRG tag (seed 0xace1)");
	checkf(t2, 0x4, "ATA=1: second IRG tag");
	exc_catch(EXC_RESUME_NEXT);
	run_caught(&vm, el1_load, mte_ptr_with_tag(VA + 0x40, 3));
	check_no_trap("ATA=1: mismatched load");
	checkf(exc_last.taken, 1, "ATA=1: mismatched load: exceptions to EL1");
	checkf(exc_last.esr, ESR_TAG_CHECK_CUR_R, "ATA=1: mismatched load: ESR_EL1");
	checkf(exc_last.far & MTE_FAR_MASK, mte_ptr_with_tag(VA + 0x40, 3), "ATA=1: mismatched load: FAR_EL1");
	exc_catch(EXC_RESUME_NEXT);
	checkf(run_caught(&vm, el1_load, mte_ptr_with_tag(VA + 0x40, 7)), 0x5157, "ATA=1: matching load");
	checkf(exc_last.taken, 0, "ATA=1: matching load: exceptions to EL1");
	exc_uncatch();
	return check_done();
}
