/* Exception demo: provokes one exception of each common kind, prints what ESR_EL1 and
 * FAR_EL1 said, and carries on. Addresses are printed relative to the object they
 * point into, so the output does not depend on the link layout. */
#include "rt.h"

static uint64_t buffer[4] __attribute__((aligned(16)));

/* Resume after the faulting instruction; an SVC already reports the next one. */
static int report_and_skip(struct exc_frame *f)
{
	unsigned ec = ESR_EC(f->esr);
	printf("  taken: EC=0x%02x ESR=0x%08lx", ec, f->esr);
	if (ec == EC_DABT_CUR || ec == EC_DABT_LOWER) {
		uint64_t off = f->far - (uintptr_t)buffer;
		if (off < sizeof(buffer))
			printf(" FAR=buffer+%lu", off);
		else
			printf(" FAR=0x%lx", f->far);
	}
	else if (ec == EC_SVC64 || ec == EC_BRK64)
		printf(" imm=0x%lx", f->esr & 0xffff);
	printf("\n");
	if (ec != EC_SVC64)
		f->elr += 4;
	return 1;
}

int main(void)
{
	exc_set_handler(report_and_skip);

	printf("SVC #0x42\n");
	__asm__ volatile("svc #0x42");

	printf("BRK #0x7\n");
	__asm__ volatile("brk #0x7");

	printf("UDF #0 (permanently undefined)\n");
	__asm__ volatile("udf #0");

	printf("unaligned LDR with SCTLR_EL1.A=1\n");
	write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) | SCTLR_A);
	isb();
	__asm__ volatile("ldr x0, [%0]" :: "r"((char *)buffer + 3) : "x0", "memory");
	write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) & ~SCTLR_A);
	isb();

	printf("LDR from an unmapped address (4 GiB: level-1 translation fault)\n");
	__asm__ volatile("ldr x0, [%0]" :: "r"(0x100000000ul) : "x0", "memory");

	exc_set_handler(0);
	printf("all exceptions recovered\n");
	return 0;
}
