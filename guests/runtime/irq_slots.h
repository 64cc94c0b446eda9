/* The per-PE interrupt handler slots behind exc_set_irq_handler()/exc_set_fiq_handler()
 * (exc.c, EL1) and hyp_set_irq_handler()/hyp_set_fiq_handler() (hyp.c, EL2): an IRQ and
 * a FIQ slot for each PE, indexed by MPIDR_EL1.Aff0. The two runtimes' handlers take
 * different frames, so a slot stores the handler as rt_irq_slot_fn, the function type C
 * lets any function pointer pass through and come back unchanged. */
#ifndef RT_IRQ_SLOTS_H
#define RT_IRQ_SLOTS_H

#include "rt.h"

typedef void (*rt_irq_slot_fn)(void);

struct rt_irq_slots {
	rt_irq_slot_fn irq[EXC_MAX_CPUS], fiq[EXC_MAX_CPUS];
};

/* Installs h in this PE's slot for `type` (EXC_TYPE_IRQ or EXC_TYPE_FIQ); returns the
 * handler it replaces. */
rt_irq_slot_fn rt_irq_slot_swap(struct rt_irq_slots *s, unsigned type, rt_irq_slot_fn h);

/* This PE's handler for an exception of `type`; NULL when the slot is empty or the
 * exception is not an interrupt. */
rt_irq_slot_fn rt_irq_slot_get(struct rt_irq_slots *s, unsigned type);

#endif
