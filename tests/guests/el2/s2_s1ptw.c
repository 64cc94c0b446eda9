/* Stage-1 translation table walks are translated by stage 2: EL1 translates VAs in the
 * TTBR1_EL1 range through hand-built tables whose four pages sit at IPAs Q0..Q3 (one per
 * lookup level), stage-2 mapped to test pages. When stage 2 faults on a descriptor read
 * the Data Abort (or Instruction Abort for a fetch) goes to EL2 with:
 *  - S1PTW = 1 (ISS bit 7), ISV = 0 (no instruction syndrome for walk faults);
 *  - DFSC/IFSC = the stage-2 fault (type and the stage-2 level where it arose);
 *  - WnR = 1 when the instruction was a store (the access it was translating), 0 for a
 *    load; AT S1E1R/W: CM = 1 and WnR = 1 (faults on address translation instructions);
 *  - FAR_EL2 = the VA being translated, HPFAR_EL2 = the IPA of the descriptor read
 *    (page granular).
 * Stage-2 read-only table pages are fine (walks only read; no hardware updates).
 * Arm ARM D8.2.1 (RRZHGL), D24.2.46 (S1PTW, WnR, CM), D24.2.76 (HPFAR_EL2). */
#include "el2test.h"

#define I0 1ul
#define I1 2ul
#define I2 3ul
#define I3 4ul
#define VA (0xffff000000000000ul | I0 << 39 | I1 << 30 | I2 << 21 | I3 << 12)
#define Q(n)   (0x8000000000ul + 0x1000ul * (n))    /* IPA of the level-n table */
#define QD     0x8000010000ul                       /* IPA of the data page */
#define P(n)   (HYP_TEST_PA_BASE + 0x1000ul * (n))  /* PA of the level-n table */
#define PD     (HYP_TEST_PA_BASE + 0x10000ul)
#define QROOT_HOLE 0x9000000000ul                   /* no stage-2 level-1 entry */

static struct s2 s;

static void s2_table_pages(uint64_t attrs3)
{
	for (int n = 0; n < 4; n++)
		s2_map_level(&s, Q(n), P(n), 3, n == 3 ? attrs3 : S2_NORMAL);
}

static uint64_t el1_at(uint64_t va)
{
	return MMU_AT(s1e1r, va);
}

static uint64_t el1_at_w(uint64_t va)
{
	return MMU_AT(s1e1w, va);
}

int main(void)
{
	struct vm vm;
	s2_init_image(&s);
	/* The tables: descriptors hold IPAs. */
	uint64_t *t[4];
	for (int n = 0; n < 4; n++) {
		t[n] = (uint64_t *)P(n);
		memset(t[n], 0, 4096);
	}
	t[0][I0] = Q(1) | 3;
	t[1][I1] = Q(2) | 3;
	t[2][I2] = Q(3) | 3;
	t[3][I3] = QD | PTE_NORMAL | PTE_UXN | PTE_PXN | 3;
	t[3][I3 + 1] = QD | PTE_NORMAL | 3;                    /* executable view, at VA + 4K */
	put_code(PD + 0x800, 0x99);
	*(volatile uint64_t *)(PD + 0x100) = 0x7e57;
	dcache_civac(HYP_TEST_PA_BASE, 0x11000);
	s2_table_pages(S2_NORMAL);
	s2_map_level(&s, QD, PD, 3, S2_NORMAL);

	vm_init(&vm);
	vm_set_s2(&vm, &s, 1);
	struct pt upper = { PT_4K, 48, 0, 0 };
	vm.tcr_el1 = mmu_tcr(mmu_default_pt(), &upper);
	vm.ttbr1_el1 = Q(0);

	checkf(run_caught(&vm, el1_load, VA + 0x100), 0x7e57, "walk through stage 2: load");
	check_no_trap("walk through stage 2: load");
	checkf(run_caught(&vm, el1_fetch, VA + 0x1800), 0x99, "walk through stage 2: call");
	check_no_trap("walk through stage 2: call");

	/* Each table page unmapped at stage 2 (a level-3 Translation fault on the walk). */
	char what[80];
	static const char *const names[4] = { "level-0 table", "level-1 table", "level-2 table", "level-3 table" };
	for (int n = 0; n < 4; n++) {
		s2_unmap(&s, Q(n), 0x1000);
		strcat2(what, names[n], " unmapped: load");
		run_caught(&vm, el1_load, VA + 0x100);
		check_abort(what, ESR_DABT(DABT_S1PTW | FSC_TRANS(3)), VA + 0x100, HPFAR_OF(Q(n)));
		strcat2(what, names[n], " unmapped: store");
		run_caught(&vm, el1_store, VA + 0x108);
		check_abort(what, ESR_DABT(DABT_S1PTW | DABT_WNR | FSC_TRANS(3)), VA + 0x108, HPFAR_OF(Q(n)));
		strcat2(what, names[n], " unmapped: call");
		hyp_catch(EXC_RESUME_LR);
		vm_run(&vm, el1_fetch, VA + 0x1800);
		hyp_uncatch();
		check_abort(what, ESR_IABT(DABT_S1PTW | FSC_TRANS(3)), VA + 0x1800, HPFAR_OF(Q(n)));
		strcat2(what, names[n], " unmapped: AT S1E1R");
		run_caught(&vm, el1_at, VA);
		check_abort(what, ESR_DABT(DABT_CM | DABT_S1PTW | DABT_WNR | FSC_TRANS(3)), VA, HPFAR_OF(Q(n)));
		s2_map_level(&s, Q(n), P(n), 3, S2_NORMAL);
	}
	/* Permission: no read access to the level-2 table page; read-only is enough. */
	s2_map_level(&s, Q(2), P(2), 3, (S2_NORMAL & ~S2AP_RW) | S2AP_WO);
	run_caught(&vm, el1_load, VA + 0x100);
	check_abort("level-2 table S2AP=WO: load", ESR_DABT(DABT_S1PTW | FSC_PERM(3)), VA + 0x100, HPFAR_OF(Q(2)));
	run_caught(&vm, el1_at_w, VA);
	check_abort("level-2 table S2AP=WO: AT S1E1W",
		    ESR_DABT(DABT_CM | DABT_S1PTW | DABT_WNR | FSC_PERM(3)), VA, HPFAR_OF(Q(2)));
	s2_map_level(&s, Q(2), P(2), 3, (S2_NORMAL & ~S2AP_RW) | S2AP_RO);
	checkf(run_caught(&vm, el1_load, VA + 0x100), 0x7e57, "level-2 table S2AP=RO: load");
	check_no_trap("level-2 table S2AP=RO: load");
	run_caught(&vm, el1_store, VA + 0x108);
	check_no_trap("level-2 table S2AP=RO: store");
	/* Access flag clear on the level-3 table page. */
	s2_map_level(&s, Q(3), P(3), 3, S2_NORMAL & ~S2_AF);
	run_caught(&vm, el1_store, VA + 0x108);
	check_abort("level-3 table AF=0: store", ESR_DABT(DABT_S1PTW | DABT_WNR | FSC_ACCESS(3)),
		    VA + 0x108, HPFAR_OF(Q(3)));
	s2_map_level(&s, Q(3), P(3), 3, S2_NORMAL);
	/* TTBR1_EL1 pointing at an IPA without a stage-2 level-1 entry. */
	vm.ttbr1_el1 = QROOT_HOLE;
	run_caught(&vm, el1_load, VA + 0x100);
	check_abort("root at an unmapped IPA: load", ESR_DABT(DABT_S1PTW | FSC_TRANS(1)),
		    VA + 0x100, HPFAR_OF(QROOT_HOLE));
	vm.ttbr1_el1 = Q(0);
	/* The data page itself unmapped: an ordinary stage-2 fault (S1PTW = 0, ISV = 1). */
	s2_unmap(&s, QD, 0x1000);
	run_caught(&vm, el1_load, VA + 0x100);
	check_abort("data page unmapped: load", ESR_DABT(ISS_LDR_X2 | FSC_TRANS(3)), VA + 0x100,
		    HPFAR_OF(QD + 0x100));
	return check_done();
}
