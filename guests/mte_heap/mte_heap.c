/* The tagging heap allocator (see mte_heap.h). */
#include "rt.h"
#include "mte_heap.h"

static uint32_t granule_index(const struct mte_heap *h, uint64_t chunk)
{
	return (uint32_t)((chunk - h->base) >> 4);
}

/* Tags (and with `zero`, zeroes) n16 bytes at the tagged pointer p: two granules per
 * ST2G while at least two remain, then STG for the last one. */
static void tag_chunk(uint64_t p, uint64_t n16, int zero)
{
	uint64_t off = 0;
	for (; off + 32 <= n16; off += 32) {
		if (zero)
			mte_stz2g(p + off);
		else
			mte_st2g(p + off);
	}
	if (off < n16) {
		if (zero)
			mte_stzg(p + off);
		else
			mte_stg(p + off);
	}
}

/* Tags that must not be chosen for the chunk [chunk, chunk + n16): 0 and the tags of the
 * granules just outside it. */
static uint64_t neighbour_exclusions(const struct mte_heap *h, uint64_t chunk, uint64_t n16)
{
	uint64_t exclude = 1;  /* tag 0: untagged memory and never-allocated arena */
	if (chunk > h->base)
		exclude = mte_gmi(mte_ldg(chunk - 16), exclude);
	if (chunk + n16 < h->end)
		exclude = mte_gmi(mte_ldg(chunk + n16), exclude);
	return exclude;
}

void heap_init(struct mte_heap *h, void *arena, size_t size)
{
	h->base = (uintptr_t)arena;
	if (size > (size_t)HEAP_MAX_GRANULES * 16)
		size = (size_t)HEAP_MAX_GRANULES * 16;
	h->end = h->base + (size & ~(size_t)15);
	h->next = h->base;
	for (unsigned k = 0; k < HEAP_CLASSES; ++k)
		h->free_head[k] = 0;
}

static uint64_t allocate(struct mte_heap *h, size_t n, int zero)
{
	if (n == 0)
		n = 1;
	if (n > HEAP_MAX_CHUNK)
		return 0;
	uint64_t n16 = (n + 15) & ~(uint64_t)15;
	unsigned k = (unsigned)(n16 / 16) - 1;
	uint64_t chunk;
	if (h->free_head[k]) {
		uint32_t g = h->free_head[k] - 1;
		h->free_head[k] = h->next_free[g];
		chunk = h->base + ((uint64_t)g << 4);
	} else {
		if (h->end - h->next < n16)
			return 0;
		chunk = h->next;
		h->next += n16;
	}
	uint64_t p = mte_irg(chunk, neighbour_exclusions(h, chunk, n16));
	tag_chunk(p, n16, zero);
	h->chunk_class[granule_index(h, chunk)] = (uint8_t)(k + 1);
	return p;
}

uint64_t heap_malloc(struct mte_heap *h, size_t n) { return allocate(h, n, 0); }
uint64_t heap_calloc(struct mte_heap *h, size_t n) { return allocate(h, n, 1); }

int heap_free(struct mte_heap *h, uint64_t p)
{
	uint64_t chunk = mte_ptr_untag(p);
	if (chunk < h->base || chunk >= h->next || (chunk & 15))
		return -1;
	uint32_t g = granule_index(h, chunk);
	unsigned cls = h->chunk_class[g];
	/* A live chunk still carries the pointer's tag; after a free it does not. */
	if (!cls || mte_get_tag(chunk) != mte_ptr_tag(p))
		return -1;
	uint64_t n16 = (uint64_t)cls * 16;
	/* Retag with a tag the dangling pointer cannot have (nor 0). */
	uint64_t exclude = mte_gmi(p, 1);
	tag_chunk(mte_irg(chunk, exclude), n16, 0);
	h->chunk_class[g] = 0;
	h->next_free[g] = h->free_head[cls - 1];
	h->free_head[cls - 1] = g + 1;
	return 0;
}
