/* Self-modifying code with the architected maintenance (DC CVAU, DSB, IC IVAU, DSB, ISB):
 * a function rewritten from outside and called again returns the new value, and code that
 * patches an instruction further down its own page executes the patched instruction. A
 * simulator that caches decoded instructions must drop exactly the words written. */
#include "asmtest.h"

#define MOV_X0(n) (0xd2800000u | ((uint32_t)(n) << 5))
#define RET 0xd65f03c0u

static uint32_t code[1024] __attribute__((aligned(4096)));

static void sync_icache(void *p)
{
	__asm__ volatile("dc cvau, %0\n\tdsb ish\n\tic ivau, %0\n\tdsb ish\n\tisb" :: "r"(p) : "memory");
}

typedef uint64_t (*fn0)(void);
typedef uint64_t (*patcher)(uint64_t x0, uint64_t new_insn, uint32_t *target);

int main(void)
{
	fn0 f = (fn0)(uintptr_t)&code[0];
	code[0] = MOV_X0(1);
	code[1] = RET;
	sync_icache(&code[0]);
	check("first version returns", f(), 1);
	code[0] = MOV_X0(2);
	sync_icache(&code[0]);
	check("rewritten function returns", f(), 2);
	code[0] = MOV_X0(3);
	sync_icache(&code[0]);
	check("rewritten again returns", f(), 3);

	/* Code that patches its own page: the store hits word 14 of the page it runs from. */
	static const uint32_t self_patching[] = {
		0xb9000041, /* str  w1, [x2]   */
		0xd50b7b22, /* dc   cvau, x2   */
		0xd5033b9f, /* dsb  ish        */
		0xd50b7522, /* ic   ivau, x2   */
		0xd5033b9f, /* dsb  ish        */
		0xd5033fdf, /* isb             */
		MOV_X0(5),  /* patched to mov x0, #7 */
		RET,
	};
	for (unsigned i = 0; i < 8; i++) code[8 + i] = self_patching[i];
	for (unsigned i = 8; i < 16; i += 4) sync_icache(&code[i]);
	patcher p = (patcher)(uintptr_t)&code[8];
	check("code patched by itself runs the new instruction", p(0, MOV_X0(7), &code[14]), 7);
	check("patched again on the next call", p(0, MOV_X0(9), &code[14]), 9);
	check("the first function is untouched", f(), 3);
	return check_done();
}
