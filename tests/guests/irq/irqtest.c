/* Shared code of the interrupt-controller guests (irqtest.h). */
#include "irqtest.h"

struct irq_log irq_logs[SMP_MAX_CPUS];

int irq_log_handler(struct exc_frame *f)
{
	if ((f->vector & 3) != EXC_TYPE_IRQ)
		return 0;
	struct irq_log *l = irq_log_this();
	l->entries++;
	uint32_t iar = gic_ack();
	if (GIC_IAR_INTID(iar) >= 1020) {
		l->spurious++;
		return 1;
	}
	unsigned i = l->n;
	if (i < IRQ_LOG_MAX) {
		l->iar[i] = iar;
		l->rpr[i] = gic_rpr();
		l->elr[i] = f->elr;
	}
	l->n = i + 1;
	gic_eoi(iar);
	return 1;
}
