/* Loads and stores: exclusives (LDXR/STXR, LDAXR/STLXR in every size, LDXP/STXP and
 * LDAXP/STLXP), CLREX, and the acquire/release forms LDAR/STLR, LDAPR/LDAPUR/STLUR and
 * LDLAR/STLLR. A store-exclusive is allowed to fail spuriously, so successful pairs
 * are retried (at most 100 times); one with the monitor in the Open Access state (no
 * LDXR before it, or CLREX in between) must fail with status 1 and leave memory alone. */
#include "asmtest.h"

static uint64_t mem[8] __attribute__((aligned(64)));

#define TRIES 100

/* An exclusive read-modify-write of SZ ("b", "h", "" or for pairs "p") that retries.
 * Returns the number of attempts, 1..TRIES, or TRIES+1 if every attempt failed. */
#define RMW(LD, ST, W, PTR, OLD, NEW) ({                                          \
	uint64_t st_ = 1, n_ = 0;                                                    \
	while (st_ && n_ <= TRIES) {                                                 \
		n_++;                                                                \
		__asm__ volatile(LD " %" W "0, [%2]\n\t"                             \
				 ST " %w1, %" W "3, [%2]"                            \
				 : "=&r"(OLD), "=&r"(st_)                            \
				 : "r"(PTR), "r"(NEW) : "memory");                   \
	}                                                                            \
	n_; })

static void report(const char *what, uint64_t tries)
{
	checkf(tries <= TRIES, 1, "%s succeeded", what);
}

int main(void)
{
	uint64_t old, st, a, b;

	mem[0] = 0x1122334455667788ul;
	report("ldxrb/stxrb", RMW("ldxrb", "stxrb", "w", mem, old, 0xaaul));
	check("ldxrb loaded", old, 0x88);
	check("stxrb stored", mem[0], 0x11223344556677aaul);
	report("ldxrh/stxrh", RMW("ldaxrh", "stlxrh", "w", (uint8_t *)mem + 2, old, 0xbbccul));
	check("ldaxrh loaded", old, 0x5566);
	check("stlxrh stored", mem[0], 0x11223344bbcc77aaul);
	report("ldxr w/stxr w", RMW("ldxr", "stxr", "w", (uint8_t *)mem + 4, old, 0xdeadbeeful));
	check("ldxr w loaded", old, 0x11223344);
	check("stxr w stored", mem[0], 0xdeadbeefbbcc77aaul);
	report("ldaxr x/stlxr x", RMW("ldaxr", "stlxr", "x", mem, old, 0x0123456789abcdeful));
	check("ldaxr x loaded", old, 0xdeadbeefbbcc77aaul);
	check("stlxr x stored", mem[0], 0x0123456789abcdeful);

	/* Pairs. */
	mem[2] = 0x1111111111111111ul;
	mem[3] = 0x2222222222222222ul;
	uint64_t n = 0;
	do {
		n++;
		__asm__ volatile("ldxp %0, %1, [%3]\n\t"
				 "stxp %w2, %4, %5, [%3]"
				 : "=&r"(a), "=&r"(b), "=&r"(st)
				 : "r"(&mem[2]), "r"(0x3333ul), "r"(0x4444ul) : "memory");
	} while (st && n <= TRIES);
	report("ldxp/stxp x", n);
	check("ldxp x first", a, 0x1111111111111111ul);
	check("ldxp x second", b, 0x2222222222222222ul);
	check("stxp x first", mem[2], 0x3333);
	check("stxp x second", mem[3], 0x4444);
	n = 0;
	do {
		n++;
		__asm__ volatile("ldaxp %w0, %w1, [%3]\n\t"
				 "stlxp %w2, %w4, %w5, [%3]"
				 : "=&r"(a), "=&r"(b), "=&r"(st)
				 : "r"(&mem[3]), "r"(0x89abcdeful), "r"(0x01234567ul) : "memory");
	} while (st && n <= TRIES);
	report("ldaxp/stlxp w", n);
	check("ldaxp w first", a, 0x4444);
	check("ldaxp w second", b, 0);
	check("stlxp w pair", mem[3], 0x0123456789abcdeful);

	/* Open Access state: the store-exclusive fails and writes nothing. */
	mem[4] = 77;
	__asm__ volatile("clrex\n\tstxr %w0, %1, [%2]" : "=&r"(st) : "r"(1ul), "r"(&mem[4]) : "memory");
	check("stxr with no ldxr: status", st, 1);
	check("stxr with no ldxr: memory", mem[4], 77);
	__asm__ volatile("ldxr %0, [%2]\n\tclrex\n\tstxr %w1, %3, [%2]"
			 : "=&r"(old), "=&r"(st) : "r"(&mem[4]), "r"(2ul) : "memory");
	check("ldxr; clrex; stxr: status", st, 1);
	check("ldxr; clrex; stxr: memory", mem[4], 77);
	__asm__ volatile("clrex #15\n\tstxp %w0, %1, %1, [%2]" : "=&r"(st) : "r"(3ul), "r"(&mem[4]) : "memory");
	check("stxp with no ldxp: status", st, 1);
	check("stxp with no ldxp: memory", mem[4] ^ mem[5], 77);
	/* A successful store-exclusive clears the monitor: a second one fails. */
	n = 0;
	do {
		n++;
		__asm__ volatile("ldxr %0, [%2]\n\tstxr %w1, %3, [%2]"
				 : "=&r"(old), "=&r"(st) : "r"(&mem[4]), "r"(5ul) : "memory");
	} while (st && n <= TRIES);
	__asm__ volatile("stxr %w0, %1, [%2]" : "=&r"(st) : "r"(6ul), "r"(&mem[4]) : "memory");
	check("second stxr after a successful one: status", st, 1);
	check("second stxr after a successful one: memory", mem[4], 5);

	/* Acquire/release, RCpc and LORegion forms (no exclusivity). */
	mem[6] = 0x8899aabbccddeefful;
	__asm__ volatile("ldar %0, [%1]" : "=r"(a) : "r"(&mem[6]) : "memory");
	check("ldar x", a, 0x8899aabbccddeefful);
	__asm__ volatile("ldarb %w0, [%1]" : "=r"(a) : "r"((uint8_t *)&mem[6] + 7) : "memory");
	check("ldarb", a, 0x88);
	__asm__ volatile("ldarh %w0, [%1]" : "=r"(a) : "r"((uint8_t *)&mem[6] + 2) : "memory");
	check("ldarh", a, 0xccdd);
	__asm__ volatile("ldapr %w0, [%1]" : "=r"(a) : "r"((uint8_t *)&mem[6] + 4) : "memory");
	check("ldapr w", a, 0x8899aabb);
	__asm__ volatile("ldapur %0, [%1, #-8]" : "=r"(a) : "r"(&mem[7]) : "memory");
	check("ldapur x #-8", a, 0x8899aabbccddeefful);
	__asm__ volatile("ldapursb %0, [%1, #7]" : "=r"(a) : "r"(&mem[6]) : "memory");
	check("ldapursb x", a, 0xffffffffffffff88ul);
	__asm__ volatile("ldlar %0, [%1]" : "=r"(a) : "r"(&mem[6]) : "memory");
	check("ldlar x", a, 0x8899aabbccddeefful);
	__asm__ volatile("stlr %1, [%0]" :: "r"(&mem[7]), "r"(0x0102030405060708ul) : "memory");
	check("stlr x", mem[7], 0x0102030405060708ul);
	__asm__ volatile("stlrb %w1, [%0]" :: "r"(&mem[7]), "r"(0xeeul) : "memory");
	check("stlrb", mem[7], 0x01020304050607eeul);
	__asm__ volatile("stlrh %w1, [%0]" :: "r"((uint8_t *)&mem[7] + 6), "r"(0xf00dul) : "memory");
	check("stlrh", mem[7], 0xf00d0304050607eeul);
	__asm__ volatile("stlur %w1, [%0, #-4]" :: "r"((uint8_t *)&mem[7] + 8), "r"(0x11223344ul) : "memory");
	check("stlur w #-4", mem[7], 0x11223344050607eeul);
	__asm__ volatile("stllr %w1, [%0]" :: "r"(&mem[7]), "r"(0x99ul) : "memory");
	check("stllr w", mem[7], 0x1122334400000099ul);

	return check_done();
}
