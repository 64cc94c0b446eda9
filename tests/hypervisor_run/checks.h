// The run tests' checks: a failed check is printed and counted in `failures`, and the
// scenario goes on (one scenario per process reports every failure at once).
#pragma once
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

namespace hyp_run {

inline int failures = 0;

#define CHECK_EQ(actual, expected)                                                                      \
  do {                                                                                                  \
    const auto a_ = (actual);                                                                           \
    const auto e_ = (expected);                                                                         \
    if (!(a_ == e_)) {                                                                                  \
      ++failures;                                                                                       \
      std::ostringstream o_;                                                                            \
      o_ << std::hex << "0x" << a_ << " != 0x" << e_;                                                   \
      std::fprintf(stderr, "%s:%d: CHECK_EQ(%s, %s) failed: %s\n", __FILE__, __LINE__, #actual, #expected, \
                   o_.str().c_str());                                                                   \
    }                                                                                                   \
  } while (0)
#define CHECK(cond)                                                                         \
  do {                                                                                      \
    if (!(cond)) {                                                                          \
      ++failures;                                                                           \
      std::fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond);         \
    }                                                                                       \
  } while (0)

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace hyp_run
