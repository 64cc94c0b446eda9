/* Data processing, one source: CLZ, CLS, RBIT, REV, REV16, REV32 (and the 32-bit
 * forms), checked against bit-by-bit C loops. */
#include "asmtest.h"

static const uint64_t inputs[] = {
	0, 1, 0x8000000000000000ul, 0xfffffffffffffffful, 0x7ffffffffffffffful,
	0x00000000fffffffful, 0x0123456789abcdeful, 0xfffffffe00000000ul,
	0x0000000080000000ul, 0xc000000000000001ul,
};

static uint64_t ref_clz(uint64_t v, int bits)
{
	int n = 0;
	for (int i = bits - 1; i >= 0 && !((v >> i) & 1); i--)
		n++;
	return (uint64_t)n;
}

static uint64_t ref_cls(uint64_t v, int bits)
{
	/* Leading bits equal to the sign bit, not counting the sign bit itself. */
	int n = 0, sign = (v >> (bits - 1)) & 1;
	for (int i = bits - 2; i >= 0 && (int)((v >> i) & 1) == sign; i--)
		n++;
	return (uint64_t)n;
}

static uint64_t ref_rbit(uint64_t v, int bits)
{
	uint64_t r = 0;
	for (int i = 0; i < bits; i++)
		if ((v >> i) & 1)
			r |= 1ul << (bits - 1 - i);
	return r;
}

/* Reverses the bytes inside each container of csize bytes. */
static uint64_t ref_rev(uint64_t v, int bits, int csize)
{
	uint64_t r = 0;
	for (int byte = 0; byte < bits / 8; byte++) {
		int base = byte / csize * csize, pos = base + (csize - 1 - byte % csize);
		r |= ((v >> (8 * byte)) & 0xff) << (8 * pos);
	}
	return r;
}

#define T(TMPL, BITS, WANT) do {                                              \
	struct res r_ = RUN1(TMPL, v, 0);                                        \
	check_vf(r_, WANT, 0, "%-22s 0x%016lx", TMPL, v);                         \
} while (0)

int main(void)
{
	for (unsigned i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		uint64_t v = inputs[i], w = v & 0xffffffff;
		T("clz %x[r], %x[a]", 64, ref_clz(v, 64));
		T("clz %w[r], %w[a]", 32, ref_clz(w, 32));
		T("cls %x[r], %x[a]", 64, ref_cls(v, 64));
		T("cls %w[r], %w[a]", 32, ref_cls(w, 32));
		T("rbit %x[r], %x[a]", 64, ref_rbit(v, 64));
		T("rbit %w[r], %w[a]", 32, ref_rbit(w, 32));
		T("rev %x[r], %x[a]", 64, ref_rev(v, 64, 8));
		T("rev %w[r], %w[a]", 32, ref_rev(w, 32, 4));
		T("rev16 %x[r], %x[a]", 64, ref_rev(v, 64, 2));
		T("rev16 %w[r], %w[a]", 32, ref_rev(w, 32, 2));
		T("rev32 %x[r], %x[a]", 64, ref_rev(v, 64, 4));
	}
	return check_done();
}
