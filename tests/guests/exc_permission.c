/* Exceptions: permission faults (DFSC/IFSC 0x0f at level 3). EL1 writes to read-only
 * pages; EL0 loads/stores to EL1-only and read-only pages (EC 0x24, data abort from a
 * lower EL); execute-never: EL0 fetch from a UXN page (EC 0x20), EL1 fetch from a PXN
 * page and from an EL0-writable page, which is implicitly privileged-execute-never
 * (EC 0x21); and EL0 fetch from an EL1-only page with UXN = 0, which is allowed: in
 * VMSAv8-64 stage 1 execute permission does not depend on AP. */
#include "asmtest.h"

#define VA_RO_EL1   (TEST_VA + 0x1000)  /* AP=10: RO at EL1, none at EL0 */
#define VA_RW_EL1   (TEST_VA + 0x2000)  /* AP=00: RW at EL1, none at EL0 */
#define VA_RO_ALL   (TEST_VA + 0x3000)  /* AP=11: RO at EL1 and EL0 */
#define VA_X_PXN    (TEST_VA + 0x4000)  /* code, PXN=1 UXN=0, RO at both */
#define VA_X_UXN    (TEST_VA + 0x5000)  /* code, UXN=1 PXN=0, RO at both */
#define VA_X_EL0RW  (TEST_VA + 0x6000)  /* code, AP=01 (EL0 writable), PXN=UXN=0 */
#define VA_X_EL1    (TEST_VA + 0x7000)  /* code, AP=00 (EL1 only), PXN=UXN=0 */

/* EL0 side: one access each; exceptions are recorded by the EL1 handler, which
 * resumes after the faulting instruction (or at x30 for fetches). */
EL0_TEXT static uint64_t el0_load(uint64_t va)
{
	uint64_t v = 0;
	__asm__ volatile("ldr %0, [%1]" : "+r"(v) : "r"(va) : "memory");
	return v;
}

EL0_TEXT static uint64_t el0_store(uint64_t va)
{
	__asm__ volatile("str %0, [%0]" :: "r"(va) : "memory");
	return 0;
}

EL0_TEXT static uint64_t el0_call(uint64_t va)
{
	uint64_t v = 0;
	__asm__ volatile("blr %1\n\tmov %0, x0" : "+r"(v) : "r"(va)
			 : "x0", "x1", "x2", "x30", "memory");
	return v;
}

static uint64_t el1_call(uint64_t va)
{
	uint64_t v = 0;
	__asm__ volatile("blr %1\n\tmov %0, x0" : "+r"(v) : "r"(va)
			 : "x0", "x1", "x2", "x30", "memory");
	return v;
}

static void map_code(uint64_t va, uint64_t attrs)
{
	uint32_t *code = page_alloc(4096);
	code[0] = 0xd2800540;   /* mov x0, #42 */
	code[1] = 0xd65f03c0;   /* ret */
	__asm__ volatile("dc cvau, %0\n\tdsb ish\n\tic ivau, %0\n\tdsb ish\n\tisb" :: "r"(code) : "memory");
	pt_map_pages(mmu_default_pt(), va, (uintptr_t)code, 4096, attrs);
}

int main(void)
{
	const uint64_t xn = PTE_UXN | PTE_PXN;
	uint64_t *ro_el1 = map_test_page(VA_RO_EL1, PTE_NORMAL | PTE_AP_RO | xn);
	uint64_t *rw_el1 = map_test_page(VA_RW_EL1, PTE_NORMAL | xn);
	uint64_t *ro_all = map_test_page(VA_RO_ALL, PTE_NORMAL | PTE_AP_RO | PTE_AP_EL0 | xn);
	ro_el1[0] = 0x111;
	rw_el1[0] = 0x222;
	ro_all[0] = 0x333;
	map_code(VA_X_PXN, PTE_NORMAL | PTE_AP_RO | PTE_AP_EL0 | PTE_PXN);
	map_code(VA_X_UXN, PTE_NORMAL | PTE_AP_RO | PTE_AP_EL0 | PTE_UXN);
	map_code(VA_X_EL0RW, PTE_NORMAL | PTE_AP_EL0);
	map_code(VA_X_EL1, PTE_NORMAL);
	mmu_sync();
	uint64_t v;

	/* EL1 data accesses. */
	exc_catch(EXC_RESUME_NEXT);
	check("EL1 ldr RO-EL1 page", *(volatile uint64_t *)VA_RO_EL1, 0x111);
	check_no_fault("EL1 ldr RO-EL1 page");
	exc_catch(EXC_RESUME_NEXT);
	*(volatile uint64_t *)(VA_RO_EL1 + 8) = 1;
	check_fault("EL1 str RO-EL1 page", 0x9600004f, VA_RO_EL1 + 8);
	exc_catch(EXC_RESUME_NEXT);
	*(volatile uint32_t *)(VA_RO_ALL + 0x20) = 1;
	check_fault("EL1 str RO-all page", 0x9600004f, VA_RO_ALL + 0x20);

	/* EL0 data accesses. */
	exc_catch(EXC_RESUME_NEXT);
	v = el0_run(el0_load, VA_RO_ALL, 0);
	check("EL0 ldr RO-all page", v, 0x333);
	check_no_fault("EL0 ldr RO-all page");
	exc_catch(EXC_RESUME_NEXT);
	el0_run(el0_load, VA_RW_EL1 + 0x10, 0);
	check_fault("EL0 ldr EL1-only page", 0x9200000f, VA_RW_EL1 + 0x10);
	check("  vector (lower EL, AArch64, sync)", exc_last.vector, 8);
	exc_catch(EXC_RESUME_NEXT);
	el0_run(el0_load, VA_RO_EL1 + 0x18, 0);
	check_fault("EL0 ldr RO-EL1 page", 0x9200000f, VA_RO_EL1 + 0x18);
	exc_catch(EXC_RESUME_NEXT);
	el0_run(el0_store, VA_RO_ALL + 0x28, 0);
	check_fault("EL0 str RO-all page", 0x9200004f, VA_RO_ALL + 0x28);
	exc_catch(EXC_RESUME_NEXT);
	el0_run(el0_store, VA_RW_EL1 + 0x30, 0);
	check_fault("EL0 str EL1-only page", 0x9200004f, VA_RW_EL1 + 0x30);
	check("EL1-only page unchanged", rw_el1[6], 0);

	/* Execute permissions. */
	exc_catch(EXC_RESUME_LR);
	check("EL0 call PXN page (UXN=0)", el0_run(el0_call, VA_X_PXN, 0), 42);
	check_no_fault("EL0 call PXN page");
	exc_catch(EXC_RESUME_LR);
	el0_run(el0_call, VA_X_UXN, 0);
	check_fault("EL0 call UXN page", 0x8200000f, VA_X_UXN);
	exc_catch(EXC_RESUME_LR);
	check("EL1 call UXN page (PXN=0)", el1_call(VA_X_UXN), 42);
	check_no_fault("EL1 call UXN page");
	exc_catch(EXC_RESUME_LR);
	el1_call(VA_X_PXN);
	check_fault("EL1 call PXN page", 0x8600000f, VA_X_PXN);
	exc_catch(EXC_RESUME_LR);
	el1_call(VA_X_EL0RW);
	check_fault("EL1 call EL0-writable page (implicit PXN)", 0x8600000f, VA_X_EL0RW);
	exc_catch(EXC_RESUME_LR);
	check("EL0 call EL0-writable page", el0_run(el0_call, VA_X_EL0RW, 0), 42);
	check_no_fault("EL0 call EL0-writable page");
	exc_catch(EXC_RESUME_LR);
	check("EL0 call EL1-only page with UXN=0", el0_run(el0_call, VA_X_EL1, 0), 42);
	check_no_fault("EL0 call EL1-only page with UXN=0");

	exc_uncatch();
	return check_done();
}
