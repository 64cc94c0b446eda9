/* SMP bring-up through PSCI (run with 4 PEs): the boot PE starts each secondary with
 * CPU_ON, the secondary reports its MPIDR and the context argument in shared memory and
 * turns itself off with CPU_OFF; AFFINITY_INFO reports each PE off again afterwards, and
 * a secondary can be started again once off. The PSCI error returns are checked too. */
#include "asmtest.h"

#define NCPUS 4
#define PSCI_INVALID_PARAMETERS ((uint64_t)-2)
#define PSCI_ALREADY_ON ((uint64_t)-4)

static uint64_t stacks[NCPUS][512] __attribute__((aligned(16)));
static volatile uint64_t report[NCPUS];
static volatile uint64_t starts[NCPUS];

void secondary_main(uint64_t cpu, uint64_t context);

/* Entry with the MMU off: x0 = context (the stack top). Keep the context in x19. */
__asm__(".text\n"
	".global secondary_entry\n"
	"secondary_entry:\n"
	"	mov	sp, x0\n"
	"	mov	x1, x0\n"
	"	mrs	x0, mpidr_el1\n"
	"	and	x0, x0, #0xff\n"
	"	bl	secondary_main\n"
	"1:	wfe\n"
	"	b	1b\n");
extern char secondary_entry[];

void secondary_main(uint64_t cpu, uint64_t context)
{
	/* MMU off: Device memory, so plain aligned 64-bit stores only. */
	report[cpu] = 0x5eed0000 | cpu << 8 | (context == (uint64_t)&stacks[cpu][512]);
	starts[cpu] = starts[cpu] + 1;
	psci_call(PSCI_CPU_OFF, 0, 0, 0);
}

static int64_t affinity(uint64_t cpu) { return psci_call(PSCI_AFFINITY_INFO, cpu, 0, 0); }

static void start_and_wait(uint64_t cpu)
{
	report[cpu] = 0;
	const uint64_t started = starts[cpu];
	int64_t rc = psci_call(PSCI_CPU_ON, cpu, (uint64_t)secondary_entry, (uint64_t)&stacks[cpu][512]);
	checkf(rc, 0, "CPU_ON(cpu %lu)", cpu);
	/* CPU_ON may return before the PE is seen as on (QEMU starts it asynchronously), so
	 * wait for its own sign of life before waiting for it to be off again. */
	uint64_t spins = 0;
	while (starts[cpu] == started && spins < 100000000) spins++;
	while (affinity(cpu) != 1 && spins < 200000000) spins++;
	checkf(affinity(cpu), 1, "AFFINITY_INFO(cpu %lu) after its CPU_OFF", cpu);
	checkf(report[cpu], 0x5eed0001 | cpu << 8, "cpu %lu report (MPIDR.Aff0 and context)", cpu);
}

int main(void)
{
	check("CPU_ON(self) is ALREADY_ON", psci_call(PSCI_CPU_ON, 0, (uint64_t)secondary_entry, 0),
	      PSCI_ALREADY_ON);
	check("CPU_ON(no such cpu) is INVALID_PARAMETERS",
	      psci_call(PSCI_CPU_ON, 0x77, (uint64_t)secondary_entry, 0), PSCI_INVALID_PARAMETERS);
	check("AFFINITY_INFO(no such cpu) is INVALID_PARAMETERS", psci_call(PSCI_AFFINITY_INFO, 0x77, 0, 0),
	      PSCI_INVALID_PARAMETERS);
	for (uint64_t cpu = 1; cpu < NCPUS; cpu++)
		checkf(affinity(cpu), 1, "AFFINITY_INFO(cpu %lu) before CPU_ON", cpu);
	for (uint64_t cpu = 1; cpu < NCPUS; cpu++)
		start_and_wait(cpu);
	start_and_wait(2);  /* again, after it powered off */
	check("cpu 2 started twice", starts[2], 2);
	check("cpu 0 still on", affinity(0), 0);
	return check_done();
}
