#!/usr/bin/env python3
"""How mtesim.sweep scales with Dask workers.

  PYTHONPATH=build/python python3 bench/sweep_scaling.py --image guest.elf [--points N]
      [--max-instructions N] [--workers 1,2]
  PYTHONPATH=build/python python3 bench/sweep_scaling.py --fake [--points N] [--work N]

Runs the same sweep of N points on LocalClusters of 1, 2, ... worker
processes and prints points/s and the speed-up over one worker.  The
default points are real simulations of --image; --fake points run a
CPU-bound pure-Python loop in a Simulation-shaped object (no worker process,
no native module), so that Dask's own scaling can be measured before the
native module exists.  The clusters' start-up is not counted.
"""

import argparse
import os
import sys
import time


class FakeSimulation:
    """Enough of Simulation for sweep's default run: a CPU-bound run."""

    def __init__(self, config):
        self.config = config

    def load(self, image):
        pass

    def run(self, max_instructions=0, until="end"):
        from mtesim import RunResult
        start = time.perf_counter()
        total = 0
        for i in range(self.config["work"]):
            total += i * i % 7
        return RunResult(state="finished", reason="fake", exit_status=0, instructions=self.config["work"],
                         simulated_seconds=0.0, host_seconds=time.perf_counter() - start)

    def statistics(self):
        return {"checksum": 0}

    def close(self):
        pass


def fake_simulation(config):
    return FakeSimulation(config)


def machine():
    model = "?"
    try:
        with open("/proc/cpuinfo") as f:
            model = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return f"{os.cpu_count()} CPUs ({model})"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--image", help="guest ELF image each point loads and runs")
    parser.add_argument("--max-instructions", type=int, default=0, help="per point (0: to the end)")
    parser.add_argument("--config", default=None, help="JSON config file of every point")
    parser.add_argument("--fake", action="store_true", help="CPU-bound pure-Python points")
    parser.add_argument("--work", type=int, default=3_000_000, help="--fake: loop iterations per point")
    parser.add_argument("--points", type=int, default=16)
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    options = parser.parse_args()
    if not options.fake and not options.image:
        parser.error("give --image (real simulations) or --fake")

    import warnings

    from distributed import Client, LocalCluster

    from mtesim import sweep
    from mtesim.simulation import load_config

    if options.fake:
        configs = [{"work": options.work, "point": i} for i in range(options.points)]
        make = fake_simulation
        what = f"--fake: {options.work} iterations of a Python loop per point"
    else:
        base = load_config(options.config)
        configs = [dict(base) for _ in range(options.points)]  # the same simulation N times
        make = None
        what = f"image {options.image}, max_instructions={options.max_instructions}"

    print(f"machine: {machine()}")
    print(f"points:  {options.points} ({what})")
    print(f"{'workers':>7} {'seconds':>9} {'points/s':>9} {'speed-up':>9} {'errors':>7}")
    base_rate = None
    for n in [int(w) for w in options.workers.split(",")]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None)
            client = Client(cluster)
        try:
            client.wait_for_workers(n)
            start = time.perf_counter()
            frame = sweep(configs, image=options.image, client=client, progress=False,
                          max_instructions=options.max_instructions, _make_simulation=make)
            seconds = time.perf_counter() - start
        finally:
            client.close()
            cluster.close()
        rate = len(configs) / seconds
        base_rate = base_rate or rate
        errors = int(frame["error"].notna().sum())
        print(f"{n:7d} {seconds:9.2f} {rate:9.2f} {rate / base_rate:8.2f}x {errors:7d}")
        if errors:
            print("  first error:", frame["error"].dropna().iloc[0], file=sys.stderr)


if __name__ == "__main__":
    main()
