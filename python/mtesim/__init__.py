"""mtesim: Python front end of the MTE simulator.

Each Simulation owns a worker process hosting the native module (SystemC
cannot restart its kernel within one process).
"""

import ctypes as _ctypes
import os as _os

# libsystemc refers to sc_main, which the dynamic loader must find when mtesim._native
# loads it: this small library provides it in the global scope (python/native/sc_main.cpp).
_SC_MAIN = _os.path.join(_os.path.dirname(__file__), "libmtesim_sc_main.so")
if _os.path.exists(_SC_MAIN):
    _ctypes.CDLL(_SC_MAIN, mode=_ctypes.RTLD_GLOBAL)

from . import errors, hypervisor, trace
from ._rpc import Callback
from .errors import SimulationClosed, SimulationError, WorkerDied
from .simulation import RunResult, Simulation
from .sweep import sweep

__all__ = [
    "Callback",
    "RunResult",
    "Simulation",
    "SimulationClosed",
    "SimulationError",
    "WorkerDied",
    "errors",
    "hypervisor",
    "sweep",
    "trace",
]
