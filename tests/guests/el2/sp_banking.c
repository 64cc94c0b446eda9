/* Stack pointer banking across EL2/EL1/EL0: SP_EL0, SP_EL1 and SP_EL2 are separate
 * registers. EL2 writes SP_EL1 and SP_EL0 (MSR) and reads them back; an EL1h VM runs on
 * SP_EL1 and sees SP_EL0 as EL2 left it (MRS SP_EL0 at EL1 with SPSel = 1); what EL1
 * writes to SP_EL0 is what EL2 reads after the VM exit, and SP_EL1 keeps EL1's value;
 * an EL1t VM runs on SP_EL0 and still finds SP_EL1 (through SPSel = 1) as EL2 wrote it;
 * a trap from EL1 to EL2 runs the handler on SP_EL2 while SP_EL1 (read at EL2 with MRS)
 * is EL1's stack pointer at the trap. EL2 running with SPSel = 0 (EL2t) uses SP_EL0, and
 * SP_EL2 is unchanged when it switches back. EL2's own SP is the same before and after
 * a VM run. Stack addresses are printed as offsets from the test's own stacks.
 * Arm ARM D1.2 (stack pointer registers), D1.5 (PSTATE.SP). */
#include "el2test.h"

static uint64_t stacks[4][256] __attribute__((aligned(16)));
#define TOP(n) ((uintptr_t)(stacks[n] + 256))
#define OFF(v) ((v) - (uintptr_t)stacks)

static volatile uint64_t seen_sp, seen_sp_el0, seen_sp_el1;

/* EL1h: record SP and SP_EL0, then SP_EL0 = x0 (the argument). */
extern uint64_t el1h_probe(uint64_t new_sp_el0);
__asm__(".text\n\t.global el1h_probe\n\t.type el1h_probe, %function\nel1h_probe:\n\t"
	"adrp x1, seen_sp\n\tmov x2, sp\n\tstr x2, [x1, :lo12:seen_sp]\n\t"
	"adrp x1, seen_sp_el0\n\tmrs x2, sp_el0\n\tstr x2, [x1, :lo12:seen_sp_el0]\n\t"
	"msr sp_el0, x0\n\tret\n\t.size el1h_probe, . - el1h_probe");
/* EL1t: record SP, and SP_EL1 through SPSel = 1. */
extern uint64_t el1t_probe(uint64_t unused);
__asm__(".text\n\t.global el1t_probe\n\t.type el1t_probe, %function\nel1t_probe:\n\t"
	"adrp x1, seen_sp\n\tmov x2, sp\n\tstr x2, [x1, :lo12:seen_sp]\n\t"
	"msr spsel, #1\n\tmov x2, sp\n\tmsr spsel, #0\n\t"
	"adrp x1, seen_sp_el1\n\tstr x2, [x1, :lo12:seen_sp_el1]\n\tret\n\t"
	".size el1t_probe, . - el1t_probe");
/* EL1h: SP = x0, then HVC #1 (the handler reads SP_EL1), then SP back. */
extern uint64_t el1_hvc_on(uint64_t sp);
__asm__(".text\n\t.global el1_hvc_on\n\t.type el1_hvc_on, %function\nel1_hvc_on:\n\t"
	"mov x3, sp\n\tmov sp, x0\n\thvc #1\n\tmov sp, x3\n\tret\n\t.size el1_hvc_on, . - el1_hvc_on");

static volatile uint64_t handler_sp, handler_sp_el1;

static int hvc1(struct hyp_frame *f)
{
	if (f->esr != ESR_MAKE(EC_HVC64, 1))
		return 0;
	uint64_t sp;
	__asm__ volatile("mov %0, sp" : "=r"(sp));
	handler_sp = sp;
	handler_sp_el1 = read_sysreg(sp_el1);
	return 1;
}

static inline uint64_t current_sp(void)
{
	uint64_t sp;
	__asm__ volatile("mov %0, sp" : "=r"(sp));
	return sp;
}

int main(void)
{
	struct vm vm;
	vm_init(&vm);

	write_sysreg(sp_el1, TOP(0));
	write_sysreg(sp_el0, TOP(1));
	checkf(OFF(read_sysreg(sp_el1)), OFF(TOP(0)), "EL2 reads SP_EL1 back");
	checkf(OFF(read_sysreg(sp_el0)), OFF(TOP(1)), "EL2 reads SP_EL0 back");

	uint64_t sp2 = current_sp();
	vm.sp = TOP(0);
	vm_run(&vm, el1h_probe, TOP(2));
	checkf(current_sp() == sp2, 1, "EL2 SP unchanged by the VM run");
	checkf(OFF(seen_sp), OFF(TOP(0)), "EL1h: SP");
	checkf(OFF(seen_sp_el0), OFF(TOP(1)), "EL1h: SP_EL0 as EL2 left it");
	checkf(OFF(read_sysreg(sp_el0)), OFF(TOP(2)), "after EL1h: SP_EL0 as EL1 wrote it");
	checkf(OFF(read_sysreg(sp_el1)), OFF(TOP(0)), "after EL1h: SP_EL1");

	write_sysreg(sp_el1, TOP(3));
	vm.spsr = PSR_MODE_EL1t | PSR_DAIF;
	vm.sp = TOP(1);
	vm_run(&vm, el1t_probe, 0);
	checkf(OFF(seen_sp), OFF(TOP(1)), "EL1t: SP");
	checkf(OFF(seen_sp_el1), OFF(TOP(3)), "EL1t: SP_EL1 through SPSel=1");

	vm.spsr = PSR_MODE_EL1h | PSR_DAIF;
	vm.sp = TOP(0);
	hyp_set_handler(hvc1);
	vm_run(&vm, el1_hvc_on, TOP(2) - 64);
	hyp_set_handler(0);
	checkf(OFF(handler_sp_el1), OFF(TOP(2) - 64), "trap from EL1: SP_EL1 read by the EL2 handler");
	checkf(handler_sp < sp2, 1, "trap from EL1: handler below EL2's SP (on SP_EL2)");

	/* EL2t */
	write_sysreg(sp_el0, TOP(3));
	uint64_t t_sp, back_sp;
	__asm__ volatile("msr spsel, #0\n\tmov %0, sp\n\tmsr spsel, #1\n\tmov %1, sp"
			 : "=r"(t_sp), "=r"(back_sp));
	checkf(OFF(t_sp), OFF(TOP(3)), "EL2t: SP = SP_EL0");
	checkf(back_sp == sp2, 1, "EL2h again: SP_EL2 unchanged");
	return check_done();
}
