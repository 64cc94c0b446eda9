// The errno values the hypervisor API returns, negated as a KVM ioctl's kernel side returns
// them (user space then sees -1 with errno set). Named once here so every call site uses
// the value KVM uses for the same misuse:
//   EINVAL  a malformed argument, or a request not allowed in the current state (enabling
//           a VM capability after a vCPU exists, an unaligned memslot)
//   EFAULT  an address that does not resolve (an IPA outside every memslot in COPY_TAGS,
//           a memslot beyond the VM's IPA space, backing the VMM does not own)
//   EBUSY   a request that would race with a running mechanism (COPY_TAGS to the guest
//           while dirty logging is on)
//   ENOENT  no such object (a memslot without a dirty log, a hidden or unknown register)
//   EEXIST  an object already there (an overlapping memslot, a vCPU id in use)
//   ENOMEM  out of host pages (stage-2 tables, VMIDs)
//   E2BIG   more than a limit (vCPUs beyond KVM_CAP_MAX_VCPUS)
//   EBADF   no such VM (a closed VM file descriptor)
//   ENODEV  no such device type (KVM_CREATE_DEVICE), or a vGIC attribute of the other version
//   ENXIO   no such attribute group/attribute; a vGIC frame without an address; KVM_IRQ_LINE
//           without an in-kernel irqchip
#pragma once
#include <cerrno>
#include <cstring>
#include <string>

namespace mtesim::hyp {

constexpr int kEINVAL = -EINVAL;
constexpr int kEFAULT = -EFAULT;
constexpr int kEBUSY = -EBUSY;
constexpr int kENOENT = -ENOENT;
constexpr int kEEXIST = -EEXIST;
constexpr int kENOMEM = -ENOMEM;
constexpr int kE2BIG = -E2BIG;
constexpr int kEBADF = -EBADF;
constexpr int kENODEV = -ENODEV;
constexpr int kENXIO = -ENXIO;
constexpr int kENOSYS = -ENOSYS;  // MMIO without an instruction syndrome (io_mem_abort)
constexpr int kENOSPC = -ENOSPC;  // the swap device is full

// A KVM error for a message: "Invalid argument (errno 22)" for -EINVAL.
inline std::string KvmErrorText(int error) {
  return std::string(std::strerror(-error)) + " (errno " + std::to_string(-error) + ")";
}

}  // namespace mtesim::hyp
