/* Stage-2 aborts without an instruction syndrome (ISV = 0): only loads and stores of a
 * single general-purpose register without writeback get ISV = 1, so register writeback
 * forms (pre/post-index), pairs (LDP/STP/LDNP/LDPSW), exclusives (LDXR, LDAXR, LDXP),
 * atomics (LDADD, SWP, CAS, CASP, STADD) and DC ZVA report ISS[23:14] = 0 (RES0): EC
 * 0x24, IL = 1, WnR, DFSC. WnR is 1 for stores and DC ZVA, 0 for atomics: a read of the
 * location would have generated the same fault. DC ZVA is not a cache maintenance
 * instruction (CM = 0) and its FAR is the register argument as given (FAR_EL2: a fault
 * "generated from a data cache maintenance or other DC instruction"). EL2 cannot emulate
 * these: it skips the instruction, so the destination registers keep their values
 * (0x5a5a, 0x6b6b) and the base register is not written back. A prefetch (PRFM) to the same IPA takes no abort at all.
 * The stage-1 mapping is Normal (so exclusives, atomics and DC ZVA are fine at stage 1).
 * Arm ARM D24.2.46 (ISV, WnR, CM), D8.15.3 (DC ZVA is not cache maintenance). */
#include "el2test.h"

#define MMIO   0x20000000ul
#define BASE   (MMIO + 0x100)

/* index, name, instruction, store (WnR), address offset, aborts */
#define OPS(X)                                                                  \
	X(0, "LDR X5, [X1], #8", "ldr x5, [x1], #8", 0, 0, 1)                  \
	X(1, "LDR X5, [X1, #8]!", "ldr x5, [x1, #8]!", 0, 8, 1)                \
	X(2, "STR X5, [X1], #8", "str x5, [x1], #8", 1, 0, 1)                  \
	X(3, "STRB W5, [X1, #-1]!", "strb w5, [x1, #-1]!", 1, -1, 1)           \
	X(4, "LDRSW X5, [X1], #4", "ldrsw x5, [x1], #4", 0, 0, 1)              \
	X(5, "LDP X5, X6, [X1]", "ldp x5, x6, [x1]", 0, 0, 1)                  \
	X(6, "LDP W5, W6, [X1, #8]", "ldp w5, w6, [x1, #8]", 0, 8, 1)          \
	X(7, "LDPSW X5, X6, [X1]", "ldpsw x5, x6, [x1]", 0, 0, 1)              \
	X(8, "STP X5, X6, [X1]", "stp x5, x6, [x1]", 1, 0, 1)                  \
	X(9, "LDNP X5, X6, [X1]", "ldnp x5, x6, [x1]", 0, 0, 1)                \
	X(10, "STP X5, X6, [X1, #-16]!", "stp x5, x6, [x1, #-16]!", 1, -16, 1) \
	X(11, "LDXR X5, [X1]", "ldxr x5, [x1]", 0, 0, 1)                       \
	X(12, "LDAXR W5, [X1]", "ldaxr w5, [x1]", 0, 0, 1)                     \
	X(13, "LDXP X5, X6, [X1]", "ldxp x5, x6, [x1]", 0, 0, 1)               \
	X(14, "LDADD X6, X5, [X1]", "ldadd x6, x5, [x1]", 0, 0, 1)             \
	X(15, "SWP X6, X5, [X1]", "swp x6, x5, [x1]", 0, 0, 1)                 \
	X(16, "CAS X6, X5, [X1]", "cas x6, x5, [x1]", 0, 0, 1)                 \
	X(17, "CASP X6, X7, X4, X5, [X1]", "casp x6, x7, x4, x5, [x1]", 0, 0, 1) \
	X(18, "STADD X6, [X1]", "stadd x6, [x1]", 0, 0, 1)                     \
	X(19, "LDADDAL W6, W5, [X1]", "ldaddal w6, w5, [x1]", 0, 0, 1)         \
	X(20, "DC ZVA, X1", "dc zva, x1", 1, 0, 1)                        \
	X(21, "PRFM PLDL1KEEP, [X1]", "prfm pldl1keep, [x1]", 0, 0, 0)

static volatile uint64_t insn_at, x5_after, x6_after, x1_after;

#define CASE(i, name, insn, st, off, ab)                                                     \
	case i:                                                                              \
		__asm__ volatile("mov x1, %[b]\n\tmov x5, #0x5a5a\n\tmov x6, #0x6b6b\n\t"    \
				 "mov x4, xzr\n\tmov x7, xzr\n\t"                            \
				 ADR_NEXT("x3") insn "\n\tstr x3, %[at]\n\tstr x5, %[o5]\n\t" \
				 "str x6, %[o6]\n\tstr x1, %[o1]"                            \
				 : [at] "=m"(insn_at), [o5] "=m"(x5_after), [o6] "=m"(x6_after), \
				   [o1] "=m"(x1_after)                                       \
				 : [b] "r"(BASE)                                             \
				 : "x1", "x3", "x4", "x5", "x6", "x7", "memory");           \
		break;

static uint64_t el1_op(uint64_t i)
{
	switch (i) {
		OPS(CASE)
	}
	return 0;
}

struct op { const char *name; int store; int64_t off; int aborts; };
#define ENTRY(i, name, insn, st, off, ab) { name, st, off, ab },
static const struct op ops[] = { OPS(ENTRY) };
#define NOPS (sizeof(ops) / sizeof(ops[0]))

static struct { int n; uint64_t esr, far, hpfar; } ab;

static int skip_handler(struct hyp_frame *f)
{
	if (f->vector != EXC_VEC_LOWER64 || ESR_EC(f->esr) != EC_DABT_LOWER)
		return 0;
	ab.n++;
	ab.esr = f->esr;
	ab.far = f->far;
	ab.hpfar = f->hpfar;
	f->elr += 4;
	return 1;
}

int main(void)
{
	struct s2 s;
	struct vm vm;
	s2_init_image(&s);
	s2_map_level(&s, MMIO + 0x1000, HYP_TEST_PA_BASE, 3, S2_NORMAL);
	pt_map_pages(mmu_default_pt(), MMIO, MMIO, 0x1000, PTE_NORMAL | PTE_PXN | PTE_UXN);
	mmu_sync();
	vm_init(&vm);
	vm_set_s2(&vm, &s, 1);
	hyp_set_handler(skip_handler);

	for (unsigned i = 0; i < NOPS; i++) {
		const struct op *o = &ops[i];
		ab.n = 0;
		vm_run(&vm, el1_op, i);
		uint64_t va = BASE + (uint64_t)o->off;
		checkf(ab.n, o->aborts, "%s: aborts to EL2", o->name);
		if (o->aborts) {
			checkf(ab.esr, ESR_DABT((o->store ? DABT_WNR : 0) | FSC_TRANS(3)), "%s: ESR_EL2", o->name);
			checkf(ab.far, va, "%s: FAR_EL2", o->name);
			checkf(ab.hpfar, HPFAR_OF(va), "%s: HPFAR_EL2", o->name);
		}
		checkf(x5_after, 0x5a5a, "%s: x5 after", o->name);
		checkf(x6_after, 0x6b6b, "%s: x6 after", o->name);
		checkf(x1_after - BASE, 0, "%s: x1 - base after", o->name);
	}
	hyp_set_handler(0);
	return check_done();
}
