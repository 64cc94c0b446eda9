/* The runtime's default memory map and MMU enable. Identity mapped so that turning the
 * MMU on (and switching tables later) never moves the code that is running. */
#include "rt.h"

extern char __user_text_start[], __user_text_end[];
extern char __user_data_start[], __user_data_end[];
extern char __heap_start[], __heap_end[];

#define RAM_MAPPED  (1ul << 30)     /* RAM mapped from RAM_BASE: 1 GiB */
#define DEV_BASE    0x08000000ul    /* GIC distributor .. end of the UART's area */
#define DEV_SIZE    0x02000000ul

static struct pt default_pt;
static uint64_t default_tcr;

void mmu_map_runtime(struct pt *pt)
{
	uint64_t ut = (uintptr_t)__user_text_start, ute = (uintptr_t)__user_text_end;
	uint64_t ud = (uintptr_t)__user_data_start, ude = (uintptr_t)__user_data_end;
	uint64_t end = RAM_BASE + RAM_MAPPED;

	pt_map(pt, DEV_BASE, DEV_BASE, DEV_SIZE, PTE_DEVICE);
	/* The linker script aligns the user sections to 64 KiB, so every granule works. */
	pt_map(pt, RAM_BASE, RAM_BASE, ut - RAM_BASE, PTE_NORMAL | PTE_UXN);
	if (ute > ut)
		pt_map(pt, ut, ut, ute - ut, PTE_NORMAL | PTE_AP_EL0 | PTE_AP_RO);
	if (ude > ud)
		pt_map(pt, ud, ud, ude - ud, PTE_NORMAL | PTE_AP_EL0 | PTE_UXN | PTE_PXN);
	pt_map(pt, ude, ude, end - ude, PTE_NORMAL | PTE_UXN);
}

struct pt *mmu_default_pt(void)
{
	return &default_pt;
}

uint64_t mmu_default_tcr(void)
{
	return default_tcr;
}

void mmu_restore_default(void)
{
	mmu_switch(default_tcr, (uintptr_t)default_pt.root, 0);
}

/* Builds the default tables (no register is written). */
void rt_mmu_build_default(void)
{
	pt_init(&default_pt, PT_4K, 48);
	mmu_map_runtime(&default_pt);
	default_tcr = mmu_tcr(&default_pt, 0);
}

/* The SCTLR_EL1 value the runtime runs EL1 with. */
uint64_t rt_sctlr_el1_default(void)
{
	/* Caches on, SP alignment checks on at EL1 and EL0, EL0 may use WFI/WFE, CTR_EL0,
	 * DC ZVA and cache maintenance by VA (as Linux allows). SPAN (in SCTLR_RES1) keeps
	 * PSTATE.PAN unchanged on exception entry. Alignment checking (A) is off. */
	return SCTLR_RES1 | SCTLR_M | SCTLR_C | SCTLR_I | SCTLR_SA | SCTLR_SA0 |
	       SCTLR_nTWI | SCTLR_nTWE | SCTLR_UCT | SCTLR_DZE | SCTLR_UCI;
}

/* Called once from rt_boot with the MMU off. */
void rt_mmu_enable_default(void)
{
	rt_mmu_build_default();
	write_sysreg(mair_el1, MAIR_VALUE);
	mmu_switch(default_tcr, (uintptr_t)default_pt.root, 0);
	__asm__ volatile("ic iallu\n\tdsb nsh\n\tisb" ::: "memory");
	write_sysreg(sctlr_el1, rt_sctlr_el1_default());
	isb();
}

static uintptr_t heap_next;

void *page_alloc(size_t bytes)
{
	const uintptr_t align = 64 * 1024;
	if (!heap_next)
		heap_next = (uintptr_t)__heap_start;
	uintptr_t p = (heap_next + align - 1) & ~(align - 1);
	if (p + bytes > (uintptr_t)__heap_end || p + bytes < p)
		panic("page_alloc: heap exhausted (0x%lx bytes)", (uint64_t)bytes);
	heap_next = p + bytes;
	uint64_t *q = (uint64_t *)p;
	for (size_t i = 0; i < (bytes + 7) / 8; i++)
		q[i] = 0;
	return (void *)p;
}
