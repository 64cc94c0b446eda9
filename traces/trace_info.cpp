#include "traces/trace_info.h"

#include <sys/stat.h>

#include <cstdio>

#include "traces/string_table.h"
#include "traces/trace_options.h"
#include "traces/trace_reader.h"

namespace mtesim::traces {

namespace {

// The PE a counter name "peN.instructions" is about, or -1.
int InstructionsCounterPe(const std::string& name, unsigned pes) {
  unsigned pe = 0;
  int used = 0;
  if (std::sscanf(name.c_str(), "pe%u.instructions%n", &pe, &used) == 1 && static_cast<size_t>(used) == name.size() &&
      pe < pes)
    return static_cast<int>(pe);
  return -1;
}

std::string Us(uint64_t ps) {
  char b[48];
  std::snprintf(b, sizeof b, "%.6f us", static_cast<double>(ps) / 1e6);
  return b;
}

}  // namespace

TraceInfo ReadTraceInfo(const std::string& path) {
  TraceReader reader(path);
  TraceInfo info;
  info.path = path;
  info.header = reader.header();
  info.pes.resize(info.header.pe_count);
  // Counter ids that are "peN.instructions" (the file chooses ids: a bounded map).
  std::map<uint64_t, unsigned> instruction_counters;
  Record r;
  while (reader.Next(r)) {
    const unsigned kind = r.tag == kCompactInsn ? kTagCount : static_cast<unsigned>(r.tag);
    ++info.by_kind[kind];
    // Records before the first kTime are at time 0 (the writer omits a kTime of 0).
    {
      if (!info.timed || r.time_ps < info.first_ps) info.first_ps = r.time_ps;
      if (!info.timed || r.time_ps > info.last_ps) info.last_ps = r.time_ps;
      info.timed = true;
    }
    TraceInfo::Pe& pe = info.pes[r.pe];
    switch (r.tag) {
      case kInsn:
      case kCompactInsn: ++pe.instructions; break;
      case kAccess: ++pe.accesses[static_cast<unsigned>(r.access.kind)]; break;
      case kException: ++pe.exceptions; break;
      case kTagFault: ++(r.sync ? info.tag_faults_sync : info.tag_faults_async); break;
      case kVmExit: ++info.vm_exits[r.exit_reason]; break;
      case kString: {
        const int n = InstructionsCounterPe(r.text, info.header.pe_count);
        if (n >= 0 && instruction_counters.size() < 4096) instruction_counters[r.id] = static_cast<unsigned>(n);
        else instruction_counters.erase(r.id);
        break;
      }
      case kCounter: {
        auto it = instruction_counters.find(r.id);
        if (it != instruction_counters.end()) info.pes[it->second].sampled_instructions = r.value;
        break;
      }
      default: break;
    }
  }
  info.records = reader.records();
  info.body_bytes = reader.offset();
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) info.file_bytes = static_cast<uint64_t>(st.st_size);
  return info;
}

std::string FormatTraceInfo(const TraceInfo& info) {
  std::string out;
  char line[256];
  auto add = [&](const char* fmt, auto... args) {
    std::snprintf(line, sizeof line, fmt, args...);
    out += line;
  };
  const Header& h = info.header;
  add("%s\n", info.path.c_str());
  add("  format version %u, detail %s, compression %s\n", h.version, DetailName(h.detail),
      h.compression == Compression::Zstd ? "zstd" : "none");
  add("  PEs %u, cycle %llu ps (%.3f MHz)\n", h.pe_count, static_cast<unsigned long long>(h.cycle_ps),
      1e6 / static_cast<double>(h.cycle_ps));
  add("  size %llu bytes, body %llu bytes decompressed (%.2fx)\n", static_cast<unsigned long long>(info.file_bytes),
      static_cast<unsigned long long>(info.body_bytes),
      info.file_bytes > kHeaderBytes
          ? static_cast<double>(info.body_bytes) / static_cast<double>(info.file_bytes - kHeaderBytes)
          : 0.0);
  if (info.timed)
    out += "  time " + Us(info.first_ps) + " .. " + Us(info.last_ps) + " (" + Us(info.last_ps - info.first_ps) + ")\n";
  else
    out += "  time: no timed records\n";
  add("  records %llu\n", static_cast<unsigned long long>(info.records));
  for (unsigned k = 0; k <= kTagCount; ++k) {
    if (info.by_kind[k] == 0) continue;
    const Tag tag = k == kTagCount ? kCompactInsn : static_cast<Tag>(k);
    add("    %-14s %llu\n", RecordKindName(tag), static_cast<unsigned long long>(info.by_kind[k]));
  }
  for (size_t i = 0; i < info.pes.size(); ++i) {
    const TraceInfo::Pe& pe = info.pes[i];
    add("  pe%zu: instructions %llu", i, static_cast<unsigned long long>(pe.instructions));
    if (pe.sampled_instructions >= 0) add(" (counter %.0f)", pe.sampled_instructions);
    add(", exceptions %llu", static_cast<unsigned long long>(pe.exceptions));
    uint64_t accesses = 0;
    for (uint64_t n : pe.accesses) accesses += n;
    add(", accesses %llu", static_cast<unsigned long long>(accesses));
    if (accesses) {
      const char* sep = " (";
      for (unsigned k = 0; k < kAccessKindCount; ++k) {
        if (!pe.accesses[k]) continue;
        add("%s%s %llu", sep, AccessKindName(static_cast<models::MemoryAccessKind>(k)),
            static_cast<unsigned long long>(pe.accesses[k]));
        sep = ", ";
      }
      out += ")";
    }
    out += "\n";
  }
  add("  tag check faults: %llu sync, %llu async\n", static_cast<unsigned long long>(info.tag_faults_sync),
      static_cast<unsigned long long>(info.tag_faults_async));
  uint64_t exits = 0;
  for (const auto& [reason, n] : info.vm_exits) exits += n;
  add("  VM exits: %llu\n", static_cast<unsigned long long>(exits));
  for (const auto& [reason, n] : info.vm_exits)
    add("    %-14s %llu\n", VmExitReasonName(reason).c_str(), static_cast<unsigned long long>(n));
  return out;
}

nlohmann::json TraceInfoJson(const TraceInfo& info) {
  nlohmann::json j;
  const Header& h = info.header;
  j["path"] = info.path;
  j["version"] = h.version;
  j["detail"] = DetailName(h.detail);
  j["compression"] = h.compression == Compression::Zstd ? "zstd" : "none";
  j["pe_count"] = h.pe_count;
  j["cycle_ps"] = h.cycle_ps;
  j["records"] = info.records;
  nlohmann::json kinds = nlohmann::json::object();
  for (unsigned k = 0; k <= kTagCount; ++k)
    if (info.by_kind[k]) kinds[RecordKindName(k == kTagCount ? kCompactInsn : static_cast<Tag>(k))] = info.by_kind[k];
  j["records_by_kind"] = kinds;
  nlohmann::json pes = nlohmann::json::array();
  for (const TraceInfo::Pe& pe : info.pes) {
    nlohmann::json p;
    p["instructions"] = pe.instructions;
    p["sampled_instructions"] = pe.sampled_instructions >= 0 ? nlohmann::json(pe.sampled_instructions) : nlohmann::json();
    p["exceptions"] = pe.exceptions;
    nlohmann::json a = nlohmann::json::object();
    for (unsigned k = 0; k < kAccessKindCount; ++k)
      a[AccessKindName(static_cast<models::MemoryAccessKind>(k))] = pe.accesses[k];
    p["accesses"] = a;
    pes.push_back(p);
  }
  j["pes"] = pes;
  j["tag_faults"] = {{"sync", info.tag_faults_sync}, {"async", info.tag_faults_async}};
  nlohmann::json exits = nlohmann::json::object();
  for (const auto& [reason, n] : info.vm_exits) exits[VmExitReasonName(reason)] = n;
  j["vm_exits"] = exits;
  j["first_ps"] = info.timed ? nlohmann::json(info.first_ps) : nlohmann::json();
  j["last_ps"] = info.timed ? nlohmann::json(info.last_ps) : nlohmann::json();
  j["file_bytes"] = info.file_bytes;
  j["body_bytes"] = info.body_bytes;
  return j;
}

}  // namespace mtesim::traces
