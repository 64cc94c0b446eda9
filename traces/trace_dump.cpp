#include "traces/trace_dump.h"

#include <cerrno>
#include <cstring>

#include "models/error.h"
#include "traces/trace_names.h"

namespace mtesim::traces {

namespace {

const char* CheckName(uint8_t flags) {
  if (flags & kCheckSync) return " checked-sync";
  if (flags & kCheckAsync) return " checked-async";
  return "";
}

std::string Tags(uint8_t tags) {
  char b[16];
  std::snprintf(b, sizeof b, "%x/%x", tags >> 4, tags & 0xF);
  return b;
}

// Names from a file are printed as they are, except control bytes (one line per record).
std::string Printable(const std::string& s) {
  std::string out;
  for (unsigned char c : s) out += c < 0x20 || c == 0x7F ? '?' : static_cast<char>(c);
  return out;
}

}  // namespace

std::string FormatRecord(const Record& r, const StringTable& names) {
  char b[256];
  std::string line;
  std::snprintf(b, sizeof b, "%14.6f us pe%-2u %-12s", static_cast<double>(r.time_ps) / 1e6, r.pe,
                RecordKindName(r.tag));
  line = b;
  switch (r.tag) {
    case kEnd:
    case kTranslation:
    case kTime: break;
    case kPe: line += " -> pe" + std::to_string(r.pe); break;
    case kCompactInsn: line += std::string(" class ") + isa::kInsnClassNames[static_cast<unsigned>(r.insn.insn_class)]; break;
    case kInsn:
      std::snprintf(b, sizeof b, " pc 0x%016llx word %08x EL%u %s", static_cast<unsigned long long>(r.insn.pc),
                    r.insn.insn, r.insn.el, isa::kInsnClassNames[static_cast<unsigned>(r.insn.insn_class)]);
      line += b;
      break;
    case kAccess:
      std::snprintf(b, sizeof b, " %s %u bytes va 0x%016llx pa 0x%llx%s%s", AccessKindName(r.access.kind),
                    r.access.size, static_cast<unsigned long long>(r.access.va),
                    static_cast<unsigned long long>(r.access.pa), r.flags & kTagged ? " tagged" : "",
                    CheckName(r.flags));
      line += b;
      if (r.flags & kHasTags) {
        // A checked access carries logical/allocation; a tag access only the allocation tag.
        if (r.flags & (kCheckSync | kCheckAsync)) line += " tags " + Tags(r.tags);
        else line += " allocation tag " + std::to_string(r.tags & 0xF);
      }
      if (r.flags & kMismatch) line += " MISMATCH";
      break;
    case kException: {
      const models::TakenException& e = r.exception;
      std::snprintf(b, sizeof b, " %s EL%u->EL%u esr 0x%llx (%s) far 0x%llx elr 0x%llx vector 0x%llx",
                    ExceptionName(e).c_str(), e.from_el, e.to_el, static_cast<unsigned long long>(e.esr),
                    EsrClassName(e.esr).c_str(), static_cast<unsigned long long>(e.far),
                    static_cast<unsigned long long>(e.elr), static_cast<unsigned long long>(e.vector));
      line += b;
      break;
    }
    case kVmExit:
      line += " vcpu " + std::to_string(r.vcpu) + " " + VmExitName(r.exit_reason, r.address, r.detail) + " (reason " +
              std::to_string(r.exit_reason) + ", address " + Hex(r.address) + ", detail " + Hex(r.detail) + ")";
      break;
    case kVcpu:
      line += std::string(r.entered ? " entered" : " left") + " VM " + std::to_string(r.vm) + " vcpu " +
              std::to_string(r.vcpu);
      break;
    case kString: line += " #" + std::to_string(r.id) + " = \"" + Printable(r.text) + "\""; break;
    case kSpanBegin:
      line += " " + Printable(names.Name(r.track)) + ": begin \"" + Printable(names.Name(r.name)) + "\"";
      break;
    case kSpanEnd: line += " " + Printable(names.Name(r.track)) + ": end"; break;
    case kCounter:
      std::snprintf(b, sizeof b, " = %.17g", r.value);
      line += " " + Printable(names.Name(r.id)) + b;
      break;
    case kTagFault:
      line += std::string(r.sync ? " sync" : " async") + " va " + Hex(r.address) + " tags " + Tags(r.tags) +
              " (logical/allocation)";
      break;
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();  // the kind column's padding, on bare records
  return line;
}

uint64_t DumpTrace(const std::string& path, std::FILE* out, const std::string& out_name, const DumpOptions& options) {
  TraceReader reader(path);
  if (options.pe >= static_cast<int>(reader.header().pe_count))
    throw Error(path + ": --pe " + std::to_string(options.pe) + ": the trace has " +
                std::to_string(reader.header().pe_count) + " PEs");
  StringTable names;
  Record r;
  uint64_t lines = 0;
  while ((options.limit == 0 || lines < options.limit) && reader.Next(r)) {
    if (r.tag == kString) names.Define(r.id, r.text);
    if (options.pe >= 0 && r.pe != static_cast<unsigned>(options.pe)) continue;
    std::string line = FormatRecord(r, names);
    line += '\n';
    if (std::fwrite(line.data(), 1, line.size(), out) != line.size())
      throw Error(out_name + ": writing the dump failed: " + std::strerror(errno));
    ++lines;
  }
  if (std::fflush(out) != 0) throw Error(out_name + ": writing the dump failed: " + std::strerror(errno));
  return lines;
}

}  // namespace mtesim::traces
