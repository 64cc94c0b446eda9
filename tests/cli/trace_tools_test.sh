#!/usr/bin/env bash
# mtesim trace info|dump|convert end to end: bad input exits 1 with one stderr line naming
# the file; converting an Instructions-level recording to text gives exactly the lines
# --trace FILE.txt writes for the same run; a recording of the MTE demo becomes a Perfetto
# timeline (valid JSON) with its tag check faults.
#   trace_tools_test.sh MTESIM CASE GUESTS_DIR
set -u
mtesim=$1
case_name=$2
guests=${3:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# expect STATUS PATTERN -- ARGS...: the status, one stderr line matching PATTERN, no stdout.
expect() {
  local want=$1 pattern=$2
  shift 3
  timeout 60 "$mtesim" "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" != "$want" ]; then
    echo "FAIL: mtesim $* exited $got, expected $want; stderr:"; cat "$tmp/err"; exit 1
  fi
  if [ "$(wc -l <"$tmp/err")" != 1 ] || ! grep -qE -- "$pattern" "$tmp/err"; then
    echo "FAIL: mtesim $*: expected one stderr line matching '$pattern', got:"; cat "$tmp/err"; exit 1
  fi
  if [ -s "$tmp/out" ]; then
    echo "FAIL: mtesim $*: stdout should be empty, got:"; head -5 "$tmp/out"; exit 1
  fi
  echo "ok: mtesim $* -> $got: $(cat "$tmp/err")"
}

# run ARGS...: mtesim must succeed (status 0).
run() {
  timeout 300 "$mtesim" "$@" >"$tmp/out" 2>"$tmp/err" || { echo "FAIL: mtesim $* exited $?:"; cat "$tmp/err"; exit 1; }
}

# A raw image: mov x0,#1; add x0,x0,#1; b . (stopped by --max-insns).
loop_image() { python3 -c "import struct,sys; sys.stdout.buffer.write(struct.pack('<3I', 0xd2800020, 0x91000400, 0x14000000))" >"$tmp/t.bin"; }

case $case_name in
  info_missing)    expect 1 "nope.mtt: cannot open the trace" -- trace info "$tmp/nope.mtt" ;;
  info_corrupt)    echo "not a trace at all, just some text" >"$tmp/bad.mtt"
                   expect 1 "bad.mtt: offset 0: not an mtesim trace" -- trace info "$tmp/bad.mtt" ;;
  info_directory)  expect 1 "$tmp: not a regular file" -- trace info "$tmp" ;;
  dump_truncated)  loop_image; timeout 60 "$mtesim" run "$tmp/t.bin" --max-insns 1000 --trace "$tmp/t.mtt" >/dev/null 2>&1
                   head -c $(( $(stat -c %s "$tmp/t.mtt") - 3 )) "$tmp/t.mtt" >"$tmp/cut.mtt"
                   expect 1 "cut.mtt: .*offset [0-9]+" -- trace info "$tmp/cut.mtt"
                   # dump streams: the lines before the fault are out, then the one error line.
                   timeout 60 "$mtesim" trace dump "$tmp/cut.mtt" >"$tmp/out" 2>"$tmp/err"
                   [ $? = 1 ] && [ "$(wc -l <"$tmp/err")" = 1 ] && grep -qE "cut.mtt: .*offset [0-9]+" "$tmp/err" ||
                     { echo "FAIL: dump of a truncated trace:"; cat "$tmp/err"; exit 1; }
                   echo "ok: dump: $(cat "$tmp/err")" ;;
  convert_bad_to)  expect 1 "--to" -- trace convert "$tmp/x.mtt" --to svg -o "$tmp/x.svg" ;;
  convert_no_output)
                   expect 1 "output" -- trace convert "$tmp/x.mtt" --to text ;;
  convert_text_needs_instructions)
                   loop_image; timeout 60 "$mtesim" run "$tmp/t.bin" --max-insns 5 --trace "$tmp/t.mtt" >/dev/null 2>&1
                   expect 1 "t.mtt: recorded at detail memory.*--trace-detail instructions" -- trace convert "$tmp/t.mtt" --to text -o "$tmp/t.txt"
                   [ ! -e "$tmp/t.txt" ] || { echo "FAIL: a failed conversion left $tmp/t.txt"; exit 1; } ;;
  text_equivalence)
                   # The same run twice: the text form directly, and through the binary form.
                   run run "$guests/hello.elf" --trace "$tmp/direct.txt"
                   run run "$guests/hello.elf" --trace "$tmp/h.mtt" --trace-detail instructions
                   run trace convert "$tmp/h.mtt" --to text -o "$tmp/converted.txt"
                   [ -s "$tmp/direct.txt" ] && cmp "$tmp/direct.txt" "$tmp/converted.txt" ||
                     { echo "FAIL: the converted text differs from --trace's"; exit 1; }
                   echo "ok: $(wc -l <"$tmp/direct.txt") identical lines" ;;
  info_and_dump)   run run "$guests/hello.elf" --trace "$tmp/h.mtt" --trace-detail memory
                   run trace info "$tmp/h.mtt"
                   grep -q "detail memory, compression zstd" "$tmp/out" && grep -qE "pe0: instructions [1-9][0-9]*" "$tmp/out" ||
                     { echo "FAIL: info said:"; cat "$tmp/out"; exit 1; }
                   run trace dump "$tmp/h.mtt" --limit 7
                   [ "$(wc -l <"$tmp/out")" = 7 ] || { echo "FAIL: dump --limit 7 printed:"; cat "$tmp/out"; exit 1; }
                   run trace dump "$tmp/h.mtt" --pe 0
                   grep -q " fetch " "$tmp/out" || { echo "FAIL: no fetch in the dump"; exit 1; }
                   expect 1 "h.mtt: --pe 3: the trace has 1 PEs" -- trace dump "$tmp/h.mtt" --pe 3
                   echo "ok: info and dump" ;;
  perfetto_mte_heap)
                   run run "$guests/mte_heap.elf" --mte 3 --trace "$tmp/m.mtt" --trace-detail events --trace-interval 1us
                   run trace info "$tmp/m.mtt"
                   grep -qE "tag check faults: [1-9][0-9]* sync, [1-9][0-9]* async" "$tmp/out" || { echo "FAIL: info said:"; cat "$tmp/out"; exit 1; }
                   run trace convert "$tmp/m.mtt" --to perfetto -o "$tmp/m.json"
                   python3 -c "
import json, sys
events = json.load(open(sys.argv[1]))['traceEvents']
names = {e['name'] for e in events}
threads = {e['args']['name'] for e in events if e['ph'] == 'M' and e['name'] == 'thread_name'}
assert 'PE 0' in threads, threads
assert 'tag check fault' in names and 'tag check fault (sync)' in names and 'tag check fault (async)' in names, names
assert any(e['ph'] == 'C' for e in events), 'no counters'
print('ok:', len(events), 'events')" "$tmp/m.json" || exit 1 ;;
  *) echo "unknown case $case_name"; exit 2 ;;
esac
