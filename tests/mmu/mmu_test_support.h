// Test support for the stage-2 and two-stage MMU suites: a fake physical memory that
// records descriptor reads, a translation table builder for either stage (with
// concatenated start-level tables, and tables written at an offset from the address the
// walk uses, so that stage-1 tables can live at IPAs that stage 2 maps elsewhere), and the
// descriptor and register encodings from the Arm ARM (VMSAv8-64, D8).
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <vector>

#include "models/mmu/access.h"

namespace mmu_test {

using mtesim::mmu::DescriptorReader;

// ---------------------------------------------------------------------------------------
// Physical memory: RAM in [kRamBase, kRamEnd); everything else is unbacked.

constexpr uint64_t kRamBase = 0x40000000, kRamEnd = 0x80000000;

class FakeMemory : public DescriptorReader {
 public:
  bool ReadDescriptor(uint64_t pa, uint64_t* descriptor) override {
    reads.push_back(pa);
    if (pa < kRamBase || pa >= kRamEnd || (pa & 7)) return false;
    const auto it = words.find(pa);
    *descriptor = it == words.end() ? 0 : it->second;
    return true;
  }
  std::map<uint64_t, uint64_t> words;  // unset words of RAM read as 0
  std::vector<uint64_t> reads;         // every physical descriptor read, in order
};

// ---------------------------------------------------------------------------------------
// Translation tables of one granule and input size, starting at `start_level`. The start
// table holds 2^(input bits - shift(start level)) entries: more than one granule's worth
// means concatenated tables (stage 2), allocated contiguously and aligned to their total
// size. Tables are allocated at addresses from `pool` (the addresses the walk uses: PAs
// for stage 2, IPAs for stage 1 under stage 2) and written to physical memory at that
// address + `delta`.

inline int Stage1StartLevel(unsigned granule_bits, unsigned va_bits) {
  return 3 - static_cast<int>((va_bits - granule_bits - 1) / (granule_bits - 3));
}

class Tables {
 public:
  Tables(FakeMemory& mem, unsigned granule_bits, unsigned in_bits, int start_level, uint64_t pool,
         uint64_t delta = 0)
      : mem_(mem), g_(granule_bits), in_bits_(in_bits), start_(start_level), next_(pool), delta_(delta) {
    root_ = Alloc(std::max<uint64_t>(uint64_t{8} << IndexBits(start_), uint64_t{1} << g_));
  }
  uint64_t root() const { return root_; }
  int start_level() const { return start_; }
  unsigned granule_bits() const { return g_; }
  unsigned Shift(int level) const { return g_ + static_cast<unsigned>(3 - level) * (g_ - 3); }
  uint64_t LevelSize(int level) const { return uint64_t{1} << Shift(level); }
  unsigned IndexBits(int level) const { return level == start_ ? in_bits_ - Shift(level) : g_ - 3; }

  // Walk address (PA or IPA) of the descriptor for `ia` at `level`, creating table
  // descriptors above it as needed.
  uint64_t Slot(uint64_t ia, int level) {
    uint64_t table = root_;
    for (int l = start_; l < level; ++l) {
      uint64_t& d = mem_.words[table + Index(ia, l) * 8 + delta_];
      if (!(d & 1)) d = Alloc(uint64_t{1} << g_) | 3;
      table = d & 0x0000FFFFFFFFF000 & ~((uint64_t{1} << g_) - 1);
    }
    return table + Index(ia, level) * 8;
  }
  // The granule-sized table page that holds the descriptor for `ia` at `level`.
  uint64_t TablePage(uint64_t ia, int level) { return Slot(ia, level) & ~((uint64_t{1} << g_) - 1); }
  uint64_t& Desc(uint64_t ia, int level) { return mem_.words[Slot(ia, level) + delta_]; }

  // A block (levels 0-2) or page (level 3) descriptor; attrs excludes the type bits.
  void Map(uint64_t ia, uint64_t oa, int level, uint64_t attrs) {
    Desc(ia, level) = oa | attrs | (level == 3 ? 3 : 1);
  }
  void MapPage(uint64_t ia, uint64_t oa, uint64_t attrs) { Map(ia, oa, 3, attrs); }
  void MapPage(uint64_t ia, uint64_t oa) { Map(ia, oa, 3, default_attrs); }

  uint64_t default_attrs = 0;  // of MapPage without attributes

  // Walk addresses of every table allocated so far (granule pages).
  const std::vector<uint64_t>& pages() const { return pages_; }

 private:
  uint64_t Index(uint64_t ia, int level) const {
    return (ia >> Shift(level)) & ((uint64_t{1} << IndexBits(level)) - 1);
  }
  uint64_t Alloc(uint64_t size) {
    const uint64_t t = (next_ + size - 1) & ~(size - 1);
    next_ = t + size;
    for (uint64_t p = t; p < t + size; p += uint64_t{1} << g_) pages_.push_back(p);
    return t;
  }

  FakeMemory& mem_;
  unsigned g_, in_bits_;
  int start_;
  uint64_t root_ = 0, next_, delta_;
  std::vector<uint64_t> pages_;
};

// ---------------------------------------------------------------------------------------
// Stage-1 descriptors and registers (EL1&0 and EL2).

// MAIR as the guest runtime programs it: 0 Device-nGnRnE, 1 Normal WB, 2 Tagged Normal,
// 3 Normal Non-cacheable, 4 Device-nGnRE.
constexpr uint64_t kMair = 0x0000000444F0FF00;
constexpr unsigned kIdxDevice = 0, kIdxNormal = 1, kIdxTagged = 2, kIdxNc = 3, kIdxDeviceNGnRE = 4;

constexpr uint64_t Attr(unsigned idx) { return uint64_t{idx} << 2; }
constexpr uint64_t Ap(unsigned ap) { return uint64_t{ap} << 6; }  // AP[2:1]
constexpr uint64_t Sh(unsigned sh) { return uint64_t{sh} << 8; }
constexpr uint64_t kShNone = Sh(0), kShOuter = Sh(2), kShInner = Sh(3);
constexpr uint64_t kAf = uint64_t{1} << 10;
constexpr uint64_t kNg = uint64_t{1} << 11;
constexpr uint64_t kPxn = uint64_t{1} << 53;
constexpr uint64_t kUxn = uint64_t{1} << 54;  // XN in the EL2 regime
constexpr uint64_t kPxnTable = uint64_t{1} << 59;
constexpr uint64_t kUxnTable = uint64_t{1} << 60;  // XNTable in the EL2 regime
constexpr uint64_t kApTable0 = uint64_t{1} << 61;
constexpr uint64_t kApTable1 = uint64_t{1} << 62;
constexpr uint64_t kS1Normal = Attr(kIdxNormal) | kShInner | kAf;  // EL1 RW, executable

constexpr uint64_t kSctlrM = 1, kSctlrWxn = uint64_t{1} << 19;

// TCR_EL1 with only TTBR0 walks (EPD1), IPS = 48 bits.
inline uint64_t Tg0(unsigned g) { return g == 12 ? 0 : g == 16 ? 1 : 2; }
inline uint64_t Tcr0(unsigned g, unsigned va_bits) {
  return (64 - va_bits) | Tg0(g) << 14 | uint64_t{5} << 32 | uint64_t{1} << 23 | uint64_t{16} << 16 |
         uint64_t{2} << 30;
}

// TCR_EL2 (no VHE): T0SZ[5:0], TG0[15:14], PS[18:16], TBI 20, TBID 29; bits 31 and 23 RES1.
constexpr uint64_t kTcrEl2Res1 = uint64_t{1} << 31 | uint64_t{1} << 23;
constexpr uint64_t kTcrEl2Tbi = uint64_t{1} << 20, kTcrEl2Tbid = uint64_t{1} << 29;
inline uint64_t TcrEl2(unsigned g, unsigned va_bits, unsigned ps = 5) {
  return (64 - va_bits) | Tg0(g) << 14 | uint64_t{ps} << 16 | kTcrEl2Res1;
}

// ---------------------------------------------------------------------------------------
// Stage-2 descriptors and registers.

constexpr uint64_t S2MemAttr(unsigned memattr) { return uint64_t{memattr} << 2; }  // MemAttr[3:0]
constexpr uint64_t S2Ap(unsigned s2ap) { return uint64_t{s2ap} << 6; }             // S2AP[1:0]
constexpr uint64_t S2Xn(unsigned xn) { return uint64_t{xn} << 53; }                // XN[1:0]
constexpr unsigned kS2Wb = 0xF, kS2Wt = 0xA, kS2Nc = 0x5;                            // Inner = Outer
constexpr uint64_t kS2Normal = S2MemAttr(kS2Wb) | S2Ap(3) | kShInner | kAf;         // RW, executable

// VTCR_EL2: T0SZ[5:0], SL0[7:6], TG0[15:14], PS[18:16].
inline uint64_t Vtcr(unsigned g, unsigned ipa_bits, unsigned sl0, unsigned ps = 5) {
  return (64 - ipa_bits) | uint64_t{sl0} << 6 | Tg0(g) << 14 | uint64_t{ps} << 16;
}
// The start level VTCR_EL2.SL0 selects: 4K: 0 -> 2, 1 -> 1, 2 -> 0; 16K/64K: 0 -> 3, 1 -> 2, 2 -> 1.
inline int Stage2StartLevel(unsigned g, unsigned sl0) {
  return (g == 12 ? 2 : 3) - static_cast<int>(sl0);
}

}  // namespace mmu_test
