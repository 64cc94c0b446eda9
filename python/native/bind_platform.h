// mtesim._native.Platform: one models::Platform (the CLI's platform) for Python, in the
// process that imports the module. SystemC elaborates and starts once per process, so a
// process holds one Platform for good; the mtesim package gives every Simulation a
// worker process of its own (python/mtesim/simulation.py).
#pragma once
#include <memory>
#include <string>

#include <pybind11/pybind11.h>

#include "models/platform/platform.h"
#include "traces/recorder.h"

namespace mtesim::python {

// A configuration given as JSON text (what mtesim.simulation.load_config made of a dict
// or file) read as `--config` reads its file; throws mtesim::Error naming the key.
models::PlatformConfig PlatformConfigFromJson(const std::string& config_json);

class PlatformHandle {
 public:
  // `config_json`: the JSON configuration's text (the keys of --config). `console`:
  // called with the guest's console bytes, a line (or 4 KiB) at a time; a string names
  // the worker's output stream they go to (mtesim._worker.emit); None keeps them for
  // take_console().
  PlatformHandle(const std::string& config_json, pybind11::object console);
  ~PlatformHandle();

  models::Platform& platform() { return *platform_; }
  // The binary trace being recorded (python/native/bind_traces.cpp), if any.
  std::unique_ptr<traces::Recorder>& recorder() { return recorder_; }
  pybind11::dict Load(const std::string& image_path);
  pybind11::dict Run(const pybind11::int_& max_instructions, const std::string& until);
  pybind11::bytes TakeConsole();
  // A Python exception raised by Python code the simulation called (a policy), kept to be
  // raised when the current run returns (RaiseDeferredError); the first one wins.
  void DeferError(pybind11::error_already_set&& e);
  void RaiseDeferredError();

 private:
  void ConsoleByte(char c);
  void FlushConsole();

  std::unique_ptr<models::Platform> platform_;
  // Declared after platform_: destroyed first, so an unclosed recording ends properly.
  std::unique_ptr<traces::Recorder> recorder_;
  pybind11::object console_;
  std::string console_pending_;  // not yet handed to `console`
  std::string console_kept_;     // console is None: kept for take_console()
  // A Python exception raised by `console` while the guest ran: raised when the run
  // returns (an exception cannot cross SystemC's threads).
  std::unique_ptr<pybind11::error_already_set> deferred_;
  bool loaded_ = false;
};

void BindPlatform(pybind11::module_& m);

}  // namespace mtesim::python
