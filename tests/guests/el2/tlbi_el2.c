/* TLB maintenance of EL2's own stage 1: TLBI VAE2IS, VAE2, VALE2IS, VALE2, ALLE2IS and
 * ALLE2. For each: a test VA is mapped to page A and read (so a TLB may hold it), the
 * descriptor is made invalid, the TLBI is issued (DSB before, DSB + ISB after), and then
 * the VA must fault (Translation fault level 3, EC 0x25 to EL2, FAR = VA): no stale
 * entry may survive a completed invalidation. The VA is then mapped to page B and reads
 * B's value (an invalid descriptor is never cached). What is read between the descriptor
 * change and the TLBI is not checked: that is implementation specific. The operand of
 * the by-VA forms is VA[55:12] in bits [43:0]. Arm ARM D8.17 (TLB maintenance), D8.16
 * (R: only valid, non-faulting entries are cached), C5.5 TLBI. */
#include "el2test.h"

#define VA (TEST_VA + 0x7000)
#define PA_A (HYP_TEST_PA_BASE + 0x20000)
#define PA_B (HYP_TEST_PA_BASE + 0x21000)

static uint64_t load(uint64_t va)
{
	return el1_load(va);   /* LDR X2, [X1] at EL2 */
}

static void tlbi(int op)
{
	uint64_t arg = (VA >> 12) & 0xfffffffffffful;
	dsb(ishst);
	switch (op) {
	case 0: __asm__ volatile("tlbi vae2is, %0" :: "r"(arg) : "memory"); break;
	case 1: __asm__ volatile("tlbi vae2, %0" :: "r"(arg) : "memory"); break;
	case 2: __asm__ volatile("tlbi vale2is, %0" :: "r"(arg) : "memory"); break;
	case 3: __asm__ volatile("tlbi vale2, %0" :: "r"(arg) : "memory"); break;
	case 4: __asm__ volatile("tlbi alle2is" ::: "memory"); break;
	case 5: __asm__ volatile("tlbi alle2" ::: "memory"); break;
	}
	dsb(ish);
	isb();
}

int main(void)
{
	static const char *const names[6] = { "TLBI VAE2IS", "TLBI VAE2", "TLBI VALE2IS",
					      "TLBI VALE2", "TLBI ALLE2IS", "TLBI ALLE2" };
	struct pt *pt = hyp_pt();
	*(volatile uint64_t *)PA_A = 0xaaaa;
	*(volatile uint64_t *)PA_B = 0xbbbb;
	char what[80];
	for (int op = 0; op < 6; op++) {
		pt_map_pages(pt, VA, PA_A, 0x1000, HYP_PTE_NORMAL | HYP_PTE_XN);
		hyp_mmu_sync();
		checkf(load(VA), 0xaaaa, "%s: VA -> A", names[op]);
		pt_unmap(pt, VA, 0x1000);
		tlbi(op);
		hyp_catch(EXC_RESUME_NEXT);
		uint64_t v = load(VA);
		hyp_uncatch();
		strcat2(what, names[op], ": VA unmapped");
		check_trap(what, ESR_MAKE(EC_DABT_CUR, FSC_TRANS(3)));
		checkf(hyp_last.far, VA, "%s: FAR_EL2", what);
		checkf(v, 0x5a5a, "%s: x2 unchanged", what);
		pt_map_pages(pt, VA, PA_B, 0x1000, HYP_PTE_NORMAL | HYP_PTE_XN);
		dsb(ishst);
		isb();
		checkf(load(VA), 0xbbbb, "%s: VA -> B", names[op]);
		pt_unmap(pt, VA, 0x1000);
		hyp_mmu_sync();
	}
	return check_done();
}
