/* With stage 2 enabled, stage-1 faults are still taken to EL1 (Arm ARM D8.4.3: "Stage 1
 * MMU faults are taken to EL1"), and a stage-1 fault has priority over any stage-2 fault
 * of the same access. EL1 (MMU on, the runtime's map plus test pages) makes accesses
 * whose stage-1 translation fails or is not permitted, to IPAs that stage 2 maps or not:
 *  - Translation fault (no stage-1 page): EL1, EC 0x25, DFSC 0x07, even where stage 2
 *    has nothing either;
 *  - Permission fault (store to a stage-1 read-only page whose IPA has no stage-2
 *    mapping): EL1, DFSC 0x0f, WnR; the load from the same page passes stage 1 and takes
 *    the stage-2 Translation fault to EL2;
 *  - Access flag fault at stage 1 over a stage-2 hole: EL1, DFSC 0x0b;
 *  - unaligned loads from Device memory: whether a Device location supports unaligned
 *    access is IMPLEMENTATION DEFINED (J1.1 AArch64.S1HasAlignmentFaultDueToMemType /
 *    S2HasAlignmentFaultDueToMemType: "Device location supports unaligned access");
 *    QEMU's locations do, so an unaligned LDR through a stage-1 Device page over a
 *    stage-2 hole takes the stage-2 Translation fault (no Alignment fault), and one
 *    through stage 1 Normal + stage 2 Device-nGnRE completes. This guest records that
 *    choice;
 *  - EL0 loading an EL1-only stage-1 page: EL1, EC 0x24; EL0 loading an EL0 page over a
 *    stage-2 hole: EL2, EC 0x24 with SPSR_EL2.M = EL0t.
 * ESR_EL1 for stage-1 faults has ISV = 0. Arm ARM D8.4.3, D8.15, J1.1 AArch64.S1Translate
 * (alignment by memory type before stage 2), D24.2.46. */
#include "el2test.h"

#define VA_HOLE    (TEST_VA + 0x2000)   /* no stage-1 page (the level-3 table exists) */
#define VA_RO      (TEST_VA + 0x3000)   /* S1 RO -> IPA with no S2 mapping */
#define VA_NOAF    (TEST_VA + 0x4000)   /* S1 AF=0 -> IPA with no S2 mapping */
#define VA_DEV     (TEST_VA + 0x5000)   /* S1 Device -> IPA with no S2 mapping */
#define VA_S2DEV   (TEST_VA + 0x6000)   /* S1 Normal -> S2 Device */
#define VA_EL1     (TEST_VA + 0x7000)   /* S1 EL1-only, S2 mapped */
#define VA_EL0     (TEST_VA + 0x8000)   /* S1 EL0 RW -> IPA with no S2 mapping */
#define VA_OK      (TEST_VA + 0x1000)
#define IPA(n)     (0x8000000000ul + 0x1000ul * (n))

EL0_TEXT static uint64_t el0_load(uint64_t va)
{
	uint64_t v;
	__asm__ volatile("mov x1, %1\n\tmov x2, #0x5a5a\n\tldr x2, [x1]\n\tmov %0, x2"
			 : "=r"(v) : "r"(va) : "x1", "x2", "memory");
	return v;
}

static uint64_t el1_el0_load(uint64_t va) { return el0_run(el0_load, va, 0); }

static void expect_el1(struct vm *vm, vm_fn fn, uint64_t va, uint64_t esr, const char *what)
{
	exc_catch(EXC_RESUME_NEXT);
	run_caught(vm, fn, va);
	check_no_trap(what);
	checkf(exc_last.taken, 1, "%s: exceptions to EL1", what);
	checkf(exc_last.esr, esr, "%s: ESR_EL1", what);
	checkf(exc_last.far, va, "%s: FAR_EL1", what);
	exc_uncatch();
}

int main(void)
{
	struct s2 s;
	struct vm vm;
	struct pt *pt = mmu_default_pt();
	const uint64_t xn = PTE_UXN | PTE_PXN;
	s2_init_image(&s);
	s2_map_level(&s, IPA(1), HYP_TEST_PA_BASE + 0x1000, 3, S2_NORMAL);
	s2_map_level(&s, IPA(6), HYP_TEST_PA_BASE + 0x6000, 3,
		     S2_MEMATTR(S2MA_DEVICE_nGnRE) | S2AP_RW | S2_AF);
	s2_map_level(&s, IPA(7), HYP_TEST_PA_BASE + 0x7000, 3, S2_NORMAL);
	pt_map_pages(pt, VA_OK, IPA(1), 0x1000, PTE_NORMAL | xn);
	pt_map_pages(pt, VA_RO, IPA(3), 0x1000, PTE_NORMAL | PTE_AP_RO | xn);
	pt_map_pages(pt, VA_NOAF, IPA(4), 0x1000, (PTE_NORMAL & ~PTE_AF) | xn);
	pt_map_pages(pt, VA_DEV, IPA(5), 0x1000, PTE_DEVICE);
	pt_map_pages(pt, VA_S2DEV, IPA(6), 0x1000, PTE_NORMAL | xn);
	pt_map_pages(pt, VA_EL1, IPA(7), 0x1000, PTE_NORMAL | xn);
	pt_map_pages(pt, VA_EL0, IPA(8), 0x1000, PTE_NORMAL | PTE_AP_EL0 | xn);
	mmu_sync();
	*(volatile uint64_t *)(HYP_TEST_PA_BASE + 0x1008) = 0x1008;
	*(volatile uint64_t *)(HYP_TEST_PA_BASE + 0x6040) = 0x2a00;   /* bytes 0x40..0x47 */
	*(volatile uint64_t *)(HYP_TEST_PA_BASE + 0x6048) = 0x6048;
	dcache_civac(HYP_TEST_PA_BASE + 0x1000, 0x6000);
	vm_init(&vm);
	vm_set_s2(&vm, &s, 1);

	checkf(run_caught(&vm, el1_load, VA_OK + 8), 0x1008, "mapped at both stages: load");
	check_no_trap("mapped at both stages: load");

	expect_el1(&vm, el1_load, VA_HOLE + 0x10, ESR_MAKE(EC_DABT_CUR, FSC_TRANS(3)),
		   "S1 translation fault: load");
	expect_el1(&vm, el1_store, VA_RO + 0x18, ESR_MAKE(EC_DABT_CUR, DABT_WNR | FSC_PERM(3)),
		   "S1 RO over S2 hole: store");
	run_caught(&vm, el1_load, VA_RO + 0x20);
	check_abort("S1 RO over S2 hole: load", ESR_DABT(ISS_LDR_X2 | FSC_TRANS(3)), VA_RO + 0x20,
		    HPFAR_OF(IPA(3)));
	expect_el1(&vm, el1_load, VA_NOAF + 0x28, ESR_MAKE(EC_DABT_CUR, FSC_ACCESS(3)),
		   "S1 AF=0 over S2 hole: load");
	run_caught(&vm, el1_load, VA_DEV + 0x31);
	check_abort("S1 Device unaligned over S2 hole: load", ESR_DABT(ISS_LDR_X2 | FSC_TRANS(3)),
		    VA_DEV + 0x31, HPFAR_OF(IPA(5)));
	run_caught(&vm, el1_load, VA_DEV + 0x38);
	check_abort("S1 Device aligned over S2 hole: load", ESR_DABT(ISS_LDR_X2 | FSC_TRANS(3)),
		    VA_DEV + 0x38, HPFAR_OF(IPA(5)));
	checkf(run_caught(&vm, el1_load, VA_S2DEV + 0x41), 0x480000000000002aul,
	       "S1 Normal + S2 Device unaligned: load");
	check_no_trap("S1 Normal + S2 Device unaligned: load");
	exc_catch(EXC_RESUME_NEXT);
	checkf(run_caught(&vm, el1_load, VA_S2DEV + 0x48), 0x6048, "S1 Normal + S2 Device aligned: load");
	check_no_trap("S1 Normal + S2 Device aligned: load");
	checkf(exc_last.taken, 0, "S1 Normal + S2 Device: exceptions to EL1");
	exc_uncatch();

	/* EL0 */
	expect_el1(&vm, el1_el0_load, VA_EL1 + 0x50, ESR_MAKE(EC_DABT_LOWER, FSC_PERM(3)),
		   "EL0 load of an EL1-only page");
	exc_catch(EXC_RESUME_NEXT);
	run_caught(&vm, el1_el0_load, VA_EL0 + 0x58);
	check_abort("EL0 load over S2 hole", ESR_DABT(ISS_LDR_X2 | FSC_TRANS(3)), VA_EL0 + 0x58,
		    HPFAR_OF(IPA(8)));
	checkf(hyp_last.spsr & 0xf, PSR_MODE_EL0t, "EL0 load over S2 hole: SPSR_EL2.M");
	checkf(exc_last.taken, 0, "EL0 load over S2 hole: exceptions to EL1");
	exc_uncatch();
	return check_done();
}
