#!/usr/bin/env bash
# Host files that are not what they should be (issue 13, item 4). Special files given as
# the image, the configuration or a trace are refused at once (a FIFO with no writer must
# not block the open: `timeout` turns a hang into a failure); every output file on a full
# device or in a missing directory is one stderr line naming it and exit status 1.
#   host_files_test.sh MTESIM CASE GUESTS_DIR
set -u
mtesim=$1
case_name=$2
guests=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

# expect STATUS NAME -- ARGS...: status STATUS and one stderr line containing NAME.
expect() {
  local want=$1 name=$2
  shift 3
  timeout 20 "$mtesim" "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" != "$want" ] || [ "$(wc -l <"$tmp/err")" != 1 ] || ! grep -qF -- "$name" "$tmp/err"; then
    echo "FAIL: mtesim $* -> status $got (want $want), stderr:"; cat "$tmp/err"
    failures=$((failures + 1))
  else
    echo "ok: $* -> $(cat "$tmp/err")"
  fi
}

hello=$guests/hello.elf
mkfifo "$tmp/fifo"
mkdir "$tmp/dir"
specials=("$tmp/fifo" "$tmp/dir" /dev/zero /dev/null /proc/self/status)

case $case_name in
  special_files)
    for f in "${specials[@]}"; do
      expect 1 "$f: " -- run "$f"
      expect 1 "$f: " -- run "$hello" --config "$f"
      expect 1 "$f: " -- capabilities --config "$f"
      expect 1 "$f: " -- trace info "$f"
      expect 1 "$f: " -- trace dump "$f"
      expect 1 "$f: " -- trace convert "$f" --to perfetto -o "$tmp/p.json"
    done
    ;;
  write_errors)
    "$mtesim" run "$hello" --trace "$tmp/t.mtt" --trace-detail instructions >/dev/null 2>&1 || { echo "FAIL: recording"; exit 1; }
    for bad in /dev/full "$tmp/missing/out"; do
      expect 1 "$bad: " -- run "$hello" --stats "$bad"
      expect 1 "$bad: " -- run "$hello" --trace "$bad" --trace-format text
      expect 1 "$bad: " -- run "$hello" --trace "$bad" --trace-format binary
      expect 1 "$bad: " -- trace convert "$tmp/t.mtt" --to text -o "$bad"
      expect 1 "$bad: " -- trace convert "$tmp/t.mtt" --to perfetto -o "$bad"
    done
    # A run stopped at --max-insns keeps its own status when its outputs are written.
    expect 3 "max-insns" -- run "$hello" --max-insns 100 --stats "$tmp/s.json"
    [ -s "$tmp/s.json" ] || { echo "FAIL: no statistics written"; failures=$((failures + 1)); }
    ;;
esac
[ "$failures" = 0 ] || { echo "$failures FAILED"; exit 1; }
