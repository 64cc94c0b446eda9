"""sweep(): many simulations, one per configuration, run as Dask tasks."""

import math
import os
import sys
import time

from .simulation import RunResult, Simulation, flatten

_PACKAGE_PARENT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def default_run(sim, config, max_instructions=0):
    """What a point does unless sweep() is given `run`: runs the simulation
    and returns the run result's fields (its host_seconds as
    run_host_seconds) and the statistics as "stats.<dotted name>"."""
    result = sim.run(max_instructions=max_instructions)
    row = result.as_dict()
    row["run_host_seconds"] = row.pop("host_seconds", None)
    exit_info = row.pop("exit", None)
    if isinstance(exit_info, dict):
        row.update(flatten(exit_info, "exit."))
    elif exit_info is not None:
        row["exit"] = exit_info
    row.update(flatten(sim.statistics(), "stats."))
    return row


def _as_row(value):
    if isinstance(value, RunResult):
        value = value.as_dict()
    if isinstance(value, dict):
        return flatten(value)
    return {"result": value}


def replay_row(trace, config):
    """What a point does with sweep(..., trace=): replays the recording through the
    point's memory system; the replay's fields and "stats.<dotted name>"."""
    from .trace import replay

    result = replay(trace, config)
    row = {key: value for key, value in result.items() if key not in ("statistics", "pe_cycles", "host_seconds")}
    row["replay_host_seconds"] = result["host_seconds"]
    row.update(flatten(result["statistics"], "stats."))
    return row


def _run_point(config, run, image, max_instructions, make_simulation, trace=None):
    """One point, in a Dask worker: never raises; returns (row, error, seconds)."""
    start = time.perf_counter()
    if trace is not None:
        try:
            return replay_row(trace, config), None, time.perf_counter() - start
        except Exception as exc:
            return {}, _describe(exc), time.perf_counter() - start
    try:
        # A point may name its own guest ("image" is not a platform setting).
        platform_config = dict(config)
        image = platform_config.pop("image", image)
        # The guest's console is kept in sim.console_output (a `run` may return it),
        # not written to the Dask worker's stdout, which nobody sees.
        sim = (make_simulation(platform_config) if make_simulation is not None
               else Simulation(platform_config, console=None))
        try:
            if image is not None:
                sim.load(image)
            if run is None:
                row = default_run(sim, config, max_instructions)
            else:
                row = _as_row(run(sim, config))
        finally:
            sim.close()
        return row, None, time.perf_counter() - start
    except Exception as exc:
        return {}, _describe(exc), time.perf_counter() - start


def _describe(exc):
    return f"{type(exc).__name__}: {exc}"


def _ensure_importable():
    """Dask workers (and their simulations' workers) import this package."""
    parts = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    if _PACKAGE_PARENT not in (os.path.abspath(p) for p in parts):
        os.environ["PYTHONPATH"] = os.pathsep.join([_PACKAGE_PARENT] + parts)


def sweep(configs, run=None, *, image=None, trace=None, client=None, n_workers=None, progress=True,
          max_instructions=0, _make_simulation=None):
    """Runs one simulation per configuration on Dask and returns a DataFrame.

    configs: a list of config dicts, or a dict of name -> config dict (the
      names become the index).  A config's "image" key (not a platform
      setting) names that point's guest instead of `image`, so one sweep can
      compare guests (e.g. the same benchmark built for each MTE mode).
    run(sim, config): what each point does once the Simulation exists (and
      `image` is loaded; its console is collected in sim.console_output, not
      printed); returns a dict (nested dicts are flattened with
      dots), a RunResult or a value (column "result").  The default runs
      `max_instructions` (0: to the end) and reports the run result and
      the statistics.
    trace: a recording (mtesim run --mode timing --trace run.mtt, or
      Simulation(trace=...)) to replay through each point's memory system
      instead of executing (mtesim.trace.replay): the point's timing keys
      vary, its PE count and cycle time stay the recording's.  Not with
      `run` or `image`.
    client: a dask.distributed Client to use (not closed); None starts a
      LocalCluster of `n_workers` (default os.cpu_count()) single-threaded
      worker processes for the call.
    Result: one row per point, in input order: columns "config.<key>", the
    point's result columns, "error" ("TypeName: message", None when the
    point succeeded; its other columns are then NaN) and "host_seconds"
    (the point's wall time in its worker).
    """
    import pandas as pd
    from distributed import as_completed

    if isinstance(configs, dict):
        names = list(configs)
        points = list(configs.values())
    else:
        try:
            points = list(configs)
        except TypeError:
            raise TypeError(f"configs must be a list or dict of configs, not {type(configs).__name__}") from None
        names = None
    for point in points:
        if not isinstance(point, dict):
            raise TypeError(f"each configuration must be a dict, not {type(point).__name__}")
    if run is not None and not callable(run):
        raise TypeError(f"run must be callable, not {type(run).__name__}")
    if trace is not None:
        if run is not None or image is not None:
            raise ValueError("sweep: trace= replays a recording; it takes no run or image")
        if not isinstance(trace, (str, os.PathLike)):
            raise TypeError(f"trace must be a path, not {type(trace).__name__}")
        trace = os.path.abspath(os.fspath(trace))  # the Dask workers' working directory may differ
        if not os.path.isfile(trace):
            raise OSError(2, "No such file or trace", trace)
    if n_workers is not None and (not isinstance(n_workers, int) or n_workers < 1):
        raise ValueError(f"n_workers must be a positive int, not {n_workers!r}")

    _ensure_importable()
    own = client is None
    cluster = None
    if own:
        import warnings

        from distributed import Client, LocalCluster

        with warnings.catch_warnings():
            # No dashboard; the scheduler's small HTTP server warns when its
            # default port is taken by another cluster and takes another port.
            warnings.filterwarnings("ignore", message="Port .* is already in use")
            cluster = LocalCluster(n_workers=n_workers or os.cpu_count() or 1, threads_per_worker=1,
                                   processes=True, dashboard_address=None)
        try:
            client = Client(cluster)
        except BaseException:
            cluster.close()
            raise
    try:
        futures = [client.submit(_run_point, point, run, image, max_instructions, _make_simulation, trace,
                                 pure=False)
                   for point in points]
        index_of = {future.key: i for i, future in enumerate(futures)}
        outcomes = [None] * len(points)
        bar = None
        if progress and points:
            from tqdm import tqdm  # text bar: Debian's Jupyter has no ipywidgets
            bar = tqdm(total=len(points), desc="sweep", unit="point", file=sys.stderr)
        try:
            for future in as_completed(futures):
                i = index_of[future.key]
                if future.status == "error":
                    outcomes[i] = ({}, _describe(future.exception()), math.nan)
                else:
                    try:
                        outcomes[i] = future.result()
                    except Exception as exc:
                        outcomes[i] = ({}, _describe(exc), math.nan)
                future.release()
                if bar is not None:
                    bar.update(1)
        finally:
            if bar is not None:
                bar.close()
    finally:
        if own:
            client.close()
            cluster.close()

    rows = []
    for point, (result, error, seconds) in zip(points, outcomes):
        row = flatten(point, "config.")
        for key, value in result.items():
            row[key] = value
        row["error"] = error
        row["host_seconds"] = seconds
        rows.append(row)
    if not rows:
        return pd.DataFrame(columns=["error", "host_seconds"])
    frame = pd.DataFrame(rows)
    # "error" and "host_seconds" last, whatever the results' columns.
    frame = frame[[c for c in frame.columns if c not in ("error", "host_seconds")]
                  + ["error", "host_seconds"]]
    frame["error"] = frame["error"].astype(object).where(frame["error"].notna(), None)
    if names is not None:
        frame.index = pd.Index(names, name="name")
    return frame
