// Fuzz target: the KVM-like API of the hypervisor model (models/hypervisor/hypervisor.h,
// vm.h, vcpu.h, vgic/vgic.h) driven by a byte-stream interpreter: each step picks a call
// (KVM_CREATE_VM, KVM_ENABLE_CAP, KVM_SET_USER_MEMORY_REGION, KVM_CREATE_VCPU, ONE_REG,
// KVM_ARM_MTE_COPY_TAGS, the dirty log, swap, post-copy placement, the vGIC device...)
// and its arguments, mostly near the values that matter (slot-sized, page-aligned, the
// host pools' addresses) and sometimes anything at all. Every misuse must come back as a
// negative errno (kvm_errors.h), never a crash, a leak or unbounded time or memory.
//
// The host is tests/hypervisor's board (16 MiB of tag-storage RAM), built once (building
// it costs ~100 times an input's calls); SystemC is only elaborated (no sc_start), as in
// the hypervisor unit tests. Each input gets a fresh page allocator with the board's
// pools and a fresh Hypervisor, so what is allocated does not depend on earlier inputs
// (only RAM contents carry over); once the Hypervisor is gone, every page of its private
// pool must be free again (stage-2 tables leaked otherwise). Caller-provided buffers (COPY_TAGS,
// dirty bitmaps, register lists) are sized as a correct caller would, or to what the
// host could legitimately hold, so ASan catches the model reading or writing past them.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <memory>
#include <vector>

#include "models/hypervisor/hypervisor.h"
#include "models/hypervisor/kvm_api.h"
#include "models/hypervisor/kvm_errors.h"
#include "models/hypervisor/vgic/vgic.h"
#include "tests/hypervisor/hypervisor_test_bench.h"

namespace {

using namespace mtesim::hyp;
using namespace hyp_test;

// Every call returns 0, a count, or a negative errno.
void CheckResult(int64_t r, const char* call) {
  if (r < -4095) {
    std::fprintf(stderr, "%s returned %lld, not an errno\n", call, static_cast<long long>(r));
    std::abort();
  }
}

class Interpreter {
 public:
  Interpreter(FuzzedDataProvider& in, HostPhysicalMemory& memory, HostPageAllocator& pages,
              const HostCapabilities& host)
      : in_(in), hyp_(memory, pages, host) {}

  void Run() {
    for (unsigned steps = 0; steps < kMaxSteps && in_.remaining_bytes() > 0; ++steps) Step();
  }

 private:
  static constexpr unsigned kMaxSteps = 256;

  template <typename T> T Pick(std::initializer_list<T> likely) {
    if (in_.ConsumeIntegralInRange<unsigned>(0, 7) == 0) return in_.ConsumeIntegral<T>();
    return *(likely.begin() + in_.ConsumeIntegralInRange<size_t>(0, likely.size() - 1));
  }
  // A page-aligned value in [0, limit) most of the time, anything otherwise.
  uint64_t Address(uint64_t base, uint64_t limit) {
    if (in_.ConsumeIntegralInRange<unsigned>(0, 7) == 0) return in_.ConsumeIntegral<uint64_t>();
    return base + in_.ConsumeIntegralInRange<uint64_t>(0, limit / kPageBytes) * kPageBytes;
  }
  uint64_t Size() {
    if (in_.ConsumeIntegralInRange<unsigned>(0, 7) == 0) return in_.ConsumeIntegral<uint64_t>();
    return in_.ConsumeIntegralInRange<uint64_t>(0, 64) * kPageBytes;
  }
  Vm* AnyVm() {
    if (fds_.empty()) return nullptr;
    return hyp_.GetVm(fds_[in_.ConsumeIntegralInRange<size_t>(0, fds_.size() - 1)]);
  }
  Vcpu* AnyVcpu(Vm& vm) { return vm.GetVcpu(Pick<unsigned>({0, 1, 2, 7, 8})); }

  void Step() {
    switch (in_.ConsumeIntegralInRange<unsigned>(0, 21)) {
      case 0: {  // KVM_CREATE_VM
        const int fd = hyp_.CreateVm(Pick<uint64_t>({0, 32, 36, 40, 44, 48, 49, 31, 0x100 | 40}));
        CheckResult(fd, "CreateVm");
        if (fd >= 0) fds_.push_back(fd);
        break;
      }
      case 1: {  // close() of a VM descriptor
        const int fd = fds_.empty() || in_.ConsumeBool() ? Pick<int>({-1, 0, 1, 7})
                                                         : fds_[in_.ConsumeIntegralInRange<size_t>(0, fds_.size() - 1)];
        CheckResult(hyp_.DestroyVm(fd), "DestroyVm");
        fds_.erase(std::remove(fds_.begin(), fds_.end(), fd), fds_.end());
        break;
      }
      case 2:
        CheckResult(hyp_.CheckExtension(Pick<uint32_t>({KVM_CAP_ARM_MTE, KVM_CAP_ARM_MTE_PERM, KVM_CAP_NR_VCPUS,
                                                        KVM_CAP_ARM_VM_IPA_SIZE, KVM_CAP_NR_MEMSLOTS})),
                    "CheckExtension");
        break;
      default:
        if (Vm* vm = AnyVm()) VmStep(*vm);
        break;
    }
  }

  void VmStep(Vm& vm) {
    switch (in_.ConsumeIntegralInRange<unsigned>(0, 18)) {
      case 0: {  // KVM_ENABLE_CAP
        KvmEnableCap cap;
        cap.cap = Pick<uint32_t>({KVM_CAP_ARM_MTE, KVM_CAP_ARM_MTE_PERM, KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2});
        cap.flags = Pick<uint32_t>({0, 1});
        cap.args[0] = Pick<uint64_t>({kMteLevelHost, kMteLevel2, kMteLevel3, kMteLevelOff, kMteLevelMax, 1, 3});
        CheckResult(vm.EnableCap(cap), "EnableCap");
        break;
      }
      case 1: {  // KVM_SET_USER_MEMORY_REGION
        KvmUserspaceMemoryRegion r;
        r.slot = Pick<uint32_t>({0, 1, 2, 3, 31, 32});
        r.flags = Pick<uint32_t>({0, KVM_MEM_LOG_DIRTY_PAGES, KVM_MEM_READONLY, 3});
        r.guest_phys_addr = Address(0, 64 * kMiB);
        r.memory_size = Size();
        r.userspace_addr = Pick<uint64_t>({kTaggedBase, kUntaggedBase, kTagged2Base, kPrivateBase}) +
                           in_.ConsumeIntegralInRange<uint64_t>(0, 512) * kPageBytes;
        CheckResult(vm.SetUserMemoryRegion(r), "SetUserMemoryRegion");
        break;
      }
      case 2:
        CheckResult(vm.CreateVcpu(Pick<unsigned>({0, 1, 2, 7, 8, 255})), "CreateVcpu");
        break;
      case 3:
        if (Vcpu* v = AnyVcpu(vm)) {  // KVM_SET_ONE_REG
          CheckResult(v->SetOneReg(RegisterId(*v), in_.ConsumeIntegral<uint64_t>()), "SetOneReg");
        }
        break;
      case 4:
        if (Vcpu* v = AnyVcpu(vm)) {  // KVM_GET_ONE_REG
          uint64_t value;
          CheckResult(v->GetOneReg(RegisterId(*v), &value), "GetOneReg");
        }
        break;
      case 5:
        if (Vcpu* v = AnyVcpu(vm)) {  // KVM_GET_REG_LIST with a buffer of n entries
          uint64_t n = in_.ConsumeIntegralInRange<uint64_t>(0, 512);
          std::vector<uint64_t> ids(n);
          CheckResult(v->GetRegList(&n, ids.data()), "GetRegList");
        }
        break;
      case 6:
        if (Vcpu* v = AnyVcpu(vm)) {  // KVM_SET_VCPU_EVENTS
          KvmVcpuEvents e;
          e.exception.serror_pending = in_.ConsumeIntegral<uint8_t>();
          e.exception.serror_has_esr = in_.ConsumeIntegral<uint8_t>();
          e.exception.ext_dabt_pending = in_.ConsumeIntegral<uint8_t>();
          e.exception.serror_esr = in_.ConsumeIntegral<uint64_t>();
          CheckResult(v->SetVcpuEvents(e), "SetVcpuEvents");
        }
        break;
      case 7: {  // KVM_ARM_MTE_COPY_TAGS: the buffer holds length / 16 tags, or as many as
                 // the host's RAM has (a longer copy must be refused before touching it)
        KvmArmCopyMteTags c;
        c.guest_ipa = Address(0, 64 * kMiB);
        c.length = Size();
        c.flags = Pick<uint64_t>({KVM_ARM_TAGS_TO_GUEST, KVM_ARM_TAGS_FROM_GUEST, 2});
        c.reserved[0] = in_.ConsumeIntegralInRange<unsigned>(0, 15) == 0;
        std::vector<uint8_t> tags(std::min<uint64_t>(c.length / 16, kRamSize / 16) + 1);
        for (size_t k = 0; k < tags.size(); ++k) tags[k] = static_cast<uint8_t>(k * 7);
        c.addr = tags.data();
        CheckResult(vm.CopyTags(c), "CopyTags");
        break;
      }
      case 8: {  // KVM_GET_DIRTY_LOG, the bitmap sized for the slot as the VMM knows it
        const uint32_t slot = Pick<uint32_t>({0, 1, 2, 3, 32});
        const auto it = vm.memslots().find(slot);
        const uint64_t pages = it == vm.memslots().end() ? 0 : it->second.npages();
        std::vector<uint64_t> bitmap(pages / 64 + 1);
        CheckResult(vm.GetDirtyLog(slot, bitmap.data()), "GetDirtyLog");
        break;
      }
      case 9: {  // KVM_CLEAR_DIRTY_LOG
        KvmClearDirtyLog log;
        log.slot = Pick<uint32_t>({0, 1, 2, 3, 32});
        log.first_page = Pick<uint64_t>({0, 1, 63, 64, 4096});
        log.num_pages = Pick<uint32_t>({0, 1, 64, 65, 4096});
        std::vector<uint64_t> bitmap(std::min<uint64_t>(log.num_pages, kRamSize / kPageBytes) / 64 + 1, ~uint64_t{0});
        log.dirty_bitmap = bitmap.data();
        CheckResult(vm.ClearDirtyLog(log), "ClearDirtyLog");
        break;
      }
      case 10: {  // a stage-2 fault, as the vCPU run loop reports one
        const Stage2FaultResult r = vm.HandleStage2Fault(Address(0, 64 * kMiB) + in_.ConsumeIntegral<uint16_t>() % kPageBytes,
                                                         in_.ConsumeBool(), in_.ConsumeBool());
        if (r.outcome == Stage2FaultOutcome::Error) CheckResult(r.error, "HandleStage2Fault");
        break;
      }
      case 11:
        CheckResult(vm.SwapOut(Address(0, 64 * kMiB)), "SwapOut");
        break;
      case 12:
        CheckResult(vm.SwapIn(Address(0, 64 * kMiB)), "SwapIn");
        break;
      case 13:
        vm.TestAndClearYoung(Address(0, 64 * kMiB));
        break;
      case 14:
        CheckResult(vm.RegisterMissing(Address(0, 64 * kMiB), Size()), "RegisterMissing");
        break;
      case 15: {  // UFFDIO_COPY of one page with its tags
        std::vector<uint8_t> data(kPageBytes, 0xA5), tags(kTagsPerPage, 3);
        CheckResult(vm.PlacePage(Address(0, 64 * kMiB), data.data(), in_.ConsumeBool() ? tags.data() : nullptr),
                    "PlacePage");
        break;
      }
      case 16: {  // KVM_CREATE_DEVICE
        KvmCreateDevice d;
        d.type = Pick<uint32_t>({KVM_DEV_TYPE_ARM_VGIC_V2, KVM_DEV_TYPE_ARM_VGIC_V3, 0});
        d.flags = Pick<uint32_t>({0, KVM_CREATE_DEVICE_TEST});
        CheckResult(vm.CreateDevice(d), "CreateDevice");
        break;
      }
      case 17: {  // KVM_IRQ_LINE
        KvmIrqLevel irq;
        irq.irq = KvmArmIrq(Pick<uint32_t>({KVM_ARM_IRQ_TYPE_SPI, KVM_ARM_IRQ_TYPE_PPI, KVM_ARM_IRQ_TYPE_CPU}),
                            in_.ConsumeIntegralInRange<uint32_t>(0, 3), in_.ConsumeIntegralInRange<uint32_t>(0, 1100));
        irq.level = in_.ConsumeIntegralInRange<uint32_t>(0, 2);
        CheckResult(vm.IrqLine(irq), "IrqLine");
        break;
      }
      case 18:
        if (Vgic* g = vm.vgic()) VgicStep(*g);
        break;
    }
  }

  // The device's attributes (KVM_{SET,GET,HAS}_DEVICE_ATTR), the first KVM_RUN's
  // MapResources, and guest MMIO to the frames once they are mapped.
  void VgicStep(Vgic& g) {
    KvmDeviceAttr a;
    uint64_t value = in_.ConsumeIntegral<uint64_t>();
    a.group = Pick<uint32_t>({KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_DEV_ARM_VGIC_GRP_DIST_REGS, KVM_DEV_ARM_VGIC_GRP_CPU_REGS,
                              KVM_DEV_ARM_VGIC_GRP_NR_IRQS, KVM_DEV_ARM_VGIC_GRP_CTRL, KVM_DEV_ARM_VGIC_GRP_REDIST_REGS,
                              KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS, KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO});
    a.attr = Pick<uint64_t>({0, 1, 2, 3, 0x100, 0x104, 0x800, 0x10000, uint64_t{1} << 32, 0xC658, 0xC65C});
    a.addr = &value;
    switch (in_.ConsumeIntegralInRange<unsigned>(0, 4)) {
      case 0: CheckResult(g.SetAttr(a), "SetAttr"); break;
      case 1: CheckResult(g.GetAttr(a), "GetAttr"); break;
      case 2: CheckResult(g.HasAttr(a), "HasAttr"); break;
      case 3: CheckResult(g.MapResources(), "MapResources"); break;
      case 4:
        if (g.ready() && g.vcpu_count() > 0) {
          uint8_t data[8] = {};
          g.Mmio(in_.ConsumeIntegralInRange<unsigned>(0, g.vcpu_count() - 1), Address(0, 64 * kMiB) + in_.ConsumeIntegral<uint16_t>(),
                 in_.ConsumeBool(), data, Pick<unsigned>({1, 2, 4, 8}));
        }
        break;
    }
  }

  // A ONE_REG id: one the vCPU lists, a core register's offset, or anything.
  uint64_t RegisterId(const Vcpu& v) {
    switch (in_.ConsumeIntegralInRange<unsigned>(0, 2)) {
      case 0: {
        uint64_t n = 512;
        std::vector<uint64_t> ids(n);
        if (v.GetRegList(&n, ids.data()) == 0 && n > 0) return ids[in_.ConsumeIntegralInRange<uint64_t>(0, n - 1)];
        return 0;
      }
      case 1: return KvmCoreReg(in_.ConsumeIntegralInRange<uint64_t>(0, 80));
      default: return in_.ConsumeIntegral<uint64_t>();
    }
  }

  FuzzedDataProvider& in_;
  Hypervisor hyp_;
  std::vector<int> fds_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  HostCapabilities host;
  host.mte.level = in.ConsumeIntegralInRange<unsigned>(0, 3);
  host.mte.perm = in.ConsumeBool();
  host.mte.store_only = in.ConsumeBool();
  host.pa_bits = in.PickValueInArray({40u, 44u, 48u});
  host.swap_pages = in.ConsumeIntegralInRange<uint64_t>(0, 64);
  static Board& board = *new Board;  // never destroyed: SystemC modules live to the end
  HostPageAllocator pages(board.host);
  pages.AddRange(HostPool::Hypervisor, kPrivateBase, kPrivateSize);
  pages.AddRange(HostPool::Vmm, kTaggedBase, kTaggedSize);
  pages.AddRange(HostPool::Vmm, kUntaggedBase, kUntaggedSize);
  pages.AddRange(HostPool::Vmm, kTagged2Base, kTagged2Size);
  Interpreter(in, board.host, pages, host).Run();
  if (pages.Allocate(HostPool::Hypervisor, kPrivateSize / kPageBytes) < 0) {
    std::fprintf(stderr, "the destroyed Hypervisor left pages of its private pool allocated\n");
    std::abort();
  }
  return 0;
}
