// A set-associative timing cache. Like every timing model here it holds no data and no
// tags (the memory controller's stores are the only truth, design.md): it tracks which
// lines are present, which parts of each line (data, allocation tags) it holds and which
// are dirty, and decides hits, misses, victims, writebacks and prefetches. Its owner
// acts on the answers (issues the next level's fills and writebacks, adds latency).
//
// A line has two parts: its data and, for MTE Tagged memory, its allocation tags. An
// access hits when the line holds every part the access needs: data for data accesses,
// tags for tag accesses and for any access to Tagged memory (a Tagged line must hold its
// tags, so a later tag check needs no memory access). Missing parts are filled; every
// op allocates (write-allocate), and a line that is present with only its tags missing
// takes a tag-only fill instead of a victim.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "models/cache/cache_config.h"
#include "models/cache/prefetch_policy.h"
#include "models/cache/replacement_policy.h"
#include "models/stats/statistics.h"

namespace mtesim::cache {

enum class CacheOp : uint8_t {
  Read,
  Write,
  Fetch,         // instruction fetch
  TagRead,       // LDG, a tag check's tag fetch
  TagWrite,      // STG, ST2G
  DataTagWrite,  // data and tags written together: STGP, STZG, DC GZVA
};

// What an access asks of the cache's owner.
struct Outcome {
  bool hit = false;
  struct Fill {
    bool needed = false;
    bool data = false;  // false: the line is present and only its tags come
    bool tags = false;  // the line's allocation tags come
  } fill;
  struct Writeback {
    bool needed = false;
    uint64_t address = 0;  // the victim's line address
    bool data = false;     // its data was dirty
    bool tags = false;     // its tags were dirty
  } writeback;
  // Lines the prefetch policy suggests; the owner passes each to Cache::Prefetch. Only
  // the first prefetch_count are set: every miss builds an Outcome, and zeroing all
  // kMaxDegree entries each time was a measurable part of the replay's miss path.
  unsigned prefetch_count = 0;
  uint64_t prefetch[PrefetchPolicy::kMaxDegree];
};

class Cache {
 public:
  // `config` must be valid (Validate); an invalid one is an mtesim::Error. Counters and
  // formulas are registered in `stats`.
  Cache(const CacheConfig& config, stats::Group& stats);

  // One demand access to physical address `pa`; `tagged`: its memory is MTE Tagged.
  Outcome Access(uint64_t pa, CacheOp op, bool tagged);
  // The hit path of Access, inline for the timing models' per-access loop: when the line
  // is present with every part `op` needs (and is not a prefetched line's first demand,
  // which may trigger prefetches), does all Access would (counters, replacement, dirty
  // bits) and returns true; otherwise changes nothing and returns false, and the caller
  // calls Access.
  __attribute__((always_inline)) bool TryHit(uint64_t pa, CacheOp op, bool tagged) {
    const uint64_t number = pa >> line_shift_;
    Line* line = mru_;
    const bool mru = line->number == number;  // an invalid line's number is kNoLine
    unsigned set = 0;
    if (!mru) {
      set = static_cast<unsigned>(number & set_mask_);
      line = Find(number, set);
      if (!line) return false;
    }
    const OpTraits& t = kOpTraits[static_cast<unsigned>(op)];
    if (line->prefetched || (t.needs_data && !line->data) || ((tagged || t.tag_op) && !line->tags)) return false;
    // The line the replacement policy saw last is already the most recent of its set:
    // every policy's state is the same with or without telling it again (lru: the order
    // of the set's stamps; plru: the same tree bits; fifo, random: no hit state).
    if (!mru) Touch(set, line);
    CountOp(op);
    ++counters_[kHits];
    line->data_dirty |= t.writes_data;
    line->tags_dirty |= t.writes_tags;
    return true;
  }
  // Fills `line_pa` for a prefetch unless it is present (fill.needed false then).
  Outcome Prefetch(uint64_t line_pa, bool tagged);
  // A private cache above evicts a dirty line into this (shared) one: the line is
  // overwritten, so no fill is needed; `data`/`tags` say which parts were dirty.
  Outcome WritebackFromAbove(uint64_t pa, bool data, bool tags);

  unsigned line_bytes() const { return config_.line_bytes; }
  unsigned hit_cycles() const { return config_.hit_cycles; }
  const CacheConfig& config() const { return config_; }
  uint64_t LineAddress(uint64_t pa) const { return pa & ~uint64_t{config_.line_bytes - 1}; }

 private:
  // No line's number (pa >> line_shift_ has line_shift_ leading zeros): an invalid line
  // has it, so a lookup compares numbers alone.
  static constexpr uint64_t kNoLine = ~uint64_t{0};
  struct Line {
    uint64_t number = kNoLine;  // pa >> line_shift_ while valid
    bool valid = false;
    bool data = false, data_dirty = false;
    bool tags = false, tags_dirty = false;
    bool prefetched = false;  // brought by a prefetch and not yet demanded
  };
  enum Counter : unsigned {
    kReads, kWrites, kFetches, kTagReads, kTagWrites, kHits, kMisses, kTagMisses, kFills, kTagFills,
    kWritebacks, kDataWritebacks, kTagWritebacks, kEvictions, kPrefetches, kPrefetchHits,
  };

  // What each op needs and does, by CacheOp, so the hit path looks it up instead of
  // branching on the op several times.
  struct OpTraits {
    bool needs_data, tag_op, writes_data, writes_tags;
    Counter counter;  // the op's count (DataTagWrite: kTagWrites too)
  };
  static constexpr OpTraits kOpTraits[] = {
      {true, false, false, false, kReads},      // Read
      {true, false, true, false, kWrites},      // Write
      {true, false, false, false, kFetches},    // Fetch
      {false, true, false, false, kTagReads},   // TagRead
      {false, true, false, true, kTagWrites},   // TagWrite
      {true, true, true, true, kWrites},        // DataTagWrite
  };
  static bool NeedsData(CacheOp op) { return kOpTraits[static_cast<unsigned>(op)].needs_data; }
  static bool IsTagOp(CacheOp op) { return kOpTraits[static_cast<unsigned>(op)].tag_op; }
  static bool WritesData(CacheOp op) { return kOpTraits[static_cast<unsigned>(op)].writes_data; }
  static bool WritesTags(CacheOp op) { return kOpTraits[static_cast<unsigned>(op)].writes_tags; }

  Line* Find(uint64_t number, unsigned set) {
    Line* way = SetBase(set);
    for (unsigned w = 0; w < config_.ways; ++w)
      if (way[w].number == number) return &way[w];
    return nullptr;
  }
  // A demand hit on `line` of `set`, told to the replacement policy; it becomes mru_.
  // Part of TryHit, the timing models' per-access path: always inlined.
  __attribute__((always_inline)) void Touch(unsigned set, Line* line) {
    const unsigned way = static_cast<unsigned>(line - SetBase(set));
    if (stamps_)
      stamps_->OnHit(set, way);  // inline: the default policy's hit costs no virtual call
    else
      replacement_->OnHit(set, way);
    mru_ = line;
  }
  // Picks and evicts the way a new line of `set` goes to, reporting a dirty victim.
  Line& Allocate(unsigned set, Outcome& outcome);
  void CountOp(CacheOp op) {
    ++counters_[kOpTraits[static_cast<unsigned>(op)].counter];
    if (op == CacheOp::DataTagWrite) ++counters_[kTagWrites];
  }
  void Trigger(uint64_t number, Outcome& outcome);
  Line* SetBase(unsigned set) { return &lines_[static_cast<size_t>(set) * config_.ways]; }

  CacheConfig config_;
  unsigned line_shift_;
  uint64_t set_mask_;
  std::vector<Line> lines_;  // sets x ways, one set's ways contiguous
  // The line the replacement policy was last told of (a hit or a fill). Starts at an
  // invalid line; a line only becomes valid through Allocate, which makes it mru_.
  Line* mru_;
  std::unique_ptr<ReplacementPolicy> replacement_;
  StampPolicy* stamps_;  // replacement_, when it is lru or fifo; else null
  std::unique_ptr<PrefetchPolicy> prefetcher_;
  stats::Counters& counters_;
};

}  // namespace mtesim::cache
