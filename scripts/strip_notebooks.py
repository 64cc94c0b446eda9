#!/usr/bin/env python3
"""Strips Jupyter notebooks of their outputs, in place, as the repository keeps them.

  scripts/strip_notebooks.py                 every notebook of the repository
  scripts/strip_notebooks.py A.ipynb ...     those notebooks
  scripts/strip_notebooks.py --check [...]   change nothing; list the notebooks that are
                                             not stripped and exit 1 if there are any

Stripped means: every code cell has "outputs": [] and "execution_count": null, no cell
carries execution metadata (timings, "collapsed"/"scrolled" view state), and the
notebook carries no widget state. Sources are stored as lists of lines, as Jupyter
writes them. tests/python/test_notebooks.py checks every notebook
with is_stripped() from here. Only the standard library is needed; the file is written
as Jupyter writes it (one-space indent, keys sorted, a final newline).
"""
import argparse
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Per-cell metadata a run or a view leaves behind (nbclient's timings, Jupyter's view state).
CELL_METADATA = ("execution", "ExecuteTime", "collapsed", "scrolled")
NOTEBOOK_METADATA = ("widgets",)
SKIPPED_DIRS = {".git", "build", ".ipynb_checkpoints", "__pycache__", "node_modules"}


def find_notebooks(root=ROOT):
    """Every .ipynb under `root`, outside build trees and hidden directories, sorted."""
    found = []
    for directory, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs
                         if d not in SKIPPED_DIRS and not d.startswith(".") and not d.startswith("build"))
        found += [os.path.join(directory, f) for f in files if f.endswith(".ipynb")]
    return sorted(found)


def problems(nb):
    """What keeps the notebook (a dict, as in the file) from being stripped: a list of
    sentences, empty when it is stripped."""
    found = []
    for key in NOTEBOOK_METADATA:
        if key in nb.get("metadata", {}):
            found.append(f"notebook metadata has {key!r}")
    for i, cell in enumerate(nb.get("cells", [])):
        where = f"cell {i} ({cell.get('cell_type')})"
        if cell.get("cell_type") == "code":
            if cell.get("outputs") != []:
                found.append(f"{where} has outputs")
            if cell.get("execution_count") is not None:
                found.append(f"{where} has execution_count {cell.get('execution_count')}")
        elif "outputs" in cell or "execution_count" in cell:
            found.append(f"{where} has outputs or an execution count")
        for key in CELL_METADATA:
            if key in cell.get("metadata", {}):
                found.append(f"{where} metadata has {key!r}")
    return found


def is_stripped(nb):
    return not problems(nb)


def strip(nb):
    """Strips the notebook (a dict) in place; returns it."""
    metadata = nb.setdefault("metadata", {})
    for key in NOTEBOOK_METADATA:
        metadata.pop(key, None)
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        else:
            cell.pop("outputs", None)
            cell.pop("execution_count", None)
        if isinstance(cell.get("source"), str):  # stored as lines, as Jupyter writes it
            cell["source"] = cell["source"].splitlines(True)
        cell_metadata = cell.setdefault("metadata", {})
        for key in CELL_METADATA:
            cell_metadata.pop(key, None)
    return nb


def dumps(nb):
    """The notebook's text as Jupyter (nbformat) writes it."""
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def strip_file(path):
    """Strips one file in place; returns whether it changed."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    new = dumps(strip(json.loads(text)))
    if new == text:
        return False
    with open(path, "w", encoding="utf-8") as f:
        f.write(new)
    return True


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="default: every notebook of the repository")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if any is not stripped")
    args = parser.parse_args(argv)
    paths = args.notebooks or find_notebooks()
    failed = False
    for path in paths:
        rel = os.path.relpath(path)
        if args.check:
            found = problems(load(path))
            if found:
                failed = True
                print(f"{rel}: not stripped: {'; '.join(found[:5])}"
                      + (f" (and {len(found) - 5} more)" if len(found) > 5 else ""))
        elif strip_file(path):
            print(f"stripped {rel}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
