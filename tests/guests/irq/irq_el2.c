/* Physical interrupts and timers around EL2 (run with --virtualization; GICv2 and GICv3,
 * the same output). main runs at EL2 (rt/hyp.h), functions run at EL1 as VMs.
 *   - HCR_EL2.IMO = 0: a pending physical SPI is an EL1 interrupt: the VM, PSTATE.I set,
 *     sees it in ISR_EL1.I and does not take it;
 *   - HCR_EL2.IMO = 1: the same SPI is taken at EL2 (vector "lower EL, IRQ") while EL1
 *     runs with PSTATE.I set (SPSR_EL2 shows EL1h with I = 1), and ISR_EL1 at EL1 then
 *     shows only virtual interrupts (0 without HCR_EL2.VI, 0x80 with it); at EL2 ISR_EL1
 *     shows the physical one (Arm ARM D1.3.6, ISR_EL1);
 *   - the EL2 physical timer (CNTHP_CTL/CVAL/TVAL_EL2, PPI 26): ISTATUS/IMASK; at EL2 with
 *     PSTATE.I clear it is not taken while HCR_EL2.IMO = 0 (the IRQ targets EL1, lower
 *     than the current EL: Arm ARM D1.3.6 routing), and is taken at the EL2h IRQ vector
 *     with IMO = 1, INTID 26; armed while a VM spins with
 *     PSTATE.I set, it ends the VM run from EL2's handler;
 *   - CNTVOFF_EL2: CNTVCT_EL0 = CNTPCT_EL0 - CNTVOFF_EL2 at EL1 and at EL2 (E2H = 0):
 *     only the relation is printed;
 *   - CNTHCTL_EL2.EL1PCTEN = 0 traps EL1's CNTPCT_EL0 reads to EL2, EL1PCEN = 0 traps
 *     CNTP_CTL_EL0 / CNTP_CVAL_EL0 / CNTP_TVAL_EL0 accesses (EC 0x18; ESR_EL2 printed),
 *     neither traps CNTVCT_EL0 or CNTV_CTL_EL0 (Arm ARM D12.x, CNTHCTL_EL2). */
#include "../el2/el2test.h"
#include "irqtest.h"

#define SPI_T 32
#define CNTHCTL_EL1PCTEN 1ul
#define CNTHCTL_EL1PCEN  2ul

static volatile unsigned el2_n, el2_intid;
static volatile uint64_t el2_vector, el2_spsr;
static volatile int exit_on_timer;

static int el2_irq(struct hyp_frame *f)
{
	uint32_t iar = gic_ack();
	unsigned id = GIC_IAR_INTID(iar);
	if (id >= 1020)
		return 1;
	el2_n++;
	el2_intid = id;
	el2_vector = f->vector;
	el2_spsr = f->spsr;
	if (id == GIC_INTID_HYP_TIMER) {
		write_sysreg(cnthp_ctl_el2, 3);   /* IMASK */
		isb();
	}
	gic_eoi(iar);
	if (id == GIC_INTID_HYP_TIMER && exit_on_timer && vm_current)
		vm_exit(0x26);
	return 1;
}

static uint64_t vm_isr(uint64_t unused) { return read_sysreg(isr_el1); }

static uint64_t vm_spin_forever(uint64_t unused)
{
	for (;;)
		__asm__ volatile("nop" ::: "memory");
	return 0;
}

/* CNTPCT - CNTVCT, read in that order reversed (virtual first). */
static uint64_t vm_counter_gap(uint64_t unused)
{
	isb();
	uint64_t v = read_sysreg(cntvct_el0);
	isb();
	uint64_t p = read_sysreg(cntpct_el0);
	return p - v;
}

/* Fixed registers (x0), so the trapped instructions' ESR_EL2.ISS.Rt does not depend on
 * the compiler. */
#define EL1_ACCESS(name, insn) \
	static uint64_t name(uint64_t u) \
	{ register uint64_t x0 __asm__("x0") = 0; __asm__ volatile(insn : "+r"(x0) :: "memory"); return 1; }
EL1_ACCESS(vm_cntpct, "isb\n\tmrs x0, cntpct_el0")
EL1_ACCESS(vm_cntvct, "isb\n\tmrs x0, cntvct_el0")
EL1_ACCESS(vm_cntp_ctl, "mrs x0, cntp_ctl_el0")
EL1_ACCESS(vm_cntp_cval_w, "msr cntp_cval_el0, x0")
EL1_ACCESS(vm_cntp_tval, "mrs x0, cntp_tval_el0")
EL1_ACCESS(vm_cntv_ctl, "mrs x0, cntv_ctl_el0")

static void routing(void)
{
	struct vm vm;
	vm_init(&vm);
	gic_enable(SPI_T);
	gic_set_pending(SPI_T);
	checkf(read_sysreg(isr_el1), PSR_I, "EL2, SPI pending, I masked: ISR_EL1");

	vm.hcr = HCR_VM;
	el2_n = 0;
	checkf(vm_run(&vm, vm_isr, 0), PSR_I, "IMO 0: ISR_EL1 at EL1 (physical IRQ)");
	checkf(el2_n, 0, "IMO 0: taken at EL2");
	checkf(gic_state(SPI_T), GIC_STATE_ENABLED | GIC_STATE_PENDING, "IMO 0: still pending");

	vm.hcr = HCR_VM | HCR_IMO;
	el2_n = 0;
	checkf(vm_run(&vm, vm_isr, 0), 0, "IMO 1: ISR_EL1 at EL1 (no virtual IRQ)");
	checkf(el2_n, 1, "IMO 1: taken at EL2 while EL1 has PSTATE.I set");
	checkf(el2_intid, SPI_T, "IMO 1: INTID");
	checkf(el2_vector, EXC_VEC_LOWER64 + EXC_TYPE_IRQ, "IMO 1: EL2 vector");
	checkf(el2_spsr & (PSR_I | 0xf), PSR_I | PSR_MODE_EL1h, "IMO 1: SPSR_EL2 mode and I");
	checkf(gic_state(SPI_T), GIC_STATE_ENABLED, "IMO 1: handled");

	vm.hcr = HCR_VM | HCR_IMO | HCR_VI;
	checkf(vm_run(&vm, vm_isr, 0), PSR_I, "IMO 1, VI 1: ISR_EL1 at EL1 (virtual IRQ)");
	gic_disable(SPI_T);
}

static void hyp_timer(void)
{
	struct vm vm;
	vm_init(&vm);
	unsigned id = GIC_INTID_HYP_TIMER;
	gic_enable(id);
	write_sysreg(cnthp_ctl_el2, 0);
	write_sysreg(cnthp_cval_el2, ~0ul);
	write_sysreg(cnthp_ctl_el2, 1);
	isb();
	checkf(read_sysreg(cnthp_ctl_el2), 1, "CNTHP: enabled, CVAL in the future");
	write_sysreg(cnthp_ctl_el2, 3);
	write_sysreg(cnthp_tval_el2, 0);
	isb();
	checkf(read_sysreg(cnthp_ctl_el2), 7, "CNTHP: TVAL 0 with IMASK: ISTATUS");
	checkf(gic_state(id), GIC_STATE_ENABLED, "CNTHP: IMASK: PPI 26 not pending");
	write_sysreg(cnthp_ctl_el2, 1);
	isb();
	checkf(gic_state(id), GIC_STATE_ENABLED | GIC_STATE_PENDING, "CNTHP: unmasked: PPI 26 pending");
	/* At EL2 a physical IRQ is taken only when routed to EL2 (IMO or TGE): with
	 * HCR_EL2.IMO = 0 it targets EL1, a lower EL, and EL2 never takes it. */
	el2_n = 0;
	__asm__ volatile("msr daifclr, #2\n\tnop\n\tmsr daifset, #2" ::: "memory");
	checkf(el2_n, 0, "CNTHP: IMO 0: not taken at EL2 with PSTATE.I clear");
	write_sysreg(hcr_el2, HCR_RW | HCR_IMO);
	isb();
	__asm__ volatile("msr daifclr, #2\n\tnop\n\tmsr daifset, #2" ::: "memory");
	write_sysreg(hcr_el2, HCR_RW);
	isb();
	checkf(el2_n, 1, "CNTHP: IMO 1: taken at EL2");
	checkf(el2_intid, id, "CNTHP: INTID");
	checkf(el2_vector, EXC_VEC_CUR_SPX + EXC_TYPE_IRQ, "CNTHP: EL2h IRQ vector");
	checkf(read_sysreg(cnthp_ctl_el2), 7, "CNTHP: handler set IMASK");
	checkf(gic_state(id), GIC_STATE_ENABLED, "CNTHP: idle");

	/* Armed 100 us ahead while the VM spins: the EL2 handler ends the run. */
	vm.hcr = HCR_VM | HCR_IMO;
	write_sysreg(cnthp_ctl_el2, 1);
	write_sysreg(cnthp_tval_el2, 100000);
	isb();
	exit_on_timer = 1;
	el2_n = 0;
	checkf(vm_run(&vm, vm_spin_forever, 0), 0x26, "CNTHP during a VM: the run ended by EL2's timer handler");
	exit_on_timer = 0;
	checkf(el2_n, 1, "CNTHP during a VM: taken at EL2");
	checkf(el2_vector, EXC_VEC_LOWER64 + EXC_TYPE_IRQ, "CNTHP during a VM: vector");
	write_sysreg(cnthp_ctl_el2, 0);
	isb();
	gic_disable(id);
}

static void cntvoff(void)
{
	struct vm vm;
	vm_init(&vm);
	const uint64_t off = 1ul << 40;
	write_sysreg(cntvoff_el2, off);
	isb();
	uint64_t gap = vm_run(&vm, vm_counter_gap, 0);
	checkf(gap >= off && gap < off + (1ul << 32), 1, "CNTVOFF 2^40: CNTPCT - CNTVCT at EL1 in [2^40, 2^40 + 2^32)");
	uint64_t g2 = vm_counter_gap(0);
	checkf(g2 >= off && g2 < off + (1ul << 32), 1, "CNTVOFF 2^40: CNTPCT - CNTVCT at EL2");
	write_sysreg(cntvoff_el2, 0);
	isb();
	gap = vm_run(&vm, vm_counter_gap, 0);
	checkf(gap < (1ul << 32), 1, "CNTVOFF 0: CNTPCT - CNTVCT small");
}

static void cnthctl_traps(void)
{
	struct vm vm;
	vm_init(&vm);
	uint64_t saved = read_sysreg(cnthctl_el2);
	write_sysreg(cnthctl_el2, saved & ~(CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN));
	isb();
	run_caught(&vm, vm_cntpct, 0);
	check_trap("EL1PCTEN 0: MRS CNTPCT_EL0", ESR_MAKE(EC_SYSREG, SYSREG_ISS(3, 3, 14, 0, 1, 0, 1)));
	run_caught(&vm, vm_cntp_ctl, 0);
	check_trap("EL1PCEN 0: MRS CNTP_CTL_EL0", ESR_MAKE(EC_SYSREG, SYSREG_ISS(3, 3, 14, 2, 1, 0, 1)));
	run_caught(&vm, vm_cntp_cval_w, 0);
	check_trap("EL1PCEN 0: MSR CNTP_CVAL_EL0", ESR_MAKE(EC_SYSREG, SYSREG_ISS(3, 3, 14, 2, 2, 0, 0)));
	run_caught(&vm, vm_cntp_tval, 0);
	check_trap("EL1PCEN 0: MRS CNTP_TVAL_EL0", ESR_MAKE(EC_SYSREG, SYSREG_ISS(3, 3, 14, 2, 0, 0, 1)));
	run_caught(&vm, vm_cntvct, 0);
	check_no_trap("EL1PCTEN 0: MRS CNTVCT_EL0");
	run_caught(&vm, vm_cntv_ctl, 0);
	check_no_trap("EL1PCEN 0: MRS CNTV_CTL_EL0");
	write_sysreg(cnthctl_el2, saved);
	isb();
	run_caught(&vm, vm_cntpct, 0);
	check_no_trap("EL1PCTEN 1: MRS CNTPCT_EL0");
	run_caught(&vm, vm_cntp_ctl, 0);
	check_no_trap("EL1PCEN 1: MRS CNTP_CTL_EL0");
}

int main(void)
{
	if (rt_boot_el != 2) {
		printf("SKIP: needs EL2 (--virtualization)\n");
		return check_done();
	}
	gic_init();
	hyp_set_irq_handler(el2_irq);
	routing();
	hyp_timer();
	cntvoff();
	cnthctl_traps();
	return check_done();
}
