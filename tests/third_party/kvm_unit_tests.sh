#!/usr/bin/env bash
# Runs unmodified kvm-unit-tests (arm64, the suite KVM and QEMU developers use on QEMU's
# virt machine) on QEMU 10 and on mtesim and prints one line per test with both verdicts
# (kvm-unit-tests' SUMMARY line). Not part of the README's test command: the suite is not
# a Debian package, so this needs a network to clone it (or a clone passed in KUT_SRC).
#
#   tests/third_party/kvm_unit_tests.sh [-q|-m] [TEST...]
#     -q  QEMU only, -m  mtesim only (default both); TEST: names below (default all)
#   Environment: KUT_SRC (a kvm-unit-tests checkout; cloned into build/kvm-unit-tests
#     when unset), KUT_URL (where to clone from), MTESIM (default build/mtesim), MAX_SMP
#     (4), QEMU_TIMEOUT (60 s), MTESIM_TIMEOUT (600 s), MAX_INSNS, EL2=1 (both start at
#     EL2: QEMU virtualization=on, mtesim --virtualization), LOGS (where the consoles go).
# Exit status 1 when any test's verdict differs between QEMU and mtesim.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
SRC=${KUT_SRC:-$root/build/kvm-unit-tests}
KUT_URL=${KUT_URL:-https://gitlab.com/kvm-unit-tests/kvm-unit-tests.git}
MTESIM=${MTESIM:-$root/build/mtesim}
MAX_SMP=${MAX_SMP:-4}
QEMU_TIMEOUT=${QEMU_TIMEOUT:-60}
MTESIM_TIMEOUT=${MTESIM_TIMEOUT:-600}
MAX_INSNS=${MAX_INSNS:-20000000000}
EL2=${EL2:-0}
LOGS=${LOGS:-$root/build/kvm-unit-tests-logs$([ "$EL2" = 1 ] && echo -el2)}

run_q=1 run_m=1
while getopts qm o; do
  case $o in q) run_m=0 ;; m) run_q=0 ;; *) exit 2 ;; esac
done
shift $((OPTIND - 1))

if [ ! -d "$SRC" ]; then
  git clone -q "$KUT_URL" "$SRC" || { echo "cannot clone $KUT_URL (set KUT_SRC to a checkout)" >&2; exit 2; }
fi
if [ ! -f "$SRC/arm/gic.flat" ]; then
  ( cd "$SRC" &&
    ./configure --arch=arm64 --cross-prefix=aarch64-linux-gnu- --target=qemu &&
    make -j2 ) > "$SRC/mtesim-build.log" 2>&1 || { echo "build failed, see $SRC/mtesim-build.log" >&2; exit 2; }
fi

min() { [ "$1" -lt "$2" ] && echo "$1" || echo "$2"; }

# ---- 2. tests (from arm/unittests.cfg; PCI/PMU/debug/pl031/ITS/migration/
#         kvm-only entries are left out) -----------------------------------
# name | file | smp | gic-version ("" = machine default) | mte (0/1) | args
TESTS=(
  "selftest-setup|selftest|2||0|setup smp=2 mem=256"
  "selftest-vectors-kernel|selftest|1||0|vectors-kernel"
  "selftest-vectors-user|selftest|1||0|vectors-user"
  "selftest-smp|selftest|$MAX_SMP||0|smp"
  "gicv2-ipi|gic|$(min "$MAX_SMP" 8)|2|0|ipi"
  "gicv2-mmio|gic|$(min "$MAX_SMP" 8)|2|0|mmio"
  "gicv2-mmio-up|gic|1|2|0|mmio"
  "gicv2-mmio-3p|gic|$(min "$MAX_SMP" 3)|2|0|mmio"
  "gicv3-ipi|gic|$MAX_SMP|3|0|ipi"
  "gicv2-active|gic|$(min "$MAX_SMP" 8)|2|0|active"
  "gicv3-active|gic|$MAX_SMP|3|0|active"
  "psci|psci|$MAX_SMP||0|"
  "timer|timer|1||0|"
  "cache|cache|1||0|"
  "mte-sync|mte|1||1|sync"
  "mte-async|mte|1||1|async"
  "mte-asymm|mte|1||1|asymm"
  # not in unittests.cfg (needs an argument other than "bad"), CPUs only:
  "spinlock|spinlock-test|$MAX_SMP||0|gcc"
)

# Result from the guest console: kvm-unit-tests' SUMMARY line.
verdict() { # logfile rc
  local log=$1 rc=$2 s tests fail skip
  s=$(grep -a '^SUMMARY:' "$log" | tail -1)
  if [ -z "$s" ]; then
    case $rc in
      124) echo "FAIL(timeout)" ;; 2) echo "FAIL(stuck)" ;; 3) echo "FAIL(max-insns)" ;;
      *) echo "FAIL(rc=$rc,no-summary)" ;;
    esac
    return
  fi
  tests=$(sed -n 's/^SUMMARY: \([0-9]*\) tests.*/\1/p' <<<"$s")
  fail=$(sed -n 's/.* \([0-9]*\) unexpected failures.*/\1/p' <<<"$s"); fail=${fail:-0}
  skip=$(sed -n 's/.* \([0-9]*\) skipped.*/\1/p' <<<"$s"); skip=${skip:-0}
  if [ "$fail" -gt 0 ]; then echo "FAIL($fail/$tests)"
  elif [ "$skip" -eq "$tests" ]; then echo "SKIP"
  elif [ "$skip" -gt 0 ]; then echo "PASS($tests,${skip}skip)"
  else echo "PASS($tests)"; fi
}

run_qemu() { # name file smp gic mte args
  local M="virt" log=$LOGS/qemu/$1.log
  [ -n "$4" ] && M+=",gic-version=$4"
  [ "$4" = 3 ] && M+=",its=off"
  [ "$5" = 1 ] && M+=",mte=on"
  [ "$EL2" = 1 ] && M+=",virtualization=on"
  timeout "$QEMU_TIMEOUT" qemu-system-aarch64 -M "$M" -cpu max -m 256M -smp "$3" \
    -nodefaults -display none -serial stdio -monitor none -nic none \
    -kernel "$SRC/arm/$2.flat" -append "$6" > "$log" 2>&1 < /dev/null
  local rc=$?; echo "# rc=$rc" >> "$log"; verdict "$log" $rc
}

run_mtesim() { # name file smp gic mte args
  local log=$LOGS/mtesim/$1.log opts=(--smp "$3" --max-insns "$MAX_INSNS")
  [ -n "$4" ] && opts+=(--gic-version "$4")
  [ "$5" = 1 ] && opts+=(--mte 3)
  [ "$EL2" = 1 ] && opts+=(--virtualization)
  timeout "$MTESIM_TIMEOUT" "$MTESIM" run "$SRC/arm/$2.flat" "${opts[@]}" --append "$6" \
    > "$log" 2> "$log.err" < /dev/null
  local rc=$?; echo "# rc=$rc" >> "$log"; verdict "$log" $rc
}

mkdir -p "$LOGS/qemu" "$LOGS/mtesim"
differs=0
printf '%-24s %-18s %-18s %s\n' TEST QEMU MTESIM ""
for t in "${TESTS[@]}"; do
  IFS='|' read -r name file smp gic mte args <<<"$t"
  if [ $# -gt 0 ]; then
    want=0; for a in "$@"; do [ "$a" = "$name" ] && want=1; done
    [ $want = 1 ] || continue
  fi
  q=-; m=-
  [ $run_q = 1 ] && q=$(run_qemu "$name" "$file" "$smp" "$gic" "$mte" "$args")
  [ $run_m = 1 ] && m=$(run_mtesim "$name" "$file" "$smp" "$gic" "$mte" "$args")
  mark=""
  if [ $run_q = 1 ] && [ $run_m = 1 ] && [ "$q" != "$m" ]; then mark="<-- differs"; differs=1; fi
  printf '%-24s %-18s %-18s %s\n' "$name" "$q" "$m" "$mark"
done
exit $differs
