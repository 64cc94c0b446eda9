/* A DTB-driven guest: finds RAM, the CPUs, PSCI, the console UART, the interrupt
 * controller and the timer's interrupts by walking the flattened device tree passed in
 * x0 (what third-party bare-metal suites such as kvm-unit-tests look up), prints what it
 * found through the UART it found, then powers off through PSCI with the conduit the tree
 * names. The MMU stays off, so every access is to Device memory and kept naturally
 * aligned. */
#include <stdint.h>

#define FDT_MAGIC 0xd00dfeedu
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_NOP 4
#define FDT_END 9

static volatile uint32_t *uart;

/* The compiler may call memset for zero-initialised structures; no libc here. */
void *memset(void *dst, int c, unsigned long n) {
	uint8_t *d = dst;
	while (n--) *d++ = (uint8_t)c;
	return dst;
}

/* Byte by byte through volatile: the MMU is off, so the compiler must not merge these
 * into wider loads the tree's 4-byte alignment does not allow. */
static uint32_t be32(const void *p) {
	const volatile uint8_t *b = p;
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static int streq(const char *a, const char *b) {
	while (*a && *a == *b) { a++; b++; }
	return *a == *b;
}

static int starts_with(const char *s, const char *prefix) {
	while (*prefix && *s == *prefix) { s++; prefix++; }
	return *prefix == 0;
}

/* True if the NUL-separated string list contains `want`. */
static int list_has(const char *list, uint32_t len, const char *want) {
	uint32_t i = 0;
	while (i < len) {
		if (streq(list + i, want)) return 1;
		while (i < len && list[i]) i++;
		i++;
	}
	return 0;
}

static void putc_(char c) {
	if (uart) *uart = (uint32_t)(uint8_t)c;
}

static void puts_(const char *s) {
	while (*s) putc_(*s++);
}

static void puthex(uint64_t v) {
	puts_("0x");
	for (int shift = 60; shift >= 0; shift -= 4) putc_("0123456789abcdef"[(v >> shift) & 15]);
}

static void putdec(uint64_t v) {
	char buf[24];
	int n = 0;
	do { buf[n++] = (char)('0' + v % 10); v /= 10; } while (v);
	while (n) putc_(buf[--n]);
}

struct found {
	uint64_t mem_base, mem_size;
	unsigned cpus, cpus_psci;
	char psci_method[8];
	uint64_t uart_base;
	const char *stdout_path;
	const char *bootargs;
	int psci_compatible;
	uint32_t interrupt_parent;       /* the root's phandle of the interrupt controller */
	uint32_t uart_interrupts[3];
	unsigned uart_interrupt_cells;
	/* The interrupt controller (the node that is an interrupt-controller at depth 1). */
	const char *gic_compatible;
	uint32_t gic_phandle, gic_interrupt_cells, gic_redist_regions;
	int gic_is_controller;
	uint64_t gic_reg[8];
	unsigned gic_regs;
	uint32_t gic_maintenance[3];
	unsigned gic_maintenance_cells;
	/* The architected timer. */
	int timer_compatible, timer_always_on;
	uint32_t timer_interrupts[15];
	unsigned timer_interrupt_cells;
};

static unsigned copy_cells(uint32_t *out, unsigned max, const uint8_t *val, uint32_t len) {
	unsigned n = 0;
	for (; n < max && 4 * n < len; n++) out[n] = be32(val + 4 * n);
	return n;
}

static uint64_t cells(const uint8_t *p, unsigned n) {
	uint64_t v = 0;
	for (unsigned i = 0; i < n; i++) v = v << 32 | be32(p + 4 * i);
	return v;
}

static void walk(const uint8_t *fdt, struct found *f) {
	const uint8_t *p = fdt + be32(fdt + 8);         /* off_dt_struct */
	const char *strings = (const char *)fdt + be32(fdt + 12);
	const char *path[16];
	int depth = -1;
	unsigned addr_cells = 2, size_cells = 2;
	for (;;) {
		uint32_t token = be32(p);
		p += 4;
		if (token == FDT_BEGIN_NODE) {
			const char *name = (const char *)p;
			if (depth < 15) path[++depth] = name;
			while (*p) p++;
			p = (const uint8_t *)(((uintptr_t)p + 4) & ~(uintptr_t)3);
		} else if (token == FDT_END_NODE) {
			depth--;
		} else if (token == FDT_PROP) {
			uint32_t len = be32(p), nameoff = be32(p + 4);
			const uint8_t *val = p + 8;
			const char *prop = strings + nameoff;
			const char *node = depth >= 0 ? path[depth] : "";
			if (depth == 0 && streq(prop, "#address-cells")) addr_cells = be32(val);
			if (depth == 0 && streq(prop, "#size-cells")) size_cells = be32(val);
			if (depth == 1 && starts_with(node, "memory") && streq(prop, "reg")) {
				f->mem_base = cells(val, addr_cells);
				f->mem_size = cells(val + 4 * addr_cells, size_cells);
			}
			if (depth == 2 && streq(path[1], "cpus") && starts_with(node, "cpu@")) {
				if (streq(prop, "device_type") && streq((const char *)val, "cpu")) f->cpus++;
				if (streq(prop, "enable-method") && streq((const char *)val, "psci")) f->cpus_psci++;
			}
			if (depth == 1 && streq(node, "psci")) {
				if (streq(prop, "method"))
					for (unsigned i = 0; i < 7 && val[i]; i++) f->psci_method[i] = (char)val[i];
				if (streq(prop, "compatible")) f->psci_compatible = list_has((const char *)val, len, "arm,psci-0.2");
			}
			if (depth == 1 && streq(prop, "compatible") && list_has((const char *)val, len, "arm,pl011") &&
			    f->uart_base == 0) {
				/* The unit address in the node name is its reg base (DT convention). */
				const char *at = node;
				while (*at && *at != '@') at++;
				uint64_t base = 0;
				if (*at == '@')
					for (at++; *at; at++)
						base = base << 4 | (uint64_t)(*at <= '9' ? *at - '0' : (*at | 0x20) - 'a' + 10);
				f->uart_base = base;
			}
			if (depth == 0 && streq(prop, "interrupt-parent")) f->interrupt_parent = be32(val);
			if (depth == 1 && starts_with(node, "pl011@") && streq(prop, "interrupts"))
				f->uart_interrupt_cells = copy_cells(f->uart_interrupts, 3, val, len);
			if (depth == 1 && starts_with(node, "intc@")) {
				if (streq(prop, "compatible")) f->gic_compatible = (const char *)val;
				if (streq(prop, "phandle")) f->gic_phandle = be32(val);
				if (streq(prop, "#interrupt-cells")) f->gic_interrupt_cells = be32(val);
				if (streq(prop, "#redistributor-regions")) f->gic_redist_regions = be32(val);
				if (streq(prop, "interrupt-controller")) f->gic_is_controller = 1;
				if (streq(prop, "interrupts"))
					f->gic_maintenance_cells = copy_cells(f->gic_maintenance, 3, val, len);
				if (streq(prop, "reg"))
					for (f->gic_regs = 0; f->gic_regs < 8 && 8 * (f->gic_regs + 1) <= len; f->gic_regs++)
						f->gic_reg[f->gic_regs] = cells(val + 8 * f->gic_regs, 2);
			}
			if (depth == 1 && streq(node, "timer")) {
				if (streq(prop, "compatible")) f->timer_compatible = list_has((const char *)val, len, "arm,armv8-timer");
				if (streq(prop, "always-on")) f->timer_always_on = 1;
				if (streq(prop, "interrupts"))
					f->timer_interrupt_cells = copy_cells(f->timer_interrupts, 15, val, len);
			}
			if (depth == 1 && streq(node, "chosen") && streq(prop, "stdout-path")) f->stdout_path = (const char *)val;
			if (depth == 1 && streq(node, "chosen") && streq(prop, "bootargs")) f->bootargs = (const char *)val;
			p = val + ((len + 3) & ~3u);
		} else if (token == FDT_NOP) {
			continue;
		} else {
			break;  /* FDT_END or garbage */
		}
	}
}

static void psci_system_off(const char *method) {
	register uint64_t x0 __asm__("x0") = 0x84000008;
	if (streq(method, "smc")) __asm__ volatile("smc #0" : "+r"(x0) :: "memory");
	else __asm__ volatile("hvc #0" : "+r"(x0) :: "memory");
}

void probe_main(const uint8_t *fdt) {
	struct found f = {0};
	if (be32(fdt) != FDT_MAGIC) return;  /* nothing to print with: no UART known */
	walk(fdt, &f);
	uart = (volatile uint32_t *)(uintptr_t)f.uart_base;
	puts_("dtb: magic ok, found through x0\n");
	puts_("memory: base "); puthex(f.mem_base); puts_(" size "); puthex(f.mem_size); puts_("\n");
	puts_("cpus: "); putdec(f.cpus); puts_(", with enable-method psci: "); putdec(f.cpus_psci); puts_("\n");
	puts_("psci: method "); puts_(f.psci_method); puts_(", psci-0.2 compatible: ");
	puts_(f.psci_compatible ? "yes\n" : "no\n");
	puts_("console: pl011 at "); puthex(f.uart_base); puts_(", stdout-path ");
	puts_(f.stdout_path ? f.stdout_path : "(none)"); puts_("\n");
	puts_("bootargs: [");
	puts_(f.bootargs ? f.bootargs : "");
	puts_("]\n");
	puts_("console interrupts:");
	for (unsigned i = 0; i < f.uart_interrupt_cells; i++) { puts_(" "); putdec(f.uart_interrupts[i]); }
	puts_("\n");
	puts_("interrupt controller: ");
	puts_(f.gic_compatible ? f.gic_compatible : "(none)");
	puts_(", is the interrupt-parent: ");
	puts_(f.gic_phandle && f.gic_phandle == f.interrupt_parent ? "yes" : "no");
	puts_(", interrupt-controller: "); puts_(f.gic_is_controller ? "yes" : "no");
	puts_(", #interrupt-cells "); putdec(f.gic_interrupt_cells);
	puts_(", #redistributor-regions "); putdec(f.gic_redist_regions); puts_("\n");
	for (unsigned i = 0; i + 1 < f.gic_regs; i += 2) {
		puts_("  reg "); puthex(f.gic_reg[i]); puts_(" size "); puthex(f.gic_reg[i + 1]); puts_("\n");
	}
	puts_("  maintenance interrupt:");
	for (unsigned i = 0; i < f.gic_maintenance_cells; i++) { puts_(" "); putdec(f.gic_maintenance[i]); }
	puts_("\n");
	puts_("timer: armv8-timer "); puts_(f.timer_compatible ? "yes" : "no");
	puts_(", always-on "); puts_(f.timer_always_on ? "yes" : "no"); puts_(", interrupts:");
	for (unsigned i = 0; i < f.timer_interrupt_cells; i++) {
		puts_(i % 3 == 0 ? " <" : " ");
		putdec(f.timer_interrupts[i]);
		if (i % 3 == 2) puts_(">");
	}
	puts_("\n");
	uint64_t self;
	__asm__ volatile("adr %0, ." : "=r"(self));
	puts_("image runs at RAM base + "); puthex((self - f.mem_base) & ~0xFFFFull);
	puts_("\n");
	psci_system_off(f.psci_method);
}
