#include "traces/trace_reader.h"

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <exception>
#include <mutex>
#include <thread>
#include <unistd.h>

#include <zstd.h>

#include "models/config/host_file.h"
#include "models/error.h"

namespace mtesim::traces {

namespace {
constexpr size_t kMaxRecordBytes = 1 + 2 * kMaxVarint + kMaxString;  // the largest record (kString)
constexpr unsigned kMaxPes = 256;

std::string Hex(uint64_t v) {
  char b[24];
  std::snprintf(b, sizeof b, "0x%llx", static_cast<unsigned long long>(v));
  return b;
}
}  // namespace

// The body as the file holds it, read (and decompressed) ahead on a thread of its own
// into a few chunks, so that decompression and its checksum, about a fifth of a replay's
// host time, overlap the consumer's decoding. The reader takes the chunks in order and
// decodes each in place (its window is the chunk); an error (a failed read, corrupt
// compressed data) ends the body and is rethrown when the reader reaches it, so a
// trace's records before it are read as before.
struct TraceReader::Chunk {
  // Room before the body's bytes for the previous chunk's undecoded tail: a record that
  // straddles two chunks is moved there whole (Refill), so the window never needs a copy
  // of the chunk. Refill moves less than a record of the largest kind.
  static constexpr size_t kLead = kMaxRecordBytes;
  uint8_t* body() { return bytes.data() + kLead; }
  std::vector<uint8_t> bytes;  // kLead, then the body's bytes
  size_t size = 0;             // of the body's bytes
  bool frame_done = true;    // zstd: a frame ends with this chunk's last byte
  bool last = false;         // the body ends with this chunk
  std::exception_ptr error;  // thrown instead of reading this chunk
};

class TraceReader::ReadAhead {
 public:
  ReadAhead(std::FILE* file, Compression compression, const std::string& path) : file_(file), path_(path) {
    if (compression == Compression::Zstd) {
      zstd_ = ZSTD_createDCtx();
      ZSTD_DCtx_setParameter(zstd_, ZSTD_d_windowLogMax, 27);  // bounds the decoder's memory (128 MiB)
      in_.resize(ZSTD_DStreamInSize());
    } else {
      in_.resize(kChunkBytes);
    }
    for (Chunk& c : chunks_) c.bytes.resize(Chunk::kLead + kChunkBytes);
    thread_ = std::thread([this] { Run(); });
  }
  ~ReadAhead() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    changed_.notify_all();
    thread_.join();
    if (zstd_) ZSTD_freeDCtx(zstd_);
  }

  // The next chunk, once it is ready; it stays the reader's until Release. Not called
  // after a chunk that is the last or has an error.
  Chunk& Take() {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [this] { return produced_ > taken_; });
    return chunks_[taken_++ % kChunks];
  }
  void Release() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ++released_;
    }
    changed_.notify_all();
  }

 private:
  static constexpr size_t kChunkBytes = 256 << 10;
  static constexpr unsigned kChunks = 4;

  void Run() {
    for (;;) {
      Chunk* c;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        changed_.wait(lock, [this] { return stop_ || produced_ - released_ < kChunks; });
        if (stop_) return;
        c = &chunks_[produced_ % kChunks];
      }
      try {
        Fill(*c);
      } catch (...) {
        c->error = std::current_exception();
      }
      c->frame_done = frame_done_;
      const bool done = c->last || c->error;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        ++produced_;
      }
      changed_.notify_all();
      if (done) return;
    }
  }

  // Fills `c` with the body's next bytes until it is full or the body ends (c.last).
  void Fill(Chunk& c) {
    c.size = 0;
    while (c.size < kChunkBytes) {
      if (in_pos_ == in_size_ && !input_done_) {
        file_offset_ += in_size_;
        in_size_ = std::fread(in_.data(), 1, in_.size(), file_);
        in_pos_ = 0;
        if (in_size_ == 0) {
          if (std::ferror(file_)) throw Error(path_ + ": reading the trace failed: " + std::strerror(errno));
          input_done_ = true;
        }
      }
      if (!zstd_) {
        if (in_pos_ == in_size_) {
          if (input_done_) {
            c.last = true;
            return;
          }
          continue;
        }
        const size_t n = std::min(in_size_ - in_pos_, kChunkBytes - c.size);
        std::memcpy(c.body() + c.size, in_.data() + in_pos_, n);
        in_pos_ += n;
        c.size += n;
        continue;
      }
      // zstd may hold decoded bytes back when the chunk was full: it is called until it
      // gives nothing more, with or without new input.
      ZSTD_inBuffer in{in_.data(), in_size_, in_pos_};
      ZSTD_outBuffer out{c.body(), kChunkBytes, c.size};
      const size_t r = ZSTD_decompressStream(zstd_, &out, &in);
      if (ZSTD_isError(r))
        throw Error(path_ + ": file offset " + std::to_string(file_offset_ + in_pos_) + ": corrupt compressed data (" +
                    ZSTD_getErrorName(r) + ")");
      const bool progressed = out.pos != c.size || in.pos != in_pos_;
      // 0: a frame just ended and is flushed (a call with nothing to do says otherwise).
      if (progressed) frame_done_ = r == 0;
      in_pos_ = in.pos;
      c.size = out.pos;
      if (!progressed && in_pos_ == in_size_ && input_done_) {
        c.last = true;
        return;
      }
    }
  }

  std::FILE* const file_;
  const std::string path_;
  ZSTD_DCtx* zstd_ = nullptr;
  std::vector<uint8_t> in_;
  size_t in_pos_ = 0, in_size_ = 0;
  uint64_t file_offset_ = kHeaderBytes;  // of in_'s start
  bool input_done_ = false;
  bool frame_done_ = true;
  Chunk chunks_[kChunks];
  std::mutex mutex_;
  std::condition_variable changed_;
  uint64_t produced_ = 0, taken_ = 0, released_ = 0;  // chunks, ever
  bool stop_ = false;
  std::thread thread_;
};

TraceReader::TraceReader(const std::string& path) : path_(path) {
  const int fd = config::OpenRegularFile(path, "trace");
  file_ = ::fdopen(fd, "rb");
  if (file_ == nullptr) {
    ::close(fd);
    throw Error(path + ": cannot open the trace: " + std::strerror(errno));
  }
  // A constructor that throws runs no destructor: close the file here, or every refused
  // header would leak a descriptor (found by fuzz_trace_reader: "Too many open files").
  try {
    ReadHeader();
  } catch (...) {
    std::fclose(file_);
    throw;
  }
}

void TraceReader::ReadHeader() {
  const std::string& path = path_;
  uint8_t h[kHeaderBytes];
  const size_t got = std::fread(h, 1, sizeof h, file_);
  if (got < 8 || std::memcmp(h, kMagic, sizeof kMagic) != 0)
    throw Error(path + ": offset 0: not an mtesim trace (no MTETRACE magic)");
  if (got < sizeof h) throw Error(path + ": offset " + std::to_string(got) + ": truncated header");
  const uint16_t version = static_cast<uint16_t>(h[8] | h[9] << 8);
  if (version != kVersion)
    throw Error(path + ": offset 8: trace format version " + std::to_string(version) + " (this mtesim reads version " +
                std::to_string(kVersion) + ")");
  if (h[10] != kHeaderBytes || h[11] != 0) throw Error(path + ": offset 10: bad header size");
  if (h[12] >= kDetailCount) throw Error(path + ": offset 12: unknown detail level " + std::to_string(h[12]));
  if (h[13] > static_cast<uint8_t>(Compression::Zstd))
    throw Error(path + ": offset 13: unknown compression " + std::to_string(h[13]));
  header_.detail = static_cast<Detail>(h[12]);
  header_.compression = static_cast<Compression>(h[13]);
  header_.pe_count = static_cast<uint16_t>(h[14] | h[15] << 8);
  if (header_.pe_count == 0 || header_.pe_count > kMaxPes)
    throw Error(path + ": offset 14: PE count " + std::to_string(header_.pe_count) + " out of range (1.." +
                std::to_string(kMaxPes) + ")");
  header_.cycle_ps = 0;
  for (int i = 0; i < 8; ++i) header_.cycle_ps |= uint64_t{h[16 + i]} << (8 * i);
  if (header_.cycle_ps == 0) throw Error(path + ": offset 16: the cycle time is 0");
  state_.resize(header_.pe_count);
  ahead_ = std::make_unique<ReadAhead>(file_, header_.compression, path_);
}

TraceReader::~TraceReader() {
  ahead_.reset();  // its thread reads file_
  if (file_) std::fclose(file_);
}

void TraceReader::Fail(const std::string& what) const {
  throw Error(path_ + ": body offset " + std::to_string(offset()) + ": " + what);
}

void TraceReader::Refill() {
  if (body_end_) return;
  if (!next_) next_ = &ahead_->Take();
  if (next_->error) std::rethrow_exception(next_->error);  // kept: a later call throws it again
  Chunk& c = *next_;
  next_ = nullptr;
  // The undecoded tail goes in front of the next chunk's bytes, which become the window.
  const size_t tail = size_ - pos_;
  uint8_t* const start = c.body() - tail;
  if (tail) std::memcpy(start, window_ + pos_, tail);
  consumed_ += pos_;
  if (chunk_) ahead_->Release();
  chunk_ = &c;
  window_ = start;
  pos_ = 0;
  size_ = tail + c.size;
  frame_done_ = c.frame_done;
  body_end_ = c.last;
}

inline bool TraceReader::Ensure(size_t bytes) {
  if (__builtin_expect(size_ - pos_ >= bytes, 1)) return true;
  // Every chunk but the last is full and far longer than a record, but a loop costs
  // nothing here; the tail Refill moves stays shorter than `bytes`, so it fits the lead.
  while (size_ - pos_ < bytes && !body_end_) Refill();
  return size_ - pos_ >= bytes;
}

// Byte is every field's reader: kept small enough to inline, the rare refill apart.
inline uint8_t TraceReader::Byte() {
  if (__builtin_expect(pos_ >= size_, 0)) return ByteAtWindowEnd();
  return window_[pos_++];
}

uint8_t TraceReader::ByteAtWindowEnd() {
  if (!Ensure(1)) Fail("truncated record");
  return window_[pos_++];
}

uint32_t TraceReader::U32() {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= uint32_t{Byte()} << (8 * i);
  return v;
}

uint64_t TraceReader::U64() {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= uint64_t{Byte()} << (8 * i);
  return v;
}

inline uint64_t TraceReader::Varint() {
  // When the window holds a whole varint (it nearly always does: Next makes sure of a
  // record's worth) it is decoded without bounds checks; the checked loop takes the rest.
  if (__builtin_expect(size_ - pos_ >= kMaxVarint, 1)) {
    const uint8_t* p = window_ + pos_;
    uint64_t v;
    if (ShortVarint(p, v)) {
      pos_ = static_cast<size_t>(p - window_);
      return v;
    }
  }
  return LongVarint();  // ten bytes (and its overflow check), or the window's end
}

uint64_t TraceReader::LongVarint() {
  uint64_t v = 0;
  for (unsigned shift = 0; shift < 64; shift += 7) {
    const uint8_t b = Byte();
    if (shift == 63 && b > 1) Fail("varint overflows 64 bits");
    v |= uint64_t{b & 0x7Fu} << shift;
    if (!(b & 0x80)) return v;
  }
  Fail("varint longer than 10 bytes");
}

bool TraceReader::Next(Record& r) {
  if (ended_) return false;
  // A whole record of the largest kind fits in the window before decoding starts, so
  // only a body that really ends mid-record reports truncation.
  if (!Ensure(kMaxRecordBytes) && pos_ == size_) {
    if (!frame_done_) Fail("truncated: the compressed body stops mid-frame");
    Fail("truncated: the body ends without its end record");
  }
  r.pe = pe_;
  // Accesses are most of a Memory-level trace's decoded records: their common form is
  // decoded straight from the window; anything else takes the general path below.
  const uint8_t* p = window_ + pos_;
  if (DecodeAccess(p, window_ + size_, state_[pe_], r.access, r.flags, r.tags)) {
    pos_ = static_cast<size_t>(p - window_);
    r.tag = kAccess;
    r.time_ps = time_ps_;
    ++records_;
    return true;
  }
  const uint8_t tag = Byte();
  if (tag & kCompactInsn) {
    const unsigned c = tag & 0x7F;
    if (c >= isa::kInsnClassCount) Fail("compact instruction of unknown class " + std::to_string(c));
    r.tag = kCompactInsn;
    r.insn.insn_class = static_cast<isa::InsnClass>(c);
    r.time_ps = time_ps_;
    ++records_;
    return true;
  }
  if (tag >= kTagCount) Fail("unknown record tag " + Hex(tag));
  r.tag = static_cast<Tag>(tag);
  PeState& s = state_[pe_];
  switch (r.tag) {
    case kEnd: {
      const uint64_t count = Varint();
      if (count != records_)
        Fail("the end record counts " + std::to_string(count) + " records, the body has " + std::to_string(records_));
      if (Ensure(1) || !frame_done_) Fail("data after the end record");
      ended_ = true;
      return false;
    }
    case kPe: {
      const unsigned pe = Byte();
      if (pe >= header_.pe_count)
        Fail("PE " + std::to_string(pe) + " of a trace of " + std::to_string(header_.pe_count) + " PEs");
      pe_ = pe;
      r.pe = pe;
      break;
    }
    case kInsn: {
      r.insn.pc = s.next_pc + static_cast<uint64_t>(UnZigZag(Varint()));
      r.insn.insn = U32();
      r.insn.el = Byte();
      const uint8_t c = Byte();
      if (r.insn.el > 3) Fail("instruction at EL" + std::to_string(r.insn.el));
      if (c >= isa::kInsnClassCount) Fail("instruction of unknown class " + std::to_string(c));
      r.insn.insn_class = static_cast<isa::InsnClass>(c);
      s.next_pc = r.insn.pc + 4;
      break;
    }
    case kAccess: {
      const uint8_t kind = Byte();
      if (kind > static_cast<uint8_t>(models::MemoryAccessKind::WalkStage2))
        Fail("memory access of unknown kind " + std::to_string(kind));
      r.access.kind = static_cast<models::MemoryAccessKind>(kind);
      r.flags = Byte();
      if (r.flags >= 1 << 5 || (r.flags & kCheckSync && r.flags & kCheckAsync))
        Fail("memory access flags " + Hex(r.flags) + " are not valid");
      const uint64_t size = Varint();
      if (size > (1u << 20)) Fail("memory access of " + std::to_string(size) + " bytes");
      r.access.size = static_cast<uint32_t>(size);
      s.va += static_cast<uint64_t>(UnZigZag(Varint()));
      s.pa += static_cast<uint64_t>(UnZigZag(Varint()));
      r.access.va = s.va;
      r.access.pa = s.pa;
      r.access.tagged = r.flags & kTagged;
      r.access.check = r.flags & kCheckSync    ? models::TagCheckTiming::Sync
                       : r.flags & kCheckAsync ? models::TagCheckTiming::Async
                                               : models::TagCheckTiming::None;
      r.tags = (r.flags & kHasTags) ? Byte() : 0;
      break;
    }
    case kException: {
      const uint8_t kind = Byte();
      r.exception.from_el = Byte();
      r.exception.to_el = Byte();
      if (kind > 3 || r.exception.from_el > 3 || r.exception.to_el > 3) Fail("exception fields out of range");
      r.exception.kind = static_cast<models::TakenException::Kind>(kind);
      r.exception.esr = Varint();
      r.exception.far = Varint();
      r.exception.elr = Varint();
      r.exception.vector = Varint();
      break;
    }
    case kTranslation: break;
    case kTime:
      time_ps_ += static_cast<uint64_t>(UnZigZag(Varint()));
      break;
    case kVmExit: {
      const uint64_t vcpu = Varint();
      const uint64_t reason = Varint();
      if (vcpu > 0xFFFF || reason > 0xFFFF) Fail("VM exit fields out of range");
      r.vcpu = static_cast<int>(vcpu);
      r.exit_reason = static_cast<uint32_t>(reason);
      r.address = Varint();
      r.detail = Varint();
      break;
    }
    case kVcpu: {
      const uint64_t vm = Varint();
      if (vm > 0xFFFF) Fail("VMID " + std::to_string(vm) + " out of range");
      r.vm = static_cast<unsigned>(vm);
      const uint64_t v = Varint();
      if (v > 0xFFFF) Fail("vCPU " + std::to_string(v) + " out of range");
      r.vcpu = static_cast<int>(v);
      const uint8_t entered = Byte();
      if (entered > 1) Fail("world switch direction " + std::to_string(entered));
      r.entered = entered;
      break;
    }
    case kString: {
      r.id = Varint();
      if (r.id >= kMaxStringId) Fail("string id " + std::to_string(r.id) + " out of range");
      const uint64_t n = Varint();
      if (n > kMaxString) Fail("string of " + std::to_string(n) + " bytes (at most " + std::to_string(kMaxString) + ")");
      if (!Ensure(n)) Fail("truncated string");
      r.text.assign(reinterpret_cast<const char*>(window_ + pos_), n);
      pos_ += n;
      break;
    }
    case kSpanBegin:
      r.track = Varint();
      r.name = Varint();
      if (r.track >= kMaxStringId || r.name >= kMaxStringId) Fail("span names out of range");
      break;
    case kSpanEnd:
      r.track = Varint();
      if (r.track >= kMaxStringId) Fail("span track out of range");
      break;
    case kCounter: {
      r.id = Varint();
      if (r.id >= kMaxStringId) Fail("counter id out of range");
      const uint64_t bits = U64();
      std::memcpy(&r.value, &bits, sizeof bits);
      break;
    }
    case kTagFault: {
      const uint8_t sync = Byte();
      if (sync > 1) Fail("tag fault kind " + std::to_string(sync));
      r.sync = sync;
      r.address = Varint();
      r.tags = Byte();
      break;
    }
    default: Fail("unknown record tag " + Hex(tag));
  }
  r.time_ps = time_ps_;
  ++records_;
  return true;
}

}  // namespace mtesim::traces
