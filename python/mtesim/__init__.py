"""mtesim: Python front end of the MTE simulator.

Each Simulation owns a worker process hosting the native module (SystemC
cannot restart its kernel within one process).
"""

from . import errors
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
    "sweep",
]
