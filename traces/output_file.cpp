#include "traces/output_file.h"

#include <cerrno>
#include <cstring>

#include "models/error.h"

namespace mtesim::traces {

OutputFile::OutputFile(const std::string& path) : path_(path) {
  if (path == "-") {
    file_ = stdout;
    is_stdout_ = true;
    return;
  }
  file_ = std::fopen(path.c_str(), "wb");
  if (file_ == nullptr) throw Error(path + ": cannot open for writing: " + std::strerror(errno));
}

OutputFile::~OutputFile() {
  if (file_ == nullptr || is_stdout_) return;
  std::fclose(file_);
  std::remove(path_.c_str());
}

void OutputFile::Close() {
  if (file_ == nullptr) return;
  const bool failed = std::fflush(file_) != 0 || std::ferror(file_) != 0;
  const int error = errno;
  const bool close_failed = !is_stdout_ && std::fclose(file_) != 0;
  file_ = nullptr;
  if (failed || close_failed)
    throw Error(path_ + ": writing failed: " + std::strerror(close_failed ? errno : error ? error : EIO));
}

}  // namespace mtesim::traces
