#!/usr/bin/env bash
# Differential test of one guest: mtesim against QEMU (the functional oracle) and
# against the reviewed expected output in tests/guests/expected/.
#
#   run_differential.sh [OPTIONS] MTESIM GUEST.elf [EXPECTED.out]
#
#   MTESIM        the mtesim binary ("-" with --qemu-only)
#   GUEST.elf     the guest image
#   EXPECTED.out  defaults to expected/<guest name>.out next to this script
#   --qemu-only        run only QEMU and compare it with EXPECTED.out (no mtesim)
#   --update-expected  write QEMU's output to EXPECTED.out (implies --qemu-only)
#   --expected-only    do not run QEMU: for guests whose behaviour QEMU does not
#                      implement, EXPECTED.out was written from the Arm ARM
#   --smp N            run both with N PEs (QEMU -smp N, mtesim --smp N)
#   --append TEXT      pass TEXT as the kernel command line to both
#   --mte LEVEL        MTE guests: mtesim gets --mte LEVEL, and QEMU runs with
#                      -M virt,mte=on (its -cpu max is then MTE3) unless LEVEL is
#                      off or 0
#   --virtualization   the guest starts at EL2 (EL2 guests): QEMU runs with
#                      -M virt,virtualization=on (virt,virtualization=on,mte=on with
#                      --mte), mtesim gets --virtualization
#   --gic-version N    interrupt controller 2 (GICv2) or 3 (GICv3): QEMU runs with
#                      -M virt,gic-version=N (plus its=off for 3: mtesim models no
#                      ITS), mtesim gets --gic-version N. Without it both use their
#                      default (QEMU: GICv2 for up to 8 PEs)
#   --expected-dir DIR EXPECTED.out defaults to DIR/<guest name>.out
#   --mtesim-arg ARG   pass ARG to mtesim only (repeatable), e.g. --mtesim-arg
#                      --config=FILE for a platform QEMU cannot model; mostly
#                      useful with --expected-only
#
# Passes (exit 0) when QEMU's output equals EXPECTED.out, mtesim's output equals QEMU's,
# and both exit with status 0. Prints a unified diff on any mismatch. Exits 77 (ctest's
# SKIP_RETURN_CODE) when qemu-system-aarch64 is missing or older than 8.0; mtesim is then
# still compared with EXPECTED.out and a mismatch still fails.
#
# Environment: QEMU (default qemu-system-aarch64), QEMU_TIMEOUT (30 s),
# MTESIM_TIMEOUT (600 s), MTESIM_MAX_INSNS (2000000000).
set -u

qemu_only=0
update=0
expected_only=0
smp=1
append=""
mte=""
virt=0
gic=""
expected_dir=$(dirname "$0")/expected
mtesim_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --qemu-only) qemu_only=1; shift ;;
    --update-expected) update=1; qemu_only=1; shift ;;
    --expected-only) expected_only=1; shift ;;
    --smp) smp=$2; shift 2 ;;
    --append) append=$2; shift 2 ;;
    --mte) mte=$2; shift 2 ;;
    --virtualization) virt=1; shift ;;
    --gic-version)
      case "$2" in 2|3) gic=$2 ;; *) echo "run_differential: --gic-version must be 2 or 3" >&2; exit 2 ;; esac
      shift 2 ;;
    --expected-dir) expected_dir=$2; shift 2 ;;
    --mtesim-arg) mtesim_args+=("$2"); shift 2 ;;
    --) shift; break ;;
    -*) [ "$1" = "-" ] && break; echo "run_differential: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  sed -n '2,37p' "$0" >&2
  exit 2
fi

mtesim=$1
image=$2
name=$(basename "$image" .elf)
expected=${3:-$expected_dir/$name.out}
machine=virt
virt_arg=""
if [ $virt = 1 ]; then
  machine=$machine,virtualization=on
  virt_arg=--virtualization
fi
case "$mte" in ''|off|0) ;; *) machine=$machine,mte=on ;; esac
gic_arg=""
if [ -n "$gic" ]; then
  machine=$machine,gic-version=$gic
  [ "$gic" = 3 ] && machine=$machine,its=off
  gic_arg="--gic-version $gic"
fi
qemu=${QEMU:-qemu-system-aarch64}
qemu_timeout=${QEMU_TIMEOUT:-30}
mtesim_timeout=${MTESIM_TIMEOUT:-600}
max_insns=${MTESIM_MAX_INSNS:-2000000000}

if [ ! -r "$image" ]; then
  echo "run_differential: guest image $image not found (build the 'guests' target)" >&2
  exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/mtesim-diff.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail=0

# Prints a labelled unified diff of two files; returns 1 when they differ.
compare() {
  if cmp -s "$1" "$2"; then
    return 0
  fi
  echo "--- MISMATCH: $3"
  diff -u --label "$4" --label "$5" "$1" "$2" | head -n 200
  return 1
}

# QEMU: present and at least 8.0 (7.2's MTE tag storage is wrong; see shared docs).
have_qemu=0
qemu_why=""
if ! command -v "$qemu" >/dev/null 2>&1; then
  qemu_why="$qemu not found"
else
  ver=$("$qemu" --version 2>/dev/null | sed -n 's/.*version \([0-9][0-9]*\)\.\([0-9][0-9]*\).*/\1 \2/p' | head -n1)
  major=${ver%% *}
  if [ -z "$ver" ]; then
    qemu_why="cannot read the version of $qemu"
  elif [ "$major" -lt 8 ]; then
    qemu_why="$qemu is version ${ver/ /.}, older than 8.0"
  else
    have_qemu=1
  fi
fi

if [ $expected_only = 1 ]; then
  if [ $qemu_only = 1 ]; then
    echo "SKIPPED $name: its expectation is not checked against QEMU and there is no mtesim to run"
    exit 77
  fi
  have_qemu=0
  qemu_why="QEMU is not the oracle for this guest"
fi

if [ $have_qemu = 1 ]; then
  timeout "$qemu_timeout" "$qemu" -M "$machine" -cpu max -m 256M -smp "$smp" -display none -nodefaults \
    -serial stdio -monitor none -kernel "$image" ${append:+-append "$append"} \
    </dev/null >"$work/qemu.out" 2>"$work/qemu.err"
  qemu_rc=$?
  if [ $qemu_rc != 0 ]; then
    [ $qemu_rc = 124 ] && echo "QEMU timed out after ${qemu_timeout}s"
    echo "QEMU exited with status $qemu_rc; stderr:"
    cat "$work/qemu.err"
    fail=1
  fi
  if [ $update = 1 ]; then
    if [ $fail = 0 ]; then
      cp "$work/qemu.out" "$expected"
      echo "updated $expected"
    fi
    exit $fail
  fi
  if [ -r "$expected" ]; then
    compare "$expected" "$work/qemu.out" \
      "QEMU's live output differs from the expected file (stale expectation?)" \
      "$expected" "qemu (live)" || fail=1
  else
    echo "expected output $expected is missing"
    fail=1
  fi
elif [ $update = 1 ] && [ $expected_only = 0 ]; then
  echo "run_differential: cannot update $expected: $qemu_why" >&2
  exit 77
fi

if [ $qemu_only = 0 ]; then
  timeout "$mtesim_timeout" "$mtesim" run "$image" --max-insns "$max_insns" --smp "$smp" \
    ${append:+--append "$append"} ${mte:+--mte "$mte"} ${virt_arg:+"$virt_arg"} \
    ${gic_arg} \
    ${mtesim_args[@]+"${mtesim_args[@]}"} \
    </dev/null >"$work/mtesim.out" 2>"$work/mtesim.err"
  mtesim_rc=$?
  if [ $mtesim_rc != 0 ]; then
    [ $mtesim_rc = 124 ] && echo "mtesim timed out after ${mtesim_timeout}s"
    echo "mtesim exited with status $mtesim_rc; stderr (last 40 lines):"
    tail -n 40 "$work/mtesim.err"
    fail=1
  fi
  if [ $have_qemu = 1 ]; then
    compare "$work/qemu.out" "$work/mtesim.out" "mtesim differs from QEMU" \
      "qemu" "mtesim" || fail=1
  elif [ -r "$expected" ]; then
    compare "$expected" "$work/mtesim.out" "mtesim differs from the expected file" \
      "$expected" "mtesim" || fail=1
  fi
fi

if [ $fail != 0 ]; then
  echo "FAILED: $name"
  exit 1
fi
if [ $have_qemu = 0 ] && [ $expected_only = 0 ]; then
  echo "SKIPPED live differential for $name: $qemu_why (need qemu-system-aarch64 >= 8.0;" \
       "scripts/install-deps.sh --oracle installs it)"
  exit 77
fi
echo "OK: $name"
exit 0
