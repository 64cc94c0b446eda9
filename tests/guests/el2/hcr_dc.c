/* HCR_EL2.DC (Default Cacheability): with DC = 1 the EL1&0 stage 1 behaves as disabled
 * (SCTLR_EL1.M behaves as 0 for everything but a direct read) while stage 2 behaves as
 * enabled (HCR_EL2.VM behaves as 1, whatever it holds), and stage-1 data accesses get
 * Normal, Non-shareable, Inner/Outer Write-Back Read/Write-Allocate attributes.
 *  - a VA the EL1 map sends to IPA X is used as an IPA itself: with no stage-2 mapping
 *    at that IPA it is a stage-2 Translation fault to EL2 (FAR = HPFAR address = VA);
 *    X itself (not mapped at stage 1) is reachable flat;
 *  - the same with HCR_EL2.VM = 0: stage 2 still applies;
 *  - SCTLR_EL1 still reads back M = 1;
 *  - AT S1E1R at EL1 returns the flat address with ATTR 0xff (Normal WB RWA) and SH =
 *    Non-shareable; AT S12E1R at EL2 combines that with stage 2 (Normal WB Inner
 *    Shareable): ATTR 0xff, SH Inner. With DC = 0 and the MMU off, AT S1E1R reports
 *    Device-nGnRnE (ATTR 0x00), SH Outer Shareable.
 * Arm ARM D24.2.62 (HCR_EL2.DC), D8.2.12.1, D24.2.142 (PAR_EL1). */
#include "el2test.h"

#define VA_T  (TEST_VA + 0x1000)
#define IPA_X 0x8000001000ul
#define PA_X  (HYP_TEST_PA_BASE + 0x1000)

static uint64_t el1_sctlr_m(uint64_t unused)
{
	return read_sysreg(sctlr_el1) & SCTLR_M;
}

static uint64_t el1_at(uint64_t va)
{
	return MMU_AT(s1e1r, va);
}

int main(void)
{
	struct s2 s;
	struct vm vm;
	s2_init_image(&s);
	s2_map_level(&s, IPA_X, PA_X, 3, S2_NORMAL);
	pt_map_pages(mmu_default_pt(), VA_T, IPA_X, 0x1000, PTE_NORMAL | PTE_UXN | PTE_PXN);
	mmu_sync();
	*(volatile uint64_t *)(PA_X + 8) = 0xd0c;
	dcache_civac(PA_X, 16);
	vm_init(&vm);
	vm_set_s2(&vm, &s, 1);

	vm.hcr = HCR_VM;
	checkf(run_caught(&vm, el1_load, VA_T + 8), 0xd0c, "DC=0: load VA_T through stage 1");
	check_no_trap("DC=0: load VA_T");
	static const uint64_t hcrs[2] = { HCR_VM | HCR_DC, HCR_DC };
	static const char *const names[2] = { "DC=1 VM=1", "DC=1 VM=0" };
	char what[80];
	for (int i = 0; i < 2; i++) {
		vm.hcr = hcrs[i];
		run_caught(&vm, el1_load, VA_T + 8);
		check_abort(strcat2(what, names[i], ": load VA_T, used as IPA"),
			    ESR_DABT(ISS_LDR_X2 | FSC_TRANS(1)), VA_T + 8, HPFAR_OF(VA_T + 8));
		checkf(run_caught(&vm, el1_load, IPA_X + 8), 0xd0c, "%s: load IPA_X flat", names[i]);
		check_no_trap(strcat2(what, names[i], ": load IPA_X flat"));
		checkf(run_caught(&vm, el1_sctlr_m, 0), SCTLR_M, "%s: SCTLR_EL1.M read at EL1", names[i]);
		uint64_t par = run_caught(&vm, el1_at, IPA_X + 0x123);
		checkf(par & PAR_OK_MASK, PAR_OK(0xff, IPA_X, SH_NON), "%s: AT S1E1R IPA_X: PAR", names[i]);
		/* AT S12E1R from EL2 with the VM's registers loaded. */
		write_sysreg(hcr_el2, HCR_RW | hcrs[i]);
		vm_activate(&vm);
		isb();
		par = MMU_AT(s12e1r, IPA_X + 0x123);
		checkf(par & PAR_OK_MASK, PAR_OK(0xff, PA_X, SH_INNER), "%s: EL2 AT S12E1R IPA_X: PAR", names[i]);
		par = MMU_AT(s12e1r, VA_T);
		checkf(par & PAR_FAULT_MASK, PAR_FAULT(1, 0, FSC_TRANS(1)), "%s: EL2 AT S12E1R VA_T: PAR", names[i]);
		write_sysreg(hcr_el2, HCR_RW);
		isb();
	}
	/* DC = 0 with the EL1 MMU off: Device-nGnRnE, Outer Shareable. */
	vm.hcr = HCR_VM;
	vm_el1_mmu_off(&vm);
	uint64_t par = run_caught(&vm, el1_at, IPA_X + 0x123);
	checkf(par & PAR_OK_MASK, PAR_OK(0x00, IPA_X, SH_OUTER), "DC=0 MMU off: AT S1E1R IPA_X: PAR");
	return check_done();
}
