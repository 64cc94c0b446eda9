// A debugger's (or script's) access to a PE's registers by name, between instructions:
// x0..x30, sp (the current stack pointer), pc, pstate (in SPSR_ELx layout; writing it
// changes the EL and stack selection as an exception return would, without the checks
// of one), and every system register of isa/system_registers.cpp by its Arm ARM name
// ("GCR_EL1", "TFSR_EL1", "SCTLR_EL2"...). A system register is read and written
// through its own accessor, so derived state (translation controls, tag-check modes)
// follows a write. Registers are accessed as a debugger sees the hardware, whatever the
// PE's current EL and traps (an EL2 register while the PE runs at EL1 reads its value);
// a register the PE does not implement (EL2's without EL2, MTE's without MTE) is refused
// with an error and the PE is left exactly as it was.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace mtesim::models {

class ProcessingElement;

// Throw mtesim::Error naming the register when it is unknown or not accessible.
uint64_t ReadRegisterByName(ProcessingElement& pe, const std::string& name);
void WriteRegisterByName(ProcessingElement& pe, const std::string& name, uint64_t value);
// The general registers, sp, pc, pstate and the current EL, by name.
std::vector<std::pair<std::string, uint64_t>> GeneralRegisters(ProcessingElement& pe);

}  // namespace mtesim::models
