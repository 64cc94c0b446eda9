/* Shared by the stage-2 granule guests (s2_4k, s2_16k, s2_64k): one stage-2 layout per
 * configuration (granule, IPA size = 64 - VTCR_EL2.T0SZ, start level from SL0, and so
 * the number of concatenated root tables), with the image identity mapped and test
 * mappings at chosen IPAs: blocks at the given levels and pages. The VM runs with EL1's
 * MMU off (VA = IPA); EL1 loads a marker through each mapping and stores ~IPA next to
 * it, and EL2 checks both at the physical address the mapping names. */
#ifndef S2WALK_H
#define S2WALK_H

#include "el2test.h"

struct probe {
	uint64_t ipa;     /* start of the leaf (aligned to its level's size) */
	int level;        /* leaf level: 1 or 2 = block, 3 = page */
};

struct config {
	const char *name;
	unsigned gshift, ipa_bits;
	int level;        /* start level */
	unsigned concat;  /* expected number of concatenated root tables */
	uint64_t vtcr;    /* expected VTCR_EL2 (checks s2_vtcr's T0SZ/SL0/TG0) */
	struct probe probes[4];
};

static inline uint64_t marker(uint64_t pa)
{
	return 0x4d4b000000000000ul ^ pa;
}

static void run_config(const struct config *c, int index)
{
	struct s2 s;
	struct vm vm;
	s2_init(&s, c->gshift, c->ipa_bits, c->level);
	checkf(s.concat, c->concat, "%s: concatenated root tables", c->name);
	checkf(s2_vtcr(&s), c->vtcr, "%s: VTCR_EL2", c->name);
	s2_map(&s, RAM_BASE, RAM_BASE, IMAGE_SIZE, S2_NORMAL);
	vm_init_flat(&vm, &s);

	for (int i = 0; i < 4 && c->probes[i].level; i++) {
		const struct probe *p = &c->probes[i];
		uint64_t ls = s2_level_size(&s, p->level);
		/* The test PA: distinct per configuration and probe, in its own 64K page. */
		uint64_t pa = HYP_TEST_PA_BASE + (uint64_t)(index * 4 + i) * 0x10000 + 0x40 * (i + 1);
		uint64_t off = pa & (ls - 1), va = p->ipa + off;
		s2_map_level(&s, p->ipa, pa & ~(ls - 1), p->level, S2_NORMAL);
		*(volatile uint64_t *)pa = marker(pa);
		*(volatile uint64_t *)(pa + 8) = 0;
		dcache_civac(pa, 16);
		hyp_catch(EXC_RESUME_NEXT);
		uint64_t v = vm_run(&vm, el1_load, va);
		vm_run(&vm, el1_store, va + 8);
		hyp_uncatch();
		dcache_civac(pa, 16);
		checkf(hyp_last.taken, 0, "%s: level-%d %s at IPA 0x%lx: exceptions to EL2", c->name,
		       p->level, p->level == 3 ? "page" : "block", p->ipa);
		checkf(v, marker(pa), "%s: load IPA 0x%lx (PA %s+0x%lx)", c->name, va,
		       "test", pa - HYP_TEST_PA_BASE);
		checkf(*(volatile uint64_t *)(pa + 8), ~(va + 8), "%s: store IPA 0x%lx", c->name, va + 8);
	}
	/* The VM's code ran through the identity mapping of the image too. */
	static const uint64_t image_word = 0x1badcafe;
	checkf(vm_run(&vm, el1_load, (uintptr_t)&image_word), image_word,
	       "%s: load of the image through stage 2", c->name);
}

#endif
