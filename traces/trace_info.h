// `mtesim trace info`: a summary of a trace read in one pass in constant memory (the
// header, how many records of each kind, per PE instructions, accesses by kind and
// exceptions, tag faults, VM exits by reason, the time span, the sizes).
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "traces/format.h"
#include "traces/trace_names.h"

namespace mtesim::traces {

struct TraceInfo {
  std::string path;
  Header header;
  uint64_t records = 0;
  std::array<uint64_t, kTagCount + 1> by_kind{};  // by tag; [kTagCount]: compact instructions
  struct Pe {
    uint64_t instructions = 0;
    std::array<uint64_t, kAccessKindCount> accesses{};
    uint64_t exceptions = 0;
    double sampled_instructions = -1;  // the last "peN.instructions" counter sample (-1: none)
  };
  std::vector<Pe> pes;  // header.pe_count entries
  uint64_t tag_faults_sync = 0, tag_faults_async = 0;
  std::map<uint32_t, uint64_t> vm_exits;  // by exit reason (at most 65536 keys: the reader bounds them)
  bool timed = false;                     // the trace has a record (and so a time span)
  uint64_t first_ps = 0, last_ps = 0;     // the smallest and largest time of any record
  uint64_t file_bytes = 0, body_bytes = 0;  // body_bytes: decompressed, without the header
};

// Reads the whole file; throws mtesim::Error naming it (and the offset) if malformed.
TraceInfo ReadTraceInfo(const std::string& path);
// The summary as the CLI prints it (lines ending in '\n').
std::string FormatTraceInfo(const TraceInfo& info);
// The same as JSON (what mtesim.trace.info returns as a dict).
nlohmann::json TraceInfoJson(const TraceInfo& info);

}  // namespace mtesim::traces
