/* PSCI through HVC: QEMU's virt machine without EL2/EL3 (and mtesim's hypervisor)
 * implement the firmware calls behind HVC #0, SMC calling convention. With
 * virtualization on, the firmware sits behind SMC #0 and the runtime runs at EL2:
 * calls made at EL2 use SMC; calls made at EL1 inside a VM still use HVC #0, which the
 * runtime's EL2 passes on to the firmware (hyp.c). */
#include "rt.h"

int64_t psci_call(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fid;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;
	if (current_el() == 2)
		__asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) :: "memory");
	else
		__asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) :: "memory");
	return (int64_t)x0;
}

void psci_system_off(void)
{
	psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	/* SYSTEM_OFF does not return; if it did, stop here rather than run on. */
	for (;;)
		__asm__ volatile("wfi");
}
