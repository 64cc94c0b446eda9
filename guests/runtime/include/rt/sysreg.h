/* Access to system registers and barriers from C. Names follow the Arm ARM. */
#ifndef RT_SYSREG_H
#define RT_SYSREG_H

#include <stdint.h>

#define read_sysreg(reg) ({ uint64_t v_; __asm__ volatile("mrs %0, " #reg : "=r"(v_)); v_; })
#define write_sysreg(reg, val) __asm__ volatile("msr " #reg ", %0" :: "r"((uint64_t)(val)) : "memory")

#define isb()      __asm__ volatile("isb" ::: "memory")
#define dsb(opt)   __asm__ volatile("dsb " #opt ::: "memory")
#define dmb(opt)   __asm__ volatile("dmb " #opt ::: "memory")

/* SCTLR_EL1 bits the runtime and tests touch. */
#define SCTLR_M     (1ul << 0)
#define SCTLR_A     (1ul << 1)
#define SCTLR_C     (1ul << 2)
#define SCTLR_SA    (1ul << 3)
#define SCTLR_SA0   (1ul << 4)
#define SCTLR_nAA   (1ul << 6)
#define SCTLR_I     (1ul << 12)
#define SCTLR_DZE   (1ul << 14)
#define SCTLR_UCT   (1ul << 15)
#define SCTLR_nTWI  (1ul << 16)
#define SCTLR_nTWE  (1ul << 18)
#define SCTLR_WXN   (1ul << 19)
#define SCTLR_SPAN  (1ul << 23)
#define SCTLR_UCI   (1ul << 26)
/* Bits that are RES1 in Armv8.0 and "keep the v8.0 behaviour" when later features
 * turn them into fields: LSMAOE, nTLSMD, SPAN, EIS, TSCXT, EOS. */
#define SCTLR_RES1  ((1ul << 29) | (1ul << 28) | (1ul << 23) | (1ul << 22) | \
                     (1ul << 20) | (1ul << 11))

/* PSTATE bits as they appear in SPSR_EL1 / NZCV. */
#define PSR_MODE_EL0t 0x0
#define PSR_MODE_EL1t 0x4
#define PSR_MODE_EL1h 0x5
#define PSR_F (1ul << 6)
#define PSR_I (1ul << 7)
#define PSR_A (1ul << 8)
#define PSR_D (1ul << 9)
#define PSR_DAIF (PSR_D | PSR_A | PSR_I | PSR_F)
#define PSR_PAN (1ul << 22)
#define PSR_UAO (1ul << 23)

#endif
