/* Data processing, register: CSEL/CSINC/CSINV/CSNEG (64- and 32-bit) for all 16
 * conditions under several flag values (AL and NV both mean "always"), and the aliases
 * CSET/CSETM/CINC/CINV/CNEG, which invert the condition they encode. */
#include "asmtest.h"

#define A 0x1111222233334444ul
#define B 0x80000000fffffffeul

/* Each condition is both true and false for some of these. */
static const uint64_t flag_inputs[] = { 0x0, 0x6, 0x8, 0xb };

#define ALL(COND, CN) do {                                                              \
	for (unsigned i_ = 0; i_ < sizeof(flag_inputs) / sizeof(flag_inputs[0]); i_++) {   \
		uint64_t fl_ = flag_inputs[i_];                                             \
		int h_ = cond_holds(CN, fl_);                                               \
		struct res r_ = RUN2("csel %x[r], %x[a], %x[b], " COND, A, B, fl_);         \
		check_vf(r_, h_ ? A : B, fl_, "csel x " COND " in=%lx", fl_);              \
		r_ = RUN2("csinc %w[r], %w[a], %w[b], " COND, A, B, fl_);                  \
		check_vf(r_, h_ ? A & 0xffffffff : (B + 1) & 0xffffffff, fl_,              \
			 "csinc w " COND " in=%lx", fl_);                                  \
		r_ = RUN2("csinv %x[r], %x[a], %x[b], " COND, A, B, fl_);                  \
		check_vf(r_, h_ ? A : ~B, fl_, "csinv x " COND " in=%lx", fl_);             \
		r_ = RUN2("csneg %x[r], %x[a], %x[b], " COND, A, B, fl_);                  \
		check_vf(r_, h_ ? A : -B, fl_, "csneg x " COND " in=%lx", fl_);             \
	}                                                                                   \
} while (0)

/* Aliases exist for conditions other than AL/NV. */
#define ALIASES(COND, CN) do {                                                          \
	for (unsigned i_ = 0; i_ < 4; i_++) {                                               \
		uint64_t fl_ = flag_inputs[i_];                                      \
		int h_ = cond_holds(CN, fl_);                                               \
		struct res r_ = RUN2("cset %w[r], " COND, A, B, fl_);                       \
		check_vf(r_, h_, fl_, "cset w " COND " in=%lx", fl_);                       \
		r_ = RUN2("csetm %x[r], " COND, A, B, fl_);                                 \
		check_vf(r_, h_ ? ~0ul : 0, fl_, "csetm x " COND " in=%lx", fl_);           \
		r_ = RUN2("cinc %x[r], %x[b], " COND, A, B, fl_);                           \
		check_vf(r_, h_ ? B + 1 : B, fl_, "cinc x " COND " in=%lx", fl_);           \
		r_ = RUN2("cinv %w[r], %w[b], " COND, A, B, fl_);                           \
		check_vf(r_, (h_ ? ~B : B) & 0xffffffff, fl_, "cinv w " COND " in=%lx", fl_); \
		r_ = RUN2("cneg %x[r], %x[a], " COND, A, B, fl_);                           \
		check_vf(r_, h_ ? -A : A, fl_, "cneg x " COND " in=%lx", fl_);              \
	}                                                                                   \
} while (0)

int main(void)
{
	ALL("eq", 0);  ALL("ne", 1);  ALL("cs", 2);  ALL("cc", 3);
	ALL("mi", 4);  ALL("pl", 5);  ALL("vs", 6);  ALL("vc", 7);
	ALL("hi", 8);  ALL("ls", 9);  ALL("ge", 10); ALL("lt", 11);
	ALL("gt", 12); ALL("le", 13); ALL("al", 14); ALL("nv", 15);

	ALIASES("eq", 0);  ALIASES("ne", 1);  ALIASES("hs", 2);  ALIASES("lo", 3);
	ALIASES("mi", 4);  ALIASES("pl", 5);  ALIASES("vs", 6);  ALIASES("vc", 7);
	ALIASES("hi", 8);  ALIASES("ls", 9);  ALIASES("ge", 10); ALIASES("lt", 11);
	ALIASES("gt", 12); ALIASES("le", 13);

	return check_done();
}
