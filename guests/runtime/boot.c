/* From crt0 to main and back to PSCI SYSTEM_OFF. main runs at the EL the image was
 * entered at: EL1, or EL2 with virtualization on (rt/hyp.h). */
#include "rt.h"

void rt_boot(uint64_t dtb) __attribute__((noreturn));
void rt_mmu_enable_default(void);
void rt_hyp_boot(void);

uint64_t rt_dtb_pa;
int rt_boot_el = 1;

void rt_boot(uint64_t dtb)
{
	rt_dtb_pa = dtb;
	console_init();
	if (current_el() == 2) {
		rt_boot_el = 2;
		rt_hyp_boot();          /* EL2 map on, EL1 default map built (hyp.c) */
	} else {
		rt_mmu_enable_default();
	}
	int rc = main();
	if (rc)
		printf("main returned %d\n", rc);
	psci_system_off();
}
