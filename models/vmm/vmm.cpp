#include "models/vmm/vmm.h"

#include <cstdio>
#include <cstring>

#include <nlohmann/json.hpp>

#include "models/error.h"
#include "models/hypervisor/host_memory.h"
#include "models/hypervisor/host_page_allocator.h"
#include "models/hypervisor/kvm_api.h"
#include "models/vmm/vgic_setup.h"

namespace mtesim::vmm {

namespace {

std::string Hex(uint64_t v) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(v));
  return text;
}

std::string ErrnoName(int error) {
  const int e = -error;
  return std::string(std::strerror(e)) + " (errno " + std::to_string(e) + ")";
}

// KVM_CAP_ARM_MTE's level for the VM the configuration asks for.
uint64_t KvmMteLevel(const models::MteLevel& mte) {
  if (mte.max) return hyp::kMteLevelMax;
  switch (mte.level) {
    case 0: return hyp::kMteLevelOff;
    case 2: return hyp::kMteLevel2;
    case 3: return hyp::kMteLevel3;
    default:
      // FEAT_MTE without tag storage cannot be given to a VM: KVM's MTE is MTE2 or more.
      throw Error("--mte 1: the hypervisor model gives VMs MTE off, 2, 3 or max; FEAT_MTE alone runs only with "
                  "--hypervisor none");
  }
}

}  // namespace

Vmm::Vmm(models::Board& board, hyp::Hypervisor& hypervisor, const models::PlatformConfig& config,
         const GuestMemoryLayout& layout, models::Pl011::Sink console, sc_core::sc_module_name name)
    : sc_module(name),
      board_(board),
      hypervisor_(hypervisor),
      config_(config),
      layout_(layout),
      devices_("devices"),
      uart_("uart", std::move(console)),
      device_socket_("device_socket") {
  devices_.initiator_socket.bind(uart_.socket);
  devices_.Map("pl011", models::kUartBase, models::kUartSize, 0);
  device_socket_.bind(devices_.target_socket);
}

Vmm::~Vmm() = default;

void Vmm::AddSlot(uint64_t ipa, uint64_t size, bool tag_capable, uint32_t flags, const char* what) {
  const uint64_t pages = size / hyp::kPageBytes;
  const int64_t pa = hypervisor_.pages().Allocate(
      hyp::HostPool::Vmm, pages, tag_capable ? hyp::TagBacking::TagCapable : hyp::TagBacking::Untagged);
  if (pa < 0) throw Error(std::string(what) + ": the VMM's host memory is exhausted");
  hyp::KvmUserspaceMemoryRegion region;
  region.slot = static_cast<uint32_t>(slots_.size());
  region.flags = flags;
  region.guest_phys_addr = ipa;
  region.memory_size = size;
  region.userspace_addr = static_cast<uint64_t>(pa);
  if (const int rc = vm_->SetUserMemoryRegion(region)) {
    if (!tag_capable && vm_->mte_enabled())
      throw Error(std::string(what) + " at " + Hex(ipa) + ": memory without tag storage in a VM with MTE needs "
                  "FEAT_MTE_PERM's NoTagAccess (KVM_SET_USER_MEMORY_REGION: " + ErrnoName(rc) + ")");
    throw Error(std::string(what) + " at " + Hex(ipa) + ": KVM_SET_USER_MEMORY_REGION failed: " + ErrnoName(rc));
  }
  slots_.push_back({region.slot, ipa, size, region.userspace_addr});
}

void Vmm::CreateVm() {
  hyp::HostPageAllocator& pages = hypervisor_.pages();
  uint64_t base = models::kRamBase;
  const auto add_range = [&](hyp::HostPool pool, uint64_t size) {
    if (size && pages.AddRange(pool, base, size) != 0) throw Error("host RAM at " + Hex(base) + ": not usable");
    base += size;
  };
  add_range(hyp::HostPool::Hypervisor, layout_.hypervisor_pool_bytes);
  add_range(hyp::HostPool::Vmm, layout_.tag_capable_pool_bytes);
  add_range(hyp::HostPool::Vmm, layout_.untagged_pool_bytes);

  const int fd = hypervisor_.CreateVm(0);
  if (fd < 0) throw Error("KVM_CREATE_VM failed: " + ErrnoName(fd));
  vm_ = hypervisor_.GetVm(fd);
  const uint64_t level = KvmMteLevel(config_.mte);
  if (level != hyp::kMteLevelOff) {
    hyp::KvmEnableCap cap;
    cap.cap = hyp::KVM_CAP_ARM_MTE;
    cap.args[0] = level;
    if (const int rc = vm_->EnableCap(cap)) throw Error("--mte " + config_.mte.ToString() + ": KVM_CAP_ARM_MTE: " + ErrnoName(rc));
  }
  bool untagged = false;
  for (const GuestRamPiece& piece : layout_.ram) untagged |= !piece.tag_capable;
  if (untagged && vm_->mte_enabled() && hypervisor_.CheckExtension(hyp::KVM_CAP_ARM_MTE_PERM)) {
    hyp::KvmEnableCap cap;
    cap.cap = hyp::KVM_CAP_ARM_MTE_PERM;
    if (const int rc = vm_->EnableCap(cap)) throw Error("untagged_memory: KVM_CAP_ARM_MTE_PERM: " + ErrnoName(rc));
  }
  for (const GuestRamPiece& piece : layout_.ram)
    AddSlot(piece.ipa, piece.size, piece.tag_capable, 0, piece.tag_capable ? "RAM" : "untagged_memory");
  AddSlot(models::kFlashBase, models::kFlashSize, true, hyp::KVM_MEM_READONLY, "the boot flash");

  switch (config_.notagaccess_policy) {
    case models::NoTagAccessPolicyKind::Kill: notagaccess_ = std::make_unique<hyp::KillVmPolicy>(); break;
    case models::NoTagAccessPolicyKind::Remap:
      notagaccess_ = std::make_unique<hyp::RemapTagCapablePolicy>(*vm_, hypervisor_.memory(), pages);
      break;
    case models::NoTagAccessPolicyKind::InjectSea: notagaccess_ = std::make_unique<hyp::InjectSeaPolicy>(); break;
  }

  runner_ = std::make_unique<hyp::VcpuRunner>(*vm_, *this);
  for (unsigned id = 0; id < config_.smp; ++id) {
    if (const int rc = vm_->CreateVcpu(id)) throw Error("--smp " + std::to_string(config_.smp) + ": KVM_CREATE_VCPU " +
                                                        std::to_string(id) + ": " + ErrnoName(rc));
    // Spread over the host's PEs: vCPU i on PE i mod PEs (so --vcpus-per-pe 2 puts vCPUs
    // 0 and 2 together, as a host scheduler balancing them would).
    runner_->Bind(*vm_->GetVcpu(id), board_.pe(id % board_.pe_count()));
  }
  const unsigned gic = config_.EffectiveGicVersion();
  if (const int rc = CreateVgic(*vm_, gic))
    throw Error("--gic-version " + std::to_string(gic) + ": the in-kernel vGIC: " + ErrnoName(rc));
}

uint64_t Vmm::BackingOf(uint64_t ipa, uint64_t size) const {
  for (const Slot& s : slots_)
    if (ipa >= s.ipa && ipa - s.ipa < s.size && size <= s.size - (ipa - s.ipa)) return s.backing + (ipa - s.ipa);
  return ~uint64_t{0};
}

void Vmm::WriteGuest(uint64_t ipa, const uint8_t* data, uint64_t size) {
  // A write may span two slots (RAM cut by an untagged range): page by page.
  while (size > 0) {
    const uint64_t n = std::min(size, hyp::kPageBytes - (ipa & (hyp::kPageBytes - 1)));
    const uint64_t pa = BackingOf(ipa, n);
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
  hyp::Vcpu& boot_vcpu = *vm_->GetVcpu(0);
  if (boot_vcpu.SetOneReg(hyp::KVM_CORE_PC, boot_.image.entry) != 0 ||
      boot_vcpu.SetOneReg(hyp::KvmCoreX(0), boot_.dtb_address) != 0)
    throw Error("KVM_SET_ONE_REG on vCPU 0 failed");
  runner_->Start(boot_vcpu);
}

// ---------------------------------------------------------------------------------------
// Exits

void Vmm::Mmio(hyp::Vcpu& vcpu, hyp::KvmRunMmio& mmio) {
  ++mmio_exits_;
  if (mmio.phys_addr < models::kFlashBase + models::kFlashSize) {
    // A write to the read-only flash slot (KVM_MEM_READONLY): the ROM drops it, as the
    // board's flash does. (Loads never exit: the slot maps them.)
    ++rom_writes_;
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
    ++bus_errors_;
    hyp::KvmVcpuEvents events;
    events.exception.ext_dabt_pending = 1;
    vcpu.SetVcpuEvents(events);
  }
}

void Vmm::SystemEvent(hyp::Vcpu&, uint32_t type) {
  if (type == hyp::KVM_SYSTEM_EVENT_SHUTDOWN) board_.Stop(0, "");
  else board_.Stop(0, "the guest asked for a system reset; mtesim stops instead of rebooting");
}

bool Vmm::MemoryFault(hyp::Vcpu& vcpu, const hyp::KvmMemoryFault& fault) {
  if (fault.flags & hyp::KVM_MEMORY_EXIT_FLAG_TAG_ACCESS) {
    ++notagaccess_faults_;
    if (notagaccess_->OnNoTagAccessFault(vcpu, fault) == hyp::NoTagAccessPolicy::Action::Resume) return true;
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
  const std::string who = "vCPU " + std::to_string(vcpu.id());
  if (suberror == hyp::KVM_INTERNAL_ERROR_EMULATION)
    board_.Stop(2, who + ": an MMIO access the hypervisor cannot emulate (no instruction syndrome): the VM stopped");
  else
    board_.Stop(2, who + ": KVM_RUN failed: " + ErrnoName(error) + " (e.g. code or translation tables outside every "
                         "memslot): the VM stopped");
}

nlohmann::json Vmm::Statistics() const {
  nlohmann::json j;
  const hyp::VcpuRunStats& r = runner_->stats();
  j["hypervisor"] = {{"exits", r.exits},
                     {"stage2_faults", r.stage2_faults},
                     {"mmio_exits", r.mmio_exits},
                     {"mmio_in_kernel", r.mmio_in_kernel},
                     {"hypercalls", r.hypercalls},
                     {"undef_injected", r.undef_injected},
                     {"sysreg_emulated", r.sysreg_emulated},
                     {"gic_sysreg_emulated", r.gic_sysreg_emulated},
                     {"interrupts", r.interrupts},
                     {"timer_interrupts", r.timer_interrupts},
                     {"ext_abort_injected", r.ext_abort_injected},
                     {"vcpu_switches", r.vcpu_switches},
                     {"slices_ended", r.slices_ended},
                     {"wfi_yields", r.wfi_yields},
                     {"kicks", r.kicks}};
  const hyp::VmStats& v = vm_->stats();
  j["hypervisor"]["vm"] = {{"pages_sanitised", v.pages_sanitised()},
                            {"faults_mapped", v.faults_mapped()},
                            {"faults_mmio", v.faults_mmio()},
                            {"faults_notagaccess", v.faults_notagaccess()},
                            {"faults_dirty_logged", v.faults_dirty_logged()},
                            {"faults_spurious", v.faults_spurious()},
                            {"faults_error", v.faults_error()},
                            {"tag_bytes_copied_to_guest", v.tag_bytes_copied_to_guest()},
                            {"tag_bytes_copied_from_guest", v.tag_bytes_copied_from_guest()},
                            {"dirty_pages_logged", v.dirty_pages_logged()}};
  // The guest's console is the VMM's PL011; its firmware calls reach the hypervisor.
  j["uart"]["bytes_transmitted"] = uart_.bytes_transmitted();
  j["psci"]["calls"] = r.hypercalls;
  j["vmm"] = {{"mmio_exits", mmio_exits_},
              {"bus_errors", bus_errors_},
              {"rom_writes", rom_writes_},
              {"notagaccess_faults", notagaccess_faults_},
              {"memslots", slots_.size()}};
  return j;
}

}  // namespace mtesim::vmm
