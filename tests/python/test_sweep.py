"""sweep() on small LocalClusters, with FakePlatform-backed simulations."""

import math
import os

import pandas as pd
import pytest
from distributed import Client, LocalCluster

from mtesim import sweep
from rpc_target import make_fake_simulation
from conftest import descendants


def custom_run(sim, config):
    result = sim.step(config["steps"])
    return {"instructions": result.instructions, "pes": sim.pe_count,
            "nested": {"pid": sim.pid}}


def failing_run(sim, config):
    if config.get("boom"):
        raise KeyError("boom")
    return sim.step(1)


@pytest.fixture(scope="module")
def cluster_client():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        yield client


def test_results_in_input_order_with_default_run(cluster_client):
    configs = [{"smp": n, "mte": str(n % 4), "timing": {"l1": n}, "work": (8 - n) * 20000}
               for n in range(1, 9)]
    frame = sweep(configs, client=cluster_client, progress=False, max_instructions=0,
                  _make_simulation=make_fake_simulation)
    assert len(frame) == 8
    assert frame["config.smp"].tolist() == list(range(1, 9))
    assert frame["config.timing.l1"].tolist() == list(range(1, 9))
    assert frame["error"].tolist() == [None] * 8
    assert frame["state"].tolist() == ["finished"] * 8
    assert frame["instructions"].tolist() == [100] * 8
    assert frame["stats.pe.0.loads"].tolist() == [7] * 8
    assert frame["stats.config_mte"].tolist() == [str(n % 4) for n in range(1, 9)]
    assert frame["exit.code"].tolist() == [0] * 8
    assert (frame["host_seconds"] > 0).all()
    assert list(frame.columns[-2:]) == ["error", "host_seconds"]
    assert frame.columns[0].startswith("config.")


def test_max_instructions_and_named_points(cluster_client):
    frame = sweep({"a": {"smp": 1}, "b": {"smp": 2}}, client=cluster_client, progress=False,
                  max_instructions=5, _make_simulation=make_fake_simulation)
    assert frame.index.tolist() == ["a", "b"] and frame.index.name == "name"
    assert frame["instructions"].tolist() == [5, 5]
    assert frame["state"].tolist() == ["limit", "limit"]


def test_custom_run_function(cluster_client):
    frame = sweep([{"smp": 2, "steps": 3}, {"smp": 1, "steps": 4}], custom_run, client=cluster_client,
                  progress=False, _make_simulation=make_fake_simulation)
    assert frame["instructions"].tolist() == [3, 4]
    assert frame["pes"].tolist() == [2, 1]
    assert frame["nested.pid"].notna().all()
    # each point had its own worker process inside a Dask worker
    assert frame["nested.pid"].nunique() == 2
    # a lambda travels by cloudpickle
    frame = sweep([{"steps": 2}], lambda sim, config: sim.step(config["steps"]).instructions,
                  client=cluster_client, progress=False, _make_simulation=make_fake_simulation)
    assert frame["result"].tolist() == [2]


def loaded_image(sim, config):
    return {"loaded": sim._root._get("loaded")}


def test_image_is_loaded(cluster_client, tmp_path):
    image = tmp_path / "guest.elf"
    image.write_bytes(b"\x7fELF")
    frame = sweep([{}, {}], loaded_image, image=str(image), client=cluster_client, progress=False,
                  _make_simulation=make_fake_simulation)
    assert frame["loaded"].tolist() == [str(image)] * 2
    frame = sweep([{}], loaded_image, image=str(tmp_path / "missing.elf"), client=cluster_client,
                  progress=False, _make_simulation=make_fake_simulation)
    assert frame["error"][0].startswith("FileNotFoundError: [Errno 2]")


def test_failures_are_isolated(cluster_client):
    configs = [{"smp": 1}, {"fail": "seven"}, {"bogus": True}, {"smp": 2}, {"boom": 1}]
    frame = sweep(configs, client=cluster_client, progress=False,
                  _make_simulation=make_fake_simulation)
    assert frame["error"].tolist() == [
        None, "RuntimeError: point failed: seven", "ValueError: unknown configuration key 'bogus'",
        None, None]
    assert frame["instructions"].tolist()[:1] == [100] and math.isnan(frame["instructions"][1])
    assert math.isnan(frame["instructions"][2]) and frame["instructions"][3] == 100
    frame = sweep(configs, failing_run, client=cluster_client, progress=False,
                  _make_simulation=make_fake_simulation)
    assert frame["error"].tolist() == [
        None, "RuntimeError: point failed: seven", "ValueError: unknown configuration key 'bogus'",
        None, "KeyError: 'boom'"]
    assert frame["instructions"][0] == 1 and frame["instructions"][3] == 1


def test_user_client_is_not_closed(cluster_client):
    sweep([{"smp": 1}], client=cluster_client, progress=False, _make_simulation=make_fake_simulation)
    assert cluster_client.status == "running"
    assert cluster_client.submit(sum, [1, 2]).result() == 3


def test_own_cluster_leaves_no_processes(capsys):
    before = descendants()
    frame = sweep([{"smp": n} for n in (1, 2, 3)], n_workers=2, progress=True,
                  _make_simulation=make_fake_simulation)
    assert frame["error"].tolist() == [None] * 3
    assert "3/3" in capsys.readouterr().err  # the progress bar
    assert descendants() <= before


def test_bad_arguments():
    with pytest.raises(TypeError):
        sweep(3)
    with pytest.raises(TypeError):
        sweep([{"a": 1}, 2])
    with pytest.raises(TypeError):
        sweep([{}], run=5)
    with pytest.raises(ValueError):
        sweep([{}], n_workers=0)
    frame = sweep([], client=object(), progress=False)
    assert list(frame.columns) == ["error", "host_seconds"] and len(frame) == 0
