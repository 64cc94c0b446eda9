"""Simulation: one simulated platform, hosted in its own worker process."""

import codecs
import dataclasses
import json
import operator
import os
import sys

from ._client import RemoteObject, WorkerClient, live_workers  # noqa: F401 (re-exported)
from .errors import SimulationClosed  # noqa: F401

_DEFAULT_CONSOLE = object()


@dataclasses.dataclass
class RunResult:
    """What a run (or step) ended with."""

    state: str = None               # e.g. "finished", "stopped", "limit"
    reason: str = None              # why the run ended, in words
    exit_status: int = None         # platform.md's statuses (0 powered off, ...)
    instructions: int = None        # instructions executed by all PEs
    simulated_seconds: float = None
    host_seconds: float = None
    exit: object = None             # the software's exit information, if any
    extra: dict = dataclasses.field(default_factory=dict)  # any other field of the native result

    @property
    def finished(self):
        """Whether the software ended the run (rather than a limit or a stop)."""
        return self.state == "finished"

    @classmethod
    def from_dict(cls, values):
        if isinstance(values, RunResult):
            return values
        if not isinstance(values, dict):
            raise TypeError(f"the native run returned {type(values).__name__}, not a dict")
        names = {f.name for f in dataclasses.fields(cls)} - {"extra"}
        known = {k: v for k, v in values.items() if k in names}
        extra = {k: v for k, v in values.items() if k not in names}
        return cls(**known, extra=extra)

    def as_dict(self):
        values = {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name != "extra"}
        values.update(self.extra)
        return values


def flatten(values, prefix="", sep="."):
    """{"a": {"b": 1}} -> {"a.b": 1}."""
    flat = {}
    for key, value in values.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, name + sep, sep))
        else:
            flat[name] = value
    return flat


def _merge(base, overrides):
    merged = dict(base)
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def load_config(config, overrides=None):
    """The configuration dict of `config` (dict, JSON file path or None) with
    `overrides` merged on top."""
    if config is None:
        values = {}
    elif isinstance(config, dict):
        values = dict(config)
    elif isinstance(config, (str, os.PathLike)):
        path = os.fspath(config)
        with open(path, encoding="utf-8") as f:  # OSError if unreadable
            text = f.read()
        try:
            values = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}: not a JSON configuration: {exc}") from None
        if not isinstance(values, dict):
            raise ValueError(f"{path}: the configuration must be a JSON object, "
                             f"not {type(values).__name__}")
    else:
        raise TypeError("config must be a dict, a path to a JSON file or None, "
                        f"not {type(config).__name__}")
    if overrides:
        values = _merge(values, overrides)
    return values


def _index(value, what, minimum=0):
    if isinstance(value, bool):
        raise TypeError(f"{what} must be an int, not bool")
    try:
        value = operator.index(value)
    except TypeError:
        raise TypeError(f"{what} must be an int, not {type(value).__name__}") from None
    if value < minimum:
        raise ValueError(f"{what} must be at least {minimum}, not {value}")
    return value


def _as_bytes(data, what):
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    if type(data).__name__ == "ndarray":
        import numpy as np
        if data.dtype != np.uint8:
            if data.size and (data.min() < 0 or data.max() > 255):
                raise ValueError(f"{what} values must be 0..255")
            data = data.astype(np.uint8)
        return data.tobytes()
    if isinstance(data, (list, tuple)):
        try:
            return bytes(data)
        except (TypeError, ValueError) as exc:
            raise type(exc)(f"{what}: {exc}") from None
    raise TypeError(f"{what} must be bytes-like, a uint8 numpy array or a list of ints, "
                    f"not {type(data).__name__}")


def _as_uint8_array(data):
    import numpy as np
    if isinstance(data, (bytes, bytearray, memoryview)):
        return np.frombuffer(bytes(data), dtype=np.uint8).copy()
    return np.asarray(data, dtype=np.uint8)


class _Console:
    """Receives the worker's output: accumulates it and hands it to the
    user's handler (by default, sys.stdout)."""

    def __init__(self, handler):
        self.handler = handler
        self.chunks = []
        self.decoders = {}

    def __call__(self, stream, data):
        decoder = self.decoders.get(stream)
        if decoder is None:
            decoder = self.decoders[stream] = codecs.getincrementaldecoder("utf-8")("replace")
        text = decoder.decode(data)
        if not text:
            return
        self.chunks.append(text)
        if self.handler is _DEFAULT_CONSOLE:
            out = sys.stdout
            if out is not None:
                out.write(text)
                out.flush()
        elif self.handler is not None:
            self.handler(text)

    @property
    def text(self):
        if len(self.chunks) > 1:
            self.chunks[:] = ["".join(self.chunks)]
        return self.chunks[0] if self.chunks else ""


class Simulation:
    """One simulated platform in its own worker process.

    Simulation(config=None, *, image=None, console=<stdout>, trace=None,
               trace_detail=None, trace_interval=None, **overrides):
    `config` is a dict with the keys of the JSON configuration file, a path
    to such a file, or None; keyword `overrides` are merged on top.
    `console`: the default writes the worker's output (guest console...) to
    sys.stdout; None only accumulates it (see console_output); a callable
    is called with each chunk of text.
    `trace`: record a binary trace (docs/trace-format.md) to this file from
    the start, as `mtesim run --trace FILE.mtt` does, at `trace_detail`
    ("events", "memory" (default) or "instructions") with counters sampled
    every `trace_interval` (e.g. "10us"); see record() and mtesim.trace.
    """

    def __init__(self, config=None, *, image=None, console=_DEFAULT_CONSOLE, trace=None,
                 trace_detail=None, trace_interval=None, **overrides):
        self._client = None
        if trace is None and (trace_detail is not None or trace_interval is not None):
            raise ValueError("trace_detail and trace_interval need trace=FILE")
        if console is not _DEFAULT_CONSOLE and console is not None and not callable(console):
            raise TypeError(f"console must be None or callable, not {type(console).__name__}")
        values = load_config(config, overrides)
        self.config = values
        # The guest's console reaches this process as the worker's "console" stream.
        self._start("mtesim._native", "Platform", (json.dumps(values),), {"console": "console"}, console)
        try:
            # As the CLI does: the image first, then the recorder attached to the loaded machine.
            if image is not None:
                self.load(image)
            if trace is not None:
                self.record(trace, detail=trace_detail, interval=trace_interval)
        except BaseException:
            self.close()
            raise

    @classmethod
    def _with_target(cls, module, class_name, *args, console=_DEFAULT_CONSOLE, **kwargs):
        """A Simulation whose worker's root object is module.class_name(*args,
        **kwargs) instead of the native Platform (tests, benchmarks)."""
        self = cls.__new__(cls)
        self._client = None
        self.config = None
        self._start(module, class_name, args, kwargs, console)
        return self

    def _start(self, module, class_name, args, kwargs, console):
        self._console = _Console(console)
        self._client = WorkerClient(module, class_name, args, kwargs, on_output=self._console)

    # ------------------------------------------------------------ lifetime
    def close(self):
        """Ends the worker process (idempotent).  A trace being recorded is ended first
        (its errors are raised, after the worker has gone)."""
        if self._client is not None:
            error = None
            if getattr(self, "_recording", False) and not self._client.closed:
                self._recording = False
                try:
                    self._call("stop_recording")
                except Exception as exc:  # noqa: B902 - raised once the worker is closed
                    error = exc
            self._client.close()
            if error is not None:
                raise error

    @property
    def closed(self):
        return self._client is None or self._client.closed

    @property
    def pid(self):
        """The worker process's id."""
        return None if self._client is None else self._client.pid

    @property
    def console_output(self):
        """Everything the worker has output so far, as text."""
        return self._console.text if self._client is not None else ""

    @property
    def _root(self):
        """The native Platform (a RemoteObject)."""
        return self._client.root

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        state = "closed" if self.closed else f"worker pid {self.pid}"
        return f"<mtesim.Simulation ({state})>"

    def _call(self, name, *args, **kwargs):
        return self._client._request(("call", 0, name, args, kwargs))

    # ---------------------------------------------------------------- runs
    def load(self, image_path):
        """Loads an ELF image; returns what the native loader reports."""
        if not isinstance(image_path, (str, os.PathLike)):
            raise TypeError(f"image_path must be a str or path, not {type(image_path).__name__}")
        return self._call("load", os.fspath(image_path))

    def run(self, max_instructions=0, until="end"):
        """Runs until `until` ("end": the software stops the platform) or
        `max_instructions` (0: no limit) instructions."""
        max_instructions = _index(max_instructions, "max_instructions")
        if not isinstance(until, str):
            raise TypeError(f"until must be a str, not {type(until).__name__}")
        return RunResult.from_dict(self._call("run", max_instructions, until))

    def record(self, path, detail=None, interval=None):
        """Records a binary trace to `path` from now on (until stop_recording() or
        close()): detail "events", "memory" (default) or "instructions"; counters
        sampled every `interval` of simulated time (e.g. "10us", the default).
        Read it with mtesim.trace."""
        path = os.fspath(path) if isinstance(path, os.PathLike) else path
        if not isinstance(path, str):
            raise TypeError(f"path must be a str or path, not {type(path).__name__}")
        for name, value in (("detail", detail), ("interval", interval)):
            if value is not None and not isinstance(value, str):
                raise TypeError(f"{name} must be a str or None, not {type(value).__name__}")
        self._call("record", path, detail or "", interval or "")
        self._recording = True

    def stop_recording(self):
        """Ends the trace being recorded (a last counter sample, the end record);
        False if none was."""
        self._recording = False
        return self._call("stop_recording")

    def step(self, n=1):
        """Runs n (>= 1) instructions."""
        return self.run(max_instructions=_index(n, "n", 1))

    # ----------------------------------------------------------- the state
    @property
    def pe_count(self):
        return self._client._request(("getattr", 0, "pe_count", ))

    def registers(self, pe=0):
        return self._call("read_registers", _index(pe, "pe"))

    def get_register(self, name, pe=0):
        if not isinstance(name, str):
            raise TypeError(f"the register name must be a str, not {type(name).__name__}")
        return self._call("get_register", _index(pe, "pe"), name)

    def set_register(self, name, value, pe=0):
        if not isinstance(name, str):
            raise TypeError(f"the register name must be a str, not {type(name).__name__}")
        if isinstance(value, bool):
            raise TypeError("the register value must be an int, not bool")
        try:
            value = operator.index(value)
        except TypeError:
            raise TypeError(f"the register value must be an int, not {type(value).__name__}") from None
        return self._call("set_register", _index(pe, "pe"), name, value)

    def read_memory(self, address, size):
        data = self._call("read_memory", _index(address, "address"), _index(size, "size"))
        return _as_uint8_array(data)

    def write_memory(self, address, data):
        return self._call("write_memory", _index(address, "address"), _as_bytes(data, "data"))

    def read_tags(self, address, size):
        data = self._call("read_tags", _index(address, "address"), _index(size, "size"))
        return _as_uint8_array(data)

    def write_tags(self, address, tags):
        tags = _as_bytes(tags, "tags")
        bad = next((i for i, t in enumerate(tags) if t > 15), None)
        if bad is not None:
            raise ValueError(f"tags[{bad}] is {tags[bad]}: allocation tags are 0..15")
        return self._call("write_tags", _index(address, "address"), tags)

    # ---------------------------------------------------------- hypervisor
    @property
    def vm(self):
        """The built-in VMM's guest VM (mtesim.hypervisor.Vm)."""
        from .hypervisor import Vm
        return Vm(self._call("vm"))

    @property
    def migration_destination(self):
        """The live migration's destination VM (config 'migrate'), or None."""
        from .hypervisor import Vm
        remote = self._call("migration_destination")
        return None if remote is None else Vm(remote)

    @property
    def kvm(self):
        """/dev/kvm for a script VMM (config {"vmm": "script"}): mtesim.hypervisor.Kvm."""
        from .hypervisor import Kvm
        return Kvm(self._call("kvm"))

    # ---------------------------------------------------------- statistics
    def statistics(self, since_snapshot=False):
        """The statistics as nested dicts; with since_snapshot, what happened
        after take_snapshot().  Only counters, histograms and matrices are
        snapshotted: derived values (cpi, hit_rate, tag_share...) and gauges
        are evaluated on the current totals even then (reset_statistics()
        starts a region of interest that they follow)."""
        if not isinstance(since_snapshot, bool):
            raise TypeError(f"since_snapshot must be a bool, not {type(since_snapshot).__name__}")
        return self._call("statistics", since_snapshot)

    def statistics_arrays(self):
        """The counter sets, histograms and matrices as {name: {"kind",
        "labels", "values"}}, "values" a NumPy array (a copy, made in the
        worker); a counter set is named by its first counter
        ("pe0.mte.sync_read_checks" holds every pe0.mte counter)."""
        return self._call("statistics_arrays")

    def statistics_frame(self, since_snapshot=False):
        """The statistics as a pandas DataFrame indexed by name, with columns
        value and description."""
        import pandas as pd

        values = flatten(self.statistics(since_snapshot))
        descriptions = dict(self._call("describe_statistics"))
        names = list(values) + [n for n in descriptions if n not in values]
        frame = pd.DataFrame({
            "value": [values.get(n) for n in names],
            "description": [descriptions.get(n) for n in names],
        }, index=pd.Index(names, name="name"))
        return frame

    def take_snapshot(self):
        return self._call("take_snapshot")

    def reset_statistics(self):
        return self._call("reset_statistics")
