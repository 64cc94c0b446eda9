/* MTE-heavy benchmark: the tagging allocator (guests/mte_heap) under a steady churn of
 * allocations and frees, with every load and store to the chunks Tag Checked
 * (synchronous mode). Each round allocates chunks of pseudo-random sizes, fills them
 * with 8-byte stores, sums them back with loads and frees them; the checksum is printed
 * so both simulators can be seen to do the same work. About 240 million instructions. */
#include "rt.h"
#include "../mte_heap/mte_heap.h"

/* The tag-check mode (TCF and TCF0), chosen at build time: the mtebench_off / _async /
 * _asymm variants for the fidelity study (docs/fidelity.md) set it; the allocator tags
 * and retags in every mode, only the checks differ. */
#ifndef MTEBENCH_TCF
#define MTEBENCH_TCF MTE_TCF_SYNC
#endif

#define ROUNDS 8000
#define LIVE 64

static uint8_t arena[256 * 1024] __attribute__((aligned(4096)));
static struct mte_heap heap;

int main(void)
{
	if (mte_level() < 2) {
		printf("mtebench needs MTE2 or later (run with --mte 2 or higher)\n");
		return 0;
	}
	if (MTEBENCH_TCF == MTE_TCF_ASYMM && mte_level() < 3) {
		printf("mtebench: asymmetric checks need MTE3 (run with --mte 3)\n");
		return 0;
	}
	/* Only the arena needs the Tagged attribute (its tags, like all tags at reset, are 0). */
	mte_map_tagged(mmu_default_pt(), (uintptr_t)arena, sizeof arena);
	mte_enable(MTEBENCH_TCF, MTEBENCH_TCF);
	mte_set_rgsr(0x5eed, 0);
	heap_init(&heap, arena, sizeof arena);

	uint64_t live[LIVE];
	uint32_t rng = 12345;
	uint64_t checksum = 0;
	for (int round = 0; round < ROUNDS; ++round) {
		for (int k = 0; k < LIVE; ++k) {
			rng = rng * 1103515245u + 12345u;
			size_t n = 16 + ((rng >> 16) % 30) * 16;   /* 16..480 bytes */
			uint64_t p = heap_malloc(&heap, n);
			if (!p)
				panic("out of memory in round %d", round);
			uint64_t *w = (uint64_t *)p;
			for (size_t i = 0; i < n / 8; ++i)
				w[i] = (uint64_t)round * 31 + i;
			live[k] = p;
			uint64_t sum = 0;
			for (size_t i = 0; i < n / 8; ++i)
				sum += w[i];
			checksum = checksum * 7 + sum;
		}
		for (int k = 0; k < LIVE; ++k)
			heap_free(&heap, live[k]);
	}
	printf("mtebench: %d rounds of %d chunks, checksum %lx\n", ROUNDS, LIVE, (unsigned long)checksum);
	return 0;
}
