// System register table lookups (the table itself is in system_registers.cpp).
//
// An MRS or MSR resolves through the table in one place, like QEMU's CPAccessResult:
//   1. the register exists on this PE (EL2 registers need EL2, MTE ones a FEAT_MTE level);
//   2. the current EL is at least the one the encoding's op1 names (op1 = 3: EL0,
//      op1 = 4: EL2, otherwise EL1), and the direction has a read or write function;
//   3. the register's access function: Allowed, Undefined, or a trap to EL1 (EL0
//      controls in SCTLR_EL1 / CNTKCTL_EL1) or to EL2 (HCR_EL2 and CPTR_EL2 traps).
// Failures of 1 and 2 are UNDEFINED, except reads of the ID space, which FEAT_IDST turns
// into an EC 0x18 trap.
#pragma once
#include <cstdint>

#include "isa/insn.h"

namespace mtesim::isa {

class ExecContext;

enum class AccessResult : uint8_t { Allowed, Undefined, TrapToEl1, TrapToEl2 };

struct SystemRegisterInfo {
  const char* name;
  uint8_t op0, op1, crn, crm, op2;
  // Traps and enables beyond the EL the encoding requires (nullptr: none). `read` says
  // whether the access is an MRS.
  AccessResult (*access)(ExecContext&, bool read);
  uint64_t (*read)(ExecContext&);         // nullptr = write-only
  void (*write)(ExecContext&, uint64_t);  // nullptr = read-only
  uint8_t min_mte_level = 0;              // absent (UNDEF) below this FEAT_MTE level
};

constexpr uint32_t SystemRegisterKey(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2) {
  return (op0 & 3) << 14 | (op1 & 7) << 11 | (crn & 15) << 7 | (crm & 15) << 3 | (op2 & 7);
}

// The lowest EL that may access a register or system instruction with this encoding:
// op1 = 3 is EL0 (subject to the access function), op1 = 4 and 5 are EL2, op1 = 6 is EL3,
// everything else EL1.
constexpr unsigned MinimumEl(unsigned op1) { return op1 == 3 ? 0 : op1 == 4 || op1 == 5 ? 2 : op1 == 6 ? 3 : 1; }

// The table entry for an encoding, whatever the PE implements.
const SystemRegisterInfo* FindSystemRegister(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2);
// The register as a PE with FEAT_MTE level `mte_level` and (or without) EL2 has it
// (nullptr when absent).
const SystemRegisterInfo* FindSystemRegister(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2,
                                             unsigned mte_level, bool have_el2);
const SystemRegisterInfo* FindSystemRegister(const char* name);

// DC ZVA, DC GVA and DC GZVA from the current EL (SCTLR_EL1.DZE, HCR_EL2.TDZ); also what
// DCZID_EL0.DZP reports.
AccessResult DataCacheZeroAccess(const ExecContext& c);

// Acts on an access function's answer for the MSR/MRS/SYS `i`: returns when Allowed,
// otherwise takes UNDEFINED or the EC 0x18 trap (to EL1, or EL2 under HCR_EL2.TGE, for
// TrapToEl1).
void EnforceAccess(ExecContext& c, Insn i, bool read, AccessResult result);

}  // namespace mtesim::isa
