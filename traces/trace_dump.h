// `mtesim trace dump`: one readable line per record (hex addresses, kind names, ELs,
// the ESR's class, tags as logical/allocation), streamed in constant memory.
#pragma once
#include <cstdint>
#include <cstdio>
#include <string>

#include "traces/string_table.h"
#include "traces/trace_reader.h"

namespace mtesim::traces {

struct DumpOptions {
  int pe = -1;         // only the records of this PE (-1: all)
  uint64_t limit = 0;  // stop after this many lines (0: no limit)
};

// One record as a line (without the newline). `names` resolves string ids; the caller
// defines strings into it as kString records pass.
std::string FormatRecord(const Record& r, const StringTable& names);

// Writes the lines of `path` to `out`; returns how many. Throws mtesim::Error naming the
// trace (and offset) if it is malformed, or naming `out_name` if writing fails.
uint64_t DumpTrace(const std::string& path, std::FILE* out, const std::string& out_name, const DumpOptions& options);

}  // namespace mtesim::traces
