/* Loads and stores: FEAT_LSE atomics. LDADD/LDCLR/LDEOR/LDSET/LDSMAX/LDSMIN/LDUMAX/
 * LDUMIN in every size (with the acquire/release variants spread over the sizes), the
 * ST<op> aliases, SWP, CAS (match and mismatch) and CASP. Each check shows the value
 * returned in the register and the 64-bit memory slot afterwards, whose bytes above
 * the access size must be untouched. */
#include "asmtest.h"

static uint64_t slot __attribute__((aligned(16)));
static uint64_t pair[2] __attribute__((aligned(16)));

#define FILL 0xeeeeeeeeeeeeeeeeul

enum { ADD, CLR, EOR, SET, SMAX, SMIN, UMAX, UMIN };

static uint64_t ref_op(int op, uint64_t old, uint64_t s, int bits)
{
	uint64_t m = mask_bits(bits), r;
	int64_t so = sext(old, bits), ss = sext(s, bits);
	old &= m;
	s &= m;
	switch (op) {
	case ADD: r = old + s; break;
	case CLR: r = old & ~s; break;
	case EOR: r = old ^ s; break;
	case SET: r = old | s; break;
	case SMAX: r = so > ss ? old : s; break;
	case SMIN: r = so < ss ? old : s; break;
	case UMAX: r = old > s ? old : s; break;
	default: r = old < s ? old : s; break;
	}
	return r & m;
}

/* One LD<op>: memory starts as FILL with the low BITS bits = MEM, operand S. */
#define LDOP(MN, OP, W, BITS, MEM, S) do {                                             \
	uint64_t m_ = mask_bits(BITS), old_;                                             \
	slot = (FILL & ~m_) | ((uint64_t)(MEM) & m_);                                     \
	__asm__ volatile(MN " %" W "1, %" W "0, [%2]"                                     \
			 : "=&r"(old_) : "r"((uint64_t)(S)), "r"(&slot) : "memory");      \
	checkf(old_, (uint64_t)(MEM) & m_, "%-10s mem=0x%lx s=0x%lx: returned", MN,       \
	       (uint64_t)(MEM) & m_, (uint64_t)(S) & m_);                                 \
	checkf(slot, (FILL & ~m_) | ref_op(OP, MEM, S, BITS),                             \
	       "%-10s mem=0x%lx s=0x%lx: memory", MN, (uint64_t)(MEM) & m_,               \
	       (uint64_t)(S) & m_);                                                       \
} while (0)

/* Two operand pairs per op and size: one where signed and unsigned order disagree. */
#define SIZES(B, H, W_, X, OP) do {                                                    \
	LDOP(B, OP, "w", 8, 0x85, 0x7b);                                                  \
	LDOP(B, OP, "w", 8, 0x13, 0xf1);                                                  \
	LDOP(H, OP, "w", 16, 0x8005, 0x7ffb);                                             \
	LDOP(H, OP, "w", 16, 0x1234, 0xff00);                                             \
	LDOP(W_, OP, "w", 32, 0x80000005, 0x7ffffffb);                                    \
	LDOP(W_, OP, "w", 32, 0x12345678, 0xfffffff0);                                    \
	LDOP(X, OP, "x", 64, 0x8000000000000005, 0x7ffffffffffffffb);                     \
	LDOP(X, OP, "x", 64, 0x0123456789abcdef, 0xfedcba9876543210);                     \
} while (0)

int main(void)
{
	SIZES("ldaddb", "ldaddah", "ldaddl", "ldaddal", ADD);
	SIZES("ldclrab", "ldclrlh", "ldclral", "ldclr", CLR);
	SIZES("ldeorlb", "ldeoralh", "ldeor", "ldeora", EOR);
	SIZES("ldsetalb", "ldseth", "ldseta", "ldsetl", SET);
	SIZES("ldsmaxb", "ldsmaxah", "ldsmaxl", "ldsmaxal", SMAX);
	SIZES("ldsminab", "ldsminlh", "ldsminal", "ldsmin", SMIN);
	SIZES("ldumaxlb", "ldumaxalh", "ldumax", "ldumaxa", UMAX);
	SIZES("lduminalb", "lduminh", "ldumina", "lduminl", UMIN);

	/* ST<op>: LD<op> with the zero register as destination. */
	slot = 40;
	__asm__ volatile("stadd %1, [%0]\n\tstsetlh %w2, [%0]\n\tstsmaxb %w3, [%0]"
			 :: "r"(&slot), "r"(2ul), "r"(0x100ul), "r"(0x7ful) : "memory");
	check("stadd 2; stsetlh 0x100; stsmaxb 0x7f on 40", slot, 0x17f);
	__asm__ volatile("stumin %w1, [%0]\n\tsteorl %1, [%0]\n\tstclrb %w2, [%0]"
			 :: "r"(&slot), "r"(0x100ul), "r"(0xfful) : "memory");
	check("stumin w 0x100; steorl 0x100; stclrb 0xff", slot, 0);

	/* SWP in every size. */
	uint64_t old;
	slot = FILL;
	__asm__ volatile("swpb %w1, %w0, [%2]" : "=&r"(old) : "r"(0x1234ul), "r"(&slot) : "memory");
	check("swpb returned", old, 0xee);
	check("swpb memory", slot, 0xeeeeeeeeeeeeee34ul);
	__asm__ volatile("swpah %w1, %w0, [%2]" : "=&r"(old) : "r"(0xabcdul), "r"(&slot) : "memory");
	check("swpah returned", old, 0xee34);
	check("swpah memory", slot, 0xeeeeeeeeeeeeabcdul);
	__asm__ volatile("swpl %w1, %w0, [%2]" : "=&r"(old) : "r"(0x11223344ul), "r"(&slot) : "memory");
	check("swpl w returned", old, 0xeeeeabcd);
	check("swpl w memory", slot, 0xeeeeeeee11223344ul);
	__asm__ volatile("swpal %1, %0, [%2]" : "=&r"(old) : "r"(0x5ul), "r"(&slot) : "memory");
	check("swpal x returned", old, 0xeeeeeeee11223344ul);
	check("swpal x memory", slot, 5);

	/* CAS: Rs gets the old value either way; memory changes only on a match. */
	uint64_t s;
	slot = 0xeeeeeeeeeeee1180ul;
	s = 0x80;
	__asm__ volatile("casb %w0, %w1, [%2]" : "+r"(s) : "r"(0x7ful), "r"(&slot) : "memory");
	check("casb match: rs", s, 0x80);
	check("casb match: memory", slot, 0xeeeeeeeeeeee117ful);
	s = 0x80;
	__asm__ volatile("casab %w0, %w1, [%2]" : "+r"(s) : "r"(0x00ul), "r"(&slot) : "memory");
	check("casab mismatch: rs", s, 0x7f);
	check("casab mismatch: memory", slot, 0xeeeeeeeeeeee117ful);
	s = 0x117f;
	__asm__ volatile("caslh %w0, %w1, [%2]" : "+r"(s) : "r"(0xbeeful), "r"(&slot) : "memory");
	check("caslh match: rs", s, 0x117f);
	check("caslh match: memory", slot, 0xeeeeeeeeeeeebeeful);
	s = 0xeeeebeee;
	__asm__ volatile("casal %w0, %w1, [%2]" : "+r"(s) : "r"(0ul), "r"(&slot) : "memory");
	check("casal w mismatch: rs", s, 0xeeeebeef);
	check("casal w mismatch: memory", slot, 0xeeeeeeeeeeeebeeful);
	s = 0xeeeeeeeeeeeebeeful;
	__asm__ volatile("cas %0, %1, [%2]" : "+r"(s) : "r"(0x42ul), "r"(&slot) : "memory");
	check("cas x match: rs", s, 0xeeeeeeeeeeeebeeful);
	check("cas x match: memory", slot, 0x42);
	s = 0x43;
	__asm__ volatile("casa %0, %1, [%2]" : "+r"(s) : "r"(0x44ul), "r"(&slot) : "memory");
	check("casa x mismatch: rs", s, 0x42);
	check("casa x mismatch: memory", slot, 0x42);

	/* CASP: even/odd register pairs, compared and swapped as one 64- or 128-bit unit. */
	uint64_t r0, r1;
	pair[0] = 0x1111111111111111ul;
	pair[1] = 0x2222222222222222ul;
	{
		register uint64_t x0 __asm__("x0") = 0x1111111111111111ul;
		register uint64_t x1 __asm__("x1") = 0x2222222222222222ul;
		register uint64_t x2 __asm__("x2") = 0xaaaaaaaaaaaaaaaaul;
		register uint64_t x3 __asm__("x3") = 0xbbbbbbbbbbbbbbbbul;
		__asm__ volatile("caspal x0, x1, x2, x3, [%2]"
				 : "+r"(x0), "+r"(x1) : "r"(pair), "r"(x2), "r"(x3) : "memory");
		r0 = x0;
		r1 = x1;
	}
	check("caspal x match: rs", r0, 0x1111111111111111ul);
	check("caspal x match: rs+1", r1, 0x2222222222222222ul);
	check("caspal x match: memory[0]", pair[0], 0xaaaaaaaaaaaaaaaaul);
	check("caspal x match: memory[1]", pair[1], 0xbbbbbbbbbbbbbbbbul);
	{
		register uint64_t x4 __asm__("x4") = 0xaaaaaaaaaaaaaaaaul;
		register uint64_t x5 __asm__("x5") = 0;
		register uint64_t x6 __asm__("x6") = 1;
		register uint64_t x7 __asm__("x7") = 2;
		__asm__ volatile("casp x4, x5, x6, x7, [%2]"
				 : "+r"(x4), "+r"(x5) : "r"(pair), "r"(x6), "r"(x7) : "memory");
		r0 = x4;
		r1 = x5;
	}
	check("casp x mismatch: rs", r0, 0xaaaaaaaaaaaaaaaaul);
	check("casp x mismatch: rs+1", r1, 0xbbbbbbbbbbbbbbbbul);
	check("casp x mismatch: memory[0]", pair[0], 0xaaaaaaaaaaaaaaaaul);
	{
		register uint64_t x8 __asm__("x8") = 0xaaaaaaaa;
		register uint64_t x9 __asm__("x9") = 0xaaaaaaaa;
		register uint64_t x10 __asm__("x10") = 0x12345678;
		register uint64_t x11 __asm__("x11") = 0x9abcdef0;
		__asm__ volatile("caspl w8, w9, w10, w11, [%2]"
				 : "+r"(x8), "+r"(x9) : "r"(pair), "r"(x10), "r"(x11) : "memory");
		r0 = x8;
		r1 = x9;
	}
	check("caspl w match: rs", r0, 0xaaaaaaaa);
	check("caspl w match: rs+1", r1, 0xaaaaaaaa);
	check("caspl w match: memory[0]", pair[0], 0x9abcdef012345678ul);
	check("caspl w match: memory[1]", pair[1], 0xbbbbbbbbbbbbbbbbul);

	return check_done();
}
