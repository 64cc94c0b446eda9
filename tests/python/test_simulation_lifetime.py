"""Simulation: its front end (over rpc_target.FakePlatform) and its worker's lifetime."""

import gc
import json
import os
import subprocess
import sys
import textwrap
import threading
import time

import numpy as np
import pandas as pd
import pytest

import mtesim
from mtesim import RunResult, Simulation, SimulationClosed, WorkerDied
from mtesim.simulation import live_workers, load_config
from conftest import descendants, pid_alive, wait_gone


def fake(config=None, console=None, **overrides):
    cfg = load_config(config, overrides)
    return Simulation._with_target("rpc_target", "FakePlatform", json.dumps(cfg), console=console)


# ---------------------------------------------------------------- config

def test_config_sources_and_overrides(tmp_path):
    assert load_config(None) == {}
    assert load_config({"mte": "1", "timing": {"a": 1, "b": 2}}, {"timing": {"b": 3}, "smp": 2}) == \
        {"mte": "1", "timing": {"a": 1, "b": 3}, "smp": 2}
    path = tmp_path / "c.json"
    path.write_text('{"smp": 4}')
    assert load_config(path, {"mode": "timing"}) == {"smp": 4, "mode": "timing"}
    assert load_config(str(path)) == {"smp": 4}


def test_config_errors(tmp_path):
    with pytest.raises(TypeError, match="config must be"):
        Simulation(42)
    with pytest.raises(TypeError):
        Simulation([("smp", 1)])
    with pytest.raises(FileNotFoundError):
        Simulation(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(ValueError, match="bad.json"):
        Simulation(bad)
    bad.write_text("[1, 2]")
    with pytest.raises(ValueError, match="JSON object"):
        Simulation(str(bad))
    with pytest.raises(TypeError, match="console"):
        Simulation({}, console=3)


def test_native_config_error_propagates_and_leaves_no_worker():
    before = set(live_workers())
    with pytest.raises(ValueError, match="bogus"):
        fake({"bogus": 1})
    assert set(live_workers()) == before


def test_missing_native_module_is_import_error():
    try:
        import mtesim._native  # noqa: F401
        pytest.skip("the native module is present")
    except ImportError:
        pass
    before = set(live_workers())
    with pytest.raises(ImportError):
        Simulation({})
    assert set(live_workers()) == before


# ------------------------------------------------------------- front end

def test_front_end_methods():
    with fake({"smp": 2, "mte": "3"}) as sim:
        assert sim.pe_count == 2
        result = sim.run()
        assert isinstance(result, RunResult) and result.finished
        assert (result.instructions, result.exit, result.reason) == (100, {"code": 0}, "powered off")
        step = sim.step(5)
        assert not step.finished and step.instructions == 5 and step.state == "limit"
        assert sim.registers(1) == {"x0": 0, "pc": 0x1000}
        sim.set_register("x0", 0xDEAD, pe=1)
        assert sim.get_register("x0", pe=1) == 0xDEAD
        assert sim.get_register("x0") == 0
        with pytest.raises(ValueError, match="unknown register"):
            sim.set_register("nope", 1)
        sim.write_memory(16, b"\x01\x02\x03")
        sim.write_memory(19, np.array([4, 5], dtype=np.uint8))
        sim.write_memory(21, [6])
        mem = sim.read_memory(16, 6)
        assert mem.dtype == np.uint8 and mem.tolist() == [1, 2, 3, 4, 5, 6]
        with pytest.raises(IndexError):
            sim.read_memory(4090, 100)
        sim.write_tags(32, [3, 4])
        tags = sim.read_tags(32, 32)
        assert tags.dtype == np.uint8 and tags.tolist() == [3, 4]
        stats = sim.statistics()
        assert stats["instructions"] == 105 and stats["pe"]["0"]["loads"] == 7
        sim.take_snapshot()
        sim.step(1)
        assert sim.statistics(since_snapshot=True)["instructions"] == 1
        arrays = sim.statistics_arrays()
        assert arrays["pe.loads"].tolist() == [7, 7]
        frame = sim.statistics_frame()
        assert isinstance(frame, pd.DataFrame) and frame.index.name == "name"
        assert list(frame.columns) == ["value", "description"]
        assert frame.loc["pe.0.loads", "value"] == 7
        assert frame.loc["pe.0.loads", "description"] == "loads"
        assert frame.loc["config_mte", "value"] == "3"
        sim.reset_statistics()
        assert sim.statistics()["instructions"] == 0
        assert sim._root._get("pe_count") == 2


def test_load(tmp_path):
    image = tmp_path / "guest.elf"
    image.write_bytes(b"\x7fELF")
    with fake() as sim:
        assert sim.load(image)["path"] == str(image)
        with pytest.raises(FileNotFoundError) as info:
            sim.load(tmp_path / "missing.elf")
        assert info.value.filename == str(tmp_path / "missing.elf")


def test_bad_argument_types():
    with fake() as sim:
        for call, kind in [
            (lambda: sim.step(0), ValueError), (lambda: sim.step(-1), ValueError),
            (lambda: sim.step(1.5), TypeError), (lambda: sim.step("1"), TypeError),
            (lambda: sim.step(True), TypeError), (lambda: sim.run(max_instructions=-1), ValueError),
            (lambda: sim.run(until=3), TypeError), (lambda: sim.registers("0"), TypeError),
            (lambda: sim.registers(-1), ValueError), (lambda: sim.get_register(3), TypeError),
            (lambda: sim.set_register("x0", "1"), TypeError), (lambda: sim.set_register("x0", 1.0), TypeError),
            (lambda: sim.read_memory("0", 1), TypeError), (lambda: sim.read_memory(0, -1), ValueError),
            (lambda: sim.write_memory(0, "text"), TypeError), (lambda: sim.write_memory(0, [256]), ValueError),
            (lambda: sim.write_tags(0, [16]), ValueError), (lambda: sim.load(3), TypeError),
            (lambda: sim.statistics(since_snapshot=1), TypeError),
        ]:
            with pytest.raises(kind):
                call()
        assert sim.step(np.int64(2)).instructions == 2  # numpy integers are ints


# --------------------------------------------------------------- console

def test_console_default_writes_stdout_and_accumulates(capsys):
    sim = fake(console=mtesim.simulation._DEFAULT_CONSOLE)
    try:
        sim.run()
        sim.run()
        assert capsys.readouterr().out == "hello from the guest\n" * 2
        assert sim.console_output == "hello from the guest\n" * 2
    finally:
        sim.close()


def test_console_none_and_callable(capsys):
    chunks = []
    with fake(console=None) as quiet, fake(console=chunks.append) as loud:
        quiet.run()
        loud.run()
        loud.run()
    assert capsys.readouterr().out == ""
    assert quiet.console_output == "hello from the guest\n"
    assert chunks == ["hello from the guest\n"] * 2
    assert loud.console_output == "hello from the guest\n" * 2


def test_console_decodes_utf8_split_across_chunks():
    with Simulation._with_target("rpc_target", "Target", console=None) as sim:
        sim._root._call("emit_split_utf8")
        assert sim.console_output == "é€"


# -------------------------------------------------------------- lifetime

def test_close_is_idempotent_and_later_calls_raise():
    sim = fake()
    pid = sim.pid
    assert pid in live_workers() and not sim.closed
    sim.close()
    sim.close()
    assert sim.closed and pid not in live_workers()
    assert wait_gone(pid, 0)
    with pytest.raises(SimulationClosed, match="the simulation is closed"):
        sim.run()
    with pytest.raises(SimulationClosed):
        sim.pe_count


def test_context_manager_closes_even_on_error():
    with pytest.raises(ZeroDivisionError):
        with fake() as sim:
            pid = sim.pid
            1 / 0
    assert sim.closed and wait_gone(pid, 0)


def test_garbage_collected_simulation_closes_its_worker():
    sim = fake()
    pid = sim.pid
    root = sim._root
    del sim
    assert pid_alive(pid)  # the root object keeps the worker
    del root
    assert wait_gone(pid, 10) and pid not in live_workers()
    # rebinding a name (re-running a notebook cell) closes the old worker
    sim = fake()
    first = sim.pid
    sim = fake()
    assert wait_gone(first, 10)
    sim.close()


def test_garbage_collected_with_cycle():
    sim = fake()
    pid = sim.pid
    sim.cycle = sim  # only the cycle collector can free it
    del sim
    gc.collect()
    assert wait_gone(pid, 10)


def test_recreating_in_a_loop_leaks_nothing():
    before = set(live_workers())
    children_before = descendants()
    pids = []
    for _ in range(20):
        sim = fake()
        pids.append(sim.pid)
        assert sim.pe_count == 1
    del sim
    gc.collect()
    assert set(live_workers()) == before
    assert all(wait_gone(p, 5) for p in pids)
    assert descendants() <= children_before


def test_several_simulations_are_independent():
    sims = [fake({"smp": n}) for n in (1, 2, 3)]
    try:
        assert len({s.pid for s in sims}) == 3
        sims[1].write_memory(0, b"\x07")
        assert [s.read_memory(0, 1)[0] for s in sims] == [0, 7, 0]
        assert [s.pe_count for s in sims] == [1, 2, 3]
        sims[0].close()
        assert sims[2].pe_count == 3
        # concurrent calls from threads, each on its own simulation
        out = {}
        threads = [threading.Thread(target=lambda s=s: out.__setitem__(s.pid, s.step(7).instructions))
                   for s in sims[1:]]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(out.values()) == [7, 7]
    finally:
        for s in sims:
            s.close()


def test_one_simulation_shared_by_threads():
    with fake() as sim:
        results = []
        threads = [threading.Thread(target=lambda: results.append(
            [sim.step(1).instructions for _ in range(50)])) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert results == [[1] * 50] * 4


def test_worker_death_closes_the_simulation():
    sim = fake()
    os.kill(sim.pid, 9)
    with pytest.raises(WorkerDied, match="killed by SIGKILL"):
        sim.run()
    assert sim.closed
    with pytest.raises(SimulationClosed):
        sim.run()
    sim.close()


_SCRIPT = textwrap.dedent("""
    import atexit, os, sys, time

    def check():  # registered first, so it runs after mtesim's exit hook
        pid = sim.pid
        from mtesim.simulation import live_workers
        try:
            gone = os.waitpid(pid, os.WNOHANG) != (0, 0)
        except ChildProcessError:
            gone = True
        print("live", live_workers(), "gone" if gone else "running", flush=True)

    atexit.register(check)
    from mtesim import Simulation
    sim = Simulation._with_target("rpc_target", "Target", console=None)
    print(sim.pid, flush=True)
    if sys.argv[1] == "busy":
        sim._root._call("sleep", 60)
""")


def test_atexit_closes_open_workers():
    out = subprocess.run([sys.executable, "-c", _SCRIPT, "exit"], capture_output=True, text=True,
                         timeout=30, env=os.environ)
    assert out.returncode == 0, out.stderr
    pid, report = out.stdout.splitlines()
    assert report == "live [] gone"
    assert wait_gone(int(pid), 5)


def test_busy_worker_dies_with_killed_parent():
    # The worker is in a long call, so it does not see the connection's
    # EOF: only PR_SET_PDEATHSIG ends it.
    proc = subprocess.Popen([sys.executable, "-c", _SCRIPT, "busy"], stdout=subprocess.PIPE, text=True,
                            env=os.environ)
    try:
        pid = int(proc.stdout.readline())
        time.sleep(0.3)
        assert pid_alive(pid)
        proc.kill()
        proc.wait()
        assert wait_gone(pid, 5)
    finally:
        proc.kill()
        proc.wait()
