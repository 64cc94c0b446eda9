// Words for what a trace's records hold, shared by `trace info`, `trace dump`, the
// Perfetto export and Python: record kinds, access kinds, exception classes (from the
// ESR's EC and, for aborts, its fault status code) and VM exits (by KVM exit reason).
#pragma once
#include <cstdint>
#include <string>

#include "models/pe/memory_access.h"
#include "models/pe/pe_observer.h"
#include "traces/format.h"

namespace mtesim::traces {

// "insn", "access", "exception"...; "compact_insn" for kCompactInsn.
const char* RecordKindName(Tag tag);
// "fetch", "read", "write", "tag_read", "tag_write", "walk_s1", "walk_s2".
const char* AccessKindName(models::MemoryAccessKind kind);
constexpr unsigned kAccessKindCount = 7;
// The exception's class as a reader names it: "SVC", "data abort", "tag check fault",
// "IRQ"... (asynchronous kinds by kind, synchronous ones by ESR.EC and, for aborts, DFSC).
std::string ExceptionName(const models::TakenException& e);
// The ESR's exception class alone ("EC 0x15 SVC").
std::string EsrClassName(uint64_t esr);
// A VM exit as the recorder wrote it (address, detail: traces/recorder.cpp): "MMIO write
// 0x9000000", "memory fault", "system event"...
std::string VmExitName(uint32_t exit_reason, uint64_t address, uint64_t detail);
// The reason alone: "mmio", "memory_fault", "system_event", "internal_error", "exit N".
std::string VmExitReasonName(uint32_t exit_reason);
// "0x..." in lower-case hex.
std::string Hex(uint64_t value);

}  // namespace mtesim::traces
