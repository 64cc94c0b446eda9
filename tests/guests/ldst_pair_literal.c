/* Loads and stores: register pairs (LDP/STP 32- and 64-bit with signed offset, pre- and
 * post-index; LDPSW; LDNP/STNP) and PC-relative literal loads (LDR W/X, LDRSW, PRFM). */
#include "asmtest.h"

static uint8_t buf[256] __attribute__((aligned(64)));

static void fill(void)
{
	for (unsigned i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 0x3b + 0x85);
}

static uint64_t le(unsigned off, unsigned size)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < size; i++)
		v |= (uint64_t)buf[off + i] << (8 * i);
	return v;
}

#define OFF(p) ((uint64_t)(p) - (uintptr_t)buf)

int main(void)
{
	uint64_t a, b, base;
	fill();

	__asm__ volatile("ldp %0, %1, [%2, #16]" : "=&r"(a), "=&r"(b) : "r"(buf) : "memory");
	check("ldp x [b, #16] first", a, le(16, 8));
	check("ldp x [b, #16] second", b, le(24, 8));
	__asm__ volatile("ldp %w0, %w1, [%2, #-8]" : "=&r"(a), "=&r"(b) : "r"(buf + 64) : "memory");
	check("ldp w [b, #-8] first", a, le(56, 4));
	check("ldp w [b, #-8] second", b, le(60, 4));
	__asm__ volatile("ldp %0, %1, [%2, #504]" : "=&r"(a), "=&r"(b) : "r"((uintptr_t)buf - 480) : "memory");
	check("ldp x [b, #504] first", a, le(24, 8));
	check("ldp x [b, #504] second", b, le(32, 8));
	__asm__ volatile("ldp %0, %1, [%2, #-512]" : "=&r"(a), "=&r"(b) : "r"((uintptr_t)buf + 512) : "memory");
	check("ldp x [b, #-512] first", a, le(0, 8));
	__asm__ volatile("ldpsw %0, %1, [%2, #8]" : "=&r"(a), "=&r"(b) : "r"(buf) : "memory");
	check("ldpsw first", a, (uint64_t)(int64_t)(int32_t)le(8, 4));
	check("ldpsw second", b, (uint64_t)(int64_t)(int32_t)le(12, 4));
	__asm__ volatile("ldp %0, %1, [%2, #8]" : "=&r"(a), "=&r"(b) : "r"(buf + 3) : "memory");
	check("ldp x unaligned (buf+11) first", a, le(11, 8));
	check("ldp x unaligned (buf+11) second", b, le(19, 8));
	__asm__ volatile("ldnp %0, %1, [%2, #32]" : "=&r"(a), "=&r"(b) : "r"(buf) : "memory");
	check("ldnp x first", a, le(32, 8));
	check("ldnp x second", b, le(40, 8));

	base = (uintptr_t)buf + 96;
	__asm__ volatile("ldp %0, %1, [%2, #-16]!" : "=&r"(a), "=&r"(b), "+r"(base) :: "memory");
	check("ldp x pre #-16 first", a, le(80, 8));
	check("ldp x pre #-16 second", b, le(88, 8));
	check("ldp x pre #-16 base", OFF(base), 80);
	__asm__ volatile("ldp %w0, %w1, [%2], #40" : "=&r"(a), "=&r"(b), "+r"(base) :: "memory");
	check("ldp w post #40 first", a, le(80, 4));
	check("ldp w post #40 second", b, le(84, 4));
	check("ldp w post #40 base", OFF(base), 120);
	__asm__ volatile("ldpsw %0, %1, [%2, #-4]!" : "=&r"(a), "=&r"(b), "+r"(base) :: "memory");
	check("ldpsw pre #-4 first", a, (uint64_t)(int64_t)(int32_t)le(116, 4));
	check("ldpsw pre #-4 base", OFF(base), 116);

	/* Stores. */
	fill();
	base = (uintptr_t)buf + 128;
	__asm__ volatile("stp %1, %2, [%0]\n\t"
			 "stp %w2, %w1, [%0, #-8]\n\t"
			 "stp %1, %2, [%0, #32]!\n\t"
			 "stp %w1, %w2, [%0], #-64\n\t"
			 "stnp %2, %1, [%0, #8]\n\t"
			 : "+r"(base) : "r"(0x0102030405060708ul), "r"(0xa0b0c0d0e0f00010ul) : "memory");
	check("stp x [b] first", le(128, 8), 0x0102030405060708ul);
	check("stp x [b] second", le(136, 8), 0xa0b0c0d0e0f00010ul);
	check("stp w [b,#-8] first", le(120, 4), 0xe0f00010);
	check("stp w [b,#-8] second", le(124, 4), 0x05060708);
	check("stp x pre #32 second", le(168, 8), 0xa0b0c0d0e0f00010ul);
	/* The post-index STP W stores at the pre-indexed base, over the first X. */
	check("stp w post (at old base) first", le(160, 4), 0x05060708);
	check("stp w post (at old base) second", le(164, 4), 0xe0f00010);
	check("base after pre #32 and post #-64", OFF(base), 96);
	check("stnp x first", le(104, 8), 0xa0b0c0d0e0f00010ul);
	check("stnp x second", le(112, 8), 0x0102030405060708ul);
	check("byte after stnp untouched", le(120, 1), 0x10);

	/* Literal loads: the data sits in the code stream right after a branch. */
	uint64_t w, x, sw;
	__asm__ volatile("ldr %w0, 1f\n\t"
			 "ldr %1, 2f\n\t"
			 "ldrsw %2, 1f\n\t"
			 "prfm pldl1keep, 2f\n\t"
			 "b 3f\n\t"
			 ".balign 8\n"
			 "2: .quad 0xfedcba9876543210\n"
			 "1: .word 0x89abcdef\n"
			 "3:\n" : "=&r"(w), "=&r"(x), "=&r"(sw));
	check("ldr w literal", w, 0x89abcdef);
	check("ldr x literal", x, 0xfedcba9876543210ul);
	check("ldrsw literal", sw, 0xffffffff89abcdeful);
	/* Literal load from backwards and unaligned position (4-byte aligned x load). */
	__asm__ volatile("b 2f\n\t"
			 ".balign 8\n\t"
			 ".word 0\n"
			 "1: .quad 0x0011223344556677\n"
			 "2: ldr %0, 1b\n" : "=r"(x));
	check("ldr x literal backwards, 4-aligned", x, 0x0011223344556677ul);

	return check_done();
}
