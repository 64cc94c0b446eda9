// The mtesim trace format, version 1 (docs/trace-format.md is its description; this
// header is its one declaration). A file is a fixed header followed by a body of
// records, compressed as one zstd stream. Records are byte-oriented: a tag byte, then
// fields that are single bytes, little-endian u32, or LEB128 varints (addresses as
// zigzag deltas from the previous one of the same PE, so sequential code and strided
// data take one or two bytes before compression).
#pragma once
#include <cstddef>
#include <cstdint>

namespace mtesim::traces {

constexpr char kMagic[8] = {'M', 'T', 'E', 'T', 'R', 'A', 'C', 'E'};
constexpr uint16_t kVersion = 1;
constexpr size_t kHeaderBytes = 32;

// What a recording holds; each level includes the ones before it.
enum class Detail : uint8_t {
  Events = 0,        // exceptions, VM exits, vCPU switches, tag check faults, phases, counters
  Memory = 1,        // + every memory access and one byte per retired instruction (its class)
  Instructions = 2,  // + each retired instruction's PC, word and EL instead of the byte
};
constexpr uint8_t kDetailCount = 3;

enum class Compression : uint8_t { None = 0, Zstd = 1 };

struct Header {
  uint16_t version = kVersion;
  Detail detail = Detail::Memory;
  Compression compression = Compression::Zstd;
  uint16_t pe_count = 1;
  uint64_t cycle_ps = 1000;  // the recording PE clock
};

// Record tags. A tag with the top bit set is a compact retired instruction of class
// (tag & 0x0F) on the current PE (Detail::Memory).
enum Tag : uint8_t {
  kEnd = 0x00,          // varint records: the count of records before it; nothing follows
  kPe = 0x01,           // u8 pe: the PE the following records belong to
  kInsn = 0x02,         // varint zigzag(pc - (previous pc + 4)), u32 word, u8 el, u8 class
  kAccess = 0x03,       // u8 kind, u8 flags, varint size, varint zigzag va delta, varint zigzag pa delta,
                        // [u8 logical << 4 | allocation tag when flags & kHasTags]
  kException = 0x04,    // u8 kind, u8 from_el, u8 to_el, varint esr, far, elr, vector
  kTranslation = 0x05,  // a data access took the translation path (a first-level TLB miss)
  kTime = 0x06,         // varint zigzag(ps - previous time's ps): the time of the records after it
  kVmExit = 0x07,       // varint vcpu, varint exit_reason, varint address, varint detail
  kVcpu = 0x08,         // varint vmid, varint vcpu, u8 1 entered / 0 left: a world switch of the current PE
  kString = 0x09,       // varint id, varint length (<= kMaxString), bytes: names for the records below
  kSpanBegin = 0x0A,    // varint track (string id), varint name (string id)
  kSpanEnd = 0x0B,      // varint track (string id)
  kCounter = 0x0C,      // varint counter (string id), f64 value (8 bytes, little-endian)
  kTagFault = 0x0D,     // u8 sync (1) or async (0), varint va, u8 logical << 4 | allocation tag
  kCompactInsn = 0x80,  // | class
};
constexpr unsigned kTagCount = 0x0E;
constexpr size_t kMaxString = 4096;
constexpr uint64_t kMaxStringId = 1u << 20;

// kAccess flags.
enum AccessFlag : uint8_t {
  kTagged = 1 << 0,      // the memory is Tagged (its lines carry allocation tags)
  kCheckSync = 1 << 1,   // Tag Checked; a mismatch is a synchronous fault
  kCheckAsync = 1 << 2,  // Tag Checked; a mismatch is recorded in TFSR
  kHasTags = 1 << 3,     // a tag byte follows (checked accesses, tag reads, tag writes)
  kMismatch = 1 << 4,    // the check failed (some granule's allocation tag differs)
};

// Little-endian fixed-size fields and LEB128 varints.
inline uint64_t ZigZag(int64_t v) { return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63); }
inline int64_t UnZigZag(uint64_t v) { return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1); }

// Appends `v` as a varint at `p`; returns the end (at most 10 bytes).
inline uint8_t* PutVarint(uint8_t* p, uint64_t v) {
  while (v >= 0x80) {
    *p++ = static_cast<uint8_t>(v | 0x80);
    v >>= 7;
  }
  *p++ = static_cast<uint8_t>(v);
  return p;
}
constexpr size_t kMaxVarint = 10;

}  // namespace mtesim::traces
