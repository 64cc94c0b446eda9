/* Translation-table builder for VMSAv8-64 stage 1, any granule. Tables come from a
 * fixed pool so nothing here depends on the MMU being on (all stores are aligned
 * 64-bit ones, legal for the Device memory type data accesses get with the MMU off). */
#include "rt.h"

extern uint64_t __pt_pool_start[], __pt_pool_end[];
static uintptr_t pool_next;

#define DESC_ADDR_MASK 0x0000fffffffff000ul   /* output address bits [47:12] */

uint64_t *pt_alloc_table(unsigned gshift)
{
	uint64_t size = 1ul << gshift;
	if (!pool_next)
		pool_next = (uintptr_t)__pt_pool_start;
	uintptr_t t = (pool_next + size - 1) & ~(size - 1);
	if (t + size > (uintptr_t)__pt_pool_end)
		panic("page-table pool exhausted");
	pool_next = t + size;
	uint64_t *p = (uint64_t *)t;
	for (uint64_t i = 0; i < size / 8; i++)
		p[i] = 0;
	return p;
}

static unsigned level_shift(const struct pt *pt, int level)
{
	return pt->gshift + (unsigned)(3 - level) * (pt->gshift - 3);
}

uint64_t pt_level_size(const struct pt *pt, int level)
{
	return 1ul << level_shift(pt, level);
}

static unsigned index_at(const struct pt *pt, uint64_t va, int level)
{
	unsigned shift = level_shift(pt, level);
	/* The root table only resolves the bits left over at the start level. */
	unsigned bits = (unsigned)level == pt->start_level ? pt->va_bits - shift : pt->gshift - 3;
	return (unsigned)((va >> shift) & ((1ul << bits) - 1));
}

/* Blocks exist at level 1 for 4K and level 2 for every granule (larger blocks need
 * 52-bit addressing, which the runtime does not use). Level 3 is always a page. */
static int leaf_allowed(const struct pt *pt, int level)
{
	if (level == 3)
		return 1;
	if (pt->gshift == PT_4K)
		return level == 1 || level == 2;
	return level == 2;
}

void pt_init(struct pt *pt, unsigned gshift, unsigned va_bits)
{
	if (gshift != PT_4K && gshift != PT_16K && gshift != PT_64K)
		panic("pt_init: bad granule shift %u", gshift);
	unsigned per_level = gshift - 3;
	if (va_bits <= gshift || va_bits > 48)
		panic("pt_init: bad VA size %u", va_bits);
	pt->gshift = gshift;
	pt->va_bits = va_bits;
	pt->start_level = 3 - (va_bits - gshift - 1) / per_level;
	pt->root = pt_alloc_table(gshift);
}

/* Descriptor slot for va at level, creating intermediate tables on the way. */
static uint64_t *slot_for(struct pt *pt, uint64_t va, int level)
{
	uint64_t *table = pt->root;
	for (int l = (int)pt->start_level; l < level; l++) {
		uint64_t *d = &table[index_at(pt, va, l)];
		if (!(*d & PTE_VALID))
			*d = (uint64_t)(uintptr_t)pt_alloc_table(pt->gshift) | PTE_VALID | PTE_TABLE;
		else if (!(*d & PTE_TABLE))
			panic("pt_map: a level-%d block covers 0x%lx", l, va);
		table = (uint64_t *)(uintptr_t)(*d & DESC_ADDR_MASK);
	}
	return &table[index_at(pt, va, level)];
}

static void map_range(struct pt *pt, uint64_t va, uint64_t pa, uint64_t size,
		      uint64_t attrs, int pages_only)
{
	uint64_t page = 1ul << pt->gshift;
	if ((va | pa | size) & (page - 1))
		panic("pt_map: 0x%lx->0x%lx+0x%lx not granule aligned", va, pa, size);
	while (size) {
		int level = (int)pt->start_level;
		for (; level < 3; level++) {
			uint64_t ls = pt_level_size(pt, level);
			if (!pages_only && leaf_allowed(pt, level) && !((va | pa) & (ls - 1)) &&
			    size >= ls)
				break;
		}
		uint64_t ls = pt_level_size(pt, level);
		*slot_for(pt, va, level) = (pa & DESC_ADDR_MASK) | attrs | PTE_VALID |
					   (level == 3 ? PTE_TABLE : 0);
		va += ls;
		pa += ls;
		size -= ls;
	}
}

void pt_map(struct pt *pt, uint64_t va, uint64_t pa, uint64_t size, uint64_t attrs)
{
	map_range(pt, va, pa, size, attrs, 0);
}

void pt_map_pages(struct pt *pt, uint64_t va, uint64_t pa, uint64_t size, uint64_t attrs)
{
	map_range(pt, va, pa, size, attrs, 1);
}

uint64_t *pt_walk(struct pt *pt, uint64_t va, int *level)
{
	uint64_t *table = pt->root;
	for (int l = (int)pt->start_level;; l++) {
		uint64_t *d = &table[index_at(pt, va, l)];
		if (l == 3 || !(*d & PTE_VALID) || !(*d & PTE_TABLE)) {
			if (level)
				*level = l;
			return d;
		}
		table = (uint64_t *)(uintptr_t)(*d & DESC_ADDR_MASK);
	}
}

void pt_unmap(struct pt *pt, uint64_t va, uint64_t size)
{
	uint64_t end = va + size;
	while (va < end) {
		int level;
		uint64_t *d = pt_walk(pt, va, &level);
		uint64_t ls = pt_level_size(pt, level);
		*d = 0;
		va = (va & ~(ls - 1)) + ls;
	}
}

/* TCR_EL1.TG0 and TG1 use different encodings for the same granule. */
static uint64_t tg0(unsigned gshift)
{
	return gshift == PT_4K ? 0 : gshift == PT_64K ? 1 : 2;
}

static uint64_t tg1(unsigned gshift)
{
	return gshift == PT_16K ? 1 : gshift == PT_4K ? 2 : 3;
}

uint64_t mmu_tcr(const struct pt *t0, const struct pt *t1)
{
	uint64_t tcr = 2ul << 32;                       /* IPS: 40-bit physical addresses */
	if (t0)
		tcr |= (64ul - t0->va_bits) | (1ul << 8) | (1ul << 10) | (3ul << 12) |
		       tg0(t0->gshift) << 14;           /* T0SZ, IRGN0/ORGN0 WB, SH0 inner */
	else
		tcr |= 16ul | (1ul << 7);               /* EPD0, with a valid T0SZ/TG0 */
	if (t1)
		tcr |= (64ul - t1->va_bits) << 16 | (1ul << 24) | (1ul << 26) | (3ul << 28) |
		       tg1(t1->gshift) << 30;
	else
		tcr |= 16ul << 16 | (1ul << 23) | (2ul << 30);  /* EPD1, T1SZ 16, TG1 4K */
	return tcr;
}

void mmu_sync(void)
{
	__asm__ volatile("dsb ishst\n\ttlbi vmalle1is\n\tdsb ish\n\tisb" ::: "memory");
}

/* TCR and TTBRs cannot change together, and a walk that mixes the old TCR with a new
 * TTBR (or the reverse) goes astray. So the MMU is off for the few instructions in
 * between; everything is identity mapped, so execution carries on at the same
 * addresses, and the sequence touches no memory. */
void mmu_switch(uint64_t tcr, uint64_t ttbr0, uint64_t ttbr1)
{
	__asm__ volatile("dsb ish\n\t"
			 "mrs x9, sctlr_el1\n\t"
			 "bic x10, x9, #1\n\t"
			 "msr sctlr_el1, x10\n\t"
			 "isb\n\t"
			 "msr tcr_el1, %0\n\t"
			 "msr ttbr0_el1, %1\n\t"
			 "msr ttbr1_el1, %2\n\t"
			 "isb\n\t"
			 "tlbi vmalle1is\n\t"
			 "dsb ish\n\t"
			 "msr sctlr_el1, x9\n\t"
			 "isb"
			 :: "r"(tcr), "r"(ttbr0), "r"(ttbr1) : "x9", "x10", "memory");
}

void mmu_tlbi_va(uint64_t va)
{
	/* The operand holds VA[55:12] in bits 43:0 for every granule; ASID 0. */
	uint64_t arg = (va >> 12) & 0xfffffffffffful;
	__asm__ volatile("dsb ishst\n\ttlbi vae1is, %0\n\tdsb ish\n\tisb" :: "r"(arg) : "memory");
}
