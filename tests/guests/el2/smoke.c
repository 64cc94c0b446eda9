#include "rt.h"
static uint64_t el1_fn(uint64_t a)
{
	printf("hello from EL%u arg=%lu\n", current_el(), a);
	return a * 2;
}
int main(void)
{
	printf("main at EL%u\n", current_el());
	struct vm vm;
	vm_init(&vm);
	uint64_t r = vm_run(&vm, el1_fn, 21);
	printf("vm returned %lu\n", r);
	hyp_catch(EXC_RESUME_NEXT);
	__asm__ volatile("hvc #0x42");
	printf("taken=%d esr=%lx elr-ok\n", hyp_last.taken, hyp_last.esr);
	printf("psci version %lx\n", psci_call(PSCI_VERSION,0,0,0));
	return check_done();
}
