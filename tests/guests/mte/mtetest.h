/* Shared by the MTE conformance guests: reference models of the Arm ARM tag
 * pseudocode (ChooseNonExcludedTag, NextRandomTagBit/RandomTag, IRG's RGSR_EL1
 * update), tagged test pages at fixed VAs, and one-instruction access wrappers that
 * record whether a tag check fault was taken. Every expected value a guest prints comes
 * from these models or from the Arm ARM rules quoted next to the check. */
#ifndef MTETEST_H
#define MTETEST_H

#include "../asmtest.h"

/* ---- reference models ---- */

/* AArch64.ChooseNonExcludedTag(tag, offset, exclude). */
static inline unsigned ref_choose_tag(unsigned tag, unsigned offset, uint16_t exclude)
{
	tag &= 0xf;
	if (exclude == 0xffff)
		return 0;
	if (offset == 0) {
		while ((exclude >> tag) & 1)
			tag = (tag + 1) & 0xf;
	}
	while (offset) {
		offset--;
		tag = (tag + 1) & 0xf;
		while ((exclude >> tag) & 1)
			tag = (tag + 1) & 0xf;
	}
	return tag;
}

/* NextRandomTagBit(): the 16-bit LFSR in RGSR_EL1.SEED. */
static inline unsigned ref_next_bit(uint16_t *seed)
{
	unsigned s = *seed;
	unsigned top = ((s >> 5) ^ (s >> 3) ^ (s >> 2) ^ s) & 1;
	*seed = (uint16_t)(top << 15 | s >> 1);
	return top;
}

/* AArch64.RandomTag(): four bits, the i-th call gives bit i. */
static inline unsigned ref_random_tag(uint16_t *seed)
{
	unsigned t = 0;
	for (int i = 0; i < 4; i++)
		t |= ref_next_bit(seed) << i;
	return t;
}

/* IRG with GCR_EL1.RRND = 0 and tag access enabled: updates *rgsr (TAG, SEED) as the
 * instruction does and returns the tag. */
static inline unsigned ref_irg(uint64_t *rgsr, uint16_t exclude)
{
	uint16_t seed = (uint16_t)(*rgsr >> 8);
	unsigned offset = ref_random_tag(&seed);
	unsigned tag = ref_choose_tag((unsigned)*rgsr & 0xf, offset, exclude);
	*rgsr = (uint64_t)seed << 8 | tag;
	return tag;
}

/* ---- test memory ---- */

/* Test pages at fixed VAs (64 GiB up, as asmtest.h), Tagged Normal memory. */
#define MTE_VA     TEST_VA
#define PTE_TAGGED_DATA  (PTE_NORMAL_TAGGED | PTE_UXN | PTE_PXN)
#define PTE_TAGGED_USER  (PTE_NORMAL_TAGGED | PTE_AP_EL0 | PTE_UXN | PTE_PXN)

/* Maps a fresh page at va as Tagged Normal (EL1 RW) and sets all its tags to 0. */
static inline uint64_t map_tagged_page(uint64_t va, uint64_t attrs)
{
	map_test_page(va, attrs);
	uint64_t sctlr = read_sysreg(sctlr_el1);
	write_sysreg(sctlr_el1, sctlr | SCTLR_ATA);
	isb();
	mte_set_tag_range(va, 4096, 0);
	write_sysreg(sctlr_el1, sctlr);
	isb();
	return va;
}


/* The allocation tags of n consecutive granules from addr (LDG, needs tag access), as
 * nibbles: granule i in bits [4i+3:4i]. */
static inline uint64_t tags_of(uint64_t addr, unsigned n)
{
	uint64_t r = 0;
	for (unsigned i = 0; i < n; i++)
		r |= (uint64_t)mte_get_tag(addr + 16 * i) << (4 * i);
	return r;
}

/* Fills [va, va + bytes) with a pattern derived from the address, and counts the
 * 8-byte words that no longer hold it or that are zero. These accesses run with
 * PSTATE.TCO = 1, so they are Tag Unchecked whatever the tags. */
static inline uint64_t pattern_at(uint64_t a) { return (a & 0x00fffffffffffffful) * 0x9e3779b97f4a7c15ul; }
static inline void fill_pattern(uint64_t va, uint64_t bytes)
{
	unsigned tco = mte_tco();
	mte_tco_on();
	for (uint64_t a = va; a < va + bytes; a += 8)
		*(volatile uint64_t *)a = pattern_at(a);
	if (!tco)
		mte_tco_off();
}
static inline unsigned pattern_changed(uint64_t va, uint64_t bytes)
{
	unsigned n = 0, tco = mte_tco();
	mte_tco_on();
	for (uint64_t a = va; a < va + bytes; a += 8)
		n += *(volatile uint64_t *)a != pattern_at(a);
	if (!tco)
		mte_tco_off();
	return n;
}
static inline unsigned zero_words(uint64_t va, uint64_t bytes)
{
	unsigned n = 0, tco = mte_tco();
	mte_tco_on();
	for (uint64_t a = va; a < va + bytes; a += 8)
		n += *(volatile uint64_t *)a == 0;
	if (!tco)
		mte_tco_off();
	return n;
}
/* One unchecked 64-bit load or store. */
static inline uint64_t peek(uint64_t a)
{
	uint64_t v;
	__asm__ volatile("msr tco, #1\n\tldr %0, [%1]\n\tmsr tco, #0" : "=r"(v) : "r"(a) : "memory");
	return v;
}
static inline void poke(uint64_t a, uint64_t v)
{
	__asm__ volatile("msr tco, #1\n\tstr %1, [%0]\n\tmsr tco, #0" :: "r"(a), "r"(v) : "memory");
}

/* Runs INSN with x1 = BASE and x2 = X2 under exc_catch(EXC_RESUME_NEXT); returns x1
 * afterwards (for writeback forms). */
#define RUN_X1(INSN, BASE, X2) ({ uint64_t run_b_ = (uint64_t)(BASE);                \
	exc_catch(EXC_RESUME_NEXT);                                                  \
	__asm__ volatile("mov x1, %0\n\tmov x2, %1\n\t" INSN "\n\tmov %0, x1"        \
			 : "+r"(run_b_) : "r"((uint64_t)(X2)) : "x1", "x2", "x3", "memory"); \
	run_b_; })


/* The layout most fault guests use: a tagged page at MTE_VA whose granules all have tag
 * 0 except OBJ..OBJ+0x100, tagged OBJ_TAG. BAD and GOOD point at the object with a wrong
 * and the right logical tag. */
#define OBJ      (MTE_VA + 0x100)
#define OBJ_TAG  5u
#define GOOD(off) mte_ptr_with_tag(OBJ + (off), OBJ_TAG)
#define BAD(off)  mte_ptr_with_tag(OBJ + (off), 3)
static inline void setup_object_page(uint64_t attrs)
{
	map_tagged_page(MTE_VA, attrs);
	uint64_t sctlr = read_sysreg(sctlr_el1);
	write_sysreg(sctlr_el1, sctlr | SCTLR_ATA);
	isb();
	mte_set_tag_range(OBJ, 0x100, OBJ_TAG);
	write_sysreg(sctlr_el1, sctlr);
	isb();
	fill_pattern(MTE_VA, 0x1000);
}

/* ---- checks ---- */

/* Exactly one synchronous exception with this ESR, and FAR[59:0]. */
static inline void check_tag_fault(const char *what, uint64_t esr, uint64_t far)
{
	checkf(exc_last.taken, 1, "%s: exceptions taken", what);
	checkf(exc_last.esr, esr, "%s: ESR", what);
	checkf(exc_last.far & MTE_FAR_MASK, far & MTE_FAR_MASK, "%s: FAR[59:0]", what);
}

/* Same, for addresses that depend on the link layout: FAR[59:0] is printed relative to
 * base (whose tag bits must be those of far). */
static inline void check_tag_fault_rel(const char *what, uint64_t esr, uint64_t far, uint64_t base)
{
	checkf(exc_last.taken, 1, "%s: exceptions taken", what);
	checkf(exc_last.esr, esr, "%s: ESR", what);
	checkf((exc_last.far & MTE_FAR_MASK) - (base & MTE_FAR_MASK), (far - base) & MTE_FAR_MASK,
	       "%s: FAR[59:0] - base", what);
}

/* Runs INSN (one instruction with x1 = address, x2 = store value, x0 = load
 * destination) under exc_catch(EXC_RESUME_NEXT); returns x0. */
#define ACCESS(INSN, ADDR, VAL) ({ uint64_t acc_r_;                                  \
	exc_catch(EXC_RESUME_NEXT);                                                  \
	__asm__ volatile("mov x1, %1\n\tmov x2, %2\n\tmov x0, #0\n\t" INSN "\n\tmov %0, x0" \
			 : "=r"(acc_r_) : "r"((uint64_t)(ADDR)), "r"((uint64_t)(VAL))  \
			 : "x0", "x1", "x2", "x3", "memory");                         \
	acc_r_; })

/* The access faults with a tag check fault (ESR given) at FAR. */
#define TAG_FAULTS(NAME, INSN, ADDR, ESR, FAR) do {                                   \
	ACCESS(INSN, ADDR, 0x5a5a);                                                  \
	check_tag_fault(NAME, ESR, FAR);                                             \
} while (0)
/* The access completes without an exception. */
#define NO_FAULT(NAME, INSN, ADDR) do {                                               \
	ACCESS(INSN, ADDR, 0x5a5a);                                                  \
	check_no_fault(NAME);                                                        \
} while (0)

/* Ends a guest that needs MTE2 or later when the PE has less. */
static inline void require_mte2(void)
{
	unsigned level = mte_level();
	if (level < 2) {
		printf("ID_AA64PFR1_EL1.MTE = %u: this guest needs MTE2\n", level);
		check_done();
		psci_system_off();
	}
}

#endif
