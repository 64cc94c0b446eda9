/* WFI wake-up by interrupts (run with --smp 2; GICv2 and GICv3, the same output):
 *   - PE 0 with PSTATE.I set: an SPI (and an SGI to itself) pending and signalled makes
 *     WFI complete without taking the interrupt; ISR_EL1.I shows it; it is taken as soon
 *     as PSTATE.I is cleared (Arm ARM D1.6.2 "WFI wake-up events": a physical IRQ
 *     wakes the PE whatever PSTATE.I says);
 *   - PE 1 waits in WFI (I set) until PE 0 sends it an SGI: it wakes, ISR_EL1.I = 1, and
 *     after unmasking takes that SGI;
 *   - PE 1 arms its virtual timer 100 ms ahead and waits in WFI; PE 0 meanwhile only
 *     waits in WFI for PE 1's "done" SGI, so both PEs are idle for the whole 100 ms
 *     (a simulator should skip the idle time). PE 1 wakes with the counter past CVAL
 *     (a relation), ISTATUS set, PPI 27 pending, and takes it.
 * WFI may also complete spuriously, so every wait is a loop on the condition; no count
 * of WFI completions is printed. */
#include "irqtest.h"

#define SGI_WAKE 1
#define SGI_DONE 2
#define SPI_W    32

static uint64_t isr(void) { return read_sysreg(isr_el1); }

static void wfi(void) { __asm__ volatile("dsb sy\n\twfi" ::: "memory"); }

/* IRQ handler: the log handler, but a timer PPI is silenced (IMASK) before its EOI. */
static int handler(struct exc_frame *f)
{
	if ((f->vector & 3) != EXC_TYPE_IRQ)
		return 0;
	struct irq_log *l = irq_log_this();
	uint32_t iar = gic_ack();
	unsigned id = GIC_IAR_INTID(iar);
	if (id >= 1020) {
		l->spurious++;
		return 1;
	}
	if (id == GIC_INTID_VIRT_TIMER) {
		write_sysreg(cntv_ctl_el0, 3);
		isb();
	}
	unsigned i = l->n;
	if (i < IRQ_LOG_MAX)
		l->iar[i] = iar;
	l->n = i + 1;
	gic_eoi(iar);
	return 1;
}

/* Waits in WFI (I masked) until an IRQ is pending at the PE; returns ISR_EL1. */
static uint64_t wfi_until_irq(void)
{
	for (uint64_t i = 0; i < 100000000 && !(isr() & PSR_I); i++)
		wfi();
	return isr();
}

/* ---- PE 1 ---- */
static volatile unsigned phase, pe1_step;
static volatile uint64_t pe1_isr[2], pe1_intid[2], pe1_taken[2], pe1_after_cval, pe1_ctl;

static void pe1_main(uint64_t arg)
{
	struct irq_log *l = irq_log_this();
	gic_init_cpu();
	gic_enable(SGI_WAKE);
	exc_set_irq_handler(handler);
	irq_log_clear();
	pe1_step = 1;                        /* ready, about to wait */
	pe1_isr[0] = wfi_until_irq();
	irq_window();
	pe1_taken[0] = l->n;
	pe1_intid[0] = GIC_IAR_INTID(l->iar[0]);
	pe1_step = 2;

	while (phase < 2)
		__asm__ volatile("yield" ::: "memory");
	/* The timer 100 ms ahead, then nothing but WFI. */
	irq_log_clear();
	gic_enable(GIC_INTID_VIRT_TIMER);
	uint64_t frq = read_sysreg(cntfrq_el0);
	isb();
	uint64_t cval = read_sysreg(cntvct_el0) + frq / 10;
	write_sysreg(cntv_cval_el0, cval);
	write_sysreg(cntv_ctl_el0, 1);
	isb();
	pe1_isr[1] = wfi_until_irq();
	isb();
	pe1_after_cval = read_sysreg(cntvct_el0) >= cval;
	pe1_ctl = read_sysreg(cntv_ctl_el0);
	pe1_step = 3 + ((gic_state(GIC_INTID_VIRT_TIMER) & GIC_STATE_PENDING) ? 1 : 0) * 0x10;
	irq_window();
	pe1_taken[1] = l->n;
	pe1_intid[1] = GIC_IAR_INTID(l->iar[0]);
	write_sysreg(cntv_ctl_el0, 0);
	isb();
	gic_disable(GIC_INTID_VIRT_TIMER);
	gic_send_sgi(SGI_DONE, 1u << 0);
}

int main(void)
{
	struct irq_log *l = irq_log_this();
	gic_init();
	exc_set_irq_handler(handler);

	/* 1. Masked but pending: WFI completes, nothing taken until I is cleared. */
	gic_enable(SPI_W);
	irq_log_clear();
	gic_set_pending(SPI_W);
	checkf(wfi_until_irq() & PSR_I, PSR_I, "SPI pending, I masked: WFI completes, ISR_EL1.I");
	checkf(l->n, 0, "SPI: not taken while I is masked");
	irq_window();
	checkf(l->n, 1, "SPI: taken once I is cleared");
	checkf(GIC_IAR_INTID(l->iar[0]), SPI_W, "SPI: INTID");
	checkf(isr() & PSR_I, 0, "SPI: ISR_EL1.I clear afterwards");
	gic_disable(SPI_W);

	gic_enable(SGI_WAKE);
	gic_enable(SGI_DONE);
	irq_log_clear();
	gic_send_sgi_self(SGI_WAKE);
	checkf(wfi_until_irq() & PSR_I, PSR_I, "SGI to self, I masked: WFI completes, ISR_EL1.I");
	irq_window();
	checkf(l->n, 1, "SGI to self: taken once I is cleared");
	checkf(GIC_IAR_INTID(l->iar[0]), SGI_WAKE, "SGI to self: INTID");

	/* 2. PE 1 in WFI, woken by PE 0's SGI. */
	checkf(smp_start(1, pe1_main, 0), 0, "CPU_ON(cpu 1)");
	checkf(wait_for(&pe1_step, 1, 100000000), 1, "cpu 1 waiting");
	gic_send_sgi(SGI_WAKE, 1u << 1);
	checkf(wait_for(&pe1_step, 2, 100000000), 2, "cpu 1 woke");
	checkf(pe1_isr[0] & PSR_I, PSR_I, "cpu 1: ISR_EL1.I after WFI");
	checkf(pe1_taken[0], 1, "cpu 1: interrupts taken after unmasking");
	checkf(pe1_intid[0], SGI_WAKE, "cpu 1: INTID");

	/* 3. Both idle in WFI while PE 1's timer runs 100 ms. */
	irq_log_clear();
	phase = 2;
	for (uint64_t i = 0; i < 100000000 && l->n == 0; i++) {
		wfi_until_irq();
		irq_window();
	}
	checkf(l->n, 1, "cpu 0: woken by cpu 1's done SGI");
	checkf(GIC_IAR_INTID(l->iar[0]), SGI_DONE, "cpu 0: INTID");
	checkf(pe1_step, 0x13, "cpu 1: timer wake-up seen, PPI pending at the GIC");
	checkf(pe1_isr[1] & PSR_I, PSR_I, "cpu 1: ISR_EL1.I after WFI");
	checkf(pe1_after_cval, 1, "cpu 1: counter >= CVAL on wake-up");
	checkf(pe1_ctl, 5, "cpu 1: CNTV_CTL_EL0 (ENABLE, ISTATUS)");
	checkf(pe1_taken[1], 1, "cpu 1: interrupts taken after unmasking");
	checkf(pe1_intid[1], GIC_INTID_VIRT_TIMER, "cpu 1: INTID");
	return check_done();
}
