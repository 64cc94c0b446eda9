#!/usr/bin/env bash
# A long random differential campaign (tests/random): many seeds in parallel on all
# cores, each seed's sequences run on mtesim (hypervisor model and none) and QEMU 10,
# then a summary: sequences run, clean or failed, time and rate.
#
#   scripts/random_campaign.sh [--sequences N] [--per-seed S] [--first-seed F]
#                              [--jobs J] [--hypervisor model|none|both] [--logs DIR]
#
# N (default 1000000) sequences are split into seeds F, F+1, ... of S (default 20000)
# sequences each; J (default nproc) seeds run at once. Each seed's log is kept in DIR
# (default build/random-campaign); a failing seed's log names the sequence, the first
# differing register and the minimise.py command. Exit status 1 if any seed failed.
set -euo pipefail
cd "$(dirname "$0")/.."

total=1000000
per_seed=20000
first=1000
jobs=$(nproc)
hyp=both
logs=build/random-campaign
while [ $# -gt 0 ]; do
  case "$1" in
    --sequences) total=$2; shift 2 ;;
    --per-seed) per_seed=$2; shift 2 ;;
    --first-seed) first=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --hypervisor) hyp=$2; shift 2 ;;
    --logs) logs=$2; shift 2 ;;
    *) sed -n '2,13p' "$0" >&2; exit 2 ;;
  esac
done
for v in "$total" "$per_seed" "$first" "$jobs"; do
  case "$v" in ''|*[!0-9]*) echo "random_campaign: numbers must be non-negative integers (got '$v')" >&2; exit 2 ;; esac
done
[ "$per_seed" -gt 0 ] && [ "$jobs" -gt 0 ] || { echo "random_campaign: --per-seed and --jobs must be positive" >&2; exit 2; }

ninja -C build mtesim guest_runtime >/dev/null
mkdir -p "$logs"
nseeds=$(( (total + per_seed - 1) / per_seed ))
start=$(date +%s)
echo "random campaign: $total sequences as $nseeds seeds of $per_seed from seed $first," \
     "$jobs at a time, hypervisor $hyp, on $(nproc) cores ($(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))"

# One seed: its last line (CLEAN/FAILED/SKIPPED) goes to stdout, everything to its log.
# The runner itself runs one image at a time (--jobs 1) so J seeds use J cores.
run_seed() {
  local seed=$1 n=$2
  /usr/bin/python3 tests/random/run_random.py "$seed" --sequences "$n" --per-image 1000 \
    --hypervisor "$HYP" --quiet >"$LOGS/seed$seed.log" 2>&1
  tail -n 1 "$LOGS/seed$seed.log"
}
export -f run_seed
export HYP=$hyp LOGS=$logs

for ((i = 0; i < nseeds; i++)); do
  n=$(( total - i * per_seed < per_seed ? total - i * per_seed : per_seed ))
  echo "$((first + i)) $n"
done | xargs -P "$jobs" -n 2 bash -c 'run_seed "$0" "$1"' | tee "$logs/summary.txt"

end=$(date +%s)
secs=$(( end - start > 0 ? end - start : 1 ))
clean=$(grep -c '^CLEAN' "$logs/summary.txt" || true)
failed=$(grep -c '^FAILED' "$logs/summary.txt" || true)
skipped=$(grep -c '^SKIPPED' "$logs/summary.txt" || true)
clean_seqs=$(sed -n 's/^CLEAN: seed [0-9]*, sequences \([0-9]*\)\.\.\([0-9]*\),.*/\1 \2/p' "$logs/summary.txt" |
  awk '{ s += $2 - $1 + 1 } END { print s + 0 }')
echo "== random campaign: $clean_seqs sequences clean in $clean seeds, $failed seed(s) failed," \
     "$skipped skipped; ${secs}s ($(( clean_seqs / secs )) sequences/s); logs in $logs"
[ "$failed" = 0 ] && [ "$skipped" = 0 ]
