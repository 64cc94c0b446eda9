// A file the trace tools write ("-": stdout), whose write errors are reported once, by
// Close(), naming it. An unclosed file (an exception on the way) is removed, so a failed
// conversion leaves no half-written output behind.
#pragma once
#include <cstddef>
#include <cstdio>
#include <string>

namespace mtesim::traces {

class OutputFile {
 public:
  // Throws mtesim::Error naming `path` if it cannot be created.
  explicit OutputFile(const std::string& path);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  void Write(const void* data, size_t bytes) { std::fwrite(data, 1, bytes, file_); }
  void Write(const std::string& s) { Write(s.data(), s.size()); }
  std::FILE* file() { return file_; }
  // Flushes and closes; throws mtesim::Error naming the file if any write failed.
  void Close();

 private:
  std::string path_;
  std::FILE* file_ = nullptr;
  bool is_stdout_ = false;
};

}  // namespace mtesim::traces
