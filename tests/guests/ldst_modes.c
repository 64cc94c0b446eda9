/* Loads and stores, single register: every addressing mode (unsigned scaled offset,
 * unscaled LDUR/STUR, pre- and post-index with writeback, register offset with LSL/
 * UXTW/SXTW/SXTX and optional scaling), every size, sign- and zero-extension into W
 * and X, SP as base, unaligned accesses (legal on Normal memory with SCTLR_EL1.A=0),
 * and PRFM, which never faults, even on an unmapped address. */
#include "asmtest.h"

static uint8_t buf[512] __attribute__((aligned(64)));

static void fill(void)
{
	for (unsigned i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 0x9d + 0x41);
}

/* Little-endian value of `size` bytes at buf+off. */
static uint64_t le(unsigned off, unsigned size)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < size; i++)
		v |= (uint64_t)buf[off + i] << (8 * i);
	return v;
}

/* Load with base register %[a] = buf + BASE and index register %[b] = IDX. */
#define LD(TMPL, BASE, IDX, WANT) do {                                              \
	struct res r_ = RUN2(TMPL, (uintptr_t)buf + (BASE), (uint64_t)(IDX), 0);                  \
	check_vf(r_, WANT, 0, "%-34s base=buf+%d idx=%ld", TMPL, BASE, (long)(IDX));   \
} while (0)

int main(void)
{
	fill();

	/* Unsigned scaled immediate offsets and every size/extension. */
	LD("ldrb %w[r], [%x[a], #5]", 0, 0, le(5, 1));
	LD("ldrb %w[r], [%x[a], #4095]", -3840, 0, le(255, 1));
	LD("ldrh %w[r], [%x[a], #6]", 0, 0, le(6, 2));
	LD("ldr %w[r], [%x[a], #12]", 0, 0, le(12, 4));
	LD("ldr %x[r], [%x[a], #32760]", -32512, 0, le(248, 8));
	LD("ldr %x[r], [%x[a], #24]", 0, 0, le(24, 8));
	LD("ldrsb %w[r], [%x[a], #1]", 0, 0, (uint32_t)(int32_t)(int8_t)le(1, 1));
	LD("ldrsb %x[r], [%x[a], #1]", 0, 0, (uint64_t)(int64_t)(int8_t)le(1, 1));
	LD("ldrsb %x[r], [%x[a], #2]", 0, 0, (uint64_t)(int64_t)(int8_t)le(2, 1));
	LD("ldrsh %w[r], [%x[a], #2]", 0, 0, (uint32_t)(int32_t)(int16_t)le(2, 2));
	LD("ldrsh %x[r], [%x[a], #8]", 0, 0, (uint64_t)(int64_t)(int16_t)le(8, 2));
	LD("ldrsw %x[r], [%x[a], #4]", 0, 0, (uint64_t)(int64_t)(int32_t)le(4, 4));
	LD("ldrsw %x[r], [%x[a], #16]", 0, 0, (uint64_t)(int64_t)(int32_t)le(16, 4));

	/* Unscaled (LDUR*) with negative and unaligned offsets. */
	LD("ldur %x[r], [%x[a], #-3]", 64, 0, le(61, 8));
	LD("ldur %w[r], [%x[a], #255]", 0, 0, le(255, 4));
	LD("ldurh %w[r], [%x[a], #-255]", 256, 0, le(1, 2));
	LD("ldursb %x[r], [%x[a], #-1]", 2, 0, (uint64_t)(int64_t)(int8_t)le(1, 1));
	LD("ldursh %w[r], [%x[a], #3]", 0, 0, (uint32_t)(int32_t)(int16_t)le(3, 2));
	LD("ldursw %x[r], [%x[a], #7]", 0, 0, (uint64_t)(int64_t)(int32_t)le(7, 4));
	/* Unaligned accesses through the scaled forms' base register. */
	LD("ldr %x[r], [%x[a]]", 13, 0, le(13, 8));
	LD("ldr %w[r], [%x[a], #4]", 1, 0, le(5, 4));
	LD("ldrh %w[r], [%x[a]]", 63, 0, le(63, 2));

	/* Register offsets. */
	LD("ldr %x[r], [%x[a], %x[b]]", 0, 40, le(40, 8));
	LD("ldr %x[r], [%x[a], %x[b], lsl #3]", 0, 5, le(40, 8));
	LD("ldr %w[r], [%x[a], %w[b], uxtw #2]", 0, 0x100000003ul, le(12, 4));
	LD("ldr %w[r], [%x[a], %w[b], sxtw #2]", 64, 0xfffffffful, le(60, 4));
	LD("ldr %x[r], [%x[a], %w[b], sxtw]", 64, 0x7ffffff0fffffff8ul, le(56, 8));
	LD("ldrh %w[r], [%x[a], %x[b], sxtx #1]", 64, -4, le(56, 2));
	LD("ldrsh %x[r], [%x[a], %w[b], uxtw]", 0, 9, (uint64_t)(int64_t)(int16_t)le(9, 2));
	LD("ldrb %w[r], [%x[a], %w[b], sxtw]", 16, -16, le(0, 1));
	LD("ldrb %w[r], [%x[a], %x[b], lsl #0]", 0, 77, le(77, 1));
	LD("ldrsb %w[r], [%x[a], %x[b]]", 0, 129, (uint32_t)(int32_t)(int8_t)le(129, 1));
	LD("ldrsw %x[r], [%x[a], %x[b], lsl #2]", 0, 30, (uint64_t)(int64_t)(int32_t)le(120, 4));

	/* Pre- and post-index: the loaded value and the written-back base. */
	uint64_t v, base;
	base = (uintptr_t)buf + 64;
	__asm__ volatile("ldr %0, [%1, #16]!" : "=r"(v), "+r"(base) :: "memory");
	check("ldr x, [b, #16]! value", v, le(80, 8));
	check("ldr x, [b, #16]! base-buf", base - (uintptr_t)buf, 80);
	__asm__ volatile("ldr %0, [%1], #-24" : "=r"(v), "+r"(base) :: "memory");
	check("ldr x, [b], #-24 value", v, le(80, 8));
	check("ldr x, [b], #-24 base-buf", base - (uintptr_t)buf, 56);
	__asm__ volatile("ldrsh %w0, [%1, #-3]!" : "=r"(v), "+r"(base) :: "memory");
	check("ldrsh w, [b, #-3]! value", v, (uint32_t)(int32_t)(int16_t)le(53, 2));
	check("ldrsh w, [b, #-3]! base-buf", base - (uintptr_t)buf, 53);
	__asm__ volatile("ldrb %w0, [%1], #255" : "=r"(v), "+r"(base) :: "memory");
	check("ldrb w, [b], #255 value", v, le(53, 1));
	check("ldrb w, [b], #255 base-buf", base - (uintptr_t)buf, 308);
	__asm__ volatile("ldrsw %0, [%1, #-256]!" : "=r"(v), "+r"(base) :: "memory");
	check("ldrsw x, [b, #-256]! value", v, (uint64_t)(int64_t)(int32_t)le(52, 4));
	check("ldrsw x, [b, #-256]! base-buf", base - (uintptr_t)buf, 52);

	/* Stores of every size and mode, then the bytes they changed. */
	fill();
	base = (uintptr_t)buf + 128;
	uint64_t val = 0x1122334455667788ul;
	__asm__ volatile("strb %w1, [%0, #1]\n\t"
			 "strh %w1, [%0, #2]\n\t"
			 "str %w1, [%0, #4]\n\t"
			 "str %1, [%0, #8]\n\t"
			 "stur %1, [%0, #-7]\n\t"
			 "sturh %w1, [%0, #17]\n\t"
			 "str %1, [%0, #21]\n\t"
			 :: "r"(base), "r"(val) : "memory");
	check("strb #1", le(129, 1), 0x88);
	check("strh #2", le(130, 2), 0x7788);
	check("str w #4", le(132, 4), 0x55667788);
	check("str x #8", le(136, 8), val);
	check("stur x #-7", le(121, 8), val);
	check("byte before stur untouched", le(120, 1), (uint8_t)(120 * 0x9d + 0x41));
	check("sturh #17", le(145, 2), 0x7788);
	check("str x #21 (unaligned)", le(149, 8), val);
	check("stur x #-7 top byte at +0", le(128, 1), 0x11);
	__asm__ volatile("str %1, [%0, #-16]!\n\t"
			 "strh %w1, [%0], #-2\n\t"
			 "strb %w1, [%0, #-1]!\n\t"
			 : "+r"(base) : "r"(0xa1b2c3d4e5f60718ul) : "memory");
	check("str x pre #-16", le(112, 8), 0xa1b2c3d4e5f60718ul);
	check("strh post #-2 wrote at old base", le(112, 2), 0x0718);
	check("strb pre #-1", le(109, 1), 0x18);
	check("base after writebacks - buf", base - (uintptr_t)buf, 109);
	__asm__ volatile("str %w1, [%0, %2, lsl #2]\n\t"
			 "strh %w1, [%0, %w3, sxtw #1]\n\t"
			 "strb %w1, [%0, %w3, sxtw]\n\t"
			 :: "r"(buf + 256), "r"(0xcafef00dul), "r"(3ul), "r"(-5l) : "memory");
	check("str w [b, x, lsl #2]", le(268, 4), 0xcafef00d);
	check("strh [b, w(-5), sxtw #1]", le(246, 2), 0xf00d);
	check("strb [b, w(-5), sxtw]", le(251, 1), 0x0d);

	/* SP as the base register. */
	__asm__ volatile("sub sp, sp, #32\n\t"
			 "str %1, [sp, #8]\n\t"
			 "ldrh %w0, [sp, #10]\n\t"
			 "add sp, sp, #32" : "=&r"(v) : "r"(val) : "memory");
	check("str x [sp,#8]; ldrh [sp,#10]", v, 0x5566);

	/* XZR as the data register stores zero; loads into XZR are discarded. */
	__asm__ volatile("str xzr, [%0]\n\tldr xzr, [%0, #8]" :: "r"(buf + 200) : "memory");
	check("str xzr", le(200, 8), 0);

	/* Prefetches are hints: no fault even for an address with no mapping. */
	__asm__ volatile("prfm pldl1keep, [%0]\n\t"
			 "prfm pstl2strm, [%0, #8]\n\t"
			 "prfum pldl3keep, [%0, #-1]\n\t"
			 "prfm plil1keep, [%0, %1]" :: "r"(0x100000000ul), "r"(64ul));
	check("prfm on unmapped VA did not fault", 0, 0);

	return check_done();
}
