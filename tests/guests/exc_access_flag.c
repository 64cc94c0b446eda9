/* Exceptions: Access flag faults. A page or block descriptor with AF = 0 faults on
 * first use (TCR_EL1.HA = 0, so hardware never sets AF): DFSC 0x09 + level, for loads,
 * stores (WnR) and instruction fetches (EC 0x21). After software sets AF and
 * invalidates the TLB entry the access succeeds. */
#include "asmtest.h"

#define VA_PAGE  (TEST_VA + 0x1000)    /* 4K page */
#define VA_BLOCK (TEST_VA + 0x200000)  /* 2 MiB block (level 2) */
#define VA_CODE  (TEST_VA + 0x3000)    /* executable 4K page */
#define PA_BLOCK 0x48000000ul          /* free RAM, 2 MiB aligned */

/* Sets AF in the leaf descriptor for va and drops the stale TLB entry. */
static void set_af(uint64_t va)
{
	int level;
	uint64_t *d = pt_walk(mmu_default_pt(), va, &level);
	*d |= PTE_AF;
	mmu_tlbi_va(va);
}

int main(void)
{
	uint64_t *page = page_alloc(4096);
	uint32_t *code = page_alloc(4096);
	page[1] = 0x600d;
	code[0] = 0xd2800540;   /* mov x0, #42 */
	code[1] = 0xd65f03c0;   /* ret */
	__asm__ volatile("dc cvau, %0\n\tdsb ish\n\tic ivau, %0\n\tdsb ish\n\tisb" :: "r"(code) : "memory");

	struct pt *pt = mmu_default_pt();
	pt_map_pages(pt, VA_PAGE, (uintptr_t)page, 4096, (PTE_NORMAL & ~PTE_AF) | PTE_UXN | PTE_PXN);
	pt_map(pt, VA_BLOCK, PA_BLOCK, 0x200000, (PTE_NORMAL & ~PTE_AF) | PTE_UXN | PTE_PXN);
	pt_map_pages(pt, VA_CODE, (uintptr_t)code, 4096, (PTE_NORMAL & ~PTE_AF) | PTE_UXN);
	mmu_sync();
	int level;
	pt_walk(pt, VA_BLOCK, &level);
	check("VA_BLOCK is a level-2 block", level, 2);

	uint64_t v = 0;
	exc_catch(EXC_RESUME_NEXT);
	__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(VA_PAGE + 8) : "memory");
	check_fault("ldr page AF=0", 0x9600000b, VA_PAGE + 8);
	exc_catch(EXC_RESUME_NEXT);
	__asm__ volatile("str %0, [%1]" :: "r"(1ul), "r"(VA_PAGE + 16) : "memory");
	check_fault("str page AF=0", 0x9600004b, VA_PAGE + 16);
	exc_catch(EXC_RESUME_NEXT);
	__asm__ volatile("ldrb %w0, [%1]" : "=r"(v) : "r"(VA_BLOCK + 0x12345) : "memory");
	check_fault("ldrb block AF=0", 0x9600000a, VA_BLOCK + 0x12345);
	exc_catch(EXC_RESUME_NEXT);
	__asm__ volatile("stp %0, %0, [%1]" :: "r"(1ul), "r"(VA_BLOCK + 0x100) : "memory");
	check_fault("stp block AF=0", 0x9600004a, VA_BLOCK + 0x100);
	exc_catch(EXC_RESUME_LR);
	__asm__ volatile("blr %0" :: "r"(VA_CODE) : "x0", "x30", "memory");
	check_fault("blr page AF=0", 0x8600000b, VA_CODE);

	/* Software sets AF: the same accesses now work. */
	set_af(VA_PAGE);
	set_af(VA_BLOCK);
	set_af(VA_CODE);
	exc_catch(EXC_RESUME_NEXT);
	__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(VA_PAGE + 8) : "memory");
	check("ldr page after AF=1", v, 0x600d);
	__asm__ volatile("str %0, [%1]" :: "r"(0x1234ul), "r"(VA_BLOCK + 0x100) : "memory");
	check("str block after AF=1, read through the PA", *(volatile uint64_t *)(PA_BLOCK + 0x100), 0x1234);
	__asm__ volatile("blr %1\n\tmov %0, x0" : "=r"(v) : "r"(VA_CODE) : "x0", "x30", "memory");
	check("blr page after AF=1 returns 42", v, 42);
	check_no_fault("accesses after setting AF");

	exc_uncatch();
	return check_done();
}
