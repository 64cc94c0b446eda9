/* Per-PE IRQ/FIQ handler slots (see irq_slots.h). */
#include "irq_slots.h"

/* MPIDR_EL1.Aff0; a PE numbered EXC_MAX_CPUS or above shares a lower one's slot. */
static unsigned this_cpu(void)
{
	return smp_cpu() % EXC_MAX_CPUS;
}

static rt_irq_slot_fn *slot_of(struct rt_irq_slots *s, unsigned type)
{
	if (type == EXC_TYPE_IRQ)
		return &s->irq[this_cpu()];
	if (type == EXC_TYPE_FIQ)
		return &s->fiq[this_cpu()];
	return 0;
}

rt_irq_slot_fn rt_irq_slot_swap(struct rt_irq_slots *s, unsigned type, rt_irq_slot_fn h)
{
	rt_irq_slot_fn *slot = slot_of(s, type);
	rt_irq_slot_fn old = *slot;
	*slot = h;
	return old;
}

rt_irq_slot_fn rt_irq_slot_get(struct rt_irq_slots *s, unsigned type)
{
	rt_irq_slot_fn *slot = slot_of(s, type);
	return slot ? *slot : 0;
}
