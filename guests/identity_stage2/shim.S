/* A minimal EL2 "hypervisor" that runs an unmodified guest at EL1 under an identity
 * stage 2, for measuring what two-stage translation costs (bench/). Link it into a guest
 * with the entry point shim_start: QEMU (-M virt,virtualization=on) and mtesim
 * (--virtualization) enter it at EL2h with x0 = the device tree.
 *
 * Stage 2: 4K granule, 40-bit IPA starting at level 1 with two concatenated tables, all
 * 1 GiB blocks mapped IPA = PA, read/write/execute; the first GiB (flash, GIC, UART) is
 * Device-nGnRE, the rest Normal write-back (so MTE's Tagged memory stays Tagged).
 * HCR_EL2 = VM | RW | ATA (ATA is RES0 without MTE2 and then ignored).
 *
 * The guest's runtime makes its PSCI calls with HVC #0 from EL1, which now traps here;
 * they are forwarded to the firmware over its SMC conduit, preserving every register
 * except x0 (the result), as SMCCC requires. Nothing else is expected at EL2. */

#define VTCR_VALUE  ((1 << 31) | (2 << 16) | (3 << 12) | (1 << 10) | (1 << 8) | (1 << 6) | 24)
#define HCR_VALUE   ((1 << 56) | (1 << 31) | 1)
#define S2_NORMAL   ((1 << 10) | (3 << 8) | (3 << 6) | (0xF << 2) | 1)  /* AF, SH inner, RW, WB */
#define S2_DEVICE   ((1 << 10) | (3 << 6) | (0x1 << 2) | 1)             /* AF, RW, nGnRE */
#define BLOCKS      1024                                                /* 2 x 512 level-1 entries */

	.text
	.global shim_start
	.type shim_start, %function
shim_start:
	mov	x19, x0
	adr	x1, shim_vectors
	msr	vbar_el2, x1
	adrp	x1, shim_stack_top
	add	x1, x1, :lo12:shim_stack_top
	mov	sp, x1

	/* Fill the concatenated level-1 tables with 1 GiB identity blocks. */
	adrp	x1, shim_s2_tables
	add	x1, x1, :lo12:shim_s2_tables
	mov	x2, #0			/* block index */
	ldr	x3, =S2_DEVICE
	ldr	x4, =S2_NORMAL
1:	lsl	x5, x2, #30
	cmp	x2, #0
	csel	x6, x3, x4, eq
	orr	x5, x5, x6
	str	x5, [x1, x2, lsl #3]
	add	x2, x2, #1
	cmp	x2, #BLOCKS
	b.lo	1b
	dsb	ish

	msr	vttbr_el2, x1		/* VMID 0 */
	ldr	x1, =VTCR_VALUE
	msr	vtcr_el2, x1
	ldr	x1, =HCR_VALUE
	msr	hcr_el2, x1
	isb
	tlbi	vmalls12e1
	dsb	ish
	isb

	/* Enter the guest's own entry point at EL1h, DAIF masked, x0 = device tree. */
	ldr	x1, =_start
	msr	elr_el2, x1
	mov	x1, #0x3c5
	msr	spsr_el2, x1
	mov	x0, x19
	eret
	.size shim_start, . - shim_start

/* EL2 vectors: only a lower-EL synchronous exception (the guest's HVC) is expected. */
	.balign 2048
shim_vectors:
	.rept 8
	.balign 128
	b	shim_unexpected
	.endr
	.balign 128			/* 0x400: lower EL, AArch64, synchronous */
	b	shim_lower_sync
	.rept 7
	.balign 128
	b	shim_unexpected
	.endr

shim_lower_sync:
	stp	x9, x10, [sp, #-16]!
	mrs	x9, esr_el2
	lsr	x10, x9, #26
	cmp	x10, #0x16		/* EC: HVC from AArch64 */
	b.ne	2f
	ldp	x9, x10, [sp], #16
	smc	#0			/* PSCI: the firmware's conduit */
	eret
2:	ldp	x9, x10, [sp], #16
shim_unexpected:
	ldr	x0, =0x84000008		/* PSCI SYSTEM_OFF: stop rather than hang */
	smc	#0
3:	b	3b

	/* In .data, not .bss: the guest's runtime zeroes .bss at EL1 while these are live. */
	.section .data.shim, "aw"
	.balign 8192			/* two concatenated 4 KiB tables, aligned to their size */
shim_s2_tables:
	.skip	BLOCKS * 8
	.balign 16
	.skip	4096
shim_stack_top:
