/* Entry point. QEMU's -kernel (and mtesim) start us at EL1h with the MMU and caches
 * off, DAIF masked, x0 = device-tree address; with virtualization on (QEMU
 * virtualization=on, mtesim --virtualization) at EL2h instead (rt/hyp.h). Everything
 * here runs with the MMU off, where data accesses are Device-nGnRnE, so only aligned
 * accesses are used. */

	.section .text.boot, "ax"
	.global _start
	.type _start, %function
_start:
	mov	x19, x0			/* keep the DTB address for rt_boot */
	msr	daifset, #0xf
	msr	spsel, #1		/* handlers and C code run on SP_ELx */
	ldr	x1, =__stack_top
	mov	sp, x1
	adr	x1, rt_vectors
	msr	vbar_el1, x1
	/* Started at EL2 (QEMU virtualization=on, mtesim --virtualization)? Then set up
	 * the hypervisor controls before anything can trap (see rt/hyp.h). */
	mrs	x1, CurrentEL
	cmp	x1, #(2 << 2)
	b.ne	1f
	adr	x1, rt_vectors_el2
	msr	vbar_el2, x1
	mov	x1, #(1 << 31)		/* HCR_EL2.RW: EL1 is AArch64; nothing else */
	msr	hcr_el2, x1
	mov	x1, #0x33ff		/* CPTR_EL2: RES1 bits, TFP = 0 (no FP trap) */
	msr	cptr_el2, x1
	mov	x1, #3			/* CNTHCTL_EL2.EL1PCTEN, EL1PCEN */
	msr	cnthctl_el2, x1
	msr	cntvoff_el2, xzr
	msr	vttbr_el2, xzr
	mrs	x1, midr_el1		/* EL1 reads these through VPIDR/VMPIDR */
	msr	vpidr_el2, x1
	mrs	x1, mpidr_el1
	msr	vmpidr_el2, x1
	ldr	x1, =0x30c50830		/* SCTLR_EL2: RES1 bits, MMU and caches off */
	msr	sctlr_el2, x1
	ldr	x1, =0x30d00800		/* SCTLR_EL1: RES1 bits, MMU and caches off */
	msr	sctlr_el1, x1
	isb
1:
	/* Allow FP/SIMD at EL0 and EL1 (CPACR_EL1.FPEN = 0b11) so a stray FP instruction
	 * does not trap; the runtime itself is built general-registers-only. */
	mov	x1, #(3 << 20)
	msr	cpacr_el1, x1
	isb
	/* Zero .bss; the linker script keeps both ends 16-byte aligned. */
	ldr	x1, =__bss_start
	ldr	x2, =__bss_end
4:	cmp	x1, x2
	b.hs	2f
	stp	xzr, xzr, [x1], #16
	b	4b
2:	mov	x0, x19
	bl	rt_boot			/* never returns */
3:	wfi
	b	3b
	.size _start, . - _start
