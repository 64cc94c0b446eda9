/* Starting secondary PEs with the runtime's environment (PSCI CPU_ON). */
#ifndef RT_SMP_H
#define RT_SMP_H

#include <stdint.h>

#define SMP_MAX_CPUS 8

typedef void (*smp_fn)(uint64_t arg);
/* Starts the PE with MPIDR_EL1.Aff0 = cpu with PSCI CPU_ON; it runs fn(arg) at the EL
 * the runtime booted at, DAIF masked, SP_ELx on its own 16 KiB stack, with the caller's
 * translation regime: at EL1 the caller's VBAR/MAIR/TCR/TTBR0/SCTLR_EL1 and CPACR_EL1;
 * at EL2 the EL2 set-up crt0 and the runtime give the boot PE (VBAR_EL2, HCR_EL2 = RW,
 * CPTR_EL2, CNTHCTL_EL2, CNTVOFF_EL2 = 0, VTTBR_EL2 = 0, VPIDR/VMPIDR = its own
 * MIDR/MPIDR, EL2's identity map, VBAR_EL1 and SCTLR_EL1 as on the caller). When fn
 * returns the PE turns itself off (CPU_OFF); it can then be started again. Returns the
 * CPU_ON result (0 on success). The PE may start running after the call returns. */
int64_t smp_start(unsigned cpu, smp_fn fn, uint64_t arg);

/* This PE's MPIDR_EL1.Aff0. */
static inline unsigned smp_cpu(void)
{
	uint64_t v;
	__asm__ volatile("mrs %0, mpidr_el1" : "=r"(v));
	return (unsigned)(v & 0xff);
}

#endif
