/* Stage-2 data access permissions, S2AP[1:0] (descriptor bits 7:6): 00 none, 01 read
 * only, 10 write only, 11 read/write, for EL1 loads and stores (EL1 MMU off, VA = IPA).
 * A denied access is a stage-2 Permission fault to EL2 (DFSC 0b0011LL, level of the
 * leaf: pages at level 3, blocks at levels 1 and 2), with ISV = 1, WnR and FAR_EL2 = VA
 * (HPFAR_EL2 is UNKNOWN for a Permission fault that is not on a stage-1 walk, so it is
 * not printed); the denied store does not write memory. S2AP does not control
 * instruction fetch: with XN = 0b00 code runs from pages with any S2AP (Arm ARM J1.1
 * AArch64.S2CheckPermissions: an instruction fetch checks only the execute permission).
 * Arm ARM D8.4.2 (Table D8-76). */
#include "el2test.h"

static const char *const ap_names[4] = { "S2AP=00", "S2AP=01 (RO)", "S2AP=10 (WO)", "S2AP=11 (RW)" };

int main(void)
{
	struct s2 s;
	struct vm vm;
	s2_init(&s, PT_4K, 40, 1);
	s2_map(&s, RAM_BASE, RAM_BASE, IMAGE_SIZE, S2_NORMAL);
	vm_init_flat(&vm, &s);
	char what[80];

	for (int ap = 0; ap < 4; ap++) {
		uint64_t attrs = (S2_NORMAL & ~S2AP_RW) | (uint64_t)ap << 6;
		/* A page, a level-2 block and a level-1 block with this S2AP. */
		static const uint64_t ipas[3] = { 0x8000000000ul, 0x8040000000ul, 0x8080000000ul };
		uint64_t pa_page = HYP_TEST_PA_BASE + 0x1000 * (uint64_t)ap;
		s2_map_level(&s, ipas[0] + 0x1000 * (uint64_t)ap, pa_page, 3, attrs);
		s2_map_level(&s, ipas[1] + 0x200000 * (uint64_t)ap, HYP_TEST_PA_BASE, 2, attrs);
		s2_map_level(&s, ipas[2] + 0x40000000ul * (uint64_t)ap, 0x40000000ul, 1, attrs);
		put_code(pa_page + 0x800, 0x100 + ap);
		*(volatile uint64_t *)(pa_page + 0x100) = 0x1000 + ap;
		*(volatile uint64_t *)(pa_page + 0x108) = 0;
		dcache_civac(pa_page, 0x1000);
		int r = ap & 1, w = ap >> 1;
		for (int l = 3; l >= 1; l--) {
			uint64_t base = l == 3 ? ipas[0] + 0x1000 * (uint64_t)ap :
					l == 2 ? ipas[1] + 0x200000 * (uint64_t)ap + (pa_page - HYP_TEST_PA_BASE) :
						 ipas[2] + 0x40000000ul * (uint64_t)ap + (pa_page - 0x40000000ul);
			const char *lname = l == 3 ? " page" : l == 2 ? " level-2 block" : " level-1 block";
			uint64_t v = run_caught(&vm, el1_load, base + 0x100);
			strcat2(what, ap_names[ap], lname);
			snprintf_ipa(what, strcat2(what, what, " load"), base + 0x100);
			if (r) {
				check_no_trap(what);
				checkf(v, 0x1000 + ap, "%s: value", what);
			} else {
				check_abort_far(what, ESR_DABT(ISS_LDR_X2 | FSC_PERM(l)), base + 0x100);
			}
			run_caught(&vm, el1_store, base + 0x108);
			strcat2(what, ap_names[ap], lname);
			snprintf_ipa(what, strcat2(what, what, " store"), base + 0x108);
			dcache_civac(pa_page, 0x1000);
			if (w) {
				check_no_trap(what);
				checkf(*(volatile uint64_t *)(pa_page + 0x108), ~(base + 0x108), "%s: memory", what);
				*(volatile uint64_t *)(pa_page + 0x108) = 0;
				dcache_civac(pa_page, 0x1000);
			} else {
				check_abort_far(what, ESR_DABT(ISS_STR_X3 | FSC_PERM(l)), base + 0x108);
				checkf(*(volatile uint64_t *)(pa_page + 0x108), 0, "%s: memory unchanged", what);
			}
		}
		/* Execution from the page whatever S2AP says. */
		uint64_t code = ipas[0] + 0x1000 * (uint64_t)ap + 0x800;
		uint64_t v = run_caught(&vm, el1_fetch, code);
		strcat2(what, ap_names[ap], " page, XN=00: call");
		check_no_trap(what);
		checkf(v, 0x100 + ap, "%s: x0", what);
	}
	return check_done();
}
