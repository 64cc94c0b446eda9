/* Entering EL0 and coming back. el0_run saves the EL1 callee-saved registers and its
 * SP, then ERETs to the EL0 function. The way back is an SVC (RT_SVC_EXIT), whose
 * handler calls rt_el0_resume to unwind to el0_run's caller with a return value; the
 * exception frame on SP_EL1 is simply dropped. */

#include "frame_macros.h"

	.text
	.global el0_run
	.type el0_run, %function
/* uint64_t el0_run(el0_fn fn, uint64_t arg, void *stack_top) */
el0_run:
	save_callee_saved rt_el0_saved_sp
	cbnz	x2, 1f
	ldr	x2, =rt_el0_stack_top
1:	msr	sp_el0, x2
	msr	elr_el1, x0
	mov	x9, #0x3c0		/* EL0t with D, A, I, F masked */
	msr	spsr_el1, x9
	mov	x0, x1
	ldr	x30, =rt_el0_return_trampoline
	/* Do not hand EL1 values to EL0 in the other registers. */
	mov	x1, xzr
	mov	x2, xzr
	mov	x9, xzr
	mov	x10, xzr
	mov	x29, xzr
	eret
	.size el0_run, . - el0_run

	.global rt_el0_resume
	.type rt_el0_resume, %function
/* void rt_el0_resume(uint64_t value): called by the SVC handler on SP_EL1. */
rt_el0_resume:
	resume_callee_saved rt_el0_saved_sp
	.size rt_el0_resume, . - rt_el0_resume

	.section .user_text, "ax"
	.global rt_el0_return_trampoline
rt_el0_return_trampoline:
	svc	#0xFF00			/* RT_SVC_EXIT with the function's x0 */
	b	rt_el0_return_trampoline

	.section .user_data, "aw"
	.balign 16
rt_el0_stack:
	.space 16384
	.global rt_el0_stack_top
rt_el0_stack_top:

	.bss
	.balign 8
rt_el0_saved_sp:
	.space 8
