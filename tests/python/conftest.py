import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
# Workers (Simulation's and Dask's) import rpc_target from here.
if HERE not in sys.path:
    sys.path.insert(0, HERE)
_parts = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
if HERE not in _parts:
    os.environ["PYTHONPATH"] = os.pathsep.join(_parts + [HERE])


def pid_alive(pid):
    """Whether process `pid` exists and is not a zombie (checked in /proc)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            stat = f.read()
    except FileNotFoundError:
        return False
    state = stat[stat.rindex(")") + 2]
    return state not in "ZX"


def descendants(pid=None):
    """Process ids of the living descendants of `pid` (default: this process)."""
    pid = os.getpid() if pid is None else pid
    parents = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        rest = stat[stat.rindex(")") + 2:].split()
        if rest[0] in "ZX":
            continue
        parents[int(entry)] = int(rest[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {p for p, pp in parents.items() if pp in frontier and p not in found}
        found |= frontier
    return found


def wait_gone(pid, timeout=10.0):
    import time
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not pid_alive(pid):
            return True
        time.sleep(0.02)
    return not pid_alive(pid)


@pytest.fixture
def client():
    from mtesim._client import WorkerClient
    c = WorkerClient("rpc_target", "Target", ("t",))
    yield c
    c.close()
