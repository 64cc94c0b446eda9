/* Console output on the PL011 UART (polled, transmit only). */
#ifndef RT_CONSOLE_H
#define RT_CONSOLE_H

#include <stdarg.h>

void console_init(void);
void putc(int c);
void puts(const char *s);            /* no newline appended, unlike hosted puts */
/* printf subset: %d %i %u %x %X %c %s %p %%, length l/ll/z/h/hh, flags '-' and '0',
 * a field width (number or '*'). %p prints 0x and 16 hex digits. */
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap);

#endif
