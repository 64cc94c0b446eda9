/* A tagging heap allocator, the way MTE-aware allocators (Scudo, glibc's MTE mode) use
 * the tag instructions:
 *  - malloc gives every chunk a random tag with IRG, excluding tag 0 (untagged memory)
 *    and the tags of the granules on either side, so a linear overflow into a
 *    neighbour always mismatches; the chunk's granules get the tag with ST2G / STG
 *    (STZ2G / STZG for heap_calloc);
 *  - free retags the chunk with a different random tag, so a dangling pointer no
 *    longer matches (use-after-free), and a second free of the same pointer is caught.
 * Chunks are multiples of 16 bytes (one granule) up to HEAP_MAX_CHUNK, from size-class
 * free lists or a bump pointer. Metadata lives outside the arena, so the allocator never
 * reads through a pointer it does not own. Needs the arena mapped Tagged and tag access
 * enabled (rt/mte.h: mte_map_ram_tagged, mte_enable). */
#ifndef MTE_HEAP_H
#define MTE_HEAP_H

#include <stddef.h>
#include <stdint.h>

#define HEAP_MAX_CHUNK 1024u
#define HEAP_CLASSES   (HEAP_MAX_CHUNK / 16)
#define HEAP_MAX_GRANULES 65536u   /* arenas of up to 1 MiB */

struct mte_heap {
	uint64_t base, end, next;            /* arena [base, end), bump pointer */
	uint32_t free_head[HEAP_CLASSES];    /* granule index + 1 of the first free chunk */
	uint32_t next_free[HEAP_MAX_GRANULES];
	uint8_t chunk_class[HEAP_MAX_GRANULES]; /* class + 1 of a live chunk starting here */
};

/* `arena` must be 16-byte aligned, its tags 0. */
void heap_init(struct mte_heap *h, void *arena, size_t size);
/* A tagged pointer to n bytes (n <= HEAP_MAX_CHUNK), or 0 when out of memory. */
uint64_t heap_malloc(struct mte_heap *h, size_t n);
/* The same, zeroed (STZG / STZ2G zero the data while tagging). */
uint64_t heap_calloc(struct mte_heap *h, size_t n);
/* 0, or -1 for a pointer that is not a live chunk (double free, wrong tag). */
int heap_free(struct mte_heap *h, uint64_t p);

#endif
