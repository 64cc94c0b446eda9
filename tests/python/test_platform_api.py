"""The Simulation API against the real simulator (mtesim._native in a worker):
running and stepping, registers, guest memory and tags, statistics, and the
errors each call raises.  Guest-visible results are checked against the
command line (`build/mtesim run`), the differential oracle's other front end."""
import errno
import os
import signal
import subprocess
import sys

import numpy as np
import pytest

import mtesim

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get("MTESIM_BUILD", os.path.join(ROOT, "build"))
GUESTS = os.path.join(BUILD, "guests")
HELLO = os.path.join(GUESTS, "hello.elf")
HEAP = os.path.join(GUESTS, "mte_heap.elf")
RAM = 0x4000_0000

pytestmark = pytest.mark.skipif(not os.path.exists(HELLO), reason="guests not built")


def cli(image, *args):
    """stdout and exit status of the command line on the same image."""
    p = subprocess.run([os.path.join(BUILD, "mtesim"), "run", image, *args], capture_output=True, timeout=120)
    return p.stdout.decode(), p.returncode


# ---------------------------------------------------------------- running

def test_run_prints_what_the_command_line_prints():
    expected, status = cli(HEAP, "--mte", "3")
    with mtesim.Simulation({"mte": "3"}, image=HEAP, console=None) as sim:
        r = sim.run()
        assert r.finished and r.exit_status == status == 0
        assert sim.console_output == expected
        assert r.instructions > 0


def test_console_streams_to_a_callable_as_the_guest_prints():
    chunks = []
    with mtesim.Simulation(image=HELLO, console=chunks.append) as sim:
        sim.run()
    assert "".join(chunks) == cli(HELLO)[0]


def test_step_runs_exactly_the_instructions_asked_for():
    with mtesim.Simulation(hypervisor="none", image=HELLO, console=None) as sim:
        entry = sim.registers()["pc"]
        r = sim.step(1000)
        assert (r.state, r.instructions, r.exit_status) == ("paused", 1000, None)
        assert sim.statistics()["pe0"]["instructions"] == 1000
        r = sim.step(1)
        assert r.instructions == 1001
        assert sim.registers()["pc"] != entry


def test_a_stepped_run_ends_as_an_uninterrupted_one():
    with mtesim.Simulation({"mte": "3"}, image=HEAP, console=None) as whole:
        straight = whole.run()
    with mtesim.Simulation({"mte": "3"}, image=HEAP, console=None) as sim:
        steps = 0
        while not (r := sim.step(7919)).finished:
            steps += 1
        assert steps > 10
        assert r.instructions == straight.instructions
        assert sim.console_output == whole.console_output


def test_run_until_each_vm_exit_sees_every_console_write():
    with mtesim.Simulation(image=HELLO, console=None) as sim:
        exits = []
        while not (r := sim.run(until="vm_exit")).finished:
            assert r.state == "paused" and r.exit is not None
            exits.append(r.exit)
        written = bytes(e["data"][0] for e in exits
                        if e["reason"] == "mmio" and e["is_write"] and e["phys_addr"] == 0x0900_0000)
        assert written.decode() == cli(HELLO)[0]
        assert len(exits) == sim.statistics()["vmm"]["mmio_exits"]


def test_a_finished_machine_reports_its_end_again():
    with mtesim.Simulation(image=HELLO, console=None) as sim:
        first = sim.run()
        again = sim.run()
        assert again.finished and again.instructions == first.instructions


def test_max_insns_in_the_configuration_stops_with_status_3():
    with mtesim.Simulation(max_insns=500, image=HELLO, console=None) as sim:
        r = sim.run()
        assert (r.exit_status, r.instructions) == (3, 500)


def test_timing_mode_counts_cycles_and_cache_traffic():
    with mtesim.Simulation(mode="timing", image=HELLO, console=None) as sim:
        sim.run()
        s = sim.statistics()
        assert s["pe0"]["cycles"] > s["pe0"]["instructions"] > 0
        assert s["pe0"]["l1d"]["hits"] > 0


# ---------------------------------------------------------------- registers

def test_registers_read_and_write_by_name():
    with mtesim.Simulation({"mte": "3", "hypervisor": "none"}, image=HEAP, console=None) as sim:
        regs = sim.registers()
        assert set(regs) >= {"x0", "x30", "sp", "pc", "pstate", "el"}
        assert regs["el"] == 1
        sim.set_register("x5", 0xDEADBEEF)
        assert sim.get_register("x5") == 0xDEADBEEF
        sim.set_register("GCR_EL1", 0x10003)
        assert sim.get_register("gcr_el1") == 0x10003
        assert sim.get_register("ID_AA64PFR1_EL1") >> 8 & 0xF >= 2  # MTE2 or more


def test_register_errors():
    with mtesim.Simulation(hypervisor="none", image=HELLO, console=None) as sim:
        with pytest.raises(ValueError, match="'bogus'"):
            sim.get_register("bogus")
        with pytest.raises(ValueError, match="GCR_EL1"):  # no MTE on this PE
            sim.get_register("GCR_EL1")
        with pytest.raises(ValueError, match="negative"):
            sim.set_register("x0", -1)
        with pytest.raises(ValueError, match="2\\*\\*64"):
            sim.set_register("x0", 1 << 64)
        with pytest.raises(IndexError, match="pe 3"):
            sim.registers(pe=3)
        with pytest.raises(ValueError, match="read-only"):
            sim.set_register("CTR_EL0", 0)
        with pytest.raises(ValueError, match="HCR_EL2.*not implemented"):  # no EL2 on this PE
            sim.get_register("HCR_EL2")
    with mtesim.Simulation({"hypervisor": "none", "virtualization": True}, image=HELLO, console=None) as sim:
        sim.set_register("HCR_EL2", 1 << 31)  # RW
        sim.set_register("pstate", 0x3C5)  # EL1h: a debugger still sees EL2's registers
        assert sim.get_register("el") == 1
        assert sim.get_register("HCR_EL2") == 1 << 31


# ---------------------------------------------------------------- memory and tags

def test_guest_memory_round_trip_in_a_vm_and_bare():
    for hypervisor in ("model", "none"):
        with mtesim.Simulation(hypervisor=hypervisor, image=HELLO, console=None) as sim:
            data = np.arange(300, dtype=np.uint8)
            sim.write_memory(RAM + 0x100_0000 - 100, data)  # across a page boundary
            back = sim.read_memory(RAM + 0x100_0000 - 100, 300)
            assert back.dtype == np.uint8 and np.array_equal(back, data)
            sim.write_memory(RAM + 0x100_0000, b"\x01\x02")
            assert list(sim.read_memory(RAM + 0x100_0000, 3)) == [1, 2, 102]


def test_the_image_is_in_guest_memory_where_it_was_loaded():
    with mtesim.Simulation(console=None) as sim:
        image = sim.load(HELLO)
        with open(HELLO, "rb") as f:
            elf = f.read()
        code = bytes(sim.read_memory(image["entry"], 64))
        assert code in elf and any(code)


def test_tags_written_by_the_guest_are_read_back():
    with mtesim.Simulation({"mte": "3"}, console=None) as sim:
        image = sim.load(HEAP)
        span = (image["end"] - image["lowest"] + 15) & ~15
        assert not sim.read_tags(image["lowest"], span).any()
        sim.run()
        tags = sim.read_tags(image["lowest"], span)
        assert tags.dtype == np.uint8 and len(tags) == span // 16
        assert tags.any() and tags.max() <= 15


def test_tags_round_trip_and_their_errors():
    with mtesim.Simulation({"mte": "3"}, image=HEAP, console=None) as sim:
        tags = np.arange(64, dtype=np.uint8) % 16
        sim.write_tags(RAM + 0x200_0000, tags)
        assert np.array_equal(sim.read_tags(RAM + 0x200_0000, 64 * 16), tags)
        with pytest.raises(ValueError, match="tags\\[3\\] is 16"):
            sim.write_tags(RAM, bytes([0, 0, 0, 16]))
        with pytest.raises(ValueError, match="multiples of 16"):
            sim.read_tags(RAM + 8, 32)


def test_memory_errors():
    with mtesim.Simulation(image=HELLO, console=None) as sim:
        with pytest.raises(ValueError, match="0x10000000"):
            sim.read_memory(0x1000_0000, 4)  # not guest memory (a VM's IPA space)
        with pytest.raises(ValueError, match="1 GiB"):
            sim.read_memory(RAM, 1 << 31)
        with pytest.raises(TypeError):
            sim.write_memory(RAM, "text")
        with pytest.raises(ValueError, match="0..255"):
            sim.write_memory(RAM, np.array([1, 300], dtype=np.int32))
        with pytest.raises(TypeError):
            sim.write_memory(RAM, 3.5)
        with pytest.raises(ValueError, match="address must be at least 0"):
            sim.read_memory(-16, 4)  # refused in the parent
    with mtesim.Simulation(hypervisor="none", image=HELLO, console=None) as sim:
        with pytest.raises(ValueError, match="not backed by memory|not guest memory"):
            sim.read_memory(0x1_0000_0000_0000, 4)


# ---------------------------------------------------------------- statistics

def test_statistics_as_dict_arrays_and_frame_agree():
    with mtesim.Simulation({"mte": "3", "hypervisor": "none"}, image=HEAP, console=None) as sim:
        r = sim.run()
        s = sim.statistics()
        assert s["pe0"]["instructions"] == r.instructions
        arrays = sim.statistics_arrays()
        entry = next(v for k, v in arrays.items() if k.startswith("pe0.") and "instructions" in v["labels"])
        assert isinstance(entry["values"], np.ndarray)
        assert entry["values"][entry["labels"].index("instructions")] == r.instructions
        frame = sim.statistics_frame()
        assert frame.loc["pe0.instructions", "value"] == r.instructions
        assert (frame["description"].str.len() > 0).all()


def test_snapshot_and_reset():
    with mtesim.Simulation(hypervisor="none", image=HELLO, console=None) as sim:
        with pytest.raises(ValueError, match="snapshot"):
            sim.statistics(since_snapshot=True)
        sim.step(2000)
        sim.take_snapshot()
        r = sim.run()
        assert sim.statistics(since_snapshot=True)["pe0"]["instructions"] == r.instructions - 2000
        sim.reset_statistics()
        assert sim.statistics()["pe0"]["instructions"] == 0


# ---------------------------------------------------------------- errors and lifetime

def test_configuration_errors_name_the_key():
    with pytest.raises(ValueError, match="'bogus': unknown setting"):
        mtesim.Simulation({"bogus": 1})
    with pytest.raises(ValueError, match="'smp'.*whole number"):
        mtesim.Simulation(smp=-1)
    with pytest.raises(ValueError, match="'smp'.*whole number"):
        mtesim.Simulation(smp=1.5)
    with pytest.raises(ValueError, match="'mode'"):
        mtesim.Simulation(mode=3)
    with pytest.raises(ValueError, match="timing.l2.ways"):
        mtesim.Simulation({"mode": "timing", "timing": {"l2": {"ways": 0}}})
    with pytest.raises(ValueError, match="not valid JSON"):  # beyond a double (fuzz_json_config's finding)
        mtesim.Simulation(memory=10**400)
    with pytest.raises(TypeError):
        mtesim.Simulation(42)
    with pytest.raises(FileNotFoundError):
        mtesim.Simulation("/nonexistent/config.json")


def test_image_errors():
    with mtesim.Simulation(console=None) as sim:
        with pytest.raises(FileNotFoundError) as e:
            sim.load("/nonexistent/guest.elf")
        assert e.value.errno == errno.ENOENT and e.value.filename == "/nonexistent/guest.elf"
        with pytest.raises(IsADirectoryError):
            sim.load(GUESTS)
        with pytest.raises(RuntimeError, match="no image loaded"):
            sim.run()
        corrupt = os.path.join(BUILD, "tests", "models", "corrupt.elf")
        if os.path.exists(corrupt):
            with pytest.raises(ValueError, match="corrupt.elf"):
                sim.load(corrupt)
        sim.load(HELLO)
        with pytest.raises(RuntimeError, match="already loaded"):
            sim.load(HELLO)
        with pytest.raises(ValueError, match="until"):
            sim.run(until="forever")
    with mtesim.Simulation(hypervisor="none", image=HELLO, console=None) as sim:
        with pytest.raises(ValueError, match="vm_exit"):
            sim.run(until="vm_exit")


def test_closed_and_killed_simulations_raise():
    sim = mtesim.Simulation(image=HELLO, console=None)
    sim.close()
    with pytest.raises(mtesim.SimulationClosed):
        sim.run()
    sim = mtesim.Simulation({"mode": "timing"}, image=os.path.join(GUESTS, "cpubench.elf"), console=None)
    import threading
    threading.Timer(0.5, os.kill, (sim.pid, signal.SIGKILL)).start()
    with pytest.raises(mtesim.WorkerDied, match="SIGKILL"):
        sim.run()
    with pytest.raises(mtesim.SimulationClosed):
        sim.registers()


def test_one_native_platform_per_process():
    code = (
        "import mtesim, json\n"
        "from mtesim import _native\n"
        "p = _native.Platform('{}')\n"
        "try:\n"
        "    _native.Platform('{}')\n"
        "except RuntimeError as e:\n"
        "    print('refused:', e)\n"
    )
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60, env=os.environ)
    assert p.returncode == 0, p.stderr
    assert b"refused: this process already holds a simulation" in p.stdout


def test_several_simulations_at_once_are_independent():
    sims = [mtesim.Simulation({"hypervisor": "none"}, image=HELLO, console=None) for _ in range(3)]
    try:
        sims[0].step(100)
        sims[1].step(200)
        assert [s.statistics()["pe0"]["instructions"] for s in sims] == [100, 200, 0]
        assert len({s.pid for s in sims}) == 3
    finally:
        for s in sims:
            s.close()


def test_rebinding_a_name_as_a_notebook_cell_rerun_does_frees_the_old_worker():
    import gc

    from mtesim.simulation import live_workers

    before = set(live_workers())
    pids = []
    sim = None
    for _ in range(4):  # the same cell, run four times
        sim = mtesim.Simulation({"hypervisor": "none"}, image=HELLO, console=None)
        assert sim.run().exit_status == 0
        pids.append(sim.pid)
        gc.collect()
    assert set(live_workers()) - before == {pids[-1]}
    for pid in pids[:-1]:
        assert not os.path.exists(f"/proc/{pid}") or open(f"/proc/{pid}/stat").read().split(") ")[1][0] in "ZX"
    sim.close()
    assert set(live_workers()) == before
