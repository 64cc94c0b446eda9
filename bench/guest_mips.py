#!/usr/bin/env python3
"""Run one guest on mtesim and on QEMU in the same run and report simulated MIPS.

Both simulators execute the same image, so they execute the same instruction stream;
mtesim counts it exactly (--stats) and that count is used for both. Each simulator's
start-up cost is measured on a trivial guest and subtracted, so the figures describe
execution speed. mtesim's peak resident memory is reported with the guest memory it
touched, for the "64 MiB plus what the guest touches" budget.
"""
import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def timed(cmd):
    """Wall time and peak RSS (KiB) of one child process run to completion."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if proc.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} exited {proc.returncode}: {proc.stderr.decode(errors='replace')}")
    return elapsed, max(peak, before), proc.stdout


def best_of(cmd, repeat):
    runs = [timed(cmd) for _ in range(repeat)]
    return min(r[0] for r in runs), max(r[1] for r in runs), runs[0][2]


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mtesim", required=True)
    ap.add_argument("--guest", required=True, help="the measured guest image")
    ap.add_argument("--baseline", required=True, help="a trivial guest, for start-up cost")
    ap.add_argument("--qemu", default=shutil.which("qemu-system-aarch64"))
    ap.add_argument("--qemu-machine", default="virt")
    ap.add_argument("--mtesim-args", default="", help="extra mtesim run arguments")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--compare-bare", action="store_true",
                    help="also run mtesim with --hypervisor none (the guest directly on the PEs) and "
                         "report the VM's speed relative to it")
    ap.add_argument("--timing", action="store_true",
                    help="also run mtesim with --mode timing (caches, tag cache, DRAM) and report its speed, "
                         "peak memory and simulated CPI next to the functional mode's")
    ap.add_argument("--json", help="also write the results here")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        stats_path = os.path.join(tmp, "stats.json")
        extra = args.mtesim_args.split()
        sim_cmd = [args.mtesim, "run", args.guest, "--stats", stats_path] + extra
        sim_time, sim_rss_kib, sim_out = best_of(sim_cmd, args.repeat)
        stats = json.load(open(stats_path))
        base_time, _, _ = best_of([args.mtesim, "run", args.baseline] + extra, args.repeat)
        if args.compare_bare:
            bare_time, _, bare_out = best_of(sim_cmd + ["--hypervisor", "none"], args.repeat)
            bare_base, _, _ = best_of([args.mtesim, "run", args.baseline, "--hypervisor", "none"] + extra, args.repeat)
            if bare_out != sim_out:
                sys.exit("bench: mtesim printed different output with --hypervisor none")
        if args.timing:
            timing_stats_path = os.path.join(tmp, "timing-stats.json")
            timing_cmd = [args.mtesim, "run", args.guest, "--stats", timing_stats_path, "--mode", "timing"] + extra
            timing_time, timing_rss_kib, timing_out = best_of(timing_cmd, args.repeat)
            timing_stats = json.load(open(timing_stats_path))
            timing_base, _, _ = best_of([args.mtesim, "run", args.baseline, "--mode", "timing"] + extra, args.repeat)
            if timing_out != sim_out:
                sys.exit("bench: mtesim printed different output in timing mode")
    insns = stats["instructions"]
    touched = stats["ram"]["resident_bytes"]
    sim_exec = max(sim_time - base_time, 1e-9)
    result = {
        "guest": os.path.basename(args.guest),
        "instructions": insns,
        "mtesim_seconds": sim_exec,
        "mtesim_mips": insns / sim_exec / 1e6,
        "mtesim_peak_rss_mib": sim_rss_kib / 1024,
        "guest_memory_touched_mib": touched / 2**20,
        "mtesim_overhead_rss_mib": sim_rss_kib / 1024 - touched / 2**20,
        "host": f"{platform.node()} {platform.processor() or platform.machine()}, {os.cpu_count()} cores",
    }
    if args.compare_bare:
        bare_exec = max(bare_time - bare_base, 1e-9)
        result.update({"bare_seconds": bare_exec, "bare_mips": insns / bare_exec / 1e6,
                       "vm_to_bare": bare_exec / sim_exec})
    if args.timing:
        timing_exec = max(timing_time - timing_base, 1e-9)
        result.update({"timing_seconds": timing_exec, "timing_mips": insns / timing_exec / 1e6,
                       "timing_peak_rss_mib": timing_rss_kib / 1024,
                       "timing_to_functional": sim_exec / timing_exec,
                       "timing_cpi": timing_stats["pe0"]["cpi"]})
    if args.qemu:
        qemu = [args.qemu, "-M", args.qemu_machine, "-cpu", "max", "-m", "256M", "-display", "none",
                "-nodefaults", "-serial", "stdio", "-monitor", "none", "-kernel"]
        q_time, _, q_out = best_of(qemu + [args.guest], args.repeat)
        q_base, _, _ = best_of(qemu + [args.baseline], args.repeat)
        if q_out != sim_out:
            sys.exit("bench: QEMU and mtesim printed different output for the measured guest")
        q_exec = max(q_time - q_base, 1e-9)
        result.update({"qemu_seconds": q_exec, "qemu_mips": insns / q_exec / 1e6,
                       "mtesim_to_qemu": (insns / sim_exec) / (insns / q_exec)})
    else:
        result["qemu_mips"] = None

    print(f"guest            {result['guest']} ({insns} instructions)")
    print(f"mtesim           {result['mtesim_mips']:8.1f} MIPS   ({sim_exec:.3f} s)")
    if args.compare_bare:
        print(f"mtesim bare      {result['bare_mips']:8.1f} MIPS   ({result['bare_seconds']:.3f} s, "
              f"--hypervisor none): the VM runs at {100 * result['vm_to_bare']:.0f}% of it")
    if args.timing:
        print(f"mtesim timing    {result['timing_mips']:8.1f} MIPS   ({result['timing_seconds']:.3f} s, --mode timing): "
              f"{100 * result['timing_to_functional']:.0f}% of functional, simulated CPI {result['timing_cpi']:.2f}, "
              f"{result['timing_peak_rss_mib']:.1f} MiB peak RSS")
    if result.get("qemu_mips"):
        print(f"qemu             {result['qemu_mips']:8.1f} MIPS   ({result['qemu_seconds']:.3f} s)")
        print(f"mtesim / qemu    {result['mtesim_to_qemu']:8.2f}")
    else:
        print("qemu             not installed: no comparison")
    print(f"mtesim memory    {result['mtesim_peak_rss_mib']:.1f} MiB peak RSS, "
          f"{result['guest_memory_touched_mib']:.1f} MiB guest memory touched, "
          f"{result['mtesim_overhead_rss_mib']:.1f} MiB overhead")
    print(f"host             {result['host']}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)


if __name__ == "__main__":
    main()
