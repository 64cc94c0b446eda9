/* HCR_EL2.TGE = 1 with E2H = 0 (and VM = 0): EL0 runs under EL2 directly (ERET from EL2
 * to EL0t). Every exception that would go to EL1 goes to EL2 instead, from the lower-EL
 * AArch64 vector (+0x400), and the EL1&0 stage 1 is treated as disabled (SCTLR_EL1.M
 * behaves as 0), so EL0 runs on flat addresses:
 *  - SVC #imm: EC 0x15, ISS = imm, ELR = the next instruction;
 *  - BRK #imm: EC 0x3c, ISS = imm;
 *  - UDF and MRS of an EL1 register: EC 0x00 (UNDEFINED);
 *  - BR to a misaligned address: PC alignment fault, EC 0x22, FAR = the target;
 *  - MRS CTR_EL0 with SCTLR_EL1.UCT = 0: EC 0x18 (the trap to EL1 goes to EL2).
 * EL0 leaves with SVC #0xFF00, which the test's EL2 handler turns into the VM exit.
 * The EL0 code and data are EL0-accessible in the EL1 map too, so this part does not
 * depend on stage 1 being off. QEMU 10 keeps applying the EL1&0 stage 1 to EL0 while
 * TGE = 1 (E2H = 0, VM = 0): tge_el0_s1off checks the flat access against the Arm ARM.
 * Arm ARM D24.2.62 (HCR_EL2.TGE), D1.3 (routing when TGE is 1). */
#include "el2test.h"

#ifndef TGE_S1OFF
#define TGE_S1OFF 0   /* 1: only the access that shows stage 1 is off */
#endif

#define PA_DATA (HYP_TEST_PA_BASE + 0x60000)

static volatile uint64_t insn_at EL0_DATA;

/* EL0 operations: x0 = op. Each records the address of the interesting instruction. */
extern uint64_t el0_ops(uint64_t op);
__asm__(".section .user_text, \"ax\"\n\t.global el0_ops\n\t.type el0_ops, %function\nel0_ops:\n\t"
	"adrp x9, insn_at\n\tadd x9, x9, :lo12:insn_at\n\t"
	"cmp x0, #0\n\tb.eq 0f\n\tcmp x0, #1\n\tb.eq 1f\n\tcmp x0, #2\n\tb.eq 2f\n\t"
	"cmp x0, #3\n\tb.eq 3f\n\tcmp x0, #4\n\tb.eq 4f\n\tcmp x0, #5\n\tb.eq 5f\n\t"
	"b 6f\n"
	"0:\tadr x1, 10f\n\tstr x1, [x9]\n10:\tsvc #0x21\n\tb 9f\n"
	"1:\tadr x1, 11f\n\tstr x1, [x9]\n11:\tbrk #0x5\n\tb 9f\n"
	"2:\tadr x1, 12f\n\tstr x1, [x9]\n12:\tudf #0\n\tb 9f\n"
	"3:\tadr x1, 13f\n\tstr x1, [x9]\n13:\tmrs x2, sctlr_el1\n\tb 9f\n"
	"4:\tadr x1, 14f\n\tadd x1, x1, #2\n\tstr x1, [x9]\n\tadr x30, 9f\n\tbr x1\n14:\tnop\n\tb 9f\n"
	"5:\tadr x1, 15f\n\tstr x1, [x9]\n15:\tmrs x3, ctr_el0\n\tb 9f\n"
	"6:\tldr x1, =0x48060000\n\tldr x0, [x1]\n\tsvc #0xff00\n"
	"9:\tmov x0, xzr\n\tsvc #0xff00\n\tb .\n\t.size el0_ops, . - el0_ops\n\t.ltorg\n\t.text");

static struct { int n; uint64_t esr, far, elr, spsr, vector; } ex;

static int tge_handler(struct hyp_frame *f)
{
	if (ESR_EC(f->esr) == EC_SVC64 && (f->esr & 0xffff) == 0xff00)
		vm_exit(f->x[0]);
	ex.n++;
	ex.esr = f->esr;
	ex.far = f->far;
	ex.elr = f->elr;
	ex.spsr = f->spsr;
	ex.vector = f->vector;
	if (ESR_EC(f->esr) == EC_PC_ALIGN)
		f->elr = f->x[30];
	else if (ESR_EC(f->esr) != EC_SVC64)
		f->elr += 4;
	return 1;
}

int main(void)
{
	struct vm vm;
	vm_init(&vm);
	vm.hcr = HCR_TGE;
	vm.spsr = PSR_MODE_EL0t | PSR_DAIF;
	static EL0_DATA uint64_t stack0[256] __attribute__((aligned(16)));
	vm.sp = (uintptr_t)(stack0 + 256);
	vm.sctlr_el1 &= ~SCTLR_UCT;
	*(volatile uint64_t *)PA_DATA = 0x9a0;
	hyp_set_handler(tge_handler);

	static const struct { const char *name; uint64_t esr; int far, next; } ops[] = {
		{ "EL0 SVC #0x21", ESR_MAKE(EC_SVC64, 0x21), 0, 1 },
		{ "EL0 BRK #5", ESR_MAKE(EC_BRK64, 5), 0, 0 },
		{ "EL0 UDF #0", ESR_MAKE(EC_UNKNOWN, 0), 0, 0 },
		{ "EL0 MRS SCTLR_EL1", ESR_MAKE(EC_UNKNOWN, 0), 0, 0 },
		{ "EL0 BR to a misaligned PC", ESR_MAKE(EC_PC_ALIGN, 0), 1, 0 },
		{ "EL0 MRS CTR_EL0, UCT=0", ESR_MAKE(EC_SYSREG, SYSREG_ISS(3, 3, 0, 0, 1, 3, 1)), 0, 0 },
	};
	for (unsigned i = 0; i < sizeof(ops) / sizeof(ops[0]) && !TGE_S1OFF; i++) {
		ex.n = 0;
		vm_run(&vm, el0_ops, i);
		checkf(ex.n, 1, "%s: exceptions to EL2", ops[i].name);
		checkf(ex.esr, ops[i].esr, "%s: ESR_EL2", ops[i].name);
		checkf(ex.vector * 0x80, 0x400, "%s: vector offset", ops[i].name);
		checkf(ex.spsr & 0xf, PSR_MODE_EL0t, "%s: SPSR_EL2.M", ops[i].name);
		if (ops[i].far) {
			checkf(ex.far - insn_at, 0, "%s: FAR_EL2 - target", ops[i].name);
			checkf(ex.elr - insn_at, 0, "%s: ELR_EL2 - target", ops[i].name);
		} else {
			checkf(ex.elr - insn_at, ops[i].next ? 4 : 0, "%s: ELR_EL2 - insn", ops[i].name);
		}
	}
	if (TGE_S1OFF) {
		/* Stage 1 treated as disabled: a flat load of PA_DATA, which the EL1 map
		 * (SCTLR_EL1.M = 1) gives to EL1 only. */
		ex.n = 0;
		checkf(vm_run(&vm, el0_ops, 6), 0x9a0, "EL0 load from 0x48060000 (flat)");
		checkf(ex.n, 0, "EL0 load from 0x48060000: exceptions to EL2");
	}
	hyp_set_handler(0);
	return check_done();
}
