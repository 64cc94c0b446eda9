/* MMU: address translation instructions. AT S1E1R/S1E1W/S1E0R/S1E0W on pages with
 * different permissions, an Access-flag-clear page, unmapped addresses at several
 * levels and a block. AT never takes the abort: the fault goes to PAR_EL1 (F = 1,
 * FST = the fault status code, PTW, S). Printed PAR bits: on success PA[47:12], bit 11
 * (RES1) and F; on a fault bits 11:0 (RES1, S, PTW, FST, F). ATTR, SH and NS are
 * implementation- or state-dependent and masked. */
#include "asmtest.h"

#define VA_RW_EL1  (TEST_VA + 0x1000)   /* AP=00 */
#define VA_RO_EL1  (TEST_VA + 0x2000)   /* AP=10 */
#define VA_RW_ALL  (TEST_VA + 0x3000)   /* AP=01 */
#define VA_RO_ALL  (TEST_VA + 0x4000)   /* AP=11 */
#define VA_NO_AF   (TEST_VA + 0x5000)   /* AF=0 */
#define VA_HOLE3   (TEST_VA + 0x6000)   /* unmapped, level 3 */
#define VA_BLOCK   (TEST_VA + 0x40000000) /* 1 GiB block (level 1) -> RAM_BASE */

#define PAR_OK_BITS    0x0000fffffffff801ul
#define PAR_FAULT_BITS 0xffful

static uint64_t pa_of[5];

#define AT(OP, VA) MMU_AT(OP, VA)

/* Prints the defined bits of PAR for a translation expected to succeed or fail. */
static void ok(const char *what, uint64_t par, uint64_t pa)
{
	checkf(par & 1, 0, "%s: F", what);
	checkf(par & PAR_OK_BITS, (pa & ~0xffful) | 0x800, "%s: PAR(PA,F)", what);
}

static void fault(const char *what, uint64_t par, uint64_t bits)
{
	checkf(par & PAR_FAULT_BITS, bits, "%s: PAR[11:0]", what);
}

int main(void)
{
	const uint64_t xn = PTE_UXN | PTE_PXN;
	struct pt *pt = mmu_default_pt();
	uint64_t attrs[5] = {
		PTE_NORMAL | xn, PTE_NORMAL | PTE_AP_RO | xn, PTE_NORMAL | PTE_AP_EL0 | xn,
		PTE_NORMAL | PTE_AP_EL0 | PTE_AP_RO | xn, (PTE_NORMAL & ~PTE_AF) | xn,
	};
	for (int i = 0; i < 5; i++) {
		void *p = page_alloc(4096);
		pa_of[i] = (uintptr_t)p - RAM_BASE;
		pt_map_pages(pt, TEST_VA + 0x1000 * (i + 1), (uintptr_t)p, 4096, attrs[i]);
	}
	pt_map(pt, VA_BLOCK, RAM_BASE, 1ul << 30, PTE_NORMAL | xn);
	mmu_sync();

	exc_catch(EXC_RESUME_NEXT);

	/* Successes: the PA is printed as an offset into RAM where it is a page we got. */
	uint64_t par;
	par = AT(s1e1r, VA_RW_EL1 + 0x123);
	checkf(par & 1, 0, "S1E1R rw-el1: F");
	checkf((par & PAR_OK_BITS) - RAM_BASE - pa_of[0], 0x800, "S1E1R rw-el1: PAR(PA,F) - page");
	par = AT(s1e1w, VA_RW_EL1);
	checkf((par & PAR_OK_BITS) - RAM_BASE - pa_of[0], 0x800, "S1E1W rw-el1: PAR(PA,F) - page");
	par = AT(s1e1r, VA_RO_EL1);
	checkf((par & PAR_OK_BITS) - RAM_BASE - pa_of[1], 0x800, "S1E1R ro-el1: PAR(PA,F) - page");
	par = AT(s1e0r, VA_RW_ALL);
	checkf((par & PAR_OK_BITS) - RAM_BASE - pa_of[2], 0x800, "S1E0R rw-all: PAR(PA,F) - page");
	par = AT(s1e0w, VA_RW_ALL);
	checkf((par & PAR_OK_BITS) - RAM_BASE - pa_of[2], 0x800, "S1E0W rw-all: PAR(PA,F) - page");
	par = AT(s1e0r, VA_RO_ALL);
	checkf((par & PAR_OK_BITS) - RAM_BASE - pa_of[3], 0x800, "S1E0R ro-all: PAR(PA,F) - page");
	par = AT(s1e1r, VA_RO_ALL);
	checkf((par & PAR_OK_BITS) - RAM_BASE - pa_of[3], 0x800, "S1E1R ro-all: PAR(PA,F) - page");
	ok("S1E1R block +0x0abcd123", AT(s1e1r, VA_BLOCK + 0x0abcd123), RAM_BASE + 0x0abcd123);
	ok("S1E1W block +0x3ffff000", AT(s1e1w, VA_BLOCK + 0x3ffff000), RAM_BASE + 0x3ffff000);
	ok("S1E1R identity RAM_BASE + 0x80000", AT(s1e1r, RAM_BASE + 0x80000), RAM_BASE + 0x80000);

	/* Permission faults: FST 0x0f (level 3). */
	fault("S1E1W ro-el1", AT(s1e1w, VA_RO_EL1), 0x81f);
	fault("S1E1W ro-all", AT(s1e1w, VA_RO_ALL), 0x81f);
	fault("S1E0R rw-el1", AT(s1e0r, VA_RW_EL1), 0x81f);
	fault("S1E0W rw-el1", AT(s1e0w, VA_RW_EL1), 0x81f);
	fault("S1E0R ro-el1", AT(s1e0r, VA_RO_EL1), 0x81f);
	fault("S1E0W ro-all", AT(s1e0w, VA_RO_ALL), 0x81f);
	/* Access flag fault: FST 0x0b. */
	fault("S1E1R no-AF", AT(s1e1r, VA_NO_AF), 0x817);
	fault("S1E0W no-AF", AT(s1e0w, VA_NO_AF), 0x817);
	/* Translation faults: FST 0x04 + level. */
	fault("S1E1R unmapped level 3", AT(s1e1r, VA_HOLE3), 0x80f);
	fault("S1E1R unmapped level 2", AT(s1e1r, TEST_VA + 0x200000), 0x80d);
	fault("S1E1W unmapped level 1", AT(s1e1w, 0x100000000ul), 0x80b);
	fault("S1E0R unmapped level 0", AT(s1e0r, 0x0000800000000000ul), 0x809);
	fault("S1E1R out of range", AT(s1e1r, 0x0010000000000000ul), 0x809);
	/* The failed AT raised no exception. */
	check_no_fault("AT with faulting translations");
	exc_uncatch();

	return check_done();
}
