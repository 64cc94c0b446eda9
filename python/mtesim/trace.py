"""mtesim.trace: binary traces (*.mtt) from Python.

    info(path)                       -> dict, what `mtesim trace info` prints
    records(path, limit=None)        -> iterator of dicts, one per record
    dump(path, pe=None, limit=None, file=sys.stdout)   `mtesim trace dump`'s lines
    convert(path, to="perfetto", out=...)              `mtesim trace convert`
    load_counters(path)              -> pandas.DataFrame (time in us, counter, value)
    replay(path, config=None, **settings) -> dict, `mtesim trace replay`: the recording
                                        through the timing memory system of `config`

Record a trace with mtesim.Simulation(..., trace="run.mtt") or sim.record(path), or
`mtesim run IMAGE --trace run.mtt`.

Reading a trace touches no SystemC kernel (it is plain file I/O in the native module), so
these functions run in this process, not in a worker.  A malformed trace raises
ValueError naming the file and the offset at fault; a file that cannot be opened raises
OSError.
"""

import itertools
import json
import os
import sys

__all__ = ["info", "records", "dump", "convert", "load_counters", "replay"]


def _native():
    from . import _native  # imported on first use: `import mtesim` stays light
    return _native


def _path(path):
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a str or path, not {type(path).__name__}")
    return os.fspath(path)


def _limit(limit):
    if limit is None:
        return None
    if isinstance(limit, bool) or not isinstance(limit, int):
        raise TypeError(f"limit must be an int or None, not {type(limit).__name__}")
    if limit < 0:
        raise ValueError(f"limit must not be negative, not {limit}")
    return limit


def info(path):
    """The trace's summary: header (version, detail, compression, pe_count, cycle_ps),
    records and records_by_kind, per PE (pes[i]: instructions, accesses by kind,
    exceptions), tag_faults (sync, async), vm_exits by reason, first_ps/last_ps,
    file_bytes and body_bytes (decompressed)."""
    return json.loads(_native().trace_info(_path(path)))


def records(path, limit=None):
    """The records of the trace, each a dict with "kind", "pe", "time_ps", the kind's
    fields (e.g. "pc", "word", "el" for "insn"; "name", "esr", "far" for "exception") and
    "line", the record as `mtesim trace dump` prints it.  Read lazily, in constant memory."""
    limit = _limit(limit)
    # Opened now, so that a missing or unreadable file raises here, not at the first next().
    it = _native().TraceRecords(_path(path))
    return it if limit is None else itertools.islice(it, limit)


def dump(path, pe=None, limit=None, file=None):
    """Writes `mtesim trace dump`'s lines to `file` (default sys.stdout): only PE `pe`'s
    records if given, at most `limit` lines.  Returns the number of lines."""
    limit = _limit(limit)
    if pe is not None and (isinstance(pe, bool) or not isinstance(pe, int) or pe < 0):
        raise ValueError(f"pe must be a PE number or None, not {pe!r}")
    out = sys.stdout if file is None else file
    lines = 0
    for record in records(path):
        if limit is not None and lines >= limit:
            break
        if pe is not None and record["pe"] != pe:
            continue
        out.write(record["line"] + "\n")
        lines += 1
    return lines


def convert(path, to="perfetto", out=None):
    """Converts the trace: to="perfetto" writes the Chrome JSON timeline that
    ui.perfetto.dev opens; to="text" writes the lines `--trace FILE.txt` writes (the
    trace must be recorded with detail "instructions").  `out` defaults to the trace's
    name with .json or .txt; returns the path written."""
    path = _path(path)
    if to not in ("perfetto", "text"):
        raise ValueError(f"to={to!r}: must be 'perfetto' or 'text'")
    if out is None:
        out = os.path.splitext(path)[0] + (".json" if to == "perfetto" else ".txt")
    out = _path(out)
    _native().trace_convert(path, to, out)
    return out


def load_counters(path):
    """Every counter sample of the trace (the cumulative statistics the recorder samples
    every trace interval: "pe0.instructions", "pe0.cycles", "l2.hits"...) as a pandas
    DataFrame with columns time (microseconds of simulated time), counter, value."""
    import pandas as pd

    times, codes, values, names = _native().trace_counters(_path(path))
    return pd.DataFrame({
        "time": times,
        "counter": pd.Categorical.from_codes(codes, categories=names) if names else pd.Categorical([]),
        "value": values,
    })


def replay(path, config=None, **settings):
    """Replays a recording (detail "memory" or "instructions") through the timing memory
    system the configuration describes, without executing anything: a design sweep
    replays one recording per configuration (mtesim.sweep(configs, trace=path)).

    config: a dict with the JSON configuration's keys (the "timing" object, "smp",
    "vcpus_per_pe", "memory", "cycle_ps"...), keyword settings override it; the PE count
    and cycle time must be the recording's.  Returns a dict: "statistics" (nested, the
    names of an execution run's: pe0.cycles, pe0.l1d.hits, l2.misses,
    memory.tag_cache.hits...), "records", "accesses", "instructions", "pe_cycles",
    "simulated_seconds" and "host_seconds".  Runs in this process (it never starts a
    SystemC simulation).  A malformed trace or a disagreeing setting raises ValueError
    naming it; a missing file OSError."""
    from .simulation import load_config  # the same dict handling as Simulation(config)

    path = _path(path)
    return json.loads(_native().trace_replay(path, json.dumps(load_config(config, settings))))
