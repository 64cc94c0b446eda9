// The PE's memory-access seam (design.md, turn 2; Spike's memtracer is the example):
// every physical access a PE makes to RAM or the boot flash — instruction fetch (once per
// line fetched), data read or write, allocation-tag read or write, and each descriptor
// read of a stage-1 or stage-2 table walk — is reported to one port. A timing model
// (models/pe/core_timing.h) answers how long the PE stalls for it; an observer (a trace
// recorder) answers 0. Functional runs attach no port, and then no access is reported:
// they keep DMI and the inline fast TLB, whose hits test nothing more (an observed PE's
// pages live in a third array that only a miss of the other two reaches:
// isa/exec_context.h, ObservedHostAddress).
// Device (MMIO) accesses are not reported here: they are TLM transactions whose targets
// annotate their own delay.
#pragma once
#include <cstdint>

#include <systemc>

namespace mtesim::models {

enum class MemoryAccessKind : uint8_t { Fetch, Read, Write, TagRead, TagWrite, WalkStage1, WalkStage2 };

// How a Tag Checked access waits for its allocation tags: a synchronous check must
// have them before the instruction completes; an asynchronous one (TCF async, and
// stores under asymmetric checking) completes with the data and checks later.
enum class TagCheckTiming : uint8_t { None, Sync, Async };

struct MemoryAccess {
  uint64_t va = 0;  // the address the instruction used (for a walk: the VA being translated)
  uint64_t pa = 0;
  uint32_t size = 0;  // bytes of data (tag accesses: the data extent whose tags move)
  MemoryAccessKind kind = MemoryAccessKind::Read;
  bool tagged = false;  // the memory is Tagged: its lines carry allocation tags
  TagCheckTiming check = TagCheckTiming::None;
};

class MemoryAccessPort {
 public:
  virtual ~MemoryAccessPort() = default;
  // `local_offset` is the PE's time ahead of SystemC's (temporal decoupling) when the
  // access is made. Returns the cycles the PE stalls for it beyond its issue latency.
  virtual uint64_t Access(const MemoryAccess& access, const sc_core::sc_time& local_offset) = 0;
};

}  // namespace mtesim::models
