/* HCR_EL2.PTW (Protected Table Walk): when a stage-1 translation table walk reads a
 * descriptor from memory that stage 2 maps as Device, PTW = 0 lets the walk go on (as
 * Normal Non-cacheable) and PTW = 1 makes it a stage-2 Permission fault on the walk:
 * S1PTW = 1, DFSC = Permission fault at the level of the stage-2 leaf, WnR from the
 * instruction (CM = 1 and WnR = 1 for AT), FAR_EL2 = VA, HPFAR_EL2 = the IPA of the
 * descriptor. The data access itself to stage-2 Device memory is not affected, nor is a
 * walk through stage-2 Normal Non-cacheable memory. The tables are hand-built for the
 * TTBR1_EL1 range, one page per level at IPAs Q0..Q3. Arm ARM D8.6.3 (stage 2 memory
 * type of a walk), J1.1 AArch64.S2CheckPermissions ("walkparams.ptw == '1' && memtype ==
 * MemType_Device"), D24.2.62 (PTW).
 * QEMU 10 reports these Permission faults with level 0 (DFSC 0b001100) instead of the
 * level of the stage-2 leaf (the walk sets fault.level before the permission check), so
 * here the DFSC level bits are masked; hcr_ptw_level checks them against the Arm ARM. */
#include "el2test.h"

#ifndef PTW_LEVEL_MASK
#define PTW_LEVEL_MASK 3ul     /* DFSC[1:0] not compared (see above) */
#endif
static void CHECK_PTW_FAULT(const char *what, uint64_t esr, uint64_t far, uint64_t hpfar)
{
	checkf(hyp_last.taken, 1, "%s: exceptions to EL2", what);
	checkf(hyp_last.esr & ~PTW_LEVEL_MASK, esr & ~PTW_LEVEL_MASK, "%s: ESR_EL2%s", what,
	       PTW_LEVEL_MASK ? " (DFSC level masked)" : "");
	checkf(hyp_last.far, far, "%s: FAR_EL2", what);
	checkf(hyp_last.hpfar, hpfar, "%s: HPFAR_EL2", what);
}

#define I0 1ul
#define I1 2ul
#define I2 3ul
#define I3 4ul
#define VA (0xffff000000000000ul | I0 << 39 | I1 << 30 | I2 << 21 | I3 << 12)
#define Q(n)   (0x8000000000ul + 0x1000ul * (n))
#define QD     0x8000010000ul
#define QB     0x8040000000ul                  /* level-2 block holding a copy of L2 */
#define P(n)   (HYP_TEST_PA_BASE + 0x1000ul * (n))
#define PD     (HYP_TEST_PA_BASE + 0x10000ul)
#define S2_DEV_RW (S2_MEMATTR(S2MA_DEVICE_nGnRE) | S2AP_RW | S2_AF)
#define S2_NC_RW  (S2_MEMATTR(S2MA_NORMAL_NC) | S2AP_RW | S2_AF | S2_SH_OUTER)

static uint64_t el1_at(uint64_t va)
{
	return MMU_AT(s1e1r, va);
}

int main(void)
{
	struct s2 s;
	struct vm vm;
	s2_init_image(&s);
	uint64_t *t[4];
	for (int n = 0; n < 4; n++) {
		t[n] = (uint64_t *)P(n);
		memset(t[n], 0, 4096);
	}
	t[0][I0] = Q(1) | 3;
	t[1][I1] = Q(2) | 3;
	t[2][I2] = Q(3) | 3;
	t[3][I3] = QD | PTE_NORMAL | PTE_UXN | PTE_PXN | 3;
	t[3][I3 + 1] = QD | PTE_NORMAL | 3;
	put_code(PD + 0x800, 0x31);
	*(volatile uint64_t *)(PD + 0x100) = 0x7e57;
	dcache_civac(HYP_TEST_PA_BASE, 0x11000);
	for (int n = 0; n < 4; n++)
		s2_map_level(&s, Q(n), P(n), 3, S2_NORMAL);
	s2_map_level(&s, QD, PD, 3, S2_NORMAL);

	vm_init(&vm);
	vm_set_s2(&vm, &s, 1);
	struct pt upper = { PT_4K, 48, 0, 0 };
	vm.tcr_el1 = mmu_tcr(mmu_default_pt(), &upper);
	vm.ttbr1_el1 = Q(0);

	/* The level-2 table page Device at stage 2. */
	s2_map_level(&s, Q(2), P(2), 3, S2_DEV_RW);
	vm.hcr = HCR_VM;
	checkf(run_caught(&vm, el1_load, VA + 0x100), 0x7e57, "PTW=0, L2 table S2 Device: load");
	check_no_trap("PTW=0, L2 table S2 Device: load");
	vm.hcr = HCR_VM | HCR_PTW;
	run_caught(&vm, el1_load, VA + 0x100);
	CHECK_PTW_FAULT("PTW=1, L2 table S2 Device: load", ESR_DABT(DABT_S1PTW | FSC_PERM(3)), VA + 0x100,
		    HPFAR_OF(Q(2)));
	run_caught(&vm, el1_store, VA + 0x108);
	CHECK_PTW_FAULT("PTW=1, L2 table S2 Device: store", ESR_DABT(DABT_S1PTW | DABT_WNR | FSC_PERM(3)),
		    VA + 0x108, HPFAR_OF(Q(2)));
	hyp_catch(EXC_RESUME_LR);
	uint64_t v = vm_run(&vm, el1_fetch, VA + 0x1800);
	hyp_uncatch();
	CHECK_PTW_FAULT("PTW=1, L2 table S2 Device: call", ESR_IABT(DABT_S1PTW | FSC_PERM(3)), VA + 0x1800,
		    HPFAR_OF(Q(2)));
	checkf(v, 0x5a5a, "PTW=1, L2 table S2 Device: call: x0 unchanged");
	run_caught(&vm, el1_at, VA);
	CHECK_PTW_FAULT("PTW=1, L2 table S2 Device: AT S1E1R",
		    ESR_DABT(DABT_CM | DABT_S1PTW | DABT_WNR | FSC_PERM(3)), VA, HPFAR_OF(Q(2)));

	/* Normal Non-cacheable is not Device. */
	s2_map_level(&s, Q(2), P(2), 3, S2_NC_RW);
	checkf(run_caught(&vm, el1_load, VA + 0x100), 0x7e57, "PTW=1, L2 table S2 NC: load");
	check_no_trap("PTW=1, L2 table S2 NC: load");

	/* The level-1 table page Device through a stage-2 level-2 block. */
	s2_map_level(&s, Q(2), P(2), 3, S2_NORMAL);
	s2_map_level(&s, QB, HYP_TEST_PA_BASE, 2, S2_DEV_RW);
	t[0][I0] = (QB + 0x1000) | 3;   /* level-1 table = P(1) seen through the block */
	dcache_civac(P(0), 0x1000);
	run_caught(&vm, el1_load, VA + 0x100);
	CHECK_PTW_FAULT("PTW=1, L1 table in an S2 Device block: load", ESR_DABT(DABT_S1PTW | FSC_PERM(2)),
		    VA + 0x100, HPFAR_OF(QB + 0x1000));
	vm.hcr = HCR_VM;
	checkf(run_caught(&vm, el1_load, VA + 0x100), 0x7e57, "PTW=0, L1 table in an S2 Device block: load");
	check_no_trap("PTW=0, L1 table in an S2 Device block: load");
	t[0][I0] = Q(1) | 3;
	dcache_civac(P(0), 0x1000);

	/* The data page Device at stage 2: not a walk, no fault. */
	vm.hcr = HCR_VM | HCR_PTW;
	s2_map_level(&s, QD, PD, 3, S2_DEV_RW);
	checkf(run_caught(&vm, el1_load, VA + 0x100), 0x7e57, "PTW=1, data page S2 Device: load");
	check_no_trap("PTW=1, data page S2 Device: load");
	return check_done();
}
