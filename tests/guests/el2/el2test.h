/* Helpers shared by the EL2 conformance guests (tests/guests/el2): they start at EL2
 * (run_differential.sh --virtualization), run small functions at EL1 as VMs and check
 * what reaches EL2. Every check prints one line with the raw value (rt/check.h). */
#ifndef EL2TEST_H
#define EL2TEST_H

#include "../asmtest.h"

/* Runs fn(arg) in vm with the recorder of exceptions taken to EL2 (hyp_catch) active;
 * returns fn's result (or vm_exit's value). */
static inline uint64_t run_caught(struct vm *vm, vm_fn fn, uint64_t arg)
{
	hyp_catch(EXC_RESUME_NEXT);
	uint64_t r = vm_run(vm, fn, arg);
	hyp_uncatch();
	return r;
}

/* After run_caught(): exactly one exception at EL2, with this ESR_EL2. */
static inline void check_trap(const char *what, uint64_t esr)
{
	checkf(hyp_last.taken, 1, "%s: exceptions to EL2", what);
	checkf(hyp_last.esr, esr, "%s: ESR_EL2", what);
}

/* Same for a stage-2 abort: FAR_EL2 and HPFAR_EL2 too. */
static inline void check_abort(const char *what, uint64_t esr, uint64_t far, uint64_t hpfar)
{
	check_trap(what, esr);
	checkf(hyp_last.far, far, "%s: FAR_EL2", what);
	checkf(hyp_last.hpfar, hpfar, "%s: HPFAR_EL2", what);
}

static inline void check_no_trap(const char *what)
{
	checkf(hyp_last.taken, 0, "%s: exceptions to EL2", what);
}

/* buf = a followed by b (for check names); returns buf. */
static inline const char *strcat2(char *buf, const char *a, const char *b)
{
	char *p = buf;
	while (*a)
		*p++ = *a++;
	while (*b)
		*p++ = *b++;
	*p = 0;
	return buf;
}

/* The address of the next instruction in inline assembly: "ADR_HERE(%0)" before the
 * instruction of interest. */
#define ADR_NEXT(reg) "adr " reg ", 1f\n1:\t"

#endif
