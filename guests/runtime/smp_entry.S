/* Entry of a PE started by smp_start() (smp.c): MMU off, x0 = its struct rt_smp_ctx.
 * Takes the boot PE's translation regime and vectors, then calls rt_smp_main(ctx).
 * Only aligned 64-bit loads until the MMU is on (Device memory). */

/* struct rt_smp_ctx (smp.c): each field named and placed as the register it holds. */
	.equ	ctx_sp, 0
	.equ	ctx_vbar_el1, 24
	.equ	ctx_mair_el1, 32
	.equ	ctx_tcr_el1, 40
	.equ	ctx_ttbr0_el1, 48
	.equ	ctx_sctlr_el1, 56
	.equ	ctx_cpacr_el1, 64
	.equ	ctx_vbar_el2, 72
	.equ	ctx_hcr_el2, 80
	.equ	ctx_cptr_el2, 88
	.equ	ctx_cnthctl_el2, 96
	.equ	ctx_mair_el2, 104
	.equ	ctx_tcr_el2, 112
	.equ	ctx_ttbr0_el2, 120
	.equ	ctx_sctlr_el2, 128

/* System register \reg from its field of the context (x19). */
.macro load_sysreg reg
	ldr	x1, [x19, #ctx_\reg]
	msr	\reg, x1
.endm

/* EL\el's translation regime from the context, MMU still off. */
.macro load_regime el
	load_sysreg mair_el\el
	load_sysreg tcr_el\el
	load_sysreg ttbr0_el\el
	isb
.endm

/* Turns EL\el's MMU on with the regime loaded: first drops whatever the PE may hold from
 * before (TLB entries by \tlbi_op, the instruction cache). */
.macro mmu_on el, tlbi_op
	tlbi	\tlbi_op
	dsb	nsh
	ic	iallu
	dsb	nsh
	isb
	load_sysreg sctlr_el\el
	isb
.endm

	.text
	.global rt_smp_entry
	.type rt_smp_entry, %function
rt_smp_entry:
	msr	daifset, #0xf
	msr	spsel, #1
	mov	x19, x0
	ldr	x1, [x19, #ctx_sp]
	mov	sp, x1
	load_sysreg cpacr_el1
	load_sysreg vbar_el1
	load_regime 1
	mrs	x1, CurrentEL
	cmp	x1, #(2 << 2)
	b.eq	2f
	mmu_on	1, vmalle1
	b	3f
2:	/* EL2: the controls crt0 sets, then EL2's own map. */
	load_sysreg sctlr_el1
	load_sysreg vbar_el2
	load_sysreg hcr_el2
	load_sysreg cptr_el2
	load_sysreg cnthctl_el2
	msr	cntvoff_el2, xzr
	msr	vttbr_el2, xzr
	mrs	x1, midr_el1
	msr	vpidr_el2, x1
	mrs	x1, mpidr_el1
	msr	vmpidr_el2, x1
	load_regime 2
	mmu_on	2, alle2
3:	mov	x0, x19
	bl	rt_smp_main
4:	wfi
	b	4b
	.size rt_smp_entry, . - rt_smp_entry
