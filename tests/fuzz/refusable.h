// For fuzz targets: the code under test may refuse an input only with mtesim::Error (a
// message naming the input at fault); anything else escaping is a finding, which
// libFuzzer reports as the crash the uncaught exception becomes.
#pragma once
#include "models/error.h"

namespace mtesim::fuzz {

template <typename Fn> void Refusable(Fn&& fn) {
  try {
    fn();
  } catch (const mtesim::Error&) {
  }
}

}  // namespace mtesim::fuzz
