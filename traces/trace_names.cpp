#include "traces/trace_names.h"

#include <cstdio>

#include "models/hypervisor/kvm_run.h"

namespace mtesim::traces {

std::string Hex(uint64_t value) {
  char b[24];
  std::snprintf(b, sizeof b, "0x%llx", static_cast<unsigned long long>(value));
  return b;
}

const char* RecordKindName(Tag tag) {
  switch (tag) {
    case kEnd: return "end";
    case kPe: return "pe";
    case kInsn: return "insn";
    case kAccess: return "access";
    case kException: return "exception";
    case kTranslation: return "translation";
    case kTime: return "time";
    case kVmExit: return "vm_exit";
    case kVcpu: return "vcpu";
    case kString: return "string";
    case kSpanBegin: return "span_begin";
    case kSpanEnd: return "span_end";
    case kCounter: return "counter";
    case kTagFault: return "tag_fault";
    case kCompactInsn: return "compact_insn";
  }
  return "unknown";
}

const char* AccessKindName(models::MemoryAccessKind kind) {
  static const char* const kNames[kAccessKindCount] = {"fetch",     "read",    "write",  "tag_read",
                                                       "tag_write", "walk_s1", "walk_s2"};
  const unsigned k = static_cast<unsigned>(kind);
  return k < kAccessKindCount ? kNames[k] : "unknown";
}

namespace {

// ESR_ELx.EC values (Arm ARM D24.2.40) a guest meets; others print as their number.
const char* EcName(unsigned ec) {
  switch (ec) {
    case 0x00: return "unknown reason";
    case 0x01: return "WFI/WFE trap";
    case 0x07: return "SIMD/FP access trap";
    case 0x0E: return "illegal execution state";
    case 0x15: return "SVC";
    case 0x16: return "HVC";
    case 0x17: return "SMC";
    case 0x18: return "MSR/MRS trap";
    case 0x20: return "instruction abort (lower EL)";
    case 0x21: return "instruction abort";
    case 0x22: return "PC alignment fault";
    case 0x24: return "data abort (lower EL)";
    case 0x25: return "data abort";
    case 0x26: return "SP alignment fault";
    case 0x2F: return "SError";
    case 0x30: case 0x31: return "breakpoint";
    case 0x32: case 0x33: return "software step";
    case 0x34: case 0x35: return "watchpoint";
    case 0x3C: return "BRK";
  }
  return nullptr;
}

}  // namespace

std::string EsrClassName(uint64_t esr) {
  const unsigned ec = static_cast<unsigned>(esr >> 26) & 0x3F;
  const char* name = EcName(ec);
  char b[16];
  std::snprintf(b, sizeof b, "EC 0x%02x", ec);
  return name ? std::string(b) + " " + name : std::string(b);
}

std::string ExceptionName(const models::TakenException& e) {
  switch (e.kind) {
    case models::TakenException::Kind::Irq: return "IRQ";
    case models::TakenException::Kind::Fiq: return "FIQ";
    case models::TakenException::Kind::SError: return "SError";
    case models::TakenException::Kind::Synchronous: break;
  }
  const unsigned ec = static_cast<unsigned>(e.esr >> 26) & 0x3F;
  const bool data_abort = ec == 0x24 || ec == 0x25;
  // DFSC 0b010001: a synchronous Tag Check Fault, the event MTE users look for.
  if (data_abort && (e.esr & 0x3F) == 0x11) return "tag check fault";
  if (data_abort) return "data abort";
  if (ec == 0x20 || ec == 0x21) return "instruction abort";
  if (const char* name = EcName(ec)) return name;
  char b[16];
  std::snprintf(b, sizeof b, "EC 0x%02x", ec);
  return b;
}

std::string VmExitReasonName(uint32_t exit_reason) {
  switch (exit_reason) {
    case hyp::KVM_EXIT_MMIO: return "mmio";
    case hyp::KVM_EXIT_MEMORY_FAULT: return "memory_fault";
    case hyp::KVM_EXIT_SYSTEM_EVENT: return "system_event";
    case hyp::KVM_EXIT_INTERNAL_ERROR: return "internal_error";
  }
  return "exit " + std::to_string(exit_reason);
}

std::string VmExitName(uint32_t exit_reason, uint64_t address, uint64_t detail) {
  switch (exit_reason) {
    // The recorder's detail for MMIO: the length, and bit 8 for a write.
    case hyp::KVM_EXIT_MMIO: return std::string(detail & 0x100 ? "MMIO write " : "MMIO read ") + Hex(address);
    case hyp::KVM_EXIT_MEMORY_FAULT: return "memory fault";
    case hyp::KVM_EXIT_SYSTEM_EVENT: return "system event";
    case hyp::KVM_EXIT_INTERNAL_ERROR: return "internal error";
  }
  return "VM exit " + std::to_string(exit_reason);
}

}  // namespace mtesim::traces
