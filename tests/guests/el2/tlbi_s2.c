/* Stage-2 TLB maintenance from EL2, for the VMID in VTTBR_EL2: TLBI IPAS2E1IS,
 * IPAS2E1, IPAS2LE1IS, IPAS2LE1 (each followed, as the architecture requires for entries
 * that combine both stages, by DSB and TLBI VMALLE1IS), VMALLS12E1IS, VMALLS12E1,
 * ALLE1IS and ALLE1. The VM (EL1 MMU off, VA = IPA; the runtime's own TLBI on entry
 * switched off) loads through a test IPA mapped to page A; EL2 then removes the stage-2
 * page, issues the TLBI, and the VM's next load must take a stage-2 Translation fault
 * (no stale translation may survive a completed invalidation); after EL2 maps the IPA to
 * page B the VM reads B. What the VM would read between the descriptor change and the
 * TLBI is implementation specific and not checked. IPAS2* operands hold IPA[47:12] in
 * bits [35:0]. Arm ARM D8.17, C5.5 (TLBI IPAS2E1*, VMALLS12E1*). */
#include "el2test.h"

#define IPA  0x8000003000ul
#define PA_A (HYP_TEST_PA_BASE + 0x30000)
#define PA_B (HYP_TEST_PA_BASE + 0x31000)

static void tlbi(int op)
{
	uint64_t arg = (IPA >> 12) & 0xffffffffful;
	dsb(ishst);
	switch (op) {
	case 0: __asm__ volatile("tlbi ipas2e1is, %0\n\tdsb ish\n\ttlbi vmalle1is" :: "r"(arg) : "memory"); break;
	case 1: __asm__ volatile("tlbi ipas2e1, %0\n\tdsb ish\n\ttlbi vmalle1is" :: "r"(arg) : "memory"); break;
	case 2: __asm__ volatile("tlbi ipas2le1is, %0\n\tdsb ish\n\ttlbi vmalle1is" :: "r"(arg) : "memory"); break;
	case 3: __asm__ volatile("tlbi ipas2le1, %0\n\tdsb ish\n\ttlbi vmalle1is" :: "r"(arg) : "memory"); break;
	case 4: __asm__ volatile("tlbi vmalls12e1is" ::: "memory"); break;
	case 5: __asm__ volatile("tlbi vmalls12e1" ::: "memory"); break;
	case 6: __asm__ volatile("tlbi alle1is" ::: "memory"); break;
	case 7: __asm__ volatile("tlbi alle1" ::: "memory"); break;
	}
	dsb(ish);
	isb();
}

int main(void)
{
	static const char *const names[8] = {
		"TLBI IPAS2E1IS", "TLBI IPAS2E1", "TLBI IPAS2LE1IS", "TLBI IPAS2LE1",
		"TLBI VMALLS12E1IS", "TLBI VMALLS12E1", "TLBI ALLE1IS", "TLBI ALLE1",
	};
	struct s2 s;
	struct vm vm;
	s2_init(&s, PT_4K, 40, 1);
	s2_map(&s, RAM_BASE, RAM_BASE, IMAGE_SIZE, S2_NORMAL);
	vm_init_flat(&vm, &s);
	vm_set_s2(&vm, &s, 5);
	*(volatile uint64_t *)PA_A = 0xaaaa;
	*(volatile uint64_t *)PA_B = 0xbbbb;
	dcache_civac(PA_A, 0x2000);
	s2_tlbi_all();
	vm.tlbi = 0;
	char what[80];
	for (int op = 0; op < 8; op++) {
		s2_map_level(&s, IPA, PA_A, 3, S2_NORMAL);
		checkf(run_caught(&vm, el1_load, IPA), 0xaaaa, "%s: IPA -> A", names[op]);
		s2_unmap(&s, IPA, 0x1000);
		vm_activate(&vm);
		tlbi(op);
		run_caught(&vm, el1_load, IPA);
		strcat2(what, names[op], ": IPA unmapped");
		check_abort(what, ESR_DABT(ISS_LDR_X2 | FSC_TRANS(3)), IPA, HPFAR_OF(IPA));
		s2_map_level(&s, IPA, PA_B, 3, S2_NORMAL);
		checkf(run_caught(&vm, el1_load, IPA), 0xbbbb, "%s: IPA -> B", names[op]);
		s2_unmap(&s, IPA, 0x1000);
		vm_activate(&vm);
		s2_tlbi_vmid();
	}
	return check_done();
}
