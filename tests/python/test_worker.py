"""The worker protocol (mtesim._rpc, mtesim._worker, mtesim._client) against rpc_target."""

import errno
import os
import signal
import threading

import numpy as np
import pytest

import mtesim
from mtesim import Callback, SimulationClosed, SimulationError, WorkerDied
from mtesim._client import RemoteObject, WorkerClient
from conftest import wait_gone


# --------------------------------------------------------------- values

@pytest.mark.parametrize("value", [
    None, True, False, 0, -1, 2**70, 1.5, float("inf"), 1 + 2j, "", "texte é€", b"\x00\xff",
    bytearray(b"ab"), [], [1, [2, [3]]], (1, "a"), {"a": {"b": [1, 2]}, 3: None},
])
def test_plain_values_round_trip(client, value):
    result = client.call("echo", value)
    assert result == value
    assert type(result) is type(value)


def test_numpy_arrays_round_trip(client):
    a = client.call("array", 1000, "uint64")
    assert isinstance(a, np.ndarray) and a.dtype == np.uint64
    assert np.array_equal(a, np.arange(1000, dtype=np.uint64))
    big = np.random.default_rng(1).integers(0, 255, 3_000_000, dtype=np.uint8)
    assert np.array_equal(client.call("echo", big), big)


def test_dataclass_and_kwargs(client):
    p = client.call("point")
    assert (type(p).__name__, p.x, p.y) == ("Point", 3, 2.5)
    assert client.call("add", a=2, b=3) == 5
    assert client.call("add", 2, b=3) == 5


def test_create_arguments_and_attributes(tmp_path):
    with WorkerClient("rpc_target", "Target", ("named",), {"scale": 10}) as c:
        assert c.get("name") == "named"
        assert c.call("add", 1, 2) == 30
        c.set("scale", 2)
        assert c.call("add", 1, 2) == 6
        # a non-callable attribute named in a call returns its value
        assert c.call("scale") == 2
        with pytest.raises(AttributeError):
            c.get("no_such_attribute")
        with pytest.raises(TypeError):
            c.call("scale", 1)


def test_create_failure_raises_and_leaves_no_worker():
    before = set(mtesim.simulation.live_workers())
    with pytest.raises(TypeError):
        WorkerClient("rpc_target", "Target", (), {"bad_kw": 1})
    with pytest.raises(ModuleNotFoundError):
        WorkerClient("no_such_module_xyz", "X")
    with pytest.raises(AttributeError):
        WorkerClient("rpc_target", "NoSuchClass")
    assert set(mtesim.simulation.live_workers()) == before


def test_worker_runs_in_another_process(client):
    assert client.call("pid") == client.pid != os.getpid()


# -------------------------------------------------------------- objects

def test_unpicklable_results_become_remote_objects(client):
    obj = client.call("make_object", 5)
    assert isinstance(obj, RemoteObject)
    assert obj.type_name == "Unpicklable"
    assert obj._call("add", 2) == 7
    assert obj._get("value") == 7
    obj._set("value", 1)
    assert obj._call("get") == 1
    # a RemoteObject argument is the object itself in the worker
    assert client.call("object_value", obj) == 1
    child = obj._call("child", 9)
    assert child._call("get") == 9
    fn = client.call("unpicklable_lambda")
    assert isinstance(fn, RemoteObject) and fn._call("__call__") == 1


def test_nested_containers_of_objects(client):
    result = client.call("nested")
    assert result["count"] == 2
    a, (b, text) = result["objects"]
    assert text == "text"
    assert (a._call("get"), b._call("get")) == (1, 2)


def test_release_and_garbage_collection(client):
    base = client.call("live_objects")
    obj = client.call("make_object", 1)
    assert client.call("live_objects") == base + 1
    obj.release()
    obj.release()  # idempotent
    assert client.call("live_objects") == base
    with pytest.raises(SimulationError, match="released"):
        obj._call("get")
    # dropping a RemoteObject releases it at the next request
    obj = client.call("make_object", 2)
    assert client.call("live_objects") == base + 1
    del obj
    assert client.call("live_objects") == base


def test_same_object_twice_is_counted(client):
    base = client.call("live_objects")
    a = client.call("same_object")
    b = client.call("same_object")
    assert a._ref.id == b._ref.id
    assert client.call("live_objects") == base + 1
    a.release()
    assert b._call("get") == 0  # still there: b holds it
    b.release()
    # Target keeps it in `kept`, the table no longer does
    assert client.call("live_objects") == base


def test_object_of_another_client_is_refused(client):
    with WorkerClient("rpc_target", "Target") as other:
        obj = other.call("make_object", 1)
        with pytest.raises(ValueError, match="another simulation"):
            client.call("object_value", obj)


def test_unpicklable_argument_raises_and_client_still_works(client):
    with pytest.raises(Exception):
        client.call("echo", threading.Lock())
    assert client.call("add", 1, 1) == 2


# ----------------------------------------------------------- exceptions

def test_value_error(client):
    with pytest.raises(ValueError) as info:
        client.call("raise_value_error", "bad value 7")
    assert type(info.value) is ValueError
    assert str(info.value) == "bad value 7"
    assert any("raise_value_error" in n and "worker traceback" in n for n in info.value.__notes__)


def test_type_error_keeps_args(client):
    with pytest.raises(TypeError) as info:
        client.call("raise_type_error")
    assert info.value.args == ("bad type", 42)


def test_os_error_keeps_errno_strerror_filename(client):
    with pytest.raises(PermissionError) as info:
        client.call("raise_os_error", "/some/path")
    e = info.value
    assert (e.errno, e.strerror, e.filename) == (errno.EACCES, os.strerror(errno.EACCES), "/some/path")
    with pytest.raises(FileNotFoundError) as info:
        client.call("open_missing", "/no/such/file")
    assert info.value.errno == errno.ENOENT and info.value.filename == "/no/such/file"
    assert str(info.value) == f"[Errno 2] No such file or directory: '/no/such/file'"


@pytest.mark.parametrize("method,args,kind,text", [
    ("raise_key_error", ("k",), KeyError, "'k'"),
    ("raise_index_error", (), IndexError, "list index out of range"),
    ("raise_runtime_error", (), RuntimeError, "('runtime', 'two args')"),
    ("raise_memory_error", (), MemoryError, "out of memory"),
])
def test_builtin_exceptions_keep_type(client, method, args, kind, text):
    with pytest.raises(kind) as info:
        client.call(method, *args)
    assert type(info.value) is kind and str(info.value) == text


def test_non_builtin_exception_becomes_simulation_error(client):
    with pytest.raises(SimulationError) as info:
        client.call("raise_custom")
    assert "CustomError: custom message" in str(info.value)
    assert client.call("add", 1, 1) == 2


def test_unknown_method_is_attribute_error(client):
    with pytest.raises(AttributeError, match="no_such_method"):
        client.call("no_such_method")


# ------------------------------------------------------------ callbacks

class Recorder(Callback):
    def __init__(self):
        self.calls = []

    def hello(self, x):
        self.calls.append(x)
        return x * 2

    def notify(self, *args):
        self.calls.append(args)
        return "notified"

    def visit(self, obj):
        # called from the worker with a worker object: call back into it
        assert isinstance(obj, RemoteObject)
        return obj._call("add", 5)

    def fail(self):
        raise ValueError("callback failed")

    def __call__(self, *args):
        return ("called", args)


def test_callback_method_and_call(client):
    rec = Recorder()
    assert client.call("call_back", rec, "hello", 21) == 42
    assert rec.calls == [21]
    assert client.call("call_callable", rec, 1, 2) == ("called", (1, 2))


def test_callback_kept_by_worker(client):
    rec = Recorder()
    client.call("save_callback", rec)
    assert client.call("fire_saved", 1, "a") == "notified"
    assert client.call("fire_saved", 2) == "notified"
    assert rec.calls == [(1, "a"), (2,)]


def test_nested_call_back_into_worker(client):
    assert client.call("call_back_with_self", Recorder()) == (15, 15)


def test_deeply_nested_callbacks(client):
    class Recurse(Callback):
        def recurse(self, depth):
            return client.call("callback_depth", self, depth)

    assert client.call("callback_depth", Recurse(), 6) == 6


def test_exception_in_callback(client):
    with pytest.raises(ValueError, match="callback failed") as info:
        client.call("call_back", Recorder(), "fail")
    assert type(info.value) is ValueError
    # raised in the worker, where the target can catch it
    assert client.call("call_back_and_catch", Recorder()) == "caught callback failed"
    with pytest.raises(AttributeError):
        client.call("call_back", Recorder(), "no_such_method")
    assert client.call("add", 1, 1) == 2


# --------------------------------------------------------------- output

def test_output_arrives_in_order_before_result():
    events = []
    c = WorkerClient("rpc_target", "Target", on_output=lambda s, d: events.append((s, d)))
    try:
        assert c.call("chatter", 50) == 50
        console = b"".join(d for s, d in events if s == "console")
        assert console == b"".join(f"line {i}\n".encode() for i in range(50))
        assert [d for s, d in events if s == "stdout"] == [b"printed\n"]
        events.clear()
        assert c.call("emit_from_thread", 20) == 20
        assert b"".join(d for _, d in events) == "".join(f"t{i};" for i in range(20)).encode()
    finally:
        c.close()


def test_failing_output_handler_raises_after_result():
    def handler(stream, data):
        raise RuntimeError("handler broke")

    with WorkerClient("rpc_target", "Target", on_output=handler) as c:
        with pytest.raises(RuntimeError, match="handler broke"):
            c.call("chatter", 3)
        assert c.call("add", 1, 1) == 2  # still in step


# ---------------------------------------------------------------- death

def test_killed_mid_call_raises_worker_died_then_closed(client):
    timer = threading.Timer(0.3, os.kill, (client.pid, signal.SIGKILL))
    timer.start()
    with pytest.raises(WorkerDied, match=r"died \(killed by SIGKILL\)"):
        client.call("sleep", 30)
    timer.join()
    assert client.closed
    with pytest.raises(SimulationClosed, match="the simulation is closed"):
        client.call("add", 1, 1)
    assert wait_gone(client.pid, 0)


def test_target_exits_mid_call(client):
    with pytest.raises(WorkerDied, match=r"exit status 3"):
        client.call("exit_now", 3)
    with pytest.raises(SimulationClosed):
        client.call("add", 1, 1)


def test_worker_died_while_idle(client):
    os.kill(client.pid, signal.SIGTERM)
    with pytest.raises(WorkerDied, match="SIGTERM"):
        client.call("add", 1, 1)
    with pytest.raises(SimulationClosed):
        client.get("name")


def test_keyboard_interrupt_kills_worker(client):
    pid = client.pid
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        client.call("sleep", 30)
    timer.join()
    assert client.closed
    assert wait_gone(pid, 5)
    with pytest.raises(SimulationClosed):
        client.call("add", 1, 1)


def test_interrupted_handler_directly(client):
    pid = client.pid
    client.interrupted()
    assert client.closed and wait_gone(pid, 0)
    with pytest.raises(SimulationClosed):
        client.call("add", 1, 1)
