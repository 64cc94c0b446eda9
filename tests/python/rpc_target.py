"""Pure-Python root objects for testing the worker protocol (no native code).

Target exercises the RPC layer; FakePlatform mimics mtesim._native.Platform's
methods so the Simulation front end and sweep() can be tested without it.
"""

import dataclasses
import errno
import os
import threading
import time

import numpy as np


@dataclasses.dataclass
class Point:
    x: int
    y: float


class Unpicklable:
    """Lives in the worker; travels as a Ref (it holds a lock)."""

    def __init__(self, value):
        self.value = value
        self._lock = threading.Lock()
        self.children = []

    def get(self):
        return self.value

    def add(self, n):
        self.value += n
        return self.value

    def child(self, value):
        c = Unpicklable(value)
        self.children.append(c)
        return c


class Target:
    def __init__(self, name="target", *, scale=1):
        self.name = name
        self.scale = scale
        self.counter = 0
        self.kept = []
        self.saved_callback = None

    # values
    def echo(self, value):
        return value

    def add(self, a, b):
        return (a + b) * self.scale

    def nothing(self):
        self.counter += 1

    def array(self, n, dtype="uint8"):
        return np.arange(n, dtype=dtype)

    def point(self):
        return Point(3, 2.5)

    def pid(self):
        return os.getpid()

    # objects
    def make_object(self, value):
        obj = Unpicklable(value)
        self.kept.append(obj)
        return obj

    def same_object(self):
        if not self.kept:
            self.kept.append(Unpicklable(0))
        return self.kept[0]

    def nested(self):
        a, b = Unpicklable(1), Unpicklable(2)
        return {"objects": [a, (b, "text")], "count": 2}

    def object_value(self, obj):
        return obj.get()

    def live_objects(self):
        import mtesim._worker as w
        return len(w._objects)

    def unpicklable_lambda(self):
        return lambda: 1

    # errors
    def raise_value_error(self, message):
        raise ValueError(message)

    def raise_type_error(self):
        raise TypeError("bad type", 42)

    def raise_os_error(self, path):
        raise OSError(errno.EACCES, os.strerror(errno.EACCES), path)

    def open_missing(self, path):
        open(path, encoding="utf-8")

    def raise_key_error(self, key):
        return {}[key]

    def raise_index_error(self):
        return [][1]

    def raise_runtime_error(self):
        raise RuntimeError("runtime", "two args")

    def raise_custom(self):
        class CustomError(Exception):
            pass
        raise CustomError("custom message")

    def raise_memory_error(self):
        raise MemoryError("out of memory")

    # timing and process
    def sleep(self, seconds):
        time.sleep(seconds)
        return seconds

    def exit_now(self, status):
        os._exit(status)

    def chatter(self, n):
        import mtesim._worker as w
        for i in range(n):
            w.emit("console", f"line {i}\n".encode())
        print("printed")
        return n

    def emit_split_utf8(self):
        import mtesim._worker as w
        data = "é€".encode()
        for i in range(len(data)):
            w.emit("console", data[i:i + 1])
        return "done"

    def emit_from_thread(self, n):
        import mtesim._worker as w
        t = threading.Thread(target=lambda: [w.emit("console", f"t{i};") for i in range(n)])
        t.start()
        t.join()
        return n

    # callbacks
    def call_back(self, callback, method, *args):
        return getattr(callback, method)(*args)

    def call_callable(self, callback, *args):
        return callback(*args)

    def call_back_with_self(self, callback):
        # The callback gets a Ref to a worker object and may call into it.
        obj = self.make_object(10)
        result = callback.visit(obj)
        return result, obj.get()

    def call_back_and_catch(self, callback):
        try:
            callback.fail()
        except ValueError as exc:
            return f"caught {exc}"
        return "not raised"

    def save_callback(self, callback):
        self.saved_callback = callback

    def fire_saved(self, *args):
        return self.saved_callback.notify(*args)

    def callback_depth(self, callback, depth):
        # callback.recurse(depth) calls back into this method with depth - 1.
        if depth == 0:
            return 0
        return 1 + callback.recurse(depth - 1)


class FakePlatform:
    """The native Platform's interface, in Python (config is a JSON string)."""

    def __init__(self, config_json):
        import json
        self.config = json.loads(config_json)
        if "bogus" in self.config:
            raise ValueError("unknown configuration key 'bogus'")
        self._pe_count = int(self.config.get("smp", 1))
        self.memory = bytearray(4096)
        self.tags = bytearray(4096 // 16)
        self.regs = [{"x0": 0, "pc": 0x1000} for _ in range(self._pe_count)]
        self.instructions = 0
        self.snapshot = 0
        self.loaded = None

    @property
    def pe_count(self):
        return self._pe_count

    def load(self, path):
        if not os.path.exists(path):
            raise OSError(errno.ENOENT, os.strerror(errno.ENOENT), path)
        self.loaded = path
        return {"entry": 0x1000, "path": path}

    def run(self, max_instructions, until):
        import mtesim._worker as w
        work = int(self.config.get("work", 0))
        if self.config.get("fail"):
            raise RuntimeError(f"point failed: {self.config['fail']}")
        if work:
            total = 0
            for i in range(work):
                total += i * i
        n = max_instructions or 100
        self.instructions += n
        w.emit("console", b"hello from the guest\n")
        return {"state": "finished" if not max_instructions else "limit", "reason": "powered off",
                "exit_status": 0, "instructions": n, "simulated_seconds": n * 1e-9,
                "host_seconds": 0.001, "exit": {"code": 0}}

    def read_registers(self, pe):
        return dict(self.regs[pe])

    def get_register(self, pe, name):
        return self.regs[pe][name]

    def set_register(self, pe, name, value):
        if name not in self.regs[pe]:
            raise ValueError(f"unknown register {name!r}")
        self.regs[pe][name] = value

    def read_memory(self, address, size):
        if address + size > len(self.memory):
            raise IndexError("address out of range")
        return bytes(self.memory[address:address + size])

    def write_memory(self, address, data):
        self.memory[address:address + len(data)] = data

    def read_tags(self, address, size):
        return np.frombuffer(bytes(self.tags[address // 16:(address + size) // 16]), dtype=np.uint8)

    def write_tags(self, address, tags):
        self.tags[address // 16:address // 16 + len(tags)] = tags

    def statistics(self, since_snapshot):
        value = self.instructions - (self.snapshot if since_snapshot else 0)
        return {"instructions": value, "pe": {"0": {"loads": 7, "stores": 3}},
                "config_mte": self.config.get("mte")}

    def statistics_arrays(self):
        return {"pe.loads": np.array([7] * self._pe_count, dtype=np.uint64)}

    def describe_statistics(self):
        return [("instructions", "instructions executed"), ("pe.0.loads", "loads"),
                ("pe.0.stores", "stores"), ("config_mte", "the MTE mode")]

    def take_snapshot(self):
        self.snapshot = self.instructions

    def reset_statistics(self):
        self.instructions = 0
        self.snapshot = 0


def make_fake_simulation(config):
    """sweep()'s _make_simulation for tests: a Simulation around FakePlatform."""
    import json
    from mtesim import Simulation
    return Simulation._with_target("rpc_target", "FakePlatform", json.dumps(config), console=None)
