#include "traces/text_convert.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "models/error.h"
#include "traces/output_file.h"
#include "traces/text_trace.h"
#include "traces/trace_options.h"
#include "traces/trace_reader.h"

namespace mtesim::traces {

uint64_t ConvertToText(const std::string& trace_path, const std::string& out_path) {
  TraceReader reader(trace_path);
  if (reader.header().detail != Detail::Instructions)
    throw Error(trace_path + ": recorded at detail " + DetailName(reader.header().detail) +
                ": the text form needs each instruction's PC and word (record with --trace-detail instructions)");
  OutputFile out(out_path);
  Record r;
  uint64_t lines = 0;
  char line[64];
  while (reader.Next(r)) {
    if (r.tag != kInsn) continue;
    const int n = FormatTextLine(line, sizeof line - 1, r.pe, r.insn);
    line[n] = '\n';
    out.Write(line, static_cast<size_t>(n) + 1);
    ++lines;
  }
  out.Close();
  return lines;
}

}  // namespace mtesim::traces
