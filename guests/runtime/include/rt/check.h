/* Self-checking output for conformance guests: one line per check with the raw value,
 * so a divergence between two implementations is readable straight from a diff. */
#ifndef RT_CHECK_H
#define RT_CHECK_H

#include <stdint.h>

/* "PASS name = 0x<got>" or "FAIL name = 0x<got> (want 0x<want>)"; 16 hex digits. */
int check(const char *name, uint64_t got, uint64_t want);
/* Same with printf-style name. */
int checkf(uint64_t got, uint64_t want, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Prints "DONE pass=N fail=M"; returns 0 (so `return check_done();` ends main). */
int check_done(void);
extern unsigned check_pass, check_fail;

#endif
