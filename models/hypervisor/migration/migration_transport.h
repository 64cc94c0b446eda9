// How live migration carries a page's MTE tags (a VMM policy). Tags travel packed, two
// per byte, 128 bytes per 4 KiB page (mteswap's layout, tag_packing.h):
//  - TagsWithEachPage, the default: each page record carries its data and its tags, as
//    the QEMU MTE-migration series' RAM_SAVE_FLAG_MTE does: the destination never holds
//    data without the tags read at the same instant.
//  - TagsSeparatePass: a round sends the data of its dirty pages, then a second pass sends
//    their tags (read later, after the link time of the data pass). A page whose tags
//    changed in between is dirty again and goes in the next round, so the result is the
//    same; what changes is the traffic's shape and the pre-copy convergence.
// Post-copy ignores the choice for the pages it places: a page is placed on the
// destination only together with its tags (Vm::PlacePage), whichever transport is set.
#pragma once
#include <memory>

namespace mtesim::hyp {

class MigrationTransport {
 public:
  enum class TagPlacement { WithEachPage, SeparatePass };
  virtual ~MigrationTransport() = default;
  virtual TagPlacement tag_placement() const = 0;
  virtual const char* name() const = 0;
};

class TagsWithEachPage : public MigrationTransport {
 public:
  TagPlacement tag_placement() const override { return TagPlacement::WithEachPage; }
  const char* name() const override { return "tags-with-each-page"; }
};

class TagsSeparatePass : public MigrationTransport {
 public:
  TagPlacement tag_placement() const override { return TagPlacement::SeparatePass; }
  const char* name() const override { return "tags-separate-pass"; }
};

inline std::unique_ptr<MigrationTransport> DefaultMigrationTransport() { return std::make_unique<TagsWithEachPage>(); }

}  // namespace mtesim::hyp
