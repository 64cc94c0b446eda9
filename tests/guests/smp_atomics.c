/* Long SMP run of exclusives and LSE atomics (issue 13, item 6): 4 PEs (or vCPUs) hammer
 * shared counters with LDXR/STXR loops, LDADD, CAS loops, and a SWP spinlock guarding a
 * plain read-modify-write, for tens of millions of instructions, ending by itself. Every
 * total is exact only if each update was atomic; and because each successful update
 * returns the value it replaced, the sum of those old values over all PEs must be
 * 0 + 1 + ... + (total - 1): a value seen twice (two PEs "won" the same update) or
 * skipped changes it. Only totals and checks are printed, so the console is the same on
 * any interleaving (QEMU's threads, mtesim's quanta, time-sliced vCPUs).
 * Run: build/mtesim run build/guests/smp_atomics.elf --smp 4 */
#include "asmtest.h"
#include "rt/smp.h"

#define NCPUS 4
#ifndef ITERS
#define ITERS 1000000  /* per PE per kind: about 120 million instructions in all */
#endif

/* Each counter in its own 64-byte line (separate exclusives granules), plus one line
 * shared by two counters so that exclusives on neighbours also contend. */
struct line { volatile uint64_t v; uint64_t pad[7]; } __attribute__((aligned(64)));
static struct line c_excl, c_ldadd, c_cas, c_lock, c_plain, c_done;
static struct { volatile uint32_t lo, hi; } __attribute__((aligned(64))) c_pair;
/* Per PE: the sum of the old values its successful updates returned, per kind. */
static struct line sum_excl[NCPUS], sum_ldadd[NCPUS], sum_cas[NCPUS], sum_pair[NCPUS];

static uint64_t excl_inc(volatile uint64_t *p)
{
	uint64_t old, fail;
	__asm__ volatile("1: ldaxr %0, [%2]\n\t"
			 "add %0, %0, #1\n\t"
			 "stlxr %w1, %0, [%2]\n\t"
			 "cbnz %w1, 1b\n\t"
			 "sub %0, %0, #1"
			 : "=&r"(old), "=&r"(fail) : "r"(p) : "memory");
	return old;
}

/* 32-bit exclusives on the low word of a pair whose high word the others write with
 * STADD (a store to the same granule clears the monitor: the loop must retry, not lose). */
static uint32_t excl_inc32(volatile uint32_t *p)
{
	uint32_t old, fail;
	__asm__ volatile("1: ldxr %w0, [%2]\n\t"
			 "add %w0, %w0, #1\n\t"
			 "stxr %w1, %w0, [%2]\n\t"
			 "cbnz %w1, 1b\n\t"
			 "sub %w0, %w0, #1"
			 : "=&r"(old), "=&r"(fail) : "r"(p) : "memory");
	return old;
}

static uint64_t ldadd(volatile uint64_t *p, uint64_t v)
{
	uint64_t old;
	__asm__ volatile("ldaddal %1, %0, [%2]" : "=r"(old) : "r"(v), "r"(p) : "memory");
	return old;
}

static uint64_t cas_inc(volatile uint64_t *p)
{
	uint64_t seen = *p;
	for (;;) {
		uint64_t expect = seen;
		__asm__ volatile("casal %0, %1, [%2]" : "+r"(seen) : "r"(expect + 1), "r"(p) : "memory");
		if (seen == expect) return expect;
	}
}

static void lock(volatile uint64_t *l)
{
	uint64_t old;
	for (;;) {
		__asm__ volatile("swpa %1, %0, [%2]" : "=r"(old) : "r"(1ul), "r"(l) : "memory");
		if (old == 0) return;
		while (*l) __asm__ volatile("yield");
	}
}

static void unlock(volatile uint64_t *l) { __asm__ volatile("stlr xzr, [%0]" : : "r"(l) : "memory"); }

static void worker(uint64_t cpu)
{
	uint64_t se = 0, sl = 0, sc = 0, sp = 0;
	for (uint64_t i = 0; i < ITERS; i++) {
		se += excl_inc(&c_excl.v);
		sl += ldadd(&c_ldadd.v, 1);
		sc += cas_inc(&c_cas.v);
		sp += excl_inc32(&c_pair.lo);
		__asm__ volatile("stadd %w0, [%1]" : : "r"(1u), "r"(&c_pair.hi) : "memory");
		if (i % 4 == 0) {
			lock(&c_lock.v);
			c_plain.v = c_plain.v + 1;  /* not atomic: only the lock keeps it exact */
			unlock(&c_lock.v);
		}
	}
	sum_excl[cpu].v = se;
	sum_ldadd[cpu].v = sl;
	sum_cas[cpu].v = sc;
	sum_pair[cpu].v = sp;
	ldadd(&c_done.v, 1);
}

static void secondary(uint64_t cpu) { worker(cpu); }

int main(void)
{
	for (unsigned cpu = 1; cpu < NCPUS; cpu++)
		checkf(smp_start(cpu, secondary, cpu), 0, "CPU_ON(cpu %u)", cpu);
	worker(0);
	while (c_done.v != NCPUS) __asm__ volatile("yield");
	const uint64_t total = (uint64_t)NCPUS * ITERS;
	const uint64_t triangle = total * (total - 1) / 2;
	uint64_t se = 0, sl = 0, sc = 0, sp = 0;
	for (unsigned cpu = 0; cpu < NCPUS; cpu++) {
		se += sum_excl[cpu].v;
		sl += sum_ldadd[cpu].v;
		sc += sum_cas[cpu].v;
		sp += sum_pair[cpu].v;
	}
	printf("%u PEs x %u iterations\n", NCPUS, ITERS);
	check("ldaxr/stlxr counter", c_excl.v, total);
	check("ldaxr/stlxr old values summed", se, triangle);
	check("ldaddal counter", c_ldadd.v, total);
	check("ldaddal old values summed", sl, triangle);
	check("casal counter", c_cas.v, total);
	check("casal old values summed", sc, triangle);
	check("ldxr/stxr w counter beside stadd", c_pair.lo, (uint32_t)total);
	check("ldxr/stxr w old values summed", sp, triangle);
	check("stadd w counter beside exclusives", c_pair.hi, (uint32_t)total);
	check("swpa lock: plain counter", c_plain.v, (uint64_t)NCPUS * ((ITERS + 3) / 4));
	check("swpa lock released", c_lock.v, 0);
	return check_done();
}
