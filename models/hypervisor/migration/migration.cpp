#include "models/hypervisor/migration/migration.h"

#include <algorithm>
#include <chrono>

#include "models/hypervisor/kvm_api.h"
#include "models/hypervisor/kvm_errors.h"
#include "models/hypervisor/migration/vgic_state_copy.h"
#include "models/hypervisor/tag_packing.h"

namespace mtesim::hyp {
namespace {

constexpr uint64_t kRecordHeader = 8;  // a page record's header on the wire (address, flags)
constexpr uint64_t kRegisterBytes = 16;  // a register on the wire: its KVM id and value

// Host CPU time of one step, added to the statistics when the step returns.
class HostTimer {
 public:
  explicit HostTimer(double& total) : total_(total), start_(std::chrono::steady_clock::now()) {}
  ~HostTimer() { total_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count(); }

 private:
  double& total_;
  std::chrono::steady_clock::time_point start_;
};

bool AllZero(const uint8_t* p, uint64_t n) {
  for (uint64_t i = 0; i < n; ++i)
    if (p[i]) return false;
  return true;
}

int64_t CopyPageTags(Vm& vm, uint64_t ipa, uint8_t* tags, bool to_guest) {
  KvmArmCopyMteTags c;
  c.guest_ipa = ipa;
  c.length = kPageBytes;
  c.addr = tags;
  c.flags = to_guest ? KVM_ARM_TAGS_TO_GUEST : KVM_ARM_TAGS_FROM_GUEST;
  const int64_t r = vm.CopyTags(c);
  return r == static_cast<int64_t>(kPageBytes) ? 0 : (r < 0 ? r : kEFAULT);
}

uint64_t TotalPages(const Vm& vm) {
  uint64_t n = 0;
  for (const auto& [id, s] : vm.memslots()) n += s.npages();
  return n;
}

}  // namespace

Migration::Migration(Vm& source, Vm& destination, HostPhysicalMemory& memory, const MigrationTransport& transport,
                     stats::Group* stats)
    : src_(source),
      dst_(destination),
      memory_(memory),
      transport_(transport),
      stats_(stats),
      page_(kPageBytes),
      tags_(kTagsPerPage),
      packed_(kPackedTagsPerPage) {
  uint64_t words = 0;
  for (const auto& [id, s] : src_.memslots()) words = std::max<uint64_t>(words, (s.npages() + 63) / 64);
  bitmap_.assign(words, 0);
  pending_.reserve(TotalPages(src_));
  uint64_t regs = 0;
  if (!src_.vcpus().empty()) src_.vcpus().front()->GetRegList(&regs, nullptr);
  reg_ids_.assign(regs, 0);
}

Migration::~Migration() { dst_.SetMissingPageHandler(nullptr); }

bool Migration::Tagged(const Vm& vm, uint64_t ipa) const {
  const Memslot* slot = vm.FindMemslot(ipa);
  // A read-only slot (a ROM) has no tags to carry: a tag store needs stage-2 write
  // permission, so its tags stay the sanitised zeros on both sides. (COPY_TAGS to-guest
  // into it fails with EFAULT, as KVM's does for a slot it cannot write.)
  return vm.mte_enabled() && slot && slot->tag_capable && !slot->readonly();
}

int Migration::ReadSourcePage(uint64_t ipa, bool want_tags, bool* tagged, bool* zero) {
  const Memslot* slot = src_.FindMemslot(ipa);
  if (!slot) return kEFAULT;
  // The VMM reading its own memory brings a swapped-out page back first.
  if (const int err = src_.SwapIn(ipa)) return err;
  if (!memory_.Read(slot->HostAddress(ipa), page_.data(), kPageBytes)) return kEFAULT;
  *tagged = want_tags && Tagged(src_, ipa);
  if (*tagged) {
    if (const int64_t err = CopyPageTags(src_, ipa, tags_.data(), false)) return static_cast<int>(err);
    // On the wire the tags are packed; the receiver unpacks them for COPY_TAGS.
    PackPageTags(tags_.data(), packed_.data());
    UnpackPageTags(packed_.data(), tags_.data());
  }
  *zero = AllZero(page_.data(), kPageBytes) && (!*tagged || AllZero(packed_.data(), kPackedTagsPerPage));
  return 0;
}

int Migration::WriteDestinationData(uint64_t ipa) {
  const Memslot* slot = dst_.FindMemslot(ipa);
  if (!slot) return kEFAULT;
  return memory_.Write(slot->HostAddress(ipa), page_.data(), kPageBytes) ? 0 : kEFAULT;
}

int Migration::WriteDestinationTags(uint64_t ipa) {
  // COPY_TAGS to-guest also marks the page PG_mte_tagged, so the destination's first
  // map of it keeps these tags instead of sanitising them.
  return static_cast<int>(CopyPageTags(dst_, ipa, tags_.data(), true));
}

int64_t Migration::SendPending() {
  const bool with_page = transport_.tag_placement() == MigrationTransport::TagPlacement::WithEachPage;
  int64_t bytes = 0;
  for (const uint64_t ipa : pending_) {
    bool tagged = false, zero = false;
    if (const int err = ReadSourcePage(ipa, with_page, &tagged, &zero)) return err;
    if (const int err = WriteDestinationData(ipa)) return err;
    const uint64_t record = kRecordHeader + (zero ? 0 : kPageBytes);
    ++stats_[MigrationStats::kPagesSent];
    stats_[MigrationStats::kZeroPages] += zero;
    stats_[MigrationStats::kDataBytesSent] += record;
    bytes += static_cast<int64_t>(record);
    if (tagged) {
      if (const int err = WriteDestinationTags(ipa)) return err;
      // All-zero tags travel as a flag in the record's header.
      if (!AllZero(packed_.data(), kPackedTagsPerPage)) {
        stats_[MigrationStats::kTagBytesSent] += kPackedTagsPerPage;
        bytes += static_cast<int64_t>(kPackedTagsPerPage);
      }
    }
  }
  stats_.last_round_pages_ = pending_.size();
  ++stats_[MigrationStats::kRounds];
  tag_pass_due_ = !with_page && !pending_.empty();
  return bytes;
}

int64_t Migration::SendTagPass() {
  HostTimer timer(stats_.host_seconds_);
  if (!tag_pass_due_) return 0;
  tag_pass_due_ = false;
  ++stats_[MigrationStats::kTagPasses];
  int64_t bytes = 0;
  for (const uint64_t ipa : pending_) {
    if (!Tagged(src_, ipa)) continue;
    if (const int err = src_.SwapIn(ipa)) return err;
    if (const int64_t err = CopyPageTags(src_, ipa, tags_.data(), false)) return err;
    PackPageTags(tags_.data(), packed_.data());
    UnpackPageTags(packed_.data(), tags_.data());
    if (const int err = WriteDestinationTags(ipa)) return err;
    // A tag record: its header, and the packed tags unless they are all zero.
    const uint64_t record = kRecordHeader + (AllZero(packed_.data(), kPackedTagsPerPage) ? 0 : kPackedTagsPerPage);
    stats_[MigrationStats::kTagBytesSent] += record;
    bytes += static_cast<int64_t>(record);
  }
  return bytes;
}

int Migration::Cancel() {
  HostTimer timer(stats_.host_seconds_);
  tag_pass_due_ = false;
  return SetSourceLogging(false);
}

int Migration::SetSourceLogging(bool on) {
  for (const auto& [id, s] : src_.memslots()) {
    KvmUserspaceMemoryRegion r;
    r.slot = s.id;
    r.flags = on ? s.flags | KVM_MEM_LOG_DIRTY_PAGES : s.flags & ~KVM_MEM_LOG_DIRTY_PAGES;
    r.guest_phys_addr = s.guest_phys_addr;
    r.memory_size = s.memory_size;
    r.userspace_addr = s.backing;
    if (const int err = src_.SetUserMemoryRegion(r)) return err;
  }
  return 0;
}

int Migration::HarvestDirty() {
  pending_.clear();
  for (const auto& [id, s] : src_.memslots()) {
    if (!s.logging()) continue;
    if (const int err = src_.GetDirtyLog(id, bitmap_.data())) return err;
    // With manual protection the get leaves the bits: clear them and write-protect those
    // pages before they are read, so a write during the copy is logged again.
    KvmClearDirtyLog clear;
    clear.slot = id;
    clear.num_pages = static_cast<uint32_t>(s.npages());
    clear.dirty_bitmap = bitmap_.data();
    if (const int err = src_.ClearDirtyLog(clear)) return err;
    for (uint64_t page = 0; page < s.npages(); ++page)
      if (bitmap_[page / 64] >> (page % 64) & 1) pending_.push_back(s.guest_phys_addr + (page << kPageShift));
  }
  return 0;
}

int64_t Migration::BeginPrecopy() {
  HostTimer timer(stats_.host_seconds_);
  if (const int err = SetSourceLogging(true)) return err;
  pending_.clear();
  for (const auto& [id, s] : src_.memslots())
    for (uint64_t page = 0; page < s.npages(); ++page) pending_.push_back(s.guest_phys_addr + (page << kPageShift));
  return SendPending();
}

int64_t Migration::PrecopyRound() {
  int64_t bytes = SendTagPass();  // a separate tag pass still due from the last round
  if (bytes < 0) return bytes;
  HostTimer timer(stats_.host_seconds_);
  if (const int err = HarvestDirty()) return err;
  const int64_t sent = SendPending();
  return sent < 0 ? sent : bytes + sent;
}

int64_t Migration::FinishPrecopy() {
  int64_t bytes = PrecopyRound();
  if (bytes < 0) return bytes;
  // The source is stopped: the final tags go now, then the log is no longer needed.
  const int64_t tags = SendTagPass();
  if (tags < 0) return tags;
  HostTimer timer(stats_.host_seconds_);
  if (const int err = SetSourceLogging(false)) return err;
  return bytes + tags;
}

int64_t Migration::CopyVcpus() {
  HostTimer timer(stats_.host_seconds_);
  int64_t bytes = 0;
  for (const auto& v : src_.vcpus()) {
    Vcpu* d = dst_.GetVcpu(v->id());
    if (!d) return kENOENT;
    uint64_t n = reg_ids_.size();
    if (const int err = v->GetRegList(&n, reg_ids_.data())) return err;
    for (uint64_t i = 0; i < n; ++i) {
      uint64_t value = 0;
      if (const int err = v->GetOneReg(reg_ids_[i], &value)) return err;
      // The ID register is checked against the destination VM's (same MTE level).
      if (const int err = d->SetOneReg(reg_ids_[i], value)) return err;
      bytes += static_cast<int64_t>(kRegisterBytes);
    }
  }
  // The interrupt controller: distributor, redistributors / CPU interfaces, input levels.
  if (Vgic* source = src_.vgic()) {
    Vgic* destination = dst_.vgic();
    if (destination == nullptr) return kENODEV;  // the VMM created the destination without one
    const int64_t registers = CopyVgicState(*source, *destination);
    if (registers < 0) return registers;
    stats_[MigrationStats::kVgicRegistersSent] += static_cast<uint64_t>(registers);
    bytes += registers * static_cast<int64_t>(kRegisterBytes);
  }
  stats_[MigrationStats::kStateBytesSent] += static_cast<uint64_t>(bytes);
  return bytes;
}

int Migration::FetchAndPlace(uint64_t ipa) {
  bool tagged = false, zero = false;
  if (const int err = ReadSourcePage(ipa, true, &tagged, &zero)) return err;
  if (const int err = dst_.PlacePage(ipa, page_.data(), tagged ? tags_.data() : nullptr)) return err;
  const uint64_t record = kRecordHeader + (zero ? 0 : kPageBytes);
  ++stats_[MigrationStats::kPagesSent];
  stats_[MigrationStats::kZeroPages] += zero;
  stats_[MigrationStats::kDataBytesSent] += record;
  if (tagged && !AllZero(packed_.data(), kPackedTagsPerPage))
    stats_[MigrationStats::kTagBytesSent] += kPackedTagsPerPage;
  --postcopy_remaining_;
  return 0;
}

int64_t Migration::BeginPostcopy() {
  HostTimer timer(stats_.host_seconds_);
  postcopy_remaining_ = 0;
  postcopy_cursor_ = 0;
  for (const auto& [id, s] : dst_.memslots()) {
    if (const int err = dst_.RegisterMissing(s.guest_phys_addr, s.memory_size)) return err;
    postcopy_remaining_ += s.npages();
  }
  // The VMM's fault thread: the destination vCPU waits while its page is fetched.
  dst_.SetMissingPageHandler([this](uint64_t ipa) {
    HostTimer t(stats_.host_seconds_);
    ++stats_[MigrationStats::kPostcopyDemandPages];
    return FetchAndPlace(ipa);
  });
  return 0;
}

int64_t Migration::PostcopyPush(uint64_t max_pages) {
  HostTimer timer(stats_.host_seconds_);
  const uint64_t before = stats_.wire_bytes();
  uint64_t placed = 0;
  while (placed < max_pages && postcopy_remaining_ > 0) {
    // The cursor walks the destination's pages once; on-demand fetches may have placed
    // some of them already.
    uint64_t index = postcopy_cursor_++;
    uint64_t ipa = ~uint64_t{0};
    for (const auto& [id, s] : dst_.memslots()) {
      if (index < s.npages()) {
        ipa = s.guest_phys_addr + (index << kPageShift);
        break;
      }
      index -= s.npages();
    }
    if (ipa == ~uint64_t{0}) break;
    if (!dst_.PageMissing(ipa)) continue;
    if (const int err = FetchAndPlace(ipa)) return err;
    ++stats_[MigrationStats::kPostcopyBackgroundPages];
    ++placed;
  }
  return static_cast<int64_t>(stats_.wire_bytes() - before);
}

}  // namespace mtesim::hyp
