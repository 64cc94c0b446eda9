/* Branches: B, BL (link = next instruction), BR, BLR (including BLR x30, which must
 * read the target before writing the link), RET and RET Xn, B.cond for all 16
 * conditions under flag values that make each both true and false, CBZ/CBNZ (32-bit
 * forms look only at the low word) and TBZ/TBNZ on bits 0..63. */
#include "asmtest.h"

static const uint64_t flag_inputs[] = { 0x0, 0x6, 0x8, 0xb };

/* 1 if B.<COND> was taken with NZCV = FL. */
#define BCOND(COND, FL) ({                                                       \
	uint64_t t_;                                                              \
	__asm__ volatile("msr nzcv, %1\n\t"                                       \
			 "mov %0, #1\n\t"                                         \
			 "b." COND " 1f\n\t"                                      \
			 "mov %0, #0\n"                                           \
			 "1:" : "=&r"(t_) : "r"((uint64_t)(FL) << 28) : "cc");    \
	t_; })

#define CONDS(COND, CN) do {                                                     \
	for (unsigned i_ = 0; i_ < 4; i_++)                                       \
		checkf(BCOND(COND, flag_inputs[i_]), cond_holds(CN, flag_inputs[i_]), \
		       "b.%s taken with nzcv=%lx", COND, flag_inputs[i_]);         \
} while (0)

/* 1 if the compare-and-branch TMPL (on %1) jumped. */
#define CB(TMPL, V) ({                                                           \
	uint64_t t_;                                                              \
	__asm__ volatile("mov %0, #1\n\t" TMPL ", 1f\n\tmov %0, #0\n1:"           \
			 : "=&r"(t_) : "r"((uint64_t)(V)));                       \
	t_; })

int main(void)
{
	uint64_t v, w;

	/* B forward and backward. */
	__asm__ volatile("mov %0, #0\n\t"
			 "b 2f\n"
			 "1: add %0, %0, #10\n\t"
			 "b 3f\n"
			 "2: add %0, %0, #1\n\t"
			 "b 1b\n"
			 "3:" : "=&r"(v));
	check("b forward then backward", v, 11);

	/* BL: x30 = address of the instruction after the BL. */
	__asm__ volatile("bl 1f\n"
			 "2: b 3f\n"
			 "1: adr %1, 2b\n\t"
			 "mov %0, x30\n\t"
			 "ret\n"
			 "3:" : "=&r"(v), "=&r"(w) :: "x30");
	check("bl: x30 - return label", v - w, 0);

	/* BR and BLR to computed targets; RET through another register. */
	__asm__ volatile("adr x9, 1f\n\t"
			 "mov %0, #0\n\t"
			 "br x9\n\t"
			 "mov %0, #99\n"
			 "1: add %0, %0, #1" : "=&r"(v) :: "x9");
	check("br", v, 1);
	__asm__ volatile("adr x9, 1f\n\t"
			 "blr x9\n"
			 "2: b 3f\n"
			 "1: adr %1, 2b\n\t"
			 "mov %0, x30\n\t"
			 "ret\n"
			 "3:" : "=&r"(v), "=&r"(w) :: "x9", "x30");
	check("blr: x30 - return label", v - w, 0);
	__asm__ volatile("adr x30, 1f\n\t"
			 "blr x30\n"
			 "2: b 3f\n"
			 "1: adr %1, 2b\n\t"
			 "mov %0, x30\n\t"
			 "ret\n"
			 "3:" : "=&r"(v), "=&r"(w) :: "x30");
	check("blr x30: jumps to old x30, links next", v - w, 0);
	__asm__ volatile("adr x10, 1f\n\t"
			 "mov %0, #5\n\t"
			 "ret x10\n\t"
			 "mov %0, #0\n"
			 "1:" : "=&r"(v) :: "x10");
	check("ret x10", v, 5);

	/* B.cond. */
	CONDS("eq", 0);  CONDS("ne", 1);  CONDS("cs", 2);  CONDS("cc", 3);
	CONDS("mi", 4);  CONDS("pl", 5);  CONDS("vs", 6);  CONDS("vc", 7);
	CONDS("hi", 8);  CONDS("ls", 9);  CONDS("ge", 10); CONDS("lt", 11);
	CONDS("gt", 12); CONDS("le", 13); CONDS("al", 14); CONDS("nv", 15);

	/* CBZ/CBNZ. */
	check("cbz x 0", CB("cbz %x1", 0), 1);
	check("cbz x 1<<63", CB("cbz %x1", 1ul << 63), 0);
	check("cbz w 0x100000000 (low word 0)", CB("cbz %w1", 0x100000000ul), 1);
	check("cbz w 1", CB("cbz %w1", 1), 0);
	check("cbnz x 0x100000000", CB("cbnz %x1", 0x100000000ul), 1);
	check("cbnz w 0x100000000 (low word 0)", CB("cbnz %w1", 0x100000000ul), 0);
	check("cbnz w 0x80000000", CB("cbnz %w1", 0x80000000ul), 1);
	check("cbnz x 0", CB("cbnz %x1", 0), 0);

	/* TBZ/TBNZ on a value with bits 0, 5, 31, 32 and 63 set. */
	const uint64_t t = 0x8000000180000021ul;
	check("tbz bit 0 (set)", CB("tbz %x1, #0", t), 0);
	check("tbz bit 1 (clear)", CB("tbz %x1, #1", t), 1);
	check("tbnz bit 5 (set)", CB("tbnz %x1, #5", t), 1);
	check("tbnz bit 30 (clear)", CB("tbnz %w1, #30", t), 0);
	check("tbnz bit 31 (set)", CB("tbnz %w1, #31", t), 1);
	check("tbnz bit 32 (set)", CB("tbnz %x1, #32", t), 1);
	check("tbz bit 33 (clear)", CB("tbz %x1, #33", t), 1);
	check("tbz bit 62 (clear)", CB("tbz %x1, #62", t), 1);
	check("tbnz bit 63 (set)", CB("tbnz %x1, #63", t), 1);
	check("tbz bit 63 (set)", CB("tbz %x1, #63", t), 0);

	/* Long conditional branches across a 32000-byte gap (TBZ reaches +-32 KiB). */
	__asm__ volatile("mov %0, #0\n\t"
			 "cbz %0, 2f\n"
			 "1: add %0, %0, #2\n\t"
			 "b 3f\n\t"
			 ".skip 32000\n"
			 "2: add %0, %0, #1\n\t"
			 "tbz %0, #1, 1b\n"
			 "3:" : "=&r"(v));
	check("cbz forward 32000, tbz back 32000", v, 3);

	return check_done();
}
