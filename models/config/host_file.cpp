#include "models/config/host_file.h"

#include <fcntl.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "models/error.h"

namespace mtesim::config {

namespace {

const char* KindOf(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "a special file";
}

struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

int OpenRegularFile(const std::string& path, const std::string& what) {
  // O_NONBLOCK: opening a FIFO that has no writer returns at once instead of waiting.
  Fd f{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)};
  if (f.fd < 0) throw Error(path + ": cannot open the " + what + ": " + std::strerror(errno));
  struct stat st {};
  if (::fstat(f.fd, &st) != 0) throw Error(path + ": cannot read the " + what + ": " + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) throw Error(path + ": not a regular file (" + KindOf(st.st_mode) + ", given as the " + what + ")");
  struct statfs fs {};
  if (::fstatfs(f.fd, &fs) == 0 && (fs.f_type == PROC_SUPER_MAGIC || fs.f_type == SYSFS_MAGIC))
    throw Error(path + ": not a regular file (a /proc or /sys file, given as the " + what + ")");
  // Back to blocking reads: the file is regular, so reads never wait for a writer.
  ::fcntl(f.fd, F_SETFL, ::fcntl(f.fd, F_GETFL) & ~O_NONBLOCK);
  const int fd = f.fd;
  f.fd = -1;
  return fd;
}

std::vector<uint8_t> ReadRegularFile(const std::string& path, const std::string& what) {
  Fd f{OpenRegularFile(path, what)};
  std::vector<uint8_t> bytes;
  uint8_t buffer[1 << 16];
  for (;;) {
    const ssize_t got = ::read(f.fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) throw Error(path + ": cannot read the " + what + ": " + std::strerror(errno));
    if (got == 0) break;
    bytes.insert(bytes.end(), buffer, buffer + got);
  }
  return bytes;
}

}  // namespace mtesim::config
