#include "python/native/errors.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "models/error.h"

namespace py = pybind11;

namespace mtesim::python {

void RegisterErrorTranslation(py::module_& m) {
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const mtesim::Error& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    }
  });
}

namespace {
[[noreturn]] void RaiseOsError(int error, const std::string& path) {
  PyErr_SetFromErrnoWithFilename(PyExc_OSError, path.c_str());
  (void)error;
  throw py::error_already_set();
}
}  // namespace

void RequireReadableFile(const std::string& path) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) RaiseOsError(errno, path);
  struct stat st {};
  const int rc = ::fstat(fd, &st);
  const int saved = errno;
  ::close(fd);
  if (rc != 0) {
    errno = saved;
    RaiseOsError(saved, path);
  }
  if (S_ISDIR(st.st_mode)) {
    errno = EISDIR;
    RaiseOsError(EISDIR, path);
  }
  if (!S_ISREG(st.st_mode)) {
    errno = EINVAL;
    PyErr_Format(PyExc_OSError, "%s: not a regular file", path.c_str());
    throw py::error_already_set();
  }
}

uint64_t ToU64(const py::int_& value, const char* what) {
  const py::int_ zero(0);
  if (value < zero) throw py::value_error(std::string(what) + ": must not be negative");
  const unsigned long long v = PyLong_AsUnsignedLongLong(value.ptr());
  if (PyErr_Occurred()) {
    PyErr_Clear();
    throw py::value_error(std::string(what) + ": must be below 2**64");
  }
  return v;
}

}  // namespace mtesim::python
