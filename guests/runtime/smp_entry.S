/* Entry of a PE started by smp_start() (smp.c): MMU off, x0 = its struct rt_smp_ctx.
 * Takes the boot PE's translation regime and vectors, then calls rt_smp_main(ctx).
 * Only aligned 64-bit loads until the MMU is on (Device memory). */
	.text
	.global rt_smp_entry
	.type rt_smp_entry, %function
rt_smp_entry:
	msr	daifset, #0xf
	msr	spsel, #1
	mov	x19, x0
	ldr	x1, [x19, #0]
	mov	sp, x1
	ldr	x1, [x19, #64]
	msr	cpacr_el1, x1
	ldr	x1, [x19, #24]
	msr	vbar_el1, x1
	ldr	x1, [x19, #32]
	msr	mair_el1, x1
	ldr	x1, [x19, #40]
	msr	tcr_el1, x1
	ldr	x1, [x19, #48]
	msr	ttbr0_el1, x1
	isb
	mrs	x1, CurrentEL
	cmp	x1, #(2 << 2)
	b.eq	2f
	tlbi	vmalle1
	dsb	nsh
	ic	iallu
	dsb	nsh
	isb
	ldr	x1, [x19, #56]
	msr	sctlr_el1, x1
	isb
	b	3f
2:	/* EL2: the controls crt0 sets, then EL2's own map. */
	ldr	x1, [x19, #56]
	msr	sctlr_el1, x1
	ldr	x1, [x19, #72]
	msr	vbar_el2, x1
	ldr	x1, [x19, #80]
	msr	hcr_el2, x1
	ldr	x1, [x19, #88]
	msr	cptr_el2, x1
	ldr	x1, [x19, #96]
	msr	cnthctl_el2, x1
	msr	cntvoff_el2, xzr
	msr	vttbr_el2, xzr
	mrs	x1, midr_el1
	msr	vpidr_el2, x1
	mrs	x1, mpidr_el1
	msr	vmpidr_el2, x1
	ldr	x1, [x19, #104]
	msr	mair_el2, x1
	ldr	x1, [x19, #112]
	msr	tcr_el2, x1
	ldr	x1, [x19, #120]
	msr	ttbr0_el2, x1
	isb
	tlbi	alle2
	dsb	nsh
	ic	iallu
	dsb	nsh
	isb
	ldr	x1, [x19, #128]
	msr	sctlr_el2, x1
	isb
3:	mov	x0, x19
	bl	rt_smp_main
4:	wfi
	b	4b
	.size rt_smp_entry, . - rt_smp_entry
