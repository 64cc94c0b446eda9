// Scenarios in files of their own (main.cpp dispatches to them by name).
#pragma once
#include <string>

namespace hyp_run {

struct GuestVm;
// main.cpp: runs the VM from vCPU 0 until it powers off (the run must end by itself);
// an image guest then prints `expected` and ends with SYSTEM_OFF.
void RunVm(GuestVm& g);
void ImageGuest(GuestVm& g, const std::string& elf, const std::string& expected);

// swap_scenarios.cpp: an image guest under swap stress (the guest's working set swapped
// out every `interval_us` of simulated time); `policy` "range" or "clock".
int SwapStress(const std::string& elf, const std::string& expected, const std::string& policy);
// migration_scenarios.cpp: an image guest run unmigrated (its end time printed), or
// live-migrated from PE 0 to PE 1 while it runs. `mode` "precopy" or "postcopy",
// `transport` "with-page" or "separate"; the migration starts with the run, and the
// source stops once the guest has printed `switch_after_lines` lines.
int Unmigrated(const std::string& elf, const std::string& expected);
int Migrate(const std::string& elf, const std::string& expected, const std::string& mode, const std::string& transport,
            unsigned switch_after_lines);
// vgic_scenarios.cpp: an interrupt-controller conformance guest (tests/guests/irq) in a VM
// with a vGIC of `version` and `vcpus` vCPUs on as many PEs prints the bare run's expected
// bytes. With `min_asleep` > 0, the last PE must have spent at least that many simulated
// seconds in WFI (a vCPU woken from WFI by its timer through the host GIC and the vGIC).
int IrqGuest(const std::string& elf, const std::string& expected, unsigned version, unsigned vcpus,
             double min_asleep = 0);

// timeslice_scenarios.cpp: two vCPUs of an MTE VM time-sliced on one PE each keep their
// own MTE registers (GCR_EL1, RGSR_EL1, TFSR_EL1, TFSRE0_EL1) across many switches.
int TimesliceMteState();
// side_by_side_scenarios.cpp: two VMs (A without MTE, B with MTE3) of one hypervisor on
// two PEs at once, each printing its image's expected output.
int TwoVmsSideBySide(const std::string& elf_a, const std::string& expected_a, const std::string& elf_b,
                     const std::string& expected_b);

// isolation_scenarios.cpp: VM A (guests/isolation_probe) probes its whole IPA space by
// every kind of access and stage-1 walk while VM B (`elf_b`) runs beside it with a secret
// in its RAM and tags; A never reads it, B's data, tags and console are untouched. `kind`
// picks A's last access, one the hypervisor cannot emulate (0..12, see probe.c).
int IsolationProbe(const std::string& probe_elf, const std::string& elf_b, const std::string& expected_b,
                   unsigned kind);

// stress_scenarios.cpp: an image guest live-migrated while source and destination are
// swapped to a tiny resident limit, beside an unswapped, unmigrated reference run: the
// destination's final memory and tags equal the reference's bit for bit. `seed` picks
// the mode, transport, switch-over point, limits and intervals.
int MigrateUnderSwap(const std::string& elf, const std::string& expected, unsigned seed);

// seam_scenarios.cpp: an observer on the PE's memory-access seam sees every kind of
// physical access (fetch, data, tags, Tag Checked data, stage-1 and stage-2 walks).
int SeamReportsEveryKind(const std::string& elf, const std::string& expected);

}  // namespace hyp_run
