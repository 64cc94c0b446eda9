// Host-side misuse (bad configuration, bad file, bad API argument) is reported with
// mtesim::Error, whose message names the input at fault. Guest misbehaviour is never an
// Error: it is an architectural event.
#pragma once
#include <stdexcept>
#include <string>

namespace mtesim {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace mtesim
