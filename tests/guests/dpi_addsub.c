/* Data processing, immediate: ADD/ADDS/SUB/SUBS (12-bit immediate, optionally LSL #12),
 * their CMP/CMN/MOV-to/from-SP aliases, 32- and 64-bit, with every flag outcome. Input
 * NZCV is 0b1010 so the non-flag-setting forms visibly leave the flags alone. */
#include "asmtest.h"

#define FIN 0xA

/* One immediate add/sub: W is "w" or "x", SUB/SETF select the reference. */
#define T(MN, W, BITS, SUB, SETF, A, IMM, SH) do {                                    \
	struct res r_ = RUN1(MN " %" W "[r], %" W "[a], #" #IMM ", lsl #" #SH, A, FIN); \
	struct res w_ = (SUB) ? ref_sub(A, (uint64_t)(IMM) << (SH), BITS)               \
			      : ref_add(A, (uint64_t)(IMM) << (SH), BITS);               \
	check_vf(r_, w_.v, (SETF) ? w_.f : FIN, MN " " W " 0x%lx, #" #IMM ", lsl #" #SH, \
		 (uint64_t)(A));                                                          \
} while (0)

/* CMP/CMN only set flags; the result register must keep its old value (0 here). */
#define TCMP(MN, W, BITS, SUB, A, IMM) do {                                           \
	struct res r_ = RUN1(MN " %" W "[a], #" #IMM, A, FIN);                           \
	struct res w_ = (SUB) ? ref_sub(A, IMM, BITS) : ref_add(A, IMM, BITS);         \
	check_vf(r_, 0, w_.f, MN " " W " 0x%lx, #" #IMM, (uint64_t)(A));                 \
} while (0)

int main(void)
{
	/* 64-bit */
	T("add", "x", 64, 0, 0, 0x1234ul, 0xfff, 0);
	T("add", "x", 64, 0, 0, 0x1234ul, 0xabc, 12);
	T("add", "x", 64, 0, 0, 0xfffffffffffffffful, 1, 0);
	T("adds", "x", 64, 0, 1, 0ul, 0, 0);
	T("adds", "x", 64, 0, 1, 0x7ffffffffffffffful, 1, 0);
	T("adds", "x", 64, 0, 1, 0xfffffffffffffffful, 1, 0);
	T("adds", "x", 64, 0, 1, 0xfffffffffffff000ul, 1, 12);
	T("adds", "x", 64, 0, 1, 0x8000000000000000ul, 0xfff, 12);
	T("sub", "x", 64, 1, 0, 0ul, 1, 0);
	T("sub", "x", 64, 1, 0, 0x1000000ul, 0x1, 12);
	T("subs", "x", 64, 1, 1, 5ul, 5, 0);
	T("subs", "x", 64, 1, 1, 0ul, 1, 0);
	T("subs", "x", 64, 1, 1, 0x8000000000000000ul, 1, 0);
	T("subs", "x", 64, 1, 1, 0x7ffffffffffffffful, 0xfff, 12);
	T("subs", "x", 64, 1, 1, 0xfffffffffffffffful, 0, 0);
	TCMP("cmp", "x", 64, 1, 7ul, 8);
	TCMP("cmp", "x", 64, 1, 8ul, 8);
	TCMP("cmp", "x", 64, 1, 0x8000000000000007ul, 8);
	TCMP("cmn", "x", 64, 0, 0xfffffffffffffff8ul, 8);
	TCMP("cmn", "x", 64, 0, 0x7ffffffffffffff8ul, 8);

	/* 32-bit: the upper half of the source is ignored, the result zero-extended. */
	T("add", "w", 32, 0, 0, 0xdeadbeef00000001ul, 1, 0);
	T("add", "w", 32, 0, 0, 0xfffffffful, 1, 0);
	T("adds", "w", 32, 0, 1, 0x7ffffffful, 1, 0);
	T("adds", "w", 32, 0, 1, 0xfffffffful, 1, 0);
	T("adds", "w", 32, 0, 1, 0xffffffff7ffff000ul, 0x1, 12);
	T("adds", "w", 32, 0, 1, 0x80000000ul, 0, 0);
	T("sub", "w", 32, 1, 0, 0ul, 1, 0);
	T("subs", "w", 32, 1, 1, 0ul, 1, 0);
	T("subs", "w", 32, 1, 1, 0x80000000ul, 1, 0);
	T("subs", "w", 32, 1, 1, 0x123400000000ul, 0, 0);
	T("subs", "w", 32, 1, 1, 0xfff000ul, 0xfff, 12);
	TCMP("cmp", "w", 32, 1, 0x100000000ul, 1);
	TCMP("cmn", "w", 32, 0, 0xfffffffful, 1);

	/* Rn/Rd = SP: ADD (immediate) reads and writes SP, not XZR. */
	uint64_t d;
	__asm__ volatile("mov x9, sp\n\t"
			 "add sp, sp, #32\n\t"
			 "mov x10, sp\n\t"
			 "sub sp, sp, #32\n\t"
			 "sub %0, x10, x9" : "=r"(d) :: "x9", "x10");
	check("add sp, sp, #32 moves SP by 32", d, 32);
	__asm__ volatile("add %0, sp, #0\n\tmov x9, sp\n\tsub %0, %0, x9" : "=r"(d) :: "x9");
	check("mov xd, sp (add xd, sp, #0) reads SP", d, 0);
	/* ADDS with Rn = SP is allowed; CMP sp, #0 reads SP too (never zero here). */
	struct res r;
	__asm__ volatile("msr nzcv, xzr\n\tcmp sp, #0\n\tmrs %0, nzcv" : "=r"(r.f));
	check("cmp sp, #0 nzcv", r.f >> 28, 0x2);

	return check_done();
}
