// Reading the host files mtesim is given (images, configuration files, traces) without
// trusting what they are: a FIFO with no writer would block the open, a directory or a
// device (/dev/zero) would read forever or fail obscurely, and /proc or /sys files report
// no size and change as they are read. Each is refused with one line naming the file.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace mtesim::config {

// Opens `path` read-only as a regular file on an ordinary file system and returns the
// descriptor (the caller closes it); otherwise throws mtesim::Error naming `path` and
// `what` ("image", "configuration file", "trace").
int OpenRegularFile(const std::string& path, const std::string& what);

// The whole contents of such a file.
std::vector<uint8_t> ReadRegularFile(const std::string& path, const std::string& what);

}  // namespace mtesim::config
