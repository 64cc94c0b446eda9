/* MTE helpers that are more than one instruction: the Tagged attribute on existing
 * mappings, the SCTLR_EL1/TCR_EL1 controls and tagging ranges (see rt/mte.h). */
#include "rt.h"

extern char __image_end[];
extern char __user_text_start[], __user_text_end[];

#define DESC_ATTR_MASK  (7ul << 2)          /* AttrIndx [4:2] */

static void sctlr_update(uint64_t set, uint64_t clear)
{
	write_sysreg(sctlr_el1, (read_sysreg(sctlr_el1) & ~clear) | set);
	isb();
}

void mte_update_tcr(uint64_t set, uint64_t clear)
{
	write_sysreg(tcr_el1, (read_sysreg(tcr_el1) & ~clear) | set);
	isb();
	/* TCR fields may be cached in TLB entries. */
	__asm__ volatile("dsb ishst\n\ttlbi vmalle1is\n\tdsb ish\n\tisb" ::: "memory");
}

void mte_set_ata(int ata, int ata0)
{
	sctlr_update((ata ? SCTLR_ATA : 0) | (ata0 ? SCTLR_ATA0 : 0), SCTLR_ATA | SCTLR_ATA0);
}

void mte_set_tcf(unsigned tcf)
{
	sctlr_update((uint64_t)(tcf & 3) << SCTLR_TCF_SHIFT, SCTLR_TCF_MASK);
}

void mte_set_tcf0(unsigned tcf0)
{
	sctlr_update((uint64_t)(tcf0 & 3) << SCTLR_TCF0_SHIFT, SCTLR_TCF0_MASK);
}

void mte_set_tbi(int tbi0, int tbi1)
{
	mte_update_tcr((tbi0 ? TCR_TBI0 : 0) | (tbi1 ? TCR_TBI1 : 0), TCR_TBI0 | TCR_TBI1);
}

void mte_set_tcma(int tcma0, int tcma1)
{
	mte_update_tcr((tcma0 ? TCR_TCMA0 : 0) | (tcma1 ? TCR_TCMA1 : 0), TCR_TCMA0 | TCR_TCMA1);
}

void mte_enable(unsigned tcf, unsigned tcf0)
{
	mte_tco_off();
	mte_update_tcr(TCR_TBI0 | TCR_TBI1, TCR_TCMA0 | TCR_TCMA1);
	write_sysreg(gcr_el1, 0);
	write_sysreg(rgsr_el1, (uint64_t)MTE_DEFAULT_SEED << 8);
	mte_clear_tfsr();
	sctlr_update(SCTLR_ATA | SCTLR_ATA0 | (uint64_t)(tcf & 3) << SCTLR_TCF_SHIFT |
		     (uint64_t)(tcf0 & 3) << SCTLR_TCF0_SHIFT,
		     SCTLR_TCF_MASK | SCTLR_TCF0_MASK);
}

void mte_disable(void)
{
	sctlr_update(0, SCTLR_ATA | SCTLR_ATA0 | SCTLR_TCF_MASK | SCTLR_TCF0_MASK);
	mte_update_tcr(0, TCR_TBI0 | TCR_TBI1 | TCR_TCMA0 | TCR_TCMA1);
}

/* Rewrites the AttrIndx of the Normal leaves covering [va, va + size). */
static void retag_leaves(struct pt *pt, uint64_t va, uint64_t size)
{
	uint64_t end = va + size;
	while (va < end) {
		int level;
		uint64_t *d = pt_walk(pt, va, &level);
		uint64_t ls = pt_level_size(pt, level);
		if (d && (*d & PTE_VALID) && (level == 3 || !(*d & PTE_TABLE)) &&
		    (*d & DESC_ATTR_MASK) == PTE_ATTR(MT_NORMAL))
			*d = (*d & ~DESC_ATTR_MASK) | PTE_ATTR(MT_NORMAL_TAGGED);
		if (!d)
			break;
		va = (va & ~(ls - 1)) + ls;
		if (!va)
			break;   /* wrapped at the top of the address space */
	}
}

void mte_map_tagged(struct pt *pt, uint64_t va, uint64_t size)
{
	/* Without FEAT_MTE2 the attribute 0xF0 is reserved: leave the map alone. */
	if (mte_level() < 2)
		return;
	uint64_t tcr = read_sysreg(tcr_el1);
	uint64_t ttbr0 = read_sysreg(ttbr0_el1), ttbr1 = read_sysreg(ttbr1_el1);
	int live = (ttbr0 & 0x0000fffffffffffeul) == (uintptr_t)pt->root ||
		   (ttbr1 & 0x0000fffffffffffeul) == (uintptr_t)pt->root;
	if (!live) {
		retag_leaves(pt, va, size);
		__asm__ volatile("dsb ishst" ::: "memory");
		return;
	}
	/* A detour through the runtime's own map (same granule as the default map), so
	 * the descriptors change while no walk can use them. */
	static struct pt detour;
	if (!detour.root) {
		pt_init(&detour, PT_4K, 48);
		mmu_map_runtime(&detour);
	}
	mmu_switch(mmu_tcr(&detour, 0), (uintptr_t)detour.root, 0);
	retag_leaves(pt, va, size);
	mmu_switch(tcr, ttbr0, ttbr1);
}

void mte_map_ram_tagged(void)
{
	mte_map_tagged(mmu_default_pt(), RAM_BASE, 1ul << 30);
	if (mte_level() < 2)
		return;
	/* Allocation tags start UNKNOWN: make the image's tags 0 (STGM needs ATA, and
	 * write permission, so the read-only .user_text is skipped). */
	uint64_t sctlr = read_sysreg(sctlr_el1);
	sctlr_update(SCTLR_ATA, 0);
	uint64_t block = mte_gm_block_bytes();
	uint64_t ut = (uintptr_t)__user_text_start, ute = (uintptr_t)__user_text_end;
	for (uint64_t a = RAM_BASE; a < (uintptr_t)__image_end; a += block)
		if (a + block <= ut || a >= ute)
			mte_stgm(a, 0);
	__asm__ volatile("dsb ish" ::: "memory");
	write_sysreg(sctlr_el1, sctlr);
	isb();
}

/* The address operand is addr as given (so an untagged address works with TBI off);
 * the tag comes from a second register. */
static uint64_t tag_range(uint64_t addr, size_t size, unsigned tag, int zero)
{
	uint64_t t = (uint64_t)(tag & 0xf) << MTE_TAG_SHIFT;
	uint64_t a = addr & ~(MTE_GRANULE - 1);
	uint64_t end = (addr + size + MTE_GRANULE - 1) & ~(MTE_GRANULE - 1);
	if (size == 0)
		return mte_ptr_with_tag(addr, tag);
	while (a < end) {
		if (!(a & 31) && end - a >= 32) {
			if (zero)
				__asm__ volatile("stz2g %1, [%0], #32" : "+r"(a) : "r"(t) : "memory");
			else
				__asm__ volatile("st2g %1, [%0], #32" : "+r"(a) : "r"(t) : "memory");
		} else {
			if (zero)
				__asm__ volatile("stzg %1, [%0], #16" : "+r"(a) : "r"(t) : "memory");
			else
				__asm__ volatile("stg %1, [%0], #16" : "+r"(a) : "r"(t) : "memory");
		}
	}
	return mte_ptr_with_tag(addr, tag);
}

uint64_t mte_set_tag_range(uint64_t addr, size_t size, unsigned tag)
{
	return tag_range(addr, size, tag, 0);
}

uint64_t mte_set_tag_range_zero(uint64_t addr, size_t size, unsigned tag)
{
	return tag_range(addr, size, tag, 1);
}
