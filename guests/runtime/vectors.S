/* Exception vector table: 16 entries of 128 bytes at a 2 KiB aligned address. Every
 * entry builds a struct exc_frame (see rt/exc.h) on SP_EL1 and calls
 * rt_exception_dispatch(frame); on return the frame is restored and we ERET, so a
 * handler can change registers, ELR, SPSR and (for EL0/EL1t) the interrupted SP. */

#include "frame_macros.h"

#define FRAME_SIZE 304		/* sizeof(struct exc_frame), a multiple of 16 */
#define F_SP     (31 * 8)
#define F_ELR    (32 * 8)
#define F_SPSR   (33 * 8)
#define F_ESR    (34 * 8)
#define F_FAR    (35 * 8)
#define F_VECTOR (36 * 8)

/* Each entry only has room for a few instructions: save x0/x1, note which entry it
 * was, and jump to the common code. */
.macro vector_entry index
	.balign 128
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #0]
	mov	x0, #\index
	b	rt_exception_common
.endm

	.section .text.vectors, "ax"
	.balign 2048
	.global rt_vectors
rt_vectors:
	.irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	vector_entry \i
	.endr

	.text
	.type rt_exception_common, %function
rt_exception_common:
	str	x0, [sp, #F_VECTOR]
	frame_save_x2_x30
	/* The interrupted SP: SP_EL1 before this frame for entries 4-7 (EL1h), SP_EL0
	 * otherwise. */
	mrs	x1, sp_el0
	add	x2, sp, #FRAME_SIZE
	and	x3, x0, #0xc
	cmp	x3, #4
	csel	x1, x2, x1, eq
	str	x1, [sp, #F_SP]
	mrs	x1, elr_el1
	mrs	x2, spsr_el1
	stp	x1, x2, [sp, #F_ELR]
	mrs	x1, esr_el1
	mrs	x2, far_el1
	stp	x1, x2, [sp, #F_ESR]
	mov	x0, sp
	bl	rt_exception_dispatch
	/* A handler may have unmasked interrupts (to be preempted); nothing may be taken
	 * between here and the ERET, which would overwrite ELR/SPSR. */
	msr	daifset, #0xf
	/* Restore. SP_EL0 is written back unless the exception came from EL1h (where the
	 * frame's sp is SP_EL1, which the frame itself sits on). */
	ldr	x0, [sp, #F_VECTOR]
	and	x0, x0, #0xc
	cmp	x0, #4
	b.eq	1f
	ldr	x1, [sp, #F_SP]
	msr	sp_el0, x1
1:	ldp	x1, x2, [sp, #F_ELR]
	msr	elr_el1, x1
	msr	spsr_el1, x2
	frame_restore_x0_x30
	add	sp, sp, #FRAME_SIZE
	eret
	.size rt_exception_common, . - rt_exception_common
