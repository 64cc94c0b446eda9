/* Exception handling: the runtime's vectors save every general register into an
 * exc_frame on SP_EL1 and call one C dispatcher, which lets a test's handler look at
 * (and change) the frame before the runtime returns with ERET. */
#ifndef RT_EXC_H
#define RT_EXC_H

#include <stdint.h>

struct exc_frame {
	uint64_t x[31];   /* x0..x30 when the exception was taken; restored on return */
	uint64_t sp;      /* interrupted SP: SP_EL0 if taken from EL0 or EL1t (restored),
	                     SP_EL1 above this frame if taken from EL1h (not restored) */
	uint64_t elr;     /* ELR_EL1, restored on return: set it to resume elsewhere */
	uint64_t spsr;    /* SPSR_EL1, restored on return */
	uint64_t esr;     /* ESR_EL1 (read only) */
	uint64_t far;     /* FAR_EL1 (read only; UNKNOWN for ECs that do not set it) */
	uint64_t vector;  /* vector entry 0..15, see EXC_VEC_* */
	uint64_t pad;     /* keeps the frame a multiple of 16 bytes */
};

/* Vector entry index = 4 * source + type. */
#define EXC_VEC_CUR_SP0   0   /* current EL, SP_EL0 selected (EL1t) */
#define EXC_VEC_CUR_SPX   4   /* current EL, SP_EL1 selected (EL1h) */
#define EXC_VEC_LOWER64   8   /* from EL0 in AArch64 */
#define EXC_VEC_LOWER32  12   /* from EL0 in AArch32 */
#define EXC_TYPE_SYNC   0
#define EXC_TYPE_IRQ    1
#define EXC_TYPE_FIQ    2
#define EXC_TYPE_SERROR 3

/* ESR_EL1 fields and exception classes (Arm ARM D17.2.37). */
#define ESR_EC(esr)   (((esr) >> 26) & 0x3f)
#define ESR_IL        (1u << 25)
#define ESR_ISS(esr)  ((esr) & 0x1ffffff)
#define EC_UNKNOWN     0x00
#define EC_SVC64       0x15
#define EC_HVC64       0x16
#define EC_SYSREG      0x18
#define EC_IABT_LOWER  0x20
#define EC_IABT_CUR    0x21
#define EC_PC_ALIGN    0x22
#define EC_DABT_LOWER  0x24
#define EC_DABT_CUR    0x25
#define EC_SP_ALIGN    0x26
#define EC_BRK64       0x3c

/* A handler returns nonzero when it dealt with the exception (the runtime then returns
 * to frame->elr), zero to let the runtime's default handler report it and power off. */
typedef int (*exc_handler)(struct exc_frame *f);

/* Installs h for every synchronous exception and SError; returns the previous handler.
 * NULL restores the default. It also sees the IRQs and FIQs that no interrupt handler
 * (below) takes. */
exc_handler exc_set_handler(exc_handler h);

/* Interrupt handlers: IRQs (FIQs) taken to EL1, from any vector group, go first to the
 * handler installed here (per PE: each PE has its own slot, indexed by MPIDR_EL1.Aff0);
 * when there is none, or it returns 0, to the exc_set_handler() handler, then to
 * exc_default(). The handler runs with PSTATE.DAIF all masked, as the exception left it;
 * it may unmask (e.g. MSR DAIFClr, #2 to let a higher-priority interrupt preempt it): the
 * runtime masks DAIF again before it restores the frame and returns. Returns the
 * previous handler; NULL removes it. */
#define EXC_MAX_CPUS 8
exc_handler exc_set_irq_handler(exc_handler h);
exc_handler exc_set_fiq_handler(exc_handler h);

/* Prints the frame ("EXCEPTION vector=... ESR=... FAR=... ELR=... SPSR=...") and powers
 * off. The default for anything no handler takes. */
void exc_default(struct exc_frame *f) __attribute__((noreturn));

/* A ready-made handler for "this instruction must fault" tests: it records the
 * syndrome in exc_last and resumes as exc_catch() asked. */
enum exc_resume {
	EXC_RESUME_NEXT,  /* after the faulting instruction (ELR+4; for SVC/HVC ELR is
	                     already the next instruction and is kept) */
	EXC_RESUME_LR,    /* at x30: for a BLR to a bad target */
};
struct exc_record {
	int taken;        /* number of exceptions caught since exc_catch() */
	uint64_t esr, far, elr, spsr, vector;
};
extern volatile struct exc_record exc_last;
void exc_catch(enum exc_resume how);  /* clears exc_last, installs the recorder */
void exc_uncatch(void);               /* back to the default handler */

#endif
