// Small traces made with TraceWriter for the tools' and the reader's tests: every kind
// of event the timeline shows, at known times, so the expected output is known.
#pragma once
#include <string>

#include <unistd.h>

#include <gtest/gtest.h>

#include "traces/trace_writer.h"

namespace mtesim::traces::testing {

inline std::string TempPath(const std::string& name, const char* ext = ".mtt") {
  return ::testing::TempDir() + "/" + name + "." + std::to_string(::getpid()) + ext;
}

// ESRs: SVC #0 (EC 0x15), a synchronous tag check fault (EC 0x25, DFSC 0x11), a
// translation fault (EC 0x25, DFSC 0x07).
constexpr uint64_t kEsrSvc = 0x56000000;
constexpr uint64_t kEsrTagCheck = 0x96000011;
constexpr uint64_t kEsrDataAbort = 0x96000007;

// Two PEs; counters sampled at 0, 10 and 20 us (in timing mode: with cycles; else without);
// on pe0 an SVC at 1 us, a tag check fault (sync) and its abort at 2 us, an IRQ at 3 us;
// on pe1 a data abort at 4 us and an async tag fault at 5 us; a VM exit (MMIO write to the
// UART) at 6 us and a memory fault at 7 us; pe0 runs VM 1's vCPU 0 from 0 to 8 us then
// vCPU 1 until 15 us; pe1 leaves vCPU 3 (run since before the recording) at 0.5 us and
// runs vCPU 2 from 1 us to the end; a migration with "precopy round 1"
// (9..12 us) and "stop-and-copy" (12..13 us). Detail Instructions with three
// instructions on pe0 and one on pe1, and two accesses.
inline void WriteSampleTrace(const std::string& path, Compression compression, bool timing = true) {
  Header h;
  h.compression = compression;
  h.pe_count = 2;
  h.detail = Detail::Instructions;
  h.cycle_ps = 500;
  TraceWriter w(path, h);
  const char* names[] = {"pe0.instructions", "pe0.cycles",  "pe0.l1d.hits", "pe0.l1d.misses",
                         "pe1.instructions", "pe1.cycles",  "l2.hits",      "l2.misses",
                         "memory.tag_cache.hits", "memory.tag_cache.misses", "hypervisor.exits"};
  for (uint64_t i = 0; i < 11; ++i) w.String(i, names[i]);
  w.String(20, "migration");
  w.String(21, "precopy round 1");
  w.String(22, "stop-and-copy");
  // Cumulative values at 0, 10 us and 20 us.
  const double samples[3][11] = {
      {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
      {10000, 20000, 900, 100, 5000, 20000, 30, 10, 75, 25, 20},
      {30000, 40000, 1700, 300, 5000, 40000, 60, 20, 75, 25, 30},
  };
  auto sample = [&](int s, uint64_t ps) {
    w.Time(ps);
    for (uint64_t i = 0; i < 11; ++i)
      if (timing || (i != 1 && i != 5)) w.Counter(i, samples[s][i]);
  };
  w.Pe(0);
  sample(0, 0);
  w.Vcpu(1, 0, true);
  w.Insn(models::RetiredInsn{0x40080000, 0xd2800020, 1, isa::InsnClass::IntAlu});
  w.Insn(models::RetiredInsn{0x40080004, 0x91000400, 1, isa::InsnClass::IntAlu});
  models::MemoryAccess a;
  a.va = 0x0300000040100010ull;
  a.pa = 0x40100010;
  a.size = 8;
  a.kind = models::MemoryAccessKind::Read;
  a.tagged = true;
  a.check = models::TagCheckTiming::Sync;
  w.Access(a, kTagged | kCheckSync | kHasTags, 0x33);
  w.Time(1000000);
  w.Exception({models::TakenException::Kind::Synchronous, 0, 1, kEsrSvc, 0, 0x40080008, 0x40081400});
  w.Time(2000000);
  w.TagFault(true, 0x0300000040100040ull, 0x35);
  w.Exception({models::TakenException::Kind::Synchronous, 1, 1, kEsrTagCheck, 0x0300000040100040ull, 0x4008000c,
               0x40081200});
  w.Insn(models::RetiredInsn{0x40081200, 0xd503201f, 1, isa::InsnClass::System});
  w.Time(3000000);
  w.Exception({models::TakenException::Kind::Irq, 1, 1, 0, 0, 0x40081204, 0x40081280});
  w.Pe(1);
  w.Time(500000);
  w.Vcpu(1, 3, false);
  w.Time(1000000);
  w.Vcpu(1, 2, true);
  w.Insn(models::RetiredInsn{0x40090000, 0xd503207f, 1, isa::InsnClass::System});
  a.kind = models::MemoryAccessKind::Write;
  a.check = models::TagCheckTiming::Async;
  w.Access(a, kTagged | kCheckAsync | kHasTags | kMismatch, 0x35);
  w.Time(4000000);
  w.Exception({models::TakenException::Kind::Synchronous, 0, 1, kEsrDataAbort, 0x1000, 0x400000, 0x40081000});
  w.Time(5000000);
  w.TagFault(false, 0x0300000040100040ull, 0x35);
  w.Time(6000000);
  w.VmExit(0, 6, 0x09000000, 0x104);  // KVM_EXIT_MMIO, a 4-byte write
  w.Time(7000000);
  w.VmExit(2, 39, 0x48000000, 0);  // KVM_EXIT_MEMORY_FAULT
  w.Pe(0);
  w.Time(8000000);
  w.Vcpu(1, 0, false);
  w.Vcpu(1, 1, true);
  w.Time(9000000);
  w.SpanBegin(20, 21);
  w.Time(10000000);
  sample(1, 10000000);
  w.Time(12000000);
  w.SpanEnd(20);
  w.SpanBegin(20, 22);
  w.Time(13000000);
  w.SpanEnd(20);
  w.Time(15000000);
  w.Vcpu(1, 1, false);
  sample(2, 20000000);
  w.Close();
}

}  // namespace mtesim::traces::testing
