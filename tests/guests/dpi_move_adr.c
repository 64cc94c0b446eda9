/* Data processing, immediate: MOVZ/MOVN/MOVK with every shift (32- and 64-bit) and the
 * MOV aliases; ADR and ADRP (PC-relative, checked against absolute addresses from a
 * literal pool, never printed as absolute values since they depend on the link). */
#include "asmtest.h"

#define T(TMPL, START, WANT) do {                                                   \
	struct res r_ = RUN2("mov %x[r], %x[a]\n\t" TMPL, START, 0, 0);                   \
	check_vf(r_, WANT, 0, "%-28s from 0x%016lx", TMPL, (uint64_t)(START));            \
} while (0)

int main(void)
{
	T("movz %x[r], #0x1234", 0x5a5a5a5a5a5a5a5aul, 0x1234);
	T("movz %x[r], #0x1234, lsl #16", 0x5a5a5a5a5a5a5a5aul, 0x12340000);
	T("movz %x[r], #0x1234, lsl #32", 0x5a5a5a5a5a5a5a5aul, 0x123400000000);
	T("movz %x[r], #0xfedc, lsl #48", 0x5a5a5a5a5a5a5a5aul, 0xfedc000000000000);
	T("movz %w[r], #0xffff, lsl #16", 0x5a5a5a5a5a5a5a5aul, 0xffff0000);
	T("movn %x[r], #0x1234", 0, 0xffffffffffffedcb);
	T("movn %x[r], #0x1234, lsl #16", 0, 0xffffffffedcbffff);
	T("movn %x[r], #0x1234, lsl #48", 0, 0xedcbffffffffffff);
	T("movn %x[r], #0", 0, 0xffffffffffffffff);
	T("movn %w[r], #0x1234", 0, 0xffffedcb);
	T("movn %w[r], #0x8000, lsl #16", 0, 0x7fffffff);
	T("movk %x[r], #0x1234", 0xfffffffffffffffful, 0xffffffffffff1234);
	T("movk %x[r], #0x1234, lsl #16", 0xfffffffffffffffful, 0xffffffff1234ffff);
	T("movk %x[r], #0x1234, lsl #32", 0xfffffffffffffffful, 0xffff1234ffffffff);
	T("movk %x[r], #0x0, lsl #48", 0xfffffffffffffffful, 0x0000ffffffffffff);
	T("movk %w[r], #0xabcd, lsl #16", 0xfffffffffffffffful, 0xabcdffff);
	T("movk %w[r], #0xabcd", 0xfffffffffffffffful, 0xffffabcd);
	T("mov %x[r], #-2", 0, 0xfffffffffffffffe);
	T("mov %w[r], #-2", 0, 0xfffffffe);
	T("mov %x[r], #0x10000", 0, 0x10000);

	/* ADR: PC-relative to a label, both directions, compared with the absolute address
	 * the linker put in a literal pool. */
	uint64_t a, b, c;
	__asm__ volatile("b 2f\n"
			 "1: nop\n"
			 "2: adr %0, 1b\n\t"
			 "adr %1, 3f\n\t"
			 "ldr %2, =1b\n\t"
			 "b 4f\n"
			 "3: nop\n"
			 "4: ldr x9, =3b\n\t"
			 "sub %1, %1, x9\n\t"
			 : "=&r"(a), "=&r"(b), "=&r"(c) :: "x9");
	check("adr backward - &label", a - c, 0);
	check("adr forward - &label", b, 0);
	/* ADR's offset is the immediate added to the ADR's own address. */
	__asm__ volatile("1: adr %0, 1b + 0xfffff\n"
			 "2: adr %1, 2b - 0x100000\n\t"
			 "adr x9, 1b\n\t"
			 "adr x10, 2b\n\t"
			 "sub %0, %0, x9\n\t"
			 "sub %1, %1, x10" : "=&r"(a), "=&r"(b) :: "x9", "x10");
	check("adr label+0xfffff - adr label", a, 0xfffff);
	check("adr label-0x100000 - adr label", b, (uint64_t)-0x100000);

	/* ADRP: the 4 KiB page of the target relative to the page of the ADRP. */
	__asm__ volatile("adrp %0, main\n\t"
			 "add %1, %0, :lo12:main\n\t"
			 "ldr %2, =main" : "=&r"(a), "=&r"(b), "=&r"(c));
	check("adrp main == &main & ~0xfff", a ^ (c & ~0xffful), 0);
	check("adrp main + :lo12:main == &main", b ^ c, 0);
	__asm__ volatile("1: adrp %0, 1b + 0x12345000\n\t"
			 "adr %1, 1b\n\t"
			 "and %1, %1, #~0xfff\n\t"
			 "sub %0, %0, %1" : "=&r"(a), "=&r"(b));
	check("adrp label+0x12345000 - page(label)", a, 0x12345000);
	__asm__ volatile("1: adrp %0, 1b - 0x40000000\n\t"
			 "adr %1, 1b\n\t"
			 "and %1, %1, #~0xfff\n\t"
			 "sub %0, %0, %1" : "=&r"(a), "=&r"(b));
	check("adrp label-0x40000000 - page(label)", a, (uint64_t)-0x40000000l);

	return check_done();
}
