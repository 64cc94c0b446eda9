/* Loads and stores: the unprivileged LDTR/STTR family executed at EL1. They are checked
 * against the EL0 permissions of the page (AP[1]), except when PSTATE.UAO is 1, when
 * they behave like ordinary EL1 accesses. Three 4K test pages: EL0+EL1 read/write,
 * EL1-only read/write, EL0+EL1 read-only. A permission fault at level 3 has DFSC 0x0f;
 * ESR = EC 0x25 (data abort, same EL) | IL | WnR for stores. */
#include "asmtest.h"

#define VA_USER  (TEST_VA + 0x0000)   /* AP = 01: RW at EL1 and EL0 */
#define VA_PRIV  (TEST_VA + 0x1000)   /* AP = 00: RW at EL1 only */
#define VA_RO    (TEST_VA + 0x2000)   /* AP = 11: RO at EL1 and EL0 */

#define ESR_PERM_READ  0x9600000ful
#define ESR_PERM_WRITE 0x9600004ful

int main(void)
{
	uint64_t *user = map_test_page(VA_USER, PTE_NORMAL | PTE_AP_EL0 | PTE_UXN | PTE_PXN);
	uint64_t *priv = map_test_page(VA_PRIV, PTE_NORMAL | PTE_UXN | PTE_PXN);
	uint64_t *ro = map_test_page(VA_RO, PTE_NORMAL | PTE_AP_EL0 | PTE_AP_RO | PTE_UXN | PTE_PXN);
	user[0] = 0x8877665544332211ul;
	user[1] = 0xfedcba9876543210ul;
	priv[0] = 0x1122334455667788ul;
	ro[0] = 0xa5a5a5a5c3c3c3c3ul;
	uint64_t v;

	/* EL0-accessible page: every size works and extends like LDR/STR. */
	exc_catch(EXC_RESUME_NEXT);
	__asm__ volatile("ldtr %0, [%1, #8]" : "=r"(v) : "r"(VA_USER) : "memory");
	check("ldtr x user", v, 0xfedcba9876543210ul);
	__asm__ volatile("ldtr %w0, [%1, #4]" : "=r"(v) : "r"(VA_USER) : "memory");
	check("ldtr w user", v, 0x88776655);
	__asm__ volatile("ldtrb %w0, [%1, #7]" : "=r"(v) : "r"(VA_USER) : "memory");
	check("ldtrb user", v, 0x88);
	__asm__ volatile("ldtrh %w0, [%1, #6]" : "=r"(v) : "r"(VA_USER) : "memory");
	check("ldtrh user", v, 0x8877);
	__asm__ volatile("ldtrsb %0, [%1, #7]" : "=r"(v) : "r"(VA_USER) : "memory");
	check("ldtrsb x user", v, 0xffffffffffffff88ul);
	__asm__ volatile("ldtrsb %w0, [%1, #7]" : "=r"(v) : "r"(VA_USER) : "memory");
	check("ldtrsb w user", v, 0xffffff88ul);
	__asm__ volatile("ldtrsh %0, [%1, #14]" : "=r"(v) : "r"(VA_USER) : "memory");
	check("ldtrsh x user", v, 0xfffffffffffffedcul);
	__asm__ volatile("ldtrsw %0, [%1, #12]" : "=r"(v) : "r"(VA_USER) : "memory");
	check("ldtrsw user", v, 0xfffffffffedcba98ul);
	__asm__ volatile("ldtr %0, [%1, #-3]" : "=r"(v) : "r"(VA_USER + 12) : "memory");
	check("ldtr x user, unaligned", v, 0x00fedcba98765432ul);
	__asm__ volatile("sttr %1, [%0, #16]\n\t"
			 "sttr %w1, [%0, #24]\n\t"
			 "sttrh %w1, [%0, #28]\n\t"
			 "sttrb %w1, [%0, #31]"
			 :: "r"(VA_USER), "r"(0x0102030405060708ul) : "memory");
	check("sttr x user", user[2], 0x0102030405060708ul);
	check("sttr w/h/b user", user[3], 0x0800070805060708ul);
	check_no_fault("ldtr/sttr on the EL0 page");

	/* EL1-only page: the unprivileged accesses fault, ordinary ones do not. */
	exc_catch(EXC_RESUME_NEXT);
	__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(VA_PRIV) : "memory");
	check("ldr x priv (EL1 access)", v, 0x1122334455667788ul);
	check_no_fault("ldr on the EL1 page");
	exc_catch(EXC_RESUME_NEXT);
	__asm__ volatile("ldtr %0, [%1]" : "=r"(v) : "r"(VA_PRIV + 8) : "memory");
	check_fault("ldtr x priv", ESR_PERM_READ, VA_PRIV + 8);
	exc_catch(EXC_RESUME_NEXT);
	__asm__ volatile("ldtrb %w0, [%1]" : "=r"(v) : "r"(VA_PRIV + 0x7ff) : "memory");
	check_fault("ldtrb priv", ESR_PERM_READ, VA_PRIV + 0x7ff);
	exc_catch(EXC_RESUME_NEXT);
	__asm__ volatile("sttr %1, [%0, #16]" :: "r"(VA_PRIV), "r"(1ul) : "memory");
	check_fault("sttr x priv", ESR_PERM_WRITE, VA_PRIV + 16);
	check("sttr x priv: memory unchanged", priv[2], 0);
	exc_catch(EXC_RESUME_NEXT);
	__asm__ volatile("sttrh %w1, [%0, #-1]" :: "r"(VA_PRIV + 0x100), "r"(1ul) : "memory");
	check_fault("sttrh priv", ESR_PERM_WRITE, VA_PRIV + 0xff);

	/* Read-only page: unprivileged loads work, stores fault (and so do EL1 stores). */
	exc_catch(EXC_RESUME_NEXT);
	__asm__ volatile("ldtr %0, [%1]" : "=r"(v) : "r"(VA_RO) : "memory");
	check("ldtr x ro", v, 0xa5a5a5a5c3c3c3c3ul);
	check_no_fault("ldtr on the read-only page");
	exc_catch(EXC_RESUME_NEXT);
	__asm__ volatile("sttr %w1, [%0, #4]" :: "r"(VA_RO), "r"(1ul) : "memory");
	check_fault("sttr w ro", ESR_PERM_WRITE, VA_RO + 4);
	exc_catch(EXC_RESUME_NEXT);
	__asm__ volatile("str %w1, [%0, #8]" :: "r"(VA_RO), "r"(1ul) : "memory");
	check_fault("str w ro (EL1 access)", ESR_PERM_WRITE, VA_RO + 8);
	check("ro page unchanged", ro[0] ^ ro[1], 0xa5a5a5a5c3c3c3c3ul);

	/* PSTATE.UAO = 1: LDTR/STTR use the EL1 permissions instead. */
	__asm__ volatile("msr uao, #1" ::: "memory");
	__asm__ volatile("mrs %0, uao" : "=r"(v));
	check("PSTATE.UAO after msr uao, #1", v, 1ul << 23);
	exc_catch(EXC_RESUME_NEXT);
	__asm__ volatile("ldtr %0, [%1]" : "=r"(v) : "r"(VA_PRIV) : "memory");
	check("uao=1: ldtr x priv", v, 0x1122334455667788ul);
	__asm__ volatile("sttr %1, [%0, #24]" :: "r"(VA_PRIV), "r"(0x55ul) : "memory");
	check("uao=1: sttr x priv", priv[3], 0x55);
	check_no_fault("uao=1: ldtr/sttr on the EL1 page");
	exc_catch(EXC_RESUME_NEXT);
	__asm__ volatile("sttr %1, [%0, #32]" :: "r"(VA_RO), "r"(1ul) : "memory");
	check_fault("uao=1: sttr x ro", ESR_PERM_WRITE, VA_RO + 32);
	__asm__ volatile("msr uao, #0" ::: "memory");
	exc_uncatch();

	return check_done();
}
