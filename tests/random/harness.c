/* Random differential testing: the fixed part of every generated image.
 *
 * gen.py writes an assembly file with a table of sequences (struct rnd_seq) and their
 * code in .user_text (so EL0 may run it; EL1 may too, as the section is read-only).
 * For each sequence this harness gives the sandbox fresh data and allocation tags from
 * the sequence's seeds, sets the MTE controls the sequence asks for, runs it (at EL1 in
 * EL1t, or at EL0 through el0_run), and prints the architectural state it left: every
 * GPR, SP, NZCV, TFSR_EL1/TFSRE0_EL1, checksums of the sandbox's data and tags, and the
 * synchronous exceptions taken (recorded and skipped by the handler below).
 *
 * Everything printed is a function of the image alone: addresses in registers are
 * those of the sandbox, the literal pools or the code, all fixed by the link. */
#include "rt.h"

#define SANDBOX_SIZE 4096ul
#define MAX_EXC 8

struct rnd_seq {
	uint64_t code;       /* entry of the sequence's code */
	uint64_t index;      /* global sequence number (seed-relative), printed */
	uint64_t el;         /* 0 or 1 */
	uint64_t tcf;        /* SCTLR_EL1.TCF for this sequence */
	uint64_t tcf0;       /* SCTLR_EL1.TCF0 (EL0, and LDTR/STTR at EL1) */
	uint64_t data_seed;  /* sandbox data */
	uint64_t tag_seed;   /* sandbox allocation tags */
	uint64_t gcr;        /* GCR_EL1 (Exclude; RRND = 0 so IRG is deterministic) */
	uint64_t rgsr;       /* RGSR_EL1 */
	uint64_t tcma;       /* TCR_EL1.TCMA0 */
	uint64_t tbi0;       /* TCR_EL1.TBI0 */
};

/* Written by the generated code. */
struct rnd_state {
	uint64_t x[31];
	uint64_t sp;
	uint64_t nzcv;
	uint64_t pad;
};

extern const struct rnd_seq rnd_seqs[];
extern const uint64_t rnd_nseqs;
/* 1: print the whole state (the runner's reruns, the minimiser); 0: a digest line. */
extern const uint64_t rnd_verbose;
void rnd_call_el1(uint64_t code);   /* seq_support.S */

/* The sandbox: 4 KiB of tagged RAM the sequences' bounded base registers point into
 * (the window is its second KiB; offsets reach the rest). In .user_data so EL0 can use
 * it. The state block is separate so a sequence cannot reach it. */
EL0_DATA uint8_t rnd_sandbox[SANDBOX_SIZE] __attribute__((aligned(4096)));
EL0_DATA struct rnd_state rnd_out __attribute__((aligned(64)));

/* Exceptions of the current sequence. */
static uint64_t cur_code;
static unsigned nexc;
static struct { uint64_t esr, far, off; } excs[MAX_EXC];

/* Records a synchronous exception and resumes after the instruction. FAR is printed only
 * where the architecture defines it (Data Aborts); bits [63:60] of a tag check fault's
 * FAR are UNKNOWN without FEAT_MTE_TAGGED_FAR, so they are cleared. */
static int record(struct exc_frame *f)
{
	if ((f->vector & 3) != EXC_TYPE_SYNC)
		return 0;
	unsigned ec = ESR_EC(f->esr);
	uint64_t far = 0;
	if (ec == EC_DABT_LOWER || ec == EC_DABT_CUR) {
		far = f->far;
		if ((f->esr & 0x3f) == DFSC_TAG_CHECK)
			far &= MTE_FAR_MASK;
	}
	if (nexc < MAX_EXC) {
		excs[nexc].esr = f->esr;
		excs[nexc].far = far;
		excs[nexc].off = f->elr - cur_code;
	}
	nexc++;
	/* SVC reports the next instruction already. */
	if (ec != EC_SVC64)
		f->elr += 4;
	return 1;
}

static uint64_t xorshift(uint64_t *s)
{
	uint64_t x = *s;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*s = x;
	return x;
}

static void sandbox_init(const struct rnd_seq *s)
{
	uint64_t st = s->data_seed | 1;
	uint64_t *d = (uint64_t *)rnd_sandbox;
	for (unsigned i = 0; i < SANDBOX_SIZE / 8; i++)
		d[i] = xorshift(&st);
	st = s->tag_seed | 1;
	uint64_t blk = mte_gm_block_bytes();
	for (uint64_t a = 0; a < SANDBOX_SIZE; a += blk) {
		uint64_t tags = xorshift(&st);
		if (blk < 256)
			tags &= (1ul << (blk / 16 * 4)) - 1;
		mte_stgm((uint64_t)(uintptr_t)rnd_sandbox + a, tags);
	}
	__asm__ volatile("dsb ish" ::: "memory");
}

/* A multiply-xorshift fold of 64-bit words (cheap: one multiply per word, so the
 * checksums do not dominate the instructions a sequence costs); the tags are read back
 * with LDGM and folded the same way. */
static uint64_t fnv(uint64_t h, uint64_t v)
{
	h = (h ^ v) * 0x100000001b3ul;
	return h ^ (h >> 29);
}

static void sandbox_sums(uint64_t *data, uint64_t *tags)
{
	uint64_t h = 0xcbf29ce484222325ul;
	const uint64_t *d = (const uint64_t *)rnd_sandbox;
	for (unsigned i = 0; i < SANDBOX_SIZE / 8; i++)
		h = fnv(h, d[i]);
	*data = h;
	h = 0xcbf29ce484222325ul;
	uint64_t blk = mte_gm_block_bytes();
	for (uint64_t a = 0; a < SANDBOX_SIZE; a += blk)
		h = fnv(h, mte_ldgm((uint64_t)(uintptr_t)rnd_sandbox + a));
	*tags = h;
}

static void run_one(const struct rnd_seq *s)
{
	sandbox_init(s);
	for (unsigned i = 0; i < 31; i++)
		rnd_out.x[i] = 0;
	rnd_out.sp = rnd_out.nzcv = 0;
	write_sysreg(gcr_el1, s->gcr);
	write_sysreg(rgsr_el1, s->rgsr);
	mte_set_tcma((int)s->tcma, 0);
	mte_set_tbi((int)s->tbi0, 1);
	mte_clear_tfsr();
	nexc = 0;
	cur_code = s->code;
	__asm__ volatile("clrex" ::: "memory");
	/* TCF/TCF0 are set last: until here the harness writes the sandbox with untagged
	 * pointers, which must not be checked. */
	mte_set_tcf0((unsigned)s->tcf0);
	mte_set_tcf((unsigned)s->tcf);
	if (s->el == 0)
		el0_run((el0_fn)s->code, 0, 0);
	else
		rnd_call_el1(s->code);
	/* A sequence may have left PSTATE.TCO set at EL1. */
	mte_tco_off();
	mte_set_tcf(MTE_TCF_NONE);
	mte_set_tcf0(MTE_TCF_NONE);
	uint64_t tfsr = mte_tfsr(), tfsre0 = mte_tfsre0();
	uint64_t dsum, tsum;
	sandbox_sums(&dsum, &tsum);

	uint64_t n = s->index;
	if (!rnd_verbose) {
		/* One line per sequence: a digest of everything the verbose form prints. */
		uint64_t h = 0xcbf29ce484222325ul;
		for (unsigned i = 0; i < 31; i++)
			h = fnv(h, rnd_out.x[i]);
		h = fnv(fnv(fnv(fnv(h, rnd_out.sp), rnd_out.nzcv), tfsr), tfsre0);
		h = fnv(fnv(fnv(h, dsum), tsum), nexc);
		for (unsigned i = 0; i < nexc && i < MAX_EXC; i++)
			h = fnv(fnv(fnv(h, excs[i].esr), excs[i].far), excs[i].off);
		printf("%lu %016lx %u\n", n, h, nexc);
		return;
	}
	printf("S %lu el%lu tcf%lu tcf0%lu tcma%lu tbi0%lu\n", n, s->el, s->tcf, s->tcf0, s->tcma,
	       s->tbi0);
	for (unsigned i = 0; i < 31; i++)
		printf("%lu x%u %016lx\n", n, i, rnd_out.x[i]);
	printf("%lu sp %016lx\n", n, rnd_out.sp);
	printf("%lu nzcv %08lx\n", n, rnd_out.nzcv);
	printf("%lu tfsr %lx %lx\n", n, tfsr, tfsre0);
	printf("%lu data %016lx\n", n, dsum);
	printf("%lu tags %016lx\n", n, tsum);
	for (unsigned i = 0; i < nexc && i < MAX_EXC; i++)
		printf("%lu exc%u esr %08lx far %016lx at %lx\n", n, i, excs[i].esr, excs[i].far,
		       excs[i].off);
	printf("%lu nexc %u\n", n, nexc);
}

int main(void)
{
	if (mte_level() < 2) {
		printf("random: needs FEAT_MTE2 (mtesim --mte 3, QEMU -M virt,mte=on)\n");
		return 0;
	}
	mte_map_ram_tagged();
	mte_enable(MTE_TCF_NONE, MTE_TCF_NONE);
	exc_set_handler(record);
	for (uint64_t i = 0; i < rnd_nseqs; i++)
		run_one(&rnd_seqs[i]);
	printf("END %lu\n", rnd_nseqs);
	return 0;
}
