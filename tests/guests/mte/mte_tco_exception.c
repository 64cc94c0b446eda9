/* MTE: PSTATE.TCO across exceptions. Exception entry saves PSTATE.TCO in SPSR_ELx[25]
 * and sets PSTATE.TCO to 1 (so the handler runs Tag Unchecked); ERET restores TCO from
 * SPSR[25], so a handler can change the interrupted code's TCO. Checked for SVC from
 * EL1 with TCO 0 and 1, for a synchronous tag check fault, and for SVC from EL0 (MSR TCO
 * is allowed at EL0). The handler reads TCO with MRS and does a mismatched load (which
 * would recurse if it were checked). */
#include "mtetest.h"

static struct {
	uint64_t tco_in_handler, spsr_tco;
	int set_spsr_tco;           /* -1 keep, 0 clear, 1 set */
	unsigned calls;
} h;

static uint64_t mrs_tco(void)
{
	uint64_t v;
	__asm__ volatile("mrs %0, tco" : "=r"(v));
	return v;
}

static int handler(struct exc_frame *f)
{
	h.calls++;
	h.tco_in_handler = mrs_tco();
	h.spsr_tco = f->spsr & PSTATE_TCO;
	/* A mismatched load here: unchecked with TCO = 1 (a fault would recurse). */
	__asm__ volatile("ldr xzr, [%0]" :: "r"(BAD(0x10)) : "memory");
	if (h.set_spsr_tco == 0)
		f->spsr &= ~PSTATE_TCO;
	else if (h.set_spsr_tco == 1)
		f->spsr |= PSTATE_TCO;
	if (ESR_EC(f->esr) == EC_DABT_CUR || ESR_EC(f->esr) == EC_DABT_LOWER)
		f->elr += 4;
	return 1;
}


EL0_TEXT static uint64_t el0_svc(uint64_t set_tco)
{
	uint64_t v;
	if (set_tco)
		__asm__ volatile("msr tco, #1");
	else
		__asm__ volatile("msr tco, #0");
	__asm__ volatile("svc #0x21\n\tmrs %0, tco\n\tmsr tco, #0" : "=r"(v) :: "memory");
	return v;
}

static void run_svc(const char *what, int tco_before, int set)
{
	h.calls = 0;
	h.set_spsr_tco = set;
	uint64_t after;
	if (tco_before)
		__asm__ volatile("msr tco, #1\n\tsvc #0x20\n\tmrs %0, tco\n\tmsr tco, #0" : "=r"(after) :: "memory");
	else
		__asm__ volatile("msr tco, #0\n\tsvc #0x20\n\tmrs %0, tco\n\tmsr tco, #0" : "=r"(after) :: "memory");
	checkf(h.calls, 1, "%s: handler calls", what);
	checkf(h.tco_in_handler, PSTATE_TCO, "%s: TCO in the handler", what);
	checkf(h.spsr_tco, tco_before ? PSTATE_TCO : 0, "%s: SPSR_EL1[25]", what);
	checkf(after, set < 0 ? (tco_before ? PSTATE_TCO : 0) : (set ? PSTATE_TCO : 0),
	       "%s: TCO after ERET", what);
}

int main(void)
{
	setup_object_page(PTE_TAGGED_USER);
	mte_enable(MTE_TCF_SYNC, MTE_TCF_SYNC);
	exc_set_handler(handler);

	run_svc("svc, TCO 0", 0, -1);
	run_svc("svc, TCO 1", 1, -1);
	run_svc("svc, TCO 0, handler sets SPSR[25]", 0, 1);
	run_svc("svc, TCO 1, handler clears SPSR[25]", 1, 0);

	/* A tag check fault: the handler runs with TCO = 1; the interrupted TCO was 0. */
	h.calls = 0;
	h.set_spsr_tco = -1;
	uint64_t after;
	__asm__ volatile("ldr xzr, [%1]\n\tmrs %0, tco" : "=r"(after) : "r"(BAD(0x20)) : "memory");
	checkf(h.calls, 1, "tag check fault: handler calls");
	checkf(h.tco_in_handler, PSTATE_TCO, "tag check fault: TCO in the handler");
	checkf(h.spsr_tco, 0, "tag check fault: SPSR_EL1[25]");
	checkf(after, 0, "tag check fault: TCO after ERET");

	/* From EL0. */
	h.calls = 0;
	h.set_spsr_tco = -1;
	after = el0_run(el0_svc, 0, 0);
	checkf(h.calls, 1, "EL0 svc, TCO 0: handler calls");
	checkf(h.tco_in_handler, PSTATE_TCO, "EL0 svc, TCO 0: TCO in the handler");
	checkf(h.spsr_tco, 0, "EL0 svc, TCO 0: SPSR_EL1[25]");
	checkf(after, 0, "EL0 svc, TCO 0: EL0's TCO after ERET");
	h.calls = 0;
	after = el0_run(el0_svc, 1, 0);
	checkf(h.spsr_tco, PSTATE_TCO, "EL0 svc, TCO 1: SPSR_EL1[25]");
	checkf(after, PSTATE_TCO, "EL0 svc, TCO 1: EL0's TCO after ERET");
	h.calls = 0;
	h.set_spsr_tco = 1;
	after = el0_run(el0_svc, 0, 0);
	checkf(after, PSTATE_TCO, "EL0 svc, TCO 0, handler sets SPSR[25]: EL0's TCO after ERET");
	h.set_spsr_tco = -1;
	exc_set_handler(0);
	/* el0_run() returns through the exit SVC's handler without an ERET, so EL1 carries
	 * on with the TCO = 1 that exception entry set. */
	checkf(mrs_tco(), PSTATE_TCO, "EL1 TCO after el0_run() returned");
	mte_tco_off();
	checkf(mrs_tco(), 0, "EL1 TCO after MSR TCO, #0");
	return check_done();
}
