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

/* Records an exception in hyp_last (as hyp_catch does) and ends the VM run. */
static __attribute__((unused)) int record_and_exit(struct hyp_frame *f)
{
	hyp_record(f);
	vm_exit(0x0e1d);
}

/* Runs fn(arg) in vm until the first exception taken to EL2, which is recorded in
 * hyp_last and ends the run (vm_run then returns 0x0e1d); for configurations where
 * not even the VM's code can be fetched. */
static inline uint64_t run_until_trap(struct vm *vm, vm_fn fn, uint64_t arg)
{
	hyp_catch(EXC_RESUME_NEXT);
	hyp_set_handler(record_and_exit);
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

/* Same without HPFAR_EL2, which is UNKNOWN for stage-2 Permission and Alignment faults
 * that are not on a stage-1 walk (D24.2.76: HPFAR_EL2 is written for Translation,
 * Access flag and Address size faults, and for any fault on a stage-1 walk). */
static inline void check_abort_far(const char *what, uint64_t esr, uint64_t far)
{
	check_trap(what, esr);
	checkf(hyp_last.far, far, "%s: FAR_EL2", what);
}

static inline void check_no_trap(const char *what)
{
	checkf(hyp_last.taken, 0, "%s: exceptions to EL2", what);
}

/* ---- VMs whose EL1 runs with its MMU off (VA = IPA) ---- */
/* The image region (code, data, stacks, EL1 page tables, heap) at RAM_BASE. */
#define IMAGE_SIZE (16ul << 20)

/* vm_init(), then EL1 MMU off and stage 2 from s with VMID 1. */
static inline void vm_init_flat(struct vm *vm, struct s2 *s)
{
	vm_init(vm);
	vm_el1_mmu_off(vm);
	vm_set_s2(vm, s, 1);
}

/* Stage 2 for VMs whose EL1 uses the runtime's default map (vm_init's EL1 state):
 * 4KB granule, 40-bit IPA from level 1, the image identity mapped Normal RW executable
 * (EL1's code, stacks and translation tables live there), and the GIC/UART region
 * Device (so the EL1 runtime can still report an unexpected exception). */
static inline void s2_init_image(struct s2 *s)
{
	s2_init(s, PT_4K, 40, 1);
	s2_map(s, RAM_BASE, RAM_BASE, IMAGE_SIZE, S2_NORMAL);
	s2_map(s, 0x08000000ul, 0x08000000ul, 0x02000000ul, S2_DEVICE);
}

/* EL1 accesses with fixed registers, so the data abort syndromes are known:
 *   el1_load:  LDR X2, [X1]       (ISS_LDR_X2)
 *   el1_store: STR X3, [X1] of ~va (ISS_STR_X3)
 *   el1_fetch: BLR X1 to va, returning x0 (0x5a5a if the call faulted: resume at LR) */
#define ISS_LDR_X2 (DABT_ISV | 3u << 22 | 2u << 16 | DABT_SF)
#define ISS_STR_X3 (DABT_ISV | 3u << 22 | 3u << 16 | DABT_SF | DABT_WNR)
#define ESR_DABT(iss) ESR_MAKE(EC_DABT_LOWER, iss)
#define ESR_IABT(fsc) ESR_MAKE(EC_IABT_LOWER, fsc)

static __attribute__((unused)) uint64_t el1_load(uint64_t va)
{
	uint64_t v;
	__asm__ volatile("mov x1, %1\n\tmov x2, #0x5a5a\n\tldr x2, [x1]\n\tmov %0, x2"
			 : "=r"(v) : "r"(va) : "x1", "x2", "memory");
	return v;
}

static __attribute__((unused)) uint64_t el1_store(uint64_t va)
{
	__asm__ volatile("mov x1, %0\n\tmvn x3, %0\n\tstr x3, [x1]" :: "r"(va) : "x1", "x3", "memory");
	return 0;
}

static __attribute__((unused)) uint64_t el1_fetch(uint64_t va)
{
	uint64_t v;
	__asm__ volatile("mov x1, %1\n\tmov x0, #0x5a5a\n\tblr x1\n\tmov %0, x0"
			 : "=r"(v) : "r"(va) : "x0", "x1", "x30", "memory");
	return v;
}

/* Writes "mov x0, #imm; ret" at pa (identity mapped at EL2) and makes it visible to
 * instruction fetch. */
static __attribute__((unused)) void put_code(uint64_t pa, unsigned imm)
{
	uint32_t *code = (uint32_t *)pa;
	code[0] = 0xd2800000u | (imm & 0xffff) << 5;   /* movz x0, #imm */
	code[1] = 0xd65f03c0u;                          /* ret */
	__asm__ volatile("dc cvau, %0\n\tdsb ish\n\tic ivau, %0\n\tdsb ish\n\tisb"
			 :: "r"(pa) : "memory");
}

/* Cleans and invalidates [pa, pa + size) to the point of coherency, for memory EL2
 * accesses cacheable and a VM with its MMU off accesses non-cacheable. */
static __attribute__((unused)) void dcache_civac(uint64_t pa, uint64_t size)
{
	for (uint64_t a = pa & ~63ul; a < pa + size; a += 64)
		__asm__ volatile("dc civac, %0" :: "r"(a) : "memory");
	dsb(sy);
}

/* PAR_EL1 bits with a defined value: on success ATTR [63:56], PA [47:12], bit 11 (RES1
 * without FEAT_RME), SH [8:7] and F; NS (bit 9) is UNKNOWN for a Non-secure regime and
 * bit 10 IMPLEMENTATION DEFINED. On a fault bits [11:0]: RES1, S, PTW, FST, F. */
#define PAR_OK_MASK    0xff0000fffffff981ul
#define PAR_FAULT_MASK 0xffful
#define PAR_OK(attr, pa, sh) (((uint64_t)(attr) << 56) | ((pa) & 0xfffffffff000ul) | 0x800 | \
			      ((uint64_t)(sh) << 7))
#define PAR_FAULT(s, ptw, fst) (0x800u | (s) << 9 | (ptw) << 8 | (fst) << 1 | 1)
#define SH_NON   0
#define SH_OUTER 2
#define SH_INNER 3

/* The descriptor slot for va at the given level of a stage-1 table built with pt_*
 * (identity mapped, so table addresses are usable at EL2); NULL if the walk ends above
 * that level. */
static __attribute__((unused)) uint64_t *s1_slot(struct pt *pt, uint64_t va, int level)
{
	uint64_t *table = pt->root;
	unsigned per = pt->gshift - 3;
	for (int l = (int)pt->start_level;; l++) {
		unsigned shift = pt->gshift + (unsigned)(3 - l) * per;
		unsigned bits = l == (int)pt->start_level ? pt->va_bits - shift : per;
		uint64_t *d = &table[(va >> shift) & ((1ul << bits) - 1)];
		if (l == level)
			return d;
		if (!(*d & PTE_VALID) || !(*d & PTE_TABLE))
			return 0;
		table = (uint64_t *)(uintptr_t)(*d & 0x0000fffffffff000ul);
	}
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

/* buf = "<what> IPA 0x<ipa>" (for check names); returns buf. */
static inline const char *snprintf_ipa(char *buf, const char *what, uint64_t ipa)
{
	char *p = buf;
	while (*what)
		*p++ = *what++;
	const char *s = " IPA 0x";
	while (*s)
		*p++ = *s++;
	int started = 0;
	for (int sh = 60; sh >= 0; sh -= 4) {
		unsigned d = (unsigned)(ipa >> sh) & 15;
		if (d || started || sh == 0) {
			*p++ = "0123456789abcdef"[d];
			started = 1;
		}
	}
	*p = 0;
	return buf;
}

/* The address of the next instruction in inline assembly: "ADR_HERE(%0)" before the
 * instruction of interest. */
#define ADR_NEXT(reg) "adr " reg ", 1f\n1:\t"

#endif
