#include "models/hypervisor/vgic/vgic.h"

#include "models/devices/gic/gicv2.h"
#include "models/devices/gic/gicv3.h"
#include "models/hypervisor/kvm_errors.h"
#include "models/hypervisor/vgic/detached_context.h"
#include "models/hypervisor/vm.h"

namespace mtesim::hyp {
namespace {

bool Overlap(uint64_t a, uint64_t a_size, uint64_t b, uint64_t b_size) { return a < b + b_size && b < a + a_size; }

}  // namespace

Vgic::Vgic(Vm& vm, uint32_t type) : vm_(vm), version_(type == KVM_DEV_TYPE_ARM_VGIC_V2 ? 2 : 3) {}

Vgic::~Vgic() {
  for (auto& l : lines_) l->Put();
  DetachedSimContextScope scope;  // the model leaves the context it was built in
  cpu_contexts_.clear();
  model_.reset();
}

// ---- the device attributes (vgic-kvm-device.c) ----

int Vgic::SetAttr(const KvmDeviceAttr& a) {
  switch (a.group) {
    case KVM_DEV_ARM_VGIC_GRP_ADDR:
      if (a.addr == nullptr) return kEFAULT;
      return SetAddress(a.attr, *a.addr);
    case KVM_DEV_ARM_VGIC_GRP_CTRL:
      if (a.attr != KVM_DEV_ARM_VGIC_CTRL_INIT) return kENXIO;
      return Init();
    default:
      return IsRegisterGroup(version_, a.group) ? RegisterAccess(a, true) : kENXIO;
  }
}

int Vgic::GetAttr(const KvmDeviceAttr& a) {
  if (IsRegisterGroup(version_, a.group)) return RegisterAccess(a, false);
  if (a.group != KVM_DEV_ARM_VGIC_GRP_ADDR) return kENXIO;
  if (a.addr == nullptr) return kEFAULT;
  const bool v2_type = a.attr == KVM_VGIC_V2_ADDR_TYPE_DIST || a.attr == KVM_VGIC_V2_ADDR_TYPE_CPU;
  const bool v3_type = a.attr == KVM_VGIC_V3_ADDR_TYPE_DIST || a.attr == KVM_VGIC_V3_ADDR_TYPE_REDIST;
  if ((version_ == 2 && !v2_type) || (version_ == 3 && !v3_type)) return kENODEV;
  *a.addr = base_[a.attr];
  return 0;
}

int Vgic::HasAttr(const KvmDeviceAttr& a) {
  if (IsRegisterGroup(version_, a.group)) {
    // Whether the register exists needs the model; before it exists the group does.
    if (!initialized()) return 0;
    uint64_t scratch = 0;
    KvmDeviceAttr probe = a;
    probe.addr = &scratch;
    return RegisterAccess(probe, false);
  }
  switch (a.group) {
    case KVM_DEV_ARM_VGIC_GRP_ADDR:
      if (version_ == 2) return a.attr == KVM_VGIC_V2_ADDR_TYPE_DIST || a.attr == KVM_VGIC_V2_ADDR_TYPE_CPU ? 0 : kENXIO;
      return a.attr == KVM_VGIC_V3_ADDR_TYPE_DIST || a.attr == KVM_VGIC_V3_ADDR_TYPE_REDIST ? 0 : kENXIO;
    case KVM_DEV_ARM_VGIC_GRP_CTRL:
      return a.attr == KVM_DEV_ARM_VGIC_CTRL_INIT ? 0 : kENXIO;
    default:
      return kENXIO;
  }
}

uint64_t Vgic::FrameSize(uint64_t type) const {
  switch (type) {
    case KVM_VGIC_V2_ADDR_TYPE_DIST: return KVM_VGIC_V2_DIST_SIZE;
    case KVM_VGIC_V2_ADDR_TYPE_CPU: return KVM_VGIC_V2_CPU_SIZE;
    case KVM_VGIC_V3_ADDR_TYPE_DIST: return KVM_VGIC_V3_DIST_SIZE;
    default: return KVM_VGIC_V3_REDIST_SIZE * (vcpus_ ? vcpus_ : 1);
  }
}

// kvm_vgic_addr with vgic_check_iorange: a type of the other GIC version (or none) is
// ENODEV; a frame placed twice EEXIST; a base or size off the version's alignment EINVAL;
// a frame beyond the VM's IPA space E2BIG. Overlaps are found when the vCPU first runs.
int Vgic::SetAddress(uint64_t type, uint64_t addr) {
  const bool v2_type = type == KVM_VGIC_V2_ADDR_TYPE_DIST || type == KVM_VGIC_V2_ADDR_TYPE_CPU;
  const bool v3_type = type == KVM_VGIC_V3_ADDR_TYPE_DIST || type == KVM_VGIC_V3_ADDR_TYPE_REDIST;
  if ((version_ == 2 && !v2_type) || (version_ == 3 && !v3_type)) return kENODEV;
  if (base_[type] != kUndef) return kEEXIST;
  const uint64_t alignment = version_ == 2 ? kVgicV2Alignment : kVgicV3Alignment;
  // The legacy redistributor type checks one vCPU's frames; the rest at first run.
  const uint64_t size = type == KVM_VGIC_V3_ADDR_TYPE_REDIST ? KVM_VGIC_V3_REDIST_SIZE : FrameSize(type);
  if ((addr & (alignment - 1)) != 0 || (size & (alignment - 1)) != 0) return kEINVAL;
  if (addr + size < addr) return kEINVAL;
  const uint64_t ipa_size = uint64_t{1} << vm_.ipa_bits();
  if (addr >= ipa_size || addr + size > ipa_size) return kE2BIG;
  base_[type] = addr;
  return 0;
}

// vgic_init: once, with the vCPUs created so far (afterwards KVM_CREATE_VCPU is EBUSY).
// The model numbers its PEs 0..n-1 and derives each one's affinity from that number, as
// the vCPU's MPIDR is derived from its id: the ids must be 0..n-1 (a model limit, EINVAL).
int Vgic::Init() {
  if (initialized()) return 0;
  const unsigned n = vm_.vcpu_count();
  if (n == 0) return kEINVAL;
  for (unsigned id = 0; id < n; ++id)
    if (vm_.GetVcpu(id) == nullptr) return kEINVAL;
  vcpus_ = n;
  for (unsigned i = 0; i < n; ++i) lines_.push_back(std::make_unique<VcpuIrqLines>());
  DetachedSimContextScope scope;
  const char* name = sc_core::sc_gen_unique_name("vgic");
  if (version_ == 2) {
    auto gic = std::make_unique<models::Gicv2>(name, n, false);
    frames_[0] = &gic->distributor_socket.get_base_export();
    frames_[1] = &gic->cpu_interface_socket.get_base_export();
    controller_ = gic.get();
    gicv2_ = gic.get();
    model_ = std::move(gic);
  } else {
    auto gic = std::make_unique<models::Gicv3>(name, n);
    frames_[0] = &gic->distributor_socket.get_base_export();
    frames_[1] = &gic->redistributor_socket.get_base_export();
    controller_ = gic.get();
    gicv3_ = gic.get();
    for (unsigned i = 0; i < n; ++i) cpu_contexts_.push_back(std::make_unique<VgicCpuContext>(*gic->CpuInterface(i)));
    model_ = std::move(gic);
  }
  for (unsigned i = 0; i < n; ++i) controller_->ConnectPe(i, *lines_[i]);
  return 0;
}

int Vgic::MapResources() {
  if (ready_) return 0;
  if (!initialized()) {
    if (version_ != 2) return kEBUSY;  // vgic_lazy_init: only a GICv2 initialises itself
    if (const int err = Init()) return err;
  }
  const uint64_t first = version_ == 2 ? KVM_VGIC_V2_ADDR_TYPE_DIST : KVM_VGIC_V3_ADDR_TYPE_DIST;
  if (base_[first] == kUndef || base_[first + 1] == kUndef) return kENXIO;
  if (Overlap(base_[first], FrameSize(first), base_[first + 1], FrameSize(first + 1))) return kEINVAL;
  ready_ = true;
  return 0;
}

// ---- guest accesses ----

Vgic::MmioResult Vgic::Mmio(unsigned vcpu, uint64_t ipa, bool write, uint8_t* data, unsigned len) {
  if (!ready_) return MmioResult::NotMine;
  const uint64_t first = version_ == 2 ? KVM_VGIC_V2_ADDR_TYPE_DIST : KVM_VGIC_V3_ADDR_TYPE_DIST;
  for (unsigned f = 0; f < 2; ++f) {
    const uint64_t base = base_[first + f];
    if (ipa >= base && ipa - base < FrameSize(first + f))
      return Transport(*frames_[f], vcpu, ipa - base, write, data, len);
  }
  return MmioResult::NotMine;
}

Vgic::MmioResult Vgic::Transport(FrameExport& frame, unsigned vcpu, uint64_t offset, bool write, uint8_t* data,
                                 unsigned len) {
  tlm::tlm_generic_payload& trans = trans_;
  attributes_.initiator_id = vcpu;  // the GICv2 banks its CPU interface by the accessing CPU
  trans.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
  trans.set_address(offset);
  trans.set_data_ptr(data);
  trans.set_data_length(len);
  trans.set_streaming_width(len);
  trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  trans.set_byte_enable_ptr(nullptr);
  trans.set_dmi_allowed(false);
  trans.set_extension(&attributes_);
  sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
  frame->b_transport(trans, delay);
  trans.clear_extension(&attributes_);  // a member: not the payload's to free
  return trans.is_response_ok() ? MmioResult::Done : MmioResult::ExternalAbort;
}

bool Vgic::EmulateSysreg(unsigned vcpu, const isa::SystemRegisterInfo& reg, bool read, uint64_t& value) {
  if (version_ != 3 || vcpu >= cpu_contexts_.size()) return false;
  VgicCpuContext& c = *cpu_contexts_[vcpu];
  const isa::AccessResult access = reg.access ? reg.access(c, read) : isa::AccessResult::Allowed;
  if (access != isa::AccessResult::Allowed) return false;
  if (read) {
    if (reg.read == nullptr) return false;
    value = reg.read(c);
  } else {
    if (reg.write == nullptr) return false;
    reg.write(c, value);
  }
  return true;
}

// ---- interrupt inputs ----

int Vgic::SetSpi(unsigned intid, bool level) {
  if (!initialized()) {
    if (version_ != 2) return kEBUSY;
    if (const int err = Init()) return err;
  }
  if (intid < models::kPrivateCount || intid >= kVgicNrIrqs) return kEINVAL;
  controller_->SetSharedInterrupt(intid, level);
  return 0;
}

void Vgic::SetPpi(unsigned vcpu, unsigned intid, bool level) {
  if (controller_ != nullptr && vcpu < vcpus_) controller_->SetPrivateInterrupt(vcpu, intid, level);
}

void Vgic::LoadVcpu(unsigned vcpu, models::InterruptTarget& pe) {
  if (vcpu < lines_.size()) lines_[vcpu]->Load(pe);
}

void Vgic::SetWaker(VcpuWaker* waker) {
  for (unsigned i = 0; i < lines_.size(); ++i) lines_[i]->SetWaker(waker, i);
}

void Vgic::PutVcpu(unsigned vcpu) {
  if (vcpu < lines_.size()) lines_[vcpu]->Put();
}

}  // namespace mtesim::hyp
