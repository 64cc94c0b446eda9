// The VMM's live-migration engine between two VMs of one host (source and destination,
// same memslot layout and MTE level), driven step by step (LiveMigration drives it in
// simulated time; tests drive it directly). Everything goes through the hypervisor API
// a VMM has: the dirty log, host reads and writes of the VMM's own memory, COPY_TAGS,
// GET/SET_ONE_REG, and for post-copy the userfaultfd-like missing pages of the
// destination (Vm::RegisterMissing / PlacePage).
//
// Pre-copy: BeginPrecopy turns dirty logging on for every source slot and sends every
// page (round 0); each PrecopyRound harvests the log (clearing it and write-protecting the
// harvested pages first, so writes during the copy are logged again) and sends those
// pages with their tags; with the source vCPUs stopped, FinishPrecopy sends the last dirty
// pages and turns logging off; CopyVcpus moves the vCPU state (the MTE registers
// included) and the in-kernel vGIC's (vgic_state_copy.h). Post-copy: with the source stopped, CopyVcpus, then BeginPostcopy registers
// every destination page missing; a destination fault on one fetches it from the source
// and places it with its tags (on demand), PostcopyPush places the rest in the
// background.
//
// Wire accounting: a page record is an 8-byte header plus 4096 bytes of data, or the
// header alone for a zero page whose tags are zero (QEMU's RAM_SAVE_FLAG_ZERO); nonzero
// tags add 128 packed bytes to the page's record (all-zero tags are a header flag); a
// separate tag pass sends a record (header, and the packed tags unless zero) per page.
// The buffers are sized once, at construction: no step allocates per page.
#pragma once
#include <cstdint>
#include <vector>

#include "models/hypervisor/host_memory.h"
#include "models/hypervisor/migration/migration_stats.h"
#include "models/hypervisor/migration/migration_transport.h"
#include "models/hypervisor/vm.h"

namespace mtesim::hyp {

class Migration {
 public:
  // `stats`: where its counters go in the statistics tree (nullptr: its own).
  Migration(Vm& source, Vm& destination, HostPhysicalMemory& memory, const MigrationTransport& transport,
            stats::Group* stats = nullptr);
  ~Migration();
  Migration(const Migration&) = delete;
  Migration& operator=(const Migration&) = delete;

  // Each step returns the bytes it put on the wire, or a negative errno.
  int64_t BeginPrecopy();
  int64_t PrecopyRound();
  // With TagsSeparatePass: the tags of the pages the last round sent (PrecopyRound and
  // FinishPrecopy call it first when the caller has not). 0 with nothing due.
  int64_t SendTagPass();
  int64_t FinishPrecopy();
  // Every vCPU of the source into the destination's vCPU of the same id, then the vGIC:
  // its CPU interfaces are vCPU state too (QEMU saves the GIC with the CPUs).
  int64_t CopyVcpus();
  // The VMM gives up before the switch-over (QEMU's migrate_cancel): dirty logging off,
  // the source runs on as if never migrated. 0 or the memslot's errno.
  int Cancel();
  int64_t BeginPostcopy();
  int64_t PostcopyPush(uint64_t max_pages);
  bool PostcopyDone() const { return postcopy_remaining_ == 0; }

  const MigrationStats& stats() const { return stats_; }
  const MigrationTransport& transport() const { return transport_; }

 private:
  // Sends the pages in pending_ as the transport says; the bytes on the wire.
  int64_t SendPending();
  // Reads the source page into page_ (and its tags into tags_ when it has any);
  // *tagged says whether it has, *zero whether data and tags are all zero.
  int ReadSourcePage(uint64_t ipa, bool want_tags, bool* tagged, bool* zero);
  int WriteDestinationData(uint64_t ipa);
  int WriteDestinationTags(uint64_t ipa);
  // Harvests the source's dirty log into pending_.
  int HarvestDirty();
  int SetSourceLogging(bool on);
  // Post-copy: the page at `ipa` from the source onto the destination, with its tags.
  int FetchAndPlace(uint64_t ipa);
  bool Tagged(const Vm& vm, uint64_t ipa) const;

  Vm& src_;
  Vm& dst_;
  HostPhysicalMemory& memory_;
  const MigrationTransport& transport_;
  MigrationStats stats_;
  std::vector<uint8_t> page_, tags_, packed_;
  std::vector<uint64_t> pending_, bitmap_, reg_ids_;
  uint64_t postcopy_remaining_ = 0, postcopy_cursor_ = 0;
  bool tag_pass_due_ = false;
};

}  // namespace mtesim::hyp
