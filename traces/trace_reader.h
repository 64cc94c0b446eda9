// Reads a trace file (traces/format.h) record by record, in constant memory: the body is
// decompressed block by block into a fixed window. Anything malformed (bad header,
// unknown tag, field out of range, corrupt or truncated compressed data, a missing end
// record) throws mtesim::Error with one line naming the file and the offset at fault;
// no field of the file sizes an allocation.
#pragma once
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "models/pe/memory_access.h"
#include "models/pe/pe_observer.h"
#include "traces/compact_run.h"
#include "traces/format.h"

namespace mtesim::traces {

// One decoded record: `tag` says which fields mean something (format.h lists them).
struct Record {
  Tag tag = kEnd;  // kCompactInsn for both instruction forms' compact one
  unsigned pe = 0;
  uint64_t time_ps = 0;            // the time of the latest kTime (every record)
  models::RetiredInsn insn;        // kInsn (all fields), kCompactInsn (insn_class only)
  models::MemoryAccess access;     // kAccess
  uint8_t flags = 0, tags = 0;     // kAccess (AccessFlag, logical << 4 | allocation), kTagFault
  models::TakenException exception;  // kException
  // kVmExit: vcpu, exit_reason, address, detail; kVcpu: vm, vcpu, entered; kString: id, text;
  // kSpanBegin: track, name; kSpanEnd: track; kCounter: id, value; kTagFault: sync, address.
  int vcpu = -1;
  unsigned vm = 0;  // kVcpu: the VMID
  bool entered = false;  // kVcpu: the PE entered (true) or left the vCPU
  uint32_t exit_reason = 0;
  uint64_t address = 0, detail = 0;
  uint64_t id = 0, track = 0, name = 0;
  std::string text;
  double value = 0;
  bool sync = false;
};

class TraceReader {
 public:
  // Opens and checks the header; throws mtesim::Error naming `path`.
  explicit TraceReader(const std::string& path);
  ~TraceReader();
  TraceReader(const TraceReader&) = delete;
  TraceReader& operator=(const TraceReader&) = delete;

  const Header& header() const { return header_; }
  const std::string& path() const { return path_; }
  // The next record into `r`; false after the end record (checked against the count).
  bool Next(Record& r);
  // Bytes of the decompressed body consumed so far (what error messages call the offset).
  uint64_t offset() const { return consumed_ + pos_; }
  uint64_t records() const { return records_; }
  // The PE the records read next belong to (the latest kPe's).
  unsigned pe() const { return pe_; }

  // The replay's hot path (Detail::Memory), inline: reads the records at the read
  // position for as long as they are compact instructions and accesses in their common
  // form (DecodeAccess) within the window, all of the current PE. Each instruction adds
  // its class's weight to `clock`; each access goes to `on_access(access, clock)`, which
  // returns the clock after it. Stops before any other record (Next reads and checks
  // it), adding the instructions and accesses read to `*insns` and `*accesses`. The
  // read position, counts and address state live in locals for the run and are stored
  // once at its end: a store through `on_access` (a cache's counters) could otherwise
  // alias them and force them back to memory on every access.
  template <typename OnAccess>
  void ReadAccessRun(const CompactWeights& weights, uint64_t& clock, uint64_t* insns, uint64_t* accesses,
                     OnAccess&& on_access) {
    const uint8_t* p = window_ + pos_;
    const uint8_t* const end = window_ + size_;
    uint64_t now = clock, run_insns = 0, run_accesses = 0;
    PeState s = state_[pe_];
    models::MemoryAccess a;
    uint8_t flags, tags;
    for (;;) {
      const uint8_t* const run = p;
      p = CompactRun(p, end, weights, now);
      run_insns += static_cast<uint64_t>(p - run);
      if (!DecodeAccess(p, end, s, a, flags, tags)) break;
      now = on_access(static_cast<const models::MemoryAccess&>(a), now);
      ++run_accesses;
    }
    pos_ = static_cast<size_t>(p - window_);
    records_ += run_insns + run_accesses;
    state_[pe_] = s;
    clock = now;
    *insns += run_insns;
    *accesses += run_accesses;
  }

 private:
  // A PE's state for the deltas its records hold.
  struct PeState {
    uint64_t next_pc = 0, va = 0, pa = 0;
  };
  // The run of compact instruction records at `p` (before `end`): adds their weights to
  // `*sum` and returns the first byte past the run. A byte that is not a valid compact
  // instruction ends the run: Next reads (and reports) it.
  static const uint8_t* CompactRun(const uint8_t* p, const uint8_t* end, const CompactWeights& weights,
                                   uint64_t& sum) {
    uint64_t total = 0;
    unsigned in_word = 8;  // compact records in the latest word
    while (in_word == 8 && end - p >= 8) {
      uint64_t word;
      std::memcpy(&word, p, sizeof word);
      total += weights.LeadingSum(word);
      in_word = LeadingCompact(word);
      p += in_word;
    }
    // Fewer than eight bytes before the window's end: byte by byte.
    if (in_word == 8)
      for (; p < end && static_cast<uint8_t>(*p - kCompactInsn) < isa::kInsnClassCount; ++p) total += weights.Of(*p);
    sum += total;
    return p;
  }
  void ReadHeader();  // checks the header and sizes the buffers (throws mtesim::Error)
  [[noreturn]] void Fail(const std::string& what) const;
  // A varint of at most nine bytes at `p` (which has kMaxVarint bytes), past which `p`
  // moves; false (p somewhere within) for a longer one, which LongVarint checks.
  // The common form of an access record (its tag at `p`; the whole record before `end`,
  // valid kind, flags and size, varints of up to nine bytes), decoded into `a`, `flags`
  // and `tags` with `p` moved past it and the PE's address state `s` updated. false for
  // anything else, with nothing changed: Next's general path reads (and checks) it.
  static bool DecodeAccess(const uint8_t*& p, const uint8_t* end, PeState& s, models::MemoryAccess& a, uint8_t& flags,
                           uint8_t& tags) {
    constexpr size_t kLongestAccess = 3 + 3 * kMaxVarint + 1;
    if (static_cast<size_t>(end - p) < kLongestAccess || p[0] != kAccess) return false;
    const uint8_t kind = p[1];
    flags = p[2];
    if (kind > static_cast<uint8_t>(models::MemoryAccessKind::WalkStage2) || flags >= (1 << 5) ||
        ((flags & kCheckSync) && (flags & kCheckAsync)))
      return false;
    const uint8_t* q = p + 3;
    uint64_t size, va, pa;
    if (!ShortVarint(q, size) || size > (1u << 20) || !ShortVarint(q, va) || !ShortVarint(q, pa)) return false;
    tags = (flags & kHasTags) ? *q++ : 0;
    p = q;
    s.va += static_cast<uint64_t>(UnZigZag(va));
    s.pa += static_cast<uint64_t>(UnZigZag(pa));
    a.va = s.va;
    a.pa = s.pa;
    a.size = static_cast<uint32_t>(size);
    a.kind = static_cast<models::MemoryAccessKind>(kind);
    a.tagged = flags & kTagged;
    a.check = flags & kCheckSync    ? models::TagCheckTiming::Sync
              : flags & kCheckAsync ? models::TagCheckTiming::Async
                                    : models::TagCheckTiming::None;
    return true;
  }
  static bool ShortVarint(const uint8_t*& p, uint64_t& v) {
    v = 0;
    for (unsigned i = 0; i < kMaxVarint - 1; ++i) {
      v |= uint64_t{p[i] & 0x7Fu} << (7 * i);
      if (p[i] < 0x80) {
        p += i + 1;
        return true;
      }
    }
    return false;
  }
  // Makes at least `bytes` decoded bytes available at pos_ unless the body ends first.
  bool Ensure(size_t bytes);
  void Refill();
  uint8_t Byte();  // the fast path; ByteAtWindowEnd refills (or fails)
  uint8_t ByteAtWindowEnd();
  uint32_t U32();
  uint64_t U64();
  uint64_t Varint();  // one-byte fast path; LongVarint for the rest
  uint64_t LongVarint();

  std::string path_;
  std::FILE* file_ = nullptr;
  Header header_;
  struct Chunk;
  class ReadAhead;
  std::unique_ptr<ReadAhead> ahead_;  // the body's bytes, read (and decompressed) on a thread
  Chunk* chunk_ = nullptr;            // the one the window is in (held until the next is)
  Chunk* next_ = nullptr;             // taken, but it has an error that Refill rethrows
  bool body_end_ = false;   // the last chunk is in the window
  bool frame_done_ = true;  // zstd: the last frame is complete (a body may end here)
  const uint8_t* window_ = nullptr;  // the decoded bytes at hand: within chunk_
  size_t pos_ = 0, size_ = 0;
  uint64_t consumed_ = 0;  // body bytes before window_[0]
  bool ended_ = false;
  uint64_t records_ = 0;
  unsigned pe_ = 0;
  std::vector<PeState> state_;
  uint64_t time_ps_ = 0;
};

}  // namespace mtesim::traces
