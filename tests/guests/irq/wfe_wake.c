/* WFE wake-up events (run with --smp 2; no interrupt controller involved, so one
 * expected file for both GIC versions). Every wait is a loop on its condition, since
 * WFE may complete early; only outcomes are printed, never how often WFE returned:
 *   - SEVL then WFE completes at once (the event register was set);
 *   - an exception return sets the event register: SVC, return, then WFE completes;
 *   - PE 1 waits in WFE for a flag that PE 0 sets and follows with SEV;
 *   - a ticket spinlock whose waiters use WFE (LDAXR + WFE, as Linux's arm64 locks do),
 *     released by a plain store-release: both PEs take it 2000 times each and the
 *     counter it protects ends exact (the release clears the waiter's exclusive monitor,
 *     a wake-up event);
 *   - the event stream (CNTKCTL_EL1.EVNTEN, bit 6 of CNTVCT_EL0) wakes a PE from WFE
 *     while the other PE is off, so nothing else could (on mtesim both would otherwise
 *     sleep for ever). */
#include "irqtest.h"

static void wfe(void) { __asm__ volatile("wfe" ::: "memory"); }
static void sev(void) { __asm__ volatile("dsb ish\n\tsev" ::: "memory"); }
static void sevl(void) { __asm__ volatile("sevl" ::: "memory"); }

static volatile unsigned flag, pe1_saw_flag, pe1_done;
static volatile uint32_t lock_next, lock_owner;   /* ticket lock */
static volatile uint64_t shared_counter;

static void lock(void)
{
	uint32_t ticket = __atomic_fetch_add(&lock_next, 1, __ATOMIC_ACQUIRE);
	uint32_t owner;
	/* Wait with the owner field in the exclusive monitor, so the unlock's store is an
	 * event for this PE. */
	sevl();
	for (;;) {
		wfe();
		__asm__ volatile("ldaxr %w0, [%1]" : "=&r"(owner) : "r"(&lock_owner) : "memory");
		if (owner == ticket)
			break;
	}
}

static void unlock(void)
{
	__atomic_store_n(&lock_owner, lock_owner + 1, __ATOMIC_RELEASE);
}

#define ROUNDS 2000

static void pe1_main(uint64_t arg)
{
	(void)arg;
	while (!flag)
		wfe();
	pe1_saw_flag = 1;
	for (int i = 0; i < ROUNDS; i++) {
		lock();
		shared_counter = shared_counter + 1;
		unlock();
	}
	pe1_done = 1;
	sev();
}

static int svc_handler(struct exc_frame *f)
{
	(void)f;
	return ESR_EC(read_sysreg(esr_el1)) == EC_SVC64;
}

int main(void)
{
	/* SEVL; WFE: completes at once. */
	sevl();
	wfe();
	check("WFE after SEVL completed", 1, 1);

	/* An exception return sets the event register. */
	exc_handler old = exc_set_handler(svc_handler);
	__asm__ volatile("svc #0" ::: "memory");
	exc_set_handler(old);
	wfe();
	check("WFE after an exception return completed", 1, 1);

	/* SEV from PE 0 wakes PE 1 waiting in WFE for the flag. */
	check("CPU_ON PE 1", smp_start(1, pe1_main, 0), 0);
	for (volatile int i = 0; i < 20000; i++) {
	}
	flag = 1;
	sev();
	for (int i = 0; i < ROUNDS; i++) {
		lock();
		shared_counter = shared_counter + 1;
		unlock();
	}
	while (!pe1_done)
		wfe();
	check("PE 1 saw the flag", pe1_saw_flag, 1);
	check("ticket lock with WFE waiters: counter", shared_counter, 2 * ROUNDS);

	/* The event stream: PE 1 is off (its function returned), so only the stream can end
	 * these WFEs. */
	write_sysreg(cntkctl_el1, read_sysreg(cntkctl_el1) | (1ul << 2) | (6ul << 4));
	isb();
	uint64_t start = read_sysreg(cntvct_el0);
	unsigned waits = 0;
	while (read_sysreg(cntvct_el0) - start < 1000 && waits < 100000) {
		wfe();
		waits++;
	}
	check("the event stream ended WFE until 1000 ticks passed", read_sysreg(cntvct_el0) - start >= 1000, 1);
	write_sysreg(cntkctl_el1, read_sysreg(cntkctl_el1) & ~(1ul << 2));
	isb();
	return check_done();
}
