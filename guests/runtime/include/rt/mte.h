/* Memory Tagging Extension (FEAT_MTE, MTE2, MTE3) for guests: feature discovery, the
 * Tagged memory attribute, the SCTLR_EL1/TCR_EL1/GCR_EL1/RGSR_EL1 controls, the fault
 * status registers, PSTATE.TCO, and one inline wrapper per tag instruction.
 *
 * Nothing here runs unless a guest calls it: the default map stays untagged
 * (MAIR index 1 = 0xFF) and SCTLR_EL1.ATA/TCF and TCR_EL1.TBI stay 0, so guests that do
 * not use MTE behave the same with and without it.
 *
 * Addresses are passed as uint64_t: a tagged pointer carries its logical tag in bits
 * [59:56] (valid as an address only while TCR_EL1.TBI0/TBI1 is 1 for its half). */
#ifndef RT_MTE_H
#define RT_MTE_H

#include <stddef.h>
#include <stdint.h>
#include "rt/mmu.h"
#include "rt/sysreg.h"

/* ---- tags and granules ---- */
#define MTE_GRANULE      16ul                        /* bytes per allocation tag */
#define MTE_TAG_SHIFT    56
#define MTE_TAG_MASK     (0xful << MTE_TAG_SHIFT)
/* FAR bits [63:60] are UNKNOWN on a tag check fault (without FEAT_MTE_TAGGED_FAR). */
#define MTE_FAR_MASK     0x0ffffffffffffffful

static inline unsigned mte_ptr_tag(uint64_t p) { return (unsigned)(p >> MTE_TAG_SHIFT) & 0xf; }
static inline uint64_t mte_ptr_with_tag(uint64_t p, unsigned tag)
{
	return (p & ~MTE_TAG_MASK) | ((uint64_t)(tag & 0xf) << MTE_TAG_SHIFT);
}
static inline uint64_t mte_ptr_untag(uint64_t p) { return p & ~MTE_TAG_MASK; }

/* ---- stage-1 attributes: MAIR index MT_NORMAL_TAGGED (0xF0) ---- */
#define PTE_NORMAL_TAGGED (PTE_ATTR(MT_NORMAL_TAGGED) | PTE_SH_INNER | PTE_AF)

/* ---- control bits ---- */
#define SCTLR_ITFSB      (1ul << 37)   /* exception entry synchronises async tag faults */
#define SCTLR_TCF0_SHIFT 38            /* TCF0 [39:38]: EL0, and LDTR/STTR with UAO = 0 */
#define SCTLR_TCF_SHIFT  40            /* TCF [41:40]: faults from EL1 */
#define SCTLR_ATA0       (1ul << 42)   /* allocation tag access at EL0 */
#define SCTLR_ATA        (1ul << 43)   /* allocation tag access at EL1 */
#define SCTLR_TCF0_MASK  (3ul << SCTLR_TCF0_SHIFT)
#define SCTLR_TCF_MASK   (3ul << SCTLR_TCF_SHIFT)

#define TCR_TBI0   (1ul << 37)
#define TCR_TBI1   (1ul << 38)
#define TCR_TBID0  (1ul << 51)
#define TCR_TBID1  (1ul << 52)
#define TCR_TCMA0  (1ul << 57)   /* lower half: logical tag 0 (VA[59:55] = 0) matches any */
#define TCR_TCMA1  (1ul << 58)   /* upper half: logical tag 0xF (VA[59:55] = 1s) matches any */

/* SCTLR_EL1.TCF/TCF0 values. ASYMM (MTE3): accesses that read, read-modify-write atomics
 * included, fault synchronously; pure writes (stores, STXR, DC ZVA) asynchronously. */
#define MTE_TCF_NONE   0u
#define MTE_TCF_SYNC   1u
#define MTE_TCF_ASYNC  2u
#define MTE_TCF_ASYMM  3u

#define GCR_RRND        (1ul << 16)
#define TFSR_TF0        1ul        /* an async fault on a VA with bit 55 = 0 */
#define TFSR_TF1        2ul        /* ... bit 55 = 1 */
#define PSTATE_TCO      (1ul << 25) /* in the TCO register and in SPSR_ELx */

/* Synchronous tag check faults (DFSC 0b010001, ISV = 0, IL = 1, WnR = bit 6; WnR is 0 for
 * accesses that also read, such as LD<op>, SWP and CAS). */
#define DFSC_TAG_CHECK          0x11u
#define ESR_TAG_CHECK_CUR_R     0x96000011ul   /* EC 0x25: from EL1 */
#define ESR_TAG_CHECK_CUR_W     0x96000051ul
#define ESR_TAG_CHECK_LOWER_R   0x92000011ul   /* EC 0x24: from EL0 */
#define ESR_TAG_CHECK_LOWER_W   0x92000051ul

/* ---- identification ---- */
/* ID_AA64PFR1_EL1.MTE: 0 none, 1 FEAT_MTE (EL0 instructions only), 2 MTE2, 3 MTE3. */
static inline unsigned mte_level(void)
{
	return (unsigned)(read_sysreg(id_aa64pfr1_el1) >> 8) & 0xf;
}
/* GMID_EL1.BS: log2 of the LDGM/STGM block size in 4-byte words (MTE2 and later). */
static inline unsigned mte_gmid_bs(void) { return (unsigned)read_sysreg(gmid_el1) & 0xf; }
static inline uint64_t mte_gm_block_bytes(void) { return 4ul << mte_gmid_bs(); }
/* DCZID_EL0.BS: log2 of the DC ZVA/GVA/GZVA and STZGM block size in words. */
static inline unsigned mte_dczid_bs(void) { return (unsigned)read_sysreg(dczid_el0) & 0xf; }
static inline uint64_t mte_dczid_block_bytes(void) { return 4ul << mte_dczid_bs(); }

/* ---- memory attributes ---- */
/* Switches the valid leaves of pt that map [va, va + size) with MAIR index MT_NORMAL to
 * MT_NORMAL_TAGGED; other attribute bits stay. Whole leaves change (a 2 MiB block that
 * overlaps the range is tagged as a whole). When pt is the live TTBR0 table the change
 * is made while a temporary copy of the runtime's map is installed, so no live
 * descriptor changes its memory type (no break-before-make needed), then the TLBs are
 * invalidated. Does nothing without FEAT_MTE2 (0xF0 is a reserved MAIR encoding there). */
void mte_map_tagged(struct pt *pt, uint64_t va, uint64_t size);
/* mte_map_tagged() over all RAM in the default map, then sets the allocation tags of the
 * guest image (code, data, stack, page tables, heap; not the read-only .user_text) to 0
 * with STGM, so untagged pointers keep working whatever the tags' reset value is.
 * Needs MTE2. Does not change TTBR0_EL1 or TCR_EL1. */
void mte_map_ram_tagged(void);

/* ---- controls (each takes effect at once: ISB, and TLB invalidation for TCR) ---- */
void mte_set_ata(int ata, int ata0);            /* SCTLR_EL1.ATA, ATA0 */
void mte_set_tcf(unsigned tcf);                 /* SCTLR_EL1.TCF (EL1) */
void mte_set_tcf0(unsigned tcf0);               /* SCTLR_EL1.TCF0 (EL0, unprivileged) */
void mte_set_tbi(int tbi0, int tbi1);           /* TCR_EL1.TBI0, TBI1 */
void mte_set_tcma(int tcma0, int tcma1);        /* TCR_EL1.TCMA0, TCMA1 */
/* Sets TCR_EL1 bits: (TCR & ~clear) | set. mmu_switch() and mmu_restore_default()
 * install TCR values without TBI/TCMA: call mte_set_tbi()/mte_set_tcma() again after. */
void mte_update_tcr(uint64_t set, uint64_t clear);
/* Everything an MTE guest starts from: ATA = ATA0 = 1, the given TCF and TCF0,
 * TBI0 = TBI1 = 1, TCMA0 = TCMA1 = 0, GCR_EL1 = 0 (no exclusions, RRND = 0),
 * RGSR_EL1 = seed MTE_DEFAULT_SEED and tag 0, TFSR_EL1 = TFSRE0_EL1 = 0, PSTATE.TCO = 0.
 * Memory attributes are not changed. */
#define MTE_DEFAULT_SEED 0xace1u
void mte_enable(unsigned tcf, unsigned tcf0);
/* Back to the runtime's state: ATA, ATA0, TCF, TCF0, TBI, TCMA all 0. */
void mte_disable(void);

/* GCR_EL1 and RGSR_EL1 (EL1 only). A nonzero seed with RRND = 0 makes IRG
 * deterministic. */
static inline void mte_set_gcr(uint16_t exclude, int rrnd)
{
	write_sysreg(gcr_el1, (uint64_t)exclude | (rrnd ? GCR_RRND : 0));
	isb();
}
static inline uint64_t mte_gcr(void) { return read_sysreg(gcr_el1); }
static inline void mte_set_rgsr(uint16_t seed, unsigned tag)
{
	write_sysreg(rgsr_el1, (uint64_t)seed << 8 | (tag & 0xf));
	isb();
}
static inline uint64_t mte_rgsr(void) { return read_sysreg(rgsr_el1); }
static inline uint16_t mte_rgsr_seed(uint64_t rgsr) { return (uint16_t)(rgsr >> 8); }
static inline unsigned mte_rgsr_tag(uint64_t rgsr) { return (unsigned)rgsr & 0xf; }

/* Fault status: a DSB and an ISB first, so asynchronous faults of earlier accesses
 * are recorded before the read. */
static inline uint64_t mte_tfsr(void)
{
	__asm__ volatile("dsb sy\n\tisb" ::: "memory");
	return read_sysreg(tfsr_el1);
}
static inline uint64_t mte_tfsre0(void)
{
	__asm__ volatile("dsb sy\n\tisb" ::: "memory");
	return read_sysreg(tfsre0_el1);
}
static inline void mte_clear_tfsr(void)
{
	__asm__ volatile("dsb sy\n\tisb" ::: "memory");
	write_sysreg(tfsr_el1, 0);
	write_sysreg(tfsre0_el1, 0);
	isb();
}

/* PSTATE.TCO: 1 makes every access Tag Unchecked. */
static inline void mte_tco_on(void) { __asm__ volatile("msr tco, #1" ::: "memory"); }
static inline void mte_tco_off(void) { __asm__ volatile("msr tco, #0" ::: "memory"); }
static inline unsigned mte_tco(void)
{
	uint64_t v;
	__asm__ volatile("mrs %0, tco" : "=r"(v));
	return (unsigned)(v >> 25) & 1;
}

/* ---- tag instructions (register forms; Xn|SP forms need inline assembly) ---- */
/* IRG Xd, Xn, Xm: p with a random tag not in exclude | GCR_EL1.Exclude. */
static inline uint64_t mte_irg(uint64_t p, uint64_t exclude)
{
	uint64_t r;
	__asm__ volatile("irg %0, %1, %2" : "=r"(r) : "r"(p), "r"(exclude));
	return r;
}
/* ADDG/SUBG Xd, Xn, #BYTES, #TAGOFF: BYTES a multiple of 16 in 0..1008, TAGOFF 0..15;
 * both must be constants. */
#define MTE_ADDG(p, bytes, tagoff) ({ uint64_t r_;                                   \
	__asm__ volatile("addg %0, %1, #%2, #%3" : "=r"(r_)                           \
			 : "r"((uint64_t)(p)), "i"(bytes), "i"(tagoff));              \
	r_; })
#define MTE_SUBG(p, bytes, tagoff) ({ uint64_t r_;                                   \
	__asm__ volatile("subg %0, %1, #%2, #%3" : "=r"(r_)                           \
			 : "r"((uint64_t)(p)), "i"(bytes), "i"(tagoff));              \
	r_; })
/* GMI Xd, Xn, Xm: mask | 1 << tag(p). */
static inline uint64_t mte_gmi(uint64_t p, uint64_t mask)
{
	uint64_t r;
	__asm__ volatile("gmi %0, %1, %2" : "=r"(r) : "r"(p), "r"(mask));
	return r;
}
/* SUBP Xd, Xn, Xm: SignExtend(a[55:0]) - SignExtend(b[55:0]). */
static inline int64_t mte_subp(uint64_t a, uint64_t b)
{
	int64_t r;
	__asm__ volatile("subp %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));
	return r;
}
/* Tag stores: the allocation tag of the granule(s) at p becomes p's logical tag.
 * p must be 16-byte aligned (an Alignment fault otherwise). */
static inline void mte_stg(uint64_t p) { __asm__ volatile("stg %0, [%0]" :: "r"(p) : "memory"); }
static inline void mte_st2g(uint64_t p) { __asm__ volatile("st2g %0, [%0]" :: "r"(p) : "memory"); }
static inline void mte_stzg(uint64_t p) { __asm__ volatile("stzg %0, [%0]" :: "r"(p) : "memory"); }
static inline void mte_stz2g(uint64_t p) { __asm__ volatile("stz2g %0, [%0]" :: "r"(p) : "memory"); }
/* STGP lo, hi, [p]: stores 16 data bytes (Tag Unchecked) and tags them with p's tag. */
static inline void mte_stgp(uint64_t p, uint64_t lo, uint64_t hi)
{
	__asm__ volatile("stgp %1, %2, [%0]" :: "r"(p), "r"(lo), "r"(hi) : "memory");
}
/* LDG: p with bits [59:56] replaced by the allocation tag of p's granule. */
static inline uint64_t mte_ldg(uint64_t p)
{
	uint64_t r = p;
	__asm__ volatile("ldg %0, [%1]" : "+r"(r) : "r"(p) : "memory");
	return r;
}
static inline unsigned mte_get_tag(uint64_t p) { return mte_ptr_tag(mte_ldg(p)); }
/* LDGM/STGM (EL1 only, MTE2): the tags of the mte_gm_block_bytes() block holding p,
 * granule A's tag in nibble A[7:4] of the register. */
static inline uint64_t mte_ldgm(uint64_t p)
{
	uint64_t r;
	__asm__ volatile("ldgm %0, [%1]" : "=r"(r) : "r"(p) : "memory");
	return r;
}
static inline void mte_stgm(uint64_t p, uint64_t tags)
{
	__asm__ volatile("stgm %1, [%0]" :: "r"(p), "r"(tags) : "memory");
}
/* STZGM (EL1 only, MTE2): zeroes the DCZID-sized block holding p, tags it tag[3:0]. */
static inline void mte_stzgm(uint64_t p, uint64_t tag)
{
	__asm__ volatile("stzgm %1, [%0]" :: "r"(p), "r"(tag) : "memory");
}
/* DC GVA / DC GZVA: tags (and for GZVA zeroes) the DCZID-sized block holding p with
 * p's logical tag. */
static inline void mte_dc_gva(uint64_t p) { __asm__ volatile("dc gva, %0" :: "r"(p) : "memory"); }
static inline void mte_dc_gzva(uint64_t p) { __asm__ volatile("dc gzva, %0" :: "r"(p) : "memory"); }

/* ---- ranges ---- */
/* Sets the allocation tags of the granules overlapping [addr, addr + size) to tag and
 * returns addr with that logical tag. The data is kept (STG/ST2G), or zeroed with
 * mte_set_tag_range_zero (STZG/STZ2G). Tag Unchecked. addr is used as the address as
 * it is (untagged addresses work with TBI off; tagged ones need TBI); the range must
 * not wrap. Needs tag access (SCTLR_EL1.ATA) for the tags to be written. */
uint64_t mte_set_tag_range(uint64_t addr, size_t size, unsigned tag);
uint64_t mte_set_tag_range_zero(uint64_t addr, size_t size, unsigned tag);
/* Same with the logical tag of p: mte_tag_range(irg'd pointer, size). */
static inline uint64_t mte_tag_range(uint64_t p, size_t size)
{
	return mte_set_tag_range(p, size, mte_ptr_tag(p));
}

#endif
