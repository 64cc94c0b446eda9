/* MMU: the upper VA range through TTBR1_EL1 (kernel-style high addresses) next to the
 * runtime's TTBR0 tables, for each granule (TCR_EL1.TG1 uses a different encoding from
 * TG0) with T1SZ = 25 (39 bits) and 16 (48 bits); AT S1E1R on a high address, faults on
 * unmapped high addresses, on the hole between the two ranges, and with EPD1 = 1. */
#include "asmtest.h"

#define PAR_PA_F 0x0000fffffffff801ul

static void load_expect_fault(const char *what, uint64_t va, uint64_t esr)
{
	exc_catch(EXC_RESUME_NEXT);
	__asm__ volatile("ldr x0, [%0]" :: "r"(va) : "x0", "memory");
	check_fault(what, esr, va);
	exc_uncatch();
}

static void run(unsigned gshift, unsigned va_bits)
{
	struct pt hi;
	const uint64_t gran = 1ul << gshift;
	pt_init(&hi, gshift, va_bits);
	const uint64_t start = ~0ul << va_bits;          /* lowest TTBR1 address */
	const uint64_t va = start + 0x40 * gran;
	printf("== TTBR1: granule %luK, %u-bit range from 0x%016lx\n", gran >> 10, va_bits, start);

	uint64_t *page = page_alloc(gran);
	page[3] = 0xabcdef0123456789ul;
	pt_map_pages(&hi, va, (uintptr_t)page, gran, PTE_NORMAL | PTE_UXN | PTE_PXN);
	uint64_t tcr = mmu_tcr(mmu_default_pt(), &hi);
	mmu_switch(tcr, (uintptr_t)mmu_default_pt()->root, (uintptr_t)hi.root);
	checkf((read_sysreg(tcr_el1) >> 16) & 0x3f, 64 - va_bits, "TCR_EL1.T1SZ");
	checkf((read_sysreg(tcr_el1) >> 30) & 3, gshift == PT_16K ? 1 : gshift == PT_4K ? 2 : 3,
	       "TCR_EL1.TG1");
	checkf((read_sysreg(tcr_el1) >> 23) & 1, 0, "TCR_EL1.EPD1");

	checkf(*(volatile uint64_t *)(va + 24), 0xabcdef0123456789ul, "read high VA");
	*(volatile uint64_t *)(va + 32) = 0x77;
	checkf(page[4], 0x77, "write high VA lands in the page");
	uint64_t par = MMU_AT(s1e1r, va + 0x18);
	checkf((par & PAR_PA_F) - (uintptr_t)page, 0x800, "AT S1E1R high VA: PAR(PA,F) - page");
	load_expect_fault("unmapped high VA (last level)", va + gran, 0x96000007);
	/* Its root entry is empty: a translation fault at the start level. */
	load_expect_fault("top of the address space", ~0ul - 7, 0x96000004 + hi.start_level);
	load_expect_fault("just below the TTBR1 range", start - 8, 0x96000004);
	load_expect_fault("TTBR0 side still works: unmapped 4 GiB", 0x100000000ul, 0x96000005);

	mmu_restore_default();
	load_expect_fault("EPD1 = 1 again: the high VA", va + 24, 0x96000004);
}

int main(void)
{
	run(PT_4K, 39);
	run(PT_4K, 48);
	run(PT_16K, 47);
	run(PT_64K, 42);
	run(PT_64K, 48);
	return check_done();
}
