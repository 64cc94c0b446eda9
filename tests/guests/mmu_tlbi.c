/* MMU: TLB maintenance after changing a mapping. A page is read (so its translation
 * may be cached), remapped to another page with break-before-make, and read again
 * after each kind of TLBI: VAE1, VALE1, VAAE1, VMALLE1 (and their IS forms), ASIDE1 for
 * a non-global page under ASID 5, and after unmapping it must fault. Only the results
 * after the TLBI are printed: what a stale TLB returns without one is not
 * architecturally defined. */
#include "asmtest.h"

#define VA (TEST_VA + 0x10000)

static uint64_t *pages[2];

/* Break-before-make: invalid descriptor, TLBI (by OP on ARG), new descriptor. */
#define REMAP(OP, ARG, TO, ATTRS) do {                                                 \
	uint64_t *d_ = pt_walk(mmu_default_pt(), VA, 0);                                \
	*d_ = 0;                                                                        \
	__asm__ volatile("dsb ishst\n\ttlbi " OP "\n\tdsb ish\n\tisb" :: "r"(ARG) : "memory"); \
	*d_ = (uintptr_t)pages[TO] | (ATTRS) | PTE_VALID | PTE_TABLE;                   \
	__asm__ volatile("dsb ishst\n\tisb" ::: "memory");                              \
} while (0)

static uint64_t rd(void)
{
	return *(volatile uint64_t *)VA;
}

int main(void)
{
	const uint64_t attrs = PTE_NORMAL | PTE_UXN | PTE_PXN;
	const uint64_t page_arg = (VA >> 12) & 0xfffffffffffful;
	pages[0] = page_alloc(4096);
	pages[1] = page_alloc(4096);
	pages[0][0] = 0xaaaa;
	pages[1][0] = 0xbbbb;
	pt_map_pages(mmu_default_pt(), VA, (uintptr_t)pages[0], 4096, attrs);
	mmu_sync();

	check("initial mapping", rd(), 0xaaaa);
	REMAP("vae1, %0", page_arg, 1, attrs);
	check("after TLBI VAE1", rd(), 0xbbbb);
	REMAP("vae1is, %0", page_arg, 0, attrs);
	check("after TLBI VAE1IS", rd(), 0xaaaa);
	REMAP("vale1, %0", page_arg, 1, attrs);
	check("after TLBI VALE1", rd(), 0xbbbb);
	REMAP("vale1is, %0", page_arg, 0, attrs);
	check("after TLBI VALE1IS", rd(), 0xaaaa);
	REMAP("vaae1, %0", page_arg, 1, attrs);
	check("after TLBI VAAE1", rd(), 0xbbbb);
	REMAP("vaale1is, %0", page_arg, 0, attrs);
	check("after TLBI VAALE1IS", rd(), 0xaaaa);
	REMAP("vmalle1 // %0", 0ul, 1, attrs);
	check("after TLBI VMALLE1", rd(), 0xbbbb);
	REMAP("vmalle1is // %0", 0ul, 0, attrs);
	check("after TLBI VMALLE1IS", rd(), 0xaaaa);

	/* Non-global page under ASID 5 (TTBR0_EL1.ASID, TCR_EL1.A1 = 0). */
	uint64_t ttbr0 = read_sysreg(ttbr0_el1);
	write_sysreg(ttbr0_el1, ttbr0 | (5ul << 48));
	isb();
	REMAP("vmalle1 // %0", 0ul, 1, attrs | PTE_NG);
	check("nG page under ASID 5", rd(), 0xbbbb);
	REMAP("aside1, %0", 5ul << 48, 0, attrs | PTE_NG);
	check("after TLBI ASIDE1 (ASID 5)", rd(), 0xaaaa);
	REMAP("vae1, %0", page_arg | (5ul << 48), 1, attrs | PTE_NG);
	check("after TLBI VAE1 (ASID 5)", rd(), 0xbbbb);
	write_sysreg(ttbr0_el1, ttbr0);
	isb();
	__asm__ volatile("tlbi vmalle1\n\tdsb ish\n\tisb" ::: "memory");
	check("back to ASID 0: same nG descriptor", rd(), 0xbbbb);

	/* Unmap: invalid descriptor + TLBI, then the access faults. */
	*pt_walk(mmu_default_pt(), VA, 0) = 0;
	mmu_tlbi_va(VA);
	exc_catch(EXC_RESUME_NEXT);
	rd();
	check_fault("read after unmap + TLBI", 0x96000007, VA);
	exc_uncatch();

	return check_done();
}
