/* Console on the PL011 at UART_BASE: polled transmit, and a printf small enough to
 * read in one sitting. Output bytes are exactly what the guest asks for (no CR is
 * added before LF), so two implementations can be compared byte for byte. */
#include "rt.h"

#define UART_DR   0x00
#define UART_FR   0x18
#define UART_CR   0x30
#define FR_TXFF   (1u << 5)
#define CR_UARTEN (1u << 0)
#define CR_TXE    (1u << 8)
#define CR_RXE    (1u << 9)

static inline void uart_write(unsigned off, uint32_t v)
{
	*(volatile uint32_t *)(UART_BASE + off) = v;
}

static inline uint32_t uart_read(unsigned off)
{
	return *(volatile uint32_t *)(UART_BASE + off);
}

void console_init(void)
{
	/* Firmware would normally have enabled the UART; with -kernel nobody has. */
	uart_write(UART_CR, CR_UARTEN | CR_TXE | CR_RXE);
}

void putc(int c)
{
	while (uart_read(UART_FR) & FR_TXFF)
		;
	uart_write(UART_DR, (unsigned char)c);
}

void puts(const char *s)
{
	while (*s)
		putc(*s++);
}

/* Formats v in base 10 or 16 into the end of buf; returns the first digit. */
static char *format_digits(char *end, unsigned long long v, unsigned base, int upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char *p = end;
	do {
		*--p = digits[v % base];
		v /= base;
	} while (v);
	return p;
}

static int emit_padded(const char *prefix, const char *body, int len, int width,
		       int left, char pad)
{
	int plen = (int)strlen(prefix), n = 0;
	int fill = width - len - plen;
	if (pad == '0') {          /* zeros go between the sign/0x and the digits */
		puts(prefix);
		n += plen;
	}
	if (!left)
		for (; fill > 0; fill--, n++)
			putc(pad);
	if (pad != '0') {
		puts(prefix);
		n += plen;
	}
	for (int i = 0; i < len; i++, n++)
		putc(body[i]);
	for (; fill > 0; fill--, n++)
		putc(' ');
	return n;
}

int vprintf(const char *fmt, va_list ap)
{
	int n = 0;
	char buf[24];

	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			putc(*fmt);
			n++;
			continue;
		}
		fmt++;
		int left = 0, width = 0, lng = 0;
		char pad = ' ';
		for (;; fmt++) {
			if (*fmt == '-')
				left = 1;
			else if (*fmt == '0')
				pad = '0';
			else
				break;
		}
		if (*fmt == '*') {
			width = va_arg(ap, int);
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		for (;; fmt++) {
			if (*fmt == 'l' || *fmt == 'z')
				lng++;       /* long, long long and size_t are all 64-bit */
			else if (*fmt != 'h')
				break;       /* h/hh: values are promoted to int anyway */
		}
		if (left)
			pad = ' ';

		unsigned long long u;
		const char *prefix = "";
		char *end = buf + sizeof(buf), *p;
		switch (*fmt) {
		case 'd':
		case 'i': {
			long long v = lng ? va_arg(ap, long long) : va_arg(ap, int);
			u = v < 0 ? -(unsigned long long)v : (unsigned long long)v;
			if (v < 0)
				prefix = "-";
			p = format_digits(end, u, 10, 0);
			n += emit_padded(prefix, p, (int)(end - p), width, left, pad);
			break;
		}
		case 'u':
		case 'x':
		case 'X':
			u = lng ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned int);
			p = format_digits(end, u, *fmt == 'u' ? 10 : 16, *fmt == 'X');
			n += emit_padded("", p, (int)(end - p), width, left, pad);
			break;
		case 'p':
			u = (uintptr_t)va_arg(ap, void *);
			p = format_digits(end, u, 16, 0);
			while (p > end - 16)
				*--p = '0';
			n += emit_padded("0x", p, 16, width, left, ' ');
			break;
		case 'c':
			buf[0] = (char)va_arg(ap, int);
			n += emit_padded("", buf, 1, width, left, ' ');
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			n += emit_padded("", s, (int)strlen(s), width, left, ' ');
			break;
		}
		case '%':
			putc('%');
			n++;
			break;
		case '\0':
			return n;
		default:              /* unknown conversion: show it rather than guess */
			putc('%');
			putc(*fmt);
			n += 2;
			break;
		}
	}
	return n;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

void panic(const char *fmt, ...)
{
	va_list ap;
	puts("PANIC: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putc('\n');
	psci_system_off();
}
