#!/usr/bin/env bash
# The "timing" configuration section and --mode (models/board/timing_config.h): a bad
# value exits 1 with one stderr line naming its dotted key, never a crash; a config that
# sets every section runs the guest as the defaults do.
#   timing_config_test.sh MTESIM CASE HELLO.elf EXPECTED.out
set -u
mtesim=$1
case_name=$2
hello=$3
expected=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# bad KEY_PATTERN JSON: `mtesim run hello --mode timing --config` with JSON exits 1, one
# stderr line matching KEY_PATTERN, empty stdout.
bad() {
  local pattern=$1
  printf '%s\n' "$2" >"$tmp/c.json"
  timeout 60 "$mtesim" run "$hello" --mode timing --config "$tmp/c.json" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" != 1 ]; then
    echo "FAIL: config $2 exited $got, expected 1; stderr:"; cat "$tmp/err"; exit 1
  fi
  if [ "$(wc -l <"$tmp/err")" != 1 ] || ! grep -qE -- "$pattern" "$tmp/err"; then
    echo "FAIL: config $2: expected one stderr line matching '$pattern', got:"; cat "$tmp/err"; exit 1
  fi
  if [ -s "$tmp/out" ]; then
    echo "FAIL: config $2: stdout should be empty, got:"; cat "$tmp/out"; exit 1
  fi
  echo "ok: $2 -> 1: $(cat "$tmp/err")"
}

# Every key of every section, each away from its default.
every_section='{"timing": {
  "core": {"latency": {"int_alu": 1, "int_mul": 4, "int_div": 20, "branch": 2, "load": 2, "store": 1,
                       "atomic": 6, "tag_arith": 2, "tag_load": 2, "tag_store": 2, "system": 10},
           "exception_cycles": 30, "translation_cycles": 3},
  "l1i": {"size": "16K", "ways": 2, "line": 64, "hit_cycles": 2, "replacement": "plru", "prefetch": "next_line",
          "prefetch_degree": 2},
  "l1d": {"size": 16384, "ways": 8, "line": 32, "hit_cycles": 4, "replacement": "fifo", "prefetch": "stride",
          "prefetch_degree": 1},
  "l2": {"size": "1M", "ways": 16, "line": 128, "hit_cycles": 20, "replacement": "random", "prefetch": "none"},
  "tag_cache": {"enabled": true, "size": "8K", "ways": 2, "line": 32, "replacement": "fifo", "hit_cycles": 3},
  "tag_storage": "ecc",
  "dram": {"preset": "lpddr5_6400", "channels": 2, "ranks": 2, "banks": 8, "rows": 32768, "line_bytes": 64,
           "row_bytes": 2048, "row_buffer_policy": "closed", "address_mapping": "RoCoBaRaCh",
           "timings": {"tCK_ps": 800, "tRCD": 20, "tCL": 20, "tCWL": 10, "tRP": 20, "tRAS": 40, "tBURST": 4,
                       "tREFI": 4000, "tRFC": 300}},
  "controller_cycles": 12}}'

case $case_name in
  bad_replacement)    bad "timing\.l2\.replacement 'mru'" '{"timing": {"l2": {"replacement": "mru"}}}' ;;
  size_not_power_of_two) bad "timing\.l1d\.size: 30000" '{"timing": {"l1d": {"size": 30000}}}' ;;
  zero_ways)          bad "timing\.l2\.ways" '{"timing": {"l2": {"ways": 0}}}' ;;
  bad_prefetch)       bad "timing\.l1d\.prefetch 'psychic'" '{"timing": {"l1d": {"prefetch": "psychic"}}}' ;;
  tag_cache_zero_ways) bad "timing\.tag_cache\.ways" '{"timing": {"tag_cache": {"ways": 0}}}' ;;
  bad_tag_storage)    bad "timing\.tag_storage 'attic'" '{"timing": {"tag_storage": "attic"}}' ;;
  bad_dram_preset)    bad "timing\.dram\.preset 'ddr9'" '{"timing": {"dram": {"preset": "ddr9"}}}' ;;
  dram_timing_zero)   bad "timing\.dram\.timings\.tRCD" '{"timing": {"dram": {"timings": {"tRCD": 0}}}}' ;;
  negative_number)    bad "timing\.l1d\.ways" '{"timing": {"l1d": {"ways": -2}}}' ;;
  negative_cycles)    bad "timing\.controller_cycles" '{"timing": {"controller_cycles": -1}}' ;;
  fractional_number)  bad "timing\.l1d\.hit_cycles" '{"timing": {"l1d": {"hit_cycles": 2.5}}}' ;;
  fractional_timing)  bad "timing\.dram\.timings\.tCL" '{"timing": {"dram": {"timings": {"tCL": 1.5}}}}' ;;
  unknown_key)        bad "timing\.foo" '{"timing": {"foo": 1}}' ;;
  unknown_latency)    bad "timing\.core\.latency\.int_mull" '{"timing": {"core": {"latency": {"int_mull": 3}}}}' ;;
  zero_latency)       bad "timing\.core\.latency\.int_mul" '{"timing": {"core": {"latency": {"int_mul": 0}}}}' ;;
  l2_line_below_l1)   bad "timing\.l2\.line" '{"timing": {"l1d": {"line": 128}, "l2": {"line": 64}}}' ;;
  not_an_object)      bad "timing" '{"timing": "fast"}' ;;
  bad_mode)           timeout 60 "$mtesim" run "$hello" --mode bogus >"$tmp/out" 2>"$tmp/err"
                      got=$?
                      [ "$got" = 1 ] && [ "$(wc -l <"$tmp/err")" = 1 ] && grep -q -- "--mode bogus" "$tmp/err" &&
                        [ ! -s "$tmp/out" ] || { echo "FAIL: --mode bogus exited $got:"; cat "$tmp/err"; exit 1; }
                      echo "ok: --mode bogus -> 1: $(cat "$tmp/err")" ;;
  every_section)      printf '%s\n' "$every_section" >"$tmp/c.json"
                      timeout 60 "$mtesim" run "$hello" --mode timing --config "$tmp/c.json" --stats "$tmp/s.json" \
                        >"$tmp/out" 2>"$tmp/err" || { echo "FAIL: status $?"; cat "$tmp/err"; exit 1; }
                      cmp -s "$tmp/out" "$expected" || { echo "FAIL: output differs:"; diff "$expected" "$tmp/out"; exit 1; }
                      # The settings took: ECC tags, 30 cycles per exception taken.
                      python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
assert d['memory']['tag_placement_ecc'] == 1, d['memory']
assert d['memory']['dram']['tag_reads'] == 0 and d['memory']['dram']['data_reads'] > 0, d['memory']['dram']
p = d['pe0']
assert p['exception_cycles'] == 30 * sum(p['exceptions'].values()) > 0, p
" "$tmp/s.json" || exit 1
                      echo "ok: every timing section set: $(cat "$tmp/out")" ;;
  *) echo "unknown case $case_name"; exit 2 ;;
esac
exit 0
