/* The MTE heap demo: a tagging allocator (mte_heap.c) catches a buffer overflow and a
 * use-after-free in each tag check mode.
 *   sync    (TCF = 01): the faulting access takes a Data Abort (DFSC 0b010001) and
 *                       does not happen;
 *   async   (TCF = 10): the access happens and TFSR_EL1.TF0 records the fault, found
 *                       at the next check point (here: after a DSB);
 *   asymm   (TCF = 11, MTE3): loads as sync, stores as async.
 * Run: build/mtesim run build/guests/mte_heap.elf --mte 3
 * (QEMU: qemu-system-aarch64 -M virt,mte=on -cpu max -nographic -kernel ...). */
#include "rt.h"
#include "mte_heap.h"

static uint8_t arena[64 * 1024] __attribute__((aligned(4096)));
static struct mte_heap heap;

static const char *const kModeName[4] = {"none", "sync", "async", "asymm"};

/* Runs one access through the exception recorder and says how it was caught. */
static void report(const char *what, uint64_t chunk)
{
	if (exc_last.taken) {
		uint64_t far = exc_last.far & MTE_FAR_MASK;
		printf("  %-28s caught synchronously: ESR 0x%lx, FAR = chunk + %ld, tag %x\n", what,
		       exc_last.esr, (long)(mte_ptr_untag(far) - chunk), mte_ptr_tag(far));
	} else if (mte_tfsr() & TFSR_TF0) {
		printf("  %-28s caught asynchronously: TFSR_EL1.TF0 set, the access went ahead\n", what);
	} else {
		printf("  %-28s NOT caught\n", what);
	}
	mte_clear_tfsr();
	exc_uncatch();
}

static void load(uint64_t p) { exc_catch(EXC_RESUME_NEXT); (void)*(volatile uint64_t *)p; }
static void store(uint64_t p) { exc_catch(EXC_RESUME_NEXT); *(volatile uint64_t *)p = 0x5a5a5a5a; }

static void run_mode(unsigned tcf)
{
	mte_enable(tcf, tcf);
	printf("mode %s:\n", kModeName[tcf]);
	uint64_t a = heap_malloc(&heap, 32);
	uint64_t b = heap_calloc(&heap, 48);
	printf("  a = chunk with tag %x, b = chunk with tag %x (neighbours differ: %s)\n", mte_ptr_tag(a),
	       mte_ptr_tag(b), mte_ptr_tag(a) != mte_ptr_tag(b) ? "yes" : "no");
	for (int i = 0; i < 4; ++i)
		((volatile uint64_t *)a)[i] = (uint64_t)i;
	printf("  in-bounds stores and loads: sum %lu\n",
	       (unsigned long)(((volatile uint64_t *)a)[0] + ((volatile uint64_t *)a)[3]));
	mte_clear_tfsr();

	uint64_t chunk = mte_ptr_untag(a);
	load(a + 32);
	report("overflow load a[32]", chunk);
	store(a + 40);
	report("overflow store a[40]", chunk);

	heap_free(&heap, a);
	load(a);
	report("use-after-free load a[0]", chunk);
	store(a + 8);
	report("use-after-free store a[8]", chunk);
	printf("  double free of a: %s\n", heap_free(&heap, a) ? "refused" : "accepted");
	heap_free(&heap, b);
	mte_disable();
}

int main(void)
{
	if (mte_level() < 2) {
		printf("MTE2 or later is needed (ID_AA64PFR1_EL1.MTE = %u): run with --mte 2 or higher\n", mte_level());
		return 0;
	}
	/* Only the arena needs the Tagged attribute (its tags, like all tags at reset, are 0). */
	mte_map_tagged(mmu_default_pt(), (uintptr_t)arena, sizeof arena);
	mte_set_rgsr(0x1a2b, 0);
	heap_init(&heap, arena, sizeof arena);
	run_mode(MTE_TCF_SYNC);
	run_mode(MTE_TCF_ASYNC);
	if (mte_level() >= 3)
		run_mode(MTE_TCF_ASYMM);
	return 0;
}
