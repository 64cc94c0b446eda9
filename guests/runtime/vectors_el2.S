/* EL2 exception vectors and the VM entry/exit path. Every entry builds a struct
 * hyp_frame (see rt/hyp.h) on SP_EL2 and calls rt_hyp_dispatch(frame); on return the
 * frame is restored and we ERET, so a handler can change registers, ELR_EL2, SPSR_EL2
 * and (for EL2t and lower ELs) SP_EL0. */

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
	ldr	x0, [sp, #F_VECTOR]
	and	x0, x0, #0xc
	cmp	x0, #4
	b.eq	1f
	ldr	x1, [sp, #F_SP]
	msr	sp_el0, x1
1:	ldp	x1, x2, [sp, #F_ELR]
	msr	elr_el2, x1
	msr	spsr_el2, x2
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
	sub	sp, sp, #96
	stp	x19, x20, [sp, #0]
	stp	x21, x22, [sp, #16]
	stp	x23, x24, [sp, #32]
	stp	x25, x26, [sp, #48]
	stp	x27, x28, [sp, #64]
	stp	x29, x30, [sp, #80]
	adrp	x9, rt_vm_saved_sp
	mov	x10, sp
	str	x10, [x9, :lo12:rt_vm_saved_sp]
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
	adrp	x9, rt_vm_saved_sp
	ldr	x10, [x9, :lo12:rt_vm_saved_sp]
	mov	sp, x10
	ldp	x19, x20, [sp, #0]
	ldp	x21, x22, [sp, #16]
	ldp	x23, x24, [sp, #32]
	ldp	x25, x26, [sp, #48]
	ldp	x27, x28, [sp, #64]
	ldp	x29, x30, [sp, #80]
	add	sp, sp, #96
	ret
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
