// FEAT_MTE_PERM rules (isa::mte::NoTagAccessFaults), one rule per test, from the Arm ARM's
// description of the stage-2 NoTagAccess attribute (mte-reference.md, "Untagged memory,
// NoTagAccess, canonical tags"): with stage 1 Tagged, tag reads, tag writes and Tag Checked
// accesses take a stage-2 Permission fault; ordinary data accesses proceed.
#include <gtest/gtest.h>

#include "isa/mte.h"

namespace mte = mtesim::isa::mte;
using mte::TagCheckFault;

namespace {
constexpr bool kNoTagAccess = true, kTagged = true, kTagAccess = true, kTagChecked = true;
}  // namespace

TEST(MtePermNoTagAccess, TagReadFaults) {
  EXPECT_TRUE(mte::NoTagAccessFaults(kNoTagAccess, kTagged, kTagAccess, false, TagCheckFault::None));
}

TEST(MtePermNoTagAccess, TagAccessWithAllocationTagAccessDisabledDoesNotFault) {
  // With ATA off a tag read gives 0000 and a tag write is dropped: no tag is accessed.
  EXPECT_FALSE(mte::NoTagAccessFaults(kNoTagAccess, kTagged, false, false, TagCheckFault::None));
}

TEST(MtePermNoTagAccess, SynchronousTagCheckedAccessFaultsWhateverTheTags) {
  EXPECT_TRUE(mte::NoTagAccessFaults(kNoTagAccess, kTagged, false, kTagChecked, TagCheckFault::Synchronous));
}

TEST(MtePermNoTagAccess, AsynchronousTagCheckedAccessFaultsToo) {
  EXPECT_TRUE(mte::NoTagAccessFaults(kNoTagAccess, kTagged, false, kTagChecked, TagCheckFault::Asynchronous));
}

TEST(MtePermNoTagAccess, TagCheckedAccessWithTcfNoneProceeds) {
  EXPECT_FALSE(mte::NoTagAccessFaults(kNoTagAccess, kTagged, false, kTagChecked, TagCheckFault::None));
}

TEST(MtePermNoTagAccess, DataAccessThatIsNotTagCheckedProceeds) {
  // TCO, TBI off, TCMA, store-only reads, SP-based forms...: not Tag Checked.
  EXPECT_FALSE(mte::NoTagAccessFaults(kNoTagAccess, kTagged, false, false, TagCheckFault::Synchronous));
}

TEST(MtePermNoTagAccess, MemoryNotTaggedAtStage1IsUnaffected) {
  EXPECT_FALSE(mte::NoTagAccessFaults(kNoTagAccess, false, kTagAccess, false, TagCheckFault::None));
  EXPECT_FALSE(mte::NoTagAccessFaults(kNoTagAccess, false, false, kTagChecked, TagCheckFault::Synchronous));
}

TEST(MtePermNoTagAccess, WithoutNoTagAccessNothingFaults) {
  EXPECT_FALSE(mte::NoTagAccessFaults(false, kTagged, kTagAccess, false, TagCheckFault::None));
  EXPECT_FALSE(mte::NoTagAccessFaults(false, kTagged, false, kTagChecked, TagCheckFault::Synchronous));
}

TEST(MtePermNoTagAccess, AsymmetricStoreIsReportedAsynchronouslySoItFaults) {
  // TCF = 0b11 at MTE3: a store's mismatch is asynchronous, still reported.
  EXPECT_TRUE(mte::NoTagAccessFaults(kNoTagAccess, kTagged, false, kTagChecked, mte::TagCheckFaultFor(3, true, 3)));
}

TEST(MtePermNoTagAccess, ReservedTcfAtMte2ReportsNothingSoNoFault) {
  EXPECT_FALSE(mte::NoTagAccessFaults(kNoTagAccess, kTagged, false, kTagChecked, mte::TagCheckFaultFor(3, false, 2)));
}
