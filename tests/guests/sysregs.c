/* System instructions: MRS/MSR of NZCV (only bits 31:28 exist), DAIF and DAIFSet/Clr,
 * SPSel (and which stack pointer SP then is), CurrentEL, TPIDR_EL0/EL1/TPIDRRO_EL0,
 * ELR_EL1/SPSR_EL1, the PSTATE fields PAN, UAO and DIT (mandatory from v8.1, v8.2 and
 * v8.4), hints (NOP, YIELD, SEVL+WFE, ESB, CSDB, BTI, and pointer-authentication hints
 * that are NOPs while SCTLR_EL1.EnIA/EnIB are 0), barriers including SB, and DC ZVA
 * zeroing exactly the block DCZID_EL0 announces. No implementation-defined value
 * (MIDR, CTR, counters, ID registers) is printed. */
#include "asmtest.h"

static uint8_t zva_buf[4096] __attribute__((aligned(2048)));

int main(void)
{
	uint64_t v, w;

	write_sysreg(nzcv, 0xfffffffffffffffful);
	check("nzcv after writing all ones", read_sysreg(nzcv), 0xf0000000);
	write_sysreg(nzcv, 0x50000000);
	check("nzcv after writing Z|V", read_sysreg(nzcv), 0x50000000);
	write_sysreg(nzcv, 0);
	check("nzcv after writing 0", read_sysreg(nzcv), 0);

	/* DAIF: the runtime runs with everything masked; nothing can interrupt here. */
	check("daif at start", read_sysreg(daif), 0x3c0);
	__asm__ volatile("msr daifclr, #0xa" ::: "memory");      /* unmask D and I */
	check("daif after daifclr #0xa", read_sysreg(daif), 0x140);
	__asm__ volatile("msr daifset, #0x8\n\tmsr daifclr, #0x1" ::: "memory");
	check("daif after daifset #8, daifclr #1", read_sysreg(daif), 0x300);
	write_sysreg(daif, 0x180);
	check("daif after msr daif, 0x180", read_sysreg(daif), 0x180);
	write_sysreg(daif, 0x3c0);
	check("daif restored", read_sysreg(daif), 0x3c0);

	check("CurrentEL", read_sysreg(CurrentEL), 0x4);
	check("SPSel at start", read_sysreg(spsel), 1);

	/* SPSel = 0 makes SP mean SP_EL0. */
	write_sysreg(sp_el0, 0x4000);
	__asm__ volatile("msr spsel, #0\n\t"
			 "mov %0, sp\n\t"
			 "mrs %1, spsel\n\t"
			 "msr spsel, #1" : "=&r"(v), "=&r"(w));
	check("SP with SPSel=0 is SP_EL0", v, 0x4000);
	check("SPSel read while 0", w, 0);
	__asm__ volatile("msr spsel, #0\n\t"
			 "add sp, sp, #0x30\n\t"
			 "msr spsel, #1\n\t"
			 "mrs %0, sp_el0" : "=r"(v));
	check("SP_EL0 after add sp, sp, #0x30 with SPSel=0", v, 0x4030);
	check("SPSel after msr spsel, #1", read_sysreg(spsel), 1);

	write_sysreg(tpidr_el0, 0x0123456789abcdeful);
	write_sysreg(tpidr_el1, 0xfedcba9876543210ul);
	write_sysreg(tpidrro_el0, 0x5555aaaa5555aaaaul);
	check("tpidr_el0", read_sysreg(tpidr_el0), 0x0123456789abcdeful);
	check("tpidr_el1", read_sysreg(tpidr_el1), 0xfedcba9876543210ul);
	check("tpidrro_el0", read_sysreg(tpidrro_el0), 0x5555aaaa5555aaaaul);
	write_sysreg(elr_el1, 0x123456789abcdef0ul);
	check("elr_el1", read_sysreg(elr_el1), 0x123456789abcdef0ul);
	write_sysreg(spsr_el1, 0x600003c5ul);
	check("spsr_el1", read_sysreg(spsr_el1), 0x600003c5ul);

	/* PSTATE fields with their own MSR (immediate) and MRS encodings. */
	check("pan at start", read_sysreg(pan), 0);
	__asm__ volatile("msr pan, #1" ::: "memory");
	check("pan after msr pan, #1", read_sysreg(pan), 1ul << 22);
	write_sysreg(pan, 0);
	check("pan after msr pan, xzr", read_sysreg(pan), 0);
	__asm__ volatile("msr uao, #1" ::: "memory");
	check("uao after msr uao, #1", read_sysreg(uao), 1ul << 23);
	write_sysreg(uao, 0);
	check("uao after msr uao, xzr", read_sysreg(uao), 0);
	__asm__ volatile("msr dit, #1" ::: "memory");
	check("dit after msr dit, #1", read_sysreg(dit), 1ul << 24);
	write_sysreg(dit, 0);
	check("dit after msr dit, xzr", read_sysreg(dit), 0);
	/* The fields show up in SPSR_EL1 when an exception is taken. */
	__asm__ volatile("msr pan, #1\n\tmsr uao, #1" ::: "memory");
	exc_catch(EXC_RESUME_NEXT);
	__asm__ volatile("svc #0" ::: "memory");
	__asm__ volatile("msr pan, #0\n\tmsr uao, #0" ::: "memory");
	check("SPSR of an SVC with PAN=UAO=1 (nzcv 0)", exc_last.spsr & ~0xf0000000ul, 0xc003c5);
	exc_uncatch();

	/* Hints: none may change a register or trap. */
	__asm__ volatile("mov x30, %2\n\t"
			 "mov x9, sp\n\t"
			 "nop\n\t"
			 "yield\n\t"
			 "sevl\n\t"
			 "wfe\n\t"
			 "esb\n\t"
			 "csdb\n\t"
			 "bti c\n\t"
			 "hint #0x7f\n\t"
			 "paciasp\n\t"      /* EnIA = 0: no PAC is inserted */
			 "autiasp\n\t"
			 "pacibsp\n\t"
			 "autibsp\n\t"
			 "xpaclri\n\t"
			 "mov %0, x30\n\t"
			 "mov %1, sp\n\t"
			 "sub %1, %1, x9"
			 : "=&r"(v), "=&r"(w) : "r"(0x40001234ul) : "x9", "x30", "memory");
	check("x30 after PAC hints with EnIA=EnIB=0", v, 0x40001234ul);
	check("sp moved by hints", w, 0);

	/* Barriers. */
	__asm__ volatile("dmb ish\n\tdmb ishld\n\tdmb ishst\n\tdmb sy\n\tdmb oshld\n\t"
			 "dsb sy\n\tdsb nsh\n\tdsb ish\n\tisb\n\tsb\n\tssbb\n\tpssbb\n\tclrex"
			 ::: "memory");
	check("barriers completed", 1, 1);

	/* DC ZVA zeroes one naturally aligned block of 4 << DCZID_EL0.BS bytes. */
	uint64_t dczid = read_sysreg(dczid_el0);
	check("DCZID_EL0.DZP (zeroing permitted)", (dczid >> 4) & 1, 0);
	uint64_t block = 4ul << (dczid & 0xf);
	for (unsigned i = 0; i < sizeof(zva_buf); i++)
		zva_buf[i] = 0xa5;
	__asm__ volatile("dc zva, %0" :: "r"(zva_buf + 1024 + 3) : "memory");
	uint64_t first = ~0ul, last = 0, zeros = 0;
	for (unsigned i = 0; i < sizeof(zva_buf); i++) {
		if (!zva_buf[i]) {
			zeros++;
			if (i < first)
				first = i;
			last = i;
		}
	}
	check("dc zva: zeroed bytes == DCZID block size", zeros == block, 1);
	check("dc zva: block starts at the aligned address", first, 1024 & ~(block - 1));
	check("dc zva: zeroed range is contiguous", last - first + 1 == block, 1);

	return check_done();
}
