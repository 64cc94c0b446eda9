#include "models/pe/debug_registers.h"

#include <cctype>
#include <cstdlib>

#include "isa/exception.h"
#include "isa/system_registers.h"
#include "models/error.h"
#include "models/pe/processing_element.h"

namespace mtesim::models {

namespace {

// "x0".."x30": the register number, else -1.
int GeneralRegisterNumber(const std::string& name) {
  if (name.size() < 2 || name.size() > 3 || (name[0] != 'x' && name[0] != 'X')) return -1;
  for (size_t i = 1; i < name.size(); ++i)
    if (!std::isdigit(static_cast<unsigned char>(name[i]))) return -1;
  const int n = std::atoi(name.c_str() + 1);
  return n <= 30 && (name.size() == 2 || name[1] != '0') ? n : -1;
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

const isa::SystemRegisterInfo& SystemRegister(ProcessingElement& pe, const std::string& name) {
  const isa::SystemRegisterInfo* info = isa::FindSystemRegister(Upper(name).c_str());
  if (info == nullptr) throw Error("register '" + name + "': no such register");
  if (pe.mte_level() < info->min_mte_level)
    throw Error("register '" + name + "': not implemented by PE " + std::to_string(pe.index()) + " (its MTE level is " +
                std::to_string(pe.mte_level()) + ")");
  return *info;
}

// Runs a system register's accessor as a debugger sees the hardware: at the PE's highest
// EL, where no trap applies, so a register is refused only where it does not exist (an
// EL2 register without EL2, an MTE register without MTE), and then the PE is left
// exactly as it was.
template <typename F>
void Access(ProcessingElement& pe, const isa::SystemRegisterInfo& info, bool read, const std::string& name,
            F&& accessor) {
  isa::ExecContext& context = pe;
  const isa::ArchState saved = pe.s;
  const uint8_t el = pe.s.PSTATE.EL;
  pe.s.PSTATE.EL = static_cast<uint8_t>(pe.BootEl());
  try {
    if (isa::MinimumEl(info.op1) > pe.s.PSTATE.EL || (info.access && info.access(pe, read) != isa::AccessResult::Allowed))
      throw isa::ExceptionTaken{};
    accessor();
  } catch (const isa::ExceptionTaken&) {
    pe.s = saved;
    throw Error("register '" + name + "': not implemented by PE " + std::to_string(pe.index()));
  }
  pe.s.PSTATE.EL = el;
  if (!read) context.PstateChanged();  // derived views follow the written register at the PE's own EL
}

}  // namespace

uint64_t ReadRegisterByName(ProcessingElement& pe, const std::string& name) {
  const int x = GeneralRegisterNumber(name);
  if (x >= 0) return pe.s.R[x];
  const std::string lower = [&] {
    std::string l = name;
    for (char& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return l;
  }();
  if (lower == "sp") return pe.s.R[31];
  if (lower == "pc") return pe.s.PC;
  if (lower == "pstate") return isa::PstateToSpsr(pe.s.PSTATE);
  if (lower == "el") return pe.s.PSTATE.EL;
  const isa::SystemRegisterInfo& info = SystemRegister(pe, name);
  if (info.read == nullptr) throw Error("register '" + name + "': write-only");
  uint64_t value = 0;
  Access(pe, info, true, name, [&] { value = info.read(pe); });
  return value;
}

void WriteRegisterByName(ProcessingElement& pe, const std::string& name, uint64_t value) {
  const int x = GeneralRegisterNumber(name);
  if (x >= 0) {
    pe.s.R[x] = value;
    return;
  }
  std::string lower = name;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "sp") {
    pe.s.R[31] = value;
    return;
  }
  if (lower == "pc") {
    pe.s.PC = value;  // the fetch path notices a new page by itself
    return;
  }
  if (lower == "pstate") {
    const isa::ProcState old = pe.s.PSTATE;
    const isa::ProcState next = isa::SpsrToPstate(value);
    if (next.EL > pe.BootEl())
      throw Error("register 'pstate': EL" + std::to_string(next.EL) + " is above the PE's highest EL");
    isa::ExecContext& context = pe;
    pe.s.PSTATE = next;
    context.SelectStackPointer(old);
    context.PstateChanged();
    return;
  }
  if (lower == "el") throw Error("register 'el': read-only (write pstate to change the EL)");
  const isa::SystemRegisterInfo& info = SystemRegister(pe, name);
  if (info.write == nullptr) throw Error("register '" + name + "': read-only");
  Access(pe, info, false, name, [&] { info.write(pe, value); });
}

std::vector<std::pair<std::string, uint64_t>> GeneralRegisters(ProcessingElement& pe) {
  std::vector<std::pair<std::string, uint64_t>> regs;
  for (unsigned i = 0; i <= 30; ++i) regs.emplace_back("x" + std::to_string(i), pe.s.R[i]);
  regs.emplace_back("sp", pe.s.R[31]);
  regs.emplace_back("pc", pe.s.PC);
  regs.emplace_back("pstate", isa::PstateToSpsr(pe.s.PSTATE));
  regs.emplace_back("el", pe.s.PSTATE.EL);
  return regs;
}

}  // namespace mtesim::models
