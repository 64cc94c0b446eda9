#!/usr/bin/env bash
# An unmodified third-party bare-metal binary written for QEMU's virt machine: Debian's
# U-Boot (package u-boot-qemu, uboot.elf, linked into the flash at 0x0, device tree at the
# start of RAM). It must boot on mtesim to its command prompt, the way it does on QEMU.
#
#   third_party_uboot.sh MTESIM EXPECTED_MILESTONES
#
# U-Boot's full output lists the devices it found, and QEMU's virt machine has many that
# mtesim does not model (PCIe, fw_cfg, virtio, CFI flash), so the outputs cannot be equal
# byte for byte. What must be equal is every line that does not depend on the device set:
# the banner, the RAM size, the environment and console set-up, the autoboot countdown
# and the prompt. Those milestone lines from mtesim must equal QEMU's (when QEMU 8+ is
# present) and the reviewed EXPECTED_MILESTONES; mtesim must also stop at --max-insns
# (status 3: U-Boot waits at its prompt for input) and must not report an exception.
set -u
mtesim=$1
expected=$2
uboot=${UBOOT_ELF:-/usr/lib/u-boot/qemu_arm64/uboot.elf}
qemu=${QEMU:-qemu-system-aarch64}
if [ ! -r "$uboot" ]; then
  echo "third_party_uboot: $uboot is missing: install Debian's u-boot-qemu (scripts/install-deps.sh --oracle)" >&2
  exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The banner's version and build date change with Debian's package, so only its start is kept.
milestones() {
  grep -aE '^(U-Boot 20|DRAM:|Loading Environment|In:|Out:|Err:|Hit any key|=> )' "$1" |
    sed -E 's/^U-Boot 20[^\r]*/U-Boot (banner)/'
}

# A 50 MHz core clock keeps U-Boot's 2 s autoboot countdown (timed with the generic
# counter) at 10^8 instructions; the prompt comes after about 1.5 x 10^8.
echo '{"cycle_ps": 20000}' >"$tmp/clock.json"
"$mtesim" run "$uboot" --memory 128M --config "$tmp/clock.json" --max-insns 300000000 \
  >"$tmp/mtesim.out" 2>"$tmp/mtesim.err" </dev/null
status=$?
fail=0
if [ $status -ne 3 ]; then
  echo "FAIL: mtesim exited $status, expected 3 (waiting at the U-Boot prompt):" >&2
  cat "$tmp/mtesim.err" >&2
  fail=1
fi
if grep -aqE 'Synchronous Abort|"Error" handler|resetting' "$tmp/mtesim.out"; then
  echo "FAIL: U-Boot reported an exception or reset on mtesim:" >&2
  cat "$tmp/mtesim.out" >&2
  fail=1
fi
milestones "$tmp/mtesim.out" >"$tmp/mtesim.milestones"
if ! diff -u --label expected --label mtesim "$expected" "$tmp/mtesim.milestones"; then
  echo "FAIL: mtesim's U-Boot milestones differ from $expected; full output:" >&2
  cat "$tmp/mtesim.out" >&2
  fail=1
fi

if ! "$qemu" --version 2>/dev/null | grep -qE 'version (1[0-9]|[89])\.'; then
  echo "SKIP (QEMU part): qemu-system-aarch64 8.0 or later is not installed" >&2
  [ $fail = 0 ] && exit 77
  exit 1
fi
# QEMU waits at the prompt for ever: stop it once the prompt is out (or after 30 s).
timeout 30 "$qemu" -M virt -cpu max -m 128M -nographic -nodefaults -serial stdio \
  -kernel "$uboot" </dev/null >"$tmp/qemu.out" 2>"$tmp/qemu.err" &
qemu_pid=$!
for _ in $(seq 60); do
  grep -aq '^=> ' "$tmp/qemu.out" && break
  sleep 0.5
done
kill "$qemu_pid" 2>/dev/null
wait "$qemu_pid" 2>/dev/null
milestones "$tmp/qemu.out" >"$tmp/qemu.milestones"
if ! diff -u --label qemu --label mtesim "$tmp/qemu.milestones" "$tmp/mtesim.milestones"; then
  echo "FAIL: U-Boot's milestones differ between QEMU and mtesim" >&2
  fail=1
fi
exit $fail
