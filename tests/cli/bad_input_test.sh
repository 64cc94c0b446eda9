#!/usr/bin/env bash
# The command-line contract for bad input (platform.md, issue: bad input): host-side
# problems exit 1 with one stderr line naming the input; guests that misbehave never crash
# or hang mtesim (exit 2 when the VM cannot continue, 3 at --max-insns).
#   bad_input_test.sh MTESIM CASE
set -u
mtesim=$1
case_name=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# expect STATUS PATTERN -- ARGS...: run mtesim with a timeout; check the status, that
# stderr is one line matching PATTERN, and that stdout is empty.
expect() {
  local want=$1 pattern=$2
  shift 3
  timeout 60 "$mtesim" "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  local lines
  lines=$(wc -l <"$tmp/err")
  if [ "$got" != "$want" ]; then
    echo "FAIL: mtesim $* exited $got, expected $want; stderr:"; cat "$tmp/err"; exit 1
  fi
  if [ "$lines" != 1 ] || ! grep -qE -- "$pattern" "$tmp/err"; then
    echo "FAIL: mtesim $*: expected one stderr line matching '$pattern', got:"; cat "$tmp/err"; exit 1
  fi
  if [ -s "$tmp/out" ]; then
    echo "FAIL: mtesim $*: stdout should be empty, got:"; cat "$tmp/out"; exit 1
  fi
  echo "ok: mtesim $* -> $got: $(cat "$tmp/err")"
}

# Little-endian A64 words into a raw image.
words() { python3 -c "import struct,sys; sys.stdout.buffer.write(b''.join(struct.pack('<I', int(w, 16)) for w in sys.argv[1:]))" "$@"; }

case $case_name in
  missing_image)   expect 1 "nope.elf.*cannot open" -- run "$tmp/nope.elf" ;;
  empty_image)     : >"$tmp/empty.bin"; expect 1 "empty.bin.*empty" -- run "$tmp/empty.bin" ;;
  corrupt_elf)     printf '\177ELF\002\001\001garbage' >"$tmp/bad.elf"; expect 1 "bad.elf.*ELF" -- run "$tmp/bad.elf" ;;
  foreign_elf)     expect 1 "not AArch64" -- run "$(type -P true)" ;;
  image_too_big)   head -c 3000000 /dev/zero >"$tmp/big.bin"; expect 1 "big.bin.*does not fit in RAM" -- run "$tmp/big.bin" --memory 2M ;;
  bad_memory_unit) expect 1 "--memory '12Q'" -- run /dev/null --memory 12Q ;;
  bad_memory_text) expect 1 "--memory 'lots'" -- run /dev/null --memory lots ;;
  tiny_memory)     words 14000000 >"$tmp/loop.bin"; expect 1 "--memory" -- run "$tmp/loop.bin" --memory 4K ;;
  bad_smp_zero)    words 14000000 >"$tmp/loop.bin"; expect 1 "--smp 0" -- run "$tmp/loop.bin" --smp 0 ;;
  bad_smp_many)    words 14000000 >"$tmp/loop.bin"; expect 1 "--smp 1000" -- run "$tmp/loop.bin" --smp 1000 ;;
  bad_smp_text)    expect 1 "smp" -- run /dev/null --smp two ;;
  bad_mte)         expect 1 "--mte 'seven'" -- run /dev/null --mte seven ;;
  bad_config)      echo '{"memroy": 1}' >"$tmp/c.json"; words 14000000 >"$tmp/loop.bin"; expect 1 "memroy" -- run "$tmp/loop.bin" --config "$tmp/c.json" ;;
  unknown_option)  expect 1 "--frobnicate" -- run /dev/null --frobnicate ;;
  bad_gic_version) expect 1 "--gic-version 4: must be 2 or 3" -- run /dev/null --gic-version 4 ;;
  gicv2_too_many_pes) words 14000000 >"$tmp/loop.bin"
                   expect 1 "--gic-version 2: GICv2 serves at most 8 PEs" -- run "$tmp/loop.bin" --gic-version 2 --smp 9 ;;
  # MTE configuration: a level the hardware cannot give is an error, never a downgrade.
  mte_unavailable) echo '{"pes": [{"mte": 2}]}' >"$tmp/c.json"; words 14000000 >"$tmp/loop.bin"
                   expect 1 "--mte 3: PE 0 implements only MTE2" -- run "$tmp/loop.bin" --config "$tmp/c.json" --mte 3 ;;
  bad_gmid)        echo '{"pes": [{"gmid_bs": 7}]}' >"$tmp/c.json"; words 14000000 >"$tmp/loop.bin"
                   expect 1 "gmid_bs 7: GMID_EL1.BS must be between 2 and 6" -- run "$tmp/loop.bin" --config "$tmp/c.json" --mte 2 ;;
  bad_dczid)       echo '{"pes": [{"dczid_bs": 1}]}' >"$tmp/c.json"; words 14000000 >"$tmp/loop.bin"
                   expect 1 "dczid_bs 1: DCZID_EL0.BS must be between 2" -- run "$tmp/loop.bin" --config "$tmp/c.json" ;;
  bad_untagged)    echo '{"untagged_memory": [{"base": "0x48000008", "size": "4K"}]}' >"$tmp/c.json"; words 14000000 >"$tmp/loop.bin"
                   expect 1 "untagged_memory\[0\]: base and size must be multiples of 32" -- run "$tmp/loop.bin" --config "$tmp/c.json" ;;
  capabilities)    # heterogeneous PEs: --mte max gives each its own level and GMID block size
                   echo '{"smp": 2, "pes": [{}, {"mte": 2, "gmid_bs": 4}]}' >"$tmp/c.json"
                   "$mtesim" capabilities --config "$tmp/c.json" --mte max >"$tmp/caps.json" 2>"$tmp/err" || { cat "$tmp/err"; exit 1; }
                   python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
p0, p1 = d['pes']
assert p0['vm']['level'] == 3 and p0['vm']['tagged_far'] and p0['gmid_bs'] == 6, p0
assert p1['vm']['level'] == 2 and not p1['vm']['store_only'] and p1['ldgm_block_bytes'] == 64, p1
assert int(p1['id_aa64pfr1_el1'], 16) >> 8 & 15 == 2 and int(p1['gmid_el1'], 16) == 4, p1
" "$tmp/caps.json" || { cat "$tmp/caps.json"; exit 1; }
                   echo "ok: capabilities listed" ;;
  capabilities_gic) # the GIC version (QEMU virt's default: v2 up to 8 PEs) and the PEs' MPIDR numbering
                   "$mtesim" capabilities --smp 18 >"$tmp/c18.json" 2>"$tmp/err" || { cat "$tmp/err"; exit 1; }
                   "$mtesim" capabilities --smp 8 >"$tmp/c8.json" 2>"$tmp/err" || { cat "$tmp/err"; exit 1; }
                   python3 -c "
import json, sys
d = json.load(open(sys.argv[1])); e = json.load(open(sys.argv[2]))
assert d['gic_version'] == 3 and e['gic_version'] == 2, (d['gic_version'], e['gic_version'])
assert [p['mpidr_el1'] for p in d['pes']][15:18] == ['0x8000000f', '0x80000100', '0x80000101'], d
assert int(d['pes'][0]['id_aa64pfr0_el1'], 16) >> 24 & 15 == 1 and int(e['pes'][0]['id_aa64pfr0_el1'], 16) >> 24 & 15 == 0
" "$tmp/c18.json" "$tmp/c8.json" || exit 1
                   expect 1 "--gic-version 2: GICv2 serves at most 8 PEs" -- capabilities --smp 9 --gic-version 2 ;;
  capabilities_el2) # --virtualization: EL2 in ID_AA64PFR0_EL1; --mte max: FEAT_MTE_PERM in ID_AA64PFR2_EL1
                   "$mtesim" capabilities --virtualization --mte max >"$tmp/caps.json" 2>"$tmp/err" || { cat "$tmp/err"; exit 1; }
                   "$mtesim" capabilities --mte 3 >"$tmp/caps3.json" 2>"$tmp/err" || { cat "$tmp/err"; exit 1; }
                   python3 -c "
import json, sys
d = json.load(open(sys.argv[1])); p = d['pes'][0]
assert d['el2'] and int(p['id_aa64pfr0_el1'], 16) >> 8 & 15 == 1, d
assert p['vm']['perm'] and int(p['id_aa64pfr2_el1'], 16) & 15 == 1, p
d = json.load(open(sys.argv[2])); p = d['pes'][0]
assert not d['el2'] and int(p['id_aa64pfr0_el1'], 16) >> 8 & 15 == 0, d
assert not p['vm']['perm'] and int(p['id_aa64pfr2_el1'], 16) & 15 == 0, p
" "$tmp/caps.json" "$tmp/caps3.json" || { cat "$tmp/caps.json"; exit 1; }
                   echo "ok: EL2 and FEAT_MTE_PERM listed" ;;
  # Migration, swap and backing (--migrate, --swap-limit, --backing): bad values and
  # combinations name the option.
  bad_migrate)     expect 1 "--migrate 'sideways': must be precopy, postcopy or none" -- run /dev/null --migrate sideways ;;
  bad_migrate_config) echo '{"migrate": "sideways"}' >"$tmp/c.json"
                   expect 1 "'migrate'.*'sideways': must be precopy, postcopy" -- run /dev/null --config "$tmp/c.json" ;;
  bad_migration_transport) expect 1 "--migration-transport 'carrier': must be with-page or separate" -- run /dev/null --migration-transport carrier ;;
  bad_migration_bandwidth) words 14000000 >"$tmp/loop.bin"
                   expect 1 "--migration-bandwidth: must be at least 1" -- run "$tmp/loop.bin" --migrate precopy --migration-bandwidth 0 ;;
  bad_migrate_after_lines) expect 1 "--migrate-after-lines 'three': expected a whole number" -- run /dev/null --migrate precopy --migrate-after-lines three ;;
  migrate_after_lines_alone) words 14000000 >"$tmp/loop.bin"
                   expect 1 "--migrate-after-lines: needs --migrate" -- run "$tmp/loop.bin" --migrate-after-lines 3 ;;
  migrate_bare)    words 14000000 >"$tmp/loop.bin"
                   expect 1 "--migrate precopy: needs the hypervisor model" -- run "$tmp/loop.bin" --migrate precopy --hypervisor none ;;
  migrate_virtualization) words 14000000 >"$tmp/loop.bin"
                   expect 1 "--migrate postcopy: needs the hypervisor model" -- run "$tmp/loop.bin" --migrate postcopy --virtualization ;;
  migrate_pes)     # the destination's vCPUs need as many PEs again: 33 + 33 > 64
                   words 14000000 >"$tmp/loop.bin"
                   expect 1 "--migrate: the destination.s vCPUs need 33 more PEs" -- run "$tmp/loop.bin" --migrate precopy --smp 33 ;;
  bad_swap_limit)  expect 1 "--swap-limit 'lots': expected a whole number" -- run /dev/null --swap-limit lots ;;
  bad_swap_limit_negative) expect 1 "--swap-limit '-5': must not be negative" -- run /dev/null --swap-limit=-5 ;;
  bad_swap_limit_config) echo '{"swap_limit": -1}' >"$tmp/c.json"
                   expect 1 "'swap_limit': must be a whole number" -- run /dev/null --config "$tmp/c.json" ;;
  swap_bare)       words 14000000 >"$tmp/loop.bin"
                   expect 1 "--swap-limit: needs the hypervisor model" -- run "$tmp/loop.bin" --swap-limit 8 --hypervisor none ;;
  bad_backing)     expect 1 "--backing 'soon': must be lazy or eager" -- run /dev/null --backing soon ;;
  backing_bare)    words 14000000 >"$tmp/loop.bin"
                   expect 1 "--backing eager: needs the hypervisor model" -- run "$tmp/loop.bin" --backing eager --virtualization ;;
  # Guests misbehaving: architectural outcomes, never a crash or a hang.
  infinite_loop)   words 14000000 >"$tmp/loop.bin"; expect 3 "max-insns" -- run "$tmp/loop.bin" --max-insns 100000 ;;
  executes_zeros)  head -c 4096 /dev/zero >"$tmp/zeros.bin"; expect 2 "stuck taking exceptions" -- run "$tmp/zeros.bin" ;;
  wild_branch)     # movz x0, #0xdead, lsl #32 ; br x0
                   words d2dbd5a0 d61f0000 >"$tmp/wild.bin"; expect 2 "stuck taking exceptions" -- run "$tmp/wild.bin" ;;
  wild_load)       # movz x1, #0x7000, lsl #16 ; ldr x0, [x1]
                   words d2ae0001 f9400020 >"$tmp/load.bin"; expect 2 "stuck taking exceptions" -- run "$tmp/load.bin" ;;
  wfi_forever)     words d503207f >"$tmp/wfi.bin"; expect 2 "WFI" -- run "$tmp/wfi.bin" ;;
  wfe_forever)     # 1: wfe ; b 1b -- no SEV, interrupt or event stream can ever end it
                   words d503205f 17ffffff >"$tmp/wfe.bin"; expect 2 "asleep in WFI/WFE" -- run "$tmp/wfe.bin" --smp 2 ;;
  cpu_off_last)    # movz w0, #0x0002 ; movk w0, #0x8400, lsl #16 ; hvc #0
                   words 52800040 72b08000 d4000002 >"$tmp/off.bin"; expect 2 "powered off" -- run "$tmp/off.bin" ;;
  garbage_image)   # 64 KiB of reproducible pseudo-random bytes: it must end by an architectural
                   # route (exception loop, WFI, power-off) or at --max-insns, never crash or hang.
                   python3 -c "import random,sys; r=random.Random(1); sys.stdout.buffer.write(bytes(r.getrandbits(8) for _ in range(65536)))" >"$tmp/garbage.bin"
                   timeout 60 "$mtesim" run "$tmp/garbage.bin" --max-insns 5000000 >"$tmp/out" 2>"$tmp/err"
                   rc=$?
                   case $rc in 0|2|3) echo "ok: garbage image ended with status $rc: $(cat "$tmp/err")" ;;
                     *) echo "FAIL: garbage image ended with status $rc"; cat "$tmp/err"; exit 1 ;; esac ;;
  # EL2 code programming garbage (--virtualization): architectural outcomes.
  el2_garbage_controls)
                   # movn x0, #0; msr hcr_el2, x0; msr vtcr_el2, x0; msr vttbr_el2, x0;
                   # msr vbar_el2, x0; adr x1, .; msr elr_el2, x1; mov x2, #0x3c5;
                   # msr spsr_el2, x2; eret -- HCR_EL2.TGE makes the return to EL1 illegal,
                   # and the garbage EL2 vector faults for ever.
                   words 92800000 d51c1100 d51c2140 d51c2100 d51cc000 10000001 d51c4021 d28078a2 d51c4002 d69f03e0 >"$tmp/g.bin"
                   expect 2 "stuck taking exceptions" -- run "$tmp/g.bin" --virtualization ;;
  el2_stage2_fault_loop)
                   # adr x0, vectors; msr vbar_el2, x0; HCR_EL2 = RW | VM; VTCR_EL2 = VTTBR_EL2
                   # = ~0; eret to EL1 at the image: every fetch takes a stage-2 fault whose
                   # handler (an ERET at vectors + 0x400) retries it, for ever.
                   { words 10004000 d51cc000 d2800020 f2b00000 d51c1100 92800000 d51c2140 d51c2100 10000001 d51c4021 d28078a2 d51c4002 d69f03e0
                     head -c $((0xC00 - 13 * 4)) /dev/zero; words d69f03e0; } >"$tmp/loop.bin"
                   expect 3 "max-insns" -- run "$tmp/loop.bin" --virtualization --max-insns 100000 --stats "$tmp/s.json"
                   python3 -c "import json,sys; d=json.load(open(sys.argv[1])); n=d['pe0']['exceptions']['ec_20']; assert n > 40000, d" "$tmp/s.json" || exit 1 ;;
  # The observable options, end to end.
  trace)           words d2800020 91000400 14000000 >"$tmp/t.bin"   # mov x0,#1; add x0,x0,#1; b .
                   expect 3 "max-insns" -- run "$tmp/t.bin" --max-insns 5 --trace "$tmp/trace.txt"
                   want=$'0 0000000040080000 d2800020 EL1\n0 0000000040080004 91000400 EL1\n0 0000000040080008 14000000 EL1\n0 0000000040080008 14000000 EL1\n0 0000000040080008 14000000 EL1'
                   [ "$(cat "$tmp/trace.txt")" = "$want" ] || { echo "FAIL: trace was:"; cat "$tmp/trace.txt"; exit 1; } ;;
  stats)           words 14000000 >"$tmp/loop.bin"
                   expect 3 "max-insns" -- run "$tmp/loop.bin" --max-insns 1234 --stats "$tmp/s.json"
                   python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['instructions']==1234 and d['pe0']['instructions']==1234 and d['exit_status']==3, d" "$tmp/s.json" || exit 1 ;;
  config_file)     words 14000000 >"$tmp/loop.bin"; echo '{"memory": "64M", "max_insns": 777}' >"$tmp/c.json"
                   expect 3 "max-insns 777" -- run "$tmp/loop.bin" --config "$tmp/c.json" --stats "$tmp/s.json"
                   python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['instructions']==777, d" "$tmp/s.json" || exit 1 ;;
  long_sleep)      # 1000 s asleep in WFI until the virtual timer fires: slept, not executed
                   timeout 60 "$mtesim" run "$3" --stats "$tmp/s.json" >"$tmp/out" 2>"$tmp/err" || { echo "FAIL: status $?"; cat "$tmp/err"; exit 1; }
                   python3 -c "import json,sys; d=json.load(open(sys.argv[1])); p=d['pe0']; assert p['sleeps'] >= 1 and p['seconds_asleep'] >= 999.9 and p['instructions'] < 10**7 and d['simulated_seconds'] >= 1000, d" "$tmp/s.json" || exit 1 ;;
  append_and_smp)  # the DTB-driven probe guest reports what the generated device tree says
                   timeout 60 "$mtesim" run "$3" --smp 3 --memory 1G --append "console=ttyAMA0 quiet" >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/err"; exit 1; }
                   grep -q "memory: base 0x0000000040000000 size 0x0000000040000000" "$tmp/out" &&
                   grep -q "cpus: 3, with enable-method psci: 3" "$tmp/out" &&
                   grep -q "bootargs: \[console=ttyAMA0 quiet\]" "$tmp/out" || { echo "FAIL:"; cat "$tmp/out"; exit 1; }
                   echo "ok: $(tr '\n' ';' <"$tmp/out")" ;;
  # The hypervisor model's options (issue 9).
  bad_hypervisor)  expect 1 "--hypervisor 'kvm'" -- run /dev/null --hypervisor kvm ;;
  virtualization_with_model)
                   words 14000000 >"$tmp/loop.bin"; expect 1 "--virtualization.*--hypervisor none" -- run "$tmp/loop.bin" --virtualization --hypervisor model ;;
  bad_notagaccess_policy)
                   expect 1 "--notagaccess-policy 'ignore'" -- run /dev/null --notagaccess-policy ignore ;;
  vcpus_per_pe_zero)
                   words 14000000 >"$tmp/loop.bin"; expect 1 "--vcpus-per-pe 0" -- run "$tmp/loop.bin" --vcpus-per-pe 0 ;;
  vcpus_per_pe_bare)
                   words 14000000 >"$tmp/loop.bin"; expect 1 "--vcpus-per-pe 2.*hypervisor model" -- run "$tmp/loop.bin" --smp 2 --vcpus-per-pe 2 --hypervisor none ;;
  vm_mmio_no_isv)  # LDP from an address no memslot or device covers: no instruction syndrome, so the
                   # hypervisor cannot emulate it (KVM's io_mem_abort ENOSYS): the VM stops.
                   words d2a14002 a9400440 14000000 >"$tmp/ldp.bin"; expect 2 "vCPU 0:.*no instruction syndrome" -- run "$tmp/ldp.bin" ;;
  vm_memory_untouched)
                   # A VM's guest RAM, flash and the VMM's pools are host memory only once
                   # touched: 4G of guest RAM costs what hello touches.
                   timeout 60 "$mtesim" run "$3" --memory 4G --mte 3 --stats "$tmp/s.json" >"$tmp/out" 2>"$tmp/err" || { echo "FAIL: status $?"; cat "$tmp/err"; exit 1; }
                   python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['ram']['resident_bytes'] < 16 << 20, d['ram']" "$tmp/s.json" || exit 1
                   echo "ok: $(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['ram'])" "$tmp/s.json")" ;;
  rom_write)       # A store to the boot flash is dropped (a ROM), on the bare board and in a VM
                   # (a write to the read-only memslot exits as MMIO, and the VMM's ROM drops
                   # it): the guest reads the old value back and prints S, then SYSTEM_OFF.
                   words d2800001 b9400022 52824683 b9000023 b9400024 6b02009f 52800a65 54000040 \
                         52800885 d2a12006 390000c5 52800100 72b08000 d4000002 14000000 >"$tmp/rom.bin"
                   for h in none model; do
                     timeout 60 "$mtesim" run "$tmp/rom.bin" --hypervisor $h --stats "$tmp/s.json" >"$tmp/out" 2>"$tmp/err" || { echo "FAIL ($h): status $?"; cat "$tmp/err"; exit 1; }
                     [ "$(cat "$tmp/out")" = S ] || { echo "FAIL ($h): printed '$(cat "$tmp/out")'"; exit 1; }
                   done
                   python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['vmm']['rom_writes'] == 1, d['vmm']" "$tmp/s.json" || exit 1
                   echo "ok: the flash kept its contents, one ROM write exit" ;;
  linux_image)     # An arm64 Linux Image (header with text_offset 0, "ARM\x64" magic, its first
                   # instruction branching over the header) boots at RAM base + text_offset, on
                   # the bare board and in a VM: it prints I and powers off.
                   python3 -c "
import struct,sys
code=[0x52800925,0xd2a12006,0x390000c5,0x52800100,0x72b08000,0xd4000002,0x14000000]  # I to UART, SYSTEM_OFF
hdr=bytearray(64); struct.pack_into('<I',hdr,0,0x14000010); struct.pack_into('<QQ',hdr,8,0,64+4*len(code))
struct.pack_into('<I',hdr,0x38,0x644d5241)
sys.stdout.buffer.write(bytes(hdr)+b''.join(struct.pack('<I',w) for w in code))" >"$tmp/Image"
                   for h in none model; do
                     timeout 60 "$mtesim" run "$tmp/Image" --hypervisor $h >"$tmp/out" 2>"$tmp/err" || { echo "FAIL ($h): status $?"; cat "$tmp/err"; exit 1; }
                     [ "$(cat "$tmp/out")" = I ] || { echo "FAIL ($h): printed '$(cat "$tmp/out")'"; exit 1; }
                   done
                   echo "ok: the Image booted on both" ;;
  vm_mte1)         words 14000000 >"$tmp/loop.bin"; expect 1 "--mte 1.*--hypervisor none" -- run "$tmp/loop.bin" --mte 1 ;;
  # RAM without tag storage in a VM with MTE is mapped NoTagAccess; a tag access to it
  # gets the VMM's policy. $3 the guest (mte_no_tag_storage.elf), $4 its config.
  notagaccess_kill)
                   timeout 60 "$mtesim" run "$3" --mte max --config "$4" >"$tmp/out" 2>"$tmp/err"
                   [ $? = 2 ] || { echo "FAIL: expected status 2"; cat "$tmp/err"; exit 1; }
                   [ "$(wc -l <"$tmp/err")" = 1 ] && grep -qE "tag write to IPA 0x4ff00000.*NoTagAccess.*killed" "$tmp/err" || { echo "FAIL:"; cat "$tmp/err"; exit 1; }
                   # Everything up to the fault was printed, nothing after it.
                   grep -q "TCF = sync" "$tmp/out" && ! grep -q "stg tag 5" "$tmp/out" || { echo "FAIL:"; cat "$tmp/out"; exit 1; }
                   echo "ok: $(cat "$tmp/err")" ;;
  notagaccess_remap)
                   timeout 60 "$mtesim" run "$3" --mte max --config "$4" --notagaccess-policy remap --stats "$tmp/s.json" >"$tmp/out" 2>"$tmp/err" || { echo "FAIL: status $?"; cat "$tmp/err"; exit 1; }
                   # The page now has tags: what STG wrote, LDG reads back.
                   grep -q "ldg: tags of NTS + 0xf0 .. + 0x12f = 0x0000000000005550" "$tmp/out" || { echo "FAIL:"; cat "$tmp/out"; exit 1; }
                   python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['vmm']['notagaccess_faults'] >= 1 and d['hypervisor']['vm']['faults_notagaccess'] >= 1, d" "$tmp/s.json" || exit 1
                   echo "ok: remapped" ;;
  notagaccess_sea)
                   timeout 60 "$mtesim" run "$3" --mte max --config "$4" --notagaccess-policy sea --max-insns 20000000 --stats "$tmp/s.json" >"$tmp/out" 2>"$tmp/err"
                   [ $? = 3 ] || { echo "FAIL: expected the guest to retry until --max-insns"; cat "$tmp/err"; exit 1; }
                   python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['hypervisor']['ext_abort_injected'] >= 1, d" "$tmp/s.json" || exit 1
                   echo "ok: external aborts injected" ;;
  *) echo "unknown case $case_name"; exit 2 ;;
esac
