// A hypervisor on the test board, with helpers for the VMM calls most tests make and a
// stage-2 walk through the PE's MMU to observe what a VM's tables map.
#pragma once
#include <cstdint>
#include <vector>

#include "models/hypervisor/hypervisor.h"
#include "models/hypervisor/kvm_api.h"
#include "models/hypervisor/kvm_errors.h"
#include "models/mmu/stage2.h"
#include "hypervisor_test_bench.h"

namespace hyp_test {

using namespace mtesim::hyp;

// The host: MTE3 with FEAT_MTE_PERM, 48-bit PA.
inline HostCapabilities Mte3Host() {
  HostCapabilities h;
  h.mte.level = 3;
  h.mte.perm = true;
  h.mte.store_only = true;
  return h;
}

struct VmBench {
  Board board;
  Hypervisor hyp;
  HostDescriptorReader reader{board.host};
  mtesim::mmu::Stage2Mmu mmu{reader};

  explicit VmBench(const HostCapabilities& host = Mte3Host()) : hyp(board.host, board.pages, host) {}

  Vm& NewVm(uint64_t type = 0) {
    const int fd = hyp.CreateVm(type);
    EXPECT_GE(fd, 0);
    return *hyp.GetVm(fd);
  }
  static int EnableMte(Vm& vm, uint64_t level = kMteLevelHost, uint32_t flags = 0) {
    KvmEnableCap cap;
    cap.cap = KVM_CAP_ARM_MTE;
    cap.flags = flags;
    cap.args[0] = level;
    return vm.EnableCap(cap);
  }
  static int EnableCap(Vm& vm, uint32_t c, uint64_t arg0 = 0) {
    KvmEnableCap cap;
    cap.cap = c;
    cap.args[0] = arg0;
    return vm.EnableCap(cap);
  }
  static int AddSlot(Vm& vm, uint32_t slot, uint64_t gpa, uint64_t size, uint64_t backing, uint32_t flags = 0) {
    KvmUserspaceMemoryRegion r;
    r.slot = slot;
    r.flags = flags;
    r.guest_phys_addr = gpa;
    r.memory_size = size;
    r.userspace_addr = backing;
    return vm.SetUserMemoryRegion(r);
  }
  static int64_t CopyTags(Vm& vm, uint64_t ipa, uint64_t length, uint8_t* buffer, uint64_t flags) {
    KvmArmCopyMteTags c;
    c.guest_ipa = ipa;
    c.length = length;
    c.addr = buffer;
    c.flags = flags;
    return vm.CopyTags(c);
  }
  // The PE's walk of the VM's stage 2, with its permission check.
  mtesim::mmu::Stage2Translation Walk(Vm& vm, uint64_t ipa,
                                      mtesim::mmu::AccessType type = mtesim::mmu::AccessType::Read) {
    mtesim::mmu::Stage2Controls c;
    c.enabled = true;
    c.vtcr = vm.vtcr();
    c.vttbr = vm.vttbr();
    c.mte_perm = true;
    mtesim::mmu::Stage2Translation t = mmu.Walk(c, ipa, type);
    if (t.ok && !mtesim::mmu::CheckStage2Permission(t.entry.perms, type, false, &t.fault)) t.ok = false;
    return t;
  }
  std::vector<uint8_t> HostTags(uint64_t pa) {
    std::vector<uint8_t> tags(kTagsPerPage);
    board.host.ReadTags(pa, kPageBytes, tags.data());
    return tags;
  }
  void SetHostTags(uint64_t pa, uint8_t tag) {
    std::vector<uint8_t> tags(kTagsPerPage, tag);
    board.host.WriteTags(pa, kPageBytes, tags.data());
  }
};

}  // namespace hyp_test
