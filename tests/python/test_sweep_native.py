"""mtesim.sweep with the real simulator on a LocalCluster: per-point images,
statistics columns, and a bad point that fails alone."""
import os

import pytest

import mtesim

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get("MTESIM_BUILD", os.path.join(ROOT, "build"))
GUESTS = os.path.join(BUILD, "guests")

pytestmark = pytest.mark.skipif(not os.path.exists(os.path.join(GUESTS, "hello.elf")), reason="guests not built")


def test_a_sweep_runs_each_point_and_keeps_going_past_a_bad_one():
    points = {
        "hello_vm": {"image": os.path.join(GUESTS, "hello.elf")},
        "hello_bare": {"image": os.path.join(GUESTS, "hello.elf"), "hypervisor": "none"},
        "heap_timing": {"image": os.path.join(GUESTS, "mte_heap.elf"), "mte": "3", "mode": "timing",
                        "hypervisor": "none"},
        "bad": {"image": os.path.join(GUESTS, "hello.elf"), "smp": 0},
    }

    def run(sim, config):
        r = sim.run()
        return {"exit_status": r.exit_status, "instructions": r.instructions,
                "console": sim.console_output, "cycles": sim.statistics()["pe0"]["cycles"]}

    df = mtesim.sweep(points, run=run, n_workers=2, progress=False)
    assert list(df.index) == list(points)
    assert df.loc["hello_vm", "console"] == df.loc["hello_bare", "console"] == "Hello from an AArch64 guest at EL1\n"
    assert df.loc["hello_vm", "error"] is None and df.loc["heap_timing", "exit_status"] == 0
    # Timing mode costs more than a cycle per instruction; functional mode exactly one.
    assert df.loc["heap_timing", "cycles"] > df.loc["heap_timing", "instructions"]
    assert df.loc["hello_bare", "cycles"] == df.loc["hello_bare", "instructions"]
    assert df.loc["bad", "error"].startswith("ValueError") and "smp" in df.loc["bad", "error"]
    assert df.loc["heap_timing", "config.mode"] == "timing"


def test_the_default_run_reports_statistics_columns():
    df = mtesim.sweep([{"hypervisor": "none"}, {"hypervisor": "none", "max_insns": 100}],
                      image=os.path.join(GUESTS, "hello.elf"), n_workers=1, progress=False)
    assert list(df["exit_status"]) == [0, 3]
    assert df.loc[1, "stats.pe0.instructions"] == 100
    assert df.loc[0, "stats.pe0.instructions"] == df.loc[0, "instructions"]
