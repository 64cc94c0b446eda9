// System register table lookups (the table itself is in system_registers.cpp).
#pragma once
#include <cstdint>

namespace mtesim::isa {

class ExecContext;

struct SystemRegisterInfo {
  const char* name;
  uint8_t op0, op1, crn, crm, op2;
  // EL0 access: nullptr = never (UNDEF); otherwise allowed when the gate returns true,
  // trapped to EL1 (EC 0x18) when it returns false. EL1 may always access.
  bool (*el0_gate)(ExecContext&);
  uint64_t (*read)(ExecContext&);         // nullptr = write-only
  void (*write)(ExecContext&, uint64_t);  // nullptr = read-only
  bool el0_read_only = false;             // EL0 may read (per el0_gate) but writes are UNDEF
  uint8_t min_mte_level = 0;              // absent (UNDEF) below this FEAT_MTE level
};

constexpr uint32_t SystemRegisterKey(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2) {
  return (op0 & 3) << 14 | (op1 & 7) << 11 | (crn & 15) << 7 | (crm & 15) << 3 | (op2 & 7);
}

const SystemRegisterInfo* FindSystemRegister(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2);
// The register as a PE with FEAT_MTE level `mte_level` has it (nullptr when absent).
const SystemRegisterInfo* FindSystemRegister(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2,
                                             unsigned mte_level);
const SystemRegisterInfo* FindSystemRegister(const char* name);

}  // namespace mtesim::isa
