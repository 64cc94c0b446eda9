#!/bin/sh
# mtesim trace replay's host-side errors: each is one line on stderr naming the file (and
# the offset in it, or the setting that disagrees with the recording), exit status 1.
#   replay_cli_test.sh MTESIM HELLO_ELF WORKDIR
set -u
mtesim=$1 elf=$2 dir=$3
mkdir -p "$dir"
fail=0

# expect NAME PATTERN COMMAND...: exit status 1 and one stderr line matching PATTERN.
expect() {
  name=$1 pattern=$2
  shift 2
  "$@" > "$dir/out" 2> "$dir/err"
  status=$?
  lines=$(wc -l < "$dir/err")
  if [ "$status" -ne 1 ] || [ "$lines" -ne 1 ] || ! grep -q -- "$pattern" "$dir/err"; then
    echo "FAIL $name: status $status, $lines line(s): $(cat "$dir/err")"
    fail=1
  else
    echo "ok   $name: $(cat "$dir/err")"
  fi
}

"$mtesim" run "$elf" --mode timing --trace "$dir/hello.mtt" > /dev/null 2>&1 || { echo "FAIL recording"; exit 1; }
"$mtesim" run "$elf" --mode timing --trace "$dir/events.mtt" --trace-detail events > /dev/null 2>&1 ||
  { echo "FAIL recording events"; exit 1; }
"$mtesim" trace replay "$dir/hello.mtt" --stats "$dir/stats.json" 2> "$dir/err" ||
  { echo "FAIL replay: $(cat "$dir/err")"; fail=1; }
grep -q '"l2"' "$dir/stats.json" || { echo "FAIL replay wrote no l2 statistics"; fail=1; }

# A body cut short (the compressed stream stops mid-frame) and one with a damaged byte.
size=$(wc -c < "$dir/hello.mtt")
head -c $((size / 2)) "$dir/hello.mtt" > "$dir/truncated.mtt"
expect truncated "truncated.mtt: .*offset" "$mtesim" trace replay "$dir/truncated.mtt"
cp "$dir/hello.mtt" "$dir/corrupt.mtt"
printf '\377\377\377\377\377\377\377\377' | dd of="$dir/corrupt.mtt" bs=1 seek=$((size / 3)) conv=notrunc 2> /dev/null
expect corrupt "corrupt.mtt: .*offset" "$mtesim" trace replay "$dir/corrupt.mtt"
printf 'not a trace' > "$dir/text.mtt"
expect not_a_trace "text.mtt: offset 0" "$mtesim" trace replay "$dir/text.mtt"
expect missing "missing.mtt: cannot open" "$mtesim" trace replay "$dir/missing.mtt"
expect events "events.mtt: a trace of detail 'events'" "$mtesim" trace replay "$dir/events.mtt"
expect pe_count "hello.mtt: recorded on 1 PE(s), but the configuration's board has 2 (smp 2" \
  "$mtesim" trace replay "$dir/hello.mtt" --smp 2
echo '{"cycle_ps": 500}' > "$dir/fast.json"
expect cycle "hello.mtt: recorded with a cycle of 1000 ps, but the configuration's cycle_ps is 500" \
  "$mtesim" trace replay "$dir/hello.mtt" --config "$dir/fast.json"
echo '{"timing": {"l2": {"ways": 3}}}' > "$dir/bad.json"
expect bad_config "timing.l2" "$mtesim" trace replay "$dir/hello.mtt" --config "$dir/bad.json"
exit $fail
