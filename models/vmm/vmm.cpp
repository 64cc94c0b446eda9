#include "models/vmm/vmm.h"

#include <cstdio>
#include <cstring>

#include "models/error.h"
#include "models/hypervisor/host_memory.h"
#include "models/hypervisor/host_page_allocator.h"
#include "models/hex.h"
#include "models/hypervisor/kvm_api.h"
#include "models/hypervisor/kvm_errors.h"
#include "models/vmm/migration_driver.h"
#include "models/vmm/resident_limit.h"

namespace mtesim::vmm {

using models::Hex;

Vmm::Vmm(models::Board& board, hyp::Hypervisor& hypervisor, const models::PlatformConfig& config,
         const GuestMemoryLayout& layout, models::Pl011::Sink console, sc_core::sc_module_name name)
    : sc_module(name),
      board_(board),
      hypervisor_(hypervisor),
      config_(config),
      layout_(layout),
      devices_("devices"),
      // The console as the guest writes it, lines counted on the way (a migration may
      // switch over after so many).
      uart_("uart", [this, console = std::move(console)](char c) {
        if (c == '\n') ++console_lines_;
        console(c);
      }),
      device_socket_("device_socket") {
  devices_.initiator_socket.bind(uart_.socket);
  devices_.Map("pl011", models::kUartBase, models::kUartSize, 0);
  device_socket_.bind(devices_.target_socket);
  RegisterStatistics(board_.statistics().root());
}

void Vmm::RegisterStatistics(stats::Group& root) {
  stats::Group& vmm = root.Child("vmm");
  counters_ = &vmm.AddCounters({{"mmio_exits", "MMIO exits the VMM answered"},
                                {"bus_errors", "MMIO exits no device answered (external abort injected)"},
                                {"rom_writes", "writes to the read-only flash slot, dropped"},
                                {"notagaccess_faults", "NoTagAccess memory faults handed to the policy"}});
  vmm.AddGauge({"memslots", "memslots of the guest's VM"}, [this] { return guest_ ? guest_->memslots() : 0; });
  // A gauge, not the policy's name: every value of the tree is a number.
  vmm.AddGauge({"backing_eager", "1: --backing eager (every page mapped before the guest starts); 0: lazy"},
               [this] { return uint64_t{config_.operations.backing == models::BackingKind::Eager}; });
  vmm.AddGauge({"pages_sanitised_before_start", "pages the backing policy sanitised before the first instruction"},
               [this] { return pages_sanitised_before_start_; });
  // The guest's console is the VMM's PL011; its firmware calls reach the hypervisor, as
  // hypercalls of every VM (a migration's destination's too).
  root.Child("uart").AddGauge({"bytes_transmitted", "bytes the guest wrote to the PL011"},
                              [this] { return uart_.bytes_transmitted(); });
  root.Child("psci").AddGauge({"calls", "PSCI calls of the guest (hypercalls of all its VMs)"}, [this] {
    uint64_t calls = guest_ ? guest_->runner().stats().hypercalls() : 0;
    for (const auto& other : others_) calls += other->runner().stats().hypercalls();
    return calls;
  });
}

Vmm::~Vmm() = default;

void Vmm::CreateVm() {
  AddHostPools(hypervisor_.pages(), layout_);
  guest_ = std::make_unique<VmInstance>(board_, hypervisor_, config_, layout_, *this, 0,
                                        board_.statistics().root().Child("hypervisor"));
}

bool Vmm::SetMigrationTransport(std::unique_ptr<hyp::MigrationTransport> transport) {
  if (migration_) return false;
  migration_transport_ = std::move(transport);
  return true;
}

VmInstance& Vmm::AddVm(unsigned first_pe, stats::Group& stats) {
  others_.push_back(std::make_unique<VmInstance>(board_, hypervisor_, config_, layout_, *this, first_pe, stats));
  return *others_.back();
}

VmInstance& Vmm::InstanceOf(const hyp::Vcpu& vcpu) {
  for (auto& other : others_)
    if (other->Owns(vcpu)) return *other;
  return *guest_;
}

void Vmm::WriteGuest(uint64_t ipa, const uint8_t* data, uint64_t size) {
  // A write may span two slots (RAM cut by an untagged range): page by page.
  while (size > 0) {
    const uint64_t n = std::min(size, hyp::kPageBytes - (ipa & (hyp::kPageBytes - 1)));
    const uint64_t pa = guest_->BackingOf(ipa, n);
    const bool ok = pa != ~uint64_t{0} && (data ? hypervisor_.memory().Write(pa, data, n) : hypervisor_.memory().Zero(pa, n));
    if (!ok) throw Error("guest physical address " + Hex(ipa) + " is not backed by memory");
    ipa += n;
    size -= n;
    if (data) data += n;
  }
}

void Vmm::LoadKernel(const std::string& image_path) {
  models::PhysicalWriter writer;
  writer.write = [this](uint64_t ipa, const uint8_t* bytes, uint64_t size) { WriteGuest(ipa, bytes, size); };
  writer.zero = [this](uint64_t ipa, uint64_t size) { WriteGuest(ipa, nullptr, size); };
  boot_ = models::LoadGuest(image_path, config_, false, writer);
}

void Vmm::Start() {
  // KVM_ARM_VCPU_INIT's reset state, then the boot protocol: PC at the entry, x0 the
  // device tree (QEMU's arm_load_kernel with KVM sets them by KVM_SET_ONE_REG).
  hyp::Vcpu& boot_vcpu = *guest_->vm().GetVcpu(0);
  if (boot_vcpu.SetOneReg(hyp::KVM_CORE_PC, boot_.image.entry) != 0 ||
      boot_vcpu.SetOneReg(hyp::KvmCoreX(0), boot_.dtb_address) != 0)
    throw Error("KVM_SET_ONE_REG on vCPU 0 failed");
  // What the backing policy did before the guest's first instruction (eager: every page).
  pages_sanitised_before_start_ = guest_->vm().stats().pages_sanitised();
  guest_->runner().Start(boot_vcpu);
  if (config_.operations.swap_limit_pages) {
    resident_limit_ = std::make_unique<ResidentLimit>(*guest_, config_.operations.swap_limit_pages,
                                                      board_.statistics().root().Child("swap"));
    resident_limit_->Start();
  }
  if (config_.operations.migrating()) {
    migration_ = std::make_unique<MigrationDriver>(*this, config_.operations, config_.smp,
                                                   board_.statistics().root().Child("migration"),
                                                   std::move(migration_transport_));
    migration_->Start();
  }
}

// ---------------------------------------------------------------------------------------
// Exits

void Vmm::Mmio(hyp::Vcpu& vcpu, hyp::KvmRunMmio& mmio) {
  ++(*counters_)[kMmioExits];
  AnswerMmio(vcpu, mmio);
  Observe(hyp::KvmExit::Mmio(vcpu.id(), mmio));
}

void Vmm::AnswerMmio(hyp::Vcpu& vcpu, hyp::KvmRunMmio& mmio) {
  if (mmio.phys_addr < models::kFlashBase + models::kFlashSize) {
    // A write to the read-only flash slot (KVM_MEM_READONLY): the ROM drops it, as the
    // board's flash does. (Loads never exit: the slot maps them.)
    ++(*counters_)[kRomWrites];
    return;
  }
  tlm::tlm_generic_payload trans;
  trans.set_command(mmio.is_write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
  trans.set_address(mmio.phys_addr);
  trans.set_data_ptr(mmio.data);
  trans.set_data_length(mmio.len);
  trans.set_streaming_width(mmio.len);
  trans.set_byte_enable_ptr(nullptr);
  trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
  device_socket_->b_transport(trans, delay);
  if (trans.is_response_error()) {
    // No device answers (or the device refuses the access): the guest gets the
    // synchronous external abort the board's bus would give it. KVM does not retire an
    // MMIO instruction whose exit ends with an external abort pending.
    ++(*counters_)[kBusErrors];
    hyp::KvmVcpuEvents events;
    events.exception.ext_dabt_pending = 1;
    vcpu.SetVcpuEvents(events);
  }
}

void Vmm::SystemEvent(hyp::Vcpu& vcpu, uint32_t type) {
  Observe(hyp::KvmExit::SystemEvent(vcpu.id(), type));
  if (type == hyp::KVM_SYSTEM_EVENT_SHUTDOWN) board_.Stop(0, "");
  else board_.Stop(0, "the guest asked for a system reset; mtesim stops instead of rebooting");
}

bool Vmm::MemoryFault(hyp::Vcpu& vcpu, const hyp::KvmMemoryFault& fault) {
  Observe(hyp::KvmExit::MemoryFault(vcpu.id(), fault));
  if (fault.flags & hyp::KVM_MEMORY_EXIT_FLAG_TAG_ACCESS) {
    ++(*counters_)[kNotagaccessFaults];
    if (InstanceOf(vcpu).notagaccess().OnNoTagAccessFault(vcpu, fault) == hyp::NoTagAccessPolicy::Action::Resume) return true;
    board_.Stop(2, "vCPU " + std::to_string(vcpu.id()) + ": tag " +
                       (fault.flags & hyp::KVM_MEMORY_EXIT_FLAG_WRITE ? "write" : "read") + " to IPA " + Hex(fault.gpa) +
                       ", memory without tag storage (NoTagAccess): the VM was killed (--notagaccess-policy " +
                       models::NoTagAccessPolicyName(config_.notagaccess_policy) + ")");
    return false;
  }
  board_.Stop(2, "vCPU " + std::to_string(vcpu.id()) + ": memory fault at IPA " + Hex(fault.gpa));
  return false;
}

void Vmm::InternalError(hyp::Vcpu& vcpu, uint32_t suberror, int error) {
  Observe(hyp::KvmExit::InternalError(vcpu.id(), suberror, error));
  const std::string who = "vCPU " + std::to_string(vcpu.id());
  if (suberror == hyp::KVM_INTERNAL_ERROR_EMULATION)
    board_.Stop(2, who + ": an MMIO access the hypervisor cannot emulate (no instruction syndrome): the VM stopped");
  else
    board_.Stop(2, who + ": KVM_RUN failed: " + hyp::KvmErrorText(error) + " (e.g. code or translation tables outside every "
                         "memslot): the VM stopped");
}

std::string Vmm::Summary() const { return migration_ ? migration_->Summary() : std::string(); }

}  // namespace mtesim::vmm
