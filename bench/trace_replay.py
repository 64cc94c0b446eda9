#!/usr/bin/env python3
"""Trace-driven replay against execution (issue 12): mtebench recorded once in timing mode,
then timed three ways, each the best of --repeat whole-process runs:

  execution  `mtesim run --mode timing` without a trace (what the replay replaces);
  record     the same run writing the trace (--trace-detail memory, zstd);
  replay     `mtesim trace replay` of that trace with the same configuration.

The replay's speed is its loop's (reading, decoding and timing every record: the
`host_seconds` its --stats reports), in memory accesses and instructions per second; the
execution run's is the host time of sc_start() alone (its --stats host_seconds), so
start-up is outside both. Peak RSS comes from /usr/bin/time -v. The replay's counters are
checked against the recording run's (they must be equal: tests/traces, replay.*).
"""
import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile


def run(cmd):
    """Runs cmd under /usr/bin/time -v; returns (wall seconds, peak RSS KiB)."""
    proc = subprocess.run(["/usr/bin/time", "-v"] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if proc.returncode not in (0, 3):  # 3: reached --max-insns
        sys.exit(f"bench: {' '.join(cmd)} exited {proc.returncode}:\n{proc.stderr}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr).group(1))
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", proc.stderr).group(1)
    seconds = 0.0
    for part in wall.split(":"):
        seconds = seconds * 60 + float(part)
    return seconds, rss


def best(cmd, stats_file, repeat):
    """Best host_seconds (and its stats), worst wall time and peak RSS over `repeat` runs."""
    results = []
    for _ in range(repeat):
        wall, rss = run(cmd)
        with open(stats_file) as f:
            stats = json.load(f)
        results.append((stats["host_seconds"], wall, rss, stats))
    host, _, _, stats = min(results, key=lambda r: r[0])
    return host, min(r[1] for r in results), max(r[2] for r in results), stats


def counters(stats, prefix=""):
    out = {}
    for k, v in stats.items():
        if isinstance(v, dict):
            out.update(counters(v, prefix + k + "."))
        elif isinstance(v, int):
            out[prefix + k] = v
    return out


def cpu_model():
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        m = re.search(r"Model name:\s*(.+)", out)
        return f"{m.group(1).strip()}, {os.cpu_count()} CPUs" if m else platform.processor()
    except OSError:
        return platform.processor()


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    build = os.path.join(os.path.dirname(here), "build")
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mtesim", default=os.path.join(build, "mtesim"))
    ap.add_argument("--guest", default=os.path.join(build, "guests", "mtebench.elf"))
    ap.add_argument("--max-insns", type=int, default=50_000_000, help="instructions recorded (default 50M)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", help="write the figures here too")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="mtesim-replay-bench-") as tmp:
        trace = os.path.join(tmp, "mtebench.mtt")
        base = [args.mtesim, "run", args.guest, "--mode", "timing", "--mte", "3", "--max-insns", str(args.max_insns)]
        exec_stats, rec_stats, rep_stats = (os.path.join(tmp, n) for n in ("exec.json", "rec.json", "rep.json"))
        exec_host, exec_wall, exec_rss, _ = best(base + ["--stats", exec_stats], exec_stats, args.repeat)
        rec_host, rec_wall, rec_rss, recorded = best(base + ["--stats", rec_stats, "--trace", trace], rec_stats, 1)
        trace_bytes = os.path.getsize(trace)
        rep_host, rep_wall, rep_rss, replayed = best(
            [args.mtesim, "trace", "replay", trace, "--stats", rep_stats], rep_stats, args.repeat)

    rec_c, rep_c = counters(recorded), counters(replayed)
    checked = [k for k in rec_c if k in rep_c and re.match(r"(pe\d+|l2|memory)\.|instructions$", k)]
    differ = [k for k in checked if rec_c[k] != rep_c[k]]
    accesses = replayed["replay"]["accesses"]
    insns = replayed["instructions"]
    figures = {
        "machine": cpu_model(),
        "guest": os.path.basename(args.guest),
        "instructions": insns,
        "accesses": accesses,
        "trace_bytes": trace_bytes,
        "replay_seconds": rep_host,
        "replay_accesses_per_second": accesses / rep_host,
        "replay_instructions_per_second": insns / rep_host,
        "replay_wall_seconds": rep_wall,
        "replay_peak_rss_kib": rep_rss,
        "execution_seconds": exec_host,
        "execution_accesses_per_second": accesses / exec_host,
        "execution_instructions_per_second": insns / exec_host,
        "execution_wall_seconds": exec_wall,
        "execution_peak_rss_kib": exec_rss,
        "record_seconds": rec_host,
        "record_wall_seconds": rec_wall,
        "record_peak_rss_kib": rec_rss,
        "counters_checked": len(checked),
        "counters_differing": len(differ),
    }
    print(f"machine: {figures['machine']}")
    print(f"{figures['guest']} --mte 3, timing mode, {insns / 1e6:.1f} M instructions, {accesses / 1e6:.2f} M accesses; "
          f"trace {trace_bytes / 2**20:.1f} MiB ({trace_bytes / insns:.2f} bytes per instruction)")
    print(f"replay:    {rep_host:.3f} s  {accesses / rep_host / 1e6:6.1f} M accesses/s  "
          f"{insns / rep_host / 1e6:6.1f} M instructions/s  (whole process {rep_wall:.2f} s, peak RSS {rep_rss / 1024:.1f} MiB)")
    print(f"execution: {exec_host:.3f} s  {accesses / exec_host / 1e6:6.1f} M accesses/s  "
          f"{insns / exec_host / 1e6:6.1f} M instructions/s  (whole process {exec_wall:.2f} s, peak RSS {exec_rss / 1024:.1f} MiB)")
    print(f"recording: {rec_host:.3f} s  (whole process {rec_wall:.2f} s, peak RSS {rec_rss / 1024:.1f} MiB)")
    print(f"replay / execution speed: {exec_host / rep_host:.2f}x; "
          f"{len(checked)} counters compared with the recording run, {len(differ)} differ")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(figures, f, indent=2)
    if differ:
        sys.exit("bench: the replay's counters differ from the run's: " + ", ".join(differ[:10]))


if __name__ == "__main__":
    main()
