#include "models/vmm/script_vmm.h"

#include <algorithm>
#include <vector>

#include "models/error.h"
#include "models/hex.h"
#include "models/hypervisor/host_memory.h"
#include "models/hypervisor/host_page_allocator.h"
#include "models/hypervisor/kvm_errors.h"
#include "models/hypervisor/memslot.h"
#include "models/board/memory_map.h"

namespace mtesim::vmm {

using models::Hex;

ScriptVmm::ScriptVmm(models::Board& board, hyp::Hypervisor& hypervisor) : board_(board), hypervisor_(hypervisor) {}

ScriptVmm::~ScriptVmm() = default;

int ScriptVmm::CreateVm(uint64_t type) {
  const int fd = hypervisor_.CreateVm(type);
  if (fd < 0) return fd;
  auto v = std::make_unique<ScriptVm>();
  v->fd = fd;
  v->vm = hypervisor_.GetVm(fd);
  // The runner wires the VM's stage-2 flush to the PEs its vCPUs run on.
  v->runner = std::make_unique<hyp::VcpuRunner>(*v->vm, *this);
  vms_.push_back(std::move(v));
  return fd;
}

ScriptVmm::ScriptVm* ScriptVmm::Find(int fd) {
  for (auto& v : vms_)
    if (v->fd == fd && hypervisor_.GetVm(fd) == v->vm) return v.get();
  return nullptr;
}

ScriptVmm::ScriptVm* ScriptVmm::Owner(const hyp::Vcpu& vcpu) {
  for (auto& v : vms_)
    for (const auto& c : v->vm->vcpus())
      if (c.get() == &vcpu) return v.get();
  return nullptr;
}

hyp::VcpuRunner* ScriptVmm::runner(int fd) {
  ScriptVm* v = Find(fd);
  return v ? v->runner.get() : nullptr;
}

int ScriptVmm::CreateVcpu(int fd, unsigned id) {
  ScriptVm* v = Find(fd);
  if (v == nullptr) return hyp::kEBADF;
  if (const int rc = v->vm->CreateVcpu(id)) return rc;
  // As the built-in VMM places them: vCPU i on PE i mod PEs, time-sliced when shared.
  v->runner->Bind(*v->vm->GetVcpu(id), board_.pe(id % board_.pe_count()));
  return 0;
}

int64_t ScriptVmm::AllocateMemory(uint64_t bytes, bool tag_capable) {
  if (bytes == 0 || bytes % hyp::kPageBytes != 0) return hyp::kEINVAL;
  return hypervisor_.pages().Allocate(hyp::HostPool::Vmm, bytes / hyp::kPageBytes,
                                      tag_capable ? hyp::TagBacking::TagCapable : hyp::TagBacking::Untagged);
}

models::LoadedImage ScriptVmm::LoadImage(int fd, const std::string& path) {
  ScriptVm* v = Find(fd);
  if (v == nullptr) throw Error("load_image: no such VM");
  hyp::Vm& vm = *v->vm;
  const hyp::Memslot* ram = vm.FindMemslot(models::kRamBase);
  if (ram == nullptr) throw Error("load_image: no memslot at the RAM base " + Hex(models::kRamBase));
  std::vector<models::LoadableRange> others;
  for (const auto& [id, slot] : vm.memslots())
    if (&slot != ram) others.push_back({"memslot " + std::to_string(id), slot.guest_phys_addr, slot.memory_size});
  // Guest-physical writes through the memslots to their backing, a page at a time.
  const auto put = [&vm, this](uint64_t ipa, const uint8_t* data, uint64_t size) {
    static const std::vector<uint8_t> zeros(hyp::kPageBytes);
    for (uint64_t done = 0; done < size;) {
      const uint64_t at = ipa + done;
      const uint64_t n = std::min(size - done, hyp::kPageBytes - (at & (hyp::kPageBytes - 1)));
      const hyp::Memslot* slot = vm.FindMemslot(at);
      if (slot == nullptr) throw Error("load_image: guest address " + Hex(at) + " is in no memslot");
      hypervisor_.memory().Write(slot->HostAddress(at), data ? data + done : zeros.data(), n);
      done += n;
    }
  };
  models::PhysicalWriter writer;
  writer.write = put;
  writer.zero = [put](uint64_t ipa, uint64_t size) { put(ipa, nullptr, size); };
  return models::LoadImage(path, ram->guest_phys_addr, ram->memory_size, writer, others);
}

int ScriptVmm::Run(int fd, unsigned id, hyp::KvmExit* exit, models::RunResult* result) {
  ScriptVm* v = Find(fd);
  if (v == nullptr) return hyp::kEBADF;
  hyp::Vcpu* vcpu = v->vm->GetVcpu(id);
  if (vcpu == nullptr) return hyp::kENOENT;
  // This KVM_RUN answers the exit the script was given last.
  if (current_) {
    current_->answered = true;
    exits_.erase(std::remove(exits_.begin(), exits_.end(), current_), exits_.end());
    current_.reset();
  }
  if (std::find(v->started.begin(), v->started.end(), vcpu) == v->started.end()) {
    v->started.push_back(vcpu);
    v->runner->Start(*vcpu);
  }
  const auto next = [this] {
    for (auto& e : exits_)
      if (!e->given) return e;
    return std::shared_ptr<PendingExit>();
  };
  std::shared_ptr<PendingExit> e = next();
  if (!e) {  // else an exit that happened in the same delta cycle is given first
    *result = board_.RunFor(0);
    e = next();
  }
  if (!e) return 0;
  e->given = true;
  // SystemEvent and InternalError end the vCPU: nothing waits for their answer.
  if (e->exit.exit_reason == hyp::KVM_EXIT_SYSTEM_EVENT || e->exit.exit_reason == hyp::KVM_EXIT_INTERNAL_ERROR)
    exits_.erase(std::remove(exits_.begin(), exits_.end(), e), exits_.end());
  else
    current_ = e;
  *exit = e->exit;
  return 1;
}

bool ScriptVmm::CompleteMmio(const uint8_t* data, unsigned size) {
  if (!current_ || current_->exit.exit_reason != hyp::KVM_EXIT_MMIO || current_->exit.mmio.is_write ||
      size != current_->exit.mmio.len || size > sizeof current_->exit.mmio.data)
    return false;
  std::copy(data, data + size, current_->exit.mmio.data);
  return true;
}

void ScriptVmm::SetNoTagAccessPolicy(int fd, std::unique_ptr<hyp::NoTagAccessPolicy> policy) {
  if (ScriptVm* v = Find(fd)) v->notagaccess = std::move(policy);
}

int ScriptVmm::SetSchedulingPolicy(int fd, std::unique_ptr<hyp::VcpuSchedulingPolicy> policy) {
  ScriptVm* v = Find(fd);
  if (v == nullptr) return hyp::kEBADF;
  v->runner->SetSchedulingPolicy(std::move(policy));
  return 0;
}

hyp::KvmExit ScriptVmm::Exit(const hyp::KvmExit& exit, bool wait) {
  auto pending = std::make_shared<PendingExit>();
  pending->exit = exit;
  exits_.push_back(pending);
  board_.RequestPause("the VM exited to the script VMM");
  // Resuming wakes every waiting PE; only the one whose exit was answered goes on.
  while (wait && !pending->answered) board_.WaitUntilResumed();
  return pending->exit;
}

void ScriptVmm::Mmio(hyp::Vcpu& vcpu, hyp::KvmRunMmio& mmio) {
  const hyp::KvmExit answered = Exit(hyp::KvmExit::Mmio(vcpu.id(), mmio), true);
  if (!mmio.is_write) std::copy(answered.mmio.data, answered.mmio.data + sizeof mmio.data, mmio.data);
}

void ScriptVmm::SystemEvent(hyp::Vcpu& vcpu, uint32_t type) {
  Exit(hyp::KvmExit::SystemEvent(vcpu.id(), type), false);
}

bool ScriptVmm::MemoryFault(hyp::Vcpu& vcpu, const hyp::KvmMemoryFault& fault) {
  ScriptVm* v = Owner(vcpu);
  if (v && (fault.flags & hyp::KVM_MEMORY_EXIT_FLAG_TAG_ACCESS) && v->notagaccess) {
    if (v->notagaccess->OnNoTagAccessFault(vcpu, fault) == hyp::NoTagAccessPolicy::Action::Resume) return true;
    board_.Stop(2, "vCPU " + std::to_string(vcpu.id()) + ": tag access to IPA " + Hex(fault.gpa) +
                       " without tag storage (NoTagAccess): the VM was killed by its policy");
    return false;
  }
  // KVM_RUN again re-enters the vCPU (the script resolved the fault or set an event).
  Exit(hyp::KvmExit::MemoryFault(vcpu.id(), fault), true);
  return true;
}

void ScriptVmm::InternalError(hyp::Vcpu& vcpu, uint32_t suberror, int error) {
  Exit(hyp::KvmExit::InternalError(vcpu.id(), suberror, error), false);
}

}  // namespace mtesim::vmm
