/* A PE that sleeps in WFI for 1000 simulated seconds (the virtual timer, PPI 27, armed
 * that far ahead) and is woken by the timer's interrupt. On mtesim the sleep costs no
 * host time: with every PE asleep, simulated time jumps to the deadline (the CLI test
 * cli.long_sleep checks the statistics). QEMU would wait 1000 real seconds, so the
 * expected output is written from the Arm ARM rules (timer condition, WFI wake-up by a
 * pending interrupt, IRQ taken once PSTATE.I is cleared). */
#include "irqtest.h"

int main(void)
{
	gic_init();
	irq_log_clear();
	exc_set_irq_handler(irq_log_handler);
	gic_enable(GIC_INTID_VIRT_TIMER);

	const uint64_t frq = read_sysreg(cntfrq_el0);
	isb();
	const uint64_t start = read_sysreg(cntvct_el0);
	write_sysreg(cntv_cval_el0, start + 1000 * frq);
	write_sysreg(cntv_ctl_el0, 1);  /* ENABLE, not masked */
	isb();
	check("ISTATUS clear before the deadline", read_sysreg(cntv_ctl_el0), 1);
	uint64_t wakes = 0;
	while (!(read_sysreg(isr_el1) & PSR_I) && wakes < 1000) {
		__asm__ volatile("dsb sy\n\twfi" ::: "memory");
		wakes++;
	}
	isb();
	const uint64_t now = read_sysreg(cntvct_el0);
	check("woken with the counter past the deadline", now >= start + 1000 * frq, 1);
	check("ISTATUS set", read_sysreg(cntv_ctl_el0), 5);
	check("ISR_EL1.I set", (read_sysreg(isr_el1) & PSR_I) != 0, 1);
	write_sysreg(cntv_ctl_el0, 0);  /* drop the level before taking it */
	isb();
	gic_set_pending(GIC_INTID_VIRT_TIMER);
	irq_window();
	check("the timer's PPI taken", irq_log_this()->n, 1);
	check("its INTID", GIC_IAR_INTID(irq_log_this()->iar[0]), GIC_INTID_VIRT_TIMER);
	return check_done();
}
