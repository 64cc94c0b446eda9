#!/usr/bin/env bash
# `mtesim statistics` documents --stats: every statistic the platform registers, with
# its description, and they are the names --stats then writes.
#   statistics_names_test.sh MTESIM GUEST.elf
set -u
mtesim=$1
guest=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
timeout 60 "$mtesim" statistics --mode timing --mte 3 >"$tmp/names" 2>"$tmp/err" || { echo "FAIL: exit $?"; cat "$tmp/err"; exit 1; }
timeout 120 "$mtesim" run "$guest" --mode timing --mte 3 --stats "$tmp/s.json" >/dev/null 2>"$tmp/err" ||
  { echo "FAIL: run exited $?"; cat "$tmp/err"; exit 1; }
python3 - "$tmp/names" "$tmp/s.json" <<'PY' || exit 1
import json, sys
lines = open(sys.argv[1]).read().splitlines()
names = {}
for line in lines:
    name, _, description = line.partition("\t")
    assert description.strip(), f"{name}: no description"
    names[name] = description
for needed in ["pe0.cycles", "pe0.cpi", "pe0.stalls.tag_wait", "pe0.l1d.hits", "l2.writeback_buffer_waits",
               "memory.tag_cache.misses", "memory.dram.tag_share", "memory.dram.latency_ns",
               "pe0.mte.sync_read_checks", "hypervisor.vm.pages_sanitised"]:
    assert needed in names, f"{needed} missing from mtesim statistics"
stats = json.load(open(sys.argv[2]))
def present(dotted):
    node = stats
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return True
missing = [n for n in names if not present(n)]
assert not missing, f"listed but not in --stats: {missing[:5]}"
print(f"ok: {len(names)} statistics, each described and written by --stats")
PY
