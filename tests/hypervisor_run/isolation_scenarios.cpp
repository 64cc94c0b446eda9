// Isolation through instructions and walks (issue 13, item 6): VM B (hello, MTE3) holds a
// secret in the upper half of its RAM, data and allocation tags, put there by the VMM
// before the run (host writes through B's memslot backing, tags with KVM_ARM_MTE_COPY_TAGS).
// VM A (guests/isolation_probe, MTE3) on the next PE probes its whole IPA space with
// loads and stores, every kind of access in its own RAM, stage-1 walks through tables
// outside its memslots, and last one access the hypervisor cannot emulate (`kind`: LDG,
// STG, LDGM, STGM, DC ZVA, DC GZVA, LDXR, STXR, LDADD, CAS, SWP, LDP, STP) aimed at the
// secret's host PA as an IPA. A must never read the secret; B's data and tags must be bit
// for bit what the VMM put there; B's console must be hello's.
#include <cstdint>
#include <string>
#include <vector>

#include "guest_vm.h"
#include "models/hypervisor/kvm_errors.h"
#include "run_checks.h"
#include "scenarios.h"

namespace hyp_run {

using namespace mtesim::hyp;

namespace {

constexpr uint64_t kRam = 16 * kMiB, kSecretOffset = 8 * kMiB, kSecretSize = 8 * kMiB;
constexpr uint64_t kMarker = 0x5EC2E7C0FFEEull << 16;  // bits 63:16 of every secret word
constexpr uint64_t kMailbox = 0x0A100000;

uint64_t SecretWord(uint64_t offset) { return kMarker | ((offset >> 3) & 0xFFFF); }
uint8_t SecretTag(uint64_t offset) { return static_cast<uint8_t>((offset >> 4) % 15 + 1); }

// A's VMM: the mailbox (the marker, the secret's host PA, the last access's kind), the
// rest as the test VMM answers.
struct ProbeVmm : TestVmm {
  uint64_t values[3] = {};
  uint64_t mmio_exits = 0;
  void Mmio(Vcpu& vcpu, KvmRunMmio& m) override {
    ++mmio_exits;
    if (!m.is_write && m.phys_addr >= kMailbox && m.phys_addr < kMailbox + sizeof values && m.len == 8) {
      const uint64_t v = values[(m.phys_addr - kMailbox) / 8];
      for (unsigned i = 0; i < 8; ++i) m.data[i] = static_cast<uint8_t>(v >> (8 * i));
      return;
    }
    // Keep the console and the pattern answers, not a record of a million probes.
    if (m.is_write && m.phys_addr == kUartDr) {
      console += static_cast<char>(m.data[0]);
    } else if (!m.is_write && m.phys_addr >= kUartBase && m.phys_addr < kUartBase + 0x1000) {
      for (uint8_t& b : m.data) b = 0;
    } else if (!m.is_write) {
      for (unsigned i = 0; i < m.len; ++i) m.data[i] = PatternByte(m.phys_addr, i);
    }
  }
};

}  // namespace

int IsolationProbe(const std::string& probe_elf, const std::string& elf_b, const std::string& expected_b,
                   unsigned kind) {
  HostBoard board(2, Mte(3));
  GuestVm a(board, kMteLevel3, kRam, 1);
  GuestVm b(board, kMteLevel3, kRam, 1, false, &a.hyp, /*first_pe=*/1);
  ProbeVmm vmm;
  // A's run loop talks to the probe's VMM (the old runner goes first: its destructor
  // clears the VM's stage-2 flush callback, which the new one sets).
  a.runner.reset();
  a.runner = std::make_unique<VcpuRunner>(*a.vm, vmm);
  a.runner->Bind(*a.vm->GetVcpu(0), board.pe(0));
  a.ResetVcpu(0, a.LoadElf(probe_elf));
  b.ResetVcpu(0, b.LoadElf(elf_b));
  // The secret: data through the backing, tags with COPY_TAGS (which also marks the
  // pages tagged, so B's first map keeps them).
  std::vector<uint8_t> data(kSecretSize), tags(kSecretSize / 16);
  for (uint64_t off = 0; off < kSecretSize; off += 8) {
    const uint64_t w = SecretWord(kSecretOffset + off);
    for (unsigned i = 0; i < 8; ++i) data[off + i] = static_cast<uint8_t>(w >> (8 * i));
  }
  for (uint64_t g = 0; g < tags.size(); ++g) tags[g] = SecretTag(kSecretOffset + g * 16);
  board.memory().Write(b.backing + kSecretOffset, data.data(), data.size());
  KvmArmCopyMteTags copy;
  copy.guest_ipa = kGuestRamBase + kSecretOffset;
  copy.length = kSecretSize;
  copy.addr = tags.data();
  CHECK_EQ(b.vm->CopyTags(copy), static_cast<int64_t>(kSecretSize));
  const uint64_t secret_pa = b.backing + kSecretOffset;
  vmm.values[0] = kMarker;
  vmm.values[1] = secret_pa;
  vmm.values[2] = kind;

  a.runner->Start(*a.vm->GetVcpu(0));
  b.runner->Start(*b.vm->GetVcpu(0));
  CHECK(board.Run(2000000000));
  std::printf("VM A console:\n%s", vmm.console.c_str());
  std::printf("VM A MMIO exits: %llu\n", static_cast<unsigned long long>(vmm.mmio_exits));
  // A never saw the secret, every probe was answered or faulted, and its last access
  // ended it: KVM's io_mem_abort for an access without syndrome (ENOSYS).
  CHECK(vmm.console.find("own RAM accesses: ok\n") != std::string::npos);
  CHECK(vmm.console.find("secret seen: 0\n") != std::string::npos);
  CHECK(vmm.console.find(", other 0\n") != std::string::npos);
  CHECK(vmm.console.find("UNEXPECTED") == std::string::npos);
  CHECK(vmm.console.find("stage-1 walks through tables outside memory: 11 of 11 faulted") != std::string::npos);
  CHECK(vmm.mmio_exits > 500000);
  CHECK_EQ(vmm.internal_errors.size(), 1u);
  if (!vmm.internal_errors.empty()) CHECK_EQ(vmm.internal_errors[0].second, kENOSYS);
  CHECK(vmm.system_events.empty());
  // B ran as it would alone, and its secret is bit for bit as the VMM left it.
  CHECK(b.vmm.console == ReadFile(expected_b));
  CHECK_EQ(b.vmm.system_events.size(), 1u);
  std::vector<uint8_t> data_after(kSecretSize), tags_after(tags.size(), 0xEE);
  board.memory().Read(secret_pa, data_after.data(), data_after.size());
  copy.addr = tags_after.data();
  copy.flags = KVM_ARM_TAGS_FROM_GUEST;
  CHECK_EQ(b.vm->CopyTags(copy), static_cast<int64_t>(kSecretSize));
  CHECK(data_after == data);
  CHECK(tags_after == tags);
  return failures;
}

}  // namespace hyp_run
