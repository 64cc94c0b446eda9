// `mtesim trace convert --to perfetto`: a trace as a timeline in the Chrome JSON trace
// format, which ui.perfetto.dev (and chrome://tracing) opens. One process for the
// machine; one thread per PE carrying its exceptions (named by class: "SVC", "data
// abort", "IRQ", "tag check fault"), VM exits ("MMIO write 0x9000000", "memory fault"...)
// and tag check faults as instant events; one thread per vCPU ("vCPU n (VM m)") with a
// slice while a PE runs it (kVcpu world switches); one thread per span track ("migration") with its phases as slices
// (kSpanBegin/kSpanEnd); and counters computed between consecutive samples: IPC (or
// instructions per microsecond when cycles were not sampled) and L1D hit rate per PE,
// L2, tag-cache hit rates and VM exits per microsecond.
//
// The output is streamed as the trace is read: memory stays bounded whatever the
// trace's length (open spans and names are capped; what exceeds the caps is dropped).
#pragma once
#include <cstdint>
#include <string>

namespace mtesim::traces {

struct PerfettoStats {
  uint64_t events = 0;           // JSON events written (metadata included)
  uint64_t dropped_spans = 0;    // span begins beyond the cap of open spans
};

// Writes `out_path` ("-": stdout). Throws mtesim::Error naming the trace (and offset) if it
// is malformed, or naming `out_path` if it cannot be written (a partial output is removed).
PerfettoStats ExportPerfetto(const std::string& trace_path, const std::string& out_path);

// The Chrome trace thread ids of the tracks (the tests and notebooks find tracks by them).
// PEs first, then span tracks (string ids < 2^20), then vCPUs by VMID and number.
constexpr uint64_t kPerfettoPid = 1;
constexpr uint64_t PeTid(unsigned pe) { return 1 + pe; }
constexpr uint64_t SpanTid(uint64_t track) { return 1000 + track; }
constexpr uint64_t VcpuTid(unsigned vm, unsigned vcpu) { return (uint64_t{1} << 21) + (uint64_t{vm} << 16) + vcpu; }

}  // namespace mtesim::traces
