// The run tests' checks: each failed check is printed and counted in `failures`, the
// scenario's exit status; and the helpers every scenario file uses.
#pragma once
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "isa/arch_state.h"

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

inline mtesim::isa::MteFeatures Mte(uint8_t level) {
  mtesim::isa::MteFeatures f;
  f.level = level;
  f.perm = level >= 2;  // FEAT_MTE_PERM: NoTagAccess at stage 2
  return f;
}

}  // namespace hyp_run
