/* Helpers shared by the interrupt-controller guests (tests/guests/irq): they run on
 * QEMU virt with GICv2 and GICv3 (run_differential.sh --gic-version 2|3) and use the
 * runtime's GIC driver (rt/gic.h), interrupt handlers (exc_set_irq_handler) and PE
 * start-up (rt/smp.h). Output never depends on timing: only INTIDs, counts of
 * deterministic events, register fields and relations are printed. */
#ifndef IRQTEST_H
#define IRQTEST_H

#include "../asmtest.h"

#define IRQ_LOG_MAX 64

/* What the default handler (irq_log_handler) saw on one PE, in order. */
struct irq_log {
	volatile unsigned n;                     /* interrupts acknowledged */
	volatile uint32_t iar[IRQ_LOG_MAX];      /* raw IAR values */
	volatile uint32_t rpr[IRQ_LOG_MAX];      /* running priority right after the ack */
	volatile uint64_t elr[IRQ_LOG_MAX];      /* where the interrupt was taken */
	volatile unsigned entries;               /* handler entries (one may ack several) */
	volatile unsigned spurious;              /* entries that acknowledged nothing */
};
extern struct irq_log irq_logs[SMP_MAX_CPUS];

static inline struct irq_log *irq_log_this(void) { return &irq_logs[smp_cpu()]; }

static inline void irq_log_clear(void)
{
	struct irq_log *l = irq_log_this();
	l->n = 0;
	l->entries = 0;
	l->spurious = 0;
}

/* IRQ handler: acknowledges one interrupt, records it and EOIs it (with EOImode 1 the
 * interrupt stays active: the test deactivates it); an IAR of 1020..1023 is counted as
 * spurious. Another pending interrupt is taken again after the return. */
int irq_log_handler(struct exc_frame *f);

/* Unmask IRQs for a moment at a known place: an interrupt that is pending and signalled
 * is taken right after the MSR (ELR = the returned address). */
static inline uint64_t irq_window(void)
{
	uint64_t next;
	__asm__ volatile("adr %0, 1f\n\tmsr daifclr, #2\n1:\tnop\n\tmsr daifset, #2" : "=r"(next) :: "memory");
	return next;
}

/* Spins until *p >= want or about `spins` iterations passed; returns *p. */
static inline unsigned wait_for(volatile unsigned *p, unsigned want, uint64_t spins)
{
	for (uint64_t i = 0; i < spins && *p < want; i++)
		__asm__ volatile("yield" ::: "memory");
	return *p;
}

static inline const char *gic_name(void) { return gic_version == 3 ? "GICv3" : "GICv2"; }

#endif
