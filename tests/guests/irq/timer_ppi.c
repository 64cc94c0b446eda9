/* The EL1 physical (CNTP, PPI 30) and virtual (CNTV, PPI 27) timers as interrupt
 * sources through the GIC (GICv2 and GICv3; the same output on both). For each timer:
 *   - TVAL written: CVAL = counter + TVAL (a relation only); ISTATUS set once the
 *     counter reaches CVAL, and TVAL then reads negative;
 *   - ENABLE = 1, IMASK = 0, condition met: the timer's level-sensitive PPI is pending at
 *     the GIC; unmasking PSTATE.I takes the IRQ right after the MSR; the handler reads
 *     the timer's INTID from IAR, the running priority is the PPI's priority, and it
 *     silences the timer by setting IMASK before the EOI: CTL then reads ENABLE|IMASK|
 *     ISTATUS and the PPI is neither pending nor active;
 *   - IMASK = 1 with the condition met: ISTATUS = 1 but no interrupt (not pending at the
 *     GIC, nothing taken when unmasked);
 *   - clearing IMASK asserts the PPI again (pending); clearing ENABLE drops it (the
 *     level-triggered PPI is no longer pending and nothing is taken);
 *   - rewriting CVAL into the future deasserts it too (ISTATUS 0, not pending);
 * and both timers at once with different priorities are taken higher priority first.
 * Generic Timer (Arm ARM D12.2, CNTx_CTL_EL0) and GIC level-sensitive PPIs (IHI 0069
 * 4.1 / IHI 0048 1.4.2): a level interrupt is pending while its input is asserted. */
#include "irqtest.h"

#define CTL_ENABLE  1u
#define CTL_IMASK   2u
#define CTL_ISTATUS 4u

enum { PHYS, VIRT };
static const char *const tname[] = { "CNTP", "CNTV" };
static const unsigned tintid[] = { GIC_INTID_PHYS_TIMER, GIC_INTID_VIRT_TIMER };

static uint64_t ctl_read(int t)
{
	isb();
	return t == PHYS ? read_sysreg(cntp_ctl_el0) : read_sysreg(cntv_ctl_el0);
}

static void ctl_write(int t, uint64_t v)
{
	if (t == PHYS)
		write_sysreg(cntp_ctl_el0, v);
	else
		write_sysreg(cntv_ctl_el0, v);
	isb();
}

static void tval_write(int t, uint64_t v)
{
	if (t == PHYS)
		write_sysreg(cntp_tval_el0, v);
	else
		write_sysreg(cntv_tval_el0, v);
	isb();
}

static int64_t tval_read(int t)
{
	isb();
	return (int32_t)(t == PHYS ? read_sysreg(cntp_tval_el0) : read_sysreg(cntv_tval_el0));
}

static void cval_write(int t, uint64_t v)
{
	if (t == PHYS)
		write_sysreg(cntp_cval_el0, v);
	else
		write_sysreg(cntv_cval_el0, v);
	isb();
}

static uint64_t cval_read(int t)
{
	return t == PHYS ? read_sysreg(cntp_cval_el0) : read_sysreg(cntv_cval_el0);
}

static uint64_t count(int t)
{
	isb();
	return t == PHYS ? read_sysreg(cntpct_el0) : read_sysreg(cntvct_el0);
}

static int wait_istatus(int t)
{
	for (uint64_t i = 0; i < 200000000; i++)
		if (ctl_read(t) & CTL_ISTATUS)
			return 1;
	return 0;
}

/* What the handler saw. */
static volatile unsigned taken, last_intid;
static volatile uint32_t last_rpr;
static volatile uint64_t ctl_after[2];
static volatile unsigned order[4];

static int timer_handler(struct exc_frame *f)
{
	if ((f->vector & 3) != EXC_TYPE_IRQ)
		return 0;
	uint32_t iar = gic_ack();
	unsigned id = GIC_IAR_INTID(iar);
	if (id >= 1020)
		return 1;
	if (taken < 4)
		order[taken] = id;
	taken++;
	last_intid = id;
	last_rpr = gic_rpr();
	int t = id == GIC_INTID_PHYS_TIMER ? PHYS : id == GIC_INTID_VIRT_TIMER ? VIRT : -1;
	if (t >= 0) {
		ctl_write(t, ctl_read(t) | CTL_IMASK);   /* the line drops */
		ctl_after[t] = ctl_read(t);
	}
	gic_eoi(iar);
	return 1;
}

static unsigned pend(int t) { return (gic_state(tintid[t]) & GIC_STATE_PENDING) ? 1 : 0; }

/* Give the GIC the interrupt if it is signalled: unmask for a moment. */
static void window(void) { irq_window(); }

static void one_timer(int t)
{
	const char *n = tname[t];
	unsigned id = tintid[t];
	gic_enable(id);
	checkf(gic_state(id), GIC_STATE_ENABLED, "%s: PPI %u enabled, idle", n, id);

	/* TVAL: CVAL = counter + TVAL; fires when the counter passes it. */
	ctl_write(t, 0);
	cval_write(t, ~0ul);
	ctl_write(t, CTL_ENABLE | CTL_IMASK);
	checkf(ctl_read(t), CTL_ENABLE | CTL_IMASK, "%s: ISTATUS 0 with CVAL in the future", n);
	uint64_t before = count(t);
	tval_write(t, 200000);   /* 200 us at 1 GHz */
	uint64_t cval = cval_read(t);
	checkf(cval >= before + 200000, 1, "%s: CVAL >= counter before + TVAL", n);
	checkf(cval <= count(t) + 200000, 1, "%s: CVAL <= counter after + TVAL", n);
	checkf(tval_read(t) <= 200000, 1, "%s: TVAL counts down", n);
	checkf(wait_istatus(t), 1, "%s: ISTATUS set once the counter reaches CVAL", n);
	checkf(ctl_read(t), CTL_ENABLE | CTL_IMASK | CTL_ISTATUS, "%s: CTL with IMASK, condition met", n);
	checkf(tval_read(t) <= 0, 1, "%s: TVAL <= 0 after expiry", n);
	checkf(pend(t), 0, "%s: IMASK 1: PPI not pending at the GIC", n);
	taken = 0;
	window();
	checkf(taken, 0, "%s: IMASK 1: no interrupt taken", n);

	/* IMASK cleared: the PPI is asserted and taken. */
	ctl_write(t, CTL_ENABLE);
	checkf(pend(t), 1, "%s: IMASK 0: PPI pending at the GIC", n);
	checkf(gic_hppir(), id, "%s: highest pending = the timer's PPI", n);
	taken = 0;
	window();
	checkf(taken, 1, "%s: interrupt taken once", n);
	checkf(last_intid, id, "%s: handler's INTID", n);
	checkf(last_rpr, GIC_DEFAULT_PRIO, "%s: running priority in the handler", n);
	checkf(ctl_after[t], CTL_ENABLE | CTL_IMASK | CTL_ISTATUS, "%s: CTL after the handler set IMASK", n);
	checkf(gic_state(id), GIC_STATE_ENABLED, "%s: after EOI: not pending, not active", n);
	checkf(gic_rpr(), 0xff, "%s: running priority idle after EOI", n);

	/* Asserted again, then dropped by clearing ENABLE. */
	ctl_write(t, CTL_ENABLE);
	checkf(pend(t), 1, "%s: re-asserted by clearing IMASK", n);
	ctl_write(t, 0);
	checkf(ctl_read(t) & CTL_ISTATUS, 0, "%s: ISTATUS with ENABLE 0", n);
	checkf(pend(t), 0, "%s: ENABLE 0: level PPI no longer pending", n);
	taken = 0;
	window();
	checkf(taken, 0, "%s: ENABLE 0: nothing taken", n);

	/* Asserted again, then dropped by moving CVAL into the future. */
	ctl_write(t, CTL_ENABLE);
	checkf(pend(t), 1, "%s: re-asserted by setting ENABLE", n);
	cval_write(t, count(t) + (1ul << 40));
	checkf(ctl_read(t), CTL_ENABLE, "%s: CVAL in the future: ISTATUS 0", n);
	checkf(pend(t), 0, "%s: CVAL in the future: PPI no longer pending", n);
	checkf(tval_read(t) != 0, 1, "%s: TVAL nonzero", n);
	taken = 0;
	window();
	checkf(taken, 0, "%s: CVAL in the future: nothing taken", n);

	/* CVAL in the past with TVAL = 0 semantics: fires at once. */
	tval_write(t, 0);
	checkf(ctl_read(t), CTL_ENABLE | CTL_ISTATUS, "%s: TVAL 0: condition met at once", n);
	taken = 0;
	window();
	checkf(taken, 1, "%s: TVAL 0: taken", n);
	checkf(last_intid, id, "%s: TVAL 0: INTID", n);
	ctl_write(t, 0);
	gic_disable(id);
}

int main(void)
{
	gic_init();
	exc_set_irq_handler(timer_handler);
	printf("timer PPIs: CNTP %u CNTV %u\n", GIC_INTID_PHYS_TIMER, GIC_INTID_VIRT_TIMER);
	check("CNTFRQ_EL0 nonzero", read_sysreg(cntfrq_el0) != 0, 1);
	one_timer(PHYS);
	one_timer(VIRT);

	/* Both at once, CNTV at a higher priority (lower value) than CNTP. */
	gic_set_priority(GIC_INTID_PHYS_TIMER, 0xa0);
	gic_set_priority(GIC_INTID_VIRT_TIMER, 0x80);
	gic_enable(GIC_INTID_PHYS_TIMER);
	gic_enable(GIC_INTID_VIRT_TIMER);
	tval_write(PHYS, 0);
	tval_write(VIRT, 0);
	ctl_write(PHYS, CTL_ENABLE);
	ctl_write(VIRT, CTL_ENABLE);
	checkf(pend(PHYS) + pend(VIRT), 2, "both: both PPIs pending");
	checkf(gic_hppir(), GIC_INTID_VIRT_TIMER, "both: highest pending is CNTV's");
	taken = 0;
	window();
	window();
	checkf(taken, 2, "both: interrupts taken");
	checkf(order[0], GIC_INTID_VIRT_TIMER, "both: first taken");
	checkf(order[1], GIC_INTID_PHYS_TIMER, "both: second taken");
	ctl_write(PHYS, 0);
	ctl_write(VIRT, 0);
	return check_done();
}
