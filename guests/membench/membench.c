/* Memory-bound benchmark for the fidelity study (docs/fidelity.md): STREAM-like copy,
 * scale, add and triad over three 4 MiB arrays (12 MiB, far above the 512 KiB L2), then
 * a random pointer chase over 4 MiB of 64-byte nodes (one random cycle, 512 Ki steps). The arrays and nodes are mapped
 * Tagged and tagged (each array its own tag, the nodes tags 1..15 in turn), and every
 * pointer carries its memory's tag, so each load and store is Tag Checked in the mode
 * MEMBENCH_TCF selects at compile time (MTE_TCF_NONE/SYNC/ASYNC/ASYMM; default SYNC).
 * With MEMBENCH_UNTAGGED the memory stays Normal (untagged) and nothing is tagged: the
 * MTE-off baseline. Checksums are printed so every simulator can be seen to do the same
 * work. About 30 million instructions. */
#include "rt.h"

#ifndef MEMBENCH_TCF
#define MEMBENCH_TCF MTE_TCF_SYNC
#endif

#define N (512 * 1024)          /* 8-byte elements per array: 4 MiB */
#ifndef MEMBENCH_REPS
#define MEMBENCH_REPS 2         /* passes of the four STREAM kernels */
#endif
#define REPS MEMBENCH_REPS
#define NODES (64 * 1024)       /* 64-byte nodes: 4 MiB */
#ifndef MEMBENCH_STEPS
#define MEMBENCH_STEPS (512 * 1024)  /* pointer-chase steps */
#endif
static const unsigned steps = MEMBENCH_STEPS;

/* Pages between the arrays (STREAM's OFFSET): mtesim's TLBs are direct-mapped by
 * VA[20:12], so arrays a multiple of 2 MiB apart would evict each other's entries on
 * every access. MEMBENCH_PAD_PAGES=0 builds that worst case. */
#ifndef MEMBENCH_PAD_PAGES
#define MEMBENCH_PAD_PAGES 16
#endif
#define STRIDE (N + MEMBENCH_PAD_PAGES * 512)  /* elements from one array to the next */
static uint64_t arrays[2 * STRIDE + N] __attribute__((aligned(4096)));
#define arr_a (&arrays[0])
#define arr_b (&arrays[STRIDE])
#define arr_c (&arrays[2 * STRIDE])
struct node {
	uint64_t next;          /* tagged pointer to the next node */
	uint64_t pad[7];
};
static struct node nodes[NODES] __attribute__((aligned(4096)));

static const char *mode_name(void)
{
#ifdef MEMBENCH_UNTAGGED
	return "untagged";
#else
	switch (MEMBENCH_TCF) {
	case MTE_TCF_NONE: return "off";
	case MTE_TCF_SYNC: return "sync";
	case MTE_TCF_ASYNC: return "async";
	default: return "asymm";
	}
#endif
}

/* A tagged pointer to the array (tag access only in the tagged builds). */
static uint64_t *tag_array(uint64_t *p, unsigned tag)
{
#ifdef MEMBENCH_UNTAGGED
	(void)tag;
	return p;
#else
	return (uint64_t *)mte_set_tag_range((uintptr_t)p, N * sizeof(uint64_t), tag);
#endif
}

static uint64_t node_ptr(unsigned i)
{
	uint64_t p = (uintptr_t)&nodes[i];
#ifndef MEMBENCH_UNTAGGED
	p = mte_ptr_with_tag(p, 1 + i % 15);
#endif
	return p;
}

int main(void)
{
#ifndef MEMBENCH_UNTAGGED
	if (mte_level() < (MEMBENCH_TCF == MTE_TCF_ASYMM ? 3 : 2)) {
		printf("membench: needs MTE%d (run with --mte 3)\n", MEMBENCH_TCF == MTE_TCF_ASYMM ? 3 : 2);
		return 0;
	}
	mte_map_tagged(mmu_default_pt(), (uintptr_t)arrays, sizeof arrays);
	mte_map_tagged(mmu_default_pt(), (uintptr_t)nodes, sizeof nodes);
	mte_enable(MEMBENCH_TCF, MEMBENCH_TCF);
	for (unsigned i = 0; i < NODES; ++i)
		mte_set_tag_range((uintptr_t)&nodes[i], sizeof nodes[i], 1 + i % 15);
#endif
	uint64_t *a = tag_array(arr_a, 3), *b = tag_array(arr_b, 5), *c = tag_array(arr_c, 7);

	for (unsigned i = 0; i < N; ++i) {
		a[i] = i;
		b[i] = 2 * i + 1;
	}
	for (int rep = 0; rep < REPS; ++rep) {
		for (unsigned i = 0; i < N; ++i)        /* copy */
			c[i] = a[i];
		for (unsigned i = 0; i < N; ++i)        /* scale */
			b[i] = 3 * c[i];
		for (unsigned i = 0; i < N; ++i)        /* add */
			c[i] = a[i] + b[i];
		for (unsigned i = 0; i < N; ++i)        /* triad */
			a[i] = b[i] + 3 * c[i];
	}
	uint64_t stream_sum = 0;
	for (unsigned i = 0; i < N; i += 64)
		stream_sum = stream_sum * 31 + a[i] + b[i] + c[i];

	/* One random cycle through all nodes (Sattolo's shuffle of the identity). */
	static uint32_t perm[NODES];
	for (unsigned i = 0; i < NODES; ++i)
		perm[i] = i;
	uint32_t rng = 2024;
	for (unsigned i = NODES - 1; i > 0; --i) {
		rng = rng * 1103515245u + 12345u;
		unsigned j = (rng >> 8) % i;
		uint32_t t = perm[i];
		perm[i] = perm[j];
		perm[j] = t;
	}
	for (unsigned i = 0; i < NODES; ++i)
		((struct node *)node_ptr(perm[i]))->next = node_ptr(perm[(i + 1) % NODES]);
	uint64_t p = node_ptr(perm[0]), chase_sum = 0;
	for (unsigned s = 0; s < steps; ++s) {
		p = ((struct node *)p)->next;
		chase_sum = chase_sum * 31 + ((p >> 6) & 0xffff);  /* the order matters */
	}
	printf("membench (%s): stream checksum %lx, chase checksum %lx\n", mode_name(),
	       (unsigned long)stream_sum, (unsigned long)chase_sum);
	return 0;
}
