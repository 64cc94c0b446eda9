// How the native module reports errors to Python: mtesim::Error (bad configuration,
// image, address or argument; its message names the input) becomes ValueError, unless a
// binding says otherwise; files that cannot be opened are OSError with errno and the
// file name, as Python's own open() reports them.
#pragma once
#include <string>

#include <pybind11/pybind11.h>

namespace mtesim::python {

void RegisterErrorTranslation(pybind11::module_& m);
// Raises OSError(errno, strerror, path) unless `path` names a regular file that can be
// read; `what` says what the file was for ("image", "configuration").
void RequireReadableFile(const std::string& path);
// A Python int as a 64-bit unsigned value, or ValueError naming `what`.
uint64_t ToU64(const pybind11::int_& value, const char* what);

}  // namespace mtesim::python
