/* EL2 exception vectors and the VM entry/exit path. Every entry builds a struct
 * hyp_frame (see rt/hyp.h) on SP_EL2 and calls rt_hyp_dispatch(frame); on return the
 * frame is restored and we ERET, so a handler can change registers, ELR_EL2, SPSR_EL2
 * and (for EL2t and lower ELs) SP_EL0. */

#include "frame_macros.h"

#define FRAME_SIZE 304		/* sizeof(struct hyp_frame), a multiple of 16 */
#define F_SP     (31 * 8)
#define F_ELR    (32 * 8)
#define F_SPSR   (33 * 8)
#define F_ESR    (34 * 8)
#define F_FAR    (35 * 8)
#define F_HPFAR  (36 * 8)
#define F_VECTOR (37 * 8)

.macro vector_entry index
	.balign 128
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #0]
	mov	x0, #\index
	b	rt_hyp_exception_common
.endm

	.section .text.vectors, "ax"
	.balign 2048
	.global rt_vectors_el2
rt_vectors_el2:
	.irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	vector_entry \i
	.endr

	.text
	.type rt_hyp_exception_common, %function
rt_hyp_exception_common:
	str	x0, [sp, #F_VECTOR]
	frame_save_x2_x30
	/* The interrupted SP: SP_EL2 before this frame for entries 4-7 (EL2h), SP_EL0
	 * otherwise. */
	mrs	x1, sp_el0
	add	x2, sp, #FRAME_SIZE
	and	x3, x0, #0xc
	cmp	x3, #4
	csel	x1, x2, x1, eq
	str	x1, [sp, #F_SP]
	mrs	x1, elr_el2
	mrs	x2, spsr_el2
	stp	x1, x2, [sp, #F_ELR]
	mrs	x1, esr_el2
	mrs	x2, far_el2
	stp	x1, x2, [sp, #F_ESR]
	mrs	x1, hpfar_el2
	str	x1, [sp, #F_HPFAR]
	mov	x0, sp
	bl	rt_hyp_dispatch
	msr	daifset, #0xf		/* nothing taken before the ERET (see vectors.S) */
	ldr	x0, [sp, #F_VECTOR]
	and	x0, x0, #0xc
	cmp	x0, #4
	b.eq	1f
	ldr	x1, [sp, #F_SP]
	msr	sp_el0, x1
1:	ldp	x1, x2, [sp, #F_ELR]
	msr	elr_el2, x1
	msr	spsr_el2, x2
	frame_restore_x0_x30
	add	sp, sp, #FRAME_SIZE
	eret
	.size rt_hyp_exception_common, . - rt_hyp_exception_common

/* uint64_t rt_vm_enter(uint64_t entry, uint64_t arg, uint64_t spsr): every EL2 and EL1
 * register of the VM is already programmed (hyp.c). Saves the EL2 callee-saved
 * registers and SP_EL2, then ERETs to entry with x0 = arg and x30 = the exit
 * trampoline. rt_vm_resume(value) comes back here from a handler. */
	.global rt_vm_enter
	.type rt_vm_enter, %function
rt_vm_enter:
	save_callee_saved rt_vm_saved_sp
	msr	elr_el2, x0
	msr	spsr_el2, x2
	mov	x0, x1
	ldr	x30, =rt_vm_exit_trampoline
	mov	x1, xzr
	mov	x2, xzr
	mov	x9, xzr
	mov	x10, xzr
	mov	x29, xzr
	eret
	.size rt_vm_enter, . - rt_vm_enter

	.global rt_vm_resume
	.type rt_vm_resume, %function
/* void rt_vm_resume(uint64_t value): called on SP_EL2 by the EL2 dispatcher. */
rt_vm_resume:
	resume_callee_saved rt_vm_saved_sp
	.size rt_vm_resume, . - rt_vm_resume

/* Where a VM's function returns to (at EL1): HVC #RT_HVC_EXIT with its x0. */
	.global rt_vm_exit_trampoline
	.type rt_vm_exit_trampoline, %function
rt_vm_exit_trampoline:
	hvc	#0xFF00
	b	rt_vm_exit_trampoline
	.size rt_vm_exit_trampoline, . - rt_vm_exit_trampoline

	.bss
	.balign 8
rt_vm_saved_sp:
	.space 8
