/* The C side of exception handling: runtime services for EL0 (SVC exit/putc), then the
 * test's handler, then the default report-and-power-off. */
#include "rt.h"
#include "irq_slots.h"

void rt_el0_resume(uint64_t value) __attribute__((noreturn));
void rt_exception_dispatch(struct exc_frame *f);

static exc_handler current_handler;
static struct rt_irq_slots irq_slots;

exc_handler exc_set_irq_handler(exc_handler h)
{
	return (exc_handler)rt_irq_slot_swap(&irq_slots, EXC_TYPE_IRQ, (rt_irq_slot_fn)h);
}

exc_handler exc_set_fiq_handler(exc_handler h)
{
	return (exc_handler)rt_irq_slot_swap(&irq_slots, EXC_TYPE_FIQ, (rt_irq_slot_fn)h);
}

exc_handler exc_set_handler(exc_handler h)
{
	exc_handler old = current_handler;
	current_handler = h;
	return old;
}

static const char *const vector_names[16] = {
	"EL1t sync", "EL1t IRQ", "EL1t FIQ", "EL1t SError",
	"EL1h sync", "EL1h IRQ", "EL1h FIQ", "EL1h SError",
	"EL0-64 sync", "EL0-64 IRQ", "EL0-64 FIQ", "EL0-64 SError",
	"EL0-32 sync", "EL0-32 IRQ", "EL0-32 FIQ", "EL0-32 SError",
};

void exc_default(struct exc_frame *f)
{
	printf("EXCEPTION %s ESR=0x%016lx FAR=0x%016lx ELR=0x%016lx SPSR=0x%016lx\n",
	       vector_names[f->vector & 15], f->esr, f->far, f->elr, f->spsr);
	psci_system_off();
}

/* SVCs from EL0 with the runtime's immediates are services, not test events. */
static int el0_service(struct exc_frame *f)
{
	if (f->vector != EXC_VEC_LOWER64 + EXC_TYPE_SYNC || ESR_EC(f->esr) != EC_SVC64)
		return 0;
	switch (f->esr & 0xffff) {
	case RT_SVC_EXIT:
		rt_el0_resume(f->x[0]);
	case RT_SVC_PUTC:
		putc((int)f->x[0]);
		return 1;
	}
	return 0;
}

void rt_exception_dispatch(struct exc_frame *f)
{
	if (el0_service(f))
		return;
	exc_handler h = (exc_handler)rt_irq_slot_get(&irq_slots, f->vector & 3);
	if (h && h(f))
		return;
	if (current_handler && current_handler(f))
		return;
	exc_default(f);
}

/* The recording handler behind exc_catch(). */
volatile struct exc_record exc_last;
static enum exc_resume catch_resume;

static int record_and_resume(struct exc_frame *f)
{
	if ((f->vector & 3) != EXC_TYPE_SYNC)
		return 0;
	exc_last.taken++;
	exc_last.esr = f->esr;
	exc_last.far = f->far;
	exc_last.elr = f->elr;
	exc_last.spsr = f->spsr;
	exc_last.vector = f->vector;
	if (catch_resume == EXC_RESUME_LR) {
		f->elr = f->x[30];
	} else {
		unsigned ec = ESR_EC(f->esr);
		/* SVC/HVC/SMC report the next instruction as their return address already. */
		if (ec != EC_SVC64 && ec != EC_HVC64 && ec != 0x17)
			f->elr += 4;
	}
	return 1;
}

void exc_catch(enum exc_resume how)
{
	exc_last.taken = 0;
	exc_last.esr = exc_last.far = exc_last.elr = exc_last.spsr = exc_last.vector = 0;
	catch_resume = how;
	exc_set_handler(record_and_resume);
}

void exc_uncatch(void)
{
	exc_set_handler(0);
}
