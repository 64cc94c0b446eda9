// Builds one JSON object as text, for writers that stream many small objects (the
// Perfetto export) instead of holding a document. Strings from a trace file are
// untrusted bytes: everything outside printable ASCII is escaped as \u00XX, so the output
// is valid JSON (and ASCII) whatever the file holds; non-finite numbers become null.
#pragma once
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>

namespace mtesim::traces {

inline void AppendJsonString(std::string& out, const std::string& s) {
  out += '"';
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c >= 0x7F) {
      char b[8];
      std::snprintf(b, sizeof b, "\\u%04x", c);
      out += b;
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
}

inline void AppendJsonNumber(std::string& out, double v, const char* format = "%.9g") {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  char b[48];
  std::snprintf(b, sizeof b, format, v);
  out += b;
}

class JsonObject {
 public:
  JsonObject& Str(const char* key, const std::string& value) {
    Key(key);
    AppendJsonString(text_, value);
    return *this;
  }
  JsonObject& Num(const char* key, double value, const char* format = "%.9g") {
    Key(key);
    AppendJsonNumber(text_, value, format);
    return *this;
  }
  JsonObject& Int(const char* key, uint64_t value) {
    Key(key);
    text_ += std::to_string(value);
    return *this;
  }
  JsonObject& Obj(const char* key, const JsonObject& value) {
    Key(key);
    text_ += value.Text();
    return *this;
  }
  std::string Text() const { return text_ + '}'; }

 private:
  void Key(const char* key) {
    if (text_.size() > 1) text_ += ',';
    AppendJsonString(text_, key);
    text_ += ':';
  }
  std::string text_ = "{";
};

}  // namespace mtesim::traces
