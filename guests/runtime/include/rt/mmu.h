/* Stage-1 translation tables for the EL1&0 regime, for any granule (4K/16K/64K) and
 * input size, plus the runtime's default identity map. Tests build their own tables
 * with the same builder and switch to them with mmu_switch(). */
#ifndef RT_MMU_H
#define RT_MMU_H

#include <stddef.h>
#include <stdint.h>

/* Granules, as log2 of the size in bytes. */
#define PT_4K  12
#define PT_16K 14
#define PT_64K 16

/* MAIR_EL1 indices the runtime programs (mmu_default.c). */
#define MT_DEVICE_nGnRnE 0   /* 0x00 */
#define MT_NORMAL        1   /* 0xFF: Normal, inner/outer write-back, RW allocate */
#define MT_NORMAL_TAGGED 2   /* 0xF0: Tagged Normal (FEAT_MTE2), for MTE guests */
#define MT_NORMAL_NC     3   /* 0x44: Normal non-cacheable */
#define MT_DEVICE_nGnRE  4   /* 0x04 */
#define MAIR_VALUE 0x0000000444F0FF00ul

/* Leaf descriptor attribute bits (lower and upper attributes). pt_map() adds the
 * valid and block/page type bits itself. */
#define PTE_VALID      (1ul << 0)
#define PTE_TABLE      (1ul << 1)   /* table (levels 0-2) or page (level 3) */
#define PTE_ATTR(idx)  ((uint64_t)(idx) << 2)
#define PTE_AP_EL0     (1ul << 6)   /* AP[1]: EL0 may access */
#define PTE_AP_RO      (1ul << 7)   /* AP[2]: read-only */
#define PTE_SH_INNER   (3ul << 8)
#define PTE_AF         (1ul << 10)
#define PTE_NG         (1ul << 11)
#define PTE_PXN        (1ul << 53)
#define PTE_UXN        (1ul << 54)

/* Common combinations. */
#define PTE_NORMAL  (PTE_ATTR(MT_NORMAL) | PTE_SH_INNER | PTE_AF)
#define PTE_DEVICE  (PTE_ATTR(MT_DEVICE_nGnRnE) | PTE_AF | PTE_PXN | PTE_UXN)

/* Physical layout of QEMU's virt machine that the runtime relies on. */
#define RAM_BASE   0x40000000ul
#define UART_BASE  0x09000000ul

struct pt {
	unsigned gshift;       /* log2 of the granule */
	unsigned va_bits;      /* input address size: 64 - TnSZ */
	unsigned start_level;  /* level of the root table */
	uint64_t *root;        /* root table (identity mapped, so also its PA) */
};

/* Allocates an empty root table. va_bits must be valid for the granule. */
void pt_init(struct pt *pt, unsigned gshift, unsigned va_bits);
/* Maps [va, va+size) to pa with attrs (PTE_* bits without VALID/TABLE), using the
 * largest block the granule allows wherever alignment permits. Existing leaves in the
 * range are overwritten (break-before-make is the caller's job). */
void pt_map(struct pt *pt, uint64_t va, uint64_t pa, uint64_t size, uint64_t attrs);
/* Same, but only with level-3 pages. */
void pt_map_pages(struct pt *pt, uint64_t va, uint64_t pa, uint64_t size, uint64_t attrs);
/* Writes invalid descriptors over the leaves covering [va, va+size). No TLBI. */
void pt_unmap(struct pt *pt, uint64_t va, uint64_t size);
/* Descriptor where a walk for va ends (a leaf or an invalid entry); *level gets its
 * level. Returns NULL if va is outside the table's input range. */
uint64_t *pt_walk(struct pt *pt, uint64_t va, int *level);
/* Bytes covered by one descriptor at level. */
uint64_t pt_level_size(const struct pt *pt, int level);
/* A table (one granule, zeroed) from the page-table pool. */
uint64_t *pt_alloc_table(unsigned gshift);

/* TCR_EL1 for the given TTBR0 and TTBR1 tables (either may be NULL: walks for that half
 * are disabled with EPDn). Normal write-back walks, inner shareable, 40-bit IPS, 8-bit
 * ASIDs from TTBR0, TBI off. */
uint64_t mmu_tcr(const struct pt *ttbr0, const struct pt *ttbr1);
/* Installs TCR/TTBR0/TTBR1 and invalidates the TLBs. The code running must be mapped
 * the same way before and after (mmu_map_runtime() gives that). */
void mmu_switch(uint64_t tcr, uint64_t ttbr0, uint64_t ttbr1);
/* Makes descriptor writes visible to walks and drops stale TLB entries. */
void mmu_sync(void);
/* TLBI VAE1IS for the page holding va, ASID 0 (what the runtime's tables use). */
void mmu_tlbi_va(uint64_t va);

/* The default map: 4K granule, 48-bit VA, only TTBR0. RAM_BASE..+1 GiB is Normal
 * (EL1 RWX, except .user_text = RO at EL0 and EL1, executable at both; .user_data =
 * RW at EL0 and EL1, execute-never), 0x08000000..0x0A000000 (GIC, UART) is Device. */
struct pt *mmu_default_pt(void);
uint64_t mmu_default_tcr(void);
void mmu_restore_default(void);
/* Adds the runtime's own mappings (as in the default map) to pt, any granule. */
void mmu_map_runtime(struct pt *pt);

/* Zeroed memory from the runtime's page heap, aligned to 64 KiB so any granule can map
 * it; never freed. */
void *page_alloc(size_t bytes);

/* Address translation instructions: return PAR_EL1 after the AT. */
#define MMU_AT(op, va) ({ uint64_t par_; \
	__asm__ volatile("at " #op ", %1\n\tisb\n\tmrs %0, par_el1" : "=r"(par_) : "r"((uint64_t)(va)) : "memory"); \
	par_; })

#endif
