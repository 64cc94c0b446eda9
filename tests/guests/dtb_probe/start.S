/* Entry of a raw, position-independent image in the style of third-party bare-metal test
 * suites (e.g. kvm-unit-tests): nothing is assumed about the platform except that x0 holds
 * the physical address of a flattened device tree. Linked at 0, loaded at RAM + 0x80000. */
	.section .text.start, "ax"
	.global _start
_start:
	adr	x1, stack_top		/* PC-relative: works wherever the image is loaded */
	mov	sp, x1
	bl	probe_main		/* x0 (the DTB) is the first argument */
1:	wfi
	b	1b

	.bss
	.balign	16
	.space	8192
stack_top:
