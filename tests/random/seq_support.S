/* Entering and leaving a generated sequence at EL1.
 *
 * rnd_call_el1(code) saves the callee-saved registers on SP_EL1 and jumps to the code
 * in EL1t (SPSel = 0): the sequence then owns every general register and SP_EL0 (which
 * it points into the sandbox), while exceptions it takes still run on SP_EL1 (the
 * runtime's "EL1t sync" vector). The sequence ends by branching to rnd_return_el1,
 * which goes back to EL1h, where SP_EL1 is as rnd_call_el1 left it. */

	.text
	.global rnd_call_el1
	.type rnd_call_el1, %function
rnd_call_el1:
	stp	x29, x30, [sp, #-96]!
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	stp	x25, x26, [sp, #64]
	stp	x27, x28, [sp, #80]
	msr	spsel, #0
	br	x0
	.size rnd_call_el1, . - rnd_call_el1

	.global rnd_return_el1
	.type rnd_return_el1, %function
rnd_return_el1:
	msr	spsel, #1
	ldp	x19, x20, [sp, #16]
	ldp	x21, x22, [sp, #32]
	ldp	x23, x24, [sp, #48]
	ldp	x25, x26, [sp, #64]
	ldp	x27, x28, [sp, #80]
	ldp	x29, x30, [sp], #96
	ret
	.size rnd_return_el1, . - rnd_return_el1
