/* MTE at EL2 itself (nVHE; run with --mte 3): EL2's allocation tag access and tag
 * checking are controlled by SCTLR_EL2.ATA (bit 43) and TCF (bits 41:40) and by
 * TCR_EL2.TBI (bit 20) and TCMA (bit 30) for EL2's single VA range; HCR_EL2.ATA (0 here)
 * does not apply to EL2. A test page is mapped Tagged (MAIR_EL2 index 2 = 0xF0) in EL2's
 * stage 1; the rest of EL2's memory is Untagged.
 *  - SCTLR_EL2.ATA = 0: IRG gives tag 0, STG writes no tag, LDG reads 0;
 *  - ATA = 1: STG then LDG round-trips, IRG follows RGSR_EL1 (seed 0xace1: tag 2);
 *  - TCF = 0b01, TBI = 1: a mismatched load/store is a synchronous Tag Check fault to EL2
 *    (EC 0x25, DFSC 0b010001, WnR, FAR_EL2 with the pointer's tag; [63:60] not compared)
 *    and the store does not write; TCF = 0b00: no fault;
 *  - TCMA = 1: a pointer with VA[59:55] = 0 (tag 0) is Tag Unchecked, tag 3 still faults;
 *  - TBI = 0: accesses are Tag Unchecked (no faults for a tag-0 pointer);
 *  - PSTATE.TCO = 1: Tag Unchecked.
 * Arm ARM D24.2.176 (SCTLR_EL2), D24.2.195 (TCR_EL2), D10 (MTE). */
#include "el2test.h"

#define VA   (TEST_VA + 0x30000)
#define PA   (HYP_TEST_PA_BASE + 0xb0000)
#define SEED 0xace1u
#define SCTLR_EL2_TCF_SHIFT 40
#define TCR_EL2_TBI  (1ul << 20)
#define TCR_EL2_TCMA (1ul << 30)

static void el2_controls(int ata, unsigned tcf, int tbi, int tcma)
{
	uint64_t sctlr = read_sysreg(sctlr_el2) & ~(SCTLR_ATA | SCTLR_TCF_MASK);
	write_sysreg(sctlr_el2, sctlr | (ata ? SCTLR_ATA : 0) | (uint64_t)tcf << SCTLR_EL2_TCF_SHIFT);
	uint64_t tcr = read_sysreg(tcr_el2) & ~(TCR_EL2_TBI | TCR_EL2_TCMA);
	write_sysreg(tcr_el2, tcr | (tbi ? TCR_EL2_TBI : 0) | (tcma ? TCR_EL2_TCMA : 0));
	isb();
	hyp_mmu_sync();
}

static void access(const char *what, uint64_t p, int store, int faults)
{
	hyp_catch(EXC_RESUME_NEXT);
	*(volatile uint64_t *)(PA + 0x48) = 0x11;
	uint64_t v = store ? el1_store(p) : el1_load(p);
	hyp_uncatch();
	checkf(hyp_last.taken, faults, "%s: exceptions to EL2", what);
	if (faults) {
		checkf(hyp_last.esr, store ? ESR_TAG_CHECK_CUR_W : ESR_TAG_CHECK_CUR_R, "%s: ESR_EL2", what);
		checkf(hyp_last.far & MTE_FAR_MASK, p, "%s: FAR_EL2", what);
	}
	if (store)
		checkf(*(volatile uint64_t *)(PA + 0x48), faults ? 0x11 : ~p, "%s: memory", what);
	else
		checkf(v, faults ? 0x5a5a : 0x1d, "%s: value (0x5a5a: not loaded)", what);
}

int main(void)
{
	if (mte_level() < 2) {
		puts("this guest needs MTE2 or later (run with --mte 3)\n");
		return check_done();
	}
	pt_map_pages(hyp_pt(), VA, PA, 0x1000, PTE_NORMAL_TAGGED | PTE_AP_EL0 | HYP_PTE_XN);
	hyp_mmu_sync();
	*(volatile uint64_t *)(PA + 0x40) = 0x1d;
	write_sysreg(gcr_el1, 0);
	write_sysreg(rgsr_el1, (uint64_t)SEED << 8);
	checkf(read_sysreg(hcr_el2) & HCR_ATA, 0, "HCR_EL2.ATA");

	el2_controls(0, 0, 1, 0);
	checkf(mte_ptr_tag(mte_irg(VA, 0)), 0, "SCTLR_EL2.ATA=0: IRG tag");
	mte_stg(mte_ptr_with_tag(VA + 0x40, 5));
	checkf(mte_get_tag(VA + 0x40), 0, "SCTLR_EL2.ATA=0: LDG tag after STG 5");

	el2_controls(1, 0, 1, 0);
	mte_stg(mte_ptr_with_tag(VA + 0x40, 7));
	checkf(mte_get_tag(VA + 0x40), 7, "ATA=1: LDG tag after STG 7");
	write_sysreg(rgsr_el1, (uint64_t)SEED << 8);
	checkf(mte_ptr_tag(mte_irg(VA, 0)), 2, "ATA=1: IRG tag (seed 0xace1)");

	access("TCF=0: load with tag 3", mte_ptr_with_tag(VA + 0x40, 3), 0, 0);
	el2_controls(1, MTE_TCF_SYNC, 1, 0);
	access("TCF=sync: load with tag 3", mte_ptr_with_tag(VA + 0x40, 3), 0, 1);
	access("TCF=sync: store with tag 3", mte_ptr_with_tag(VA + 0x48, 3), 1, 1);
	access("TCF=sync: load with tag 7", mte_ptr_with_tag(VA + 0x40, 7), 0, 0);
	access("TCF=sync: load with tag 0", mte_ptr_with_tag(VA + 0x40, 0), 0, 1);
	mte_tco_on();
	access("TCF=sync, TCO=1: load with tag 3", mte_ptr_with_tag(VA + 0x40, 3), 0, 0);
	mte_tco_off();
	el2_controls(1, MTE_TCF_SYNC, 1, 1);
	access("TCMA=1: load with tag 0", mte_ptr_with_tag(VA + 0x40, 0), 0, 0);
	access("TCMA=1: load with tag 3", mte_ptr_with_tag(VA + 0x40, 3), 0, 1);
	el2_controls(1, MTE_TCF_SYNC, 0, 0);
	access("TBI=0: load with tag 0", VA + 0x40, 0, 0);
	el2_controls(0, 0, 0, 0);
	return check_done();
}
