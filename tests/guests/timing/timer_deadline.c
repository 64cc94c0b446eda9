/* A timer interrupt is taken when the counter reaches its deadline, in --mode timing as
 * in functional mode: there every instruction costs cycles and every access may stall,
 * so the counter (which follows simulated time) runs ahead of the instruction count, and
 * a PE that ran its instruction batch without watching its cycles would take the
 * interrupt late, by up to the cycles it spent beyond one per instruction.
 *
 * CNTV (PPI 27) is armed DISTANCE ticks ahead while the PE spins in registers, through a
 * buffer larger than the L1 (loads that miss) or dividing (long-latency instructions); the handler reads CNTVCT
 * first thing. It prints only whether the lateness stays below a bound of a few
 * thousand ticks (exception entry, the runtime's vector code, the GIC acknowledge),
 * which no functional simulator on a 1 GHz counter exceeds: QEMU's timer latency
 * follows its host, so the expectation is written from the Arm ARM (Generic Timer:
 * the interrupt is asserted once CNTVCT >= CVAL) and mtesim is compared with it alone. */
#include "../irq/irqtest.h"

#define BOUND 2000u  /* ticks */

static volatile unsigned taken;
static volatile uint64_t taken_at;
static volatile uint64_t sink;
static uint64_t buffer[1 << 16];  /* 512 KiB */

static int handler(struct exc_frame *f)
{
	isb();
	const uint64_t now = read_sysreg(cntvct_el0);
	if ((f->vector & 3) != EXC_TYPE_IRQ)
		return 0;
	const uint32_t iar = gic_ack();
	const unsigned id = GIC_IAR_INTID(iar);
	if (id >= 1020)
		return 1;
	if (id == GIC_INTID_VIRT_TIMER) {
		write_sysreg(cntv_ctl_el0, 3);  /* ENABLE | IMASK: the line drops */
		isb();
		if (!taken)
			taken_at = now;
		taken++;
	}
	gic_eoi(iar);
	return 1;
}

enum spin { REGISTERS, MEMORY, DIVIDING };
static const char *const spin_name[] = { "in registers", "through memory", "dividing" };

static uint64_t lateness(uint64_t distance, enum spin spin)
{
	taken = 0;
	write_sysreg(cntv_ctl_el0, 0);
	isb();
	const uint64_t deadline = read_sysreg(cntvct_el0) + distance;
	write_sysreg(cntv_cval_el0, deadline);
	write_sysreg(cntv_ctl_el0, 1);
	isb();
	__asm__ volatile("msr daifclr, #2" ::: "memory");
	uint64_t i = 0, x = 0;
	while (!taken) {
		if (spin == MEMORY)
			x += buffer[(i * 8 * 17) & ((1 << 16) - 1)];  /* a new line each time */
		else if (spin == DIVIDING)
			x = (x + 123456789) / ((i & 7) + 3);  /* long-latency instructions */
		else
			x = x * 3 + i;
		i++;
	}
	__asm__ volatile("msr daifset, #2" ::: "memory");
	sink = x;
	write_sysreg(cntv_ctl_el0, 0);
	isb();
	return taken_at - deadline;
}

int main(void)
{
	gic_init();
	exc_set_irq_handler(handler);
	gic_enable(GIC_INTID_VIRT_TIMER);
	static const uint64_t distances[] = { 20000, 2000000 };
	for (unsigned d = 0; d < 2; d++)
		for (int spin = REGISTERS; spin <= DIVIDING; spin++) {
			const uint64_t late = lateness(distances[d], (enum spin)spin);
			checkf(late < BOUND, 1, "CNTV %u ticks ahead, spinning %s: taken within %u ticks of its deadline",
			       (unsigned)distances[d], spin_name[spin], BOUND);
		}
	gic_disable(GIC_INTID_VIRT_TIMER);
	return 0;
}
