/* The generic timer as far as a guest without interrupts can see it: CNTFRQ_EL0 is
 * nonzero, CNTVCT_EL0 and CNTPCT_EL0 advance, and the virtual timer's condition
 * (CNTV_CTL_EL0.ISTATUS) becomes true once the counter passes CNTV_CVAL_EL0, with TVAL
 * counting down through zero. Values are host-speed dependent on QEMU, so only
 * relations are printed. */
#include "asmtest.h"

static uint64_t cntvct(void)
{
	isb();
	return read_sysreg(cntvct_el0);
}

int main(void)
{
	check("CNTFRQ_EL0 nonzero", read_sysreg(cntfrq_el0) != 0, 1);
	uint64_t t0 = cntvct();
	for (volatile int i = 0; i < 100000; i++) {
	}
	uint64_t t1 = cntvct();
	check("CNTVCT_EL0 advances", t1 > t0, 1);
	check("CNTPCT_EL0 advances", read_sysreg(cntpct_el0) >= t1, 1);

	/* Virtual timer: enabled, interrupt masked at the timer (IMASK), condition not met. */
	write_sysreg(cntv_cval_el0, ~0ul);
	write_sysreg(cntv_ctl_el0, 3);
	isb();
	check("ISTATUS clear while CVAL is in the future", read_sysreg(cntv_ctl_el0), 3);
	write_sysreg(cntv_tval_el0, 1000);  /* CVAL = now + 1000 */
	isb();
	uint64_t cval = read_sysreg(cntv_cval_el0);
	check("TVAL write sets CVAL ahead of the counter", cval > t1, 1);
	uint64_t spins = 0;
	while (!(read_sysreg(cntv_ctl_el0) & 4) && spins < 100000000) spins++;
	check("ISTATUS set once the counter passes CVAL", read_sysreg(cntv_ctl_el0), 7);
	check("TVAL negative after expiry", (int32_t)read_sysreg(cntv_tval_el0) < 0, 1);
	write_sysreg(cntv_ctl_el0, 0);
	isb();
	check("ISTATUS reads 0 when disabled", read_sysreg(cntv_ctl_el0), 0);
	return check_done();
}
