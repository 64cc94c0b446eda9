/* hcr_ptw with the exact DFSC of the Permission faults caused by HCR_EL2.PTW: the
 * level is that of the stage-2 leaf that maps the descriptor's IPA as Device (level 3 for
 * a page, level 2 for a block), as in J1.1 AArch64.S2Walk (fault.level = walkstate.level
 * for every lookup) followed by AArch64.S2CheckPermissions. QEMU 10 reports level 0
 * (DFSC 0b001100, which only exists with FEAT_LPA2): its walk sets the fault type without
 * the level (target/arm/ptw.c, S1_ptw_translate). Expected output written from the Arm
 * ARM; mtesim is compared with it alone (--expected-only). */
#define PTW_LEVEL_MASK 0ul
#include "hcr_ptw.c"
