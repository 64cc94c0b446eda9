/* Stage-2 Translation faults at each level (4KB granule, 48-bit IPA, start level 0).
 * EL1 runs with its MMU off (VA = IPA); loads, stores and instruction fetches to IPAs
 * whose walk ends at an invalid descriptor at level 0, 1, 2 or 3 take a Data Abort
 * (EC 0x24) or Instruction Abort (EC 0x20) from a lower EL to EL2:
 *  - DFSC/IFSC = 0b0001LL (Translation fault, level LL);
 *  - for LDR X2,[X1] / STR X3,[X1]: ISV = 1, SAS = 0b11, SF = 1, SRT, WnR;
 *  - FAR_EL2 = the faulting VA (all bits, here = the IPA);
 *  - HPFAR_EL2.FIPA = IPA[47:12] in bits [43:4].
 * The same IPAs work once mapped (positive controls). Arm ARM D8.15 (MMU faults),
 * D24.2.46 ESR_EL2, D24.2.76 HPFAR_EL2. */
#include "el2test.h"

#define PAGE_PA (HYP_TEST_PA_BASE + 0x100000)

int main(void)
{
	struct s2 s;
	struct vm vm;
	s2_init(&s, PT_4K, 48, 0);
	s2_map(&s, RAM_BASE, RAM_BASE, IMAGE_SIZE, S2_NORMAL);
	/* Leaves that create tables down to level 3 under IPA 0xff80_0000_0000. */
	s2_map_level(&s, 0xff8040000000ul, 0x40000000ul, 1, S2_NORMAL);
	s2_map_level(&s, 0xff8000200000ul, HYP_TEST_PA_BASE, 2, S2_NORMAL);
	s2_map_level(&s, 0xff8000001000ul, PAGE_PA, 3, S2_NORMAL);
	vm_init_flat(&vm, &s);

	static const struct { uint64_t ipa; int level; } holes[] = {
		{ 0x7f0000000328ul, 0 },   /* level-0 entry 0xfe invalid */
		{ 0xff8080000328ul, 1 },   /* level-1 entry 2 invalid */
		{ 0xff8000400328ul, 2 },   /* level-2 entry 2 invalid */
		{ 0xff8000002328ul, 3 },   /* level-3 entry 2 invalid */
		{ 0x000000000008ul, 1 },   /* below the image: level-1 entry 0 invalid */
		{ 0x00003ffffff8ul, 1 },
	};
	char what[80];
	for (unsigned i = 0; i < sizeof(holes) / sizeof(holes[0]); i++) {
		uint64_t ipa = holes[i].ipa;
		int l = holes[i].level;
		snprintf_ipa(what, "load", ipa);
		run_caught(&vm, el1_load, ipa);
		check_abort(what, ESR_DABT(ISS_LDR_X2 | FSC_TRANS(l)), ipa, HPFAR_OF(ipa));
		snprintf_ipa(what, "store", ipa);
		run_caught(&vm, el1_store, ipa);
		check_abort(what, ESR_DABT(ISS_STR_X3 | FSC_TRANS(l)), ipa, HPFAR_OF(ipa));
		uint64_t code = ipa & ~3ul;
		snprintf_ipa(what, "fetch", code);
		hyp_catch(EXC_RESUME_LR);
		uint64_t r = vm_run(&vm, el1_fetch, code);
		hyp_uncatch();
		check_abort(what, ESR_IABT(FSC_TRANS(l)), code, HPFAR_OF(code));
		checkf(r, 0x5a5a, "%s: x0 unchanged", what);
	}

	/* Positive controls: map the level-3 hole and the level-2 hole, then load, store
	 * and execute there. */
	s2_map_level(&s, 0xff8000002000ul, PAGE_PA + 0x1000, 3, S2_NORMAL);
	s2_map_level(&s, 0xff8000400000ul, HYP_TEST_PA_BASE + 0x200000, 2, S2_NORMAL);
	s2_tlbi_all();
	*(volatile uint64_t *)(PAGE_PA + 0x1328) = 0x1328;
	put_code(HYP_TEST_PA_BASE + 0x200320, 0x77);
	dcache_civac(PAGE_PA + 0x1000, 0x1000);
	checkf(run_caught(&vm, el1_load, 0xff8000002328ul), 0x1328, "load 0xff8000002328 after mapping");
	check_no_trap("load 0xff8000002328 after mapping");
	run_caught(&vm, el1_store, 0xff8000002330ul);
	check_no_trap("store 0xff8000002330 after mapping");
	dcache_civac(PAGE_PA + 0x1000, 0x1000);
	checkf(*(volatile uint64_t *)(PAGE_PA + 0x1330), ~0xff8000002330ul, "store 0xff8000002330: memory");
	checkf(run_caught(&vm, el1_fetch, 0xff8000400320ul), 0x77, "call 0xff8000400320 after mapping");
	check_no_trap("call 0xff8000400320 after mapping");
	return check_done();
}
