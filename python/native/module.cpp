// mtesim._native: the simulator for Python. The mtesim package imports it in a worker
// process per Simulation (SystemC elaborates once per process).
#include <cstdio>
#include <cstdlib>

#include <pybind11/pybind11.h>
#include <systemc>

#include "python/native/bind_platform.h"
#include "python/native/errors.h"

namespace py = pybind11;

namespace mtesim::python {
void BindStatistics(py::class_<PlatformHandle>& c);
void BindTraces(py::module_& m);
}

namespace {
// SystemC reports to stdout by default; the worker's stdout is the user's.
void ReportToStderr(const sc_core::sc_report& report, const sc_core::sc_actions& actions) {
  if (report.get_severity() == sc_core::SC_INFO) return;
  std::fprintf(stderr, "mtesim: systemc: %s: %s\n", report.get_msg_type(), report.get_msg());
  if (actions & sc_core::SC_ABORT) std::abort();
  if (actions & sc_core::SC_THROW) throw report;
}
}  // namespace

PYBIND11_MODULE(_native, m) {
  m.doc() = "mtesim's simulator (one Platform per process; use mtesim.Simulation)";
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
  sc_core::sc_report_handler::set_handler(ReportToStderr);
  mtesim::python::RegisterErrorTranslation(m);
  mtesim::python::BindPlatform(m);
  mtesim::python::BindTraces(m);
}
