/* Stage-2 execute permissions with FEAT_XNX: XN[1:0] (descriptor bits 54:53)
 *   00: executable at EL1 and EL0;   01: not at EL1, executable at EL0;
 *   10: not executable;              11: executable at EL1, not at EL0.
 * EL1 (MMU on, the runtime's map plus test pages) calls code at a VA that stage 1 maps
 * executable at both ELs (AP = 0b11, UXN = PXN = 0) to an IPA whose stage-2 page (or
 * level-2 block) has each XN value; EL0 does the same through el0_run. A denied fetch is
 * an Instruction Abort from a lower EL to EL2: EC 0x20, IFSC = Permission fault at the
 * leaf's level, FAR_EL2 = VA (HPFAR_EL2 is UNKNOWN for Permission faults, not printed);
 * SPSR_EL2.M tells EL1h from EL0t.
 * A stage-1 Permission fault has priority: PXN = 1 at stage 1 with XN = 0b10 at stage 2
 * faults to EL1 (EC 0x21). Arm ARM D8.4.2 (Table D8-78), D8.4.4.1. */
#include "el2test.h"

#define VA_CODE   (TEST_VA + 0x100000)      /* 4 pages, XN = 0..3 */
#define VA_BLOCK  (TEST_VA + 0x200000)      /* 4 pages in level-2 blocks, XN = 0..3 */
#define VA_PXN    (TEST_VA + 0x300000)
#define IPA_CODE  0x8000000000ul
#define IPA_BLOCK 0x8040000000ul            /* 4 level-2 blocks */
#define IPA_PXN   0x8000010000ul

EL0_TEXT static uint64_t el0_call(uint64_t va)
{
	uint64_t v;
	__asm__ volatile("mov x1, %1\n\tmov x0, #0x5a5a\n\tblr x1\n\tmov %0, x0"
			 : "=r"(v) : "r"(va) : "x0", "x1", "x30", "memory");
	return v;
}

static uint64_t el1_el0_call(uint64_t va) { return el0_run(el0_call, va, 0); }

static void call_from(struct vm *vm, int el, uint64_t va, int allowed,
		      unsigned imm, int level, const char *what)
{
	hyp_catch(EXC_RESUME_LR);
	uint64_t v = vm_run(vm, el ? el1_fetch : el1_el0_call, va);
	hyp_uncatch();
	if (allowed) {
		check_no_trap(what);
		checkf(v, imm, "%s: x0", what);
	} else {
		check_abort_far(what, ESR_IABT(FSC_PERM(level)), va);
		checkf(hyp_last.spsr & 0xf, el ? PSR_MODE_EL1h : PSR_MODE_EL0t, "%s: SPSR_EL2.M", what);
		checkf(v, 0x5a5a, "%s: x0 unchanged", what);
	}
}

int main(void)
{
	struct s2 s;
	struct vm vm;
	s2_init_image(&s);
	struct pt *pt = mmu_default_pt();
	const uint64_t s1_x = PTE_NORMAL | PTE_AP_EL0 | PTE_AP_RO;   /* RO, executable at both */
	char what[80];

	for (int xn = 0; xn < 4; xn++) {
		uint64_t pa = HYP_TEST_PA_BASE + 0x1000 * (uint64_t)xn;
		put_code(pa, 0x40 + xn);
		s2_map_level(&s, IPA_CODE + 0x1000 * (uint64_t)xn, pa, 3, S2_NORMAL | S2_XN(xn));
		pt_map_pages(pt, VA_CODE + 0x1000 * (uint64_t)xn, IPA_CODE + 0x1000 * (uint64_t)xn, 0x1000, s1_x);
		/* Level-2 block n maps the test region; the code is at pa inside it. */
		s2_map_level(&s, IPA_BLOCK + 0x200000 * (uint64_t)xn, HYP_TEST_PA_BASE, 2,
			     S2_NORMAL | S2_XN(xn));
		pt_map_pages(pt, VA_BLOCK + 0x1000 * (uint64_t)xn,
			     IPA_BLOCK + 0x200000 * (uint64_t)xn + 0x1000 * (uint64_t)xn, 0x1000, s1_x);
	}
	/* Stage 1 PXN over stage 2 XN = 0b10. */
	put_code(HYP_TEST_PA_BASE + 0x10000, 0x55);
	s2_map_level(&s, IPA_PXN, HYP_TEST_PA_BASE + 0x10000, 3, S2_NORMAL | S2_XN(2));
	pt_map_pages(pt, VA_PXN, IPA_PXN, 0x1000, s1_x | PTE_PXN);
	mmu_sync();
	vm_init(&vm);
	vm_set_s2(&vm, &s, 1);

	static const char *const xn_names[4] = { "XN=00", "XN=01", "XN=10", "XN=11" };
	for (int xn = 0; xn < 4; xn++) {
		int el1_ok = xn == 0 || xn == 3, el0_ok = xn == 0 || xn == 1;
		uint64_t va = VA_CODE + 0x1000 * (uint64_t)xn;
		call_from(&vm, 1, va, el1_ok, 0x40 + xn, 3, strcat2(what, xn_names[xn], " page: EL1 call"));
		call_from(&vm, 0, va, el0_ok, 0x40 + xn, 3, strcat2(what, xn_names[xn], " page: EL0 call"));
		va = VA_BLOCK + 0x1000 * (uint64_t)xn;
		call_from(&vm, 1, va, el1_ok, 0x40 + xn, 2, strcat2(what, xn_names[xn], " level-2 block: EL1 call"));
		call_from(&vm, 0, va, el0_ok, 0x40 + xn, 2, strcat2(what, xn_names[xn], " level-2 block: EL0 call"));
	}

	/* Stage-1 PXN wins: EL1 takes its own Permission fault, EL2 sees nothing. */
	exc_catch(EXC_RESUME_LR);
	uint64_t v = run_caught(&vm, el1_fetch, VA_PXN);
	check_no_trap("S1 PXN + S2 XN=10: EL1 call");
	checkf(exc_last.taken, 1, "S1 PXN + S2 XN=10: exceptions to EL1");
	checkf(exc_last.esr, ESR_MAKE(EC_IABT_CUR, FSC_PERM(3)), "S1 PXN + S2 XN=10: ESR_EL1");
	checkf(exc_last.far, VA_PXN, "S1 PXN + S2 XN=10: FAR_EL1");
	checkf(v, 0x5a5a, "S1 PXN + S2 XN=10: x0 unchanged");
	/* EL0 may run it at stage 1 (UXN = 0), stage 2 says no. */
	call_from(&vm, 0, VA_PXN, 0, 0x55, 3, "S1 PXN + S2 XN=10: EL0 call");
	exc_uncatch();
	return check_done();
}
