// What KVM_RUN hands the VMM when it returns (struct kvm_run's exit reasons and their
// payloads, values from Linux's include/uapi/linux/kvm.h).
#pragma once
#include <cstdint>

namespace mtesim::hyp {

constexpr uint32_t KVM_EXIT_MMIO = 6;
constexpr uint32_t KVM_EXIT_INTERNAL_ERROR = 17;
constexpr uint32_t KVM_EXIT_SYSTEM_EVENT = 24;
constexpr uint32_t KVM_EXIT_MEMORY_FAULT = 39;

// kvm_run.mmio: for a load the VMM fills data[0..len).
struct KvmRunMmio {
  uint64_t phys_addr = 0;
  uint8_t data[8] = {};
  uint32_t len = 0;
  uint8_t is_write = 0;
};

// kvm_run.system_event.type.
constexpr uint32_t KVM_SYSTEM_EVENT_SHUTDOWN = 1;
constexpr uint32_t KVM_SYSTEM_EVENT_RESET = 2;

// kvm_run.memory_fault. KVM_MEMORY_EXIT_FLAG_PRIVATE is KVM's; the tag-access and write
// flags are model extensions (a NoTagAccess fault, and its direction).
constexpr uint64_t KVM_MEMORY_EXIT_FLAG_PRIVATE = 1ull << 3;
constexpr uint64_t KVM_MEMORY_EXIT_FLAG_TAG_ACCESS = 1ull << 32;
constexpr uint64_t KVM_MEMORY_EXIT_FLAG_WRITE = 1ull << 33;
struct KvmMemoryFault {
  uint64_t flags = 0;
  uint64_t gpa = 0;
  uint64_t size = 0;
};

// kvm_run.internal.suberror.
constexpr uint32_t KVM_INTERNAL_ERROR_EMULATION = 1;

// What one KVM_RUN returned to the VMM: struct kvm_run's exit_reason and that reason's
// payload (the rest is zero), as a VMM's log or a script sees it.
struct KvmExit {
  uint32_t exit_reason = 0;
  unsigned vcpu = 0;
  KvmRunMmio mmio;                 // KVM_EXIT_MMIO (data as the VMM answered a load)
  uint32_t system_event_type = 0;  // KVM_EXIT_SYSTEM_EVENT
  KvmMemoryFault memory_fault;     // KVM_EXIT_MEMORY_FAULT
  uint32_t suberror = 0;           // KVM_EXIT_INTERNAL_ERROR; 0 with `error` when KVM_RUN failed
  int error = 0;

  // One per exit reason, so every VMM fills the record the same way.
  static KvmExit Mmio(unsigned vcpu, const KvmRunMmio& mmio) {
    KvmExit e = Of(KVM_EXIT_MMIO, vcpu);
    e.mmio = mmio;
    return e;
  }
  static KvmExit SystemEvent(unsigned vcpu, uint32_t type) {
    KvmExit e = Of(KVM_EXIT_SYSTEM_EVENT, vcpu);
    e.system_event_type = type;
    return e;
  }
  static KvmExit MemoryFault(unsigned vcpu, const KvmMemoryFault& fault) {
    KvmExit e = Of(KVM_EXIT_MEMORY_FAULT, vcpu);
    e.memory_fault = fault;
    return e;
  }
  static KvmExit InternalError(unsigned vcpu, uint32_t suberror, int error) {
    KvmExit e = Of(KVM_EXIT_INTERNAL_ERROR, vcpu);
    e.suberror = suberror;
    e.error = error;
    return e;
  }

 private:
  static KvmExit Of(uint32_t reason, unsigned vcpu) {
    KvmExit e;
    e.exit_reason = reason;
    e.vcpu = vcpu;
    return e;
  }
};

}  // namespace mtesim::hyp
