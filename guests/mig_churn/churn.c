/* Allocator churn for the migration and swap tests: a tagging heap (mte_heap.c) with
 * synchronous tag checks, a table of live chunks replaced at random for many rounds.
 * Every chunk holds a pattern derived from its slot and generation, written and read
 * through its tagged pointer: a chunk whose data or tags were not carried across a
 * migration (or a swap) either reads a wrong pattern or takes a tag check fault, which
 * the runtime's default handler reports before it stops the machine. The output is a
 * checksum per phase, the same whether or not the guest was moved.
 * Run: build/mtesim run build/guests/mig_churn.elf --mte 3 */
#include "rt.h"
#include "../mte_heap/mte_heap.h"

#define SLOTS 96
#define ROUNDS 12
#define REPLACEMENTS_PER_ROUND 400

static uint8_t arena[256 * 1024] __attribute__((aligned(4096)));
static struct mte_heap heap;
static uint64_t live[SLOTS];
static uint32_t size_of[SLOTS];
static uint32_t generation[SLOTS];
static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static uint64_t word_of(unsigned slot, uint32_t gen, unsigned i)
{
	return ((uint64_t)slot << 48) ^ ((uint64_t)gen << 20) ^ (i * 0x9e37u);
}

static void fill(unsigned slot)
{
	volatile uint64_t *p = (volatile uint64_t *)live[slot];
	for (unsigned i = 0; i < size_of[slot] / 8; ++i)
		p[i] = word_of(slot, generation[slot], i);
}

/* Sums the chunk's words; counts the words that are not what fill() wrote. */
static uint64_t verify(unsigned slot, unsigned *bad)
{
	volatile uint64_t *p = (volatile uint64_t *)live[slot];
	uint64_t sum = 0;
	for (unsigned i = 0; i < size_of[slot] / 8; ++i) {
		uint64_t w = p[i];
		if (w != word_of(slot, generation[slot], i))
			++*bad;
		sum += w;
	}
	return sum;
}

static void replace(unsigned slot)
{
	if (live[slot] && heap_free(&heap, live[slot]) != 0)
		printf("free of slot %u refused\n", slot);
	size_of[slot] = (uint32_t)(16 + (next_random() % 63) * 16);
	++generation[slot];
	live[slot] = heap_malloc(&heap, size_of[slot]);
	if (!live[slot]) {
		printf("out of memory at slot %u\n", slot);
		return;
	}
	fill(slot);
}

int main(void)
{
	if (mte_level() < 2) {
		printf("MTE2 or later is needed\n");
		return 0;
	}
	mte_map_tagged(mmu_default_pt(), (uintptr_t)arena, sizeof arena);
	mte_set_rgsr(0x4d2, 0);
	heap_init(&heap, arena, sizeof arena);
	mte_enable(MTE_TCF_SYNC, MTE_TCF_SYNC);
	for (unsigned s = 0; s < SLOTS; ++s)
		replace(s);
	for (unsigned round = 0; round < ROUNDS; ++round) {
		unsigned bad = 0;
		for (unsigned k = 0; k < REPLACEMENTS_PER_ROUND; ++k) {
			unsigned slot = (unsigned)(next_random() % SLOTS);
			verify(slot, &bad);
			replace(slot);
		}
		uint64_t sum = 0;
		for (unsigned s = 0; s < SLOTS; ++s)
			sum += verify(s, &bad);
		printf("round %u: checksum %lx, bad words %u, tag faults %lx\n", round, (unsigned long)sum, bad,
		       (unsigned long)(mte_tfsr() & TFSR_TF0));
	}
	mte_disable();
	printf("churn done\n");
	return 0;
}
