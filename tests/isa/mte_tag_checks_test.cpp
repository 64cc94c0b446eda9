// FEAT_MTE2/MTE3 tag checking of data accesses, executed through the decoder on the flat
// test memory (all of it Tagged, checked by the same rules as the PE). Expected behaviour
// follows the Arm ARM: AArch64.AccessIsTagChecked (D10.4: which addressing forms are
// candidates, TCO, TBI/MTX, TCMA, ATA, store-only), AArch64.TagCheckFault and the
// SCTLR_ELx.TCF/TCF0 encodings (D10.7: none, synchronous, asynchronous, asymmetric at
// MTE3), the Data Abort syndrome (EC 0x24/0x25, DFSC 0b010001, WnR, ISV = 0, FAR) and
// TFSR_EL1 / TFSRE0_EL1 (TF0/TF1 picked by VA[55]).
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "tests/isa/isa_test_helpers.h"

namespace {

using mtesim::isa::AccessRequest;
using mtesim::isa::Fault;
using mtesim::isa::MteFeatures;
using mtesim::test::Dfsc;
using mtesim::test::Ec;
using mtesim::test::FlatMemoryContext;
using mtesim::test::WnR;

constexpr uint64_t kBase = FlatMemoryContext::kBase;
constexpr uint64_t kP = kBase + 0x1100;  // 64-byte aligned; [kP - 0x100, kP + 0x100) is prepared

constexpr uint64_t kSctlrAta = uint64_t{1} << 43, kSctlrAta0 = uint64_t{1} << 42;
constexpr uint64_t kSctlrTcfSync = uint64_t{1} << 40, kSctlrTcfAsync = uint64_t{2} << 40;
constexpr uint64_t kSctlrTcfAsymm = uint64_t{3} << 40;
constexpr uint64_t kSctlrTcf0Sync = uint64_t{1} << 38, kSctlrTcf0Async = uint64_t{2} << 38;
constexpr uint64_t kSctlrTcso = uint64_t{1} << 59;
constexpr uint64_t kTcrTbi0 = uint64_t{1} << 37, kTcrTbi1 = uint64_t{1} << 38;
constexpr uint64_t kTcrTcma0 = uint64_t{1} << 57, kTcrTcma1 = uint64_t{1} << 58;
constexpr uint64_t kTcrMtx0 = uint64_t{1} << 60;

constexpr unsigned kTag = 5;       // the allocation tag of the prepared memory
constexpr unsigned kWrongTag = 6;  // a logical tag that does not match it
constexpr uint64_t kSentinel = 0x5E5E5E5E5E5E5E5Eull;

// The upper VA range as this file uses it: VA[55:48] all ones; [47:0] reach the window.
constexpr uint64_t kUpperHalf = 0xFFFF000000000000ull;

MteFeatures Features(unsigned level) {
  MteFeatures f;
  f.level = level;
  return f;
}

uint64_t Tagged(uint64_t va, unsigned tag) { return (va & ~(uint64_t{0xF} << 56)) | uint64_t{tag & 0xF} << 56; }

uint8_t Pattern(uint64_t a) { return static_cast<uint8_t>((a * 13) ^ 0x5A); }

// Configures MTE, sets SCTLR_EL1 / TCR_EL1 bits directly (tests of the controls, not of
// MSR), and gives [kP - 0x100, kP + 0x100) a byte pattern and allocation tag kTag.
void Prepare(FlatMemoryContext& c, const MteFeatures& f, uint64_t sctlr, uint64_t tcr = kTcrTbi0 | kTcrTbi1) {
  c.ConfigureMte(f);
  c.s.sys.SCTLR_EL1 |= sctlr;
  c.s.sys.TCR_EL1 |= tcr;
  c.UpdateDerivedState();
  for (uint64_t a = kP - 0x100; a < kP + 0x100; ++a) c.Poke<uint8_t>(a, Pattern(a));
  for (uint64_t a = kP - 0x100; a < kP + 0x100; a += 16) c.PokeTag(a, kTag);
}

// The usual case: MTE2, tag access at EL1, TCF synchronous, TBI0/TBI1 set.
void PrepareSync(FlatMemoryContext& c) { Prepare(c, Features(2), kSctlrAta | kSctlrTcfSync); }

void EnterEl0(FlatMemoryContext& c) {
  c.s.PSTATE.EL = 0;
  c.s.PSTATE.SP = false;
  c.PstateChanged();
}

bool Isv(const FlatMemoryContext& c) { return (c.s.sys.ESR_EL1 >> 24) & 1; }

void ExpectTagCheckFault(const FlatMemoryContext& c, uint32_t ec, bool write, uint64_t far) {
  EXPECT_EQ(Ec(c), ec);
  EXPECT_EQ(Dfsc(c), 0x11u);
  EXPECT_EQ(WnR(c), write);
  EXPECT_FALSE(Isv(c));
  EXPECT_EQ(c.s.sys.FAR_EL1, far);
}

// A flat memory whose upper VA range (VA[55] = 1, TBI1) aliases the window, so that
// TTBR1-half addresses can be tested: [kUpperHalf + kBase, ...) is [kBase, ...). The
// checks are the PE's own (IsTagChecked, CheckTags), as in FlatMemoryContext.
class UpperHalfContext : public FlatMemoryContext {
 protected:
  void AccessSlow(const AccessRequest& a, void* data) override {
    const uint64_t key = TranslationKey(a.va) & 0x0000FFFFFFFFFFFFull;
    if (key < kBase || key + a.size > kBase + mem.size()) {
      Fault f;
      f.write = a.write;
      DataAbort(a.va, f);
    }
    if (IsTagChecked(a, true)) {
      const uint64_t first = (key - kBase) >> 4, last = (key + a.size - 1 - kBase) >> 4;
      CheckTags(a, &tags[first], static_cast<unsigned>(last - first + 1));
    }
    if (a.write) std::memcpy(&mem[key - kBase], data, a.size);
    else std::memcpy(data, &mem[key - kBase], a.size);
  }
};

// ================================================================ synchronous (TCF = 01)

TEST(MteTagCheckSync, MismatchingLoadTakesATagCheckDataAbort) {
  FlatMemoryContext c;
  PrepareSync(c);
  c.s.R[1] = Tagged(kP, kWrongTag);
  ASSERT_FALSE(c.Step(0xF9400020));  // ldr x0, [x1]
  ExpectTagCheckFault(c, 0x25, false, Tagged(kP, kWrongTag));
}

TEST(MteTagCheckSync, MismatchingLoadLeavesTheDestinationUnchanged) {
  FlatMemoryContext c;
  PrepareSync(c);
  c.s.R[0] = kSentinel;
  c.s.R[1] = Tagged(kP, kWrongTag);
  ASSERT_FALSE(c.Step(0xF9400020));  // ldr x0, [x1]
  EXPECT_EQ(c.X(0), kSentinel);
}

TEST(MteTagCheckSync, FaultReturnsToTheLoad) {
  FlatMemoryContext c;
  PrepareSync(c);
  c.s.PC = kBase + 0x40;
  c.s.R[1] = Tagged(kP, kWrongTag);
  ASSERT_FALSE(c.Step(0xF9400020));  // ldr x0, [x1]
  EXPECT_EQ(c.s.sys.ELR_EL1, kBase + 0x40);
}

TEST(MteTagCheckSync, MismatchingStoreFaultsWithWnRAndLeavesMemoryUntouched) {
  FlatMemoryContext c;
  PrepareSync(c);
  const std::vector<uint8_t> before = c.mem;
  c.s.R[0] = kSentinel;
  c.s.R[1] = Tagged(kP + 0x20, kWrongTag);
  ASSERT_FALSE(c.Step(0xF9000020));  // str x0, [x1]
  ExpectTagCheckFault(c, 0x25, true, Tagged(kP + 0x20, kWrongTag));
  EXPECT_EQ(c.mem, before);
}

TEST(MteTagCheckSync, MatchingLoadSucceeds) {
  FlatMemoryContext c;
  PrepareSync(c);
  c.s.R[1] = Tagged(kP + 8, kTag);
  ASSERT_TRUE(c.Step(0xF9400020));  // ldr x0, [x1]
  EXPECT_EQ(c.X(0), c.Peek<uint64_t>(kP + 8));
}

TEST(MteTagCheckSync, MatchingStoreSucceeds) {
  FlatMemoryContext c;
  PrepareSync(c);
  c.s.R[0] = kSentinel;
  c.s.R[1] = Tagged(kP + 8, kTag);
  ASSERT_TRUE(c.Step(0xF9000020));  // str x0, [x1]
  EXPECT_EQ(c.Peek<uint64_t>(kP + 8), kSentinel);
}

TEST(MteTagCheckSync, ByteAccessesAreChecked) {
  FlatMemoryContext c;
  PrepareSync(c);
  c.s.R[1] = Tagged(kP + 15, kWrongTag);
  ASSERT_FALSE(c.Step(0x39400020));  // ldrb w0, [x1]
  ExpectTagCheckFault(c, 0x25, false, Tagged(kP + 15, kWrongTag));
}

TEST(MteTagCheckSync, TcfNoneHasNoEffect) {
  FlatMemoryContext c;
  Prepare(c, Features(2), kSctlrAta);  // TCF = 00
  c.s.R[1] = Tagged(kP, kWrongTag);
  ASSERT_TRUE(c.Step(0xF9400020));  // ldr x0, [x1]
  EXPECT_EQ(c.X(0), c.Peek<uint64_t>(kP));
  EXPECT_EQ(c.s.sys.TFSR_EL1, 0u);
}

// ================================================================ asynchronous (TCF = 10)

TEST(MteTagCheckAsync, MismatchingLoadSetsTf0AndCompletes) {
  FlatMemoryContext c;
  Prepare(c, Features(2), kSctlrAta | kSctlrTcfAsync);
  c.s.R[1] = Tagged(kP, kWrongTag);
  ASSERT_TRUE(c.Step(0xF9400020));  // ldr x0, [x1]
  EXPECT_EQ(c.s.sys.TFSR_EL1, 1u);
  EXPECT_EQ(c.X(0), c.Peek<uint64_t>(kP));
  EXPECT_EQ(c.s.sys.TFSRE0_EL1, 0u);
}

TEST(MteTagCheckAsync, MismatchingStoreSetsTf0AndStores) {
  FlatMemoryContext c;
  Prepare(c, Features(2), kSctlrAta | kSctlrTcfAsync);
  c.s.R[0] = kSentinel;
  c.s.R[1] = Tagged(kP, kWrongTag);
  ASSERT_TRUE(c.Step(0xF9000020));  // str x0, [x1]
  EXPECT_EQ(c.s.sys.TFSR_EL1, 1u);
  EXPECT_EQ(c.Peek<uint64_t>(kP), kSentinel);
}

TEST(MteTagCheckAsync, MatchingAccessLeavesTfsrAlone) {
  FlatMemoryContext c;
  Prepare(c, Features(2), kSctlrAta | kSctlrTcfAsync);
  c.s.R[1] = Tagged(kP, kTag);
  ASSERT_TRUE(c.Step(0xF9400020));  // ldr x0, [x1]
  EXPECT_EQ(c.s.sys.TFSR_EL1, 0u);
}

TEST(MteTagCheckAsync, UpperHalfAddressSetsTf1) {
  UpperHalfContext c;
  Prepare(c, Features(2), kSctlrAta | kSctlrTcfAsync);
  c.s.R[1] = Tagged(kUpperHalf | kP, kWrongTag);
  ASSERT_TRUE(c.Step(0xF9400020));  // ldr x0, [x1]
  EXPECT_EQ(c.s.sys.TFSR_EL1, 2u);
  EXPECT_EQ(c.X(0), c.Peek<uint64_t>(kP));
}

TEST(MteTagCheckAsync, UpperHalfSynchronousFaultReportsTheUpperAddress) {
  UpperHalfContext c;
  PrepareSync(c);
  c.s.R[1] = Tagged(kUpperHalf | kP, kWrongTag);
  ASSERT_FALSE(c.Step(0xF9400020));  // ldr x0, [x1]
  // FAR[63:60] of a Tag Check fault is UNKNOWN without FEAT_MTE_TAGGED_FAR (mtesim: 0).
  ExpectTagCheckFault(c, 0x25, false, Tagged(kUpperHalf | kP, kWrongTag) & 0x0FFFFFFFFFFFFFFFull);
}

TEST(MteTagCheckAsync, FaultsAccumulateInTfsr) {
  FlatMemoryContext c;
  Prepare(c, Features(2), kSctlrAta | kSctlrTcfAsync);
  c.s.sys.TFSR_EL1 = 2;  // an earlier TF1
  c.s.R[1] = Tagged(kP, kWrongTag);
  ASSERT_TRUE(c.Step(0xF9400020));  // ldr x0, [x1]
  EXPECT_EQ(c.s.sys.TFSR_EL1, 3u);
}

TEST(MteTagCheckAsync, El0UpperHalfAddressSetsTfsre0Tf1) {
  UpperHalfContext c;
  Prepare(c, Features(2), kSctlrAta0 | kSctlrTcf0Async);
  EnterEl0(c);
  c.s.R[1] = Tagged(kUpperHalf | kP, kWrongTag);
  ASSERT_TRUE(c.Step(0xF9400020));  // ldr x0, [x1]
  EXPECT_EQ(c.s.sys.TFSRE0_EL1, 2u);
  EXPECT_EQ(c.s.sys.TFSR_EL1, 0u);
}

// ================================================================ EL0 (TCF0, ATA0)

TEST(MteTagCheckEl0, SynchronousFaultFromEl0IsEc24) {
  FlatMemoryContext c;
  Prepare(c, Features(2), kSctlrAta0 | kSctlrTcf0Sync);
  EnterEl0(c);
  c.s.R[1] = Tagged(kP, kWrongTag);
  ASSERT_FALSE(c.Step(0xF9400020));  // ldr x0, [x1]
  ExpectTagCheckFault(c, 0x24, false, Tagged(kP, kWrongTag));
  EXPECT_EQ(c.s.PSTATE.EL, 1u);
}

TEST(MteTagCheckEl0, AsynchronousFaultSetsTfsre0NotTfsr) {
  FlatMemoryContext c;
  Prepare(c, Features(2), kSctlrAta0 | kSctlrTcf0Async);
  EnterEl0(c);
  c.s.R[0] = kSentinel;
  c.s.R[1] = Tagged(kP, kWrongTag);
  ASSERT_TRUE(c.Step(0xF9000020));  // str x0, [x1]
  EXPECT_EQ(c.s.sys.TFSRE0_EL1, 1u);
  EXPECT_EQ(c.s.sys.TFSR_EL1, 0u);
  EXPECT_EQ(c.Peek<uint64_t>(kP), kSentinel);
}

TEST(MteTagCheckEl0, El0UsesTcf0NotTcf) {
  FlatMemoryContext c;
  Prepare(c, Features(2), kSctlrAta | kSctlrAta0 | kSctlrTcfSync);  // TCF0 = 00
  EnterEl0(c);
  c.s.R[1] = Tagged(kP, kWrongTag);
  EXPECT_TRUE(c.Step(0xF9400020));  // ldr x0, [x1]
}

TEST(MteTagCheckEl0, El0UsesAta0NotAta) {
  FlatMemoryContext c;
  Prepare(c, Features(2), kSctlrAta | kSctlrTcf0Sync);  // ATA0 = 0
  EnterEl0(c);
  c.s.R[1] = Tagged(kP, kWrongTag);
  EXPECT_TRUE(c.Step(0xF9400020));  // ldr x0, [x1]
}

TEST(MteTagCheckEl0, El1UsesTcfNotTcf0) {
  FlatMemoryContext c;
  Prepare(c, Features(2), kSctlrAta | kSctlrAta0 | kSctlrTcf0Sync);  // TCF = 00
  c.s.R[1] = Tagged(kP, kWrongTag);
  EXPECT_TRUE(c.Step(0xF9400020));  // ldr x0, [x1]
}

// ================================================================ asymmetric (TCF = 11)

TEST(MteTagCheckAsymmetric, Mte3ReadsAreSynchronous) {
  FlatMemoryContext c;
  Prepare(c, Features(3), kSctlrAta | kSctlrTcfAsymm);
  c.s.R[0] = kSentinel;
  c.s.R[1] = Tagged(kP, kWrongTag);
  ASSERT_FALSE(c.Step(0xF9400020));  // ldr x0, [x1]
  ExpectTagCheckFault(c, 0x25, false, Tagged(kP, kWrongTag));
  EXPECT_EQ(c.X(0), kSentinel);
  EXPECT_EQ(c.s.sys.TFSR_EL1, 0u);
}

TEST(MteTagCheckAsymmetric, Mte3WritesAreAsynchronous) {
  FlatMemoryContext c;
  Prepare(c, Features(3), kSctlrAta | kSctlrTcfAsymm);
  c.s.R[0] = kSentinel;
  c.s.R[1] = Tagged(kP, kWrongTag);
  ASSERT_TRUE(c.Step(0xF9000020));  // str x0, [x1]
  EXPECT_EQ(c.s.sys.TFSR_EL1, 1u);
  EXPECT_EQ(c.Peek<uint64_t>(kP), kSentinel);
}

TEST(MteTagCheckAsymmetric, Mte3ReadWriteAtomicIsSynchronous) {
  // "synchronous exception on reads or on a read/write access".
  FlatMemoryContext c;
  Prepare(c, Features(3), kSctlrAta | kSctlrTcfAsymm);
  const std::vector<uint8_t> before = c.mem;
  c.s.R[2] = 1;
  c.s.R[1] = Tagged(kP, kWrongTag);
  ASSERT_FALSE(c.Step(0xF8220020));  // ldadd x2, x0, [x1]
  EXPECT_EQ(Ec(c), 0x25u);
  EXPECT_EQ(Dfsc(c), 0x11u);
  EXPECT_EQ(c.mem, before);
}

TEST(MteTagCheckAsymmetric, Tcf11AtMte2HasNoEffectOnLoads) {
  FlatMemoryContext c;
  Prepare(c, Features(2), kSctlrAta | kSctlrTcfAsymm);
  c.s.R[1] = Tagged(kP, kWrongTag);
  ASSERT_TRUE(c.Step(0xF9400020));  // ldr x0, [x1]
  EXPECT_EQ(c.X(0), c.Peek<uint64_t>(kP));
  EXPECT_EQ(c.s.sys.TFSR_EL1, 0u);
}

TEST(MteTagCheckAsymmetric, Tcf11AtMte2HasNoEffectOnStores) {
  FlatMemoryContext c;
  Prepare(c, Features(2), kSctlrAta | kSctlrTcfAsymm);
  c.s.R[0] = kSentinel;
  c.s.R[1] = Tagged(kP, kWrongTag);
  ASSERT_TRUE(c.Step(0xF9000020));  // str x0, [x1]
  EXPECT_EQ(c.Peek<uint64_t>(kP), kSentinel);
  EXPECT_EQ(c.s.sys.TFSR_EL1, 0u);
}

// ================================================================ controls that disable checking

TEST(MteTagCheckControls, TcoDisablesChecks) {
  FlatMemoryContext c;
  PrepareSync(c);
  c.s.PSTATE.TCO = true;
  c.PstateChanged();
  c.s.R[1] = Tagged(kP, kWrongTag);
  ASSERT_TRUE(c.Step(0xF9400020));  // ldr x0, [x1]
  EXPECT_EQ(c.X(0), c.Peek<uint64_t>(kP));
}

TEST(MteTagCheckControls, MsrTcoImmediateDisablesChecksOfTheNextAccess) {
  FlatMemoryContext c;
  PrepareSync(c);
  c.s.R[1] = Tagged(kP, kWrongTag);
  ASSERT_TRUE(c.Step(0xD503419F));  // msr tco, #1
  EXPECT_TRUE(c.Step(0xF9400020));  // ldr x0, [x1]
}

TEST(MteTagCheckControls, AtaClearDisablesChecks) {
  FlatMemoryContext c;
  Prepare(c, Features(2), kSctlrTcfSync);  // ATA = 0
  c.s.R[1] = Tagged(kP, kWrongTag);
  EXPECT_TRUE(c.Step(0xF9400020));  // ldr x0, [x1]
}

TEST(MteTagCheckControls, TbiClearDisablesChecks) {
  // Without TBI the tag bits are part of the address, so only a tag-0 pointer reaches
  // the memory; its allocation tag (5) would mismatch if it were checked.
  FlatMemoryContext c;
  Prepare(c, Features(2), kSctlrAta | kSctlrTcfSync, 0);
  c.s.R[1] = kP;
  EXPECT_TRUE(c.Step(0xF9400020));  // ldr x0, [x1]
}

TEST(MteTagCheckControls, TagZeroIsCheckedWithoutTcma0) {
  FlatMemoryContext c;
  PrepareSync(c);
  c.s.R[1] = kP;
  ASSERT_FALSE(c.Step(0xF9400020));  // ldr x0, [x1]
  EXPECT_EQ(Dfsc(c), 0x11u);
}

TEST(MteTagCheckControls, Tcma0MakesTagZeroUnchecked) {
  FlatMemoryContext c;
  Prepare(c, Features(2), kSctlrAta | kSctlrTcfSync, kTcrTbi0 | kTcrTcma0);
  c.s.R[1] = kP;
  EXPECT_TRUE(c.Step(0xF9400020));  // ldr x0, [x1]
}

TEST(MteTagCheckControls, Tcma0DoesNotCoverOtherTags) {
  FlatMemoryContext c;
  Prepare(c, Features(2), kSctlrAta | kSctlrTcfSync, kTcrTbi0 | kTcrTcma0);
  c.s.R[1] = Tagged(kP, kWrongTag);
  ASSERT_FALSE(c.Step(0xF9400020));  // ldr x0, [x1]
  EXPECT_EQ(Dfsc(c), 0x11u);
}

TEST(MteTagCheckControls, Tcma1MakesTag15UncheckedInTheUpperHalf) {
  UpperHalfContext c;
  Prepare(c, Features(2), kSctlrAta | kSctlrTcfSync, kTcrTbi0 | kTcrTbi1 | kTcrTcma1);
  c.s.R[1] = Tagged(kUpperHalf | kP, 0xF);
  EXPECT_TRUE(c.Step(0xF9400020));  // ldr x0, [x1]
}

TEST(MteTagCheckControls, Tag15IsCheckedInTheUpperHalfWithoutTcma1) {
  UpperHalfContext c;
  Prepare(c, Features(2), kSctlrAta | kSctlrTcfSync, kTcrTbi0 | kTcrTbi1 | kTcrTcma0);
  c.s.R[1] = Tagged(kUpperHalf | kP, 0xF);
  ASSERT_FALSE(c.Step(0xF9400020));  // ldr x0, [x1]
  EXPECT_EQ(Dfsc(c), 0x11u);
}

TEST(MteTagCheckControls, TcmaDoesNotCoverTagZeroInTheUpperHalf) {
  // VA[59:55] = 0b00001 is neither all zeros nor all ones.
  UpperHalfContext c;
  Prepare(c, Features(2), kSctlrAta | kSctlrTcfSync, kTcrTbi0 | kTcrTbi1 | kTcrTcma0 | kTcrTcma1);
  c.s.R[1] = Tagged(kUpperHalf | kP, 0);
  ASSERT_FALSE(c.Step(0xF9400020));  // ldr x0, [x1]
  EXPECT_EQ(Dfsc(c), 0x11u);
}

TEST(MteTagCheckControls, ExceptionEntrySetsTcoSoTheHandlerIsUnchecked) {
  FlatMemoryContext c;
  PrepareSync(c);
  c.s.sys.VBAR_EL1 = kBase + 0x800;
  ASSERT_FALSE(c.Step(0xD4000001));  // svc #0
  c.s.R[1] = Tagged(kP, kWrongTag);
  EXPECT_TRUE(c.Step(0xF9400020));  // ldr x0, [x1] in the handler
}

TEST(MteTagCheckControls, StoreOnlyLeavesReadsUnchecked) {
  MteFeatures f = Features(3);
  f.store_only = true;
  FlatMemoryContext c;
  Prepare(c, f, kSctlrAta | kSctlrTcfSync | kSctlrTcso);
  c.s.R[1] = Tagged(kP, kWrongTag);
  ASSERT_TRUE(c.Step(0xF9400020));  // ldr x0, [x1]
  EXPECT_EQ(c.X(0), c.Peek<uint64_t>(kP));
}

TEST(MteTagCheckControls, StoreOnlyStillChecksWrites) {
  MteFeatures f = Features(3);
  f.store_only = true;
  FlatMemoryContext c;
  Prepare(c, f, kSctlrAta | kSctlrTcfSync | kSctlrTcso);
  c.s.R[1] = Tagged(kP, kWrongTag);
  ASSERT_FALSE(c.Step(0xF9000020));  // str x0, [x1]
  ExpectTagCheckFault(c, 0x25, true, Tagged(kP, kWrongTag));
}

TEST(MteTagCheckControls, TcsoHasNoEffectWithoutStoreOnlyFeature) {
  FlatMemoryContext c;
  Prepare(c, Features(3), kSctlrAta | kSctlrTcfSync | kSctlrTcso);  // a direct poke of a RES0 bit
  c.s.R[1] = Tagged(kP, kWrongTag);
  ASSERT_FALSE(c.Step(0xF9400020));  // ldr x0, [x1]
  EXPECT_EQ(Dfsc(c), 0x11u);
}

TEST(MteTagCheckControls, MtxChecksWithoutTbi) {
  // FEAT_MTE_NO_ADDRESS_TAGS: with TCR_EL1.MTX0 = 1 the tag bits are ignored for
  // addressing and accesses are Tag Checked although TBI0 = 0.
  MteFeatures f = Features(3);
  f.canonical_tags = true;
  FlatMemoryContext c;
  Prepare(c, f, kSctlrAta | kSctlrTcfSync, kTcrMtx0);
  c.s.R[1] = Tagged(kP, kWrongTag);
  ASSERT_FALSE(c.Step(0xF9400020));  // ldr x0, [x1]
  ExpectTagCheckFault(c, 0x25, false, Tagged(kP, kWrongTag));
}

TEST(MteTagCheckControls, NoChecksAtLevel1) {
  FlatMemoryContext c;
  Prepare(c, Features(1), kSctlrAta | kSctlrTcfSync);  // direct pokes of RES0 bits
  c.s.R[1] = Tagged(kP, kWrongTag);
  EXPECT_TRUE(c.Step(0xF9400020));  // ldr x0, [x1]
}

// ================================================================ unprivileged accesses at EL1

TEST(MteTagCheckUnprivileged, LdtrAtEl1UsesTcf0) {
  FlatMemoryContext c;
  Prepare(c, Features(2), kSctlrAta | kSctlrAta0 | kSctlrTcf0Sync);  // TCF = 00
  c.s.R[0] = kSentinel;
  c.s.R[1] = Tagged(kP, kWrongTag);
  ASSERT_FALSE(c.Step(0xF8400820));  // ldtr x0, [x1]
  ExpectTagCheckFault(c, 0x25, false, Tagged(kP, kWrongTag));  // taken from EL1
  EXPECT_EQ(c.X(0), kSentinel);
}

TEST(MteTagCheckUnprivileged, LdrAtEl1UnderTheSameControlsIsNotChecked) {
  FlatMemoryContext c;
  Prepare(c, Features(2), kSctlrAta | kSctlrAta0 | kSctlrTcf0Sync);  // TCF = 00
  c.s.R[1] = Tagged(kP, kWrongTag);
  EXPECT_TRUE(c.Step(0xF9400020));  // ldr x0, [x1]
}

TEST(MteTagCheckUnprivileged, LdtrAtEl1UsesAta0) {
  FlatMemoryContext c;
  Prepare(c, Features(2), kSctlrAta | kSctlrTcfSync | kSctlrTcf0Sync);  // ATA0 = 0
  c.s.R[1] = Tagged(kP, kWrongTag);
  EXPECT_TRUE(c.Step(0xF8400820));  // ldtr x0, [x1]
}

TEST(MteTagCheckUnprivileged, LdtrAsynchronousFaultSetsTfsre0) {
  FlatMemoryContext c;
  Prepare(c, Features(2), kSctlrAta | kSctlrAta0 | kSctlrTcfSync | kSctlrTcf0Async);
  c.s.R[1] = Tagged(kP, kWrongTag);
  ASSERT_TRUE(c.Step(0xF8400820));  // ldtr x0, [x1]
  EXPECT_EQ(c.s.sys.TFSRE0_EL1, 1u);
  EXPECT_EQ(c.s.sys.TFSR_EL1, 0u);
}

TEST(MteTagCheckUnprivileged, SttrAtEl1FaultsAsAWrite) {
  FlatMemoryContext c;
  Prepare(c, Features(2), kSctlrAta0 | kSctlrTcf0Sync);
  const std::vector<uint8_t> before = c.mem;
  c.s.R[1] = Tagged(kP, kWrongTag);
  ASSERT_FALSE(c.Step(0xF8000820));  // sttr x0, [x1]
  ExpectTagCheckFault(c, 0x25, true, Tagged(kP, kWrongTag));
  EXPECT_EQ(c.mem, before);
}

TEST(MteTagCheckUnprivileged, LdtrWithUaoUsesTheEl1Controls) {
  // FEAT_UAO: with PSTATE.UAO = 1 LDTR at EL1 behaves as a privileged access.
  FlatMemoryContext c;
  Prepare(c, Features(2), kSctlrAta | kSctlrTcfSync);  // ATA0 = 0, TCF0 = 00
  c.s.PSTATE.UAO = true;
  c.PstateChanged();
  c.s.R[1] = Tagged(kP, kWrongTag);
  ASSERT_FALSE(c.Step(0xF8400820));  // ldtr x0, [x1]
  EXPECT_EQ(Dfsc(c), 0x11u);
}

// ================================================================ granules an access touches

TEST(MteTagCheckGranules, UnalignedLoadIntoAMismatchedGranuleReportsThatGranule) {
  FlatMemoryContext c;
  PrepareSync(c);
  c.PokeTag(kP + 16, kWrongTag);
  c.s.R[0] = kSentinel;
  c.s.R[1] = Tagged(kP, kTag);
  ASSERT_FALSE(c.Step(0xF840C020));  // ldur x0, [x1, #12]
  ExpectTagCheckFault(c, 0x25, false, Tagged(kP + 16, kTag));
  EXPECT_EQ(c.X(0), kSentinel);
}

TEST(MteTagCheckGranules, UnalignedLoadWithAMismatchedFirstGranuleReportsTheAccessAddress) {
  FlatMemoryContext c;
  PrepareSync(c);
  c.PokeTag(kP, kWrongTag);
  c.s.R[1] = Tagged(kP, kTag);
  ASSERT_FALSE(c.Step(0xF840C020));  // ldur x0, [x1, #12]
  ExpectTagCheckFault(c, 0x25, false, Tagged(kP + 12, kTag));
}

TEST(MteTagCheckGranules, UnalignedLoadOverTwoMatchingGranulesSucceeds) {
  FlatMemoryContext c;
  PrepareSync(c);
  c.s.R[1] = Tagged(kP, kTag);
  ASSERT_TRUE(c.Step(0xF840C020));  // ldur x0, [x1, #12]
  EXPECT_EQ(c.X(0), c.Peek<uint64_t>(kP + 12));
}

TEST(MteTagCheckGranules, LdpFaultsOnASecondElementInAMismatchedGranule) {
  FlatMemoryContext c;
  PrepareSync(c);
  c.PokeTag(kP + 16, kWrongTag);
  c.s.R[2] = kSentinel;
  c.s.R[3] = kSentinel;
  c.s.R[1] = Tagged(kP + 8, kTag);
  ASSERT_FALSE(c.Step(0xA9400C22));  // ldp x2, x3, [x1]
  ExpectTagCheckFault(c, 0x25, false, Tagged(kP + 16, kTag));
  EXPECT_EQ(c.X(2), kSentinel);
  EXPECT_EQ(c.X(3), kSentinel);
}

TEST(MteTagCheckGranules, LdpOverTwoMatchingGranulesSucceeds) {
  FlatMemoryContext c;
  PrepareSync(c);
  c.s.R[1] = Tagged(kP + 8, kTag);
  ASSERT_TRUE(c.Step(0xA9400C22));  // ldp x2, x3, [x1]
  EXPECT_EQ(c.X(2), c.Peek<uint64_t>(kP + 8));
  EXPECT_EQ(c.X(3), c.Peek<uint64_t>(kP + 16));
}

TEST(MteTagCheckGranules, StpWithOnlyTheSecondElementMismatchedWritesNeither) {
  FlatMemoryContext c;
  PrepareSync(c);
  c.PokeTag(kP + 16, kWrongTag);
  const std::vector<uint8_t> before = c.mem;
  c.s.R[2] = kSentinel;
  c.s.R[3] = kSentinel;
  c.s.R[1] = Tagged(kP + 8, kTag);
  ASSERT_FALSE(c.Step(0xA9000C22));  // stp x2, x3, [x1]
  ExpectTagCheckFault(c, 0x25, true, Tagged(kP + 16, kTag));
  EXPECT_EQ(c.mem, before);
}

TEST(MteTagCheckGranules, StpOverTwoMatchingGranulesWritesBoth) {
  FlatMemoryContext c;
  PrepareSync(c);
  c.s.R[2] = 0x1111;
  c.s.R[3] = 0x2222;
  c.s.R[1] = Tagged(kP + 8, kTag);
  ASSERT_TRUE(c.Step(0xA9000C22));  // stp x2, x3, [x1]
  EXPECT_EQ(c.Peek<uint64_t>(kP + 8), 0x1111u);
  EXPECT_EQ(c.Peek<uint64_t>(kP + 16), 0x2222u);
}

// ================================================================ which addressing forms are checked

// SP (tagged kWrongTag) points at memory tagged kTag.
void PrepareSpMismatch(FlatMemoryContext& c) {
  PrepareSync(c);
  c.s.R[31] = Tagged(kP, kWrongTag);
}

TEST(MteTagCheckAddressing, SpBaseImmediateLoadIsUnchecked) {
  FlatMemoryContext c;
  PrepareSpMismatch(c);
  ASSERT_TRUE(c.Step(0xF94003E0));  // ldr x0, [sp]
  EXPECT_EQ(c.X(0), c.Peek<uint64_t>(kP));
  ASSERT_TRUE(c.Step(0xF9400BE0));  // ldr x0, [sp, #16]
  EXPECT_EQ(c.X(0), c.Peek<uint64_t>(kP + 16));
}

TEST(MteTagCheckAddressing, SpBasePreIndexLoadIsChecked) {
  FlatMemoryContext c;
  PrepareSpMismatch(c);
  ASSERT_FALSE(c.Step(0xF8410FE0));  // ldr x0, [sp, #16]!
  EXPECT_EQ(Dfsc(c), 0x11u);
  EXPECT_EQ(c.s.sys.FAR_EL1, Tagged(kP + 16, kWrongTag));
  EXPECT_EQ(c.s.SP_el[1], Tagged(kP, kWrongTag));  // no writeback (SP_EL1 banked on entry)
}

TEST(MteTagCheckAddressing, SpBasePostIndexLoadIsChecked) {
  FlatMemoryContext c;
  PrepareSpMismatch(c);
  ASSERT_FALSE(c.Step(0xF84107E0));  // ldr x0, [sp], #16
  EXPECT_EQ(Dfsc(c), 0x11u);
  EXPECT_EQ(c.s.sys.FAR_EL1, Tagged(kP, kWrongTag));
}

TEST(MteTagCheckAddressing, SpBasePreIndexStoreIsChecked) {
  FlatMemoryContext c;
  PrepareSpMismatch(c);
  const std::vector<uint8_t> before = c.mem;
  ASSERT_FALSE(c.Step(0xF8010FE0));  // str x0, [sp, #16]!
  ExpectTagCheckFault(c, 0x25, true, Tagged(kP + 16, kWrongTag));
  EXPECT_EQ(c.mem, before);
}

TEST(MteTagCheckAddressing, SpBaseRegisterOffsetLoadIsChecked) {
  FlatMemoryContext c;
  PrepareSpMismatch(c);
  c.s.R[2] = 0x20;
  ASSERT_FALSE(c.Step(0xF8626BE0));  // ldr x0, [sp, x2]
  ExpectTagCheckFault(c, 0x25, false, Tagged(kP + 0x20, kWrongTag));
}

TEST(MteTagCheckAddressing, RegisterOffsetLoadIsChecked) {
  FlatMemoryContext c;
  PrepareSync(c);
  c.s.R[1] = Tagged(kP, kWrongTag);
  c.s.R[2] = 0x10;
  ASSERT_FALSE(c.Step(0xF8626820));  // ldr x0, [x1, x2]
  ExpectTagCheckFault(c, 0x25, false, Tagged(kP + 0x10, kWrongTag));
}

TEST(MteTagCheckAddressing, SpBaseSignedOffsetPairsAreUnchecked) {
  FlatMemoryContext c;
  PrepareSpMismatch(c);
  ASSERT_TRUE(c.Step(0xA9400FE2));  // ldp x2, x3, [sp]
  EXPECT_EQ(c.X(2), c.Peek<uint64_t>(kP));
  c.s.R[2] = 0x1111;
  c.s.R[3] = 0x2222;
  ASSERT_TRUE(c.Step(0xA9000FE2));  // stp x2, x3, [sp]
  EXPECT_EQ(c.Peek<uint64_t>(kP + 8), 0x2222u);
}

TEST(MteTagCheckAddressing, SpBasePreIndexPairIsChecked) {
  FlatMemoryContext c;
  PrepareSpMismatch(c);
  ASSERT_FALSE(c.Step(0xA9C10FE2));  // ldp x2, x3, [sp, #16]!
  EXPECT_EQ(Dfsc(c), 0x11u);
}

TEST(MteTagCheckAddressing, LiteralLoadIsUnchecked) {
  // The PC carries logical tag 0; the literal's granule has allocation tag 5.
  FlatMemoryContext c;
  PrepareSync(c);
  c.s.PC = kP - 0x100;
  ASSERT_TRUE(c.Step(0x58000800));  // ldr x0, .+0x100
  EXPECT_EQ(c.X(0), c.Peek<uint64_t>(kP));
}

TEST(MteTagCheckAddressing, SameTagZeroPointerThroughARegisterIsChecked) {
  // The counterpart of the literal case: the same address and tag through Xn faults.
  FlatMemoryContext c;
  PrepareSync(c);
  c.s.R[1] = kP;
  ASSERT_FALSE(c.Step(0xF9400020));  // ldr x0, [x1]
  EXPECT_EQ(Dfsc(c), 0x11u);
}

// ================================================================ DC ZVA

TEST(MteTagCheckDcZva, MismatchInTheBlockFaultsAsAWriteAndZeroesNothing) {
  FlatMemoryContext c;
  PrepareSync(c);
  c.s.id.DCZID_BS = 4;  // 64 bytes
  c.PokeTag(kP + 0x30, kWrongTag);
  const std::vector<uint8_t> before = c.mem;
  c.s.R[0] = Tagged(kP + 0x08, kTag);
  ASSERT_FALSE(c.Step(0xD50B7420));  // dc zva, x0
  EXPECT_EQ(Ec(c), 0x25u);
  EXPECT_EQ(Dfsc(c), 0x11u);
  EXPECT_TRUE(WnR(c));
  EXPECT_EQ(c.mem, before);
}

TEST(MteTagCheckDcZva, MatchingBlockIsZeroed) {
  FlatMemoryContext c;
  PrepareSync(c);
  c.s.id.DCZID_BS = 4;
  c.s.R[0] = Tagged(kP + 0x08, kTag);
  ASSERT_TRUE(c.Step(0xD50B7420));  // dc zva, x0
  for (uint64_t a = kP; a < kP + 0x40; a += 8) EXPECT_EQ(c.Peek<uint64_t>(a), 0u) << a;
  EXPECT_EQ(c.Peek<uint8_t>(kP + 0x40), Pattern(kP + 0x40));
}

// FAR of a fault taken by DC ZVA, DC GVA or DC GZVA: the address in the register
// argument, not the block's (FAR_EL1 description), whichever granule or page faulted.

TEST(DcFaultAddress, ZvaTagCheckFaultReportsTheRegister) {
  FlatMemoryContext c;
  PrepareSync(c);
  c.s.id.DCZID_BS = 4;
  c.PokeTag(kP + 0x30, kWrongTag);
  c.s.R[0] = Tagged(kP + 0x08, kTag);
  ASSERT_FALSE(c.Step(0xD50B7420));  // dc zva, x0
  EXPECT_EQ(Dfsc(c), 0x11u);
  EXPECT_EQ(c.s.sys.FAR_EL1, Tagged(kP + 0x08, kTag));
}

TEST(DcFaultAddress, ZvaGvaGzvaTranslationFaultsReportTheRegister) {
  for (const uint32_t insn : {0xD50B7420u, 0xD50B7460u, 0xD50B7480u}) {  // dc zva / gva / gzva, x0
    FlatMemoryContext c;
    PrepareSync(c);
    c.s.id.DCZID_BS = 4;
    const uint64_t outside = FlatMemoryContext::kBase + c.mem.size() + 0x28;  // past the flat window
    c.s.R[0] = Tagged(outside, kTag);
    ASSERT_FALSE(c.Step(insn)) << std::hex << insn;
    EXPECT_EQ(Ec(c), 0x25u) << std::hex << insn;
    EXPECT_EQ(c.s.sys.FAR_EL1, Tagged(outside, kTag)) << std::hex << insn;
  }
}

// ================================================================ exclusive, atomic, ordered

TEST(MteTagCheckExclusive, LdxrIsChecked) {
  FlatMemoryContext c;
  PrepareSync(c);
  c.s.R[1] = Tagged(kP, kWrongTag);
  ASSERT_FALSE(c.Step(0xC85F7C20));  // ldxr x0, [x1]
  ExpectTagCheckFault(c, 0x25, false, Tagged(kP, kWrongTag));
}

TEST(MteTagCheckExclusive, LdxrWithSpBaseIsUnchecked) {
  FlatMemoryContext c;
  PrepareSpMismatch(c);
  ASSERT_TRUE(c.Step(0xC85F7FE0));  // ldxr x0, [sp]
  EXPECT_EQ(c.X(0), c.Peek<uint64_t>(kP));
}

TEST(MteTagCheckExclusive, StxrThatWouldStoreIsChecked) {
  FlatMemoryContext c;
  PrepareSync(c);
  c.s.R[1] = Tagged(kP, kTag);
  ASSERT_TRUE(c.Step(0xC85F7C20));  // ldxr x0, [x1]
  c.PokeTag(kP, kWrongTag);         // the allocation tag changes under the monitor
  const std::vector<uint8_t> before = c.mem;
  c.s.R[0] = kSentinel;
  c.s.R[3] = 0x77;
  ASSERT_FALSE(c.Step(0xC8037C20));  // stxr w3, x0, [x1]
  ExpectTagCheckFault(c, 0x25, true, Tagged(kP, kTag));
  EXPECT_EQ(c.mem, before);
  EXPECT_EQ(c.X(3), 0x77u);
}

TEST(MteTagCheckAtomic, LdaddIsCheckedAndLeavesMemoryUntouched) {
  FlatMemoryContext c;
  PrepareSync(c);
  const std::vector<uint8_t> before = c.mem;
  c.s.R[0] = kSentinel;
  c.s.R[2] = 1;
  c.s.R[1] = Tagged(kP, kWrongTag);
  ASSERT_FALSE(c.Step(0xF8220020));  // ldadd x2, x0, [x1]
  // WnR of an atomic is 0 when a read of the location would have generated the fault.
  ExpectTagCheckFault(c, 0x25, false, Tagged(kP, kWrongTag));
  EXPECT_EQ(c.mem, before);
  EXPECT_EQ(c.X(0), kSentinel);
}

TEST(MteTagCheckAtomic, LdaddWithSpBaseIsUnchecked) {
  FlatMemoryContext c;
  PrepareSpMismatch(c);
  const uint64_t old = c.Peek<uint64_t>(kP);
  c.s.R[2] = 1;
  ASSERT_TRUE(c.Step(0xF82203E0));  // ldadd x2, x0, [sp]
  EXPECT_EQ(c.X(0), old);
  EXPECT_EQ(c.Peek<uint64_t>(kP), old + 1);
}

TEST(MteTagCheckOrdered, LdarIsChecked) {
  FlatMemoryContext c;
  PrepareSync(c);
  c.s.R[1] = Tagged(kP, kWrongTag);
  ASSERT_FALSE(c.Step(0xC8DFFC20));  // ldar x0, [x1]
  ExpectTagCheckFault(c, 0x25, false, Tagged(kP, kWrongTag));
}

TEST(MteTagCheckOrdered, StlrIsCheckedAsAWrite) {
  FlatMemoryContext c;
  PrepareSync(c);
  const std::vector<uint8_t> before = c.mem;
  c.s.R[1] = Tagged(kP, kWrongTag);
  ASSERT_FALSE(c.Step(0xC89FFC20));  // stlr x0, [x1]
  ExpectTagCheckFault(c, 0x25, true, Tagged(kP, kWrongTag));
  EXPECT_EQ(c.mem, before);
}

TEST(MteTagCheckOrdered, StlrWithSpBaseIsUnchecked) {
  FlatMemoryContext c;
  PrepareSpMismatch(c);
  c.s.R[0] = kSentinel;
  ASSERT_TRUE(c.Step(0xC89FFFE0));  // stlr x0, [sp]
  EXPECT_EQ(c.Peek<uint64_t>(kP), kSentinel);
}

// ================================================================ tag instructions are Unchecked

TEST(MteTagCheckTagInstructions, StgThroughAMismatchedPointerDoesNotFault) {
  FlatMemoryContext c;
  PrepareSync(c);
  c.s.R[0] = Tagged(0, 9);
  c.s.R[1] = Tagged(kP, kWrongTag);
  ASSERT_TRUE(c.Step(0xD9200820));  // stg x0, [x1]
  EXPECT_EQ(c.PeekTag(kP), 9u);
}

TEST(MteTagCheckTagInstructions, StzgDataZeroingIsUnchecked) {
  // The new tag (9, from Xt) differs from the address's logical tag (6): a checked
  // zeroing store would fault whichever order it ran in.
  FlatMemoryContext c;
  PrepareSync(c);
  c.s.R[0] = Tagged(0, 9);
  c.s.R[1] = Tagged(kP, kWrongTag);
  ASSERT_TRUE(c.Step(0xD9600820));  // stzg x0, [x1]
  EXPECT_EQ(c.PeekTag(kP), 9u);
  EXPECT_EQ(c.Peek<uint64_t>(kP), 0u);
  EXPECT_EQ(c.Peek<uint64_t>(kP + 8), 0u);
}

TEST(MteTagCheckTagInstructions, Stz2gDataZeroingIsUnchecked) {
  FlatMemoryContext c;
  PrepareSync(c);
  c.s.R[0] = Tagged(0, 9);
  c.s.R[1] = Tagged(kP, kWrongTag);
  ASSERT_TRUE(c.Step(0xD9E00820));  // stz2g x0, [x1]
  EXPECT_EQ(c.Peek<uint64_t>(kP + 24), 0u);
}

TEST(MteTagCheckTagInstructions, LdgThroughAMismatchedPointerDoesNotFault) {
  FlatMemoryContext c;
  PrepareSync(c);
  c.s.R[0] = 0;
  c.s.R[1] = Tagged(kP, kWrongTag);
  ASSERT_TRUE(c.Step(0xD9600020));  // ldg x0, [x1]
  EXPECT_EQ(c.X(0), Tagged(0, kTag));
}

TEST(MteTagCheckTagInstructions, StzgmZeroingIsUnchecked) {
  FlatMemoryContext c;
  PrepareSync(c);
  c.s.id.DCZID_BS = 4;
  c.s.R[0] = 9;
  c.s.R[1] = Tagged(kP, kWrongTag);
  ASSERT_TRUE(c.Step(0xD9200020));  // stzgm x0, [x1]
  EXPECT_EQ(c.PeekTag(kP + 0x30), 9u);
  EXPECT_EQ(c.Peek<uint64_t>(kP + 0x38), 0u);
}

TEST(MteTagCheckTagInstructions, LdgmAndStgmThroughAMismatchedPointerDoNotFault) {
  FlatMemoryContext c;
  PrepareSync(c);
  c.s.R[0] = 0;
  c.s.R[1] = Tagged(kP, kWrongTag);
  ASSERT_TRUE(c.Step(0xD9A00020));  // stgm x0, [x1] (GMID_EL1.BS = 6: [kP, kP + 0x100))
  ASSERT_TRUE(c.Step(0xD9E00020));  // ldgm x0, [x1]
  EXPECT_EQ(c.X(0), 0u);
}

// ================================================================ MTE4: FEAT_MTE_TAGGED_FAR

TEST(MteTaggedFar, WithTaggedFarFar63To60IsKept) {
  MteFeatures f = Features(3);
  f.tagged_far = true;
  FlatMemoryContext c;
  Prepare(c, f, kSctlrAta | kSctlrTcfSync);
  c.s.R[1] = 0xA000000000000000ull | Tagged(kP, kWrongTag);
  ASSERT_FALSE(c.Step(0xF9400020));  // ldr x0, [x1]
  EXPECT_EQ(c.s.sys.FAR_EL1, 0xA000000000000000ull | Tagged(kP, kWrongTag));
}

TEST(MteTaggedFar, WithoutTaggedFarFar63To60IsZero) {
  // UNKNOWN in the architecture; mtesim documents that it reports 0.
  FlatMemoryContext c;
  Prepare(c, Features(3), kSctlrAta | kSctlrTcfSync);
  c.s.R[1] = 0xA000000000000000ull | Tagged(kP, kWrongTag);
  ASSERT_FALSE(c.Step(0xF9400020));  // ldr x0, [x1]
  EXPECT_EQ(c.s.sys.FAR_EL1, Tagged(kP, kWrongTag));
}

TEST(MteTaggedFar, OtherDataAbortsKeepFar63To60) {
  // Only Tag Check faults have UNKNOWN FAR[63:60]; an Alignment fault reports the VA.
  FlatMemoryContext c;
  Prepare(c, Features(3), kSctlrAta | kSctlrTcfSync);
  c.s.R[0] = Tagged(0, kTag);
  c.s.R[1] = 0xA000000000000000ull | Tagged(kP + 4, kTag);
  ASSERT_FALSE(c.Step(0xD9200820));  // stg x0, [x1]
  EXPECT_EQ(Dfsc(c), 0x21u);
  EXPECT_EQ(c.s.sys.FAR_EL1, 0xA000000000000000ull | Tagged(kP + 4, kTag));
}

}  // namespace
