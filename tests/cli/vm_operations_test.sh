#!/usr/bin/env bash
# What the host does to a running VM, end to end through the command line (issue 9):
# live migration (--migrate), a resident-memory limit with swap (--swap-limit) and the
# memslot backing policy (--backing). The guest's console must be byte-identical to the
# unmigrated (unswapped, lazily backed) run's, and --stats must show that the operation
# really happened: a switch-over in the middle of the guest's output, swap-ins with their
# tags restored, every page mapped and sanitised before the first instruction.
#   vm_operations_test.sh MTESIM CASE GUEST_DIR
set -u
mtesim=$1
case_name=$2
guests=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# run NAME ARGS...: mtesim run ARGS with a timeout, stdout to $tmp/NAME.out, stderr to
# $tmp/NAME.err; any status but 0 fails the test.
run() {
  local name=$1
  shift
  timeout 120 "$mtesim" run "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
  local rc=$?
  if [ $rc != 0 ]; then echo "FAIL: mtesim run $* exited $rc:"; cat "$tmp/$name.err"; exit 1; fi
}
# same A B: the two runs printed the same console bytes.
same() {
  cmp -s "$tmp/$1.out" "$tmp/$2.out" || { echo "FAIL: console differs ($1 vs $2):"; diff "$tmp/$1.out" "$tmp/$2.out" | head; exit 1; }
}
# check STATS PYTHON: asserts on the statistics JSON bound to `d` (its migration object to `m`).
check() {
  python3 - "$tmp/$1" "$2" <<'PY' || exit 1
import json, sys
d = json.load(open(sys.argv[1]))
m = d.get('migration', {})
try:
    exec(sys.argv[2])
except AssertionError as e:
    print('FAIL:', sys.argv[2], '\n', json.dumps(m or d, indent=1)[:3000])
    sys.exit(1)
PY
}

heap="$guests/mte_heap.elf"
# The migration link at 100 Gbit/s: the first pre-copy round (every page of RAM and the
# flash) is through long before the MTE heap guest finishes, so it really moves mid-run.
fast="--migration-bandwidth 12500M"

# migrate MODE TRANSPORT: the MTE heap guest moved after its 3rd console line.
migrate() {
  run plain "$heap" --mte 3
  run moved "$heap" --mte 3 --migrate "$1" --migration-transport "$2" --migrate-after-lines 3 $fast --stats "$tmp/s.json"
  same plain moved
  local lines
  lines=$(wc -l <"$tmp/plain.out")
  # Switched over in the middle of the output: after line 3, before the last; the
  # destination ran the rest (its own exits) and got every page with its tags (none of
  # its pages needed sanitising).
  check s.json "assert m['switched_over'] and m['completed'] or m['postcopy'], m
assert m['postcopy'] == ('$1' == 'postcopy') and m['transport_separate'] == ('$2' == 'separate')
assert 3 <= m['switch_over_console_lines'] < $lines and not m['switched_over_idle']
assert m['destination']['exits'] > 0 and m['destination']['vm']['pages_sanitised'] == 0
assert m['state_bytes'] > 0 and m['downtime_seconds'] > 0 and m['host_seconds'] > 0 and m['pages_per_host_second'] > 0
assert m['wire_bytes'] == m['data_bytes'] + m['tag_bytes'] + m['state_bytes']"
  if [ "$1" = precopy ]; then
    # Every page went at least once (RAM and flash), tags included, in several rounds.
    check s.json "assert m['rounds'] >= 2 and m['pages_sent'] >= (256 + 128) * 256 and m['zero_pages'] > 0
assert m['tag_bytes'] > 0 and m['destination']['vm']['tag_bytes_copied_to_guest'] > 0"
  else
    # Post-copy: the destination faulted its pages in, each placed with its tags.
    check s.json "assert m['postcopy_demand_pages'] > 0 and m['destination']['vm']['faults_missing'] == m['postcopy_demand_pages']"
  fi
  grep -q "^mtesim: migration ($1, .*downtime" "$tmp/moved.err" || { echo "FAIL: no summary on stderr:"; cat "$tmp/moved.err"; exit 1; }
  echo "ok: $(cat "$tmp/moved.err")"
}

# migrate_gic MODE VERSION: guests that live on their interrupt controller moved in the
# middle of their run: the vGIC's state (enables, priorities, pending and active
# interrupts, the CPU interfaces' masks and active priorities) goes with the vCPUs, so
# the output is the unmigrated run's. Each switch-over line is one where the guest has
# configured its GIC and still depends on it: without the vGIC's state the output
# differs or the guest hangs (timer_ppi, priority, wfi_wake, and sgi_smp after its
# secondaries are up).
migrate_gic() {
  local mode=$1 version=$2 guest args after
  for spec in "timer_ppi.elf 34" "sgi_smp.elf 5 --smp 4" "wfi_wake.elf 11 --smp 2" "priority.elf 26"; do
    set -- $spec
    guest=$1 after=$2
    shift 2
    args="$* --gic-version $version"
    run plain "$guests/$guest" $args
    run moved "$guests/$guest" $args --migrate "$mode" --migrate-after-lines "$after" $fast --stats "$tmp/s.json"
    same plain moved
    local lines
    lines=$(wc -l <"$tmp/plain.out")
    # A real switch-over mid-run (not cancelled, not for idleness), the vGIC's registers
    # among the state sent, the destination running the rest.
    check s.json "assert m['switched_over'] and not m['switched_over_idle'] and m['error'] == 0 and 'cancelled' not in m
assert $after <= m['switch_over_console_lines'] < $lines, m['switch_over_console_lines']
assert m['vgic_registers'] > 0 and m['destination']['exits'] > 0
assert m['postcopy'] == ('$mode' == 'postcopy') and (m['completed'] or m['postcopy'])"
    grep -q "vGIC registers" "$tmp/moved.err" || { echo "FAIL: no vGIC registers in the summary:"; cat "$tmp/moved.err"; exit 1; }
    echo "ok: $guest GICv$version: $(cat "$tmp/moved.err")"
  done
}

case $case_name in
  migrate_precopy)           migrate precopy with-page ;;
  migrate_precopy_separate)  migrate precopy separate ;;
  migrate_postcopy)          migrate postcopy with-page ;;
  migrate_postcopy_separate) migrate postcopy separate ;;
  migrate_hello)
    # Without --migrate-after-lines post-copy switches over at once: the whole run is
    # the destination's; pre-copy switches over once converged.
    run plain "$guests/hello.elf"
    run post "$guests/hello.elf" --migrate postcopy --stats "$tmp/post.json"
    same plain post
    check post.json "assert m['switched_over'] and m['switch_over_console_lines'] == 0 and d['hypervisor']['exits'] == 0 and m['destination']['exits'] > 0"
    run pre "$guests/hello.elf" --migrate precopy $fast --stats "$tmp/pre.json"
    same plain pre
    check pre.json "assert m['switched_over'] and m['completed'] and m['rounds'] >= 2"
    echo "ok: hello migrated: $(cat "$tmp/pre.err")" ;;
  migrate_gic_precopy_v2)  migrate_gic precopy 2 ;;
  migrate_gic_precopy_v3)  migrate_gic precopy 3 ;;
  migrate_gic_postcopy_v2) migrate_gic postcopy 2 ;;
  migrate_gic_postcopy_v3) migrate_gic postcopy 3 ;;
  migrate_config)
    # Every option is also a configuration key.
    echo '{"migrate": "postcopy", "migration_transport": "separate", "migrate_after_lines": 3,
           "migration_bandwidth": "12500M", "swap_limit": 0, "backing": "lazy"}' >"$tmp/c.json"
    run plain "$heap" --mte 3
    run moved "$heap" --mte 3 --config "$tmp/c.json" --stats "$tmp/s.json"
    same plain moved
    check s.json "assert m['postcopy'] == 1 and m['transport_separate'] == 1 and m['switched_over']
assert m['switch_over_console_lines'] >= 3 and m['bandwidth_bytes_per_second'] == 12500 << 20 and 'swap' not in d"
    echo "ok: configured by keys: $(cat "$tmp/moved.err")" ;;
  swap_mte_heap)
    # 32 resident pages at most: the guest's pages go out and come back, their tags with them.
    run plain "$heap" --mte 3 --memory 16M
    run swapped "$heap" --mte 3 --memory 16M --swap-limit 32 --stats "$tmp/s.json"
    same plain swapped
    check s.json "s = d['swap']
assert s['resident_limit_pages'] == 32 and s['passes'] > 0 and s['pages_out'] > 0 and s['pages_in'] > 0, s
assert s['tag_bytes_saved'] > 0 and s['tag_bytes_restored'] > 0 and s['tag_bytes_restored'] % 128 == 0, s"
    echo "ok: $(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['swap'])" "$tmp/s.json")" ;;
  backing_eager)
    # Eager: every page of RAM (256M) and flash (128M) mapped and sanitised before the
    # guest's first instruction; lazy: none.
    run lazy "$heap" --mte 3 --stats "$tmp/lazy.json"
    run eager "$heap" --mte 3 --backing eager --stats "$tmp/eager.json"
    same lazy eager
    check eager.json "v = d['vmm']
assert v['backing_eager'] == 1 and v['pages_sanitised_before_start'] == (256 + 128) * 256, v
assert d['hypervisor']['vm']['pages_sanitised'] == (256 + 128) * 256"
    check lazy.json "v = d['vmm']
assert v['backing_eager'] == 0 and v['pages_sanitised_before_start'] == 0 and 0 < d['hypervisor']['vm']['pages_sanitised'] < 1000, v"
    echo "ok: eager backing sanitised every page first" ;;
  *) echo "unknown case $case_name"; exit 2 ;;
esac
