/* Shared body of mmu_4k, mmu_16k and mmu_64k: build complete stage-1 tables with one
 * granule and input size, switch TTBR0/TCR_EL1 to them and check translation through
 * page and block mappings, AT S1E1R results, the fault levels of unmapped and
 * out-of-range addresses, then switch back to the runtime's tables. PAR_EL1 is printed
 * with only the architecturally defined bits for a successful walk: PA[47:12], bit 11
 * (RES1) and F; ATTR, SH and NS are masked. Addresses printed are test VAs and RAM
 * offsets, never link-dependent absolute addresses. */
#ifndef MMUGRANULE_H
#define MMUGRANULE_H

#include "asmtest.h"

#define PAR_PA_F 0x0000fffffffff801ul

static volatile uint64_t probe[2] __attribute__((aligned(16)));

static void load_expect_fault(const char *what, uint64_t va, uint64_t esr)
{
	exc_catch(EXC_RESUME_NEXT);
	__asm__ volatile("ldr x0, [%0]" :: "r"(va) : "x0", "memory");
	check_fault(what, esr, va);
	exc_uncatch();
}

static void run_config(unsigned gshift, unsigned va_bits)
{
	struct pt pt;
	const uint64_t gran = 1ul << gshift;
	pt_init(&pt, gshift, va_bits);
	mmu_map_runtime(&pt);
	printf("== granule %luK, %u-bit VA: start level %u\n", gran >> 10, va_bits, pt.start_level);

	/* Test region in the upper half of the input range. */
	const uint64_t base = 1ul << (va_bits - 1);
	const uint64_t block = pt_level_size(&pt, 2);      /* level-2 block for every granule */
	uint64_t *page = page_alloc(2 * gran);
	page[0] = 0x1111;
	page[gran / 8] = 0x2222;
	/* Two pages mapped in swapped order, then a level-2 block aliasing the block of
	 * RAM that holds probe[]. */
	const uint64_t pa_block = (uintptr_t)probe & ~(block - 1);
	pt_map_pages(&pt, base, (uintptr_t)page + gran, gran, PTE_NORMAL | PTE_UXN | PTE_PXN);
	pt_map_pages(&pt, base + gran, (uintptr_t)page, gran, PTE_NORMAL | PTE_UXN | PTE_PXN);
	pt_map(&pt, base + block, pa_block, block, PTE_NORMAL | PTE_UXN | PTE_PXN);
	int level;
	pt_walk(&pt, base + block, &level);
	checkf(level, 2, "block alias is a level-2 descriptor");
	pt_walk(&pt, base, &level);
	checkf(level, 3, "page is a level-3 descriptor");

	mmu_switch(mmu_tcr(&pt, 0), (uintptr_t)pt.root, 0);
	checkf(read_sysreg(tcr_el1) & 0x3f, 64 - va_bits, "TCR_EL1.T0SZ");
	checkf((read_sysreg(tcr_el1) >> 14) & 3, gshift == PT_4K ? 0 : gshift == PT_64K ? 1 : 2,
	       "TCR_EL1.TG0");

	/* Pages: each VA reaches the other page. */
	checkf(*(volatile uint64_t *)base, 0x2222, "read base (second page)");
	checkf(*(volatile uint64_t *)(base + gran), 0x1111, "read base+granule (first page)");
	*(volatile uint64_t *)(base + 8) = 0x3333;
	checkf(page[gran / 8 + 1], 0x3333, "write base+8 lands in the second page");
	/* Block: probe through its alias. */
	uint64_t off = (uintptr_t)probe - pa_block;
	probe[0] = 0xfeedface;
	checkf(*(volatile uint64_t *)(base + block + off), 0xfeedface, "read probe through the block alias");
	*(volatile uint64_t *)(base + block + off + 8) = 0xc0ffee;
	checkf(probe[1], 0xc0ffee, "write probe through the block alias");

	/* AT S1E1R: the page's PA, and the block's PA + offset (printed relative). */
	uint64_t par = MMU_AT(s1e1r, base + gran + 0x10);
	checkf((par & PAR_PA_F) - (uintptr_t)page, 0x800, "AT S1E1R base+granule: PAR(PA,F) - page");
	par = MMU_AT(s1e1r, base + block + 0x12345);
	checkf((par & PAR_PA_F) - pa_block, 0x12800, "AT S1E1R in block +0x12345: PAR(PA,F) - block");

	/* Faults: just past the two pages (level 3), past the block (level 2), and an
	 * input address outside the range (level 0 for every configuration). */
	load_expect_fault("unmapped page after the two", base + 2 * gran, 0x96000007);
	load_expect_fault("unmapped block after the alias", base + 2 * block, 0x96000006);
	load_expect_fault("VA above the input range", 1ul << va_bits, 0x96000004);

	mmu_restore_default();
	checkf(read_sysreg(tcr_el1), mmu_default_tcr(), "TCR_EL1 restored");
}

#endif
