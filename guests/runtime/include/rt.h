/* Everything a guest needs from the runtime. A guest defines `int main(void)`; the
 * runtime has already set up the stack, vectors, console and the default MMU map, and
 * powers the machine off through PSCI SYSTEM_OFF when main returns. main runs at EL1,
 * or at EL2 when the image was entered at EL2 (virtualization on; see rt/hyp.h). */
#ifndef RT_H
#define RT_H

#include <stddef.h>
#include <stdint.h>
#include "rt/sysreg.h"
#include "rt/console.h"
#include "rt/psci.h"
#include "rt/string.h"
#include "rt/exc.h"
#include "rt/el0.h"
#include "rt/mmu.h"
#include "rt/check.h"
#include "rt/mte.h"
#include "rt/hyp.h"
#include "rt/gic.h"
#include "rt/smp.h"

int main(void);

/* Physical address of the device tree QEMU/mtesim passed in x0 at entry. */
extern uint64_t rt_dtb_pa;

/* Prints "PANIC: ..." and powers off. */
void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

#endif
