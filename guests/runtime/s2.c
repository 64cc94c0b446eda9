/* Stage-2 translation tables (VMSAv8-64, 48-bit output addresses) for any granule, IPA
 * size and start level, including concatenated root tables (Arm ARM D8.2.2). Tables
 * come from HYP_TABLE_POOL, which the EL2 map and the default stage 2 cover. */
#include "rt.h"

#define DESC_ADDR_MASK 0x0000fffffffff000ul   /* output address bits [47:12] */

static uintptr_t pool_next = HYP_TABLE_POOL;

void *s2_alloc(uint64_t size, uint64_t align)
{
	uintptr_t t = (pool_next + align - 1) & ~(align - 1);
	if (t + size > HYP_TABLE_POOL_END || t + size < t)
		panic("s2_alloc: stage-2 table pool exhausted");
	pool_next = t + size;
	uint64_t *p = (uint64_t *)t;
	for (uint64_t i = 0; i < size / 8; i++)
		p[i] = 0;
	dsb(ishst);
	return p;
}

static unsigned shift_at(unsigned gshift, int level)
{
	return gshift + (unsigned)(3 - level) * (gshift - 3);
}

uint64_t s2_level_size(const struct s2 *s, int level)
{
	return 1ul << shift_at(s->gshift, level);
}

int s2_natural_level(unsigned gshift, unsigned ipa_bits)
{
	return 3 - (int)((ipa_bits - gshift - 1) / (gshift - 3));
}

/* Bits resolved by the root at start_level. */
static unsigned root_bits(const struct s2 *s)
{
	return s->ipa_bits - shift_at(s->gshift, s->start_level);
}

void s2_init(struct s2 *s, unsigned gshift, unsigned ipa_bits, int start_level)
{
	if (gshift != PT_4K && gshift != PT_16K && gshift != PT_64K)
		panic("s2_init: bad granule shift %u", gshift);
	if (start_level < 0 || start_level > 3 || ipa_bits > 48)
		panic("s2_init: bad start level %d / IPA size %u", start_level, ipa_bits);
	s->gshift = gshift;
	s->ipa_bits = ipa_bits;
	s->start_level = start_level;
	s->ps = 5;
	if (ipa_bits <= shift_at(gshift, start_level))
		panic("s2_init: %u-bit IPA leaves nothing for level %d", ipa_bits, start_level);
	unsigned rb = root_bits(s), per = gshift - 3;
	if (rb > per + 4)
		panic("s2_init: level %d would need more than 16 concatenated tables", start_level);
	s->concat = rb > per ? 1u << (rb - per) : 1;
	uint64_t bytes = (rb > per ? (1ul << rb) : (1ul << per)) * 8;
	s->root = s2_alloc(bytes, bytes);
}

int s2_sl0(unsigned gshift, int start_level)
{
	switch (gshift) {
	case PT_4K:
		return start_level == 3 ? 3 : 2 - start_level;
	case PT_16K:
	case PT_64K:
		return start_level >= 0 ? 3 - start_level : -1;
	}
	return -1;
}

static uint64_t tg0(unsigned gshift)
{
	return gshift == PT_4K ? 0 : gshift == PT_64K ? 1 : 2;
}

uint64_t s2_vtcr(const struct s2 *s)
{
	return (64ul - s->ipa_bits) | (uint64_t)s2_sl0(s->gshift, s->start_level) << 6 |
	       1ul << 8 | 1ul << 10 | 3ul << 12 | tg0(s->gshift) << 14 |
	       (uint64_t)(s->ps & 7) << 16 | 1ul << 31;
}

static unsigned index_at(const struct s2 *s, uint64_t ipa, int level)
{
	unsigned shift = shift_at(s->gshift, level);
	unsigned bits = level == s->start_level ? root_bits(s) : s->gshift - 3;
	return (unsigned)((ipa >> shift) & ((1ul << bits) - 1));
}

/* Blocks: 4K at levels 1 and 2, 16K and 64K at level 2 (48-bit addresses). */
static int leaf_allowed(const struct s2 *s, int level)
{
	if (level == 3)
		return 1;
	if (s->gshift == PT_4K)
		return level == 1 || level == 2;
	return level == 2;
}

static uint64_t *slot_for(struct s2 *s, uint64_t ipa, int level)
{
	uint64_t *table = s->root;
	for (int l = s->start_level; l < level; l++) {
		uint64_t *d = &table[index_at(s, ipa, l)];
		if (!(*d & PTE_VALID))
			*d = (uint64_t)(uintptr_t)s2_alloc(1ul << s->gshift, 1ul << s->gshift) |
			     PTE_VALID | PTE_TABLE;
		else if (!(*d & PTE_TABLE))
			panic("s2_map: a level-%d block covers IPA 0x%lx", l, ipa);
		table = (uint64_t *)(uintptr_t)(*d & DESC_ADDR_MASK);
	}
	return &table[index_at(s, ipa, level)];
}

uint64_t *s2_table_at(struct s2 *s, uint64_t ipa, int level)
{
	if (level < s->start_level || level > 2)
		panic("s2_table_at: no table descriptor at level %d", level);
	uint64_t *d = slot_for(s, ipa, level);
	if (!(*d & PTE_VALID))
		*d = (uint64_t)(uintptr_t)s2_alloc(1ul << s->gshift, 1ul << s->gshift) |
		     PTE_VALID | PTE_TABLE;
	dsb(ishst);
	return (uint64_t *)(uintptr_t)(*d & DESC_ADDR_MASK);
}

uint64_t *s2_map_level(struct s2 *s, uint64_t ipa, uint64_t pa, int level, uint64_t attrs)
{
	if (level < s->start_level || level > 3)
		panic("s2_map_level: level %d outside the walk", level);
	uint64_t ls = s2_level_size(s, level);
	uint64_t *d = slot_for(s, ipa, level);
	*d = (pa & DESC_ADDR_MASK & ~(ls - 1)) | attrs | PTE_VALID | (level == 3 ? PTE_TABLE : 0);
	dsb(ishst);
	return d;
}

static void map_range(struct s2 *s, uint64_t ipa, uint64_t pa, uint64_t size,
		      uint64_t attrs, int pages_only)
{
	uint64_t page = 1ul << s->gshift;
	if ((ipa | pa | size) & (page - 1))
		panic("s2_map: 0x%lx->0x%lx+0x%lx not granule aligned", ipa, pa, size);
	while (size) {
		int level = s->start_level;
		for (; level < 3; level++) {
			uint64_t ls = s2_level_size(s, level);
			if (!pages_only && leaf_allowed(s, level) && !((ipa | pa) & (ls - 1)) &&
			    size >= ls)
				break;
		}
		uint64_t ls = s2_level_size(s, level);
		*slot_for(s, ipa, level) = (pa & DESC_ADDR_MASK) | attrs | PTE_VALID |
					   (level == 3 ? PTE_TABLE : 0);
		ipa += ls;
		pa += ls;
		size -= ls;
	}
	dsb(ishst);
}

void s2_map(struct s2 *s, uint64_t ipa, uint64_t pa, uint64_t size, uint64_t attrs)
{
	map_range(s, ipa, pa, size, attrs, 0);
}

void s2_map_pages(struct s2 *s, uint64_t ipa, uint64_t pa, uint64_t size, uint64_t attrs)
{
	map_range(s, ipa, pa, size, attrs, 1);
}

uint64_t *s2_walk(struct s2 *s, uint64_t ipa, int *level)
{
	uint64_t *table = s->root;
	for (int l = s->start_level;; l++) {
		uint64_t *d = &table[index_at(s, ipa, l)];
		if (l == 3 || !(*d & PTE_VALID) || !(*d & PTE_TABLE)) {
			if (level)
				*level = l;
			return d;
		}
		table = (uint64_t *)(uintptr_t)(*d & DESC_ADDR_MASK);
	}
}

void s2_unmap(struct s2 *s, uint64_t ipa, uint64_t size)
{
	uint64_t end = ipa + size;
	while (ipa < end) {
		int level;
		uint64_t *d = s2_walk(s, ipa, &level);
		uint64_t ls = s2_level_size(s, level);
		*d = 0;
		ipa = (ipa & ~(ls - 1)) + ls;
	}
	dsb(ishst);
}

static struct s2 default_s2;

struct s2 *s2_default(void)
{
	if (!default_s2.root) {
		s2_init(&default_s2, PT_4K, 40, 1);
		s2_map(&default_s2, 0x08000000ul, 0x08000000ul, 0x02000000ul, S2_DEVICE);
		s2_map(&default_s2, RAM_BASE, RAM_BASE, 1ul << 30, S2_NORMAL);
	}
	return &default_s2;
}

void s2_tlbi_ipa(uint64_t ipa)
{
	/* The operand holds IPA[47:12] in bits [35:0]. */
	uint64_t arg = (ipa >> 12) & 0xffffffffful;
	__asm__ volatile("dsb ishst\n\ttlbi ipas2e1is, %0\n\tdsb ish\n\t"
			 "tlbi vmalle1is\n\tdsb ish\n\tisb" :: "r"(arg) : "memory");
}

void s2_tlbi_vmid(void)
{
	__asm__ volatile("dsb ishst\n\ttlbi vmalls12e1is\n\tdsb ish\n\tisb" ::: "memory");
}

void s2_tlbi_all(void)
{
	__asm__ volatile("dsb ishst\n\ttlbi alle1is\n\tdsb ish\n\tisb" ::: "memory");
}
