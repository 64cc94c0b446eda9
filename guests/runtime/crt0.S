/* Entry point. QEMU's -kernel (and mtesim) start us at EL1h with the MMU and caches
 * off, DAIF masked, x0 = device-tree address. Everything here runs with the MMU off,
 * where data accesses are Device-nGnRnE, so only aligned accesses are used. */

	.section .text.boot, "ax"
	.global _start
	.type _start, %function
_start:
	mov	x19, x0			/* keep the DTB address for rt_boot */
	msr	daifset, #0xf
	msr	spsel, #1		/* handlers and C code run on SP_EL1 */
	ldr	x1, =__stack_top
	mov	sp, x1
	adr	x1, rt_vectors
	msr	vbar_el1, x1
	/* Allow FP/SIMD at EL0 and EL1 (CPACR_EL1.FPEN = 0b11) so a stray FP instruction
	 * does not trap; the runtime itself is built general-registers-only. */
	mov	x1, #(3 << 20)
	msr	cpacr_el1, x1
	isb
	/* Zero .bss; the linker script keeps both ends 16-byte aligned. */
	ldr	x1, =__bss_start
	ldr	x2, =__bss_end
1:	cmp	x1, x2
	b.hs	2f
	stp	xzr, xzr, [x1], #16
	b	1b
2:	mov	x0, x19
	bl	rt_boot			/* never returns */
3:	wfi
	b	3b
	.size _start, . - _start
