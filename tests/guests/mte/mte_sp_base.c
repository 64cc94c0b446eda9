/* MTE: SP as the base register. Loads and stores with an immediate offset and no
 * writeback from SP are Tag Unchecked (including exclusives, LSE atomics and
 * load-acquire/store-release, whose only form is [SP]); the pre- and post-index forms
 * (writeback) and register-offset forms with an SP base are checked. Run in EL1t with
 * SP_EL0 pointing, with logical tag 3, into the tag-5 object (SP stays 16-byte aligned);
 * a fault goes to the EL1t vector on SP_EL1. TCF = sync. */
#include "mtetest.h"

#define R ESR_TAG_CHECK_CUR_R
#define W ESR_TAG_CHECK_CUR_W

/* INSN runs with SPSel = 0, SP_EL0 = SPV, x2 = store value; returns x0. */
#define ON_SP(INSN, SPV) ({ uint64_t r_;                                                   \
	exc_catch(EXC_RESUME_NEXT);                                                        \
	write_sysreg(sp_el0, (uint64_t)(SPV));                                             \
	__asm__ volatile("mov x2, #0x77\n\tmov x0, #0\n\tmsr spsel, #0\n\t" INSN "\n\t"    \
			 "msr spsel, #1\n\tmov %0, x0" : "=r"(r_) :: "x0", "x1", "x2", "x3",   \
			 "memory");                                                        \
	r_; })
#define SP_OK(NAME, INSN, SPV) do { ON_SP(INSN, SPV); check_no_fault(NAME); } while (0)
#define SP_FAULTS(NAME, INSN, SPV, ESR, FAR) do {                                           \
	ON_SP(INSN, SPV);                                                                  \
	check_tag_fault(NAME, ESR, FAR);                                                   \
	checkf(exc_last.vector, EXC_VEC_CUR_SP0 + EXC_TYPE_SYNC, NAME ": vector (EL1t)");  \
} while (0)

int main(void)
{
	setup_object_page(PTE_TAGGED_USER);     /* EL0-accessible, for LDTR */
	mte_enable(MTE_TCF_SYNC, MTE_TCF_SYNC);
	const uint64_t sp = BAD(0x40);

	uint64_t v = ON_SP("ldr x0, [sp, #16]", sp);
	check_no_fault("ldr x [sp, #16]");
	checkf(v, pattern_at(OBJ + 0x50), "ldr x [sp, #16]: value");
	SP_OK("ldr x [sp]", "ldr x0, [sp]", sp);
	SP_OK("ldur w [sp, #-4]", "ldur w0, [sp, #-4]", sp);
	SP_OK("ldrb [sp, #255]", "ldrb w0, [sp, #255]", sp);
	SP_OK("ldp x [sp, #32]", "ldp x0, x1, [sp, #32]", sp);
	SP_OK("ldnp x [sp]", "ldnp x0, x1, [sp]", sp);
	ON_SP("str x2, [sp, #8]", sp);
	check_no_fault("str x [sp, #8]");
	checkf(peek(OBJ + 0x48), 0x77, "str x [sp, #8]: memory");
	SP_OK("stp x [sp, #-16]", "stp x2, x2, [sp, #-16]", sp);
	SP_OK("ldxr x [sp]", "ldxr x0, [sp]\n\tclrex", sp);
	SP_OK("ldaxp x [sp]", "ldaxp x0, x1, [sp]\n\tclrex", sp);
	SP_OK("ldar x [sp]", "ldar x0, [sp]", sp);
	SP_OK("stlr x [sp]", "stlr x2, [sp]", sp);
	SP_OK("ldapr w [sp]", "ldapr w0, [sp]", sp);
	SP_OK("ldadd x [sp]", "ldadd x2, x0, [sp]", sp);
	SP_OK("swp x [sp]", "swp x2, x0, [sp]", sp);
	SP_OK("ldtr x [sp, #8] (TCF0 = sync)", "ldtr x0, [sp, #8]", sp);

	SP_FAULTS("ldr x [sp, #16]!", "ldr x0, [sp, #16]!", sp, R, sp + 16);
	SP_FAULTS("ldr x [sp], #16", "ldr x0, [sp], #16", sp, R, sp);
	SP_FAULTS("str x [sp, #-16]!", "str x2, [sp, #-16]!", sp, W, sp - 16);
	SP_FAULTS("stp x [sp], #32", "stp x2, x2, [sp], #32", sp, W, sp);
	SP_FAULTS("ldp x [sp, #-32]!", "ldp x0, x1, [sp, #-32]!", sp, R, sp - 32);
	SP_FAULTS("ldr x [sp, x1]", "mov x1, #24\n\tldr x0, [sp, x1]", sp, R, sp + 24);
	SP_FAULTS("strb [sp, x1]", "mov x1, #-1\n\tstrb w2, [sp, x1]", sp, W, sp - 1);
	SP_OK("ldr x [sp, #16]! with the right tag", "ldr x0, [sp, #16]!", GOOD(0x40));
	exc_uncatch();
	return check_done();
}
