/* Two VMs with different VMIDs (1 and 2) and their own stage-2 tables map the same IPA
 * X to different physical pages A and B; they share the same stage-1 tables, ASID 0 and
 * EL1 registers, and the runtime does no TLB invalidation when switching between them
 * (vm.tlbi = 0), so only the VMID tagging of TLB entries keeps them apart. They run
 * alternately, each reading and writing X: each sees only its own page. TLBI VMALLE1IS
 * and VMALLE1 executed at EL1 inside VM 2 affect only VMID 2: VM 1 still translates X to
 * A. Removing X from VM 1's stage 2 (with TLBI IPAS2E1IS + VMALLE1IS for VMID 1) makes
 * VM 1 fault while VM 2 keeps reading B. Arm ARM D8.16 (VMID, TLB entries tagged by
 * VMID), D8.17 (TLBI VMALLE1 at EL1 applies to the current VMID). */
#include "el2test.h"

#define X    0x49000000ul                         /* IPA (and VA: identity at stage 1) */
#define PA_A (HYP_TEST_PA_BASE + 0x40000)
#define PA_B (HYP_TEST_PA_BASE + 0x50000)

static uint64_t el1_tlbi(uint64_t unused)
{
	__asm__ volatile("dsb ishst\n\ttlbi vmalle1is\n\ttlbi vmalle1\n\tdsb ish\n\tisb" ::: "memory");
	return 0;
}

int main(void)
{
	struct s2 sa, sb;
	struct vm va, vb;
	s2_init_image(&sa);
	s2_init_image(&sb);
	s2_map_level(&sa, X, PA_A, 3, S2_NORMAL);
	s2_map_level(&sb, X, PA_B, 3, S2_NORMAL);
	*(volatile uint64_t *)PA_A = 0xaaaa;
	*(volatile uint64_t *)PA_B = 0xbbbb;
	*(volatile uint64_t *)(PA_A + 8) = 0;
	*(volatile uint64_t *)(PA_B + 8) = 0;
	s2_tlbi_all();
	vm_init(&va);
	vm_init(&vb);
	vm_set_s2(&va, &sa, 1);
	vm_set_s2(&vb, &sb, 2);
	va.tlbi = vb.tlbi = 0;

	for (int round = 0; round < 3; round++) {
		checkf(run_caught(&va, el1_load, X), 0xaaaa, "round %d: VMID 1 reads X", round);
		checkf(run_caught(&vb, el1_load, X), 0xbbbb, "round %d: VMID 2 reads X", round);
	}
	run_caught(&va, el1_store, X + 8);
	checkf(run_caught(&vb, el1_load, X + 8), 0, "VMID 2 reads X+8 after VMID 1 wrote it");
	checkf(run_caught(&va, el1_load, X + 8), ~(X + 8), "VMID 1 reads back X+8");
	checkf(*(volatile uint64_t *)(PA_A + 8), ~(X + 8), "page A + 8");
	checkf(*(volatile uint64_t *)(PA_B + 8), 0, "page B + 8");

	/* TLBI VMALLE1(IS) inside VM 2. */
	run_caught(&vb, el1_tlbi, 0);
	check_no_trap("TLBI VMALLE1IS/VMALLE1 at EL1 in VMID 2");
	checkf(run_caught(&va, el1_load, X), 0xaaaa, "VMID 1 reads X after VMID 2's TLBI");
	checkf(run_caught(&vb, el1_load, X), 0xbbbb, "VMID 2 reads X after its TLBI");

	/* X removed from VM 1 only. */
	s2_unmap(&sa, X, 0x1000);
	vm_activate(&va);
	s2_tlbi_ipa(X);
	run_caught(&va, el1_load, X);
	check_abort("VMID 1 reads X after unmapping", ESR_DABT(ISS_LDR_X2 | FSC_TRANS(3)), X, HPFAR_OF(X));
	checkf(run_caught(&vb, el1_load, X), 0xbbbb, "VMID 2 reads X after VMID 1's unmap");
	check_no_trap("VMID 2 reads X after VMID 1's unmap");
	return check_done();
}
