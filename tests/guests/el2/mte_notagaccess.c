/* FEAT_MTE_PERM: the stage-2 NoTagAccess attribute (run with --mte max, which gives
 * FEAT_MTE_PERM; QEMU 10 does not implement it, so the expected output is written from
 * the Arm ARM, mte-reference.md "Untagged memory, NoTagAccess, canonical tags"):
 *  - MemAttr 0b0100 with HCR_EL2.FWB = 0, 0b1110 and 0b1111 with FWB = 1, mark a mapping
 *    NoTagAccess; it is still Normal write-back, so memory Tagged at stage 1 stays Tagged;
 *  - on such memory, a tag read (LDG, LDGM), a tag write (STG, DC GVA) and a Tag Checked
 *    access whose mismatch TCF would report (sync or async) take a stage-2 Permission
 *    fault to EL2: EC 0x24, DFSC Permission at the stage-2 level, ESR_EL2.ISS2.TagAccess
 *    (bit 41), WnR for tag writes and stores, ISV as for any stage-2 abort of that
 *    instruction, FAR_EL2 the VA -- whatever the allocation tags hold;
 *  - ordinary data accesses proceed: not Tag Checked (PSTATE.TCO), TCF = 0b00, memory
 *    that is not Tagged at stage 1, and with HCR_EL2.ATA = 0 (tag access disabled: LDG
 *    reads 0000, STG is dropped, nothing is Tag Checked, so nothing faults);
 *  - FWB 0b0110 (forced write-back, not NoTagAccess) behaves as ordinary Tagged memory.
 * The tags behind the NoTagAccess views are read and written through a plain stage-2
 * write-back view of the same page. FAR_EL2 is printed without bits [63:56] (they are
 * UNKNOWN for a fault that is not a Tag Check fault). */
#include "el2test.h"

#define VA(i)       (TEST_VA + 0x40000 + 0x1000ul * (i))
#define IPA(i)      (0x8000040000ul + 0x1000ul * (i))
#define PA          (HYP_TEST_PA_BASE + 0xb0000)
#define VA_S1_PLAIN (TEST_VA + 0x50000)   /* stage 1 Normal (not Tagged) over the NoTagAccess view */

enum view { REF, NTA, FWB_NTA_WB, FWB_NTA_S1, FWB_WB, VIEWS };

#define TAG_ACCESS  (1ul << 41)           /* ESR_EL2.ISS2.TagAccess */
#define PERM3       FSC_PERM(3)
#define ESR_NTA(iss) (ESR_DABT(iss) | TAG_ACCESS)
#define FAR_VA(f)   ((f) & 0x00fffffffffffffful)

static uint64_t el1_stg(uint64_t p) { mte_stg(p); return 0; }
static uint64_t el1_ldg(uint64_t p) { return mte_ldg(p); }
static uint64_t el1_ldgm(uint64_t p)
{
	uint64_t v;
	__asm__ volatile("ldgm %0, [%1]" : "=r"(v) : "r"(p) : "memory");
	return v;
}
static uint64_t el1_dc_gva(uint64_t p)
{
	__asm__ volatile("dc gva, %0" :: "r"(p) : "memory");
	return 0;
}
/* A load with PSTATE.TCO set: not Tag Checked. */
static uint64_t el1_load_tco(uint64_t va)
{
	uint64_t v;
	__asm__ volatile("msr tco, #1\n\tldr %0, [%1]\n\tmsr tco, #0" : "=r"(v) : "r"(va) : "memory");
	return v;
}

static struct vm vm;

static unsigned tag_via_ref(void)
{
	const uint64_t hcr = vm.hcr;
	vm.hcr = HCR_VM | HCR_ATA;
	const unsigned t = mte_ptr_tag(run_caught(&vm, el1_ldg, VA(REF) + 0x40));
	vm.hcr = hcr;
	return t;
}

static void set_tag_via_ref(unsigned tag)
{
	const uint64_t hcr = vm.hcr;
	vm.hcr = HCR_VM | HCR_ATA;
	run_caught(&vm, el1_stg, mte_ptr_with_tag(VA(REF) + 0x40, tag));
	vm.hcr = hcr;
}

static void set_tcf(unsigned tcf)
{
	vm.sctlr_el1 = (vm.sctlr_el1 & ~SCTLR_TCF_MASK) | (uint64_t)tcf << SCTLR_TCF_SHIFT;
}

/* One access through a NoTagAccess view that must take the stage-2 fault. */
static void check_nta_fault(const char *what, vm_fn fn, uint64_t va, uint64_t iss)
{
	run_caught(&vm, fn, va);
	check_trap(what, ESR_NTA(iss));
	checkf(FAR_VA(hyp_last.far), FAR_VA(va), "%s: FAR_EL2", what);
}

/* A NoTagAccess view (FWB as given): every kind of tag access faults. */
static void nta_view(const char *name, unsigned v, int fwb)
{
	char what[96];
	vm.hcr = HCR_VM | HCR_ATA | (fwb ? HCR_FWB : 0);
	set_tcf(MTE_TCF_SYNC);
	set_tag_via_ref(7);
	const uint64_t p7 = mte_ptr_with_tag(VA(v) + 0x40, 7);
	check_nta_fault(strcat2(what, name, ": LDG"), el1_ldg, p7, PERM3);
	check_nta_fault(strcat2(what, name, ": STG"), el1_stg, mte_ptr_with_tag(VA(v) + 0x40, 9), DABT_WNR | PERM3);
	checkf(tag_via_ref(), 7, "%s: tag after the faulting STG (reference view)", name);
	check_nta_fault(strcat2(what, name, ": Tag Checked load, matching tag"), el1_load, p7, ISS_LDR_X2 | PERM3);
	check_nta_fault(strcat2(what, name, ": Tag Checked store, matching tag"), el1_store, p7, ISS_STR_X3 | PERM3);
	checkf(run_caught(&vm, el1_load_tco, p7), 0x7a6, "%s: load with TCO = 1: value", name);
	check_no_trap(strcat2(what, name, ": load with TCO = 1"));
}

int main(void)
{
	if (mte_level() < 2 || ((read_sysreg(s3_0_c0_c4_2) & 0xf) == 0)) {
		puts("this guest needs FEAT_MTE_PERM (run with --mte max)\n");
		return check_done();
	}
	checkf(read_sysreg(s3_0_c0_c4_2) & 0xf, 1, "ID_AA64PFR2_EL1.MTEPERM");

	static const unsigned memattr[VIEWS] = {
		[REF] = S2MA_NORMAL_WB, [NTA] = 0x4, [FWB_NTA_WB] = 0xe, [FWB_NTA_S1] = 0xf, [FWB_WB] = S2FWB_FORCE_WB,
	};
	struct s2 s;
	s2_init_image(&s);
	for (unsigned i = 0; i < VIEWS; i++) {
		s2_map_level(&s, IPA(i), PA, 3, S2_MEMATTR(memattr[i]) | S2AP_RW | S2_AF | S2_SH_INNER);
		pt_map_pages(mmu_default_pt(), VA(i), IPA(i), 0x1000, PTE_NORMAL_TAGGED | PTE_UXN | PTE_PXN);
	}
	pt_map_pages(mmu_default_pt(), VA_S1_PLAIN, IPA(NTA), 0x1000, PTE_NORMAL | PTE_UXN | PTE_PXN);
	mmu_sync();
	*(volatile uint64_t *)(PA + 0x40) = 0x7a6;
	vm_init(&vm);
	vm_set_s2(&vm, &s, 1);
	vm.sctlr_el1 |= SCTLR_ATA;
	vm.tcr_el1 |= TCR_TBI0;

	/* Every tag access through the three NoTagAccess encodings faults at stage 2. */
	nta_view("NoTagAccess (FWB = 0, MemAttr 0b0100)", NTA, 0);
	nta_view("NoTagAccess (FWB = 1, MemAttr 0b1110)", FWB_NTA_WB, 1);
	nta_view("NoTagAccess (FWB = 1, MemAttr 0b1111)", FWB_NTA_S1, 1);

	/* More tag accesses, FWB = 0. */
	vm.hcr = HCR_VM | HCR_ATA;
	set_tcf(MTE_TCF_SYNC);
	const uint64_t p7 = mte_ptr_with_tag(VA(NTA) + 0x40, 7);
	check_nta_fault("LDGM", el1_ldgm, VA(NTA), PERM3);
	check_nta_fault("DC GVA", el1_dc_gva, mte_ptr_with_tag(VA(NTA), 5), DABT_WNR | PERM3);
	checkf(tag_via_ref(), 7, "tag after the faulting DC GVA (reference view)");

	/* TCF decides whether a Tag Checked access is a tag access. */
	set_tcf(MTE_TCF_ASYNC);
	check_nta_fault("TCF = async: load", el1_load, p7, ISS_LDR_X2 | PERM3);
	set_tcf(MTE_TCF_NONE);
	checkf(run_caught(&vm, el1_load, mte_ptr_with_tag(VA(NTA) + 0x40, 3)), 0x7a6, "TCF = 0: load, mismatching tag: value");
	check_no_trap("TCF = 0: load");
	set_tcf(MTE_TCF_SYNC);

	/* Memory not Tagged at stage 1: no tag access happens, nothing faults. */
	checkf(mte_ptr_tag(run_caught(&vm, el1_ldg, VA_S1_PLAIN + 0x40)), 0, "stage 1 not Tagged: LDG tag");
	check_no_trap("stage 1 not Tagged: LDG");
	run_caught(&vm, el1_stg, mte_ptr_with_tag(VA_S1_PLAIN + 0x40, 9));
	check_no_trap("stage 1 not Tagged: STG");
	checkf(tag_via_ref(), 7, "stage 1 not Tagged: tag after STG (reference view)");
	checkf(run_caught(&vm, el1_load, mte_ptr_with_tag(VA_S1_PLAIN + 0x40, 3)), 0x7a6,
	       "stage 1 not Tagged: load, mismatching tag: value");
	check_no_trap("stage 1 not Tagged: load");

	/* HCR_EL2.ATA = 0: allocation tag access is disabled for EL1, so no tag access. */
	vm.hcr = HCR_VM;
	checkf(mte_ptr_tag(run_caught(&vm, el1_ldg, p7)), 0, "HCR_EL2.ATA = 0: LDG tag");
	check_no_trap("HCR_EL2.ATA = 0: LDG");
	run_caught(&vm, el1_stg, mte_ptr_with_tag(VA(NTA) + 0x40, 9));
	check_no_trap("HCR_EL2.ATA = 0: STG");
	checkf(tag_via_ref(), 7, "HCR_EL2.ATA = 0: tag after STG (reference view)");
	checkf(run_caught(&vm, el1_load, mte_ptr_with_tag(VA(NTA) + 0x40, 3)), 0x7a6,
	       "HCR_EL2.ATA = 0: load, mismatching tag: value");
	check_no_trap("HCR_EL2.ATA = 0: load");

	/* FWB 0b0110 (forced write-back) is not NoTagAccess: ordinary Tagged memory. */
	vm.hcr = HCR_VM | HCR_ATA | HCR_FWB;
	checkf(mte_ptr_tag(run_caught(&vm, el1_ldg, VA(FWB_WB) + 0x40)), 7, "FWB 0b0110: LDG tag");
	check_no_trap("FWB 0b0110: LDG");
	checkf(run_caught(&vm, el1_load, mte_ptr_with_tag(VA(FWB_WB) + 0x40, 7)), 0x7a6, "FWB 0b0110: load, matching tag: value");
	check_no_trap("FWB 0b0110: load, matching tag");
	exc_catch(EXC_RESUME_NEXT);
	run_caught(&vm, el1_load, mte_ptr_with_tag(VA(FWB_WB) + 0x40, 3));
	checkf(exc_last.taken, 1, "FWB 0b0110: load, mismatching tag: exceptions to EL1");
	checkf(exc_last.esr, ESR_TAG_CHECK_CUR_R, "FWB 0b0110: load, mismatching tag: ESR_EL1");
	exc_uncatch();
	check_no_trap("FWB 0b0110: load, mismatching tag");
	return check_done();
}
