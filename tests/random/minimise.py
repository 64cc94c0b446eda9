#!/usr/bin/python3
"""Bisecting minimiser for a failing random sequence.

  minimise.py SEED INDEX [--k MIN:MAX] [--hypervisor model|none] [--build DIR]

Rebuilds sequence INDEX of SEED alone in an image (same initial state, same sandbox
seeds) and checks that mtesim and QEMU still differ; then shrinks its list of groups by
delta debugging (drop halves, then quarters, ... then single groups, then the optional
instructions inside the groups left) while the two outputs keep differing, and prints the minimal sequence disassembled
(aarch64-linux-gnu-objdump) with the lines that differ. A group is one random
instruction with the bounding instructions it needs, so every candidate stays inside
the sandbox.
"""
import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen  # noqa: E402
import run_random as rr  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("seed", type=int)
    ap.add_argument("index", type=int)
    ap.add_argument("--k", default="8:32")
    ap.add_argument("--hypervisor", choices=["model", "none"], default="none")
    ap.add_argument("--build", default=os.path.join(rr.SRC, "build"))
    ap.add_argument("--workdir")
    a = ap.parse_args(argv)
    why = rr.qemu_ok()
    if why:
        print(f"SKIPPED: {why}")
        return rr.SKIP
    kmin, kmax = (int(x) for x in a.k.split(":"))
    env = rr.Env(a.build, a.workdir)
    seq = gen.Seq(a.seed, a.index, kmin, kmax)
    runs = [0]
    last = []   # the two outputs of the last run that differed

    def differs(keep):
        runs[0] += 1
        elf = env.build_image([seq], "min", {seq.index: set(keep)}, verbose=True)
        qrc, qout, _ = rr.run_qemu(elf)
        mrc, mout, _ = rr.run_mtesim(env, elf, a.hypervisor)
        if qrc != 0 or "END " not in qout:
            return None   # QEMU failed: not a candidate
        d = rr.first_difference(qout, mout)
        if d:
            last[:] = [qout, mout]
        return d

    cur = list(range(len(seq.groups)))
    if not differs(cur):
        print(f"seed {a.seed} sequence {a.index}: no difference when run alone "
              f"(hypervisor {a.hypervisor}); it may depend on an earlier sequence")
        return 1
    n = 2
    while len(cur) >= 2:
        chunk = max(1, len(cur) // n)
        reduced = False
        for i in range(0, len(cur), chunk):
            cand = cur[:i] + cur[i + chunk:]
            if cand and differs(cand):
                cur = cand
                n = max(n - 1, 2)
                reduced = True
                break
        if not reduced:
            if chunk == 1:
                break
            n = min(len(cur), n * 2)
    # An empty body may still differ (then the state set-up itself differs).
    if len(cur) == 1 and differs([]):
        cur = []
    # Then single instructions inside the remaining groups, where dropping one keeps the
    # access inside the sandbox: the LDG that gives a base its granule's tag and the ADD
    # that misaligns it (never the bounding BFI/AND/SBFX, nor the random instruction).
    for gi in cur:
        j = 0
        while j < len(seq.groups[gi]) - 1:
            line = seq.groups[gi][j]
            if line.startswith(("ldg ", "add ")):
                saved = seq.groups[gi]
                seq.groups[gi] = saved[:j] + saved[j + 1:]
                if differs(cur):
                    continue
                seq.groups[gi] = saved
            j += 1
    d = differs(cur)
    elf = env.build_image([seq], "min", {seq.index: set(cur)}, verbose=True)
    print(f"seed {a.seed} sequence {a.index}: minimal sequence has {len(cur)} of "
          f"{len(seq.groups)} groups ({runs[0]} runs), el{seq.el} tcf{seq.tcf} tcf0{seq.tcf0}, "
          f"hypervisor {a.hypervisor}")
    for gi in cur:
        print("  group %d: %s" % (gi, "; ".join(seq.groups[gi])))
    dis = subprocess.run(["aarch64-linux-gnu-objdump", "-d", "--no-show-raw-insn",
                          f"--start-address=0x{sym(elf, f'rs{a.index}_body'):x}",
                          f"--stop-address=0x{sym(elf, f'rs{a.index}_end'):x}", elf],
                         capture_output=True, text=True).stdout
    body = [l for l in dis.splitlines() if l.strip() and ":\t" in l]
    base = sym(elf, f"rs{a.index}")
    print("disassembly (offsets from the sequence's start, as in 'exc ... at'):")
    for l in body:
        addr, rest = l.split(":", 1)
        print(f"  {int(addr, 16) - base:5x}:{rest}")
    if d:
        qlines, mlines = last[0].splitlines(), last[1].splitlines()
        print("differing state (qemu | mtesim):")
        shown = 0
        for i in range(max(len(qlines), len(mlines))):
            x = qlines[i] if i < len(qlines) else "<end>"
            y = mlines[i] if i < len(mlines) else "<end>"
            if x != y and shown < 24:
                print(f"  {x}  |  {y}")
                shown += 1
    print(f"image: {elf}")
    return 0


def sym(elf, name):
    out = subprocess.run(["aarch64-linux-gnu-nm", elf], capture_output=True, text=True).stdout
    for l in out.splitlines():
        p = l.split()
        if len(p) == 3 and p[2] == name:
            return int(p[0], 16)
    raise KeyError(name)


if __name__ == "__main__":
    sys.exit(main())
