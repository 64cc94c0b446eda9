"""Exceptions raised by the mtesim Python front end."""


class SimulationError(RuntimeError):
    """An error reported by a simulation (or its worker process)."""


class SimulationClosed(SimulationError):
    """The simulation was closed (explicitly, or because its worker died)."""


class WorkerDied(SimulationError):
    """The simulation's worker process ended while a call was in progress."""
