#include "guest_vm.h"

#include <cstdio>
#include <cstdlib>

#include "models/hypervisor/host_memory.h"
#include "models/hypervisor/vgic/vgic.h"
#include "models/platform/image_loader.h"
#include "models/vmm/vgic_setup.h"

namespace hyp_run {

using namespace mtesim::hyp;

namespace {
[[noreturn]] void Fail(const char* what, int rc) {
  std::fprintf(stderr, "FAIL: %s: %d\n", what, rc);
  std::exit(1);
}
HostCapabilities Host(uint64_t mte_level) {
  HostCapabilities h;
  h.mte.level = mte_level == kMteLevelOff ? 3 : static_cast<uint8_t>(mte_level);
  h.mte.perm = true;  // as the board's PEs (FEAT_MTE_PERM)
  h.gic_distributor = kHostGicDistributorBase;  // the board's GICv3 takes the guests' timer PPIs
  h.gic_redistributors = kHostGicRedistributorBase;
  return h;
}
}  // namespace

GuestVm::GuestVm(HostBoard& b, uint64_t mte_level, uint64_t size, unsigned vcpus, bool notagaccess, Hypervisor* shared,
                 unsigned first_pe, unsigned vcpus_per_pe)
    : board(b),
      own_hyp(shared ? nullptr : std::make_unique<Hypervisor>(b.memory(), b.pages(), Host(mte_level))),
      hyp(shared ? *shared : *own_hyp),
      ram_size(size) {
  const int fd = hyp.CreateVm(0);
  if (fd < 0) Fail("KVM_CREATE_VM", fd);
  vm = hyp.GetVm(fd);
  if (mte_level != kMteLevelOff) {
    KvmEnableCap cap;
    cap.cap = KVM_CAP_ARM_MTE;
    cap.args[0] = mte_level;
    if (const int rc = vm->EnableCap(cap)) Fail("KVM_CAP_ARM_MTE", rc);
  }
  if (notagaccess) {
    KvmEnableCap cap;
    cap.cap = KVM_CAP_ARM_MTE_PERM;
    if (const int rc = vm->EnableCap(cap)) Fail("KVM_CAP_ARM_MTE_PERM", rc);
  }
  const int64_t pa = b.pages().Allocate(HostPool::Vmm, size / kPageBytes, TagBacking::TagCapable);
  if (pa < 0) Fail("backing pages", static_cast<int>(pa));
  backing = static_cast<uint64_t>(pa);
  b.memory().Zero(backing, size);
  KvmUserspaceMemoryRegion region;
  region.guest_phys_addr = kGuestRamBase;
  region.memory_size = size;
  region.userspace_addr = backing;
  if (const int rc = vm->SetUserMemoryRegion(region)) Fail("KVM_SET_USER_MEMORY_REGION", rc);
  runner = std::make_unique<VcpuRunner>(*vm, vmm);
  for (unsigned id = 0; id < vcpus; ++id) {
    if (const int rc = vm->CreateVcpu(id)) Fail("KVM_CREATE_VCPU", rc);
    runner->Bind(*vm->GetVcpu(id), b.pe(first_pe + id / vcpus_per_pe));
  }
}

uint64_t GuestVm::LoadElf(const std::string& path) {
  mtesim::models::PhysicalWriter out;
  out.write = [this](uint64_t ipa, const uint8_t* data, uint64_t n) {
    board.memory().Write(backing + (ipa - kGuestRamBase), data, n);
  };
  out.zero = [this](uint64_t ipa, uint64_t n) { board.memory().Zero(backing + (ipa - kGuestRamBase), n); };
  return mtesim::models::LoadImage(path, kGuestRamBase, ram_size, out).entry;
}

void GuestVm::WriteCode(uint64_t ipa, const std::vector<uint32_t>& code) {
  std::vector<uint8_t> bytes;
  for (uint32_t w : code)
    for (unsigned i = 0; i < 4; ++i) bytes.push_back(static_cast<uint8_t>(w >> (8 * i)));
  board.memory().Write(backing + (ipa - kGuestRamBase), bytes.data(), bytes.size());
}

int GuestVm::SetRamFlags(uint32_t flags) {
  KvmUserspaceMemoryRegion region;
  region.flags = flags;
  region.guest_phys_addr = kGuestRamBase;
  region.memory_size = ram_size;
  region.userspace_addr = backing;
  return vm->SetUserMemoryRegion(region);
}

int GuestVm::AddUntaggedSlot(uint32_t slot, uint64_t ipa, uint64_t size) {
  const int64_t pa = board.pages().Allocate(HostPool::Vmm, size / kPageBytes, TagBacking::Untagged);
  if (pa < 0) return static_cast<int>(pa);
  KvmUserspaceMemoryRegion region;
  region.slot = slot;
  region.guest_phys_addr = ipa;
  region.memory_size = size;
  region.userspace_addr = static_cast<uint64_t>(pa);
  return vm->SetUserMemoryRegion(region);
}

int GuestVm::AddVgic(unsigned version) { return mtesim::vmm::CreateVgic(*vm, version); }

void GuestVm::ResetVcpu(unsigned id, uint64_t pc, uint64_t x0) {
  VcpuState& s = vm->GetVcpu(id)->state();
  s = VcpuState{};
  s.pc = pc;
  s.x[0] = x0;
  s.sys(SavedSysreg::SCTLR_EL1) = mtesim::isa::SystemRegisters{}.SCTLR_EL1;  // reset value: MMU off
}

}  // namespace hyp_run
