// Reads a trace file (traces/format.h) record by record, in constant memory: the body is
// decompressed block by block into a fixed window. Anything malformed (bad header,
// unknown tag, field out of range, corrupt or truncated compressed data, a missing end
// record) throws mtesim::Error with one line naming the file and the offset at fault;
// no field of the file sizes an allocation.
#pragma once
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "models/pe/memory_access.h"
#include "models/pe/pe_observer.h"
#include "traces/format.h"

typedef struct ZSTD_DCtx_s ZSTD_DCtx;

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

  // A fast path for a consumer that needs only the classes of compact instructions
  // (Detail::Memory; the replay): consumes the run of compact instruction records at the
  // read position, as far as the decoded window goes, adding weight[class] of each to
  // `*sum`; returns how many it consumed (0 when the next record is another kind). A byte
  // that is not a valid compact instruction ends the run: Next reads (and reports) it.
  uint64_t CompactRun(const uint32_t* weight, uint64_t* sum);

 private:
  void ReadHeader();  // checks the header and sizes the buffers (throws mtesim::Error)
  [[noreturn]] void Fail(const std::string& what) const;
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
  ZSTD_DCtx* zstd_ = nullptr;
  std::vector<uint8_t> in_;
  size_t in_pos_ = 0, in_size_ = 0;
  uint64_t file_offset_ = 0;  // of in_'s start
  bool input_done_ = false;
  bool frame_done_ = true;  // zstd: the last frame is complete (a body may end here)
  std::vector<uint8_t> window_;
  size_t pos_ = 0, size_ = 0;
  uint64_t consumed_ = 0;  // body bytes before window_[0]
  bool ended_ = false;
  uint64_t records_ = 0;
  unsigned pe_ = 0;
  struct PeState {
    uint64_t next_pc = 0, va = 0, pa = 0;
  };
  std::vector<PeState> state_;
  uint64_t time_ps_ = 0;
};

}  // namespace mtesim::traces
