// The VMM as a script (Python) writes it: the script creates VMs through the hypervisor's
// KVM-like API, backs memslots with host pages it allocates, and calls KVM_RUN on a vCPU
// to get the next exit back, as a VMM's vCPU thread does with /dev/kvm. The simulated
// machine runs only inside Run: an exit records itself, pauses the board
// (Board::RequestPause) and keeps the exiting PE's thread waiting in the exit handler
// (Board::WaitUntilResumed) until the script has answered it and calls Run again. So an
// MMIO load gets the script's data, and a memory fault resumes only when the script
// calls KVM_RUN again, both as with KVM. Policies (NoTagAccess, vCPU scheduling) can be
// installed per VM; with a NoTagAccess policy its faults never reach the script.
#pragma once
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "models/board/board.h"
#include "models/hypervisor/hypervisor.h"
#include "models/hypervisor/kvm_run.h"
#include "models/hypervisor/policies/notagaccess_policy.h"
#include "models/hypervisor/vcpu_run.h"
#include "models/platform/image_loader.h"

namespace mtesim::vmm {

class ScriptVmm : public hyp::VmmExitHandler {
 public:
  ScriptVmm(models::Board& board, hyp::Hypervisor& hypervisor);
  ~ScriptVmm() override;

  // KVM_CREATE_VM (type: the IPA size, 0 for 40 bits): the descriptor, or a negative errno.
  int CreateVm(uint64_t type);
  hyp::Vm* GetVm(int fd) { return hypervisor_.GetVm(fd); }
  // KVM_CREATE_VCPU, and the vCPU placed on board PE (id mod PEs) for its VM's runner.
  int CreateVcpu(int fd, unsigned id);
  // VMM memory for memslots: `bytes` (page multiple) of host pages with or without tag
  // storage, zeroed. The host PA, or a negative errno (EINVAL, ENOMEM).
  int64_t AllocateMemory(uint64_t bytes, bool tag_capable);
  // Loads an ELF (or raw image) into the VM's memslots as QEMU's -kernel would; throws
  // mtesim::Error for a bad image or a segment outside every memslot.
  models::LoadedImage LoadImage(int fd, const std::string& path);

  // KVM_RUN on vCPU `id` of VM `fd`: answers the exit the script was last given (for an
  // MMIO load, the data set by CompleteMmio), starts the vCPU if it never ran, and runs
  // the machine until the next exit of any vCPU (one SystemC kernel runs every vCPU, so
  // the exit may be another vCPU's: KvmExit::vcpu says whose). 1 with `exit` set; 0 when
  // the machine stopped without one (`result` says why); EBADF/ENOENT for an unknown VM
  // or vCPU.
  int Run(int fd, unsigned id, hyp::KvmExit* exit, models::RunResult* result);
  // The data an MMIO load returns to the guest (the last exit given to the script).
  bool CompleteMmio(const uint8_t* data, unsigned size);

  void SetNoTagAccessPolicy(int fd, std::unique_ptr<hyp::NoTagAccessPolicy> policy);
  // Before the VM's first KVM_RUN.
  int SetSchedulingPolicy(int fd, std::unique_ptr<hyp::VcpuSchedulingPolicy> policy);
  hyp::VcpuRunner* runner(int fd);

  // VmmExitHandler
  void Mmio(hyp::Vcpu& vcpu, hyp::KvmRunMmio& mmio) override;
  void SystemEvent(hyp::Vcpu& vcpu, uint32_t type) override;
  bool MemoryFault(hyp::Vcpu& vcpu, const hyp::KvmMemoryFault& fault) override;
  void InternalError(hyp::Vcpu& vcpu, uint32_t suberror, int error) override;

 private:
  struct ScriptVm {
    int fd = -1;
    hyp::Vm* vm = nullptr;
    std::unique_ptr<hyp::VcpuRunner> runner;
    std::unique_ptr<hyp::NoTagAccessPolicy> notagaccess;
    std::vector<const hyp::Vcpu*> started;  // KVM_RUN's first entry done
  };
  // An exit waiting for the script: given to it by Run, answered by the next Run.
  struct PendingExit {
    hyp::KvmExit exit;
    bool given = false;
    bool answered = false;
  };
  ScriptVm* Find(int fd);
  ScriptVm* Owner(const hyp::Vcpu& vcpu);
  // From the exiting PE's thread: queues the exit and pauses the run; with `wait`, keeps
  // the thread here until the script has answered (then returns the answered exit).
  hyp::KvmExit Exit(const hyp::KvmExit& exit, bool wait);

  models::Board& board_;
  hyp::Hypervisor& hypervisor_;
  std::vector<std::unique_ptr<ScriptVm>> vms_;
  std::deque<std::shared_ptr<PendingExit>> exits_;  // in the order they happened
  std::shared_ptr<PendingExit> current_;            // the last one given to the script
};

}  // namespace mtesim::vmm
