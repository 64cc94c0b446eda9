/* VM A's probe of another VM's memory (issue 13, item 6; tests/hypervisor_run
 * isolation_scenarios.cpp). It maps its whole 40-bit IPA space Normal Tagged at stage 1,
 * then:
 *  - in its own RAM, runs every kind of access (loads, stores, LDG/STG/LDGM/STGM,
 *    DC ZVA/GZVA, exclusives, LSE atomics) on a scratch buffer and checks they work;
 *  - at every 2 MiB of the IPA space outside its RAM (and every 4 KiB where the host
 *    keeps other VMs' memory and the hypervisor's tables, if those PAs were IPAs) loads
 *    and stores a doubleword: the VMM answers these MMIO exits;
 *  - builds TTBR1 tables whose table descriptors point at IPAs outside its memslots, so
 *    the stage-1 walk itself reads there (each must take an external abort);
 *  - prints how many probes faulted, read zero or read the VMM's answer, and how many
 *    read a word of the secret the host put in VM B;
 *  - last, one access without an instruction syndrome (chosen by the VMM) at an IPA
 *    equal to B's secret's host PA: the hypervisor cannot emulate it and stops the VM.
 * The VMM's mailbox (MMIO loads at MBOX) gives the secret's marker, B's PA and the kind. */
#include "rt.h"

#define MBOX 0x0A100000ul
#define IPA_BITS 40
#define STEP (2ul << 20)
#define OWN_RAM 0x01000000ul /* the VM's slot: RAM_BASE + 16 MiB */

static uint8_t scratch[64 * 1024] __attribute__((aligned(4096)));
static uint64_t faulted, zero, answered, secret_seen, other;
/* The marker, inverted: the word itself never sits in this VM's memory. */
static uint64_t marker_inverted;

static uint64_t mbox(unsigned i) { return *(volatile uint64_t *)(MBOX + 8 * i); }

/* A word of B's secret: marker in bits 63:16 (see isolation_scenarios.cpp). */
static int is_secret(uint64_t v) { return ((v ^ ~marker_inverted) >> 16) == 0; }

static void classify(uint64_t addr, uint64_t v, int taken_before)
{
	if (exc_last.taken != taken_before) {
		faulted++;
		return;
	}
	uint64_t pattern = 0;
	for (unsigned i = 0; i < 8; i++) pattern |= (((addr + i) & 0xff) | 0x80) << (8 * i);
	if (is_secret(v))
		secret_seen++;
	else if (v == 0)
		zero++;
	else if (v == pattern)
		answered++;
	else
		other++;
}

static void probe_word(uint64_t addr)
{
	int t = exc_last.taken;
	uint64_t v = 0;
	__asm__ volatile("ldr %0, [%1]" : "+r"(v) : "r"(addr) : "memory");
	classify(addr, v, t);
	t = exc_last.taken;
	__asm__ volatile("str xzr, [%0]" : : "r"(addr) : "memory");
	if (exc_last.taken != t) faulted++;
}

static int own_ram_accesses(void)
{
	int bad = 0;
	uint64_t p = (uint64_t)scratch, v, old, fail;
	uint64_t tagged = p | (5ul << 56);
	__asm__ volatile("stg %0, [%0]" : : "r"(tagged) : "memory");
	__asm__ volatile("ldg %0, [%1]" : "=r"(v) : "r"(p), "0"(p) : "memory");
	bad |= (v >> 56 & 0xf) != 5;
	__asm__ volatile("dc gva, %0" : : "r"(tagged) : "memory");
	uint64_t gm = 0;
	__asm__ volatile("ldgm %0, [%1]" : "=r"(gm) : "r"(p) : "memory");
	__asm__ volatile("stgm %0, [%1]" : : "r"(gm), "r"(p) : "memory");
	__asm__ volatile("dc zva, %0" : : "r"(p + 4096) : "memory");
	__asm__ volatile("dc gzva, %0" : : "r"(tagged + 8192) : "memory");
	bad |= *(volatile uint64_t *)(p + 4096) != 0;
	__asm__ volatile("1: ldxr %0, [%2]\n\tadd %0, %0, #3\n\tstxr %w1, %0, [%2]\n\tcbnz %w1, 1b"
			 : "=&r"(v), "=&r"(fail) : "r"(p + 4096) : "memory");
	__asm__ volatile("ldadd %1, %0, [%2]" : "=r"(old) : "r"(4ul), "r"(p + 4096) : "memory");
	bad |= old != 3;
	old = 7;
	__asm__ volatile("cas %0, %1, [%2]" : "+r"(old) : "r"(9ul), "r"(p + 4096) : "memory");
	__asm__ volatile("swp %1, %0, [%2]" : "=r"(old) : "r"(1ul), "r"(p + 4096) : "memory");
	bad |= old != 9;
	__asm__ volatile("stp %0, %0, [%1]" : : "r"(old), "r"(p + 8192) : "memory");
	return bad;
}

/* TTBR1 tables whose level-0 entries point at IPAs outside every memslot. */
static struct pt rogue;
static const uint64_t rogue_tables[] = {0x0, 0x1000, 0x0A200000, 0x41000000, 0x42000000, 0x3FFFF000,
					0x80000000, 0x123456000, 0xFFFFFFF000};

static void rogue_walks(uint64_t b_pa, uint64_t *walk_faults, uint64_t *walks)
{
	pt_init(&rogue, PT_4K, 48);
	unsigned n = sizeof(rogue_tables) / sizeof(rogue_tables[0]);
	for (unsigned i = 0; i < n + 2; i++) {
		uint64_t table = i < n ? rogue_tables[i] : b_pa + (i - n) * 0x200000;
		rogue.root[i] = table | PTE_TABLE | PTE_VALID;
	}
	mmu_sync();
	mmu_switch(mmu_tcr(mmu_default_pt(), &rogue), (uint64_t)mmu_default_pt()->root, (uint64_t)rogue.root);
	for (unsigned i = 0; i < n + 2; i++) {
		uint64_t va = 0xFFFF000000000000ul | (uint64_t)i << 39;
		int t = exc_last.taken;
		uint64_t v = 0;
		__asm__ volatile("ldr %0, [%1]" : "+r"(v) : "r"(va) : "memory");
		(*walks)++;
		if (exc_last.taken != t)
			(*walk_faults)++;
		else if (is_secret(v))
			secret_seen++;
	}
	mmu_restore_default();
	mte_set_tbi(1, 0);  /* the default TCR has TBI off: tagged pointers need it again */
}

int main(void)
{
	struct pt *pt = mmu_default_pt();
	const uint64_t attrs = PTE_ATTR(MT_NORMAL_TAGGED) | PTE_SH_INNER | PTE_AF | PTE_UXN | PTE_PXN;
	pt_map(pt, 0, 0, 0x08000000, attrs);
	pt_map(pt, 0x0A000000, 0x0A000000, RAM_BASE - 0x0A000000, attrs);
	pt_map(pt, 0x80000000, 0x80000000, (1ul << IPA_BITS) - 0x80000000, attrs);
	mte_map_ram_tagged();  /* RAM_BASE..+1 GiB Tagged, syncs the tables */
	mte_enable(MTE_TCF_NONE, MTE_TCF_NONE);
	mmu_sync();
	/* The mailbox is mapped now. */
	marker_inverted = ~mbox(0);
	const uint64_t b_pa = mbox(1), kind = mbox(2);

	printf("own RAM accesses: %s\n", own_ram_accesses() ? "WRONG" : "ok");
	exc_catch(EXC_RESUME_NEXT);
	uint64_t probes = 0;
	for (uint64_t a = 0; a < (1ul << IPA_BITS); a += STEP) {
		if (a >= RAM_BASE && a < RAM_BASE + OWN_RAM) continue;
		if (a >= 0x08000000 && a < 0x0A000000) continue;  /* the UART: writes would print */
		probe_word(a), probes++;
	}
	/* Every page where the host keeps RAM (the other VM's, the private pool), as IPAs. */
	for (uint64_t a = RAM_BASE + OWN_RAM; a < RAM_BASE + 0x4000000; a += 4096) probe_word(a + 8), probes++;
	uint64_t walk_faults = 0, walks = 0;
	rogue_walks(b_pa, &walk_faults, &walks);
	printf("probes %lu: faulted %lu, read zero %lu, VMM answered %lu, other %lu\n", probes, faulted, zero, answered,
	       other);
	printf("stage-1 walks through tables outside memory: %lu of %lu faulted\n", walk_faults, walks);
	printf("secret seen: %lu\n", secret_seen);
	exc_uncatch();
	/* Last: one access the hypervisor cannot emulate, at B's secret's PA as an IPA. */
	const uint64_t t = b_pa, tt = t | (3ul << 56);
	uint64_t v = 0, fail = 0;
	switch (kind) {
	case 0: __asm__ volatile("ldg %0, [%1]" : "+r"(v) : "r"(t) : "memory"); break;
	case 1: __asm__ volatile("stg %0, [%0]" : : "r"(tt) : "memory"); break;
	case 2: __asm__ volatile("ldgm %0, [%1]" : "=r"(v) : "r"(t) : "memory"); break;
	case 3: __asm__ volatile("stgm %0, [%1]" : : "r"(~0ul), "r"(t) : "memory"); break;
	case 4: __asm__ volatile("dc zva, %0" : : "r"(t) : "memory"); break;
	case 5: __asm__ volatile("dc gzva, %0" : : "r"(tt) : "memory"); break;
	case 6: __asm__ volatile("ldxr %0, [%1]" : "=r"(v) : "r"(t) : "memory"); break;
	case 7: /* with no LDXR before it the store fails without an access: not a probe */
		__asm__ volatile("stxr %w0, %1, [%2]" : "=&r"(fail) : "r"(v), "r"(t) : "memory"); break;
	case 8: __asm__ volatile("ldadd %1, %0, [%2]" : "=r"(v) : "r"(1ul), "r"(t) : "memory"); break;
	case 9: __asm__ volatile("cas %0, %1, [%2]" : "+r"(v) : "r"(1ul), "r"(t) : "memory"); break;
	case 10: __asm__ volatile("swp %1, %0, [%2]" : "=r"(v) : "r"(1ul), "r"(t) : "memory"); break;
	case 11: __asm__ volatile("ldp %0, %1, [%2]" : "=&r"(v), "=&r"(fail) : "r"(t) : "memory"); break;
	default: __asm__ volatile("stp %0, %0, [%1]" : : "r"(~0ul), "r"(t) : "memory"); break;
	}
	/* Not reached: the VMM has no way to complete the access. */
	printf("UNEXPECTED: access %lu completed, read %lx\n", kind, v);
	return 1;
}
