// A64 encodings the tests hand-assemble in more than one place (the EL2 unit tests and
// the hypervisor run tests): system-register moves and system instructions built from
// their operand fields, and the exception-generating and -returning instructions.
// Checked against aarch64-linux-gnu-as in tests/isa/el2_test_context.h.
#pragma once
#include <cstdint>

namespace mtesim::test::a64 {

// MRS Xt, S<op0>_<op1>_C<n>_C<m>_<op2>: 1101 0101 0011 o0 op1 CRn CRm op2 Rt (op0 = 2 + o0).
constexpr uint32_t Mrs(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2, unsigned rt = 0) {
  return 0xD5300000u | (op0 - 2) << 19 | op1 << 16 | crn << 12 | crm << 8 | op2 << 5 | rt;
}
constexpr uint32_t Msr(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2, unsigned rt = 0) {
  return 0xD5100000u | (op0 - 2) << 19 | op1 << 16 | crn << 12 | crm << 8 | op2 << 5 | rt;
}
// SYS #op1, Cn, Cm, #op2, Xt (op0 = 1): DC, IC, AT, TLBI.
constexpr uint32_t Sys(unsigned op1, unsigned crn, unsigned crm, unsigned op2, unsigned rt = 31) {
  return 0xD5080000u | op1 << 16 | crn << 12 | crm << 8 | op2 << 5 | rt;
}
constexpr uint32_t Hvc(uint16_t imm) { return 0xD4000002u | uint32_t{imm} << 5; }
constexpr uint32_t Smc(uint16_t imm) { return 0xD4000003u | uint32_t{imm} << 5; }
constexpr uint32_t kEret = 0xD69F03E0;
constexpr uint32_t kIsb = 0xD5033FDF;

}  // namespace mtesim::test::a64
