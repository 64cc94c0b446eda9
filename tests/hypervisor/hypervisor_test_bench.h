// A board for the hypervisor's unit tests: a router with 16 MiB of tag-storage RAM at
// 0x40000000, a 2 MiB hole without tag storage in it, and the hypervisor's host-memory
// initiator bound to the router. Host pools: the private pool (stage-2 tables) in the
// first 4 MiB, the VMM pool in the rest, tag-capable except the untagged range.
#pragma once
#include <cstdint>
#include <string>
#include <typeinfo>

#include <tlm>

#include "models/bus/router.h"
#include "models/hypervisor/host_memory.h"
#include "models/hypervisor/host_page_allocator.h"
#include "models/memory/tag_storage_memory.h"
#include "models/mmu/access.h"

namespace hyp_test {

constexpr uint64_t kMiB = 1 << 20;
constexpr uint64_t kRamBase = 0x40000000;
constexpr uint64_t kRamSize = 16 * kMiB;
constexpr uint64_t kPrivateBase = kRamBase, kPrivateSize = 4 * kMiB;
constexpr uint64_t kTaggedBase = kRamBase + 4 * kMiB, kTaggedSize = 8 * kMiB;
constexpr uint64_t kUntaggedBase = kRamBase + 12 * kMiB, kUntaggedSize = 2 * kMiB;
constexpr uint64_t kTagged2Base = kRamBase + 14 * kMiB, kTagged2Size = 2 * kMiB;

// SystemC module names must be unique among live modules: one suffix per bench.
inline std::string Unique(const char* name) {
  static unsigned count = 0;
  return std::string(name) + "_" + std::to_string(count++);
}

struct Board {
  mtesim::models::Router router;
  mtesim::models::TagStorageMemory ram;
  mtesim::hyp::HostPhysicalMemory host;
  mtesim::hyp::HostPageAllocator pages;

  Board()
      : router(Unique("router").c_str()),
        ram(Unique("ram").c_str(), kRamSize, {{kUntaggedBase - kRamBase, kUntaggedSize}}),
        host(Unique("host").c_str()),
        pages(host) {
    host.socket.bind(router.target_socket);
    router.initiator_socket.bind(ram.socket);
    router.Map("ram", kRamBase, kRamSize, 0);
    // No sc_start in unit tests: do what elaboration would for this wiring (as the
    // TagStorageMemory router tests do): complete the initiator port's binding, then run
    // the multi-passthrough sockets' elaboration callbacks.
    auto& port = host.socket.get_base_port();
    port->register_port(port, typeid(tlm::tlm_fw_transport_if<>).name());
    router.initiator_socket.before_end_of_elaboration();
    router.target_socket.end_of_elaboration();
    pages.AddRange(mtesim::hyp::HostPool::Hypervisor, kPrivateBase, kPrivateSize);
    pages.AddRange(mtesim::hyp::HostPool::Vmm, kTaggedBase, kTaggedSize);
    pages.AddRange(mtesim::hyp::HostPool::Vmm, kUntaggedBase, kUntaggedSize);
    pages.AddRange(mtesim::hyp::HostPool::Vmm, kTagged2Base, kTagged2Size);
  }
};

// The PE's stage-2 walker reads descriptors from the same RAM the hypervisor wrote.
struct HostDescriptorReader : mtesim::mmu::DescriptorReader {
  explicit HostDescriptorReader(mtesim::hyp::HostPhysicalMemory& m) : memory(m) {}
  bool ReadDescriptor(uint64_t pa, uint64_t* descriptor) override { return memory.ReadU64(pa, descriptor); }
  mtesim::hyp::HostPhysicalMemory& memory;
};

}  // namespace hyp_test
