/* Firmware interface: PSCI over HVC #0 from EL1, as QEMU's virt machine provides it
 * without EL2/EL3 and as mtesim's hypervisor must. PSCI_VERSION, PSCI_FEATURES for
 * the calls the platform lists, NOT_SUPPORTED (-1) for unknown function IDs, and
 * AFFINITY_INFO for the boot CPU. SYSTEM_OFF itself ends every guest. */
#include "asmtest.h"

int main(void)
{
	int64_t v = psci_call(PSCI_VERSION, 0, 0, 0);
	printf("PSCI version %ld.%ld\n", v >> 16, v & 0xffff);
	check("PSCI_VERSION >= 1.0", v >= 0x10000, 1);
	check("PSCI_FEATURES(PSCI_VERSION)", psci_call(PSCI_FEATURES, PSCI_VERSION, 0, 0), 0);
	check("PSCI_FEATURES(SYSTEM_OFF)", psci_call(PSCI_FEATURES, PSCI_SYSTEM_OFF, 0, 0), 0);
	check("PSCI_FEATURES(SYSTEM_RESET)", psci_call(PSCI_FEATURES, PSCI_SYSTEM_RESET, 0, 0), 0);
	check("PSCI_FEATURES(CPU_ON)", psci_call(PSCI_FEATURES, PSCI_CPU_ON, 0, 0), 0);
	check("PSCI_FEATURES(0x8400ff00) unknown", psci_call(PSCI_FEATURES, 0x8400ff00, 0, 0),
	      (uint64_t)-1);
	check("unknown function 0x8400ff00", psci_call(0x8400ff00, 0, 0, 0), (uint64_t)-1);
	check("unknown function 0xc400ff01", psci_call(0xc400ff01, 0, 0, 0), (uint64_t)-1);
	/* AFFINITY_INFO(MPIDR of CPU 0, level 0) = ON (0). */
	check("AFFINITY_INFO(cpu 0)", psci_call(PSCI_AFFINITY_INFO, 0, 0, 0), 0);
	return check_done();
}
