#!/usr/bin/env bash
# Start-up, load and exit cost must not grow with --memory (issue 13, item 4): a 64 TiB
# guest boots hello and exits, and an ELF with a 16 GiB zero-filled segment loads and
# runs, each in little host memory (peak RSS below 200 MiB). Never a wall-clock
# assertion: a regression to O(memory) fails by the generous timeout or the RSS bound.
#   scale_test.sh MTESIM CASE GUESTS_DIR
set -u
mtesim=$1
case_name=$2
guests=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
limit_kb=$((200 * 1024))

# run WANT_STATUS -- ARGS...: mtesim's status and peak RSS (getrusage of the child).
run() {
  local want=$1
  shift 2
  python3 - "$want" "$limit_kb" "$mtesim" "$@" <<'PY'
import resource, subprocess, sys
want, limit, cmd = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
try:
    status = subprocess.run(cmd, stdout=subprocess.DEVNULL, timeout=300).returncode
except subprocess.TimeoutExpired:
    sys.exit("FAIL: %s timed out" % " ".join(cmd))
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print("%s -> status %d, peak RSS %d KiB" % (" ".join(cmd[1:]), status, rss))
if status != want: sys.exit("FAIL: status %d, expected %d" % (status, want))
if rss > limit: sys.exit("FAIL: peak RSS %d KiB above %d KiB" % (rss, limit))
PY
}

# A minimal ELF: one PT_LOAD at RAM + 0x80000 whose code calls PSCI SYSTEM_OFF on
# CONDUIT (hvc or smc), then a zero-filled part: p_memsz = MEMSZ >> p_filesz.
make_elf() {
  python3 - "$@" <<'PY'
import struct, sys
out, memsz, conduit = sys.argv[1], int(sys.argv[2]), sys.argv[3]
hvc_or_smc = 0xd4000002 if conduit == "hvc" else 0xd4000003
code = struct.pack("<4I", 0x52800100, 0x72b08000, hvc_or_smc, 0x14000000)  # w0 = 0x84000008
base, off = 0x40080000, 0x1000
ehdr = struct.pack("<16sHHIQQQIHHHHHH", b"\x7fELF\x02\x01\x01" + bytes(9), 2, 183, 1, base, 64, 0, 0, 64, 56, 1, 0, 0, 0)
phdr = struct.pack("<IIQQQQQQ", 1, 7, off, base, base, len(code), memsz, 0x1000)
open(out, "wb").write((ehdr + phdr).ljust(off, b"\0") + code)
PY
}

case $case_name in
  memory_64t)
    run 0 -- run "$guests/hello.elf" --memory 64T
    run 0 -- run "$guests/hello.elf" --memory 64T --mte 2 --stats "$tmp/s.json"
    run 0 -- run "$guests/hello.elf" --memory 64T --hypervisor none --mte 2 ;;
  huge_bss)
    make_elf "$tmp/bss.elf" $((16 << 30)) hvc
    run 0 -- run "$tmp/bss.elf" --memory 17G
    run 0 -- run "$tmp/bss.elf" --memory 17G --hypervisor none ;;
esac
