/* Running code at EL0. The default memory map makes the .user_text section (code that
 * may run at EL0, read-only at both levels) and the .user_data section (read/write at
 * both levels, never executable) accessible to EL0; everything else is EL1-only.
 * EL0 code must therefore live in EL0_TEXT and call nothing outside it. */
#ifndef RT_EL0_H
#define RT_EL0_H

#include <stdint.h>

#define EL0_TEXT __attribute__((section(".user_text"), noinline))
#define EL0_DATA __attribute__((section(".user_data")))

/* SVC immediates the runtime serves for EL0 code (others go to the test's handler). */
#define RT_SVC_EXIT 0xFF00   /* leave EL0: el0_run() returns x0 */
#define RT_SVC_PUTC 0xFF01   /* write the character in x0 to the console */

typedef uint64_t (*el0_fn)(uint64_t arg);

/* Enters fn(arg) at EL0t with SP_EL0 = stack_top (NULL: the runtime's 16 KiB EL0 stack)
 * and DAIF masked. Returns fn's return value (fn returns into an SVC RT_SVC_EXIT
 * trampoline) or the value passed to EL0_EXIT. */
uint64_t el0_run(el0_fn fn, uint64_t arg, void *stack_top);

/* For use inside EL0 code (macros so nothing outside .user_text is called). */
#define EL0_EXIT(v) __asm__ volatile("mov x0, %0\n\tsvc #0xFF00" :: "r"((uint64_t)(v)) : "x0", "memory")
#define EL0_PUTC(c) __asm__ volatile("mov x0, %0\n\tsvc #0xFF01" :: "r"((uint64_t)(c)) : "x0", "memory")

#endif
