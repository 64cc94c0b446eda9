#include "traces/trace_options.h"

#include "models/config/json_reader.h"
#include "models/error.h"

namespace mtesim::traces {

namespace {

bool EndsWith(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

sc_core::sc_time ParseInterval(const std::string& text) {
  const std::string where = "--trace-interval '" + text + "'";
  size_t digits = 0;
  const uint64_t n = config::ParseDigits(text, digits, 10, "--trace-interval");
  const std::string unit = text.substr(digits);
  double ns = 0;
  if (unit.empty() || unit == "ns") ns = static_cast<double>(n);
  else if (unit == "us") ns = static_cast<double>(n) * 1e3;
  else if (unit == "ms") ns = static_cast<double>(n) * 1e6;
  else throw Error(where + ": unknown unit '" + unit + "' (ns, us or ms)");
  if (n == 0) throw Error(where + ": must be positive");
  if (ns > 1e12) throw Error(where + ": at most 1000 s");
  return sc_core::sc_time(ns, sc_core::SC_NS);
}

}  // namespace

const char* DetailName(Detail detail) {
  switch (detail) {
    case Detail::Events: return "events";
    case Detail::Memory: return "memory";
    case Detail::Instructions: return "instructions";
  }
  return "?";
}

TraceRequest ParseTraceRequest(const std::string& file, const std::string& format, const std::string& detail,
                               const std::string& interval) {
  TraceRequest r;
  if (file.empty()) {
    if (!format.empty()) throw Error("--trace-format: needs --trace FILE");
    if (!detail.empty()) throw Error("--trace-detail: needs --trace FILE");
    if (!interval.empty()) throw Error("--trace-interval: needs --trace FILE");
    return r;
  }
  if (format == "binary") r.binary = true;
  else if (format == "text") r.binary = false;
  else if (format.empty()) r.binary = EndsWith(file, ".mtt");
  else throw Error("--trace-format " + format + ": must be binary or text");
  if (!r.binary && (!detail.empty() || !interval.empty()))
    throw Error(std::string(detail.empty() ? "--trace-interval" : "--trace-detail") +
                ": only for a binary trace (--trace FILE.mtt or --trace-format binary)");
  if (detail == "events") r.options.detail = Detail::Events;
  else if (detail == "memory" || detail.empty()) r.options.detail = Detail::Memory;
  else if (detail == "instructions") r.options.detail = Detail::Instructions;
  else throw Error("--trace-detail " + detail + ": must be events, memory or instructions");
  if (!interval.empty()) r.options.counter_interval = ParseInterval(interval);
  return r;
}

}  // namespace mtesim::traces
