/* From crt0 to main and back to PSCI SYSTEM_OFF. */
#include "rt.h"

void rt_boot(uint64_t dtb) __attribute__((noreturn));
void rt_mmu_enable_default(void);

uint64_t rt_dtb_pa;

void rt_boot(uint64_t dtb)
{
	rt_dtb_pa = dtb;
	console_init();
	rt_mmu_enable_default();
	int rc = main();
	if (rc)
		printf("main returned %d\n", rc);
	psci_system_off();
}
