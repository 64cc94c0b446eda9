/* MTE4: canonical tag checking and memory tagging with address tagging disabled
 * (FEAT_MTE_CANONICAL_TAGS, FEAT_MTE_NO_ADDRESS_TAGS; TCR_EL1.MTX0 [60] / MTX1 [61]).
 * Expected output written from the Arm ARM (QEMU 10 has no MTE4); run by mtesim alone
 * with --mte max.
 *
 * Rules (Arm ARM):
 * - ID_AA64PFR1_EL1.MTEX [55:52] = 1: canonical tag checking and memory tagging with
 *   address tagging disabled are supported. TCR_EL1.MTX0/MTX1 read back as written.
 * - TCR_EL1.MTXn = 1: VA[59:56] hold a Logical Address Tag and are treated as 0b0000
 *   (MTX0) / 0b1111 (MTX1) when checking whether the address is out of range, so a
 *   pointer with tag bits still translates with TBIn = 0; Tag Checking is enabled for the
 *   range although TBIn = 0 (D10.4.1: Unchecked only if Logical Address Tagging is
 *   disabled). With MTX0 = TBI0 = 0 the same pointer is out of range: a level 0
 *   Translation fault (ESR 0x96000004) with FAR = the whole VA.
 * - Memory region tagging types (D10.3): a region is Canonically Tagged when
 *   FEAT_MTE_CANONICAL_TAGS is implemented, Allocation Tag Access is enabled, Canonical
 *   Tagging is enabled (MTXn) and the stage 1 attributes are not Tagged (here MAIR 0xFF,
 *   Normal Write-Back). Otherwise a region without the Tagged attribute is Untagged.
 * - A read of an Allocation Tag from a Canonically Tagged region returns 0b0000 when
 *   VA[55] = 0 and 0b1111 when VA[55] = 1 (LDG); from an Untagged region 0b0000.
 * - A write of an Allocation Tag to a Canonically Tagged region generates a stage 1
 *   Permission fault with ESR_ELx.TnD = 1 (ISS2 bit 10 = ESR bit 42): here EC 0x25, IL,
 *   WnR = 1 (a write), DFSC 0b001111 (Permission, level 3): ESR 0x000004009600004f, FAR =
 *   the address. A write to an Untagged region does not modify any tag and does not
 *   fault.
 * - A Tag Checked access to a Canonically Tagged region performs a Canonical Tag Check
 *   (D10.4.2): it faults when the logical tag is not 0b0000 (VA[55] = 0) / 0b1111
 *   (VA[55] = 1); the fault is handled as any Tag Check Fault (D10.7): TCF = sync gives
 *   ESR 0x96000011 / 0x96000051 and FAR = the address (FEAT_MTE_TAGGED_FAR is implemented
 *   with --mte max, so all 64 bits are printed); TCF = async sets TFSR_EL1.TF0 / TF1.
 * - With SCTLR_EL1.ATA = 0 the region is Untagged (Allocation Tag Access disabled): no
 *   checks, LDG gives 0, STG is not a fault.
 * - Tagged memory with MTX0 = 1 and TBI0 = 0 is checked against its Allocation Tags as
 *   usual (FEAT_MTE_NO_ADDRESS_TAGS).
 * - With MTXn = 1 and TBIn = 1 translation ignores the top byte (TBI) and the Canonical
 *   Tag Check still applies (MTX alone enables Canonical Tagging): this section does not
 *   depend on the out-of-range rule above.
 * Pages: CAN (0x1000010000) and HI (0xffff000010000000, through TTBR1) are Normal
 * Write-Back, not Tagged; MTE_VA is Tagged with OBJ..OBJ+0xff tagged 5. */
#include "mtetest.h"

#define TCR_MTX0 (1ul << 60)
#define TCR_MTX1 (1ul << 61)
#define CAN      (MTE_VA + 0x10000)
#define HI       0xffff000010000000ul
#define PTE_NT   (PTE_NORMAL | PTE_UXN | PTE_PXN)

#define R ESR_TAG_CHECK_CUR_R
#define W ESR_TAG_CHECK_CUR_W
#define PERM_TND_W 0x000004009600004ful
#define XLAT_L0_R  0x0000000096000004ul

static void set_tcr(int mtx0, int mtx1, int tbi0, int tbi1)
{
	mte_update_tcr((mtx0 ? TCR_MTX0 : 0) | (mtx1 ? TCR_MTX1 : 0) | (tbi0 ? TCR_TBI0 : 0) |
		       (tbi1 ? TCR_TBI1 : 0),
		       TCR_MTX0 | TCR_MTX1 | TCR_TBI0 | TCR_TBI1 | TCR_TCMA0 | TCR_TCMA1);
}

/* An exception with exactly this ESR and FAR (all 64 bits). */
static void fault_is(const char *what, uint64_t esr, uint64_t far)
{
	checkf(exc_last.taken, 1, "%s: exceptions taken", what);
	checkf(exc_last.esr, esr, "%s: ESR", what);
	checkf(exc_last.far, far, "%s: FAR", what);
}

static uint64_t tagged(uint64_t a, unsigned t) { return mte_ptr_with_tag(a, t); }

int main(void)
{
	struct pt hi;
	pt_init(&hi, PT_4K, 48);
	uint64_t *hi_page = page_alloc(4096);
	pt_map_pages(&hi, HI, (uintptr_t)hi_page, 4096, PTE_NT);
	map_test_page(CAN, PTE_NT);
	setup_object_page(PTE_TAGGED_DATA);
	mmu_switch(mmu_tcr(mmu_default_pt(), &hi), (uintptr_t)mmu_default_pt()->root, (uintptr_t)hi.root);
	mte_enable(MTE_TCF_SYNC, MTE_TCF_NONE);
	fill_pattern(CAN, 4096);
	fill_pattern(HI, 4096);

	checkf((read_sysreg(id_aa64pfr1_el1) >> 52) & 0xf, 1, "ID_AA64PFR1_EL1.MTEX");
	set_tcr(1, 1, 0, 0);
	checkf((read_sysreg(tcr_el1) >> 60) & 3, 3, "TCR_EL1.{MTX1,MTX0} after writing 1s");
	checkf((read_sysreg(tcr_el1) >> 37) & 3, 0, "TCR_EL1.{TBI1,TBI0}");

	printf("== MTX0 = 1, TBI0 = 0: Normal (not Tagged) page CAN, TCF = sync\n");
	exc_catch(EXC_RESUME_NEXT);
	checkf(mte_ldg(tagged(CAN + 0x20, 7)), CAN + 0x20, "ldg [CAN + 0x20] into a tag 7 pointer");
	uint64_t v = ACCESS("ldr x0, [x1]", CAN + 0x10, 0);
	check_no_fault("ldr x, tag 0");
	checkf(v, pattern_at(CAN + 0x10), "ldr x, tag 0: value");
	ACCESS("ldr x0, [x1]", tagged(CAN + 0x18, 3), 0);
	fault_is("ldr x, tag 3", R, tagged(CAN + 0x18, 3));
	ACCESS("ldrb w0, [x1]", tagged(CAN + 0x2f, 0xf), 0);
	fault_is("ldrb, tag 15", R, tagged(CAN + 0x2f, 0xf));
	ACCESS("str x2, [x1]", tagged(CAN + 0x30, 3), 0);
	fault_is("str x, tag 3", W, tagged(CAN + 0x30, 3));
	checkf(pattern_changed(CAN, 4096), 0, "memory words changed by the faulting store");
	NO_FAULT("str x, tag 0", "str x2, [x1]", CAN + 0x38);
	ACCESS("stg x1, [x1]", CAN + 0x40, 0);
	fault_is("stg tag 0", PERM_TND_W, CAN + 0x40);
	ACCESS("st2g x1, [x1]", CAN + 0x60, 0);
	fault_is("st2g tag 0", PERM_TND_W, CAN + 0x60);
	checkf(mte_get_tag(CAN + 0x40), 0, "ldg [CAN + 0x40] after the stg");

	printf("-- TCF = none: the tag bits are ignored by translation\n");
	mte_set_tcf(MTE_TCF_NONE);
	v = ACCESS("ldr x0, [x1]", tagged(CAN + 0x48, 3), 0);
	check_no_fault("ldr x, tag 3");
	checkf(v, pattern_at(CAN + 0x48), "ldr x, tag 3: value");
	mte_set_tcf(MTE_TCF_SYNC);

	printf("-- SCTLR_EL1.ATA = 0: Untagged\n");
	mte_set_ata(0, 1);
	NO_FAULT("ldr x, tag 3", "ldr x0, [x1]", tagged(CAN + 0x50, 3));
	NO_FAULT("stg tag 0", "stg x1, [x1]", CAN + 0x80);
	checkf(mte_get_tag(CAN + 0x80), 0, "ldg [CAN + 0x80]");
	mte_set_ata(1, 1);

	printf("== MTX0 = 1, TBI0 = 0: Tagged page\n");
	checkf(mte_get_tag(OBJ + 0x10), 5, "ldg [OBJ + 0x10]");
	v = ACCESS("ldr x0, [x1]", GOOD(0x10), 0);
	check_no_fault("ldr x, tag 5 on tag 5");
	checkf(v, pattern_at(OBJ + 0x10), "ldr x, tag 5 on tag 5: value");
	ACCESS("ldr x0, [x1]", BAD(0x10), 0);
	fault_is("ldr x, tag 3 on tag 5", R, BAD(0x10));
	ACCESS("ldr x0, [x1]", OBJ + 0x18, 0);
	fault_is("ldr x, tag 0 on tag 5", R, OBJ + 0x18);
	NO_FAULT("stg tag 9", "stg x1, [x1]", tagged(OBJ + 0xf0, 9));
	checkf(mte_get_tag(OBJ + 0xf0), 9, "ldg [OBJ + 0xf0] after the stg");

	printf("== MTX0 = 1, TBI0 = 1: page CAN (translation ignores the top byte)\n");
	set_tcr(1, 1, 1, 0);
	ACCESS("ldr x0, [x1]", tagged(CAN + 0xa0, 3), 0);
	fault_is("ldr x, tag 3", R, tagged(CAN + 0xa0, 3));
	ACCESS("str x2, [x1]", tagged(CAN + 0xa8, 0xc), 0);
	fault_is("str x, tag 12", W, tagged(CAN + 0xa8, 0xc));
	NO_FAULT("ldr x, tag 0", "ldr x0, [x1]", CAN + 0xb0);
	checkf(mte_ldg(tagged(CAN + 0xb0, 7)), CAN + 0xb0, "ldg [CAN + 0xb0] into a tag 7 pointer");

	printf("== MTX0 = 0, TBI0 = 0\n");
	set_tcr(0, 1, 0, 0);
	ACCESS("ldr x0, [x1]", tagged(CAN + 0x10, 3), 0);
	fault_is("ldr x, tag 3 (out of range)", XLAT_L0_R, tagged(CAN + 0x10, 3));
	NO_FAULT("ldr x, tag 0 on tag 5 (unchecked)", "ldr x0, [x1]", OBJ + 0x18);
	NO_FAULT("stg tag 0 on CAN (Untagged)", "stg x1, [x1]", CAN + 0x90);
	checkf(mte_get_tag(CAN + 0x90), 0, "ldg [CAN + 0x90]");

	printf("== MTX1 = 1, TBI1 = 0: Normal (not Tagged) page HI\n");
	checkf(mte_get_tag(HI + 0x20), 0xf, "ldg [HI + 0x20]: tag");
	v = ACCESS("ldr x0, [x1]", HI + 0x10, 0);
	check_no_fault("ldr x, tag 15");
	checkf(v, pattern_at(HI + 0x10), "ldr x, tag 15: value");
	ACCESS("ldr x0, [x1]", tagged(HI + 0x18, 0), 0);
	fault_is("ldr x, tag 0", R, tagged(HI + 0x18, 0));
	ACCESS("stg x1, [x1]", HI + 0x40, 0);
	fault_is("stg tag 15", PERM_TND_W, HI + 0x40);
	mte_set_tcf(MTE_TCF_ASYNC);
	mte_clear_tfsr();
	NO_FAULT("async: str x, tag 0", "str x2, [x1]", tagged(HI + 0x50, 0));
	checkf(mte_tfsr(), TFSR_TF1, "async: TFSR_EL1");
	mte_clear_tfsr();
	mte_set_tcf(MTE_TCF_SYNC);
	set_tcr(0, 1, 0, 1);
	ACCESS("ldr x0, [x1]", tagged(HI + 0x58, 0), 0);
	fault_is("TBI1 = 1: ldr x, tag 0", R, tagged(HI + 0x58, 0));

	mmu_restore_default();
	mte_disable();
	exc_uncatch();
	return check_done();
}
