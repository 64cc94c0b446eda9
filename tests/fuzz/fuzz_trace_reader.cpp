// Fuzz target: the trace reader (traces/trace_reader.h) on arbitrary files, zstd-compressed
// or not (docs/trace-format.md), reading every record and formatting it as `mtesim trace
// dump` does; then, for inputs the reader gets records out of, the tools
// (info, dump, text, Perfetto export), which interpret the records further. A malformed
// file may only be refused with one mtesim::Error; memory and time stay bounded.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "tests/fuzz/input_file.h"
#include "tests/fuzz/refusable.h"
#include "traces/perfetto_export.h"
#include "traces/string_table.h"
#include "traces/text_convert.h"
#include "traces/trace_dump.h"
#include "traces/trace_info.h"
#include "traces/trace_reader.h"

namespace {

using namespace mtesim::traces;

using mtesim::fuzz::Refusable;

// Every record, formatted; how many were read before the end or an error, and whether
// the reader got to the end record.
uint64_t ReadAll(const std::string& path, bool& complete) {
  uint64_t n = 0;
  complete = false;
  Refusable([&] {
    TraceReader reader(path);
    StringTable names;
    Record r;
    while (reader.Next(r)) {
      ++n;
      if (r.tag == kString) names.Define(r.id, r.text);
      FormatRecord(r, names);
    }
    complete = true;
  });
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string& path = mtesim::fuzz::WriteInputFile(data, size, "trace.mtt");
  bool complete;
  const uint64_t records = ReadAll(path, complete);
  // Each tool opens the file again with its own read-ahead chunks (1 MiB), which costs more than the
  // parsing: they run on every complete trace and on one in eight of the others that
  // have records (chosen by size, so the choice is the input's).
  if (!complete && (records == 0 || size % 8 != 0)) return 0;
  Refusable([&] {
    const TraceInfo info = ReadTraceInfo(path);
    FormatTraceInfo(info);
    TraceInfoJson(info).dump();
  });
  static std::FILE* devnull = std::fopen("/dev/null", "w");
  Refusable([&] { DumpTrace(path, devnull, "/dev/null", DumpOptions{}); });
  Refusable([&] { DumpTrace(path, devnull, "/dev/null", DumpOptions{1, 3}); });
  Refusable([&] { ConvertToText(path, mtesim::fuzz::OutputPath("trace.txt")); });
  Refusable([&] { ExportPerfetto(path, mtesim::fuzz::OutputPath("trace.json")); });
  return 0;
}
