/* Helpers shared by the conformance guests: run one instruction from inline assembly
 * with chosen input flags and capture its result and NZCV, plus C reference models
 * written from the Arm ARM pseudocode (AddWithCarry and friends), so every line of
 * output says what the instruction gave and whether that matches the architecture. */
#ifndef ASMTEST_H
#define ASMTEST_H

#include <stdarg.h>
#include "rt.h"

typedef unsigned __int128 u128;
typedef __int128 s128;

struct res {
	uint64_t v;   /* destination register */
	uint64_t f;   /* NZCV as a 4-bit number: N=8 Z=4 C=2 V=1 */
};

#define FN 8
#define FZ 4
#define FC 2
#define FV 1

/* Runs TMPL with operands %[r] (result), %[a], %[b] after setting NZCV to FIN; the
 * template may use the w or x forms (%w[a], %x[a]). */
#define RUN2(tmpl, A, B, FIN) ({                                                 \
	uint64_t run_r__ = 0, run_f__;                                           \
	__asm__ volatile("msr nzcv, %[fi]\n\t" tmpl "\n\tmrs %[fo], nzcv"        \
			 : [r] "+&r"(run_r__), [fo] "=&r"(run_f__)               \
			 : [a] "r"((uint64_t)(A)), [b] "r"((uint64_t)(B)),       \
			   [fi] "r"((uint64_t)(FIN) << 28)                       \
			 : "cc", "memory");                                      \
	(struct res){ run_r__, run_f__ >> 28 }; })
#define RUN1(tmpl, A, FIN) RUN2(tmpl, A, 0, FIN)
/* Three sources (%[a], %[b], %[c]), e.g. MADD; returns the result only. */
#define RUN3(tmpl, A, B, C) ({                                                   \
	uint64_t run_r__;                                                        \
	__asm__ volatile(tmpl : [r] "=&r"(run_r__)                               \
			 : [a] "r"((uint64_t)(A)), [b] "r"((uint64_t)(B)),       \
			   [c] "r"((uint64_t)(C)));                              \
	run_r__; })

/* One output line: "PASS <name> = <value> nzcv=<flags>", or FAIL with the wanted pair. */
static inline __attribute__((format(printf, 4, 5)))
void check_vf(struct res r, uint64_t wv, uint64_t wf, const char *fmt, ...)
{
	int ok = r.v == wv && r.f == wf;
	va_list ap;
	puts(ok ? "PASS " : "FAIL ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	if (ok) {
		check_pass++;
		printf(" = 0x%016lx nzcv=%lx\n", r.v, r.f);
	} else {
		check_fail++;
		printf(" = 0x%016lx nzcv=%lx (want 0x%016lx nzcv=%lx)\n", r.v, r.f, wv, wf);
	}
}

static inline uint64_t mask_bits(int bits)
{
	return bits == 64 ? ~0ul : (1ul << bits) - 1;
}

static inline int64_t sext(uint64_t v, int bits)
{
	return bits == 64 ? (int64_t)v : (int64_t)(v << (64 - bits)) >> (64 - bits);
}

/* AddWithCarry(x, y, carry_in) for a bits-wide operation. */
static inline struct res ref_adc(uint64_t x, uint64_t y, uint64_t cin, int bits)
{
	uint64_t m = mask_bits(bits);
	x &= m;
	y &= m;
	u128 usum = (u128)x + y + cin;
	s128 ssum = (s128)sext(x, bits) + sext(y, bits) + (s128)cin;
	uint64_t r = (uint64_t)usum & m;
	uint64_t n = (r >> (bits - 1)) & 1, z = r == 0;
	uint64_t c = (usum >> bits) != 0, v = (s128)sext(r, bits) != ssum;
	return (struct res){ r, n << 3 | z << 2 | c << 1 | v };
}

static inline struct res ref_add(uint64_t x, uint64_t y, int bits)
{
	return ref_adc(x, y, 0, bits);
}

static inline struct res ref_sub(uint64_t x, uint64_t y, int bits)
{
	return ref_adc(x, ~y, 1, bits);
}

/* Flags of a logical result (ANDS/BICS/TST): N and Z from the result, C=V=0. */
static inline uint64_t ref_logic_flags(uint64_t r, int bits)
{
	r &= mask_bits(bits);
	return ((r >> (bits - 1)) & 1) << 3 | (uint64_t)(r == 0) << 2;
}

/* ConditionHolds(cond) for a 4-bit NZCV value. */
static inline int cond_holds(unsigned cond, uint64_t f)
{
	int n = (f >> 3) & 1, z = (f >> 2) & 1, c = (f >> 1) & 1, v = f & 1, r;
	switch (cond >> 1) {
	case 0: r = z; break;                 /* EQ */
	case 1: r = c; break;                 /* CS */
	case 2: r = n; break;                 /* MI */
	case 3: r = v; break;                 /* VS */
	case 4: r = c && !z; break;           /* HI */
	case 5: r = n == v; break;            /* GE */
	case 6: r = n == v && !z; break;      /* GT */
	default: r = 1; break;                /* AL */
	}
	if ((cond & 1) && cond != 15)
		r = !r;
	return r;
}

static const char *const cond_names[16] __attribute__((unused)) = {
	"eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc",
	"hi", "ls", "ge", "lt", "gt", "le", "al", "nv",
};

/* Test pages live at fixed virtual addresses far from the image (64 GiB up), so the
 * addresses and fault levels a test prints do not depend on the link layout. */
#define TEST_VA 0x1000000000ul

/* Maps the 4K page at va in the default tables to a fresh zeroed page; returns it. */
static inline void *map_test_page(uint64_t va, uint64_t attrs)
{
	void *page = page_alloc(4096);
	pt_map_pages(mmu_default_pt(), va, (uintptr_t)page, 4096, attrs);
	mmu_sync();
	return page;
}

/* After exc_catch() and a faulting instruction: exactly one exception, ESR and FAR. */
static inline void check_fault(const char *what, uint64_t esr, uint64_t far)
{
	checkf(exc_last.taken, 1, "%s: exceptions taken", what);
	checkf(exc_last.esr, esr, "%s: ESR", what);
	checkf(exc_last.far, far, "%s: FAR", what);
}

/* Same, when FAR is UNKNOWN for the exception class (so it is not printed). */
static inline void check_fault_esr(const char *what, uint64_t esr)
{
	checkf(exc_last.taken, 1, "%s: exceptions taken", what);
	checkf(exc_last.esr, esr, "%s: ESR", what);
}

static inline void check_no_fault(const char *what)
{
	checkf(exc_last.taken, 0, "%s: exceptions taken", what);
}

#endif
