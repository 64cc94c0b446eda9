"""mtesim.trace and recording from Python: a Simulation records a binary trace
(Simulation(trace=...), record()/stop_recording()); info, records, dump, convert and
load_counters read it in this process; malformed traces raise ValueError naming the file
and offset, files that cannot be opened OSError."""

import io
import json
import os
import subprocess

import pytest

import mtesim
from mtesim import trace

BUILD = os.path.abspath(os.environ.get("MTESIM_BUILD") or "build")
GUESTS = os.path.join(BUILD, "guests")
HELLO = os.path.join(GUESTS, "hello.elf")
MTE_HEAP = os.path.join(GUESTS, "mte_heap.elf")


@pytest.fixture(scope="module")
def hello_trace(tmp_path_factory):
    """hello recorded at the Instructions level from Python."""
    path = str(tmp_path_factory.mktemp("traces") / "hello.mtt")
    with mtesim.Simulation(image=HELLO, console=None, trace=path, trace_detail="instructions",
                           trace_interval="5us") as sim:
        assert sim.run().exit_status == 0
    return path


def test_info_summarises_the_recording(hello_trace):
    info = trace.info(hello_trace)
    assert info["version"] == 1 and info["detail"] == "instructions" and info["compression"] == "zstd"
    assert info["pe_count"] == 1
    kinds = info["records_by_kind"]
    assert kinds["insn"] == info["pes"][0]["instructions"] > 1000
    assert info["pes"][0]["accesses"]["fetch"] > 0
    assert kinds["counter"] > 0 and kinds["vm_exit"] > 0   # hello prints through the VMM's UART
    assert info["vm_exits"]["mmio"] > 0
    assert info["last_ps"] > info["first_ps"] == 0
    assert 0 < info["file_bytes"] < info["body_bytes"]


def test_records_and_dump(hello_trace):
    first = list(trace.records(hello_trace, limit=5))
    assert len(first) == 5
    assert first[0]["kind"] == "string" and first[0]["text"] == "pe0.instructions"
    insn = next(r for r in trace.records(hello_trace) if r["kind"] == "insn")
    assert set(insn) >= {"pc", "word", "el", "insn_class", "time_ps", "pe", "line"}
    assert f"pc 0x{insn['pc']:016x} word {insn['word']:08x} EL{insn['el']}" in insn["line"]
    switch = next(r for r in trace.records(hello_trace) if r["kind"] == "vcpu")  # hello runs as a VM
    assert switch["vcpu"] == 0 and switch["vm"] >= 1 and isinstance(switch["entered"], bool)
    out = io.StringIO()
    assert trace.dump(hello_trace, pe=0, limit=20, file=out) == 20
    lines = out.getvalue().splitlines()
    assert len(lines) == 20 and all(" pe0 " in line for line in lines)


def test_text_conversion_matches_the_cli_text_trace(hello_trace, tmp_path):
    converted = trace.convert(hello_trace, to="text", out=tmp_path / "py.txt")
    direct = tmp_path / "cli.txt"
    subprocess.run([os.path.join(BUILD, "mtesim"), "run", HELLO, "--trace", str(direct)],
                   check=True, capture_output=True, timeout=300)
    assert open(converted).read() == direct.read_text()


def test_perfetto_timeline(hello_trace, tmp_path):
    out = trace.convert(hello_trace, out=tmp_path / "t.json")
    events = json.load(open(out))["traceEvents"]
    threads = {e["args"]["name"] for e in events if e["ph"] == "M" and e["name"] == "thread_name"}
    assert "PE 0" in threads
    names = {e["name"] for e in events}
    assert "MMIO write 0x9000000" in names
    assert any(e["ph"] == "C" and e["name"] in ("pe0 IPC", "pe0 instructions/us") for e in events)


def test_load_counters(hello_trace):
    frame = trace.load_counters(hello_trace)
    assert list(frame.columns) == ["time", "counter", "value"]
    insns = frame[frame.counter == "pe0.instructions"]
    assert len(insns) >= 2
    # Cumulative values; their times follow the PEs' local times (temporally decoupled,
    # so the closing sample, at SystemC's time, may sit slightly before the last one).
    assert insns.value.is_monotonic_increasing and (insns.time >= 0).all()
    pe0 = trace.info(hello_trace)["pes"][0]
    assert insns.value.iloc[-1] == pe0["sampled_instructions"] >= pe0["instructions"]


def test_record_and_stop_recording(tmp_path):
    path = tmp_path / "faults.mtt"
    with mtesim.Simulation({"mte": "3"}, image=MTE_HEAP, console=None) as sim:
        sim.record(path, detail="events", interval="1us")
        sim.run()
        assert sim.stop_recording() is True
        assert sim.stop_recording() is False
    info = trace.info(path)
    assert info["detail"] == "events"
    assert info["tag_faults"]["sync"] > 0 and info["tag_faults"]["async"] > 0
    faults = [r for r in trace.records(path) if r["kind"] == "tag_fault"]
    assert all(0 <= r["logical_tag"] < 16 and 0 <= r["allocation_tag"] < 16 for r in faults)
    assert any(r["logical_tag"] != r["allocation_tag"] for r in faults)


def test_errors(hello_trace, tmp_path):
    for call in (trace.info, trace.records, trace.load_counters, trace.convert):
        with pytest.raises(FileNotFoundError):
            call(tmp_path / "missing.mtt")
    with pytest.raises(OSError):
        trace.info(tmp_path)  # a directory
    cut = tmp_path / "cut.mtt"
    cut.write_bytes(open(hello_trace, "rb").read()[:1000])
    for call in (trace.info, lambda p: list(trace.records(p)), lambda p: trace.convert(p, out=tmp_path / "x.json"),
                 trace.load_counters):
        with pytest.raises(ValueError, match=rf"^{cut}: .*offset \d+"):
            call(cut)
    memory = tmp_path / "memory.mtt"
    with mtesim.Simulation(image=HELLO, console=None, trace=memory) as sim:
        sim.run()
    with pytest.raises(ValueError, match="--trace-detail instructions"):
        trace.convert(memory, to="text", out=tmp_path / "m.txt")
    with pytest.raises(ValueError, match="must be 'perfetto' or 'text'"):
        trace.convert(memory, to="svg")
    with pytest.raises(ValueError, match="--trace-detail everything"):
        mtesim.Simulation(image=HELLO, console=None, trace=tmp_path / "e.mtt", trace_detail="everything")
    with pytest.raises(ValueError, match="need trace=FILE"):
        mtesim.Simulation(image=HELLO, console=None, trace_detail="events")


# ------------------------------------------------------------------ replay

SMALL_L2 = {"timing": {"l2": {"size": "16K"}}}


@pytest.fixture(scope="module")
def heap_timing(tmp_path_factory):
    """mte_heap recorded in timing mode (memory detail), with the run's statistics, and
    the statistics of a second execution run with a 16 KiB L2."""
    path = str(tmp_path_factory.mktemp("replay") / "heap.mtt")
    with mtesim.Simulation({"mte": 3, "mode": "timing"}, image=MTE_HEAP, console=None, trace=path) as sim:
        assert sim.run().exit_status == 0
        recorded = sim.statistics()
    with mtesim.Simulation(mtesim.simulation.load_config({"mte": 3, "mode": "timing"}, SMALL_L2),
                           image=MTE_HEAP, console=None) as sim:
        assert sim.run().exit_status == 0
        small = sim.statistics()
    return path, recorded, small


def test_replay_equals_the_recorded_run(heap_timing):
    path, recorded, _ = heap_timing
    result = trace.replay(path, {"mte": 3})
    s = result["statistics"]
    assert result["accesses"] > 10000 and result["instructions"] == recorded["pe0"]["instructions"]
    for group in ("l1i", "l1d"):
        assert s["pe0"][group]["hits"] == recorded["pe0"][group]["hits"]
        assert s["pe0"][group]["misses"] == recorded["pe0"][group]["misses"]
    assert s["l2"]["misses"] == recorded["l2"]["misses"]
    assert s["pe0"]["cycles"] == recorded["pe0"]["cycles"] == result["pe_cycles"][0]


def test_replay_with_another_memory_system_equals_that_execution(heap_timing):
    path, _, small = heap_timing
    s = trace.replay(path, {"mte": 3}, **SMALL_L2)["statistics"]
    assert s["l2"]["misses"] == small["l2"]["misses"] and s["l2"]["evictions"] == small["l2"]["evictions"]
    assert s["pe0"]["cycles"] == small["pe0"]["cycles"]


def test_sweep_replays_one_recording_per_configuration(heap_timing):
    path, recorded, small = heap_timing
    frame = mtesim.sweep([{"mte": 3}, {"mte": 3, **SMALL_L2}, {"mte": 3, "smp": 2}], trace=path,
                         n_workers=2, progress=False)
    assert list(frame["stats.l2.evictions"][:2]) == [recorded["l2"]["evictions"], small["l2"]["evictions"]]
    assert frame["error"][0] is None and frame["error"][1] is None
    assert "recorded on 1 PE" in frame["error"][2]  # the point that disagrees with the recording


def test_replay_errors_name_the_input(heap_timing, tmp_path):
    path, _, _ = heap_timing
    with pytest.raises(ValueError, match="1 PE"):
        trace.replay(path, {"smp": 2})
    with pytest.raises(ValueError, match="timing.l2"):
        trace.replay(path, {"timing": {"l2": {"ways": 3}}})
    with pytest.raises(OSError):
        trace.replay(str(tmp_path / "missing.mtt"))
    events = str(tmp_path / "events.mtt")
    with mtesim.Simulation(image=HELLO, console=None, trace=events, trace_detail="events") as sim:
        sim.run()
    with pytest.raises(ValueError, match="events"):
        trace.replay(events)
    with pytest.raises(ValueError, match="trace= replays a recording"):
        mtesim.sweep([{}], trace=path, image=HELLO)
