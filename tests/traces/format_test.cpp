// The trace format's round trip: whatever TraceWriter writes, TraceReader gives back,
// field for field, with both compressions; and the reader's accounting (record count,
// end record).
#include <cstdio>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include "traces/trace_reader.h"
#include "traces/trace_writer.h"

namespace mtesim::traces {
namespace {

std::string TempPath(const char* name) {
  return ::testing::TempDir() + "/" + name + "." + std::to_string(::getpid()) + ".mtt";
}

std::vector<Record> ReadAll(const std::string& path) {
  TraceReader reader(path);
  std::vector<Record> out;
  Record r;
  while (reader.Next(r)) out.push_back(r);
  return out;
}

class FormatTest : public ::testing::TestWithParam<Compression> {};

TEST_P(FormatTest, EveryRecordKindRoundTrips) {
  const std::string path = TempPath("round_trip");
  Header h;
  h.compression = GetParam();
  h.pe_count = 2;
  h.detail = Detail::Instructions;
  h.cycle_ps = 500;
  {
    TraceWriter w(path, h);
    w.String(0, "pe0.instructions");
    w.Pe(1);
    w.Time(1000);
    w.Insn(models::RetiredInsn{0x40080000, 0xd503201f, 1, isa::InsnClass::System});
    w.Insn(models::RetiredInsn{0x40080004, 0xaa0003f3, 1, isa::InsnClass::IntAlu});
    w.Insn(models::RetiredInsn{0x40000000, 0x14000000, 1, isa::InsnClass::Branch});  // backwards
    w.CompactInsn(isa::InsnClass::TagStore);
    models::MemoryAccess a;
    a.va = 0x0500ffff12345670ull;
    a.pa = 0x41234560;
    a.size = 16;
    a.kind = models::MemoryAccessKind::Write;
    a.tagged = true;
    a.check = models::TagCheckTiming::Sync;
    w.Access(a, kTagged | kCheckSync | kHasTags | kMismatch, 0x53);
    a.va -= 0x1000;  // a negative delta
    a.pa = 0x40000000;
    a.kind = models::MemoryAccessKind::TagRead;
    a.check = models::TagCheckTiming::None;
    w.Access(a, kTagged | kHasTags, 0x07);
    w.Pe(0);
    w.Translation();
    models::TakenException e{models::TakenException::Kind::Synchronous, 0, 1, 0x92000051, 0x0500ffff12345670ull,
                             0x40080010, 0x40081200};
    w.Exception(e);
    w.Time(400);  // PEs' local times interleave: time may step back
    w.VmExit(3, 6, 0x09000000, 0x104);
    w.Vcpu(2, 3, true);
    w.Vcpu(2, 3, false);
    w.SpanBegin(7, 8);
    w.SpanEnd(7);
    w.Counter(0, 12345.5);
    w.TagFault(false, 0x0500ffff12345670ull, 0x53);
    w.Close();
  }
  const std::vector<Record> r = ReadAll(path);
  ASSERT_EQ(r.size(), 20u);
  EXPECT_EQ(r[0].tag, kString);
  EXPECT_EQ(r[0].text, "pe0.instructions");
  EXPECT_EQ(r[1].tag, kPe);
  EXPECT_EQ(r[1].pe, 1u);
  EXPECT_EQ(r[2].tag, kTime);
  EXPECT_EQ(r[3].tag, kInsn);
  EXPECT_EQ(r[3].time_ps, 1000u);
  EXPECT_EQ(r[3].insn.pc, 0x40080000u);
  EXPECT_EQ(r[3].insn.insn, 0xd503201fu);
  EXPECT_EQ(r[3].insn.el, 1);
  EXPECT_EQ(r[3].insn.insn_class, isa::InsnClass::System);
  EXPECT_EQ(r[4].insn.pc, 0x40080004u);
  EXPECT_EQ(r[5].insn.pc, 0x40000000u);
  EXPECT_EQ(r[5].insn.insn_class, isa::InsnClass::Branch);
  EXPECT_EQ(r[6].tag, kCompactInsn);
  EXPECT_EQ(r[6].insn.insn_class, isa::InsnClass::TagStore);
  EXPECT_EQ(r[6].pe, 1u);
  EXPECT_EQ(r[7].tag, kAccess);
  EXPECT_EQ(r[7].access.va, 0x0500ffff12345670ull);
  EXPECT_EQ(r[7].access.pa, 0x41234560u);
  EXPECT_EQ(r[7].access.size, 16u);
  EXPECT_EQ(r[7].access.kind, models::MemoryAccessKind::Write);
  EXPECT_TRUE(r[7].access.tagged);
  EXPECT_EQ(r[7].access.check, models::TagCheckTiming::Sync);
  EXPECT_EQ(r[7].tags, 0x53);
  EXPECT_TRUE(r[7].flags & kMismatch);
  EXPECT_EQ(r[8].access.va, 0x0500ffff12344670ull);
  EXPECT_EQ(r[8].access.pa, 0x40000000u);
  EXPECT_EQ(r[8].access.kind, models::MemoryAccessKind::TagRead);
  EXPECT_EQ(r[8].access.check, models::TagCheckTiming::None);
  EXPECT_EQ(r[8].tags, 0x07);
  EXPECT_EQ(r[9].tag, kPe);
  EXPECT_EQ(r[10].tag, kTranslation);
  EXPECT_EQ(r[10].pe, 0u);
  EXPECT_EQ(r[11].tag, kException);
  EXPECT_EQ(r[11].exception.esr, 0x92000051u);
  EXPECT_EQ(r[11].exception.far, 0x0500ffff12345670ull);
  EXPECT_EQ(r[11].exception.elr, 0x40080010u);
  EXPECT_EQ(r[11].exception.vector, 0x40081200u);
  EXPECT_EQ(r[11].exception.to_el, 1);
  EXPECT_EQ(r[12].tag, kTime);
  EXPECT_EQ(r[13].tag, kVmExit);
  EXPECT_EQ(r[13].time_ps, 400u);
  EXPECT_EQ(r[13].vcpu, 3);
  EXPECT_EQ(r[13].exit_reason, 6u);
  EXPECT_EQ(r[13].address, 0x09000000u);
  EXPECT_EQ(r[13].detail, 0x104u);
  EXPECT_EQ(r[14].vcpu, 3);
  EXPECT_EQ(r[14].vm, 2u);
  EXPECT_TRUE(r[14].entered);
  EXPECT_FALSE(r[15].entered);
  EXPECT_EQ(r[15].vcpu, 3);
  EXPECT_EQ(r[16].tag, kSpanBegin);
  EXPECT_EQ(r[16].track, 7u);
  EXPECT_EQ(r[16].name, 8u);
  EXPECT_EQ(r[17].tag, kSpanEnd);
  EXPECT_EQ(r[18].tag, kCounter);
  EXPECT_EQ(r[18].value, 12345.5);
  EXPECT_EQ(r[19].tag, kTagFault);
  EXPECT_FALSE(r[19].sync);
  EXPECT_EQ(r[19].address, 0x0500ffff12345670ull);
  TraceReader reader(path);
  EXPECT_EQ(reader.header().pe_count, 2);
  EXPECT_EQ(reader.header().cycle_ps, 500u);
  EXPECT_EQ(reader.header().detail, Detail::Instructions);
  EXPECT_EQ(reader.header().compression, GetParam());
  std::remove(path.c_str());
}

TEST_P(FormatTest, ALongRecordingStreamsThroughTheWindow) {
  // Far more than the writer's 1 MiB buffer and the reader's 256 KiB chunks: blocks are cut mid-record.
  const std::string path = TempPath("long");
  Header h;
  h.compression = GetParam();
  constexpr unsigned kAccesses = 600000;
  {
    TraceWriter w(path, h);
    w.Pe(0);
    models::MemoryAccess a;
    a.size = 8;
    for (unsigned i = 0; i < kAccesses; ++i) {
      a.va = 0x1000 + uint64_t{i} * 8 * (i % 7);
      a.pa = a.va ^ 0x40000000;
      w.Access(a, 0, 0);
      w.CompactInsn(isa::InsnClass::Load);
    }
    w.Close();
  }
  TraceReader reader(path);
  Record r;
  unsigned accesses = 0, insns = 0;
  bool ok = true;
  while (reader.Next(r)) {
    if (r.tag == kAccess) {
      ok &= r.access.va == 0x1000 + uint64_t{accesses} * 8 * (accesses % 7);
      ok &= r.access.pa == (r.access.va ^ 0x40000000);
      ++accesses;
    } else if (r.tag == kCompactInsn) {
      ++insns;
    }
  }
  EXPECT_TRUE(ok);
  EXPECT_EQ(accesses, kAccesses);
  EXPECT_EQ(insns, kAccesses);
  std::remove(path.c_str());
}

INSTANTIATE_TEST_SUITE_P(Compressions, FormatTest, ::testing::Values(Compression::Zstd, Compression::None),
                         [](const auto& info) { return info.param == Compression::Zstd ? "zstd" : "none"; });

}  // namespace
}  // namespace mtesim::traces
