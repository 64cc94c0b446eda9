#!/usr/bin/env python3
"""The fidelity study (docs/fidelity.md): mtesim's timing mode over four sweeps.

  (a) DRAM tag traffic vs tag-cache size (carve-out tags),
  (b) the cost of each tag-check mode (off, sync, asymm, async) against the MTE-off run,
  (c) tags in the ECC bits vs in the carve-out, with and without a tag cache,
  (d) stage-2 walk cost: the same guest bare (--hypervisor none) and as a VM.

Every run is `mtesim run GUEST --mode timing --mte 3 --config CFG --stats OUT`; the
script writes one CSV per study and one PNG plot per study into --out, a meta.json
with the machine and commit, and prints a summary. Runs are deterministic (the
simulator is), so a second run reproduces every number except host seconds.
"""
import argparse
import concurrent.futures
import csv
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time

# 128K and 256K go past the study's brief: where the tag cache covers the chase's 4 MiB.
TAG_CACHE_SIZES = ["none", "1K", "2K", "4K", "8K", "16K", "32K", "64K", "128K", "256K"]
DEFAULT_TAG_CACHE = "16K"
MODES = ["off", "sync", "asymm", "async"]
L2_SIZES = ["256K", "512K", "2M"]


def timing_config(tag_cache=DEFAULT_TAG_CACHE, storage="carveout", l2=None):
    """The "timing" object of one run; everything not named keeps mtesim's defaults."""
    t = {"tag_storage": storage, "dram": {"preset": "ddr4_3200"}}
    t["tag_cache"] = {"enabled": False} if tag_cache == "none" else {"enabled": True, "size": tag_cache, "ways": 4}
    if l2:
        t["l2"] = {"size": l2}
    return {"timing": t}


class Runner:
    """Runs mtesim once per distinct (guest, config, arguments), in parallel."""

    def __init__(self, mtesim, guests, workdir, jobs, keep=None):
        self.mtesim, self.guests, self.workdir, self.keep = mtesim, guests, workdir, keep
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=jobs)
        self.futures = {}
        self.console = {}  # guest -> the console output of its first run

    def submit(self, guest, config, hypervisor="model"):
        key = (guest, json.dumps(config, sort_keys=True), hypervisor)
        if key not in self.futures:
            self.futures[key] = self.pool.submit(self._run, len(self.futures), *key)
        return key

    def result(self, key):
        return self.futures[key].result()

    def _run(self, index, guest, config_json, hypervisor):
        cfg = os.path.join(self.workdir, f"run{index}.json")
        out = os.path.join(self.workdir, f"stats{index}.json")
        with open(cfg, "w") as f:
            f.write(config_json)
        cmd = [self.mtesim, "run", os.path.join(self.guests, guest + ".elf"), "--mode", "timing",
               "--mte", "3", "--config", cfg, "--stats", out, "--hypervisor", hypervisor]
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if proc.returncode != 0:
            sys.exit(f"fidelity: {' '.join(cmd)} exited {proc.returncode}:\n{proc.stderr}")
        # The console must not depend on the timing configuration or the hypervisor.
        first = self.console.setdefault(guest, proc.stdout)
        if proc.stdout != first:
            sys.exit(f"fidelity: {guest} printed different output under {config_json} {hypervisor}")
        if self.keep:  # every run's configuration and statistics tree, for a closer look
            tag = f"{guest}-{hypervisor}-{index}"
            shutil.copy(cfg, os.path.join(self.keep, tag + ".config.json"))
            shutil.copy(out, os.path.join(self.keep, tag + ".stats.json"))
        with open(out) as f:
            return json.load(f)


def metrics(s):
    """The figures the study reports, from one statistics tree."""
    pe, dram = s["pe0"], s["memory"]["dram"]
    line = 64  # DRAM access size (ddr4_3200 line_bytes)
    tag_bytes = (dram["tag_reads"] + dram["tag_writes"]) * line
    data_bytes = (dram["data_reads"] + dram["data_writes"]) * line
    tc = s["memory"].get("tag_cache", {})
    return {
        "instructions": pe["instructions"],
        "cycles": pe["cycles"],
        "cpi": round(pe["cpi"], 4),
        "stall_load": pe["stalls"]["load"],
        "stall_tag_wait": pe["stalls"]["tag_wait"],
        "stall_tag_load": pe["stalls"]["tag_load"],
        "stall_walk": pe["stalls"]["walk"],
        "stall_fetch": pe["stalls"]["fetch"],
        "stall_store_buffer": pe["stalls"].get("store_buffer", 0),
        "l1d_hit_rate": round(pe["l1d"]["hit_rate"], 4),
        "l2_hit_rate": round(s["l2"]["hit_rate"], 4),
        "l2_prefetches_dropped": s["l2"].get("prefetches_dropped", 0),
        "l2_writeback_buffer_waits": s["l2"].get("writeback_buffer_waits", 0),
        "tag_cache_hit_rate": round(tc.get("hit_rate") or 0.0, 4),
        "dram_data_bytes": data_bytes,
        "dram_tag_bytes": tag_bytes,
        "dram_bytes_read": dram["bytes_read"],
        "dram_bytes_written": dram["bytes_written"],
        "tag_share": round(dram["tag_share"] or 0.0, 5),
        "row_hit_rate": round(dram["row_hit_rate"] or 0.0, 4),
        "dram_latency_mean_ns": round(dram["latency_ns"]["sum"] / max(1, dram["latency_ns"]["count"]), 1),
        "tlb_walks": pe["tlb"]["walks"],
        "tlb_descriptor_reads": pe["tlb"]["descriptor_reads"],
        "s2tlb_walks": pe["stage2_tlb"]["walks"],
        "s2tlb_descriptor_reads": pe["stage2_tlb"]["descriptor_reads"],
        "sync_checks": pe["mte"]["sync_read_checks"] + pe["mte"]["sync_write_checks"],
        "async_checks": pe["mte"]["async_read_checks"] + pe["mte"]["async_write_checks"],
        "host_seconds": round(s["host_seconds"], 2),
    }


def study_a_guests(allocator, membench):
    return (membench + "_sync", membench + "_stream", membench + "_chase", allocator)


def plan(runner, allocator, membench):
    """Submits every run; returns study name -> list of (row labels, run key)."""
    studies = {"a": [], "b": [], "c": [], "d": []}
    for guest in study_a_guests(allocator, membench):
        for size in TAG_CACHE_SIZES:
            studies["a"].append(({"guest": guest, "tag_cache": size},
                                 runner.submit(guest, timing_config(tag_cache=size))))
    variants = [(membench, "untagged", membench + "_untagged")]
    variants += [(membench, m, f"{membench}_{m}") for m in MODES]
    variants += [(allocator, m, allocator if m == "sync" else f"{allocator}_{m}") for m in MODES]
    for bench, mode, guest in variants:
        studies["b"].append(({"benchmark": bench, "mode": mode, "guest": guest},
                             runner.submit(guest, timing_config())))
    for guest in (membench + "_sync", allocator):
        for storage, size in (("carveout", "none"), ("carveout", DEFAULT_TAG_CACHE), ("ecc", "none")):
            studies["c"].append(({"guest": guest, "tag_storage": storage, "tag_cache": size},
                                 runner.submit(guest, timing_config(tag_cache=size, storage=storage))))
    d_runs = [(g, "512K") for g in (membench + "_sync", membench + "_conflict", allocator)]
    d_runs += [(membench + "_sync", l2) for l2 in L2_SIZES if l2 != "512K"]
    for guest, l2 in d_runs:
        for hyp in ("none", "model"):
            studies["d"].append(({"guest": guest, "l2": l2, "hypervisor": hyp},
                                 runner.submit(guest, timing_config(l2=l2), hyp)))
    return studies


def rows_of(runner, runs):
    return [{**labels, **metrics(runner.result(key))} for labels, key in runs]


def add_overheads(rows):
    """Study (b): cycles relative to the same benchmark's TCF = 0 run (and, for the
    memory-bound guest, to the untagged build)."""
    for r in rows:
        base = {m["mode"]: m["cycles"] for m in rows if m["benchmark"] == r["benchmark"]}
        r["overhead_vs_off_pct"] = round(100.0 * (r["cycles"] / base["off"] - 1), 2)
        r["overhead_vs_untagged_pct"] = (round(100.0 * (r["cycles"] / base["untagged"] - 1), 2)
                                         if "untagged" in base else "")


def write_csv(path, rows):
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        w.writeheader()
        w.writerows(rows)


def machine():
    model = platform.processor() or platform.machine()
    try:
        for line in subprocess.run(["lscpu"], stdout=subprocess.PIPE, text=True).stdout.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    here = os.path.dirname(os.path.abspath(__file__))
    commit = subprocess.run(["git", "-C", here, "rev-parse", "HEAD"], stdout=subprocess.PIPE,
                            text=True).stdout.strip()
    return {"cpu": model, "cores": os.cpu_count(), "python": platform.python_version(), "mtesim_commit": commit}


def plot_all(out, res, allocator, membench):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    def save(fig, name):
        fig.tight_layout()
        fig.savefig(os.path.join(out, name), dpi=90)
        plt.close(fig)

    # (a) tag share vs tag-cache size
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2))
    for guest in study_a_guests(allocator, membench):
        rows = [r for r in res["a"] if r["guest"] == guest]
        x = range(len(rows))
        ax1.plot(x, [100 * r["tag_share"] for r in rows], marker="o", label=guest)
        ax2.plot(x, [max(r["dram_tag_bytes"], 1) / 2**20 for r in rows], marker="o", label=guest)
    ax1.axhline(5, color="grey", linestyle="--", label="Joannou et al. 2017: < 5 %")
    for ax in (ax1, ax2):
        ax.set_xticks(range(len(TAG_CACHE_SIZES)))
        ax.set_xticklabels(TAG_CACHE_SIZES, fontsize=8)
        ax.set_xlabel("tag cache size (bytes; none = no tag cache)")
        ax.legend(fontsize=8)
        ax.grid(alpha=0.3)
    ax1.set_ylabel("tag accesses / all DRAM accesses (%)")
    ax1.set_title("(a) DRAM tag share, carve-out tags")
    ax2.set_ylabel("DRAM tag traffic (MiB)")
    ax2.set_yscale("log")
    ax2.set_title("(a) DRAM tag bytes read + written")
    save(fig, "tag_share.png")

    # (b) overhead per mode
    fig, ax = plt.subplots(figsize=(8, 4))
    benches = [allocator, membench]
    width = 0.2
    for i, mode in enumerate(MODES):
        vals = [next(r["overhead_vs_off_pct"] for r in res["b"] if r["benchmark"] == b and r["mode"] == mode)
                for b in benches]
        bars = ax.bar([k + (i - 1.5) * width for k in range(len(benches))], vals, width, label=f"TCF {mode}")
        ax.bar_label(bars, fmt="%.1f", fontsize=8)
    ax.axhspan(0.6, 6.6, color="orange", alpha=0.15, label="Pixel 8 SPEC2017 sync: 0.6-6.6 %")
    ax.set_xticks(range(len(benches)))
    ax.set_xticklabels([f"{allocator} (allocator)", f"{membench} (memory-bound)"])
    ax.set_ylabel("cycles over the TCF = 0 run (%)")
    ax.set_title("(b) Tag-check mode overhead (16 KiB tag cache, carve-out, VM)")
    shown = [r["overhead_vs_off_pct"] for r in res["b"] if r["mode"] in MODES]
    ax.set_ylim(bottom=min(0, min(shown) * 1.2), top=max(shown) * 1.45 + 1)
    ax.legend(fontsize=8, loc="upper left", ncol=3)
    ax.grid(axis="y", alpha=0.3)
    save(fig, "mode_overhead.png")

    # (c) ECC vs carve-out
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4))
    labels = ["carve-out, no tag cache", f"carve-out, {DEFAULT_TAG_CACHE} tag cache", "ECC"]
    for k, guest in enumerate((membench + "_sync", allocator)):
        rows = [r for r in res["c"] if r["guest"] == guest]
        base = rows[1]["cycles"]
        xs = [k + (i - 1) * 0.27 for i in range(3)]
        for i, r in enumerate(rows):
            ax1.bar(xs[i], r["cycles"] / base, 0.27, color=f"C{i}", label=labels[i] if k == 0 else None)
            ax2.bar(xs[i], r["dram_data_bytes"] / 2**20, 0.27, color=f"C{i}", label=labels[i] if k == 0 else None)
            ax2.bar(xs[i], r["dram_tag_bytes"] / 2**20, 0.27, bottom=r["dram_data_bytes"] / 2**20, color=f"C{i}",
                    hatch="//", edgecolor="black", alpha=0.6)
            total = (r["dram_data_bytes"] + r["dram_tag_bytes"]) / 2**20
            ax2.text(xs[i], total * 1.15, f"{total:.3g}", ha="center", fontsize=7)
    for ax in (ax1, ax2):
        ax.set_xticks([0, 1])
        ax.set_xticklabels([membench + "_sync", allocator])
        ax.grid(axis="y", alpha=0.3)
    ax1.set_ylabel(f"cycles relative to carve-out + {DEFAULT_TAG_CACHE} tag cache")
    ax1.set_ylim(bottom=0.8)
    ax1.set_title("(c) Cycles by tag placement")
    ax1.legend(fontsize=8)
    ax2.set_yscale("log")
    ax2.set_ylim(bottom=0.1)
    ax2.set_ylabel("DRAM traffic (MiB, log; hatched = tag accesses)")
    ax2.set_title("(c) DRAM traffic by tag placement")
    save(fig, "ecc_vs_carveout.png")

    # (d) bare vs VM
    fig, ax = plt.subplots(figsize=(10, 4))
    pairs = []
    for r in res["d"]:
        if r["hypervisor"] == "none":
            vm = next(v for v in res["d"] if v["hypervisor"] == "model" and v["guest"] == r["guest"] and v["l2"] == r["l2"])
            pairs.append((f"{r['guest']}\nL2 {r['l2']}", r, vm))
    for k, (label, bare, vm) in enumerate(pairs):
        for j, (run, name) in enumerate(((bare, "bare"), (vm, "VM (stage 2)"))):
            x = k + (j - 0.5) * 0.38
            walk = run["stall_walk"] / 1e6
            ax.bar(x, run["cycles"] / 1e6 - walk, 0.38, color=f"C{j}", label=f"{name}: other cycles" if k == 0 else None)
            ax.bar(x, walk, 0.38, bottom=run["cycles"] / 1e6 - walk, color=f"C{j}", hatch="//", edgecolor="black",
                   alpha=0.6, label=f"{name}: walk stalls" if k == 0 else None)
    ax.set_xticks(range(len(pairs)))
    ax.set_xticklabels([p[0] for p in pairs], fontsize=8)
    ax.set_ylabel("simulated cycles (millions)")
    ax.set_title("(d) Bare vs VM: total cycles and table-walk stalls")
    ax.legend(fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    save(fig, "stage2_walks.png")


def summary(res, allocator, membench):
    print("\n(a) DRAM tag share (%) vs tag-cache size, carve-out")
    print(f"{'guest':<20}" + "".join(f"{s:>8}" for s in TAG_CACHE_SIZES))
    for guest in study_a_guests(allocator, membench):
        rows = [r for r in res["a"] if r["guest"] == guest]
        print(f"{guest:<20}" + "".join(f"{100 * r['tag_share']:>8.2f}" for r in rows))
    print("\n(b) cycles over the TCF = 0 run (%)")
    for r in res["b"]:
        print(f"{r['benchmark']:<12}{r['mode']:<10}{r['cycles']:>14,} cycles  {r['overhead_vs_off_pct']:>7.2f} %")
    print("\n(c) tag placement")
    for r in res["c"]:
        print(f"{r['guest']:<18}{r['tag_storage']:<10}tc {r['tag_cache']:<5}{r['cycles']:>14,} cycles  "
              f"data {r['dram_data_bytes'] / 2**20:8.2f} MiB  tags {r['dram_tag_bytes'] / 2**20:7.2f} MiB")
    print("\n(d) bare vs VM")
    for r in res["d"]:
        print(f"{r['guest']:<20}L2 {r['l2']:<5}{r['hypervisor']:<6}{r['cycles']:>14,} cycles  walk {r['stall_walk']:>12,}"
              f"  s1 walks {r['tlb_walks']:>9,}  s2 walks {r['s2tlb_walks']:>9,}")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mtesim", default=os.path.join(here, "..", "build", "mtesim"))
    ap.add_argument("--guests", default=os.path.join(here, "..", "build", "guests"),
                    help="directory with the guests' ELF files (membench_*, mtebench*)")
    ap.add_argument("--out", default=os.path.join(here, "..", "docs", "fidelity"),
                    help="where the CSVs, plots and meta.json go")
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="mtesim runs at a time")
    ap.add_argument("--keep", metavar="DIR", help="also keep every run's config and statistics tree in DIR")
    ap.add_argument("--no-plots", action="store_true", help="write CSVs only (no matplotlib needed)")
    args = ap.parse_args()

    if not args.no_plots:
        try:
            import matplotlib  # noqa: F401
        except ImportError:
            sys.exit(f"fidelity: matplotlib is missing from {sys.executable}. Install it with "
                     "`apt-get install -y python3-matplotlib` (Debian; that is /usr/bin/python3's) "
                     "or run with --no-plots for the CSVs alone.")
    os.makedirs(args.out, exist_ok=True)
    if args.keep:
        os.makedirs(args.keep, exist_ok=True)
    allocator, membench = "mtebench", "membench"
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="fidelity-") as work:
        runner = Runner(args.mtesim, args.guests, work, args.jobs, args.keep)
        studies = plan(runner, allocator, membench)
        print(f"fidelity: {len(runner.futures)} mtesim runs, {args.jobs} at a time", flush=True)
        res = {name: rows_of(runner, runs) for name, runs in studies.items()}
        runner.pool.shutdown()
    add_overheads(res["b"])
    elapsed = time.perf_counter() - t0
    names = {"a": "tag_share", "b": "mode_overhead", "c": "ecc_vs_carveout", "d": "stage2_walks"}
    for study, rows in res.items():
        write_csv(os.path.join(args.out, names[study] + ".csv"), rows)
    meta = machine()
    meta.update({"runs": len(runner.futures), "jobs": args.jobs, "wall_seconds": round(elapsed, 1),
                 "console": runner.console})
    with open(os.path.join(args.out, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)
    if not args.no_plots:
        plot_all(args.out, res, allocator, membench)
    summary(res, allocator, membench)
    print(f"\n{meta['runs']} runs in {elapsed:.0f} s on {meta['cpu']} ({meta['cores']} cores), "
          f"mtesim {meta['mtesim_commit'][:12]}; results in {os.path.abspath(args.out)}")


if __name__ == "__main__":
    main()
