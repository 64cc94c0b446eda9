/* SGIs between four PEs (run with --smp 4, GICv2 and GICv3). PE 0 brings the others up
 * with PSCI CPU_ON (smp_start); every PE enables SGIs 0..15 and takes them with IRQs
 * unmasked, counting what it receives by INTID and by source PE. The source is the INTID
 * the sender used (INTID = sender, or 4 + sender, ...), and on GICv2 also GICC_IAR[12:10]
 * (CPUID, the requesting PE), which must agree with it. Rounds, each a barrier so that
 * only counts are compared, never arrival order:
 *   1. every ordered pair (s, d), s != d: s sends INTID s to d alone (one target bit);
 *   2. every PE sends INTID 4 + s to all the others with one write (a target list of
 *      three PEs);
 *   3. "all but self": GICv3 ICC_SGI1R_EL1.IRM = 1 (Aff and TargetList ignored), GICv2
 *      GICD_SGIR.TargetListFilter = 01; INTID 8 + s;
 *   4. to itself: INTID 12 (GICv3 its own target bit, GICv2 filter 10);
 *   5. to PEs that do not exist: GICv3 TargetList bits 4..15 at Aff1 = 0, and all 16
 *      bits at Aff1 = 1 and at Aff2 = 1 (no such PEs); GICv2 target list bits 4..7. Then
 *      a marker SGI (INTID 13) to everyone: once a PE has its marker, an SGI sent before
 *      it would have arrived too, so the absent targets' SGIs are seen to go nowhere.
 * Then PE 0 prints the received-count matrix per round. The same output on both
 * versions (IHI 0069 12.2.x ICC_SGI1R_EL1; IHI 0048 4.3.15 GICD_SGIR). */
#include "irqtest.h"

#define NCPUS 4
#define ROUNDS 5

/* counts[round][receiver][source] */
static volatile unsigned counts[ROUNDS][NCPUS][NCPUS];
static volatile unsigned self_count[NCPUS];
static volatile unsigned marker[NCPUS];
static volatile unsigned other_intid[NCPUS];   /* INTIDs nobody should have sent */
static volatile unsigned src_mismatch[NCPUS];  /* v2: IAR source != INTID's sender */
static volatile unsigned total[NCPUS];
static volatile unsigned round_now;
static volatile unsigned sent[NCPUS];          /* last round each PE finished sending */
static volatile unsigned ready[NCPUS];
static volatile unsigned leave;

static int sgi_handler(struct exc_frame *f)
{
	if ((f->vector & 3) != EXC_TYPE_IRQ)
		return 0;
	unsigned me = smp_cpu();
	uint32_t iar = gic_ack();
	unsigned id = GIC_IAR_INTID(iar);
	if (id >= 1020)
		return 1;
	unsigned r = round_now - 1;   /* round_now is 1-based while a round runs */
	unsigned src;
	if (id < 12) {
		src = id % 4;
		if (r < ROUNDS)
			counts[r][me][src]++;
		if (gic_version == 2 && GIC_IAR_SRC(iar) != src)
			src_mismatch[me]++;
	} else if (id == 12) {
		self_count[me]++;
		if (gic_version == 2 && GIC_IAR_SRC(iar) != me)
			src_mismatch[me]++;
	} else if (id == 13) {
		marker[me]++;
	} else {
		other_intid[me]++;
	}
	__atomic_fetch_add(&total[me], 1, __ATOMIC_SEQ_CST);
	gic_eoi(iar);
	return 1;
}

static void cpu_setup(void)
{
	gic_init_cpu();
	for (unsigned i = 0; i < 16; i++)
		gic_enable(i);
	exc_set_irq_handler(sgi_handler);
}

static void do_round(unsigned r, unsigned me)
{
	switch (r) {
	case 0:
		for (unsigned d = 0; d < NCPUS; d++)
			if (d != me)
				gic_send_sgi(me, 1u << d);
		break;
	case 1:
		gic_send_sgi(4 + me, ((1u << NCPUS) - 1) & ~(1u << me));
		break;
	case 2:
		gic_send_sgi_others(8 + me);
		break;
	case 3:
		gic_send_sgi_self(12);
		break;
	case 4:
		if (gic_version == 3) {
			gic_sgi1r_raw(ICC_SGIR_INTID(me) | ICC_SGIR_TARGETS(0xfff0));
			gic_sgi1r_raw(ICC_SGIR_INTID(me) | ICC_SGIR_TARGETS(0xffff) | ICC_SGIR_AFF1(1));
			gic_sgi1r_raw(ICC_SGIR_INTID(me) | ICC_SGIR_TARGETS(0xffff) | ICC_SGIR_AFF2(1));
		} else {
			gic_sgir_raw(0xf0u << 16 | me);
		}
		break;
	}
}

static void secondary(uint64_t arg)
{
	unsigned me = smp_cpu();
	cpu_setup();
	__asm__ volatile("msr daifclr, #2" ::: "memory");
	__atomic_store_n(&ready[me], 1, __ATOMIC_SEQ_CST);
	unsigned done = 0;
	while (!leave) {
		unsigned r = round_now;
		if (r > done && r <= ROUNDS) {
			do_round(r - 1, me);
			done = r;
			__atomic_store_n(&sent[me], r, __ATOMIC_SEQ_CST);
		}
		__asm__ volatile("yield" ::: "memory");
	}
	__asm__ volatile("msr daifset, #2" ::: "memory");
}

/* Expected SGIs each PE receives in a round (excluding markers). */
static unsigned expected_per_pe(unsigned r)
{
	switch (r) {
	case 0: case 1: case 2: return NCPUS - 1;
	case 3: return 1;
	default: return 0;
	}
}

int main(void)
{
	gic_init();
	cpu_setup();
	for (unsigned c = 1; c < NCPUS; c++)
		checkf(smp_start(c, secondary, 0), 0, "CPU_ON(cpu %u)", c);
	for (unsigned c = 1; c < NCPUS; c++)
		checkf(wait_for(&ready[c], 1, 100000000), 1, "cpu %u ready", c);
	__asm__ volatile("msr daifclr, #2" ::: "memory");

	unsigned want_total = 0;
	for (unsigned r = 0; r < ROUNDS; r++) {
		want_total += expected_per_pe(r);
		/* Handlers file what they receive under round_now - 1: set it first. */
		__atomic_store_n(&round_now, r + 1, __ATOMIC_SEQ_CST);
		do_round(r, 0);
		for (unsigned c = 1; c < NCPUS; c++)
			wait_for(&sent[c], r + 1, 100000000);
		if (r == ROUNDS - 1) {
			gic_send_sgi(13, (1u << NCPUS) - 1);
			for (unsigned c = 0; c < NCPUS; c++)
				wait_for(&marker[c], 1, 100000000);
		}
		for (unsigned c = 0; c < NCPUS; c++)
			wait_for(&total[c], want_total + (r == ROUNDS - 1), 100000000);
	}
	__asm__ volatile("msr daifset, #2" ::: "memory");
	leave = 1;

	static const char *const names[ROUNDS] = {
		"one target each", "target list of the others", "all but self",
		"to self", "absent targets",
	};
	for (unsigned r = 0; r < ROUNDS; r++) {
		printf("round %u (%s): received[dst][src]\n", r + 1, names[r]);
		for (unsigned d = 0; d < NCPUS; d++) {
			printf("  cpu%u:", d);
			for (unsigned s = 0; s < NCPUS; s++)
				printf(" %u", counts[r][d][s]);
			printf("\n");
		}
	}
	for (unsigned d = 0; d < NCPUS; d++) {
		checkf(self_count[d], 1, "cpu %u: SGI 12 to itself received", d);
		checkf(marker[d], 1, "cpu %u: marker SGI received", d);
		checkf(other_intid[d], 0, "cpu %u: unexpected INTIDs", d);
		checkf(src_mismatch[d], 0, "cpu %u: GICv2 IAR source disagrees with the sender", d);
		checkf(total[d], 3 * (NCPUS - 1) + 2, "cpu %u: SGIs received in all", d);
	}
	for (unsigned r = 0; r < ROUNDS; r++)
		for (unsigned d = 0; d < NCPUS; d++)
			for (unsigned s = 0; s < NCPUS; s++) {
				unsigned want = (r < 3 && s != d) ? 1 : 0;
				if (counts[r][d][s] != want)
					checkf(counts[r][d][s], want, "round %u cpu %u from cpu %u", r + 1, d, s);
			}
	check("no SGI state left pending on cpu 0", gic_state(0) & GIC_STATE_PENDING, 0);
	return check_done();
}
