/* Virtual interrupts from HCR_EL2 (Arm ARM D1.3.6, HCR_EL2.{IMO,FMO,AMO,VI,VF,VSE}):
 * with IMO (FMO, AMO) set, VI (VF, VSE) makes a virtual IRQ (FIQ, SError) pending for
 * EL1 and EL0. It is taken at EL1's IRQ (FIQ, SError) vector as soon as PSTATE.I (F, A)
 * allows it -- here right after the MSR DAIFClr that unmasks it, so ELR_EL1 is the next
 * instruction -- and never at EL2. Without the routing bit the virtual bit does nothing.
 * IRQ and FIQ leave ESR_EL1 alone; the virtual SError writes ESR_EL1 (EC 0x2F, ISS from
 * VSESR_EL2, which resets to 0) and clears HCR_EL2.VSE. ISR_EL1 shows the pending virtual
 * interrupts. A WFI with a masked virtual IRQ pending completes at once. From EL0 the
 * interrupt uses the lower-EL vector. */
#include "el2test.h"

struct irq_record {
	int taken;
	uint64_t vector, elr, spsr, esr;
};
static volatile struct irq_record irq;

/* EL1 handler: records the asynchronous exception and returns with it masked (the
 * virtual line stays asserted until EL2 clears it). */
static int record_async(struct exc_frame *f)
{
	if ((f->vector & 3) == EXC_TYPE_SYNC) {
		/* el0_spin's SVC #0x99 ends the VM run with its x0. */
		if (ESR_EC(f->esr) == EC_SVC64 && (f->esr & 0xffff) == 0x99)
			VM_EXIT(f->x[0]);
		return 0;
	}
	irq.taken++;
	irq.vector = f->vector;
	irq.elr = f->elr;
	irq.spsr = f->spsr;
	irq.esr = f->esr;
	f->spsr |= PSR_I | PSR_F | PSR_A;
	return 1;
}

#define ESR_SENTINEL 0x5a5aul

/* Unmask DAIF bit `bit` (DAIFClr immediate: 8 D, 4 A, 2 I, 1 F) and report the address
 * right after the MSR, where the interrupt must be taken. */
static uint64_t el1_unmask(uint64_t which)
{
	uint64_t next;
	exc_set_handler(record_async);
	write_sysreg(esr_el1, ESR_SENTINEL);
	switch (which) {
	case 2: __asm__ volatile("adr %0, 1f\n\tmsr daifclr, #2\n1:\tnop" : "=r"(next) :: "memory"); break;
	case 1: __asm__ volatile("adr %0, 1f\n\tmsr daifclr, #1\n1:\tnop" : "=r"(next) :: "memory"); break;
	default: __asm__ volatile("adr %0, 1f\n\tmsr daifclr, #4\n1:\tnop" : "=r"(next) :: "memory"); break;
	}
	__asm__ volatile("msr daifset, #0xf" ::: "memory");
	exc_set_handler(0);
	return next;
}

static uint64_t el1_isr(uint64_t unused)
{
	(void)unused;
	return read_sysreg(isr_el1);
}

static uint64_t el1_wfi(uint64_t unused)
{
	(void)unused;
	__asm__ volatile("wfi" ::: "memory");
	return 0x77;
}

/* At EL0 (DAIF clear, so the IRQ comes at once): count x0 down in x1, then SVC #0x99
 * with x0 unchanged, which EL1 turns into the end of the VM run. */
extern uint64_t el0_spin(uint64_t n);
__asm__(".section .user_text, \"ax\"\n\t.global el0_spin\n\t.type el0_spin, %function\n"
	"el0_spin:\n\tmov x1, x0\n1:\tsubs x1, x1, #1\n\tb.ne 1b\n\tsvc #0x99\n\tb .\n"
	"\t.size el0_spin, . - el0_spin\n\t.text");

static void check_taken(const char *what, unsigned vector, uint64_t elr)
{
	checkf(irq.taken, 1, "%s: taken at EL1", what);
	checkf(irq.vector, vector, "%s: EL1 vector entry", what);
	checkf(irq.elr, elr, "%s: ELR_EL1 = the next instruction", what);
}

int main(void)
{
	struct vm vm;
	vm_init(&vm);

	/* IRQ: IMO + VI. */
	vm.hcr = HCR_VM | HCR_IMO | HCR_VI;
	irq.taken = 0;
	uint64_t next = vm_run(&vm, el1_unmask, 2);
	check_taken("IMO VI", EXC_VEC_CUR_SPX + EXC_TYPE_IRQ, next);
	checkf(irq.spsr & (PSR_DAIF | 0xf), PSR_D | PSR_A | PSR_F | PSR_MODE_EL1h, "IMO VI: SPSR_EL1 (I clear)");
	checkf(irq.esr, ESR_SENTINEL, "IMO VI: ESR_EL1 unchanged");
	checkf(vm_run(&vm, el1_isr, 0), PSR_I, "IMO VI: ISR_EL1 (I pending)");

	/* VI without IMO: nothing. */
	vm.hcr = HCR_VM | HCR_VI;
	irq.taken = 0;
	vm_run(&vm, el1_unmask, 2);
	checkf(irq.taken, 0, "VI without IMO: taken");
	checkf(vm_run(&vm, el1_isr, 0), 0, "VI without IMO: ISR_EL1");

	/* FIQ: FMO + VF. */
	vm.hcr = HCR_VM | HCR_FMO | HCR_VF;
	irq.taken = 0;
	next = vm_run(&vm, el1_unmask, 1);
	check_taken("FMO VF", EXC_VEC_CUR_SPX + EXC_TYPE_FIQ, next);
	checkf(vm_run(&vm, el1_isr, 0), PSR_F, "FMO VF: ISR_EL1 (F pending)");
	vm.hcr = HCR_VM | HCR_IMO | HCR_VF;
	irq.taken = 0;
	vm_run(&vm, el1_unmask, 1);
	checkf(irq.taken, 0, "VF with IMO but not FMO: taken");

	/* SError: AMO + VSE; taking it clears VSE. */
	vm.hcr = HCR_VM | HCR_AMO | HCR_VSE;
	checkf(vm_run(&vm, el1_isr, 0), PSR_A, "AMO VSE: ISR_EL1 (A pending)");
	irq.taken = 0;
	next = vm_run(&vm, el1_unmask, 4);
	check_taken("AMO VSE", EXC_VEC_CUR_SPX + EXC_TYPE_SERROR, next);
	checkf(irq.esr, ESR_MAKE(0x2f, 0), "AMO VSE: ESR_EL1");
	checkf(read_sysreg(hcr_el2) & HCR_VSE, 0, "AMO VSE: HCR_EL2.VSE after it was taken");

	/* WFI at EL1 with a masked virtual IRQ pending completes. */
	vm.hcr = HCR_VM | HCR_IMO | HCR_VI;
	checkf(vm_run(&vm, el1_wfi, 0), 0x77, "WFI with a masked virtual IRQ pending completes");

	/* At EL2 nothing is taken, whatever HCR_EL2 says. */
	write_sysreg(hcr_el2, HCR_RW | HCR_IMO | HCR_VI | HCR_FMO | HCR_VF);
	isb();
	__asm__ volatile("msr daifclr, #3\n\tnop\n\tnop\n\tmsr daifset, #3" ::: "memory");
	write_sysreg(hcr_el2, HCR_RW);
	isb();
	checkf(1, 1, "EL2 with VI/VF pending and DAIF clear: no exception");

	/* From EL0: the lower-EL vector. */
	vm.hcr = HCR_VM | HCR_IMO | HCR_VI;
	irq.taken = 0;
	exc_set_handler(record_async);
	vm.spsr = PSR_MODE_EL0t;
	uint64_t r = vm_run(&vm, el0_spin, 1000);
	exc_set_handler(0);
	checkf(irq.taken >= 1, 1, "EL0 IMO VI: taken at EL1");
	checkf(irq.vector, EXC_VEC_LOWER64 + EXC_TYPE_IRQ, "EL0 IMO VI: EL1 vector entry");
	checkf(irq.spsr & 0xf, PSR_MODE_EL0t, "EL0 IMO VI: SPSR_EL1.M");
	checkf(r, 1000, "EL0 function completed after the interrupt");
	return check_done();
}
