/* Exceptions: SP alignment faults. With SCTLR_EL1.SA = 1 (the runtime's setting), a load
 * or store whose base register is SP must find SP 16-byte aligned, otherwise an SP
 * alignment fault is taken: EC 0x26, IL = 1, ESR 0x9a000000, FAR UNKNOWN (not
 * printed), no writeback. Only the use as a base is checked, not arithmetic on SP.
 * Tested in EL1t with a misaligned SP_EL0 (the handler runs on the aligned SP_EL1).
 * QEMU 10 does not implement this check, so this guest's expected output was written
 * from the Arm ARM and it is compared with mtesim only (see CMakeLists.txt). */
#include "asmtest.h"

static uint64_t stack[64] __attribute__((aligned(16)));

static void set_sctlr(uint64_t set, uint64_t clear)
{
	write_sysreg(sctlr_el1, (read_sysreg(sctlr_el1) | set) & ~clear);
	isb();
}

int main(void)
{
	uint64_t base = (uintptr_t)&stack[32];

	write_sysreg(sp_el0, base);
	exc_catch(EXC_RESUME_NEXT);
	__asm__ volatile("msr spsel, #0\n\tldr x0, [sp, #8]\n\tstp x0, x0, [sp, #-16]\n\tmsr spsel, #1"
			 ::: "x0", "memory");
	check_no_fault("aligned SP_EL0: ldr [sp, #8], stp [sp, #-16]");

	write_sysreg(sp_el0, base + 4);
	exc_catch(EXC_RESUME_NEXT);
	__asm__ volatile("msr spsel, #0\n\tmov x0, sp\n\tadd sp, sp, #0\n\tmsr spsel, #1" ::: "x0", "memory");
	check_no_fault("misaligned SP_EL0 without a memory access");
	exc_catch(EXC_RESUME_NEXT);
	__asm__ volatile("msr spsel, #0\n\tldr x0, [sp, #4]\n\tmsr spsel, #1" ::: "x0", "memory");
	check_fault_esr("SP_EL0 = base+4: ldr x0, [sp, #4]", 0x9a000000);
	check("vector (EL1t sync)", exc_last.vector, 0);
	exc_catch(EXC_RESUME_NEXT);
	__asm__ volatile("msr spsel, #0\n\tstr x0, [sp], #12\n\tmsr spsel, #1" ::: "x0", "memory");
	check_fault_esr("SP_EL0 = base+4: str x0, [sp], #12", 0x9a000000);
	check("SP_EL0 - base after the faulting post-index", read_sysreg(sp_el0) - base, 4);
	write_sysreg(sp_el0, base + 8);
	exc_catch(EXC_RESUME_NEXT);
	__asm__ volatile("msr spsel, #0\n\tldrb w0, [sp]\n\tmsr spsel, #1" ::: "x0", "memory");
	check_fault_esr("SP_EL0 = base+8: ldrb w0, [sp]", 0x9a000000);

	/* SA = 0 turns the check off. */
	set_sctlr(0, SCTLR_SA);
	exc_catch(EXC_RESUME_NEXT);
	__asm__ volatile("msr spsel, #0\n\tldr x0, [sp]\n\tmsr spsel, #1" ::: "x0", "memory");
	check_no_fault("SA=0: ldr x0, [sp] with SP_EL0 = base+8");
	set_sctlr(SCTLR_SA, 0);

	exc_uncatch();
	return check_done();
}
