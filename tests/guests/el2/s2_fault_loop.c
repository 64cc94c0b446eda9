/* A hypervisor's stage-2 fault handling loop: the VM loads from an IPA with no stage-2
 * mapping; EL2 resumes it at the same instruction (ELR_EL2 unchanged) without fixing
 * anything, so the same fault repeats with the same syndrome; after 5 attempts EL2 gives
 * up and ends the run. Then demand paging: EL2 maps the page on the third fault (and
 * invalidates with TLBI IPAS2E1IS + VMALLE1IS), the retried load completes and returns
 * the page's value. Faults are counted and each syndrome compared with the first: the
 * point is that nothing hangs and every retry faults identically. Arm ARM D8.15. */
#include "el2test.h"

#define IPA 0x8000005000ul
#define PA  (HYP_TEST_PA_BASE + 0x80000)

static struct s2 s;
static int faults, differ, map_at;
static uint64_t first_esr, first_far, first_hpfar, first_elr;

static int retry_handler(struct hyp_frame *f)
{
	if (ESR_EC(f->esr) != EC_DABT_LOWER)
		return 0;
	if (faults++ == 0) {
		first_esr = f->esr;
		first_far = f->far;
		first_hpfar = f->hpfar;
		first_elr = f->elr;
	} else if (f->esr != first_esr || f->far != first_far || f->hpfar != first_hpfar ||
		   f->elr != first_elr) {
		differ++;
	}
	if (map_at && faults == map_at) {
		s2_map_level(&s, IPA, PA, 3, S2_NORMAL);
		s2_tlbi_ipa(IPA);
	} else if (faults == 5) {
		vm_exit(0xdead);
	}
	return 1;   /* retry: ELR_EL2 unchanged */
}

int main(void)
{
	struct vm vm;
	s2_init(&s, PT_4K, 40, 1);
	s2_map(&s, RAM_BASE, RAM_BASE, IMAGE_SIZE, S2_NORMAL);
	vm_init_flat(&vm, &s);
	*(volatile uint64_t *)PA = 0x9a9e;
	dcache_civac(PA, 8);
	hyp_set_handler(retry_handler);

	uint64_t r = vm_run(&vm, el1_load, IPA + 0x18);
	checkf(r, 0xdead, "no fix: vm_run result (given up)");
	checkf(faults, 5, "no fix: faults");
	checkf(differ, 0, "no fix: retries with a different syndrome");
	checkf(first_esr, ESR_DABT(ISS_LDR_X2 | FSC_TRANS(1)), "no fix: ESR_EL2");
	checkf(first_far, IPA + 0x18, "no fix: FAR_EL2");
	checkf(first_hpfar, HPFAR_OF(IPA), "no fix: HPFAR_EL2");

	faults = differ = 0;
	map_at = 3;
	r = vm_run(&vm, el1_load, IPA);
	checkf(r, 0x9a9e, "demand paging: value after the page was mapped");
	checkf(faults, 3, "demand paging: faults");
	checkf(differ, 0, "demand paging: retries with a different syndrome");
	hyp_set_handler(0);
	return check_done();
}
