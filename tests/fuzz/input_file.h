// For fuzz targets whose code under test takes a path (images, configuration files,
// traces): each input is written to one file in a directory of this process's own,
// created on first use and removed at exit. A real file, so the code's own checks on what
// it opens (models/config/host_file.h) run as they do for a user's file.
#pragma once
#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <deque>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace mtesim::fuzz {

// This process's directory (created on first use); `OutputPath` names a file in it for
// code that writes one (the trace tools), removed at exit with the input.
inline const std::string& FuzzDirectory() {
  static const std::string dir = [] {
    const char* tmp = std::getenv("TMPDIR");
    std::string templ = std::string(tmp && *tmp ? tmp : "/tmp") + "/mtesim-fuzz-XXXXXX";
    if (!mkdtemp(templ.data())) {
      std::perror("mkdtemp");
      std::abort();
    }
    return templ;
  }();
  return dir;
}

// A deque: the references OutputPath hands out stay valid as names are added.
inline std::deque<std::string>& CreatedFiles() {
  static std::deque<std::string> files;
  return files;
}

inline const std::string& OutputPath(const char* name) {
  std::deque<std::string>& files = CreatedFiles();
  for (const std::string& f : files)
    if (f == FuzzDirectory() + "/" + name) return f;
  if (files.empty()) {
    std::atexit([] {
      for (const std::string& f : CreatedFiles()) unlink(f.c_str());
      rmdir(FuzzDirectory().c_str());
    });
  }
  files.push_back(FuzzDirectory() + "/" + name);
  return files.back();
}

// The path of a file holding exactly `data` (valid until the next call).
inline const std::string& WriteInputFile(const uint8_t* data, size_t size, const char* name = "input") {
  const std::string& path = OutputPath(name);
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    std::perror(path.c_str());
    std::abort();
  }
  for (size_t done = 0; done < size;) {
    const ssize_t n = write(fd, data + done, size - done);
    if (n <= 0) {
      std::perror(path.c_str());
      std::abort();
    }
    done += static_cast<size_t>(n);
  }
  close(fd);
  return path;
}

}  // namespace mtesim::fuzz
