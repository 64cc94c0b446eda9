#!/usr/bin/env bash
# The statistics tree of --mode timing and of functional mode (--stats), on the MTE guest
# mte_sync_load (synchronous tag checks, faults).
#   timing_stats_test.sh MTESIM CASE GUEST.elf
#   timing      the caches', tag cache's, DRAM's and stalls' statistics exist and count;
#               cycles exceed instructions
#   functional  one cycle per instruction; the MTE check counters count all the same
set -u
mtesim=$1
case_name=$2
guest=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

case $case_name in
  timing|functional) ;;
  *) echo "unknown case $case_name"; exit 2 ;;
esac
timeout 120 "$mtesim" run "$guest" --mte 3 --mode "$case_name" --stats "$tmp/s.json" >"$tmp/out" 2>"$tmp/err"
status=$?
if [ $status != 0 ]; then
  echo "FAIL: mtesim exited $status; stderr:"; cat "$tmp/err"; exit 1
fi
python3 - "$tmp/s.json" "$case_name" <<'PY' || exit 1
import json, sys
d = json.load(open(sys.argv[1]))
mode = sys.argv[2]

def get(name):
    v = d
    for part in name.split('.'):
        if not isinstance(v, dict) or part not in v:
            sys.exit(f"FAIL: no statistic {name}")
        v = v[part]
    return v

def positive(name):
    v = get(name)
    if not v > 0:
        sys.exit(f"FAIL: {name} = {v}, expected > 0")
    return v

pe = 'pe0'
insns = positive(f'{pe}.instructions')
cycles = positive(f'{pe}.cycles')
checks = positive(f'{pe}.mte.sync_read_checks')
positive(f'{pe}.mte.sync_faults')
if mode == 'timing':
    stalls = get(f'{pe}.stalls')
    for s in ('fetch', 'load', 'tag_wait', 'tag_load', 'walk'):
        if s not in stalls:
            sys.exit(f"FAIL: no statistic {pe}.stalls.{s}")
    for name in (f'{pe}.stalls.load', f'{pe}.stalls.walk', f'{pe}.l1d.hits', f'{pe}.l1i.hits', 'l2.misses',
                 'memory.tag_cache.hits', 'memory.dram.row_hits', 'memory.dram.tag_reads'):
        positive(name)
    if not cycles > insns:
        sys.exit(f"FAIL: timing mode: {pe}.cycles {cycles} <= instructions {insns}")
    cpi = get(f'{pe}.cpi')
    if abs(cpi - cycles / insns) > 1e-9:
        sys.exit(f"FAIL: {pe}.cpi {cpi} != cycles / instructions {cycles / insns}")
else:
    if cycles != insns:
        sys.exit(f"FAIL: functional mode: {pe}.cycles {cycles} != instructions {insns}")
    for absent in ('l2', 'memory'):
        if absent in d:
            sys.exit(f"FAIL: functional mode has timing statistics '{absent}'")
print(f"ok: {mode}: {pe} {insns} instructions, {cycles} cycles, {checks} sync read checks")
PY
