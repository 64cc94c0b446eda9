/* Assembler macros shared by the runtime's exception vectors (vectors.S, vectors_el2.S)
 * and its ways into lower ELs (el0.S, vectors_el2.S's VM entry): the general registers
 * of an exception frame (struct exc_frame / struct hyp_frame: x0..x30 at offset 0, x0
 * and x1 stored by the vector entry itself), and the AAPCS64 callee-saved registers of a
 * call that leaves through an ERET and comes back through a resume function. */
#ifndef RT_FRAME_MACROS_H
#define RT_FRAME_MACROS_H

/* x2..x30 into the frame at sp (x0/x1 are already at offsets 0 and 8). */
.macro frame_save_x2_x30
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	str	x30, [sp, #240]
.endm

/* x2..x30, then x0/x1, from the frame at sp. */
.macro frame_restore_x0_x30
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x19, [sp, #144]
	ldp	x20, x21, [sp, #160]
	ldp	x22, x23, [sp, #176]
	ldp	x24, x25, [sp, #192]
	ldp	x26, x27, [sp, #208]
	ldp	x28, x29, [sp, #224]
	ldr	x30, [sp, #240]
	ldp	x0, x1, [sp, #0]
.endm

/* x19..x30 pushed on sp (96 bytes), and sp recorded in `slot` so that a resume
 * function can unwind to the caller from any stack. */
.macro save_callee_saved slot
	sub	sp, sp, #96
	stp	x19, x20, [sp, #0]
	stp	x21, x22, [sp, #16]
	stp	x23, x24, [sp, #32]
	stp	x25, x26, [sp, #48]
	stp	x27, x28, [sp, #64]
	stp	x29, x30, [sp, #80]
	adrp	x9, \slot
	mov	x10, sp
	str	x10, [x9, :lo12:\slot]
.endm

/* Back on the stack recorded in `slot`: x19..x30 popped, then return to the caller of
 * the function that saved them (x0 is its return value). */
.macro resume_callee_saved slot
	adrp	x9, \slot
	ldr	x10, [x9, :lo12:\slot]
	mov	sp, x10
	ldp	x19, x20, [sp, #0]
	ldp	x21, x22, [sp, #16]
	ldp	x23, x24, [sp, #32]
	ldp	x25, x26, [sp, #48]
	ldp	x27, x28, [sp, #64]
	ldp	x29, x30, [sp, #80]
	add	sp, sp, #96
	ret
.endm

#endif
