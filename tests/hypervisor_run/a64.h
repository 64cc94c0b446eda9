// Hand-encoded A64 instructions for the run tests' small guests (no toolchain needed for
// code that must hit exact registers and syndromes).
#pragma once
#include <cstdint>
#include <vector>

#include "tests/support/a64_encoding.h"

namespace hyp_run::a64 {

inline uint32_t Movz(unsigned rd, uint16_t imm, unsigned hw) { return 0xD2800000u | hw << 21 | uint32_t{imm} << 5 | rd; }
inline uint32_t Movk(unsigned rd, uint16_t imm, unsigned hw) { return 0xF2800000u | hw << 21 | uint32_t{imm} << 5 | rd; }
inline void Mov64(std::vector<uint32_t>& code, unsigned rd, uint64_t value) {
  code.push_back(Movz(rd, static_cast<uint16_t>(value), 0));
  for (unsigned hw = 1; hw < 4; ++hw)
    if (uint16_t part = static_cast<uint16_t>(value >> (16 * hw))) code.push_back(Movk(rd, part, hw));
}
inline uint32_t MovReg(unsigned rd, unsigned rm) { return 0xAA0003E0u | rm << 16 | rd; }  // ORR Xd, XZR, Xm
using mtesim::test::a64::Hvc;
using mtesim::test::a64::Smc;
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
using mtesim::test::a64::kEret;
using mtesim::test::a64::kIsb;
inline uint32_t Str64(unsigned rt, unsigned rn, unsigned imm) { return 0xF9000000u | imm << 10 | rn << 5 | rt; }
// MRS / MSR of a system register named by its operand fields.
struct Sysreg {
  unsigned op0, op1, crn, crm, op2;
};
constexpr uint32_t Mrs(unsigned rt, Sysreg r) { return mtesim::test::a64::Mrs(r.op0, r.op1, r.crn, r.crm, r.op2, rt); }
constexpr uint32_t Msr(Sysreg r, unsigned rt) { return mtesim::test::a64::Msr(r.op0, r.op1, r.crn, r.crm, r.op2, rt); }

constexpr Sysreg kGcrEl1{3, 0, 1, 0, 6};
constexpr Sysreg kIdAa64pfr1El1{3, 0, 0, 4, 1};
constexpr Sysreg kVbarEl1{3, 0, 12, 0, 0};
constexpr Sysreg kEsrEl1{3, 0, 5, 2, 0};
constexpr Sysreg kElrEl1{3, 0, 4, 0, 1};
constexpr Sysreg kFarEl1{3, 0, 6, 0, 0};
constexpr Sysreg kSctlrEl1{3, 0, 1, 0, 0};
constexpr Sysreg kTcrEl1{3, 0, 2, 0, 2};
constexpr Sysreg kTtbr0El1{3, 0, 2, 0, 0};
constexpr Sysreg kMairEl1{3, 0, 10, 2, 0};

}  // namespace hyp_run::a64
