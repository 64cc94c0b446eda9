// Runs vCPUs on PEs through the hypervisor model: `hypervisor_run_tests SCENARIO [ARGS]`,
// one scenario per process (SystemC elaborates once). Exit status 0 when every check of
// the scenario holds; each failed check is printed.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include <systemc>

#include "a64.h"
#include "run_checks.h"
#include "scenarios.h"
#include "guest_vm.h"
#include "models/hypervisor/kvm_api.h"
#include "models/hypervisor/host_memory.h"
#include "models/hypervisor/kvm_errors.h"
#include "models/hypervisor/policies/notagaccess_policy.h"
#include "models/platform/psci.h"

namespace hyp_run {
using namespace mtesim::hyp;

// Runs the VM from vCPU 0 until it powers off; the run must end by itself.
void RunVm(GuestVm& g) {
  g.runner->Start(*g.vm->GetVcpu(0));
  const bool ended = g.board.Run();
  CHECK(ended);
  if (!ended) std::fprintf(stderr, "run did not end: %s\n", g.board.stop_reason().c_str());
}

// An image guest prints what the bare `mtesim run` prints (the reviewed expectation of
// tests/guests/expected/) and ends with SYSTEM_OFF as a system-event exit.
void ImageGuest(GuestVm& g, const std::string& elf, const std::string& expected) {
  g.ResetVcpu(0, g.LoadElf(elf));
  RunVm(g);
  CHECK(g.vmm.console == ReadFile(expected));
  if (g.vmm.console != ReadFile(expected)) std::fprintf(stderr, "console:\n%s", g.vmm.console.c_str());
  CHECK_EQ(g.vmm.system_events.size(), 1u);
  if (!g.vmm.system_events.empty()) CHECK_EQ(g.vmm.system_events.back(), KVM_SYSTEM_EVENT_SHUTDOWN);
  CHECK(g.vmm.internal_errors.empty());
  CHECK(g.vmm.memory_faults.empty());
}

namespace {

namespace psci = mtesim::models::psci;

int Hello(const std::string& elf, const std::string& expected) {
  HostBoard board(1, Mte(3));
  GuestVm g(board, kMteLevelOff, 32 * kMiB, 1);
  ImageGuest(g, elf, expected);
  CHECK(g.vm->stats().faults_mapped() > 0);              // RAM was mapped lazily
  CHECK_EQ(g.runner->stats().mmio_exits(), g.vmm.mmio.size());  // console through MMIO exits
  return failures;
}

// Lazy mapping: the first run faults each touched page in; a second run of the same
// image in the same VM finds them mapped and takes stage-2 faults only for MMIO.
int Lazy(const std::string& elf, const std::string& expected) {
  HostBoard board(1, Mte(3));
  GuestVm g(board, kMteLevelOff, 32 * kMiB, 1);
  ImageGuest(g, elf, expected);
  const uint64_t mapped = g.vm->stats().faults_mapped();
  // The run loop's counters are handles into the statistics: read the values.
  const uint64_t first_faults = g.runner->stats().stage2_faults(), first_mmio = g.runner->stats().mmio_exits();
  CHECK(mapped > 0);
  CHECK_EQ(first_faults, mapped + first_mmio);
  g.vmm = TestVmm{};
  ImageGuest(g, elf, expected);  // reloads the image (its data was written) and reruns
  const uint64_t second_faults = g.runner->stats().stage2_faults(), second_mmio = g.runner->stats().mmio_exits();
  CHECK_EQ(g.vm->stats().faults_mapped(), mapped);
  CHECK_EQ(second_faults - first_faults, second_mmio - first_mmio);
  CHECK_EQ(second_mmio - first_mmio, first_mmio);
  std::printf("pages mapped %llu, stage-2 faults %llu then %llu (MMIO only)\n",
              static_cast<unsigned long long>(mapped), static_cast<unsigned long long>(first_faults),
              static_cast<unsigned long long>(second_faults - first_faults));
  return failures;
}

// The host rewrites a guest code page between two runs (as a VMM loading an image, or a
// page swapped or migrated in, does): the second run executes the new code, not the
// instructions the PE decoded from the old one.
int HostRewritesCode() {
  HostBoard board(1, Mte(3));
  GuestVm g(board, kMteLevelOff, 2 * kMiB, 1);
  using namespace a64;
  const auto program = [](uint64_t value) {
    std::vector<uint32_t> code;
    Mov64(code, 9, value);
    Mov64(code, 0, psci::kSystemOff);
    code.push_back(Hvc(0));
    return code;
  };
  g.WriteCode(kGuestRamBase, program(0x1111));
  g.ResetVcpu(0, kGuestRamBase);
  RunVm(g);
  CHECK_EQ(g.vm->GetVcpu(0)->state().x[9], 0x1111u);
  g.WriteCode(kGuestRamBase, program(0x2222));
  g.ResetVcpu(0, kGuestRamBase);
  RunVm(g);
  CHECK_EQ(g.vm->GetVcpu(0)->state().x[9], 0x2222u);
  return failures;
}

// MMIO loads complete into the register the syndrome names, sign- or zero-extended as
// SSE and SF say; a store carries the register's bytes; the PC moves past each access.
int MmioLoad() {
  HostBoard board(1, Mte(3));
  GuestVm g(board, kMteLevelOff, 2 * kMiB, 1);
  constexpr uint64_t kDevice = 0x0A000000;  // no memslot: MMIO
  using namespace a64;
  std::vector<uint32_t> code;
  Mov64(code, 1, kDevice);
  Mov64(code, 5, 0x1111111111111111ull);
  Mov64(code, 6, 0x2222222222222222ull);
  code.push_back(Ldrsb64(5, 1, 0));   // X5 = sext64(byte at kDevice)
  code.push_back(Ldrsh32(6, 1, 1));   // W6 = sext32(half at kDevice + 2), X6[63:32] = 0
  code.push_back(Ldr32(7, 1, 1));     // W7 = word at kDevice + 4, zero-extended
  code.push_back(Ldrb(31, 1, 12));    // to XZR: the value is dropped
  code.push_back(Str64(5, 1, 1));     // 8 bytes of X5 to kDevice + 8
  Mov64(code, 0, psci::kSystemOff);
  const uint64_t hvc_at = kGuestRamBase + 4 * code.size();
  code.push_back(Hvc(0));
  g.WriteCode(kGuestRamBase, code);
  g.ResetVcpu(0, kGuestRamBase);
  RunVm(g);
  const VcpuState& s = g.vm->GetVcpu(0)->state();
  const auto pattern = [](uint64_t address, unsigned len) {
    uint64_t v = 0;
    for (unsigned i = 0; i < len; ++i) v |= uint64_t{TestVmm::PatternByte(address, i)} << (8 * i);
    return v;
  };
  CHECK_EQ(s.x[5], 0xFFFFFFFFFFFFFF00ull | pattern(kDevice, 1));
  CHECK_EQ(s.x[6], 0xFFFF0000ull | pattern(kDevice + 2, 2));
  CHECK_EQ(s.x[7], pattern(kDevice + 4, 4));
  CHECK_EQ(g.vmm.mmio.size(), 5u);
  if (g.vmm.mmio.size() == 5) {
    CHECK_EQ(g.vmm.mmio[0].phys_addr, kDevice);
    CHECK_EQ(g.vmm.mmio[0].len, 1u);
    CHECK_EQ(g.vmm.mmio[1].len, 2u);
    CHECK_EQ(g.vmm.mmio[2].len, 4u);
    const KvmRunMmio& st = g.vmm.mmio[4];
    CHECK_EQ(st.phys_addr, kDevice + 8);
    CHECK_EQ(st.len, 8u);
    CHECK_EQ(unsigned{st.is_write}, 1u);
    uint64_t stored = 0;
    std::memcpy(&stored, st.data, 8);
    CHECK_EQ(stored, s.x[5]);
  }
  CHECK_EQ(s.pc, hvc_at + 4);  // saved at the SYSTEM_OFF exit: after the HVC
  CHECK_EQ(g.vmm.system_events.size(), 1u);
  return failures;
}

// MMIO without an instruction syndrome (a load pair): KVM cannot emulate it and KVM_RUN
// ends with an internal error (ENOSYS); the vCPU does not run on.
int MmioWithoutSyndrome() {
  HostBoard board(1, Mte(3));
  GuestVm g(board, kMteLevelOff, 2 * kMiB, 1);
  using namespace a64;
  std::vector<uint32_t> c;
  Mov64(c, 1, 0x0A000000);
  const uint64_t ldp_at = kGuestRamBase + 4 * c.size();
  c.push_back(0xA9400C22);  // LDP X2, X3, [X1]
  Mov64(c, 0, psci::kSystemOff);
  c.push_back(Hvc(0));
  g.WriteCode(kGuestRamBase, c);
  g.ResetVcpu(0, kGuestRamBase);
  RunVm(g);
  CHECK_EQ(g.vmm.internal_errors.size(), 1u);
  if (!g.vmm.internal_errors.empty()) {
    CHECK_EQ(g.vmm.internal_errors[0].first, KVM_INTERNAL_ERROR_EMULATION);
    CHECK_EQ(g.vmm.internal_errors[0].second, kENOSYS);
  }
  CHECK(g.vmm.mmio.empty());
  CHECK(g.vmm.system_events.empty());
  CHECK_EQ(g.vm->GetVcpu(0)->state().pc, ldp_at);  // stopped at the access
  return failures;
}

// Dirty logging while the guest runs: the VMM's KVM_GET_DIRTY_LOG (at a doorbell MMIO
// exit) write-protects the written page again and must reach the PE's TLB, so the
// guest's next write to it faults and is logged again.
int DirtyLogWhileRunning() {
  HostBoard board(1, Mte(3));
  GuestVm g(board, kMteLevelOff, 2 * kMiB, 1);
  CHECK_EQ(g.SetRamFlags(KVM_MEM_LOG_DIRTY_PAGES), 0);
  using namespace a64;
  constexpr uint64_t kDataPage = 16, kDoorbell = 0x0A000000;
  std::vector<uint32_t> c;
  Mov64(c, 1, kGuestRamBase + (kDataPage << 12));
  Mov64(c, 9, kDoorbell);
  for (int round = 0; round < 3; ++round) {
    c.push_back(Str64(2, 1, 0));  // dirty the data page
    c.push_back(Str64(2, 9, 0));  // ring: the VMM collects the log
  }
  Mov64(c, 0, psci::kSystemOff);
  c.push_back(Hvc(0));
  g.WriteCode(kGuestRamBase, c);
  std::vector<uint64_t> logs;
  g.vmm.on_mmio = [&](KvmRunMmio& m) {
    if (m.phys_addr != kDoorbell) return;
    std::vector<uint64_t> bitmap(2 * kMiB / 4096 / 64);
    CHECK_EQ(g.vm->GetDirtyLog(0, bitmap.data()), 0);
    logs.push_back(bitmap[0]);
  };
  g.ResetVcpu(0, kGuestRamBase);
  RunVm(g);
  CHECK_EQ(logs.size(), 3u);
  for (uint64_t word : logs) CHECK_EQ(word, uint64_t{1} << kDataPage);  // the code page is only read
  CHECK_EQ(g.vm->stats().faults_dirty_logged(), 2u);  // the first write mapped the page (and logged it)
  return failures;
}

// PSCI in the hypervisor: VERSION, FEATURES, CPU_ON of a second vCPU (SUCCESS, then
// ALREADY_ON), AFFINITY_INFO until it turns itself off with CPU_OFF, INVALID_PARAMETERS
// for a vCPU that does not exist, NOT_SUPPORTED for an unknown function, the same over a
// trapped SMC, and SYSTEM_OFF as a system-event exit.
int Psci() {
  HostBoard board(2, Mte(3));
  GuestVm g(board, kMteLevelOff, 2 * kMiB, 2);
  using namespace a64;
  constexpr uint64_t kSecondary = kGuestRamBase + 0x1000, kContext = 0x1234;
  std::vector<uint32_t> c;
  // (SMC is UNDEFINED in the VM, as on the machine without EL3: guest.exc_undef shows it.)
  const auto call = [&c](uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3, unsigned save_to) {
    Mov64(c, 0, fid);
    Mov64(c, 1, a1);
    Mov64(c, 2, a2);
    Mov64(c, 3, a3);
    c.push_back(Hvc(0));
    c.push_back(MovReg(save_to, 0));
  };
  call(psci::kVersion, 0, 0, 0, 19);
  call(psci::kFeatures, psci::kCpuOn64, 0, 0, 20);
  call(psci::kCpuOn64, 1, kSecondary, kContext, 21);
  call(psci::kCpuOn64, 1, kSecondary, kContext, 22);  // ALREADY_ON
  call(psci::kCpuOn64, 7, kSecondary, kContext, 23);  // no such vCPU
  call(0x8400FFFF, 0, 0, 0, 24);                      // unknown function
  // Wait for vCPU 1 to turn itself off: AFFINITY_INFO reads ON (0) until then.
  const size_t wait = c.size();
  call(psci::kAffinityInfo64, 1, 0, 0, 26);
  c.push_back(Cbz(0, static_cast<int>(wait) - static_cast<int>(c.size())));
  Mov64(c, 0, psci::kSystemOff);
  c.push_back(Hvc(0));
  g.WriteCode(kGuestRamBase, c);
  // vCPU 1: keep the context id, then CPU_OFF.
  std::vector<uint32_t> second{MovReg(20, 0)};
  Mov64(second, 0, psci::kCpuOff);
  second.push_back(Hvc(0));
  g.WriteCode(kSecondary, second);
  g.ResetVcpu(0, kGuestRamBase);
  RunVm(g);
  const VcpuState& s0 = g.vm->GetVcpu(0)->state();
  CHECK_EQ(s0.x[19], 0x10001ull);
  CHECK_EQ(s0.x[20], uint64_t{psci::kSuccess});
  CHECK_EQ(s0.x[21], uint64_t{psci::kSuccess});
  CHECK_EQ(s0.x[22], static_cast<uint64_t>(psci::kAlreadyOn));
  CHECK_EQ(s0.x[23], static_cast<uint64_t>(psci::kInvalidParameters));
  CHECK_EQ(s0.x[24], static_cast<uint64_t>(psci::kNotSupported));
  CHECK_EQ(s0.x[26], 1ull);  // AFFINITY_INFO: OFF
  const VcpuState& s1 = g.vm->GetVcpu(1)->state();
  CHECK_EQ(s1.x[20], kContext);
  CHECK_EQ(s1.pc, kSecondary + 4 * second.size());  // stopped after its CPU_OFF
  CHECK_EQ(g.vmm.system_events.size(), 1u);
  CHECK(!g.runner->running(*g.vm->GetVcpu(0)) && !g.runner->running(*g.vm->GetVcpu(1)));
  return failures;
}

// The MTE registers with MTE off (HCR_EL2.ATA = 0): the access traps to EL2 and the
// guest gets an UNDEF at its EL1 vector (ESR_EL1 EC 0, ELR_EL1 the MRS), as KVM injects;
// ID_AA64PFR1_EL1 (TID3, emulated) shows no MTE. With MTE on, GCR_EL1 reads normally and
// the guest sees the VM's MTE level.
int MteRegisters(bool mte_on) {
  HostBoard board(1, Mte(3));
  GuestVm g(board, mte_on ? kMteLevel3 : kMteLevelOff, 2 * kMiB, 1);
  using namespace a64;
  constexpr uint64_t kVectors = kGuestRamBase + 0x800;
  std::vector<uint32_t> c;
  Mov64(c, 1, kVectors);
  c.push_back(Msr(kVbarEl1, 1));
  c.push_back(Mrs(4, kIdAa64pfr1El1));
  Mov64(c, 2, 0x5555);
  const uint64_t mrs_at = kGuestRamBase + 4 * c.size();
  c.push_back(Mrs(2, kGcrEl1));
  Mov64(c, 0, psci::kSystemOff);
  c.push_back(Hvc(0));
  g.WriteCode(kGuestRamBase, c);
  // The current-EL-with-SP_ELx synchronous vector: record ESR_EL1 and ELR_EL1, power off.
  std::vector<uint32_t> handler{Mrs(3, kEsrEl1), Mrs(5, kElrEl1)};
  Mov64(handler, 0, psci::kSystemOff);
  handler.push_back(Hvc(0));
  g.WriteCode(kVectors + 0x200, handler);
  g.ResetVcpu(0, kGuestRamBase);
  RunVm(g);
  const VcpuState& s = g.vm->GetVcpu(0)->state();
  CHECK_EQ(g.vmm.system_events.size(), 1u);
  if (mte_on) {
    CHECK_EQ((s.x[4] >> 8) & 0xF, 3ull);
    CHECK_EQ(s.x[2], 0ull);  // GCR_EL1 reset value, read without a trap
    CHECK_EQ(g.runner->stats().undef_injected(), 0ull);
  } else {
    CHECK_EQ((s.x[4] >> 8) & 0xF, 0ull);
    CHECK_EQ(s.x[3], uint64_t{1} << 25);  // EC 0 (Unknown), IL
    CHECK_EQ(s.x[5], mrs_at);
    CHECK_EQ(s.x[2], 0x5555ull);  // the MRS did not complete
    CHECK_EQ(g.runner->stats().undef_injected(), 1ull);
  }
  return failures;
}

// A tag access to a NoTagAccess page (a memslot without tag storage in an MTE VM with
// KVM_CAP_ARM_MTE_PERM): data accesses map and complete, the STG ends KVM_RUN with a
// memory-fault exit naming the page, the tag access and the direction.
int NoTagAccess() {
  HostBoard board(1, Mte(3));
  GuestVm g(board, kMteLevel3, 2 * kMiB, 1, true);
  constexpr uint64_t kNoTagIpa = 0x50000000;
  CHECK_EQ(g.AddUntaggedSlot(1, kNoTagIpa, kMiB), 0);
  using namespace a64;
  // Stage 1 on (Tagged memory needs MAIR 0xF0): one 1 GiB block maps [1 GiB, 2 GiB) flat.
  constexpr uint64_t kTable = kGuestRamBase + 0x4000;
  std::vector<uint32_t> table(2 * 512, 0);  // 512 descriptors as 32-bit halves
  table[2] = 0x40000701;                    // L1[1]: block at 1 GiB, AF, inner shareable, attr 0
  g.WriteCode(kTable, table);
  std::vector<uint32_t> c;
  const uint64_t tcr = 25 | 1u << 8 | 1u << 10 | 3u << 12 | 1u << 23 | uint64_t{2} << 32;  // 39-bit VA, 4K, no TTBR1
  const uint64_t sctlr = 0x30D00800ull | 1 | 1u << 2 | 1u << 12 | uint64_t{1} << 43;         // M, C, I, ATA
  Mov64(c, 1, 0xF0);
  c.push_back(Msr(kMairEl1, 1));
  Mov64(c, 1, tcr);
  c.push_back(Msr(kTcrEl1, 1));
  Mov64(c, 1, kTable);
  c.push_back(Msr(kTtbr0El1, 1));
  c.push_back(kIsb);
  Mov64(c, 1, sctlr);
  c.push_back(Msr(kSctlrEl1, 1));
  c.push_back(kIsb);
  Mov64(c, 1, kNoTagIpa);
  c.push_back(Ldr64(3, 1, 0));
  c.push_back(Str64(3, 1, 1));
  const uint64_t stg_at = kGuestRamBase + 4 * c.size();
  c.push_back(Stg(1, 1));
  Mov64(c, 0, psci::kSystemOff);
  c.push_back(Hvc(0));
  g.WriteCode(kGuestRamBase, c);
  g.ResetVcpu(0, kGuestRamBase);
  RunVm(g);
  CHECK_EQ(g.vmm.memory_faults.size(), 1u);
  if (!g.vmm.memory_faults.empty()) {
    const KvmMemoryFault& f = g.vmm.memory_faults[0];
    CHECK_EQ(f.flags, KVM_MEMORY_EXIT_FLAG_TAG_ACCESS | KVM_MEMORY_EXIT_FLAG_WRITE);
    CHECK_EQ(f.gpa, kNoTagIpa);
    CHECK_EQ(f.size, 4096ull);
  }
  CHECK_EQ(g.vm->stats().faults_notagaccess(), 1ull);
  CHECK(g.vmm.system_events.empty());
  CHECK(g.vmm.internal_errors.empty());
  CHECK_EQ(g.vm->GetVcpu(0)->state().pc, stg_at);  // the STG did not complete
  return failures;
}

// The NoTagAccess-fault policies (models/hypervisor/policies/notagaccess_policy.h): the
// same guest as `notagaccess`, with data in the page before the fault, meets each policy.
enum class Policy { Kill, Remap, InjectSea };
constexpr uint64_t kPolicyNoTagIpa = 0x50000000, kSeaDoorbell = 0x0A000000;
constexpr uint64_t kGuestData = 0xCAFEF00DDEADBEEFull, kVmmData = 0x1122334455667788ull;
constexpr uint64_t kStoredTag = 7;

uint64_t MmioValue(const KvmRunMmio& m) {
  uint64_t v = 0;
  for (unsigned i = 0; i < m.len; ++i) v |= uint64_t{m.data[i]} << (8 * i);
  return v;
}

int NoTagAccessPolicyScenario(Policy policy) {
  HostBoard board(1, Mte(3));
  GuestVm g(board, kMteLevel3, 2 * kMiB, 1, true);
  CHECK_EQ(g.AddUntaggedSlot(1, kPolicyNoTagIpa, kMiB), 0);
  const uint64_t old_backing = g.vm->FindMemslot(kPolicyNoTagIpa)->HostAddress(kPolicyNoTagIpa);
  board.memory().WriteU64(old_backing + 0x20, kVmmData);  // the VMM's data in the page
  RemapTagCapablePolicy remap(*g.vm, board.memory(), board.pages());
  InjectSeaPolicy inject;
  std::unique_ptr<NoTagAccessPolicy> fallback = DefaultNoTagAccessPolicy();  // kill
  g.vmm.notagaccess_policy = policy == Policy::Kill ? fallback.get()
                             : policy == Policy::Remap ? static_cast<NoTagAccessPolicy*>(&remap)
                                                       : static_cast<NoTagAccessPolicy*>(&inject);
  using namespace a64;
  // Stage 1: L1[0] maps [0, 1 GiB) as Device (the doorbell), L1[1] [1 GiB, 2 GiB) Tagged.
  constexpr uint64_t kTable = kGuestRamBase + 0x4000, kVectors = kGuestRamBase + 0x2000;
  std::vector<uint32_t> table(2 * 512, 0);
  table[0] = 0x00000405;  // L1[0]: block at 0, AF, attr 1 (Device-nGnRnE)
  table[2] = 0x40000701;  // L1[1]: block at 1 GiB, AF, inner shareable, attr 0
  g.WriteCode(kTable, table);
  // EL1h synchronous vector: report ESR/ELR/FAR through the doorbell, skip the access.
  std::vector<uint32_t> h;
  h.push_back(Mrs(10, kEsrEl1));
  h.push_back(Mrs(11, kElrEl1));
  h.push_back(Mrs(12, kFarEl1));
  Mov64(h, 20, kSeaDoorbell);
  h.push_back(Str64(10, 20, 0));
  h.push_back(Str64(11, 20, 1));
  h.push_back(Str64(12, 20, 2));
  h.push_back(AddImm(11, 11, 4));
  h.push_back(Msr(kElrEl1, 11));
  h.push_back(kEret);
  g.WriteCode(kVectors + 0x200, h);
  std::vector<uint32_t> c;
  const uint64_t tcr = 25 | 1u << 8 | 1u << 10 | 3u << 12 | 1u << 23 | uint64_t{2} << 32;
  const uint64_t sctlr = 0x30D00800ull | 1 | 1u << 2 | 1u << 12 | uint64_t{1} << 43;
  Mov64(c, 1, 0xF0);  // attr 0 Tagged, attr 1 Device-nGnRnE
  c.push_back(Msr(kMairEl1, 1));
  Mov64(c, 1, tcr);
  c.push_back(Msr(kTcrEl1, 1));
  Mov64(c, 1, kTable);
  c.push_back(Msr(kTtbr0El1, 1));
  Mov64(c, 1, kVectors);
  c.push_back(Msr(kVbarEl1, 1));
  c.push_back(kIsb);
  Mov64(c, 1, sctlr);
  c.push_back(Msr(kSctlrEl1, 1));
  c.push_back(kIsb);
  Mov64(c, 1, kPolicyNoTagIpa);
  Mov64(c, 5, kGuestData);
  c.push_back(Str64(5, 1, 0));  // data written before the fault
  Mov64(c, 2, kPolicyNoTagIpa | kStoredTag << 56);
  const uint64_t stg_at = kGuestRamBase + 4 * c.size();
  c.push_back(Stg(2, 1));
  c.push_back(Movz(9, 1, 0));  // the instruction after the STG
  c.push_back(MovReg(6, 1));
  c.push_back(Ldg(6, 1, 0));
  c.push_back(Ldr64(7, 1, 0));
  c.push_back(Ldr64(8, 1, 4));
  Mov64(c, 0, psci::kSystemOff);
  c.push_back(Hvc(0));
  g.WriteCode(kGuestRamBase, c);
  g.ResetVcpu(0, kGuestRamBase);
  RunVm(g);
  const VcpuState& s = g.vm->GetVcpu(0)->state();
  // With the abort injected the guest skips the STG and then meets the LDG: two faults.
  const uint64_t faults = policy == Policy::InjectSea ? 2 : 1;
  CHECK_EQ(g.vmm.memory_faults.size(), faults);
  for (const KvmMemoryFault& f : g.vmm.memory_faults) CHECK_EQ(f.gpa, kPolicyNoTagIpa);
  CHECK_EQ(g.vm->stats().faults_notagaccess(), faults);
  CHECK(g.vmm.internal_errors.empty());
  CHECK(!g.runner->running(*g.vm->GetVcpu(0)));
  switch (policy) {
    case Policy::Kill:
      CHECK(g.vmm.system_events.empty());
      CHECK_EQ(s.pc, stg_at);     // stopped at the STG
      CHECK_EQ(s.x[9], 0ull);     // the next instruction never ran
      CHECK(g.vmm.mmio.empty());  // nor did a handler
      break;
    case Policy::Remap: {
      CHECK_EQ(g.vmm.system_events.size(), 1u);
      CHECK_EQ(remap.remapped(), 1ull);
      CHECK_EQ(s.x[9], 1ull);                     // the STG completed and the guest ran on
      CHECK_EQ((s.x[6] >> 56) & 0xF, kStoredTag);  // LDG reads the tag the STG stored
      CHECK_EQ(s.x[7], kGuestData);               // the guest's data survived the move
      CHECK_EQ(s.x[8], kVmmData);
      const Memslot* slot = g.vm->FindMemslot(kPolicyNoTagIpa);
      CHECK(slot && slot->tag_capable);
      if (slot) {
        const uint64_t pa = slot->HostAddress(kPolicyNoTagIpa);
        CHECK(pa != old_backing);
        CHECK(board.memory().HasTagStorage(pa, kPageBytes));
        uint8_t tags[2] = {0xFF, 0xFF};
        CHECK(board.memory().ReadTags(pa, 32, tags));
        CHECK_EQ(unsigned{tags[0]}, unsigned{kStoredTag});
        CHECK_EQ(unsigned{tags[1]}, 0u);  // sanitised: the rest of the page is tag 0
      }
      // The rest of the old slot is still there, on its old backing and still untagged.
      const Memslot* above = g.vm->FindMemslot(kPolicyNoTagIpa + kPageBytes);
      CHECK(above && !above->tag_capable);
      if (above) CHECK_EQ(above->HostAddress(kPolicyNoTagIpa + kPageBytes), old_backing + kPageBytes);
      CHECK(g.vmm.mmio.empty());
      break;
    }
    case Policy::InjectSea:
      CHECK_EQ(g.vmm.system_events.size(), 1u);
      CHECK_EQ(g.runner->stats().ext_abort_injected(), 2ull);
      CHECK_EQ(g.vmm.mmio.size(), 6u);  // ESR, ELR, FAR for the STG, then for the LDG
      for (size_t i = 0; i + 3 <= g.vmm.mmio.size() && i < 6; i += 3) {
        const uint64_t esr = MmioValue(g.vmm.mmio[i]);
        CHECK_EQ(g.vmm.mmio[i].phys_addr, kSeaDoorbell);
        CHECK_EQ(esr >> 26 & 0x3F, 0x25ull);  // Data Abort, current EL
        CHECK_EQ(esr & 0x3F, 0x10ull);        // synchronous external abort
        CHECK_EQ(MmioValue(g.vmm.mmio[i + 1]), stg_at + (i == 0 ? 0 : 12));  // the STG, then the LDG
        CHECK_EQ(MmioValue(g.vmm.mmio[i + 2]), kPolicyNoTagIpa);
      }
      CHECK_EQ(s.x[9], 1ull);         // the guest continued after its handler
      CHECK_EQ(s.x[7], kGuestData);   // data accesses to the page still work
      CHECK_EQ(s.x[8], kVmmData);
      CHECK(!g.vm->FindMemslot(kPolicyNoTagIpa)->tag_capable);
      break;
  }
  return failures;
}

int MteImage(const std::string& elf, const std::string& expected) {
  HostBoard board(1, Mte(3));
  GuestVm g(board, kMteLevel3, 32 * kMiB, 1);
  ImageGuest(g, elf, expected);
  CHECK(g.vm->stats().pages_sanitised() > 0);
  return failures;
}


// --- MTE end to end: guests with stage 1 on and Tagged memory, checked against the rules
// of /work/shared/hypervisor.md. Layout of the RAM slot (IPA = kGuestRamBase + offset):
// code at page 0 (a second run's code at page 1), the EL1 vectors at +0x800, the stage-1
// table at page 4, data pages from kDataPage on. The doorbell is MMIO (no memslot).
constexpr uint64_t kMteTable = kGuestRamBase + 0x4000, kMteVectors = kGuestRamBase + 0x800;
constexpr uint64_t kDoorbell = 0x0A000000;
constexpr uint64_t kDataPage = 16;
constexpr uint64_t DataIpa(uint64_t page, uint64_t granule = 0) {
  return kGuestRamBase + ((kDataPage + page) << 12) + 16 * granule;
}
constexpr uint64_t Tagged(uint64_t address, uint64_t tag) { return address | tag << 56; }
constexpr uint64_t TagOf(uint64_t pointer) { return (pointer >> 56) & 0xF; }

// Emits the guest's MMU setup: L1[0] maps [0, 1 GiB) as Device-nGnRnE (the doorbell),
// L1[1] maps [1 GiB, 2 GiB) flat as Tagged Normal memory (MAIR 0xF0); TBI0 so pointers
// carry logical tags; SCTLR_EL1.ATA for tag access and TCF = synchronous tag check faults.
// The synchronous vector (current EL, SP_ELx) reports ESR_EL1 and FAR_EL1 through the
// doorbell (+8, +16) and powers off.
void MteGuestPrologue(GuestVm& g, std::vector<uint32_t>& c) {
  using namespace a64;
  std::vector<uint32_t> table(2 * 512, 0);
  table[0] = 0x00000405;  // L1[0]: block at 0, AF, AttrIndx 1 (Device)
  table[2] = 0x40000701;  // L1[1]: block at 1 GiB, AF, inner shareable, AttrIndx 0 (Tagged)
  g.WriteCode(kMteTable, table);
  std::vector<uint32_t> handler{Mrs(3, kEsrEl1), Mrs(4, kFarEl1)};
  Mov64(handler, 9, kDoorbell);
  handler.push_back(Str64(3, 9, 1));
  handler.push_back(Str64(4, 9, 2));
  Mov64(handler, 0, psci::kSystemOff);
  handler.push_back(Hvc(0));
  g.WriteCode(kMteVectors + 0x200, handler);
  const uint64_t tcr = 25 | 1u << 8 | 1u << 10 | 3u << 12 | 1u << 23 | uint64_t{2} << 32 | uint64_t{1} << 37;  // + TBI0
  const uint64_t sctlr = 0x30D00800ull | 1 | 1u << 2 | 1u << 12 | uint64_t{1} << 40 | uint64_t{1} << 43;  // TCF sync, ATA
  Mov64(c, 1, kMteVectors);
  c.push_back(Msr(kVbarEl1, 1));
  Mov64(c, 1, 0x00F0);  // attr 0 Tagged Normal, attr 1 Device-nGnRnE
  c.push_back(Msr(kMairEl1, 1));
  Mov64(c, 1, tcr);
  c.push_back(Msr(kTcrEl1, 1));
  Mov64(c, 1, kMteTable);
  c.push_back(Msr(kTtbr0El1, 1));
  c.push_back(kIsb);
  Mov64(c, 1, sctlr);
  c.push_back(Msr(kSctlrEl1, 1));
  c.push_back(kIsb);
  Mov64(c, 9, kDoorbell);
}

// Ends a guest: SYSTEM_OFF.
void PowerOff(std::vector<uint32_t>& c) {
  a64::Mov64(c, 0, psci::kSystemOff);
  c.push_back(a64::Hvc(0));
}

// LDG of `ipa` into Xrt: Xrt = ipa with the granule's allocation tag in bits [59:56].
void LoadTag(std::vector<uint32_t>& c, unsigned rt, uint64_t ipa) {
  a64::Mov64(c, rt, ipa);
  c.push_back(a64::Ldg(rt, rt, 0));
}

// Rule "first map": a page's tags are cleared the first time it is mapped into a guest
// (sanitise), once per host page, never again while it stays tagged.
int SanitiseVisible() {
  HostBoard board(1, Mte(3));
  GuestVm g(board, kMteLevel3, 2 * kMiB, 1);
  using namespace a64;
  // Stale tags left by the host's previous user of the backing pages (data pages 0..3).
  std::vector<uint8_t> stale(4 * kTagsPerPage, 0xA);
  CHECK(board.memory().WriteTags(g.backing + (kDataPage << 12), 4 * kPageBytes, stale.data()));
  // Run 1: read tags of never-mapped pages (first and last granule of page 0, one in page
  // 1); tag granule 0 of page 2 with 5 and read back it and its neighbour.
  std::vector<uint32_t> c;
  MteGuestPrologue(g, c);
  LoadTag(c, 19, DataIpa(0, 0));
  LoadTag(c, 20, DataIpa(0, 255));
  LoadTag(c, 21, DataIpa(1, 128));
  Mov64(c, 1, Tagged(DataIpa(2), 5));
  c.push_back(StgAt(1, 1, 0));
  LoadTag(c, 22, DataIpa(2, 0));
  LoadTag(c, 23, DataIpa(2, 1));
  PowerOff(c);
  g.WriteCode(kGuestRamBase, c);
  g.ResetVcpu(0, kGuestRamBase);
  RunVm(g);
  const VcpuState& s = g.vm->GetVcpu(0)->state();
  CHECK_EQ(TagOf(s.x[19]), 0ull);  // stale 0xA without the sanitise
  CHECK_EQ(TagOf(s.x[20]), 0ull);
  CHECK_EQ(TagOf(s.x[21]), 0ull);
  CHECK_EQ(TagOf(s.x[22]), 5ull);
  CHECK_EQ(TagOf(s.x[23]), 0ull);
  const uint64_t sanitised = g.vm->stats().pages_sanitised();
  CHECK_EQ(sanitised, 5ull);  // code, table and data pages 0, 1, 2
  // Delete the RAM slot (unmapping it at stage 2) and add it again: the next run maps
  // every page afresh, but the host pages stay PG_mte_tagged.
  KvmUserspaceMemoryRegion del;  // slot 0, memory_size 0: delete
  CHECK_EQ(g.vm->SetUserMemoryRegion(del), 0);
  CHECK_EQ(g.SetRamFlags(0), 0);
  CHECK(!g.vm->stage2().Lookup(DataIpa(2)).valid);
  // Run 2 (code at page 1): the guest's tag on page 2 survived the remap; page 3, mapped
  // for the first time now, is sanitised.
  g.vmm = TestVmm{};
  constexpr uint64_t kRun2 = kGuestRamBase + 0x1000;
  std::vector<uint32_t> c2;
  MteGuestPrologue(g, c2);
  LoadTag(c2, 19, DataIpa(2, 0));
  LoadTag(c2, 20, DataIpa(3, 7));
  LoadTag(c2, 21, DataIpa(0, 0));
  PowerOff(c2);
  g.WriteCode(kRun2, c2);
  g.ResetVcpu(0, kRun2);
  RunVm(g);
  CHECK_EQ(TagOf(s.x[19]), 5ull);  // 0 if the remap had sanitised it again
  CHECK_EQ(TagOf(s.x[20]), 0ull);
  CHECK_EQ(TagOf(s.x[21]), 0ull);
  CHECK_EQ(g.vm->stats().pages_sanitised() - sanitised, 2ull);  // only the new pages: code page 1, data page 3
  CHECK_EQ(g.vmm.system_events.size(), 1u);
  return failures;
}

// Rule "COPY_TAGS": FROM_GUEST returns the tags the guest stored (one per byte); TO_GUEST
// replaces them, and the guest's LDG and tag-checked loads see the new tags: a matching
// pointer tag loads, a mismatching one takes the synchronous tag check fault TCF selects.
int CopyTagsRoundtrip() {
  HostBoard board(1, Mte(3));
  GuestVm g(board, kMteLevel3, 2 * kMiB, 1);
  using namespace a64;
  constexpr uint64_t kData = 0x0123456789ABCDEFull;
  board.memory().Write(g.backing + (DataIpa(0, 1) - kGuestRamBase), reinterpret_cast<const uint8_t*>(&kData), 8);
  std::vector<uint32_t> c;
  MteGuestPrologue(g, c);
  Mov64(c, 1, Tagged(DataIpa(0, 0), 3));
  c.push_back(StgAt(1, 1, 0));  // granule 0: 3
  Mov64(c, 1, Tagged(DataIpa(0, 2), 7));
  c.push_back(St2g(1, 1, 0));   // granules 2, 3: 7
  Mov64(c, 1, Tagged(DataIpa(0, 0), 0xC));
  c.push_back(StgAt(1, 1, 5));  // granule 5: 0xC
  c.push_back(Str64(31, 9, 0));  // ring: the VMM swaps the tags
  LoadTag(c, 19, DataIpa(0, 0));
  LoadTag(c, 20, DataIpa(0, 1));
  LoadTag(c, 21, DataIpa(0, 2));
  LoadTag(c, 22, DataIpa(0, 5));
  Mov64(c, 1, Tagged(DataIpa(0, 1), 0x9));  // the tag the VMM gave granule 1
  c.push_back(Ldr64(23, 1, 0));
  Mov64(c, 1, Tagged(DataIpa(0, 1), 0x3));  // mismatch: tag check fault
  const uint64_t bad_load_at = kGuestRamBase + 4 * c.size();
  c.push_back(Ldr64(24, 1, 0));
  PowerOff(c);  // not reached
  g.WriteCode(kGuestRamBase, c);
  std::vector<uint8_t> from(kTagsPerPage, 0xFF);
  std::vector<uint8_t> to(kTagsPerPage);
  for (uint64_t i = 0; i < kTagsPerPage; ++i) to[i] = static_cast<uint8_t>((i + 8) & 0xF);  // granule 1: 9
  g.vmm.on_mmio = [&](KvmRunMmio& m) {
    if (m.phys_addr != kDoorbell) return;
    KvmArmCopyMteTags copy;
    copy.guest_ipa = DataIpa(0);
    copy.length = kPageBytes;
    copy.addr = from.data();
    copy.flags = KVM_ARM_TAGS_FROM_GUEST;
    CHECK_EQ(g.vm->CopyTags(copy), int64_t{4096});
    copy.addr = to.data();
    copy.flags = KVM_ARM_TAGS_TO_GUEST;
    CHECK_EQ(g.vm->CopyTags(copy), int64_t{4096});
  };
  g.ResetVcpu(0, kGuestRamBase);
  RunVm(g);
  std::vector<uint8_t> expected(kTagsPerPage, 0);
  expected[0] = 3, expected[2] = expected[3] = 7, expected[5] = 0xC;
  CHECK(from == expected);
  const VcpuState& s = g.vm->GetVcpu(0)->state();
  CHECK_EQ(TagOf(s.x[19]), 8ull);
  CHECK_EQ(TagOf(s.x[20]), 9ull);
  CHECK_EQ(TagOf(s.x[21]), 0xAull);
  CHECK_EQ(TagOf(s.x[22]), 0xDull);
  CHECK_EQ(s.x[23], kData);  // the matching load completed
  // The doorbell, then the fault handler's ESR_EL1 and FAR_EL1.
  CHECK_EQ(g.vmm.mmio.size(), 3u);
  if (g.vmm.mmio.size() == 3) {
    uint64_t esr = 0, far = 0;
    std::memcpy(&esr, g.vmm.mmio[1].data, 8);
    std::memcpy(&far, g.vmm.mmio[2].data, 8);
    CHECK_EQ(esr >> 26, 0x25ull);  // data abort from the current EL
    CHECK_EQ(esr & 0x3F, 0x11ull);  // DFSC: synchronous tag check fault
    CHECK_EQ(far & 0x00FFFFFFFFFFFFFFull, DataIpa(0, 1));
    CHECK_EQ(s.elr_el1, bad_load_at);
  }
  CHECK_EQ(g.vmm.system_events.size(), 1u);
  return failures;
}

// Rule "dirty logging": tag writes need stage-2 write permission, so a page whose tags
// changed is dirty although no data was stored. The guest rings the doorbell after each
// step; the VMM's GET_DIRTY_LOG (which also clears and write-protects) shows page
// kDataPage after each STG only.
int DirtyLogTagWrite() {
  HostBoard board(1, Mte(3));
  GuestVm g(board, kMteLevel3, 2 * kMiB, 1);
  CHECK_EQ(g.SetRamFlags(KVM_MEM_LOG_DIRTY_PAGES), 0);
  using namespace a64;
  std::vector<uint32_t> c;
  MteGuestPrologue(g, c);
  Mov64(c, 1, Tagged(DataIpa(0, 3), 6));
  Mov64(c, 2, Tagged(DataIpa(0, 4), 7));
  c.push_back(Str64(31, 9, 0));  // round 0: nothing written yet
  c.push_back(StgAt(1, 1, 0));   // tag write only (mapping the page)
  c.push_back(Str64(31, 9, 0));  // round 1: dirty
  c.push_back(Ldr64(3, 1, 0));   // a tag-checked read of it: not a write
  c.push_back(Str64(31, 9, 0));  // round 2: clean again
  c.push_back(StgAt(2, 2, 0));   // tag write to the now write-protected page
  c.push_back(Str64(31, 9, 0));  // round 3: dirty
  PowerOff(c);
  g.WriteCode(kGuestRamBase, c);
  std::vector<std::vector<uint64_t>> logs;
  g.vmm.on_mmio = [&](KvmRunMmio& m) {
    if (m.phys_addr != kDoorbell) return;
    std::vector<uint64_t> bitmap(2 * kMiB / kPageBytes / 64);
    CHECK_EQ(g.vm->GetDirtyLog(0, bitmap.data()), 0);
    logs.push_back(bitmap);
  };
  g.ResetVcpu(0, kGuestRamBase);
  RunVm(g);
  const std::vector<uint64_t> clean(2 * kMiB / kPageBytes / 64, 0);
  std::vector<uint64_t> dirty = clean;
  dirty[0] = uint64_t{1} << kDataPage;  // that page and no other
  CHECK_EQ(logs.size(), 4u);
  if (logs.size() == 4) {
    CHECK(logs[0] == clean);
    CHECK(logs[1] == dirty);
    CHECK(logs[2] == clean);
    CHECK(logs[3] == dirty);
  }
  uint64_t data = 1;
  board.memory().Read(g.backing + (kDataPage << 12), reinterpret_cast<uint8_t*>(&data), 8);
  CHECK_EQ(data, 0ull);  // no data store reached the page
  uint8_t tags[kTagsPerPage];
  board.memory().ReadTags(g.backing + (kDataPage << 12), kPageBytes, tags);
  CHECK_EQ(unsigned{tags[3]}, 6u);
  CHECK_EQ(unsigned{tags[4]}, 7u);
  CHECK_EQ(g.vm->stats().faults_dirty_logged(), 1u);  // the second STG (the first mapped the page)
  CHECK_EQ(g.vmm.system_events.size(), 1u);
  return failures;
}

// Rule "COPY_TAGS": to-guest while any memslot has dirty logging on is EBUSY, also while
// the guest runs (the VMM at a doorbell exit); the guest still reads its own tag. Once the
// VMM turns logging off, the same copy succeeds and the guest reads the VMM's tag.
int CopyTagsEbusyRunning() {
  HostBoard board(1, Mte(3));
  GuestVm g(board, kMteLevel3, 2 * kMiB, 1);
  CHECK_EQ(g.SetRamFlags(KVM_MEM_LOG_DIRTY_PAGES), 0);
  using namespace a64;
  std::vector<uint32_t> c;
  MteGuestPrologue(g, c);
  Mov64(c, 1, Tagged(DataIpa(0), 6));
  c.push_back(StgAt(1, 1, 0));
  c.push_back(Str64(31, 9, 0));  // ring 1: copy refused (logging)
  LoadTag(c, 19, DataIpa(0));
  c.push_back(Str64(31, 9, 0));  // ring 2: logging off, copy accepted
  LoadTag(c, 20, DataIpa(0));
  PowerOff(c);
  g.WriteCode(kGuestRamBase, c);
  std::vector<uint8_t> tags(kTagsPerPage, 9), from(kTagsPerPage, 0);
  std::vector<int64_t> results;
  g.vmm.on_mmio = [&](KvmRunMmio& m) {
    if (m.phys_addr != kDoorbell) return;
    if (results.size() == 1) CHECK_EQ(g.SetRamFlags(0), 0);
    KvmArmCopyMteTags copy;
    copy.guest_ipa = DataIpa(0);
    copy.length = kPageBytes;
    copy.addr = tags.data();
    copy.flags = KVM_ARM_TAGS_TO_GUEST;
    results.push_back(g.vm->CopyTags(copy));
    copy.addr = from.data();
    copy.flags = KVM_ARM_TAGS_FROM_GUEST;  // reading is always allowed
    CHECK_EQ(g.vm->CopyTags(copy), int64_t{4096});
  };
  g.ResetVcpu(0, kGuestRamBase);
  RunVm(g);
  CHECK_EQ(results.size(), 2u);
  if (results.size() == 2) {
    CHECK_EQ(results[0], int64_t{kEBUSY});
    CHECK_EQ(results[1], int64_t{4096});
  }
  const VcpuState& s = g.vm->GetVcpu(0)->state();
  CHECK_EQ(TagOf(s.x[19]), 6ull);  // the refused copy changed nothing
  CHECK_EQ(TagOf(s.x[20]), 9ull);
  CHECK_EQ(unsigned{from[0]}, 9u);
  CHECK_EQ(g.vmm.system_events.size(), 1u);
  return failures;
}

}  // namespace
}  // namespace hyp_run

int sc_main(int argc, char** argv) {
  using namespace hyp_run;
  const std::string scenario = argc > 1 ? argv[1] : "";
  const std::string a = argc > 2 ? argv[2] : "", b = argc > 3 ? argv[3] : "";
  int rc;
  if (scenario == "hello") rc = Hello(a, b);
  else if (scenario == "lazy") rc = Lazy(a, b);
  else if (scenario == "mmio") rc = MmioLoad();
  else if (scenario == "host_rewrites_code") rc = HostRewritesCode();
  else if (scenario == "psci") rc = Psci();
  else if (scenario == "dirty_log") rc = DirtyLogWhileRunning();
  else if (scenario == "mmio_no_isv") rc = MmioWithoutSyndrome();
  else if (scenario == "mte_off_registers") rc = MteRegisters(false);
  else if (scenario == "mte_on_registers") rc = MteRegisters(true);
  else if (scenario == "notagaccess") rc = NoTagAccess();
  else if (scenario == "notagaccess_kill") rc = NoTagAccessPolicyScenario(Policy::Kill);
  else if (scenario == "notagaccess_remap") rc = NoTagAccessPolicyScenario(Policy::Remap);
  else if (scenario == "notagaccess_inject_sea") rc = NoTagAccessPolicyScenario(Policy::InjectSea);
  else if (scenario == "mte_image") rc = MteImage(a, b);
  else if (scenario == "seam") rc = SeamReportsEveryKind(a, b);
  else if (scenario == "sanitise_visible") rc = SanitiseVisible();
  else if (scenario == "copy_tags_roundtrip") rc = CopyTagsRoundtrip();
  else if (scenario == "dirty_log_tag_write") rc = DirtyLogTagWrite();
  else if (scenario == "copy_tags_ebusy_running") rc = CopyTagsEbusyRunning();
  else if (scenario == "irq_guest" && (argc == 6 || argc == 7))
    rc = IrqGuest(a, b, static_cast<unsigned>(std::stoul(argv[4])), static_cast<unsigned>(std::stoul(argv[5])),
                  argc == 7 ? std::stod(argv[6]) : 0);
  else if (scenario == "timeslice_mte_state") rc = TimesliceMteState();
  else if (scenario == "two_vms" && argc == 6) rc = TwoVmsSideBySide(a, b, argv[4], argv[5]);
  else if (scenario == "migrate_under_swap" && argc == 5)
    rc = MigrateUnderSwap(a, b, static_cast<unsigned>(std::stoul(argv[4])));
  else if (scenario == "isolation_probe" && argc == 6)
    rc = IsolationProbe(a, b, argv[4], static_cast<unsigned>(std::stoul(argv[5])));
  else if (scenario == "swap_stress") rc = SwapStress(a, b, argc > 4 ? argv[4] : "range");
  else if (scenario == "unmigrated") rc = Unmigrated(a, b);
  else if (scenario == "migrate")
    rc = Migrate(a, b, argc > 4 ? argv[4] : "precopy", argc > 5 ? argv[5] : "with-page", argc > 6 ? static_cast<unsigned>(std::atoi(argv[6])) : 1);
  else {
    std::fprintf(stderr, "usage: %s hello|lazy|mte_image ELF EXPECTED | mmio | mmio_no_isv | dirty_log | psci | mte_off_registers | "
                 "mte_on_registers | notagaccess | notagaccess_kill | notagaccess_remap | notagaccess_inject_sea | "
                 "sanitise_visible | copy_tags_roundtrip | dirty_log_tag_write | "
                 "copy_tags_ebusy_running | timeslice_mte_state | two_vms ELF_A EXPECTED_A ELF_B EXPECTED_B | isolation_probe PROBE_ELF ELF_B EXPECTED_B KIND | migrate_under_swap ELF EXPECTED SEED | irq_guest ELF EXPECTED GIC_VERSION VCPUS [MIN_ASLEEP_S] | swap_stress ELF EXPECTED range|clock | unmigrated ELF EXPECTED | "
                 "migrate ELF EXPECTED precopy|postcopy with-page|separate SWITCH_AFTER_LINES\n", argv[0]);
    return 2;
  }
  std::printf("%s: %s\n", scenario.c_str(), rc ? "FAILED" : "ok");
  return rc ? 1 : 0;
}
