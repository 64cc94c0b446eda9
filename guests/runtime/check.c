/* PASS/FAIL lines with raw values, and a closing summary. */
#include "rt.h"

unsigned check_pass, check_fail;

static int report(uint64_t got, uint64_t want)
{
	if (got == want) {
		check_pass++;
		printf(" = 0x%016lx\n", got);
		return 1;
	}
	check_fail++;
	printf(" = 0x%016lx (want 0x%016lx)\n", got, want);
	return 0;
}

int check(const char *name, uint64_t got, uint64_t want)
{
	printf("%s %s", got == want ? "PASS" : "FAIL", name);
	return report(got, want);
}

int checkf(uint64_t got, uint64_t want, const char *fmt, ...)
{
	va_list ap;
	puts(got == want ? "PASS " : "FAIL ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	return report(got, want);
}

int check_done(void)
{
	printf("DONE pass=%u fail=%u\n", check_pass, check_fail);
	return 0;
}
