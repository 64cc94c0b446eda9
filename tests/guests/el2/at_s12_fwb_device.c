/* at_s12_fwb for the pairs where both stages give a Device type: with HCR_EL2.FWB = 1 and
 * stage-2 MemAttr[2] = 0 the result is Device, and when stage 1 is Device as well the two
 * Device types combine to the more restrictive one (J1.1 AArch64.S2ApplyFWBMemAttrs:
 * "if s1_memattrs.memtype == MemType_Device then memattrs.device =
 * S2CombineS1Device(...)"; D8.6.6 R_GSDKZ). QEMU 10 (target/arm/ptw.c,
 * combined_attrs_fwb) returns stage 2's Device type unchanged, e.g. Device-GRE for stage 1
 * Device-nGnRnE. Expected output written from the Arm ARM; mtesim is compared with it
 * alone (--expected-only). */
#define FWB_DEVICE_PAIRS 1
#include "at_s12_fwb.c"
