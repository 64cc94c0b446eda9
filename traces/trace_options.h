// What `--trace FILE` with --trace-format, --trace-detail and --trace-interval asks for
// (and the same keyword arguments in Python): parsed once, errors naming the option.
#pragma once
#include <string>

#include "traces/recorder.h"

namespace mtesim::traces {

struct TraceRequest {
  bool binary = false;  // a Recorder (else the text form, when a file is named)
  RecorderOptions options;
};

// `format` "", "binary" or "text" ("" : binary when `file` ends in ".mtt"); `detail` "",
// "events", "memory" or "instructions"; `interval` "" or a time such as "10us", "500ns",
// "1ms" (a bare number is nanoseconds). Throws mtesim::Error naming the option at fault.
TraceRequest ParseTraceRequest(const std::string& file, const std::string& format, const std::string& detail,
                               const std::string& interval);

// "events" / "memory" / "instructions" (for messages and `trace info`).
const char* DetailName(Detail detail);

}  // namespace mtesim::traces
