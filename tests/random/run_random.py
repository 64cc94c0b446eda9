#!/usr/bin/python3
"""Random differential testing: runs gen.py's sequences on mtesim and on QEMU 10 and
compares the architectural state they print, line by line.

  run_random.py SEED [--sequences N] [--per-image M] [--first F] [--k MIN:MAX]
                [--hypervisor model|none|both] [--jobs J] [--build DIR] [--workdir DIR]

Images hold M sequences each (default 200); sequence numbers F .. F+N-1 of SEED are run.
On a mismatch it prints the seed, the sequence, the first differing line (register)
and the command that minimises it (minimise.py). Exit status: 0 all clean, 1 mismatch
or a run failed, 77 when qemu-system-aarch64 (>= 10) is missing (ctest's skip code).
"""
import argparse
import concurrent.futures
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import gen  # noqa: E402

CC = "aarch64-linux-gnu-gcc"
# As cmake/AArch64Guest.cmake builds guests (the runtime objects come from there).
CFLAGS = ["-O2", "-g", "-ffreestanding", "-nostdlib", "-mgeneral-regs-only",
          "-march=armv8.5-a+memtag", "-fno-pic", "-fno-pie", "-static", "-fno-stack-protector",
          "-fno-asynchronous-unwind-tables", "-fno-unwind-tables",
          "-fno-tree-loop-distribute-patterns", "-mbranch-protection=none",
          "-ffunction-sections", "-fdata-sections", "-Wall", "-Wextra", "-Wno-unused-parameter",
          "-I" + os.path.join(SRC, "guests/runtime/include")]
LDFLAGS = ["-no-pie", "-Wl,--gc-sections", "-Wl,--build-id=none", "-Wl,--no-warn-rwx-segments",
           "-T", os.path.join(SRC, "guests/runtime/guest.ld")]
QEMU = os.environ.get("QEMU", "qemu-system-aarch64")
SKIP = 77


class Env:
    """Paths and the harness objects, built once per build directory."""

    def __init__(self, build, workdir=None, mtesim=None):
        self.build = os.path.abspath(build)
        self.mtesim = mtesim or os.path.join(self.build, "mtesim")
        if not os.access(self.mtesim, os.X_OK):
            sys.exit(f"run_random: {self.mtesim} not found (ninja -C {build} mtesim)")
        self.rt_objs = sorted(glob.glob(os.path.join(self.build, "guests/obj/runtime/*.o")))
        if not self.rt_objs:
            sys.exit(f"run_random: no guest runtime objects under {self.build}/guests/obj/runtime "
                     f"(ninja -C {build} guest_runtime)")
        self.objdir = os.path.join(self.build, "random")
        os.makedirs(self.objdir, exist_ok=True)
        self.workdir = workdir or tempfile.mkdtemp(prefix="mtesim-random.")
        os.makedirs(self.workdir, exist_ok=True)
        self.harness = [self._obj("harness.c"), self._obj("seq_support.S")]

    def _obj(self, name):
        src = os.path.join(HERE, name)
        obj = os.path.join(self.objdir, name + ".o")
        if not os.path.exists(obj) or os.path.getmtime(obj) < os.path.getmtime(src):
            tmp = f"{obj}.{os.getpid()}"
            subprocess.run([CC] + CFLAGS + ["-c", src, "-o", tmp], check=True)
            os.replace(tmp, obj)   # atomic: parallel runners may race here
        return obj

    def build_image(self, seqs, name, keep=None, verbose=False):
        s = os.path.join(self.workdir, name + ".s")
        elf = os.path.join(self.workdir, name + ".elf")
        with open(s, "w") as f:
            f.write(gen.emit_image(seqs, keep, verbose))
        r = subprocess.run([CC] + CFLAGS + LDFLAGS + ["-o", elf, s] + self.harness + self.rt_objs
                           + ["-lgcc"], capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError(f"building {s} failed:\n{r.stderr[-4000:]}")
        return elf


def qemu_ok():
    if not shutil.which(QEMU):
        return f"{QEMU} not found"
    v = subprocess.run([QEMU, "--version"], capture_output=True, text=True).stdout
    m = re.search(r"version (\d+)\.", v)
    if not m or int(m.group(1)) < 10:
        return f"{QEMU} is not QEMU 10 or later"
    return None


def run_qemu(elf, timeout=120):
    r = subprocess.run([QEMU, "-M", "virt,mte=on", "-cpu", "max", "-m", "256M", "-display", "none",
                        "-nodefaults", "-nic", "none", "-serial", "stdio", "-monitor", "none",
                        "-kernel", elf], stdin=subprocess.DEVNULL, capture_output=True,
                       timeout=timeout)
    return r.returncode, r.stdout.decode("latin-1"), r.stderr.decode("latin-1")


def run_mtesim(env, elf, hyp, timeout=600):
    cmd = [env.mtesim, "run", elf, "--mte", "3", "--max-insns", "4000000000"]
    if hyp == "none":
        cmd += ["--hypervisor", "none"]
    r = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout)
    return r.returncode, r.stdout.decode("latin-1"), r.stderr.decode("latin-1")


def first_difference(ref, out):
    """(line number, reference line, other line) of the first difference, or None."""
    a, b = ref.splitlines(), out.splitlines()
    for i in range(max(len(a), len(b))):
        x = a[i] if i < len(a) else "<end of output>"
        y = b[i] if i < len(b) else "<end of output>"
        if x != y:
            return i, x, y
    return None


def explain(env, seq, hyp):
    """Reruns one sequence alone with the whole state printed; returns the first
    differing line of that run, or a note that it does not differ alone."""
    elf = env.build_image([seq], f"s{seq.seed}_{seq.index}_verbose", verbose=True)
    _, qout, _ = run_qemu(elf)
    _, mout, _ = run_mtesim(env, elf, hyp)
    d = first_difference(qout, mout)
    if not d:
        return "no difference when the sequence runs alone (it depends on an earlier one)"
    i, x, y = d
    return f"\n  qemu:   {x}\n  mtesim: {y}"


def seq_of_line(text, lineno):
    """The sequence a console line belongs to (the last 'S n' header at or before it)."""
    lines = text.splitlines()
    for i in range(min(lineno, len(lines) - 1), -1, -1):
        m = re.match(r"S (\d+) ", lines[i])
        if m:
            return int(m.group(1))
        m = re.match(r"(\d+) ", lines[i])
        if m:
            return int(m.group(1))
    return None


def compare_runs(env, elf, hyps, seqs=None):
    """Runs elf on QEMU and on mtesim with each hypervisor mode in hyps (in parallel).
    Returns a list of problems: (kind, hyp, detail, seq index or None)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1 + len(hyps)) as ex:
        fq = ex.submit(run_qemu, elf)
        fm = {h: ex.submit(run_mtesim, env, elf, h) for h in hyps}
        qrc, qout, qerr = fq.result()
        res = {h: f.result() for h, f in fm.items()}
    problems = []
    if qrc != 0 or "END " not in qout:
        problems.append(("qemu", None, f"QEMU exited {qrc}: {qerr.strip()[-500:]}\n{qout[-800:]}", None))
        return problems
    for h, (rc, out, err) in res.items():
        d = first_difference(qout, out)
        if d:
            i, x, y = d
            idx = seq_of_line(qout, i)
            detail = f"line {i + 1}:\n  qemu:   {x}\n  mtesim: {y}"
            if seqs and idx is not None:
                one = [s for s in seqs if s.index == idx]
                if one:
                    detail += "\n  alone, verbose:" + explain(env, one[0], h)
            problems.append(("mismatch", h, detail, idx))
        elif rc != 0:
            problems.append(("mtesim", h, f"mtesim exited {rc}: {err.strip()[-500:]}", None))
    return problems


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("seed", type=int)
    ap.add_argument("--sequences", type=int, default=1000)
    ap.add_argument("--per-image", type=int, default=200)
    ap.add_argument("--first", type=int, default=0)
    ap.add_argument("--k", default="8:32", help="instructions (groups) per sequence, MIN:MAX")
    ap.add_argument("--hypervisor", choices=["model", "none", "both"], default="both")
    ap.add_argument("--jobs", type=int, default=1, help="images run at the same time")
    ap.add_argument("--build", default=os.path.join(SRC, "build"))
    ap.add_argument("--mtesim", help="the mtesim binary (default: BUILD/mtesim)")
    ap.add_argument("--workdir", help="keep images and outputs here (default: a temporary directory, removed when clean)")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args(argv)
    why = qemu_ok()
    if why:
        print(f"SKIPPED: {why} (QEMU 10 is the oracle)")
        return SKIP
    kmin, kmax = (int(x) for x in a.k.split(":"))
    env = Env(a.build, a.workdir, a.mtesim)
    hyps = ["model", "none"] if a.hypervisor == "both" else [a.hypervisor]
    t0 = time.time()
    starts = list(range(a.first, a.first + a.sequences, a.per_image))

    def one(first):
        count = min(a.per_image, a.first + a.sequences - first)
        seqs = gen.make(a.seed, first, count, kmin, kmax)
        elf = env.build_image(seqs, f"s{a.seed}_{first}")
        probs = compare_runs(env, elf, hyps, seqs)
        if not probs and not a.workdir:
            for ext in (".s", ".elf"):
                os.unlink(elf[:-4] + ext)
        return first, count, probs

    failed = 0
    done = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, a.jobs)) as ex:
        for first, count, probs in ex.map(one, starts):
            done += count
            for kind, hyp, detail, idx in probs:
                failed += 1
                print(f"FAIL seed {a.seed} images from sequence {first} ({kind}"
                      f"{', hypervisor ' + hyp if hyp else ''})")
                if idx is not None:
                    print(f"  sequence {idx}; first difference at {detail}")
                    print(f"  minimise: {os.path.join(HERE, 'minimise.py')} {a.seed} {idx} "
                          f"--k {a.k} --hypervisor {hyp}")
                else:
                    print("  " + detail)
            if not a.quiet:
                print(f"seed {a.seed}: {done}/{a.sequences} sequences, {failed} failure(s), "
                      f"{time.time() - t0:.1f}s", flush=True)
    if failed == 0 and not a.workdir:
        shutil.rmtree(env.workdir, ignore_errors=True)
    elif failed:
        print(f"images kept in {env.workdir}")
    print(f"{'CLEAN' if not failed else 'FAILED'}: seed {a.seed}, sequences {a.first}..{a.first + a.sequences - 1}"
          f", hypervisor {'+'.join(hyps)}, {time.time() - t0:.1f}s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
