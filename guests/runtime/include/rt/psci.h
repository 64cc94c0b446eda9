/* PSCI calls to the firmware/hypervisor through HVC (QEMU virt without EL2/EL3). */
#ifndef RT_PSCI_H
#define RT_PSCI_H

#include <stdint.h>

#define PSCI_VERSION        0x84000000u
#define PSCI_CPU_OFF        0x84000002u
#define PSCI_CPU_ON         0xC4000003u
#define PSCI_AFFINITY_INFO  0xC4000004u
#define PSCI_SYSTEM_OFF     0x84000008u
#define PSCI_SYSTEM_RESET   0x84000009u
#define PSCI_FEATURES       0x8400000Au

int64_t psci_call(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3);
void psci_system_off(void) __attribute__((noreturn));

#endif
