// The vocabulary both translation stages share: what kind of access is translated, on
// whose behalf, and where descriptors are read from.
#pragma once
#include <cstdint>

#include "isa/exception.h"

namespace mtesim::mmu {

enum class AccessType : uint8_t { Read, Write, Fetch };

// Who is asking: privilege of the access and PSTATE.PAN (PAN only affects EL1 data accesses).
struct AccessContext {
  bool el0 = false;  // unprivileged (EL0, or LDTR/STTR at EL1)
  bool pan = false;  // PSTATE.PAN at EL1
};

// Reads one 64-bit descriptor from physical memory (little-endian). Returns false when the
// physical address is not backed (the walk then takes a synchronous external abort).
// Which table walk a descriptor read belongs to.
enum class WalkStage : uint8_t { Stage1, Stage2 };

class DescriptorReader {
 public:
  virtual ~DescriptorReader() = default;
  virtual bool ReadDescriptor(uint64_t pa, uint64_t* descriptor) = 0;
  // The same read, saying which walk makes it: a reader that models timing or records
  // traces tells them apart; a plain memory ignores it.
  virtual bool ReadWalkDescriptor(uint64_t pa, uint64_t* descriptor, WalkStage stage) {
    return ReadDescriptor(pa, descriptor);
  }
  // A stage-1 walk's read of the descriptor at `address` at `level`. The two-stage MMU
  // overrides it: `address` is then an IPA, translated through stage 2, and a stage-2 fault
  // (S1PTW) comes back in *fault. By default the address is physical and an unbacked one
  // is a synchronous external abort on the walk.
  virtual bool ReadTableDescriptor(uint64_t address, int level, uint64_t* descriptor, isa::Fault* fault) {
    if (ReadDescriptor(address, descriptor)) return true;
    fault->kind = isa::FaultKind::ExternalAbort;
    fault->external_on_walk = true;
    fault->level = level;
    return false;
  }
};

// What a translation stage counts, for the statistics: TLB hits and misses, table walks
// and descriptors read. Counted by the stage, read through accessors.
class WalkCounters {
 public:
  uint64_t tlb_hits() const { return tlb_hits_; }
  uint64_t tlb_misses() const { return tlb_misses_; }
  uint64_t walks() const { return walks_; }
  uint64_t descriptor_reads() const { return descriptor_reads_; }

  void CountHit() { ++tlb_hits_; }
  void CountMiss() { ++tlb_misses_; }
  void CountWalk() { ++walks_; }
  void CountDescriptorRead() { ++descriptor_reads_; }

 private:
  uint64_t tlb_hits_ = 0, tlb_misses_ = 0, walks_ = 0, descriptor_reads_ = 0;
};

}  // namespace mtesim::mmu
