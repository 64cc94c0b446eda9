/* Secondary PEs with the runtime's environment (rt/smp.h); the entry is smp_entry.S. */
#include "rt.h"

/* Layout shared with smp_entry.S. */
struct rt_smp_ctx {
	uint64_t sp, fn, arg, vbar_el1, mair_el1, tcr_el1, ttbr0_el1, sctlr_el1;  /* 0..56 */
	uint64_t cpacr_el1, vbar_el2, hcr_el2, cptr_el2, cnthctl_el2;             /* 64..96 */
	uint64_t mair_el2, tcr_el2, ttbr0_el2, sctlr_el2, pad[3];                 /* 104..128 */
};

void rt_smp_entry(void);
void rt_smp_main(struct rt_smp_ctx *c) __attribute__((noreturn));

static struct rt_smp_ctx smp_ctx[SMP_MAX_CPUS] __attribute__((aligned(64)));
static uint8_t smp_stacks[SMP_MAX_CPUS][16384] __attribute__((aligned(16)));

void rt_smp_main(struct rt_smp_ctx *c)
{
	((smp_fn)c->fn)(c->arg);
	psci_call(PSCI_CPU_OFF, 0, 0, 0);
	panic("CPU_OFF returned on cpu %u", smp_cpu());
}

int64_t smp_start(unsigned cpu, smp_fn fn, uint64_t arg)
{
	if (cpu >= SMP_MAX_CPUS)
		return -2;   /* PSCI INVALID_PARAMETERS */
	struct rt_smp_ctx *c = &smp_ctx[cpu];
	c->sp = (uintptr_t)&smp_stacks[cpu][sizeof(smp_stacks[cpu])];
	c->fn = (uintptr_t)fn;
	c->arg = arg;
	c->vbar_el1 = read_sysreg(vbar_el1);
	c->mair_el1 = read_sysreg(mair_el1);
	c->tcr_el1 = read_sysreg(tcr_el1);
	c->ttbr0_el1 = read_sysreg(ttbr0_el1);
	c->sctlr_el1 = read_sysreg(sctlr_el1);
	c->cpacr_el1 = read_sysreg(cpacr_el1);
	if (current_el() == 2) {
		c->vbar_el2 = read_sysreg(vbar_el2);
		c->hcr_el2 = HCR_RW;
		c->cptr_el2 = read_sysreg(cptr_el2);
		c->cnthctl_el2 = read_sysreg(cnthctl_el2);
		c->mair_el2 = read_sysreg(mair_el2);
		c->tcr_el2 = read_sysreg(tcr_el2);
		c->ttbr0_el2 = read_sysreg(ttbr0_el2);
		c->sctlr_el2 = read_sysreg(sctlr_el2);
	}
	/* The PE reads its context with the MMU off. */
	for (uintptr_t p = (uintptr_t)c; p < (uintptr_t)(c + 1); p += 64)
		__asm__ volatile("dc civac, %0" :: "r"(p) : "memory");
	dsb(ish);
	return psci_call(PSCI_CPU_ON, cpu, (uintptr_t)rt_smp_entry, (uintptr_t)c);
}
