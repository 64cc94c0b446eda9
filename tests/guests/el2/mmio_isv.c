/* MMIO emulation with a valid instruction syndrome: EL1 loads and stores to an IPA with
 * no stage-2 mapping (a level-3 hole at 0x2000_0000, mapped Device-nGnRE at stage 1) take
 * a stage-2 Translation fault to EL2 with ISV = 1 for every load/store of a single
 * general-purpose register without writeback: all sizes (SAS), sign-extending loads
 * (SSE) to W and X registers (SF), the register number (SRT, 31 for XZR/WZR), acquire/
 * release forms (AR = 1: LDAR*, LDAPR, LDAPUR, STLR*, STLUR), unprivileged LDTR/STTR,
 * register-offset and unscaled-offset forms. EL2 emulates the access from the syndrome
 * alone: a load gets the device's value truncated to SAS and sign- or zero-extended per
 * SSE/SF into Xt; a store hands over Xt truncated to SAS. It resumes at ELR_EL2 + 4 (the
 * preferred return address is the faulting instruction), and EL1 prints nothing: it
 * returns what it received. The stage-1 mapping is EL0-accessible so that LDTR/STTR
 * pass stage 1. Arm ARM D24.2.46 (ISV, SAS, SSE, SRT, SF, AR, WnR). */
#include "el2test.h"

#define MMIO   0x20000000ul
#define BASE   (MMIO + 0x100)          /* x1; x2 = 0x10 for the register-offset forms */
#define DEVVAL 0xfedcba98f6e5d4c3ul    /* what the emulated device returns */
#define REGVAL 0x0123456789abcdeful    /* what EL1 stores */

/* index, name, instruction, Rt name, clobber, store, SAS, SSE, SF, AR, address offset */
#define OPS(X)                                                                               \
	X(0, "LDRB W5", "ldrb w5, [x1]", "x5", "x5", 0, 0, 0, 0, 0, 0)                      \
	X(1, "LDRH W6", "ldrh w6, [x1]", "x6", "x6", 0, 1, 0, 0, 0, 0)                      \
	X(2, "LDR W7", "ldr w7, [x1]", "x7", "x7", 0, 2, 0, 0, 0, 0)                        \
	X(3, "LDR X8", "ldr x8, [x1]", "x8", "x8", 0, 3, 0, 1, 0, 0)                        \
	X(4, "LDRSB W9", "ldrsb w9, [x1]", "x9", "x9", 0, 0, 1, 0, 0, 0)                    \
	X(5, "LDRSB X10", "ldrsb x10, [x1]", "x10", "x10", 0, 0, 1, 1, 0, 0)                \
	X(6, "LDRSH W11", "ldrsh w11, [x1]", "x11", "x11", 0, 1, 1, 0, 0, 0)                \
	X(7, "LDRSH X12", "ldrsh x12, [x1]", "x12", "x12", 0, 1, 1, 1, 0, 0)                \
	X(8, "LDRSW X13", "ldrsw x13, [x1]", "x13", "x13", 0, 2, 1, 1, 0, 0)                \
	X(9, "LDAR X14", "ldar x14, [x1]", "x14", "x14", 0, 3, 0, 1, 1, 0)                  \
	X(10, "LDARB W15", "ldarb w15, [x1]", "x15", "x15", 0, 0, 0, 0, 1, 0)               \
	X(11, "LDARH W16", "ldarh w16, [x1]", "x16", "x16", 0, 1, 0, 0, 1, 0)               \
	X(12, "LDAPR W17", "ldapr w17, [x1]", "x17", "x17", 0, 2, 0, 0, 1, 0)               \
	X(13, "LDTR X18", "ldtr x18, [x1]", "x18", "x18", 0, 3, 0, 1, 0, 0)                 \
	X(14, "LDTRB W19", "ldtrb w19, [x1]", "x19", "x19", 0, 0, 0, 0, 0, 0)               \
	X(15, "LDTRSH X20", "ldtrsh x20, [x1]", "x20", "x20", 0, 1, 1, 1, 0, 0)             \
	X(16, "LDTRSW X21", "ldtrsw x21, [x1]", "x21", "x21", 0, 2, 1, 1, 0, 0)             \
	X(17, "LDR X22, [X1, X2]", "ldr x22, [x1, x2]", "x22", "x22", 0, 3, 0, 1, 0, 0x10)   \
	X(18, "LDRH W23, [X1, X2, LSL #1]", "ldrh w23, [x1, x2, lsl #1]", "x23", "x23", 0, 1, 0, 0, 0, 0x20) \
	X(19, "LDRSB X24, [X1, W2, UXTW]", "ldrsb x24, [x1, w2, uxtw]", "x24", "x24", 0, 0, 1, 1, 0, 0x10) \
	X(20, "LDUR X25, [X1, #-8]", "ldur x25, [x1, #-8]", "x25", "x25", 0, 3, 0, 1, 0, -8) \
	X(21, "LDAPUR X26, [X1, #8]", "ldapur x26, [x1, #8]", "x26", "x26", 0, 3, 0, 1, 1, 8) \
	X(22, "LDR XZR", "ldr xzr, [x1]", "xzr", "x0", 0, 3, 0, 1, 0, 0)                   \
	X(23, "LDRSH WZR", "ldrsh wzr, [x1]", "xzr", "x0", 0, 1, 1, 0, 0, 0)                \
	X(24, "STRB W5", "strb w5, [x1]", "x5", "x5", 1, 0, 0, 0, 0, 0)                     \
	X(25, "STRH W6", "strh w6, [x1]", "x6", "x6", 1, 1, 0, 0, 0, 0)                     \
	X(26, "STR W7", "str w7, [x1]", "x7", "x7", 1, 2, 0, 0, 0, 0)                       \
	X(27, "STR X8", "str x8, [x1]", "x8", "x8", 1, 3, 0, 1, 0, 0)                       \
	X(28, "STLR X9", "stlr x9, [x1]", "x9", "x9", 1, 3, 0, 1, 1, 0)                     \
	X(29, "STLRB W10", "stlrb w10, [x1]", "x10", "x10", 1, 0, 0, 0, 1, 0)               \
	X(30, "STLRH W11", "stlrh w11, [x1]", "x11", "x11", 1, 1, 0, 0, 1, 0)               \
	X(31, "STLR W12", "stlr w12, [x1]", "x12", "x12", 1, 2, 0, 0, 1, 0)                 \
	X(32, "STLUR X13, [X1, #-8]", "stlur x13, [x1, #-8]", "x13", "x13", 1, 3, 0, 1, 1, -8) \
	X(33, "STTR X14", "sttr x14, [x1]", "x14", "x14", 1, 3, 0, 1, 0, 0)                 \
	X(34, "STTRB W15", "sttrb w15, [x1]", "x15", "x15", 1, 0, 0, 0, 0, 0)               \
	X(35, "STTRH W16", "sttrh w16, [x1]", "x16", "x16", 1, 1, 0, 0, 0, 0)               \
	X(36, "STR X17, [X1, X2]", "str x17, [x1, x2]", "x17", "x17", 1, 3, 0, 1, 0, 0x10)   \
	X(37, "STRB W18, [X1, X2]", "strb w18, [x1, x2]", "x18", "x18", 1, 0, 0, 0, 0, 0x10) \
	X(38, "STUR W19, [X1, #-4]", "stur w19, [x1, #-4]", "x19", "x19", 1, 2, 0, 0, 0, -4) \
	X(39, "STR XZR", "str xzr, [x1]", "xzr", "x0", 1, 3, 0, 1, 0, 0)                   \
	X(40, "STRH WZR", "strh wzr, [x1]", "xzr", "x0", 1, 1, 0, 0, 0, 0)

static volatile uint64_t insn_at;

#define CASE(i, name, insn, rt, clob, st, sas, sse, sf, ar, off)                            \
	case i:                                                                              \
		__asm__ volatile("mov x1, %[b]\n\tmov x2, #0x10\n\tmov " rt ", %[pre]\n\t"   \
				 ADR_NEXT("x3") insn "\n\tstr x3, %[at]\n\tmov %[out], " rt    \
				 : [out] "=r"(v), [at] "=m"(insn_at)                         \
				 : [b] "r"(BASE), [pre] "r"(st ? REGVAL : 0x5a5aul)          \
				 : "x1", "x2", "x3", clob, "memory");                        \
		break;

static uint64_t el1_op(uint64_t i)
{
	uint64_t v = 0;
	switch (i) {
		OPS(CASE)
	}
	return v;
}

struct op {
	const char *name;
	int store, sas, sse, sf, ar, srt;
	int64_t off;
};
static int srt_of(const char *rt)
{
	return rt[1] == 'z' ? 31 : rt[2] ? (rt[1] - '0') * 10 + rt[2] - '0' : rt[1] - '0';
}
#define ENTRY(i, name, insn, rt, clob, st, sas, sse, sf, ar, off) { name, st, sas, sse, sf, ar, -1, off },
static struct op ops[] = { OPS(ENTRY) };
#define RTNAME(i, name, insn, rt, clob, st, sas, sse, sf, ar, off) rt,
static const char *const rt_names[] = { OPS(RTNAME) };
#define NOPS (sizeof(ops) / sizeof(ops[0]))

/* The emulated device: records the abort, completes the access, skips the insn. */
static struct { int n; uint64_t esr, far, hpfar, elr, data; } mmio;

static int mmio_handler(struct hyp_frame *f)
{
	if (f->vector != EXC_VEC_LOWER64 || ESR_EC(f->esr) != EC_DABT_LOWER)
		return 0;
	mmio.n++;
	mmio.esr = f->esr;
	mmio.far = f->far;
	mmio.hpfar = f->hpfar;
	mmio.elr = f->elr;
	if (f->esr & DABT_ISV) {
		if (f->esr & DABT_WNR)
			mmio.data = hyp_dabt_store_data(f);
		else
			hyp_dabt_load(f, DEVVAL);
	}
	f->elr += 4;
	return 1;
}

/* What a load should leave in Xt (ExtendReg of the device value). */
static uint64_t loaded(const struct op *o)
{
	unsigned bits = 8u << o->sas;
	uint64_t v = bits == 64 ? DEVVAL : DEVVAL & ((1ul << bits) - 1);
	if (o->sse && bits < 64 && (v >> (bits - 1)))
		v |= ~0ul << bits;
	return o->sf ? v : v & 0xfffffffful;
}

int main(void)
{
	struct s2 s;
	struct vm vm;
	s2_init_image(&s);
	/* A neighbour page so the hole is a level-3 one. */
	s2_map_level(&s, MMIO + 0x1000, HYP_TEST_PA_BASE, 3, S2_NORMAL);
	pt_map_pages(mmu_default_pt(), MMIO, MMIO, 0x1000,
		     PTE_ATTR(MT_DEVICE_nGnRE) | PTE_AF | PTE_AP_EL0 | PTE_PXN | PTE_UXN);
	mmu_sync();
	vm_init(&vm);
	vm_set_s2(&vm, &s, 1);
	hyp_set_handler(mmio_handler);

	for (unsigned i = 0; i < NOPS; i++) {
		struct op *o = &ops[i];
		o->srt = srt_of(rt_names[i]);
		mmio.n = 0;
		mmio.data = 0xdead;
		uint64_t v = vm_run(&vm, el1_op, i);
		uint64_t va = BASE + (uint64_t)o->off;
		uint64_t iss = DABT_ISV | (uint64_t)o->sas << 22 | (o->sse ? DABT_SSE : 0) |
			       (uint64_t)o->srt << 16 | (o->sf ? DABT_SF : 0) | (o->ar ? DABT_AR : 0) |
			       (o->store ? DABT_WNR : 0) | FSC_TRANS(3);
		checkf(mmio.n, 1, "%s: aborts to EL2", o->name);
		checkf(mmio.esr, ESR_DABT(iss), "%s: ESR_EL2", o->name);
		checkf(mmio.far, va, "%s: FAR_EL2", o->name);
		checkf(mmio.hpfar, HPFAR_OF(va), "%s: HPFAR_EL2", o->name);
		checkf(mmio.elr - insn_at, 0, "%s: ELR_EL2 - insn", o->name);
		if (o->store) {
			uint64_t want = o->srt == 31 ? 0 : o->sas == 3 ? REGVAL : REGVAL & ((1ul << (8u << o->sas)) - 1);
			checkf(mmio.data, want, "%s: data the device got", o->name);
		} else if (o->srt != 31) {
			checkf(v, loaded(o), "%s: value EL1 received", o->name);
		}
	}
	hyp_set_handler(0);
	return check_done();
}
