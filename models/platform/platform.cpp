#include "models/platform/platform.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "models/error.h"
#include "models/hex.h"
#include "models/hypervisor/host_memory.h"
#include "models/hypervisor/host_page_allocator.h"
#include "models/hypervisor/hypervisor.h"
#include "models/platform/bare_metal.h"
#include "models/vmm/guest_memory_layout.h"
#include "models/vmm/script_vmm.h"
#include "models/vmm/vmm.h"

namespace mtesim::models {

namespace {

// The board a bare-metal guest runs on: exactly the machine it asked for.
BoardConfig BareBoard(const PlatformConfig& c) {
  BoardConfig b;
  b.ram_bytes = c.memory_bytes;
  for (const MemoryRange& r : c.untagged_memory) b.untagged_ram.push_back({r.base, r.size});
  b.pes.clear();
  for (unsigned i = 0; i < c.smp; ++i) b.pes.push_back({c.PeAffinity(i), c.MteFeaturesOf(i), c.pe(i).dczid_bs});
  b.el2 = c.virtualization;
  b.gic_version = c.EffectiveGicVersion();
  b.max_insns = c.max_insns;
  b.quantum_ns = c.quantum_ns;
  b.cycle_ps = c.cycle_ps;
  b.counter_frequency = c.counter_frequency;
  b.timing_mode = c.mode == "timing";
  b.timing = c.timing;
  return b;
}

// The host a VM runs on: PEs with EL2 and a GICv3 (the hypervisor's own interrupt
// controller; the guest's is the VM's), host RAM for the hypervisor's and the VMM's pools
// (guest_memory_layout.h). The PEs implement the MTE the VM asks for, plus FEAT_MTE_PERM
// for NoTagAccess slots: what hardware implements a hypervisor cannot hide from a guest
// (an MTE instruction executes whatever the ID registers say), so the host is the machine
// whose MTE the guest gets, as QEMU's -cpu max with mte=on/off is.
BoardConfig HostBoard(const PlatformConfig& c, const vmm::GuestMemoryLayout& layout) {
  BoardConfig b = BareBoard(c);
  b.pes.resize(c.HostPeCount());  // vCPUs beyond are time-sliced on these
  // A migration's destination gets as many PEs again (from HostPeCount()), hardware like
  // the source's.
  for (unsigned i = c.HostPeCount(); i < c.BoardPes(); ++i) {
    const unsigned like = i - c.HostPeCount();
    b.pes.push_back({c.PeAffinity(i), c.MteFeaturesOf(like), c.pe(like).dczid_bs});
  }
  b.ram_bytes = layout.host_ram_bytes;
  b.untagged_ram.clear();
  if (layout.untagged_pool_bytes)
    b.untagged_ram.push_back({kRamBase + layout.host_ram_bytes - layout.untagged_pool_bytes, layout.untagged_pool_bytes});
  for (BoardConfig::Pe& pe : b.pes) pe.mte.perm = pe.mte.level >= 2;
  b.el2 = true;
  b.gic_version = 3;
  b.guest_console = false;  // the guest's console is the VMM's PL011
  return b;
}

// What the host offers its VMs (KVM_CHECK_EXTENSION): the MTE every PE has.
hyp::HostCapabilities HostOffer(const BoardConfig& board) {
  hyp::HostCapabilities h;
  h.mte = board.pes.front().mte;
  for (const BoardConfig::Pe& pe : board.pes) {
    h.mte.level = std::min(h.mte.level, pe.mte.level);
    h.mte.canonical_tags &= pe.mte.canonical_tags;
    h.mte.tagged_far &= pe.mte.tagged_far;
    h.mte.store_only &= pe.mte.store_only;
    h.mte.perm &= pe.mte.perm;
  }
  // The board's GICv3 is the host's: guest timer interrupts arrive there (host_gic.h).
  h.gic_distributor = kGicDistributorBase;
  h.gic_redistributors = kGicRedistributorBase;
  const unsigned pes = static_cast<unsigned>(board.pes.size());
  h.max_vcpus = std::max(h.max_vcpus, pes);
  h.max_vcpu_id = std::max(h.max_vcpu_id, pes);
  return h;
}

}  // namespace

uint64_t BoardRamBytes(const PlatformConfig& config) {
  return config.RunsAsVm() ? vmm::PlanGuestMemory(config).host_ram_bytes : config.memory_bytes;
}

unsigned BoardPeCount(const PlatformConfig& config) { return config.RunsAsVm() ? config.BoardPes() : config.smp; }

Platform::Platform(const PlatformConfig& config, ConsoleSink console) : config_(config) {
  config_.Validate();
  if (!config_.RunsAsVm()) {
    board_ = std::make_unique<Board>(BareBoard(config_), std::move(console));
    bare_ = std::make_unique<BareMetal>(*board_, config_);
    // The host side's port to memory (ReadGuestMemory and friends).
    host_memory_ = std::make_unique<hyp::HostPhysicalMemory>("host_memory");
    host_memory_->socket.bind(board_->router().target_socket);
    board_->Elaborate();
    CodeCache* code = board_->code_cache();
    host_memory_->ObserveWrites([code](uint64_t pa, uint64_t size) { code->NotifyWrite(pa, size); });
    return;
  }
  const vmm::GuestMemoryLayout layout = vmm::PlanGuestMemory(config_);
  const BoardConfig host = HostBoard(config_, layout);
  // The board's console is the host's; the guest's PL011 is the VMM's.
  board_ = std::make_unique<Board>(host, [](char) {});
  host_memory_ = std::make_unique<hyp::HostPhysicalMemory>("host_memory");
  host_memory_->socket.bind(board_->router().target_socket);
  host_pages_ = std::make_unique<hyp::HostPageAllocator>(*host_memory_);
  hyp::HostCapabilities offer = HostOffer(host);
  // --swap-limit: a swap device that can hold every page the limit may push out (the
  // guest's RAM above the limit; it costs host memory only for the pages it holds).
  const uint64_t guest_pages = config_.memory_bytes / hyp::kPageBytes;
  if (config_.operations.swap_limit_pages && config_.operations.swap_limit_pages < guest_pages)
    offer.swap_pages = std::max(offer.swap_pages, guest_pages - config_.operations.swap_limit_pages);
  hypervisor_ = std::make_unique<hyp::Hypervisor>(*host_memory_, *host_pages_, offer);
  if (config_.script_vmm) {
    board_->Elaborate();
    CodeCache* code = board_->code_cache();
    host_memory_->ObserveWrites([code](uint64_t pa, uint64_t size) { code->NotifyWrite(pa, size); });
    vmm::AddHostPools(*host_pages_, layout);
    script_vmm_ = std::make_unique<vmm::ScriptVmm>(*board_, *hypervisor_);
    return;
  }
  vmm_ = std::make_unique<vmm::Vmm>(*board_, *hypervisor_, config_, layout, std::move(console));
  board_->Elaborate();
  // Host writes (the image, swapped or migrated pages) reach the decoded-code cache.
  CodeCache* code = board_->code_cache();
  host_memory_->ObserveWrites([code](uint64_t pa, uint64_t size) { code->NotifyWrite(pa, size); });
  vmm_->CreateVm();
  vmm_->ObserveExits([this](const hyp::KvmExit& exit) {
    for (const auto& observe : exit_observers_) observe(exit);
    if (!pause_on_exit_) return;
    last_exit_ = exit;
    has_exit_ = true;
    board_->RequestPause("the VM exited to the VMM");
  });
}

Platform::~Platform() = default;

void Platform::LoadKernel(const std::string& image_path) {
  if (script_vmm_) throw Error("vmm 'script': the script loads images into its VMs (load_image)");
  if (vmm_) {
    vmm_->LoadKernel(image_path);
    vmm_->Start();
  } else {
    bare_->LoadKernel(image_path);
  }
  loaded_ = true;
}

const LoadedImage& Platform::image() const { return vmm_ ? vmm_->boot().image : bare_->boot().image; }

uint64_t Platform::device_tree_address() const { return vmm_ ? vmm_->boot().dtb_address : bare_->boot().dtb_address; }

RunResult Platform::RunFor(uint64_t instructions, bool until_vm_exit) {
  if (!loaded_) throw Error("no image loaded");
  if (until_vm_exit && !vmm_) throw Error("run until a VM exit: the guest runs without the hypervisor model");
  pause_on_exit_ = until_vm_exit;
  has_exit_ = false;
  const RunResult result = board_->RunFor(instructions);
  pause_on_exit_ = false;
  return result;
}

ProcessingElement& Platform::pe(unsigned index) {
  if (index >= board_->pe_count())
    throw Error("PE " + std::to_string(index) + ": the board has " + std::to_string(board_->pe_count()) + " PEs");
  return board_->pe(index);
}

uint64_t Platform::HostAddressOf(uint64_t address, uint64_t size, const char* what) {
  if (!vmm_) return address;
  hyp::Vm& vm = vmm_->vm();
  const hyp::Memslot* slot = vm.FindMemslot(address);
  if (slot == nullptr || !slot->Contains(address + size - 1))
    throw Error(std::string(what) + " at guest address " + Hex(address) + ": not guest memory");
  if (vm.SwappedOut(address) && vm.SwapIn(address) != 0)
    throw Error(std::string(what) + " at guest address " + Hex(address) + ": the page cannot be swapped in");
  if (vm.PageMissing(address))
    throw Error(std::string(what) + " at guest address " + Hex(address) + ": the page has not arrived (post-copy)");
  return slot->HostAddress(address);
}

// Calls f(host_pa, offset, n) for each piece of [address, address + size) within a page.
template <typename F>
void Platform::ForEachGuestPage(uint64_t address, uint64_t size, const char* what, F&& f) {
  if (size != 0 && address + size - 1 < address) throw Error(std::string(what) + ": the range wraps around");
  for (uint64_t done = 0; done < size;) {
    const uint64_t at = address + done;
    const uint64_t n = std::min(size - done, hyp::kPageBytes - (at & (hyp::kPageBytes - 1)));
    const uint64_t pa = HostAddressOf(at, n, what);
    if (!f(pa, done, n)) throw Error(std::string(what) + " at guest address " + Hex(at) + ": not guest memory");
    done += n;
  }
}

void Platform::ReadGuestMemory(uint64_t address, uint8_t* data, uint64_t size) {
  ForEachGuestPage(address, size, "memory read",
                   [&](uint64_t pa, uint64_t off, uint64_t n) { return host_memory_->Read(pa, data + off, n); });
}

void Platform::WriteGuestMemory(uint64_t address, const uint8_t* data, uint64_t size) {
  ForEachGuestPage(address, size, "memory write",
                   [&](uint64_t pa, uint64_t off, uint64_t n) { return host_memory_->Write(pa, data + off, n); });
}

namespace {
void CheckGranules(uint64_t address, uint64_t size, const char* what) {
  if ((address | size) % hyp::kTagGranuleBytes != 0)
    throw Error(std::string(what) + " at guest address " + Hex(address) + " size " + std::to_string(size) +
                ": tags are per 16-byte granule (address and size must be multiples of 16)");
}
}  // namespace

void Platform::ReadGuestTags(uint64_t address, uint64_t size, uint8_t* tags) {
  CheckGranules(address, size, "tag read");
  ForEachGuestPage(address, size, "tag read", [&](uint64_t pa, uint64_t off, uint64_t n) {
    return host_memory_->ReadTags(pa, n, tags + off / hyp::kTagGranuleBytes);
  });
}

void Platform::WriteGuestTags(uint64_t address, uint64_t size, const uint8_t* tags) {
  CheckGranules(address, size, "tag write");
  ForEachGuestPage(address, size, "tag write", [&](uint64_t pa, uint64_t off, uint64_t n) {
    return host_memory_->WriteTags(pa, n, tags + off / hyp::kTagGranuleBytes);
  });
}

std::string Platform::Summary() const { return vmm_ ? vmm_->Summary() : std::string(); }

nlohmann::json Platform::Statistics() const { return board_->statistics().ToJson(); }

}  // namespace mtesim::models
