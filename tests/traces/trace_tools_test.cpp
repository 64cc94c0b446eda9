// The trace tools on TraceWriter-made traces: `trace info`'s summary, `trace dump`'s
// lines, `convert --to text` (the text form's lines, Instructions detail only) and the
// Perfetto export (valid JSON with the expected tracks, events and counters).
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "models/error.h"
#include "tests/traces/sample_trace.h"
#include "traces/perfetto_export.h"
#include "traces/text_convert.h"
#include "traces/text_trace.h"
#include "traces/trace_dump.h"
#include "traces/trace_info.h"

namespace mtesim::traces {
namespace {

using testing::TempPath;
using testing::WriteSampleTrace;

std::string ReadText(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream s(text);
  for (std::string line; std::getline(s, line);) lines.push_back(line);
  return lines;
}

class ToolsTest : public ::testing::TestWithParam<Compression> {
 protected:
  void SetUp() override {
    path_ = TempPath(std::string("tools_") + (GetParam() == Compression::Zstd ? "zstd" : "none"));
    WriteSampleTrace(path_, GetParam());
  }
  void TearDown() override { std::remove(path_.c_str()); }
  std::string path_;
};

TEST_P(ToolsTest, InfoCountsEveryKind) {
  const TraceInfo info = ReadTraceInfo(path_);
  EXPECT_EQ(info.header.pe_count, 2u);
  EXPECT_EQ(info.header.detail, Detail::Instructions);
  EXPECT_EQ(info.header.cycle_ps, 500u);
  EXPECT_EQ(info.by_kind[kInsn], 4u);
  EXPECT_EQ(info.by_kind[kException], 4u);
  EXPECT_EQ(info.by_kind[kCounter], 33u);
  EXPECT_EQ(info.by_kind[kString], 14u);
  EXPECT_EQ(info.by_kind[kVcpu], 6u);
  EXPECT_EQ(info.pes[0].instructions, 3u);
  EXPECT_EQ(info.pes[1].instructions, 1u);
  EXPECT_EQ(info.pes[0].exceptions, 3u);
  EXPECT_EQ(info.pes[1].exceptions, 1u);
  EXPECT_EQ(info.pes[0].accesses[static_cast<int>(models::MemoryAccessKind::Read)], 1u);
  EXPECT_EQ(info.pes[1].accesses[static_cast<int>(models::MemoryAccessKind::Write)], 1u);
  EXPECT_DOUBLE_EQ(info.pes[0].sampled_instructions, 30000);
  EXPECT_EQ(info.tag_faults_sync, 1u);
  EXPECT_EQ(info.tag_faults_async, 1u);
  EXPECT_EQ(info.vm_exits.at(6), 1u);
  EXPECT_EQ(info.vm_exits.at(39), 1u);
  EXPECT_TRUE(info.timed);
  EXPECT_EQ(info.first_ps, 0u);
  EXPECT_EQ(info.last_ps, 20000000u);
  EXPECT_GT(info.body_bytes, 0u);
  EXPECT_GT(info.file_bytes, kHeaderBytes);

  const std::string text = FormatTraceInfo(info);
  for (const char* want : {"detail instructions", "PEs 2, cycle 500 ps", "pe0: instructions 3",
                           "tag check faults: 1 sync, 1 async", "VM exits: 2", "mmio", "memory_fault", "20.000000 us"})
    EXPECT_NE(text.find(want), std::string::npos) << want << " missing from\n" << text;
  const nlohmann::json j = TraceInfoJson(info);
  EXPECT_EQ(j["pe_count"], 2);
  EXPECT_EQ(j["records_by_kind"]["insn"], 4);
  EXPECT_EQ(j["vm_exits"]["mmio"], 1);
  EXPECT_EQ(j["tag_faults"]["sync"], 1);
}

TEST_P(ToolsTest, DumpIsReadable) {
  const std::string out = TempPath("dump", ".txt");
  std::FILE* f = std::fopen(out.c_str(), "w");
  ASSERT_NE(f, nullptr);
  const uint64_t n = DumpTrace(path_, f, out, DumpOptions{});
  std::fclose(f);
  const std::string text = ReadText(out);
  const std::vector<std::string> lines = Lines(text);
  EXPECT_EQ(lines.size(), n);
  for (const char* want : {"pc 0x0000000040080000 word d2800020 EL1", "SVC EL0->EL1 esr 0x56000000 (EC 0x15 SVC)",
                           "tag check fault EL1->EL1", "IRQ", "data abort", "MMIO write 0x9000000",
                           "memory fault", "sync va 0x300000040100040 tags 3/5 (logical/allocation)",
                           "read 8 bytes va 0x0300000040100010 pa 0x40100010 tagged checked-sync tags 3/3",
                           "MISMATCH", "migration: begin \"precopy round 1\"", "pe0.cycles = 20000", "entered VM 1 vcpu 2",
                           "left VM 1 vcpu 3"})
    EXPECT_NE(text.find(want), std::string::npos) << want << " missing from\n" << text;

  // --pe and --limit.
  f = std::fopen(out.c_str(), "w");
  DumpOptions only;
  only.pe = 1;
  DumpTrace(path_, f, out, only);
  std::fclose(f);
  for (const std::string& line : Lines(ReadText(out))) EXPECT_NE(line.find(" pe1 "), std::string::npos) << line;
  f = std::fopen(out.c_str(), "w");
  DumpOptions limited;
  limited.limit = 5;
  EXPECT_EQ(DumpTrace(path_, f, out, limited), 5u);
  std::fclose(f);
  EXPECT_EQ(Lines(ReadText(out)).size(), 5u);
  only.pe = 2;
  EXPECT_THROW(DumpTrace(path_, stdout, "stdout", only), Error);
  std::remove(out.c_str());
}

TEST_P(ToolsTest, ConvertToTextGivesTheTextFormsLines) {
  const std::string out = TempPath("convert", ".txt");
  EXPECT_EQ(ConvertToText(path_, out), 4u);
  char line[64];
  std::string want;
  for (auto [pe, insn] : {std::pair<unsigned, models::RetiredInsn>{0, {0x40080000, 0xd2800020, 1, isa::InsnClass::IntAlu}},
                          {0, {0x40080004, 0x91000400, 1, isa::InsnClass::IntAlu}},
                          {0, {0x40081200, 0xd503201f, 1, isa::InsnClass::System}},
                          {1, {0x40090000, 0xd503207f, 1, isa::InsnClass::System}}}) {
    FormatTextLine(line, sizeof line, pe, insn);
    want += std::string(line) + "\n";
  }
  EXPECT_EQ(ReadText(out), want);
  std::remove(out.c_str());
}

TEST(ToolsConvert, TextNeedsInstructionsDetail) {
  const std::string path = TempPath("memory_detail");
  Header h;
  h.detail = Detail::Memory;
  {
    TraceWriter w(path, h);
    w.CompactInsn(isa::InsnClass::IntAlu);
    w.Close();
  }
  const std::string out = TempPath("memory_detail", ".txt");
  try {
    ConvertToText(path, out);
    FAIL() << "no error";
  } catch (const Error& e) {
    const std::string m = e.what();
    EXPECT_EQ(m.rfind(path + ": recorded at detail memory", 0), 0u) << m;
    EXPECT_NE(m.find("--trace-detail instructions"), std::string::npos) << m;
  }
  EXPECT_NE(::access(out.c_str(), F_OK), 0) << "no output is left behind";
  std::remove(path.c_str());
}

// The Perfetto export, parsed back.
struct Timeline {
  std::map<uint64_t, std::string> threads;  // tid -> name
  std::vector<nlohmann::json> events;       // everything but metadata
  std::vector<nlohmann::json> Named(const std::string& name) const {
    std::vector<nlohmann::json> out;
    for (const auto& e : events)
      if (e["name"] == name) out.push_back(e);
    return out;
  }
};

Timeline ReadTimeline(const std::string& path) {
  const nlohmann::json j = nlohmann::json::parse(ReadText(path));  // throws if not valid JSON
  Timeline t;
  for (const auto& e : j.at("traceEvents")) {
    EXPECT_EQ(e.at("pid"), kPerfettoPid);
    if (e.at("ph") == "M") {
      if (e.at("name") == "thread_name") t.threads[e.at("tid")] = e.at("args").at("name");
      continue;
    }
    t.events.push_back(e);
  }
  return t;
}

TEST_P(ToolsTest, PerfettoTimeline) {
  const std::string out = TempPath("perfetto", ".json");
  ExportPerfetto(path_, out);
  const Timeline t = ReadTimeline(out);
  EXPECT_EQ(t.threads.at(PeTid(0)), "PE 0");
  EXPECT_EQ(t.threads.at(PeTid(1)), "PE 1");
  EXPECT_EQ(t.threads.at(VcpuTid(1, 0)), "vCPU 0 (VM 1)");
  EXPECT_EQ(t.threads.at(VcpuTid(1, 2)), "vCPU 2 (VM 1)");
  EXPECT_EQ(t.threads.at(VcpuTid(1, 3)), "vCPU 3 (VM 1)");
  EXPECT_EQ(t.threads.at(SpanTid(20)), "migration");

  // Exceptions and faults: instants on their PE's track, at their time, with their args.
  const auto svc = t.Named("SVC");
  ASSERT_EQ(svc.size(), 1u);
  EXPECT_EQ(svc[0]["ph"], "i");
  EXPECT_EQ(svc[0]["tid"], PeTid(0));
  EXPECT_DOUBLE_EQ(svc[0]["ts"].get<double>(), 1.0);
  EXPECT_EQ(svc[0]["args"]["esr"], "0x56000000");
  EXPECT_EQ(svc[0]["args"]["from"], "EL0");
  EXPECT_EQ(svc[0]["args"]["to"], "EL1");
  EXPECT_EQ(t.Named("tag check fault").size(), 1u);
  EXPECT_EQ(t.Named("IRQ").size(), 1u);
  ASSERT_EQ(t.Named("data abort").size(), 1u);
  EXPECT_EQ(t.Named("data abort")[0]["tid"], PeTid(1));
  const auto sync = t.Named("tag check fault (sync)");
  ASSERT_EQ(sync.size(), 1u);
  EXPECT_EQ(sync[0]["args"]["logical"], 3);
  EXPECT_EQ(sync[0]["args"]["allocation"], 5);
  EXPECT_EQ(sync[0]["args"]["va"], "0x300000040100040");
  EXPECT_EQ(t.Named("tag check fault (async)").size(), 1u);
  // VM exits on the PE running the exiting vCPU (vCPU 0 ran on pe0 at 6 us).
  const auto mmio = t.Named("MMIO write 0x9000000");
  ASSERT_EQ(mmio.size(), 1u);
  EXPECT_EQ(mmio[0]["tid"], PeTid(0));
  EXPECT_EQ(mmio[0]["args"]["vcpu"], 0);
  ASSERT_EQ(t.Named("memory fault").size(), 1u);
  EXPECT_EQ(t.Named("memory fault")[0]["tid"], PeTid(1));

  // vCPU slices, with the PE in their args.
  std::vector<nlohmann::json> vcpu_slices;
  for (const auto& e : t.events)
    if (e["ph"] == "X" && e["tid"].get<uint64_t>() >= VcpuTid(0, 0)) vcpu_slices.push_back(e);
  ASSERT_EQ(vcpu_slices.size(), 4u);
  for (const auto& s : vcpu_slices) {
    const uint64_t vcpu = s["tid"].get<uint64_t>() - VcpuTid(1, 0);
    const double ts = s["ts"], dur = s["dur"];
    const bool expected = (vcpu == 0 && ts == 0 && dur == 8 && s["args"]["pe"] == 0) ||
                          (vcpu == 1 && ts == 8 && dur == 7 && s["args"]["pe"] == 0) ||
                          (vcpu == 2 && ts == 1 && dur == 19 && s["args"]["pe"] == 1) ||  // open until the end
                          (vcpu == 3 && ts == 0 && dur == 0.5 && s["args"]["pe"] == 1);  // from before the start
    EXPECT_TRUE(expected) << s;
    EXPECT_EQ(s["args"]["vm"], 1);
  }

  // Migration phases.
  const auto round = t.Named("precopy round 1");
  ASSERT_EQ(round.size(), 1u);
  EXPECT_EQ(round[0]["tid"], SpanTid(20));
  EXPECT_DOUBLE_EQ(round[0]["ts"].get<double>(), 9.0);
  EXPECT_DOUBLE_EQ(round[0]["dur"].get<double>(), 3.0);
  ASSERT_EQ(t.Named("stop-and-copy").size(), 1u);
  EXPECT_DOUBLE_EQ(t.Named("stop-and-copy")[0]["dur"].get<double>(), 1.0);

  // Counters between consecutive samples, drawn from the first sample's time.
  auto counter = [&](const std::string& name) {
    std::map<double, double> v;
    for (const auto& e : t.Named(name)) {
      EXPECT_EQ(e["ph"], "C");
      v[e["ts"].get<double>()] = e["args"]["value"].get<double>();
    }
    return v;
  };
  EXPECT_EQ(counter("pe0 IPC"), (std::map<double, double>{{0, 0.5}, {10, 1.0}}));
  EXPECT_EQ(counter("pe1 IPC"), (std::map<double, double>{{0, 0.25}, {10, 0.0}}));
  EXPECT_EQ(counter("pe0 L1D hit rate"), (std::map<double, double>{{0, 0.9}, {10, 0.8}}));
  EXPECT_EQ(counter("L2 hit rate"), (std::map<double, double>{{0, 0.75}, {10, 0.75}}));
  EXPECT_EQ(counter("tag cache hit rate"), (std::map<double, double>{{0, 0.75}}));  // no lookups after 10 us
  EXPECT_EQ(counter("VM exits/us"), (std::map<double, double>{{0, 2.0}, {10, 1.0}}));
  std::remove(out.c_str());
}

INSTANTIATE_TEST_SUITE_P(Compressions, ToolsTest, ::testing::Values(Compression::Zstd, Compression::None),
                         [](const auto& info) { return info.param == Compression::Zstd ? "zstd" : "none"; });

TEST(ToolsPerfetto, FunctionalTracesGetInstructionsPerMicrosecond) {
  const std::string path = TempPath("functional");
  WriteSampleTrace(path, Compression::Zstd, /*timing=*/false);
  const std::string out = TempPath("functional", ".json");
  ExportPerfetto(path, out);
  const Timeline t = ReadTimeline(out);
  EXPECT_TRUE(t.Named("pe0 IPC").empty());
  const auto ips = t.Named("pe0 instructions/us");
  ASSERT_EQ(ips.size(), 2u);
  EXPECT_DOUBLE_EQ(ips[0]["args"]["value"].get<double>(), 1000.0);  // 10000 instructions in 10 us
  std::remove(path.c_str());
  std::remove(out.c_str());
}

TEST(ToolsPerfetto, HostileNamesStayValidJson) {
  const std::string path = TempPath("names");
  Header h;
  h.detail = Detail::Events;
  {
    TraceWriter w(path, h);
    w.String(1, std::string("mig\"ra\\tion\n\x01\xff\xfe", 15));  // quotes, control bytes, invalid UTF-8
    w.String(2, std::string(4096, '\x80'));
    w.Time(5);
    w.SpanBegin(1, 2);
    w.SpanBegin(1, 99);  // never defined: "#99"
    w.SpanEnd(1);
    w.SpanEnd(3);  // never begun
    w.Counter(7, 1.0 / 0.0);
    w.Close();
  }
  const std::string out = TempPath("names", ".json");
  ExportPerfetto(path, out);
  const Timeline t = ReadTimeline(out);
  EXPECT_EQ(t.threads.at(SpanTid(1)), std::string("mig\"ra\\tion\n\x01\xc3\xbf\xc3\xbe", 17));  // bytes as Latin-1
  EXPECT_EQ(t.Named("#99").size(), 1u);
  std::remove(path.c_str());
  std::remove(out.c_str());
}

}  // namespace
}  // namespace mtesim::traces
