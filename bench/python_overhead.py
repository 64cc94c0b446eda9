#!/usr/bin/env python3
"""Costs of the Python front end's process boundary.

  PYTHONPATH=build/python python3 bench/python_overhead.py [--calls N] [--starts N]

Measures (a) a call's round trip (a trivial call, repeated), (b) starting and
closing a simulation, (c) a callback's round trip (worker -> user process ->
worker).  Against the native Platform when mtesim._native is importable
(pe_count; Simulation({...})); otherwise against tests/python/rpc_target.py,
which says nothing about the native side's own costs.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
RPC_TARGET_DIR = os.path.join(os.path.dirname(HERE), "tests", "python")


def machine():
    model = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()}, {platform.platform()}"


def timed(fn, repeat):
    start = time.perf_counter()
    for _ in range(repeat):
        fn()
    return (time.perf_counter() - start) / repeat


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=2000, help="round trips per measurement")
    parser.add_argument("--starts", type=int, default=20, help="simulations started and closed")
    parser.add_argument("--rounds", type=int, default=5, help="measurements (the median is shown)")
    parser.add_argument("--fake", action="store_true", help="use rpc_target even if the native module exists")
    options = parser.parse_args()

    import mtesim
    from mtesim import Callback, Simulation

    native = False
    if not options.fake:
        try:
            import mtesim._native  # noqa: F401
            native = True
        except ImportError:
            pass
    if RPC_TARGET_DIR not in sys.path:
        sys.path.insert(0, RPC_TARGET_DIR)
    os.environ["PYTHONPATH"] = os.pathsep.join(
        p for p in [os.environ.get("PYTHONPATH", ""), RPC_TARGET_DIR] if p)

    if native:
        target = "native mtesim._native.Platform"

        def make():
            return Simulation({}, console=None)

        def trivial(sim):
            return sim._root._get("pe_count")
    else:
        target = "rpc_target (pure Python; mtesim._native not importable or --fake)"

        def make():
            return Simulation._with_target("rpc_target", "Target", console=None)

        def trivial(sim):
            return sim._root._call("nothing")

    class Echo(Callback):
        def ping(self, x):
            return x

    results = []

    # (b) start + close
    starts = []
    for _ in range(options.rounds):
        starts.append(timed(lambda: make().close(), max(1, options.starts // options.rounds)))
    results.append(("simulation start + close", statistics.median(starts), "per simulation"))

    with make() as sim:
        # (a) round trip of a trivial call
        trivial(sim)
        rounds = [timed(lambda: trivial(sim), options.calls) for _ in range(options.rounds)]
        results.append(("trivial call round trip", statistics.median(rounds), "per call"))
        # a call moving 1 MiB back
        if not native:
            rounds = [timed(lambda: sim._root._call("array", 1 << 20), 50) for _ in range(options.rounds)]
            results.append(("call returning 1 MiB ndarray", statistics.median(rounds), "per call"))

    # (c) callback round trip: the worker calls the user's object
    echo = Echo()
    with Simulation._with_target("rpc_target", "Target", console=None) as sim:
        root = sim._root
        root._call("save_callback", echo)
        # one call, one callback: minus a plain call's cost below
        echo.notify = echo.ping
        both = [timed(lambda: root._call("fire_saved", 1), options.calls) for _ in range(options.rounds)]
        plain = [timed(lambda: root._call("nothing"), options.calls) for _ in range(options.rounds)]
        results.append(("call making one callback", statistics.median(both), "per call"))
        results.append(("  callback round trip alone", statistics.median(both) - statistics.median(plain),
                        "difference"))

    print(f"machine: {machine()}")
    print(f"target:  {target}")
    print(f"mtesim:  {os.path.dirname(mtesim.__file__)}")
    print(f"{'measure':34} {'time':>12}  note")
    for name, seconds, note in results:
        text = f"{seconds * 1e6:9.1f} us" if seconds < 0.01 else f"{seconds * 1e3:9.2f} ms"
        print(f"{name:34} {text:>12}  {note}")
    print(json.dumps({name: seconds for name, seconds, _ in results}))


if __name__ == "__main__":
    main()
