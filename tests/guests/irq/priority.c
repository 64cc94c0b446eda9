/* Interrupt priority in the CPU interface (GICv2 and GICv3; one expected file each, as
 * the active-priority registers and a few reads differ). Software-pended SPIs with
 * chosen priorities; output is INTIDs, orders and register values only.
 *   - PMR: an interrupt is signalled only if its priority is higher (numerically lower)
 *     than the priority mask: equal is masked; PMR 0 masks everything; PMR read-back
 *     shows the implemented bits;
 *   - several pending at once are taken highest priority first (equal priorities: QEMU
 *     takes the lowest INTID first, an IMPLEMENTATION DEFINED choice);
 *   - preemption: inside a handler for a priority 0x80 interrupt, with PSTATE.I unmasked,
 *     a pending 0x40 interrupt is taken (nested) but 0x80 (equal) and 0xc0 (lower) are
 *     not; they are taken after the EOI of the running one;
 *   - binary point: with the group priority = bit 7 only (v2 GICC_BPR = 6, v3
 *     ICC_BPR1_EL1 = 7), 0x20 does not preempt a running 0x40 (same group priority) but
 *     does preempt a running 0x80; the running priority is the group priority;
 *   - RPR / HPPIR: the running priority while a handler runs, before and after a nested
 *     acknowledge, idle 0xff; HPPIR names the highest pending interrupt (and 1023 when
 *     none is);
 *   - EOImode = 1: EOIR drops the running priority but leaves the interrupt active (it is
 *     not taken again while active, while a lower priority one now can be); DIR
 *     deactivates it; active priorities (v3 ICC_AP1R0_EL1, v2 GICC_APR<n>) at each step.
 * IHI 0069 4.8 (preemption, BPR), 12.2.x (ICC_* registers); IHI 0048 3.3, 4.4.x. */
#include "irqtest.h"

#define S0 32   /* SPIs used, 32..39 */

static void spi_setup(unsigned id, uint8_t prio)
{
	gic_set_priority(id, prio);
	gic_enable(id);
}

static void aprs(const char *when)
{
	if (gic_version == 3) {
		checkf(gic_apr(0), gic_apr(0), "%s: ICC_AP1R0_EL1", when);
	} else {
		for (unsigned n = 0; n < 4; n++)
			checkf(gic_apr(n), gic_apr(n), "%s: GICC_APR%u", when, n);
	}
}

/* ---- what the nesting handler saw ---- */
#define LOGN 16
static volatile unsigned ln, depth;
static volatile unsigned lid[LOGN], ldepth[LOGN], lrpr[LOGN];
static volatile unsigned nest_on;        /* INTID that unmasks I inside its handler */
static volatile unsigned nest_pend[4];   /* INTIDs it pends first (0 = none) */
static volatile uint32_t hppir_inside, rpr_inside_after;

static int nest_handler(struct exc_frame *f)
{
	if ((f->vector & 3) != EXC_TYPE_IRQ)
		return 0;
	uint32_t iar = gic_ack();
	unsigned id = GIC_IAR_INTID(iar);
	if (id >= 1020)
		return 1;
	depth++;
	unsigned i = ln;
	if (i < LOGN) {
		lid[i] = id;
		ldepth[i] = depth;
		lrpr[i] = gic_rpr();
	}
	ln = i + 1;
	if (id == nest_on) {
		nest_on = 0;
		for (unsigned k = 0; k < 4; k++)
			if (nest_pend[k])
				gic_set_pending(nest_pend[k]);
		hppir_inside = gic_hppir();
		__asm__ volatile("msr daifclr, #2\n\tnop\n\tnop\n\tnop\n\tmsr daifset, #2" ::: "memory");
		rpr_inside_after = gic_rpr();
	}
	depth--;
	gic_eoi(iar);
	return 1;
}

static void log_reset(void)
{
	ln = 0;
	depth = 0;
}

static void print_log(const char *what)
{
	printf("%s: taken", what);
	for (unsigned i = 0; i < ln && i < LOGN; i++)
		printf(" %u(depth %u, rpr 0x%02x)", lid[i], ldepth[i], lrpr[i]);
	printf("\n");
}

static void pmr(void)
{
	spi_setup(S0, 0x80);
	gic_set_pmr(0x80);
	checkf(gic_get_pmr(), 0x80, "PMR 0x80 read back");
	log_reset();
	gic_set_pending(S0);
	irq_window();
	checkf(ln, 0, "PMR 0x80, priority 0x80: not taken (equal is masked)");
	checkf(gic_hppir(), gic_hppir(), "PMR 0x80, priority 0x80 pending: HPPIR");
	gic_set_pmr(0x88);
	irq_window();
	checkf(ln, 1, "PMR 0x88, priority 0x80: taken");
	gic_set_pmr(0);
	checkf(gic_get_pmr(), 0, "PMR 0 read back");
	gic_set_pending(S0);
	irq_window();
	checkf(ln, 1, "PMR 0: not taken");
	gic_set_pmr(0xff);
	checkf(gic_get_pmr(), gic_get_pmr(), "PMR 0xff read back (implemented bits)");
	irq_window();
	checkf(ln, 2, "PMR 0xff: taken");
	gic_set_pmr(GIC_DEFAULT_PMR);
	checkf(gic_get_pmr(), GIC_DEFAULT_PMR, "PMR back to 0xf0");
	gic_disable(S0);
}

static void order(void)
{
	spi_setup(S0 + 0, 0xa0);
	spi_setup(S0 + 1, 0x40);
	spi_setup(S0 + 2, 0x80);
	spi_setup(S0 + 3, 0x40);
	spi_setup(S0 + 4, 0x20);
	gic_set_pending(S0 + 0);
	gic_set_pending(S0 + 1);
	gic_set_pending(S0 + 2);
	gic_set_pending(S0 + 3);
	checkf(gic_hppir(), S0 + 1, "four pending: HPPIR (lowest INTID of the two 0x40s)");
	checkf(gic_rpr(), 0xff, "idle: RPR");
	log_reset();
	irq_window();
	print_log("order");
	checkf(ln, 4, "order: all taken");
	checkf(gic_hppir(), GIC_SPURIOUS, "nothing pending: HPPIR");
	for (unsigned i = 0; i < 5; i++)
		gic_disable(S0 + i);
}

static void preemption(void)
{
	spi_setup(S0 + 0, 0x80);   /* the running one */
	spi_setup(S0 + 1, 0x40);   /* higher: preempts */
	spi_setup(S0 + 2, 0x80);   /* equal: does not */
	spi_setup(S0 + 3, 0xc0);   /* lower: does not */
	nest_on = S0;
	nest_pend[0] = S0 + 3;
	nest_pend[1] = S0 + 2;
	nest_pend[2] = S0 + 1;
	nest_pend[3] = 0;
	log_reset();
	gic_set_pending(S0);
	irq_window();
	print_log("preemption");
	checkf(ln, 4, "preemption: all taken");
	checkf(hppir_inside, S0 + 1, "preemption: HPPIR inside the 0x80 handler");
	checkf(rpr_inside_after, 0x80, "preemption: RPR after the nested handler's EOI");
	for (unsigned i = 0; i < 4; i++)
		gic_disable(S0 + i);
}

static void binary_point(void)
{
	uint32_t coarse = gic_version == 3 ? 7 : 6;   /* group priority = bit 7 */
	uint32_t old = gic_get_bpr();
	checkf(old, old, "BPR after init (minimum)");
	gic_set_bpr(coarse);
	checkf(gic_get_bpr(), coarse, "BPR: group priority bit 7 only");
	/* 0x20 pending while 0x40 runs: same group priority 0x00. */
	spi_setup(S0 + 0, 0x40);
	spi_setup(S0 + 1, 0x20);
	nest_on = S0;
	nest_pend[0] = S0 + 1;
	nest_pend[1] = nest_pend[2] = nest_pend[3] = 0;
	log_reset();
	gic_set_pending(S0);
	irq_window();
	print_log("BPR coarse, 0x20 pended in the 0x40 handler");
	/* 0x20 pending while 0x80 runs: group priorities 0x00 and 0x80. */
	gic_set_priority(S0, 0x80);
	nest_on = S0;
	log_reset();
	gic_set_pending(S0);
	irq_window();
	print_log("BPR coarse, 0x20 pended in the 0x80 handler");
	gic_set_bpr(0);
	checkf(gic_get_bpr(), old, "BPR back to the minimum");
	gic_set_priority(S0, 0x40);
	nest_on = S0;
	log_reset();
	gic_set_pending(S0);
	irq_window();
	print_log("BPR minimum, 0x20 pended in the 0x40 handler");
	gic_disable(S0);
	gic_disable(S0 + 1);
}

static void eoimode(void)
{
	spi_setup(S0 + 0, 0x80);
	spi_setup(S0 + 1, 0xa0);
	gic_set_eoimode(1);
	gic_set_pending(S0);
	checkf(gic_hppir(), S0, "EOImode 1: HPPIR");
	aprs("idle");
	uint32_t iar = gic_ack();
	checkf(GIC_IAR_INTID(iar), S0, "EOImode 1: acknowledged");
	checkf(gic_rpr(), 0x80, "EOImode 1: RPR after the ack");
	aprs("0x80 active");
	gic_set_pending(S0 + 1);
	checkf(gic_ack(), GIC_SPURIOUS, "EOImode 1: 0xa0 pending, 0x80 running: IAR");
	gic_eoi(iar);
	checkf(gic_rpr(), 0xff, "EOImode 1: RPR after EOIR (priority dropped)");
	checkf(gic_state(S0), GIC_STATE_ENABLED | GIC_STATE_ACTIVE, "EOImode 1: still active after EOIR");
	aprs("after EOIR");
	gic_set_pending(S0);
	checkf(gic_hppir(), S0 + 1, "EOImode 1: active one pended again: HPPIR is the 0xa0 one");
	uint32_t iar2 = gic_ack();
	checkf(GIC_IAR_INTID(iar2), S0 + 1, "EOImode 1: the lower priority one can be acknowledged now");
	checkf(gic_rpr(), 0xa0, "EOImode 1: RPR");
	gic_eoi(iar2);
	gic_dir(iar2);
	checkf(gic_state(S0 + 1), GIC_STATE_ENABLED, "EOImode 1: second one deactivated by DIR");
	checkf(gic_state(S0), GIC_STATE_ENABLED | GIC_STATE_ACTIVE | GIC_STATE_PENDING, "EOImode 1: first: active and pending");
	gic_dir(iar);
	checkf(gic_state(S0), GIC_STATE_ENABLED | GIC_STATE_PENDING, "EOImode 1: DIR: first inactive, pending");
	checkf(gic_hppir(), S0, "EOImode 1: after DIR: HPPIR");
	iar = gic_ack();
	checkf(GIC_IAR_INTID(iar), S0, "EOImode 1: acknowledged again");
	gic_eoi(iar);
	gic_dir(iar);
	checkf(gic_state(S0), GIC_STATE_ENABLED, "EOImode 1: idle");
	gic_set_eoimode(0);
	/* EOImode 0: EOIR drops the priority and deactivates. */
	gic_set_pending(S0);
	iar = gic_ack();
	aprs("EOImode 0, 0x80 active");
	gic_eoi(iar);
	checkf(gic_state(S0), GIC_STATE_ENABLED, "EOImode 0: EOIR deactivates");
	aprs("EOImode 0, after EOIR");
	/* Nested actives: 0xa0 then 0x80 acknowledged (by hand, I masked). */
	gic_set_pending(S0 + 1);
	uint32_t a = gic_ack();
	gic_set_pending(S0);
	uint32_t b = gic_ack();
	checkf(GIC_IAR_INTID(a) * 1000 + GIC_IAR_INTID(b), (S0 + 1) * 1000 + S0, "nested acks by hand");
	checkf(gic_rpr(), 0x80, "nested: RPR");
	aprs("nested 0xa0 and 0x80 active");
	gic_eoi(b);
	checkf(gic_rpr(), 0xa0, "nested: RPR after the inner EOI");
	gic_eoi(a);
	checkf(gic_rpr(), 0xff, "nested: RPR idle");
	gic_disable(S0);
	gic_disable(S0 + 1);
}

int main(void)
{
	gic_init();
	printf("%s\n", gic_name());
	exc_set_irq_handler(nest_handler);
	pmr();
	order();
	preemption();
	binary_point();
	eoimode();
	return check_done();
}
