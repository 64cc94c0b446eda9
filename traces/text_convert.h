// `mtesim trace convert --to text`: the lines `--trace FILE` (the text form,
// traces/text_trace.h) would have written for the same run, from a binary trace recorded
// at the Instructions level (the only level that keeps each instruction's PC and word).
#pragma once
#include <cstdint>
#include <string>

namespace mtesim::traces {

// Writes `out_path`; returns the lines written. Throws mtesim::Error naming the trace if
// it is malformed or was not recorded at the Instructions level, or naming `out_path`
// if it cannot be written.
uint64_t ConvertToText(const std::string& trace_path, const std::string& out_path);

}  // namespace mtesim::traces
