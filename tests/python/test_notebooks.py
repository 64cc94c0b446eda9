"""The notebooks of python/notebooks/: each runs from top to bottom without a cell error
(executed with nbclient in a fresh kernel of this interpreter), and every notebook of the
repository is stored with its outputs stripped (scripts/strip_notebooks.py).

The kernel runs in python/notebooks/ with PYTHONPATH=BUILD/python, BUILD being
$MTESIM_BUILD (passed on to the kernel) or the repository's build/ (which the notebooks
find by themselves). Set MTESIM_NOTEBOOK_OUTPUT=DIR to
keep the executed notebooks (with their outputs and plots) in DIR.
"""

import copy
import glob
import importlib.util
import json
import os
import sys
import time

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NOTEBOOK_DIR = os.path.join(ROOT, "python", "notebooks")
NOTEBOOKS = sorted(glob.glob(os.path.join(NOTEBOOK_DIR, "*.ipynb")))
CELL_TIMEOUT = 300  # seconds, per cell


def _load_stripper():
    spec = importlib.util.spec_from_file_location("strip_notebooks",
                                                  os.path.join(ROOT, "scripts", "strip_notebooks.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


strip_notebooks = _load_stripper()


def _build_dir():
    return os.path.abspath(os.environ.get("MTESIM_BUILD") or os.path.join(ROOT, "build"))


@pytest.fixture(scope="module")
def kernel_env(tmp_path_factory):
    """The kernel's environment; a "python3" kernelspec running this very interpreter
    (Debian's, with the packages the notebooks use) comes first on JUPYTER_PATH, whatever
    other python3 kernelspec or interpreter PATH would find."""
    build = _build_dir()
    assert os.path.isdir(os.path.join(build, "python", "mtesim")), \
        f"{build}/python/mtesim is missing: build mtesim (target mtesim_python) or set MTESIM_BUILD"
    assert os.path.isdir(os.path.join(build, "guests")), f"{build}/guests is missing: build the target guests"
    jupyter_dir = tmp_path_factory.mktemp("jupyter")
    spec_dir = jupyter_dir / "kernels" / "python3"
    spec_dir.mkdir(parents=True)
    (spec_dir / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (mtesim tests)",
        "language": "python",
    }))
    env = dict(os.environ)
    env["JUPYTER_PATH"] = os.pathsep.join([str(jupyter_dir)] + [p for p in env.get("JUPYTER_PATH", "").split(os.pathsep) if p])
    env["PATH"] = os.pathsep.join([os.path.dirname(sys.executable), env.get("PATH", "")])
    env["PYTHONPATH"] = os.pathsep.join([os.path.join(build, "python")]
                                        + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    if os.environ.get("MTESIM_BUILD"):
        env["MTESIM_BUILD"] = build
    # else the notebooks find ROOT/build walking up from python/notebooks (as under Jupyter)
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # the debugger's warning about frozen modules
    return env


def test_the_notebooks_are_there():
    names = {os.path.basename(p) for p in NOTEBOOKS}
    assert {"quick_tour.ipynb", "tag_cache_sweep.ipynb", "mte_mode_overhead.ipynb"} <= names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[os.path.basename(p) for p in NOTEBOOKS])
def test_notebook_runs(path, kernel_env, monkeypatch, record_property):
    import nbformat
    from nbclient import NotebookClient

    # The kernelspec is looked up in this process.
    monkeypatch.setenv("JUPYTER_PATH", kernel_env["JUPYTER_PATH"])
    monkeypatch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3",
                            resources={"metadata": {"path": NOTEBOOK_DIR}})
    start = time.perf_counter()
    try:
        client.execute(env=kernel_env)  # raises CellExecutionError on a cell's error
    finally:
        seconds = time.perf_counter() - start
        record_property("seconds", round(seconds, 1))
        print(f"\n{os.path.basename(path)}: {seconds:.1f} s")
        out = os.environ.get("MTESIM_NOTEBOOK_OUTPUT")
        if out:
            os.makedirs(out, exist_ok=True)
            nbformat.write(nb, os.path.join(out, os.path.basename(path)))
    errors = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs
              if o.get("output_type") == "error"]
    assert not errors


def _repository_notebooks():
    return strip_notebooks.find_notebooks(ROOT)


@pytest.mark.parametrize("path", _repository_notebooks(),
                         ids=[os.path.relpath(p, ROOT) for p in _repository_notebooks()])
def test_notebook_is_stored_stripped(path):
    problems = strip_notebooks.problems(strip_notebooks.load(path))
    assert not problems, (f"{os.path.relpath(path, ROOT)} is not stored stripped "
                          f"(run scripts/strip_notebooks.py): {problems}")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    assert text == strip_notebooks.dumps(json.loads(text)), \
        f"{os.path.relpath(path, ROOT)}: not in the stripper's format (run scripts/strip_notebooks.py)"


def test_strip_removes_outputs_counts_and_widget_state():
    nb = {"cells": [
        {"cell_type": "markdown", "id": "m", "metadata": {}, "source": ["# t"]},
        {"cell_type": "code", "id": "c", "execution_count": 3, "source": "1\n2",
         "metadata": {"execution": {"iopub.status.busy": "x"}, "collapsed": False, "tags": ["keep"]},
         "outputs": [{"output_type": "execute_result", "data": {"text/plain": "1"}, "metadata": {},
                      "execution_count": 3}]},
    ], "metadata": {"widgets": {"state": {}}, "kernelspec": {"name": "python3"}},
        "nbformat": 4, "nbformat_minor": 5}
    assert len(strip_notebooks.problems(nb)) == 5
    stripped = strip_notebooks.strip(copy.deepcopy(nb))
    assert strip_notebooks.is_stripped(stripped)
    assert stripped["cells"][1]["outputs"] == [] and stripped["cells"][1]["execution_count"] is None
    assert stripped["cells"][1]["metadata"] == {"tags": ["keep"]}
    assert stripped["cells"][1]["source"] == ["1\n", "2"]
    assert stripped["metadata"] == {"kernelspec": {"name": "python3"}}
    assert stripped["cells"][0] == nb["cells"][0]
