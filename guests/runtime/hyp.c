/* The runtime at EL2 (see rt/hyp.h): boot-time set-up of EL2's own identity map, the
 * C side of the EL2 vectors (runtime services, the test's handler, the recorder behind
 * hyp_catch, PSCI for VMs), and running functions in a VM. */
#include "rt.h"
#include "irq_slots.h"

void rt_hyp_boot(void);
void rt_hyp_dispatch(struct hyp_frame *f);
void rt_mmu_build_default(void);
uint64_t rt_sctlr_el1_default(void);
uint64_t rt_vm_enter(uint64_t entry, uint64_t arg, uint64_t spsr);
void rt_vm_resume(uint64_t value) __attribute__((noreturn));
extern char rt_vectors[];

#define SCTLR_EL2_RES1 0x30c50830ul   /* nVHE: bits 29,28,23,22,18,16,11,5,4 */
#define TCR_EL2_RES1   ((1ul << 31) | (1ul << 23))

/* ---- EL2 stage 1 ---- */
static struct pt hyp_tables;

struct pt *hyp_pt(void)
{
	return &hyp_tables;
}

void hyp_mmu_sync(void)
{
	__asm__ volatile("dsb ishst\n\ttlbi alle2is\n\tdsb ish\n\tisb" ::: "memory");
}

void hyp_tlbi_va(uint64_t va)
{
	uint64_t arg = (va >> 12) & 0xfffffffffffful;
	__asm__ volatile("dsb ishst\n\ttlbi vae2is, %0\n\tdsb ish\n\tisb" :: "r"(arg) : "memory");
}

/* Called once from rt_boot at EL2 with the MMU off. */
void rt_hyp_boot(void)
{
	pt_init(&hyp_tables, PT_4K, 48);
	pt_map(&hyp_tables, 0x08000000ul, 0x08000000ul, 0x02000000ul, HYP_PTE_DEVICE);
	pt_map(&hyp_tables, RAM_BASE, RAM_BASE, 1ul << 30, HYP_PTE_NORMAL);
	write_sysreg(mair_el2, MAIR_VALUE);
	/* T0SZ 16, IRGN0/ORGN0 write-back, SH0 inner, TG0 4K, PS 40 bits. */
	write_sysreg(tcr_el2, TCR_EL2_RES1 | 16ul | 1ul << 8 | 1ul << 10 | 3ul << 12 | 2ul << 16);
	write_sysreg(ttbr0_el2, (uintptr_t)hyp_tables.root);
	isb();
	__asm__ volatile("tlbi alle2\n\tdsb nsh\n\tic iallu\n\tdsb nsh\n\tisb" ::: "memory");
	/* MMU and caches on, SP alignment check on, alignment checking off. */
	write_sysreg(sctlr_el2, SCTLR_EL2_RES1 | SCTLR_M | SCTLR_C | SCTLR_I | SCTLR_SA);
	isb();
	/* The EL1 default map, for VMs (and for mmu_default_pt() users). */
	rt_mmu_build_default();
	write_sysreg(mair_el1, MAIR_VALUE);
	isb();
}

/* ---- exceptions taken to EL2 ---- */
static hyp_handler current_handler;
struct vm *vm_current;

hyp_handler hyp_set_handler(hyp_handler h)
{
	hyp_handler old = current_handler;
	current_handler = h;
	return old;
}

static struct rt_irq_slots irq_slots;

hyp_handler hyp_set_irq_handler(hyp_handler h)
{
	return (hyp_handler)rt_irq_slot_swap(&irq_slots, EXC_TYPE_IRQ, (rt_irq_slot_fn)h);
}

hyp_handler hyp_set_fiq_handler(hyp_handler h)
{
	return (hyp_handler)rt_irq_slot_swap(&irq_slots, EXC_TYPE_FIQ, (rt_irq_slot_fn)h);
}

static const char *const vector_names[16] = {
	"EL2t sync", "EL2t IRQ", "EL2t FIQ", "EL2t SError",
	"EL2h sync", "EL2h IRQ", "EL2h FIQ", "EL2h SError",
	"Lower64 sync", "Lower64 IRQ", "Lower64 FIQ", "Lower64 SError",
	"Lower32 sync", "Lower32 IRQ", "Lower32 FIQ", "Lower32 SError",
};

void hyp_default(struct hyp_frame *f)
{
	printf("EL2 EXCEPTION %s ESR=0x%016lx FAR=0x%016lx HPFAR=0x%016lx ELR=0x%016lx "
	       "SPSR=0x%016lx\n", vector_names[f->vector & 15], f->esr, f->far, f->hpfar,
	       f->elr, f->spsr);
	psci_system_off();
}

void vm_exit(uint64_t value)
{
	if (!vm_current)
		panic("vm_exit outside vm_run");
	rt_vm_resume(value);
}

static int is_lower_sync(const struct hyp_frame *f)
{
	return f->vector == EXC_VEC_LOWER64 + EXC_TYPE_SYNC;
}

/* HVCs with the runtime's immediates from a VM are services, not test events. */
static int vm_service(struct hyp_frame *f)
{
	if (!is_lower_sync(f) || ESR_EC(f->esr) != EC_HVC64)
		return 0;
	switch (f->esr & 0xffff) {
	case RT_HVC_EXIT:
		vm_exit(f->x[0]);
	case RT_HVC_PUTC:
		putc((int)f->x[0]);
		return 1;
	}
	return 0;
}

/* PSCI from EL1 (HVC #0, e.g. psci_system_off() in the EL1 runtime): passed on to the
 * firmware behind SMC. Only when no handler took the HVC. */
static int psci_proxy(struct hyp_frame *f)
{
	if (!is_lower_sync(f) || ESR_EC(f->esr) != EC_HVC64 || (f->esr & 0xffff) != 0)
		return 0;
	uint32_t fid = (uint32_t)f->x[0];
	if ((fid & 0xbfffffe0u) != 0x84000000u || (f->x[0] >> 32))
		return 0;
	f->x[0] = (uint64_t)psci_call(f->x[0], f->x[1], f->x[2], f->x[3]);
	return 1;
}

void rt_hyp_dispatch(struct hyp_frame *f)
{
	if (vm_service(f))
		return;
	/* A VM powering the machine off (e.g. the EL1 runtime's exc_default) always
	 * does, whatever handler is installed. */
	if ((uint32_t)f->x[0] == PSCI_SYSTEM_OFF && psci_proxy(f))
		return;
	hyp_handler h = (hyp_handler)rt_irq_slot_get(&irq_slots, f->vector & 3);
	if (h && h(f))
		return;
	if (current_handler && current_handler(f))
		return;
	if (psci_proxy(f))
		return;
	hyp_default(f);
}

/* The recording handler behind hyp_catch(). */
volatile struct hyp_record hyp_last;
void hyp_record(const struct hyp_frame *f)
{
	hyp_last.taken++;
	hyp_last.esr = f->esr;
	hyp_last.far = f->far;
	hyp_last.hpfar = f->hpfar;
	hyp_last.elr = f->elr;
	hyp_last.spsr = f->spsr;
	hyp_last.vector = f->vector;
}

static enum exc_resume catch_resume;

static int record_and_resume(struct hyp_frame *f)
{
	if ((f->vector & 3) != EXC_TYPE_SYNC)
		return 0;
	hyp_record(f);
	if (catch_resume == EXC_RESUME_LR) {
		f->elr = f->x[30];
	} else {
		unsigned ec = ESR_EC(f->esr);
		if (ec != EC_SVC64 && ec != EC_HVC64)
			f->elr += 4;
	}
	return 1;
}

void hyp_catch(enum exc_resume how)
{
	hyp_last.taken = 0;
	hyp_last.esr = hyp_last.far = hyp_last.hpfar = 0;
	hyp_last.elr = hyp_last.spsr = hyp_last.vector = 0;
	catch_resume = how;
	hyp_set_handler(record_and_resume);
}

void hyp_uncatch(void)
{
	hyp_set_handler(0);
}

/* ---- VMs ---- */
static uint64_t vm_stack[2048] __attribute__((aligned(16)));   /* 16 KiB */

void vm_set_s2(struct vm *vm, const struct s2 *s, unsigned vmid)
{
	vm->vttbr = (uintptr_t)s->root | (uint64_t)(vmid & 0xff) << 48;
	vm->vtcr = s2_vtcr(s);
}

void vm_el1_mmu_off(struct vm *vm)
{
	vm->sctlr_el1 = SCTLR_RES1;
}

void vm_set_el1_pt(struct vm *vm, const struct pt *pt)
{
	vm->tcr_el1 = mmu_tcr(pt, 0);
	vm->ttbr0_el1 = (uintptr_t)pt->root;
	vm->ttbr1_el1 = 0;
}

void vm_init(struct vm *vm)
{
	memset(vm, 0, sizeof(*vm));
	vm->hcr = HCR_VM;
	vm_set_s2(vm, s2_default(), 1);
	vm->vpidr = read_sysreg(midr_el1);
	vm->vmpidr = read_sysreg(mpidr_el1);
	vm->sctlr_el1 = rt_sctlr_el1_default();
	vm_set_el1_pt(vm, mmu_default_pt());
	vm->mair_el1 = MAIR_VALUE;
	vm->vbar_el1 = (uintptr_t)rt_vectors;
	vm->spsr = PSR_MODE_EL1h | PSR_DAIF;
	vm->tlbi = 1;
}

void vm_activate(const struct vm *vm)
{
	write_sysreg(vtcr_el2, vm->vtcr);
	write_sysreg(vttbr_el2, vm->vttbr);
	isb();
}

void vm_load(const struct vm *vm)
{
	/* EL1 translation state: loaded with stage 1 of the old VM possibly cached, so the
	 * HCR/VTTBR switch comes first and the TLBI (if asked) after both. */
	write_sysreg(hcr_el2, HCR_RW | vm->hcr);
	vm_activate(vm);
	write_sysreg(vpidr_el2, vm->vpidr);
	write_sysreg(vmpidr_el2, vm->vmpidr);
	write_sysreg(sctlr_el1, vm->sctlr_el1);
	write_sysreg(tcr_el1, vm->tcr_el1);
	write_sysreg(ttbr0_el1, vm->ttbr0_el1);
	write_sysreg(ttbr1_el1, vm->ttbr1_el1);
	write_sysreg(mair_el1, vm->mair_el1);
	write_sysreg(vbar_el1, vm->vbar_el1);
	isb();
	if (vm->tlbi)
		s2_tlbi_vmid();
}

void vm_unload(void)
{
	write_sysreg(hcr_el2, HCR_RW);
	isb();
}

uint64_t vm_run(struct vm *vm, vm_fn fn, uint64_t arg)
{
	if (vm_current)
		panic("vm_run: a VM is already running");
	vm_load(vm);
	uint64_t sp = vm->sp ? vm->sp : (uintptr_t)(vm_stack + 2048);
	if ((vm->spsr & 0xf) == PSR_MODE_EL1h)
		write_sysreg(sp_el1, sp);
	else
		write_sysreg(sp_el0, sp);
	isb();
	vm_current = vm;
	uint64_t r = rt_vm_enter((uintptr_t)fn, arg, vm->spsr);
	vm_current = 0;
	vm_unload();
	return r;
}

/* ---- data abort emulation ---- */
uint64_t hyp_dabt_store_data(const struct hyp_frame *f)
{
	unsigned rt = DABT_SRT(f->esr), sas = DABT_SAS(f->esr);
	uint64_t v = rt == 31 ? 0 : f->x[rt];
	return sas == 3 ? v : v & ((1ul << (8u << sas)) - 1);
}

void hyp_dabt_load(struct hyp_frame *f, uint64_t value)
{
	unsigned rt = DABT_SRT(f->esr), sas = DABT_SAS(f->esr);
	unsigned bits = 8u << sas;
	if (bits < 64) {
		value &= (1ul << bits) - 1;
		if ((f->esr & DABT_SSE) && (value >> (bits - 1)))
			value |= ~0ul << bits;
	}
	if (!(f->esr & DABT_SF))
		value &= 0xfffffffful;
	if (rt != 31)
		f->x[rt] = value;
}
