"""The worker process: `python3 -m mtesim._worker FD`.

It hosts one root object (normally mtesim._native.Platform) and serves the
requests described in mtesim._rpc over the connection on file descriptor FD.
Native code sends streamed output (e.g. guest console bytes) to the user's
process by calling mtesim._worker.emit(stream_name, data) at any time.

The parent side of the protocol is mtesim._client.WorkerClient (also
reachable as mtesim._worker.WorkerClient).
"""

import ctypes
import importlib
import io
import os
import pickle
import signal
import sys
import threading
from multiprocessing.connection import Connection
from multiprocessing.reduction import ForkingPickler

from . import _rpc
from ._rpc import CallbackRef, Ref

_conn = None
_send_lock = threading.Lock()
_objects = {}        # object id -> [object, number of Refs handed out]
_ids_by_pyid = {}    # id(object) -> object id
_next_id = 1
_callback_stubs = {}  # callback id -> _CallbackStub


def __getattr__(name):
    # WorkerClient lives in _client (imported lazily so that the worker
    # itself does not load the parent-side machinery).
    if name == "WorkerClient":
        from ._client import WorkerClient
        return WorkerClient
    raise AttributeError(name)


# ----------------------------------------------------------------- sending

def _send(message):
    data = ForkingPickler.dumps(message)  # pickling errors raise before any byte is sent
    with _send_lock:
        _conn.send_bytes(data)


def emit(stream, data):
    """Sends `data` (bytes or str) to the user's process as output of
    `stream` (e.g. "console"); it reaches the Simulation's console handler
    in order with the results of calls.  Safe to call from any thread."""
    if isinstance(data, str):
        data = data.encode("utf-8", "replace")
    else:
        data = bytes(data)
    if not data:
        return
    if _conn is None:  # not serving (e.g. the native module used in-process)
        sys.__stdout__.buffer.write(data)
        sys.__stdout__.flush()
        return
    _send((_rpc.OUTPUT, str(stream), data))


class _StdoutToParent(io.TextIOBase):
    """sys.stdout of the worker: Python-level prints travel to the parent as
    output of stream "stdout" (a line at a time; flushed before every reply)."""

    def __init__(self):
        self._buffer = []

    def writable(self):
        return True

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        self._buffer.append(text)
        if "\n" in text:
            self.flush()
        return len(text)

    def flush(self):
        if self._buffer:
            text = "".join(self._buffer)
            self._buffer.clear()
            emit("stdout", text)


# ----------------------------------------------------------- object table

def _register(obj):
    global _next_id
    key = id(obj)
    oid = _ids_by_pyid.get(key)
    if oid is not None:
        _objects[oid][1] += 1
    else:
        oid = _next_id
        _next_id += 1
        _objects[oid] = [obj, 1]
        _ids_by_pyid[key] = oid
    return Ref(oid, type(obj).__qualname__)


def _release(oid):
    entry = _objects.get(oid)
    if entry is None or oid == 0:
        return
    entry[1] -= 1
    if entry[1] <= 0:
        del _objects[oid]
        _ids_by_pyid.pop(id(entry[0]), None)


def _lookup(oid):
    try:
        return _objects[oid][0]
    except KeyError:
        raise ValueError(f"no remote object with id {oid} (released?)") from None


def _is_native(obj):
    return (getattr(type(obj), "__module__", "") or "").startswith("mtesim._native")


def _export(value):
    """Makes a value ready for the parent: native and unpicklable objects
    become Refs, inside lists, tuples and dicts too."""
    t = type(value)
    if t in _rpc.SCALAR_TYPES:
        return value
    if t is list:
        return [_export(v) for v in value]
    if t is tuple:
        return tuple(_export(v) for v in value)
    if t is dict:
        return {k: _export(v) for k, v in value.items()}
    if _is_native(value):
        return _register(value)
    if t.__name__ == "ndarray" and t.__module__ == "numpy" and value.dtype != object:
        return value
    if isinstance(value, _CallbackStub):
        return CallbackRef(value._cb_id)
    try:
        pickle.dumps(value)
    except Exception:
        return _register(value)
    return value


def _import(value):
    """Resolves Refs and CallbackRefs in arguments from the parent."""
    t = type(value)
    if t is Ref:
        return _lookup(value.id)
    if t is CallbackRef:
        stub = _callback_stubs.get(value.id)
        if stub is None:
            stub = _callback_stubs[value.id] = _CallbackStub(value.id)
        return stub
    if t is list:
        return [_import(v) for v in value]
    if t is tuple:
        return tuple(_import(v) for v in value)
    if t is dict:
        return {k: _import(v) for k, v in value.items()}
    return value


# --------------------------------------------------------------- callbacks

class _CallbackStub:
    """Stands for a mtesim.Callback object of the user's process: calling a
    method (or the stub itself) runs the original in the user's process."""

    __slots__ = ("_cb_id",)

    def __init__(self, cb_id):
        self._cb_id = cb_id

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)

        def method(*args, **kwargs):
            return _callback(self._cb_id, name, args, kwargs)

        method.__name__ = name
        return method

    def __call__(self, *args, **kwargs):
        return _callback(self._cb_id, "__call__", args, kwargs)

    def __repr__(self):
        return f"<mtesim callback {self._cb_id}>"


def _callback(cb_id, method, args, kwargs):
    sys.stdout.flush()
    _send((_rpc.CALLBACK, cb_id, method, _export(args), _export(kwargs)))
    # Until the callback's result arrives, serve the parent's requests (the
    # callback may call back into this process).
    while True:
        message = _receive()
        if message[0] == _rpc.CALLBACK_RESULT:
            _, ok, value = message
            if ok:
                return _import(value)
            raise _rpc.rebuild_exception(value, "callback traceback (user process)")
        _serve(message)


# ----------------------------------------------------------------- serving

def _receive():
    try:
        return _conn.recv()
    except (EOFError, OSError):
        _exit()


def _handle(message):
    kind = message[0]
    if kind == _rpc.CALL:
        _, oid, name, args, kwargs = message
        attribute = getattr(_lookup(oid), name)
        if not callable(attribute):
            if args or kwargs:
                raise TypeError(f"{name!r} is not callable (it is a {type(attribute).__name__})")
            return attribute
        return attribute(*_import(args), **_import(kwargs))
    if kind == _rpc.GETATTR:
        _, oid, name = message
        return getattr(_lookup(oid), name)
    if kind == _rpc.SETATTR:
        _, oid, name, value = message
        setattr(_lookup(oid), name, _import(value))
        return None
    if kind == _rpc.RELEASE:
        for oid in message[1]:
            _release(oid)
        return None
    if kind == _rpc.CREATE:
        if 0 in _objects:
            raise RuntimeError("the worker's root object exists already")
        _, module_name, class_name, args, kwargs = message
        cls = getattr(importlib.import_module(module_name), class_name)
        root = cls(*_import(args), **_import(kwargs))
        _objects[0] = [root, 1]
        _ids_by_pyid[id(root)] = 0
        return Ref(0, type(root).__qualname__)
    raise ValueError(f"unknown request kind {kind!r}")


def _serve(message):
    if message[0] == _rpc.CLOSE:
        try:
            sys.stdout.flush()
            _send((_rpc.RESULT, True, None))
        except Exception:
            pass
        _exit()
    try:
        reply = (_rpc.RESULT, True, _export(_handle(message)))
    except BaseException as exc:  # noqa: B902 - everything goes back to the parent
        reply = (_rpc.RESULT, False, _rpc.exception_info(exc, f"(worker pid {os.getpid()})"))
    try:
        sys.stdout.flush()
    except Exception:
        pass
    try:
        _send(reply)
    except Exception as exc:  # e.g. the result could not be pickled
        _send((_rpc.RESULT, False, _rpc.exception_info(exc, f"(worker pid {os.getpid()}, sending the result)")))


def _exit(status=0):
    # Destroy the objects (native destructors run) before leaving; skip the
    # interpreter's own teardown (SystemC's static state need not survive it).
    try:
        _objects.clear()
        _ids_by_pyid.clear()
        _callback_stubs.clear()
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(status)


def _die_with_parent():
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except Exception:
        pass  # not Linux: EOF on the connection still ends the worker


def main(argv=None):
    global _conn
    argv = sys.argv[1:] if argv is None else argv
    # `python -m mtesim._worker` runs this file as __main__: make
    # `import mtesim._worker` (what native code does to reach emit) find
    # this very module rather than load a second copy.
    module = sys.modules.get(__name__)
    if __name__ == "__main__":
        sys.modules["mtesim._worker"] = module
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides about interrupts
    _conn = Connection(int(argv[0]))
    sys.stdout = _StdoutToParent()
    while True:
        _serve(_receive())


if __name__ == "__main__":
    main()
