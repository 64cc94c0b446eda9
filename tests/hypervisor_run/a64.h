// Hand-encoded A64 instructions for the run tests' small guests (no toolchain needed for
// code that must hit exact registers and syndromes).
#pragma once
#include <cstdint>
#include <vector>

namespace hyp_run::a64 {

inline uint32_t Movz(unsigned rd, uint16_t imm, unsigned hw) { return 0xD2800000u | hw << 21 | uint32_t{imm} << 5 | rd; }
inline uint32_t Movk(unsigned rd, uint16_t imm, unsigned hw) { return 0xF2800000u | hw << 21 | uint32_t{imm} << 5 | rd; }
inline void Mov64(std::vector<uint32_t>& code, unsigned rd, uint64_t value) {
  code.push_back(Movz(rd, static_cast<uint16_t>(value), 0));
  for (unsigned hw = 1; hw < 4; ++hw)
    if (uint16_t part = static_cast<uint16_t>(value >> (16 * hw))) code.push_back(Movk(rd, part, hw));
}
inline uint32_t MovReg(unsigned rd, unsigned rm) { return 0xAA0003E0u | rm << 16 | rd; }  // ORR Xd, XZR, Xm
inline uint32_t Hvc(uint16_t imm) { return 0xD4000002u | uint32_t{imm} << 5; }
inline uint32_t Smc(uint16_t imm) { return 0xD4000003u | uint32_t{imm} << 5; }
// CBZ Xt to `delta` instructions from here.
inline uint32_t Cbz(unsigned rt, int delta) { return 0xB4000000u | (static_cast<uint32_t>(delta) & 0x7FFFF) << 5 | rt; }
inline uint32_t Cbnz(unsigned rt, int delta) { return 0xB5000000u | (static_cast<uint32_t>(delta) & 0x7FFFF) << 5 | rt; }
inline uint32_t AddImm(unsigned rd, unsigned rn, unsigned imm12) { return 0x91000000u | imm12 << 10 | rn << 5 | rd; }
inline uint32_t SubImm(unsigned rd, unsigned rn, unsigned imm12) { return 0xD1000000u | imm12 << 10 | rn << 5 | rd; }
constexpr uint32_t kNop = 0xD503201F;
inline uint32_t B(int delta) { return 0x14000000u | (static_cast<uint32_t>(delta) & 0x3FFFFFF); }
// Loads with an unsigned scaled offset (imm12 in units of the size).
inline uint32_t Ldrsb64(unsigned rt, unsigned rn, unsigned imm) { return 0x39800000u | imm << 10 | rn << 5 | rt; }
inline uint32_t Ldrsh32(unsigned rt, unsigned rn, unsigned imm) { return 0x79C00000u | imm << 10 | rn << 5 | rt; }
inline uint32_t Ldr32(unsigned rt, unsigned rn, unsigned imm) { return 0xB9400000u | imm << 10 | rn << 5 | rt; }
inline uint32_t Ldrb(unsigned rt, unsigned rn, unsigned imm) { return 0x39400000u | imm << 10 | rn << 5 | rt; }
inline uint32_t Ldr64(unsigned rt, unsigned rn, unsigned imm) { return 0xF9400000u | imm << 10 | rn << 5 | rt; }
inline uint32_t Stg(unsigned rt, unsigned rn) { return 0xD9200800u | rn << 5 | rt; }  // STG Xt, [Xn]
// MTE tag instructions, signed offsets in 16-byte granules: STG/ST2G store the allocation
// tag from Xt[59:56] to the granule(s) at Xn; LDG inserts the granule's tag into Xt[59:56].
inline uint32_t StgAt(unsigned rt, unsigned rn, int granules) {
  return 0xD9200800u | (static_cast<uint32_t>(granules) & 0x1FF) << 12 | rn << 5 | rt;
}
inline uint32_t St2g(unsigned rt, unsigned rn, int granules) {
  return 0xD9A00800u | (static_cast<uint32_t>(granules) & 0x1FF) << 12 | rn << 5 | rt;
}
inline uint32_t Ldg(unsigned rt, unsigned rn, int granules) {
  return 0xD9600000u | (static_cast<uint32_t>(granules) & 0x1FF) << 12 | rn << 5 | rt;
}
constexpr uint32_t kIsb = 0xD5033FDF;
constexpr uint32_t kEret = 0xD69F03E0;
inline uint32_t Str64(unsigned rt, unsigned rn, unsigned imm) { return 0xF9000000u | imm << 10 | rn << 5 | rt; }
// MRS / MSR of S<op0>_<op1>_C<crn>_C<crm>_<op2>.
inline uint32_t SysregFields(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2) {
  return op0 << 19 | op1 << 16 | crn << 12 | crm << 8 | op2 << 5;
}
inline uint32_t Mrs(unsigned rt, uint32_t sysreg) { return 0xD5200000u | sysreg | rt; }
inline uint32_t Msr(uint32_t sysreg, unsigned rt) { return 0xD5000000u | sysreg | rt; }

const uint32_t kGcrEl1 = SysregFields(3, 0, 1, 0, 6);
const uint32_t kIdAa64pfr1El1 = SysregFields(3, 0, 0, 4, 1);
const uint32_t kVbarEl1 = SysregFields(3, 0, 12, 0, 0);
const uint32_t kEsrEl1 = SysregFields(3, 0, 5, 2, 0);
const uint32_t kElrEl1 = SysregFields(3, 0, 4, 0, 1);
const uint32_t kFarEl1 = SysregFields(3, 0, 6, 0, 0);
const uint32_t kSctlrEl1 = SysregFields(3, 0, 1, 0, 0);
const uint32_t kTcrEl1 = SysregFields(3, 0, 2, 0, 2);
const uint32_t kTtbr0El1 = SysregFields(3, 0, 2, 0, 0);
const uint32_t kMairEl1 = SysregFields(3, 0, 10, 2, 0);

}  // namespace hyp_run::a64
