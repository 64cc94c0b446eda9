// The reader and the tools on malformed files: every truncation of a small valid trace
// (both compressions), random byte flips (fixed seeds), hostile headers and bodies, and
// paths that are not regular files each end in exactly one mtesim::Error naming the file
// (and, for the body, the offset just past the field at fault): never a crash, a hang or an unbounded allocation.
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "models/error.h"
#include "tests/support/peak_memory.h"
#include "tests/traces/sample_trace.h"
#include "traces/perfetto_export.h"
#include "traces/text_convert.h"
#include "traces/trace_dump.h"
#include "traces/trace_info.h"
#include "traces/trace_reader.h"

namespace mtesim::traces {
namespace {

using testing::TempPath;

std::string ReadBytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

void WriteBytes(const std::string& path, const std::string& bytes) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

uint64_t ReadAll(const std::string& path) {
  TraceReader reader(path);
  Record r;
  uint64_t n = 0;
  while (reader.Next(r)) ++n;
  return n;
}

// Each way of reading a trace: the reader itself and the three tools.
const std::vector<std::pair<const char*, std::function<void(const std::string&)>>>& Readers() {
  static const std::string out = TempPath("robust_out", ".out");
  static const std::vector<std::pair<const char*, std::function<void(const std::string&)>>> readers = {
      {"reader", [](const std::string& p) { ReadAll(p); }},
      {"info", [](const std::string& p) { ReadTraceInfo(p); }},
      {"dump",
       [](const std::string& p) {
         std::FILE* devnull = std::fopen("/dev/null", "w");
         try {
           DumpTrace(p, devnull, "/dev/null", DumpOptions{});
         } catch (...) {
           std::fclose(devnull);
           throw;
         }
         std::fclose(devnull);
       }},
      {"perfetto", [](const std::string& p) { ExportPerfetto(p, out); }},
  };
  return readers;
}

// Reads `path` every way; each either succeeds (`may_succeed`) or throws one
// mtesim::Error naming the file and containing `want` ("offset" for file contents).
void ExpectOneError(const std::string& path, const std::string& want, bool may_succeed, const std::string& what) {
  for (const auto& [name, read] : Readers()) {
    try {
      read(path);
      EXPECT_TRUE(may_succeed) << what << ": " << name << " read it without an error";
    } catch (const Error& e) {
      const std::string m = e.what();
      EXPECT_EQ(m.rfind(path + ": ", 0), 0u) << what << ": " << name << ": " << m;
      EXPECT_NE(m.find(want), std::string::npos) << what << ": " << name << ": " << m;
      EXPECT_EQ(m.find('\n'), std::string::npos) << what << ": one line: " << m;
    }
  }
}

class Robustness : public ::testing::TestWithParam<Compression> {
 protected:
  void SetUp() override {
    const std::string name = GetParam() == Compression::Zstd ? "zstd" : "none";
    valid_ = TempPath("robust_valid_" + name);
    bad_ = TempPath("robust_bad_" + name);
    testing::WriteSampleTrace(valid_, GetParam());
    bytes_ = ReadBytes(valid_);
    ASSERT_GT(bytes_.size(), kHeaderBytes + 16);
  }
  void TearDown() override {
    std::remove(valid_.c_str());
    std::remove(bad_.c_str());
  }
  std::string valid_, bad_, bytes_;
};

TEST_P(Robustness, EveryTruncationIsOneError) {
  ExpectOneError(valid_, "", true, "the whole file");
  for (size_t n = 0; n < bytes_.size(); ++n) {
    WriteBytes(bad_, bytes_.substr(0, n));
    ExpectOneError(bad_, "offset", false, "truncated to " + std::to_string(n) + " bytes");
    if (HasFailure()) return;  // one report, not hundreds
  }
}

TEST_P(Robustness, RandomByteFlipsAreOneErrorOrARead) {
  for (unsigned seed = 1; seed <= 300; ++seed) {
    std::mt19937 rng(seed);
    std::string bytes = bytes_;
    const unsigned flips = 1 + rng() % 4;
    for (unsigned i = 0; i < flips; ++i) bytes[rng() % bytes.size()] ^= static_cast<char>(1 + rng() % 255);
    WriteBytes(bad_, bytes);
    ExpectOneError(bad_, "", true, "seed " + std::to_string(seed));
    if (HasFailure()) return;
  }
}

INSTANTIATE_TEST_SUITE_P(Compressions, Robustness, ::testing::Values(Compression::Zstd, Compression::None),
                         [](const auto& info) { return info.param == Compression::Zstd ? "zstd" : "none"; });

// A header as the writer makes it, then patched.
std::string HeaderBytes(uint16_t version = kVersion, uint16_t pes = 1, Compression c = Compression::None) {
  std::string h(kHeaderBytes, '\0');
  std::copy(kMagic, kMagic + 8, h.begin());
  h[8] = static_cast<char>(version & 0xFF);
  h[9] = static_cast<char>(version >> 8);
  h[10] = static_cast<char>(kHeaderBytes);
  h[12] = static_cast<char>(Detail::Events);
  h[13] = static_cast<char>(c);
  h[14] = static_cast<char>(pes & 0xFF);
  h[15] = static_cast<char>(pes >> 8);
  h[16] = static_cast<char>(0xE8);  // 1000 ps
  h[17] = 0x03;
  return h;
}

struct Hostile {
  const char* name;
  std::string bytes;
  const char* want;
};

TEST(RobustnessHostile, HeadersAndBodies) {
  const std::string end0("\x00\x00", 2);  // kEnd, count 0
  const std::vector<Hostile> cases = {
      {"empty", "", "offset 0"},
      {"not a trace", "hello world, this is not a trace at all", "offset 0: not an mtesim trace"},
      {"version 99", HeaderBytes(99) + end0, "offset 8: trace format version 99"},
      {"pe count 65535", HeaderBytes(kVersion, 65535) + end0, "offset 14: PE count 65535"},
      {"pe count 0", HeaderBytes(kVersion, 0) + end0, "offset 14"},
      {"unknown compression", [] { std::string h = HeaderBytes(); h[13] = 7; return h; }() + end0, "offset 13"},
      {"unknown detail", [] { std::string h = HeaderBytes(); h[12] = 9; return h; }() + end0, "offset 12"},
      {"cycle time 0", [] { std::string h = HeaderBytes(); h[16] = h[17] = 0; return h; }() + end0, "offset 16"},
      {"huge string length", HeaderBytes() + std::string("\x09\x00\x80\x80\x80\x80\x80\x80\x01", 9) + end0,
       "body offset"},
      {"string longer than the file", HeaderBytes() + std::string("\x09\x00\x80\x20", 4) + "abc", "body offset"},
      {"huge string id", HeaderBytes() + std::string("\x09\xff\xff\xff\xff\x0f\x00", 7) + end0, "body offset"},
      {"varint of 11 bytes", HeaderBytes() + "\x06" + std::string(10, '\x80') + "\x01" + end0,
       "body offset 11: varint"},
      {"varint overflowing 64 bits", HeaderBytes() + "\x06" + std::string(9, '\xff') + "\x7f" + end0,
       "varint overflows"},
      {"unknown tag", HeaderBytes() + "\x0e" + end0, "body offset 1: unknown record tag 0xe"},
      {"unknown compact class", HeaderBytes() + "\xff" + end0, "body offset 1: compact instruction of unknown class"},
      {"PE out of range", HeaderBytes() + std::string("\x01\x05", 2) + end0, "body offset"},
      {"wrong end count", HeaderBytes() + std::string("\x00\x05", 2), "the end record counts 5 records"},
      {"trailing data", HeaderBytes() + end0 + "x", "data after the end record"},
      {"no end record", HeaderBytes() + std::string("\x06\x02", 2), "without its end record"},
      {"garbage zstd body", HeaderBytes(kVersion, 1, Compression::Zstd) + std::string(100, '\x5a'), "offset"},
      {"access of a huge size", HeaderBytes() + std::string("\x03\x01\x00\x80\x80\x80\x80\x10\x00\x00", 10) + end0,
       "body offset"},
  };
  const std::string path = TempPath("hostile");
  for (const Hostile& c : cases) {
    WriteBytes(path, c.bytes);
    ExpectOneError(path, c.want, false, c.name);
  }
  std::remove(path.c_str());
}

TEST(RobustnessHostile, NotRegularFiles) {
  const std::string dir = TempPath("a_directory", "");
  ::mkdir(dir.c_str(), 0700);
  const std::string fifo = TempPath("a_fifo", "");
  ::unlink(fifo.c_str());
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  for (const std::string& p : {dir, fifo, std::string("/dev/zero")})
    ExpectOneError(p, "not a regular file", false, p);
  ExpectOneError(TempPath("missing"), "cannot open", false, "a missing file");
  ::rmdir(dir.c_str());
  ::unlink(fifo.c_str());
}

// Found by fuzz_trace_reader: a refused header left the file open (the constructor threw
// past the destructor), so a process reading many bad files ran out of descriptors.
TEST(RobustnessHostile, ARefusedHeaderClosesTheFile) {
  auto open_descriptors = [] {
    size_t n = 0;
    DIR* d = ::opendir("/proc/self/fd");
    while (d && ::readdir(d)) ++n;
    if (d) ::closedir(d);
    return n;
  };
  const std::string bad_magic = TempPath("bad_magic"), bad_version = TempPath("bad_version");
  WriteBytes(bad_magic, std::string(64, 'x'));
  WriteBytes(bad_version, std::string("MTETRACE\x07\x00", 10) + std::string(54, '\0'));
  const size_t before = open_descriptors();
  for (int i = 0; i < 4; ++i) {
    EXPECT_THROW(TraceReader{bad_magic}, Error);
    EXPECT_THROW(TraceReader{bad_version}, Error);
  }
  EXPECT_EQ(open_descriptors(), before);
  std::remove(bad_magic.c_str());
  std::remove(bad_version.c_str());
}

// A long hostile body: many huge-length strings, each refused without being allocated,
// and a body of a million defined names (the tools' tables stay bounded).
TEST(RobustnessHostile, MemoryStaysBounded) {
  const std::string path = TempPath("many_strings");
  Header h;
  h.detail = Detail::Events;
  {
    TraceWriter w(path, h);
    const std::string name(kMaxString, 'n');
    for (uint64_t id = 0; id < 20000; ++id) w.String(id * 37 % kMaxStringId, name);  // 80 MB of names
    for (uint64_t i = 0; i < 20000; ++i) w.SpanBegin(i % kMaxStringId, i);            // spans never ended
    w.Close();
  }
  for (const auto& [name, read] : Readers()) {
    ASSERT_NO_THROW(read(path)) << name;
  }
  // The whole test process, everything above included, under 256 MiB.
  const int64_t peak = test::PeakMemoryKiB();
  EXPECT_LT(peak, 256 * 1024) << "peak memory " << peak << " KiB";
  std::remove(path.c_str());
}

}  // namespace
}  // namespace mtesim::traces
