/* at_s12's address translations from EL2 that end in a stage-2 Permission fault on the
 * final access: AT S12E1W / S12E0W to a page stage 2 maps read-only, and every AT S12E*
 * to a page with S2AP = 00. PAR_EL1: F = 1, S = 1, PTW = 0, FST = Permission fault,
 * level 3 (J1.1 AArch64.S2CheckPermissions; D8.2.13: faults of an AT instruction are
 * reported in PAR_EL1). QEMU 10 cannot run these: an assertion in
 * target/arm/helper.c do_ats_write ("!res.cacheattrs.is_s2_format") aborts it, because
 * the failed stage-2 walk left stage-2-format attributes in its result. Expected output
 * written from the Arm ARM; mtesim is compared with it alone (--expected-only). */
#define AT_S2PERM 1
#include "at_s12.c"
