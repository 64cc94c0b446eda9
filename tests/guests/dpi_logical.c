/* Data processing, immediate: AND/ORR/EOR/ANDS with bitmask immediates of every element
 * size (2..64 bits) and several rotations (exercising DecodeBitMasks), TST and MOV
 * (bitmask) aliases, 32- and 64-bit, and AND with SP as destination. */
#include "asmtest.h"

#define FIN 0x3   /* C and V set on input: ANDS must clear them */

#define T(MN, W, BITS, A, IMM) do {                                                   \
	struct res r_ = RUN1(MN " %" W "[r], %" W "[a], #" #IMM, A, FIN);               \
	uint64_t a_ = (uint64_t)(A) & mask_bits(BITS), i_ = (uint64_t)(IMM), w_;         \
	const char *m_ = MN;                                                             \
	if (m_[0] == 'o') w_ = a_ | i_;                                                  \
	else if (m_[0] == 'e') w_ = a_ ^ i_;                                             \
	else w_ = a_ & i_;                                                               \
	check_vf(r_, w_, m_[3] == 's' ? ref_logic_flags(w_, BITS) : FIN,                 \
		 MN " " W " 0x%lx, #" #IMM, (uint64_t)(A));                               \
} while (0)

#define A64 0x0123456789abcdeful
#define A32 0xfedcba9876543210ul

int main(void)
{
	/* element size 2 */
	T("and", "x", 64, A64, 0x5555555555555555);
	T("orr", "x", 64, A64, 0xaaaaaaaaaaaaaaaa);
	/* element size 4 */
	T("eor", "x", 64, A64, 0x7777777777777777);
	T("and", "x", 64, A64, 0x9999999999999999);
	/* element size 8 */
	T("and", "x", 64, A64, 0x0f0f0f0f0f0f0f0f);
	T("orr", "x", 64, A64, 0x8181818181818181);
	T("eor", "x", 64, A64, 0xfefefefefefefefe);
	/* element size 16 */
	T("and", "x", 64, A64, 0x00ff00ff00ff00ff);
	T("eor", "x", 64, A64, 0xc003c003c003c003);
	/* element size 32 */
	T("and", "x", 64, A64, 0x0000ffff0000ffff);
	T("orr", "x", 64, A64, 0x8000000180000001);
	/* element size 64, rotated runs */
	T("and", "x", 64, A64, 0xffffffffffff0000);
	T("and", "x", 64, A64, 0x8000000000000001);
	T("orr", "x", 64, A64, 0x7ffffffffffffffe);
	T("eor", "x", 64, A64, 0x1);
	T("eor", "x", 64, A64, 0xfffffffffffffffe);
	T("and", "x", 64, A64, 0x00000ffffff00000);
	/* flag setting */
	T("ands", "x", 64, A64, 0x8000000000000000);
	T("ands", "x", 64, A64, 0x3000000000000000);
	T("ands", "x", 64, A64, 0x00000000000000f0);
	T("ands", "x", 64, 0xf0ul, 0xf);

	/* 32-bit: element sizes 2..32, result zero-extended */
	T("and", "w", 32, A32, 0x55555555);
	T("orr", "w", 32, A32, 0x88888888);
	T("eor", "w", 32, A32, 0x3c3c3c3c);
	T("and", "w", 32, A32, 0xff00ff00);
	T("orr", "w", 32, A32, 0x80000001);
	T("eor", "w", 32, A32, 0xfffffffe);
	T("and", "w", 32, A32, 0x7ffff800);
	T("ands", "w", 32, A32, 0x80000000);
	T("ands", "w", 32, A32, 0x0000000f);
	T("ands", "w", 32, A32, 0x00000001);

	/* TST sets flags only; MOV (bitmask immediate) is ORR from the zero register. */
	struct res r = RUN1("tst %x[a], #0xff00", 0xff00fful, FIN);
	check_vf(r, 0, FZ, "tst x 0xff00ff, #0xff00");
	r = RUN1("tst %w[a], #0x80000000", 0xffffffff80000000ul, FIN);
	check_vf(r, 0, FN, "tst w 0xffffffff80000000, #0x80000000");
	r = RUN1("mov %x[r], #0x00ff00ff00ff00ff", 0, FIN);
	check_vf(r, 0x00ff00ff00ff00fful, FIN, "mov x, #0x00ff00ff00ff00ff");
	r = RUN1("orr %w[r], wzr, #0xaaaaaaaa", 0, FIN);
	check_vf(r, 0xaaaaaaaaul, FIN, "orr w, wzr, #0xaaaaaaaa");

	/* AND (immediate) may write SP: align SP+8 down to 16 and measure the move. */
	uint64_t d;
	__asm__ volatile("mov x9, sp\n\t"
			 "add x10, x9, #8\n\t"
			 "and sp, x10, #0xfffffffffffffff0\n\t"
			 "mov x11, sp\n\t"
			 "mov sp, x9\n\t"
			 "sub %0, x11, x9" : "=r"(d) :: "x9", "x10", "x11");
	check("and sp, (sp+8), #~15 gives sp", d, 0);

	return check_done();
}
