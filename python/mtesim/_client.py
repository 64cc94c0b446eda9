"""Parent side of the worker protocol (see mtesim._rpc): WorkerClient starts
a worker process, creates its root object and proxies calls to it."""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import weakref
from multiprocessing.connection import Connection
from multiprocessing.reduction import ForkingPickler

from . import _rpc
from ._rpc import Callback, CallbackRef, Ref
from .errors import SimulationClosed, SimulationError, WorkerDied

_PACKAGE_PARENT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

_live_lock = threading.Lock()
_live = {}  # pid -> _Process of every open worker


def live_workers():
    """The process ids of the workers still open."""
    with _live_lock:
        return sorted(_live)


def describe_status(returncode):
    if returncode is None:
        return "is still running"
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"signal {-returncode}"
        return f"killed by {name}"
    return f"exit status {returncode}"


def worker_environment(base=None):
    """The environment of a worker: PYTHONPATH starts with the directory
    holding this mtesim package, so the worker imports the same package."""
    env = dict(os.environ if base is None else base)
    parts = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    if not parts or os.path.abspath(parts[0]) != _PACKAGE_PARENT:
        parts.insert(0, _PACKAGE_PARENT)
    env["PYTHONPATH"] = os.pathsep.join(parts)
    return env


class _Process:
    """The worker process and its connection.  Finalizers hold this object,
    never the client, so that dropping the client closes the worker."""

    def __init__(self, popen, conn):
        self.popen = popen
        self.conn = conn
        self.closed = False
        with _live_lock:
            _live[popen.pid] = self

    def _forget(self):
        self.closed = True
        with _live_lock:
            _live.pop(self.popen.pid, None)

    def close(self, timeout=5.0, on_output=None):
        """Asks the worker to exit, delivering its last output; kills it if it
        has not exited after `timeout` seconds.  Idempotent."""
        if self.closed:
            return
        self._forget()
        deadline = time.monotonic() + timeout
        try:
            self.conn.send((_rpc.CLOSE,))
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not self.conn.poll(remaining):
                    break
                message = self.conn.recv()
                if message[0] == _rpc.OUTPUT and on_output is not None:
                    on_output(message[1], message[2])
                elif message[0] == _rpc.RESULT:
                    break
        except Exception:
            pass  # dead or unresponsive: reaped below
        self.reap(max(0.0, deadline - time.monotonic()))

    def reap(self, timeout=5.0):
        """Waits up to `timeout` seconds for the worker to end, then kills it."""
        self._forget()
        try:
            self.conn.close()
        except OSError:
            pass
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
        return self.popen.returncode

    def kill(self):
        self._forget()
        try:
            self.popen.kill()
        except OSError:
            pass
        self.popen.wait()
        try:
            self.conn.close()
        except OSError:
            pass


class RemoteObject:
    """An object living in a worker: `_call(name, *args, **kwargs)` calls a
    method, `_get(name)` / `_set(name, value)` access an attribute or
    property, `release()` lets the worker drop it (as does garbage
    collection of the RemoteObject)."""

    __slots__ = ("_client", "_ref", "_finalizer", "__weakref__")

    def __init__(self, client, ref, owned=True):
        self._client = client
        self._ref = ref
        self._finalizer = None
        if owned:
            self._finalizer = weakref.finalize(self, client._queue_release, ref.id)
            self._finalizer.atexit = False

    @property
    def type_name(self):
        return self._ref.type_name

    def _check(self):
        if self._ref is None:
            raise SimulationError("the remote object has been released")
        return self._ref.id

    def _call(self, name, *args, **kwargs):
        return self._client._request((_rpc.CALL, self._check(), name, args, kwargs))

    def _get(self, name):
        return self._client._request((_rpc.GETATTR, self._check(), name))

    def _set(self, name, value):
        return self._client._request((_rpc.SETATTR, self._check(), name, value))

    def release(self):
        """Lets the worker drop the object (idempotent)."""
        if self._ref is None:
            return
        ref = self._ref
        self._ref = None
        if self._finalizer is not None:
            self._finalizer.detach()
            if not self._client.closed:
                self._client._request((_rpc.RELEASE, [ref.id]))

    def __repr__(self):
        if self._ref is None:
            return "<RemoteObject (released)>"
        return f"<RemoteObject {self._ref.type_name} #{self._ref.id} in worker {self._client.pid}>"


class WorkerClient:
    """Starts a worker process whose root object is
    `importlib.import_module(module).<class_name>(*args, **kwargs)` and
    proxies calls to it.  `on_output(stream, data_bytes)` receives the
    worker's streamed output.

    One call at a time: calls from several threads are serialized (a call
    made by a callback while its call waits is nested, not serialized).
    The worker dies with the thread that started it (PR_SET_PDEATHSIG), so
    start it from a thread that outlives its use (e.g. the main thread, or
    the Dask task that also closes it).
    """

    def __init__(self, module, class_name, args=(), kwargs=None, *, on_output=None,
                 python=None, env=None):
        self._lock = threading.RLock()
        self._on_output = on_output
        self._output_error = None
        self._callbacks = {}      # callback id -> Callback object
        self._callback_ids = {}   # id(object) -> callback id
        self._pending_releases = []
        self._closed_reason = None
        parent_end, child_end = socket.socketpair()
        try:
            fd = child_end.fileno()
            popen = subprocess.Popen(
                [python or sys.executable, "-m", "mtesim._worker", str(fd)],
                pass_fds=[fd], close_fds=True, stdin=subprocess.DEVNULL,
                env=worker_environment(env))
        except BaseException:
            parent_end.close()
            child_end.close()
            raise
        child_end.close()
        self._proc = _Process(popen, Connection(parent_end.detach()))
        self._finalizer = weakref.finalize(self, self._proc.close)
        try:
            root = self._request((_rpc.CREATE, module, class_name, args, kwargs or {}))
        except BaseException:
            self.close()
            raise
        self._root_ref = root._ref  # keep the Ref, not a RemoteObject (no cycle)

    # ------------------------------------------------------------ state
    @property
    def pid(self):
        return self._proc.popen.pid

    @property
    def closed(self):
        return self._proc.closed

    @property
    def root(self):
        """The root object (never released while the worker lives)."""
        return RemoteObject(self, self._root_ref, owned=False)

    def close(self, timeout=5.0):
        """Closes the worker (idempotent)."""
        with self._lock:
            if self._closed_reason is None:
                self._closed_reason = "closed"
            self._finalizer.detach()
            self._proc.close(timeout, on_output=self._deliver_output_quietly)

    def kill(self):
        """Kills the worker at once."""
        self._finalizer.detach()
        self._proc.kill()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # --------------------------------------------------------- requests
    def call(self, name, *args, **kwargs):
        """Calls a method of the root object."""
        return self._request((_rpc.CALL, 0, name, args, kwargs))

    def get(self, name):
        return self._request((_rpc.GETATTR, 0, name))

    def set(self, name, value):
        return self._request((_rpc.SETATTR, 0, name, value))

    def _check_open(self):
        if self._proc.closed:
            raise SimulationClosed("the simulation is closed")

    def _queue_release(self, oid):
        # Called by garbage collection at any moment: only queue the id.
        if not self._proc.closed:
            self._pending_releases.append(oid)

    def _request(self, message):
        with self._lock:
            self._check_open()
            if self._pending_releases and message[0] != _rpc.CREATE:
                ids, self._pending_releases = self._pending_releases, []
                self._exchange((_rpc.RELEASE, ids))
            return self._exchange(message)

    def _exchange(self, message):
        data = ForkingPickler.dumps(self._export(message))  # argument errors raise here
        conn = self._proc.conn
        try:
            try:
                conn.send_bytes(data)
            except OSError:
                self._died()
            while True:
                try:
                    payload = conn.recv_bytes()
                except (EOFError, OSError):
                    self._died()
                try:
                    reply = ForkingPickler.loads(payload)
                except Exception as exc:
                    # The stream can no longer be trusted to be in step.
                    self._closed_reason = "unreadable reply"
                    self._finalizer.detach()
                    self._proc.kill()
                    raise SimulationError(
                        "could not unpickle a message from the simulation's worker "
                        f"({type(exc).__name__}: {exc}); the simulation is closed") from exc
                kind = reply[0]
                if kind == _rpc.RESULT:
                    _, ok, value = reply
                    error, self._output_error = self._output_error, None
                    if not ok:
                        raise _rpc.rebuild_exception(value, f"worker traceback (pid {self.pid})")
                    if error is not None:
                        raise error
                    return self._import(value)
                if kind == _rpc.OUTPUT:
                    self._deliver_output(reply[1], reply[2])
                elif kind == _rpc.CALLBACK:
                    self._run_callback(*reply[1:])
                else:
                    raise SimulationError(f"unexpected message {kind!r} from the worker")
        except KeyboardInterrupt:
            self.interrupted()
            raise

    def interrupted(self):
        """What a KeyboardInterrupt during a call does: a native run cannot be
        interrupted, so the worker is killed and the simulation closed."""
        self._closed_reason = "interrupted"
        self._finalizer.detach()
        self._proc.kill()

    def _died(self):
        self._finalizer.detach()
        returncode = self._proc.reap()
        self._closed_reason = "worker died"
        raise WorkerDied(f"the simulation's worker process died ({describe_status(returncode)})")

    # ----------------------------------------------------------- output
    def _deliver_output(self, stream, data):
        if self._on_output is None:
            return
        try:
            self._on_output(stream, data)
        except Exception as exc:  # raised once the call's result has arrived
            if self._output_error is None:
                self._output_error = exc

    def _deliver_output_quietly(self, stream, data):
        if self._on_output is not None:
            try:
                self._on_output(stream, data)
            except Exception:
                pass

    # -------------------------------------------------------- callbacks
    def _run_callback(self, cb_id, method, args, kwargs):
        try:
            target = self._callbacks[cb_id]
            value = getattr(target, method)(*self._import(args), **self._import(kwargs))
            data = ForkingPickler.dumps(self._export((_rpc.CALLBACK_RESULT, True, value)))
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # noqa: B902 - goes back to the worker
            info = _rpc.exception_info(exc, "(in a callback, user process)")
            data = ForkingPickler.dumps((_rpc.CALLBACK_RESULT, False, info))
        try:
            self._proc.conn.send_bytes(data)
        except OSError:
            self._died()

    # ------------------------------------------------------- conversion
    def _export(self, value):
        t = type(value)
        if t in _rpc.SCALAR_TYPES:
            return value
        if t is list:
            return [self._export(v) for v in value]
        if t is tuple:
            return tuple(self._export(v) for v in value)
        if t is dict:
            return {k: self._export(v) for k, v in value.items()}
        if isinstance(value, RemoteObject):
            if value._client is not self:
                raise ValueError("a remote object of another simulation cannot be passed")
            return Ref(value._check(), value.type_name)
        if isinstance(value, Callback):
            cb_id = self._callback_ids.get(id(value))
            if cb_id is None or self._callbacks.get(cb_id) is not value:
                cb_id = len(self._callbacks) + 1
                self._callbacks[cb_id] = value
                self._callback_ids[id(value)] = cb_id
            return CallbackRef(cb_id)
        return value

    def _import(self, value):
        t = type(value)
        if t is Ref:
            return RemoteObject(self, value, owned=value.id != 0)
        if t is CallbackRef:
            return self._callbacks.get(value.id)
        if t is list:
            return [self._import(v) for v in value]
        if t is tuple:
            return tuple(self._import(v) for v in value)
        if t is dict:
            return {k: self._import(v) for k, v in value.items()}
        return value
