// isa::DataAbortInstructionSyndrome: the ESR_ELx ISS[24:14] of a Data Abort taken to EL2
// for a stage-2 fault (D24.2.46, "ISS encoding for an exception from a Data Abort": ISV
// [24], SAS [23:22], SSE [21], SRT [20:16], SF [15], AR [14]). ISV = 1 only for loads and
// stores of a single general-purpose register without writeback (including XZR, and the
// acquire/release forms); 0 for writeback forms, pairs, exclusives, atomics, CAS,
// prefetches, tag and cache maintenance instructions and SIMD&FP registers. Cross-checked
// with QEMU 10 translate-a64.c (iss_valid = !a->w for the imm9 forms, true for the
// unsigned-offset, register-offset and literal forms, LDAR/STLR, LDAPR, LDAPUR/STLUR;
// iss_sf from ldst_iss_sf(); iss_ar set for LDAR/STLR, LDAPR, LDAPUR/STLUR; no ISS for
// exclusives, pairs, atomics, tags and FP). Words from aarch64-linux-gnu-as
// -march=armv8.5-a+memtag.
#include <gtest/gtest.h>

#include <cstdint>

#include "isa/syndrome.h"

namespace {

using mtesim::isa::DataAbortInstructionSyndrome;

// An instruction and its expected syndrome fields.
struct Case {
  const char* text;
  uint32_t word;
  unsigned sas;  // log2 of the access size
  bool sse;      // sign-extending load
  unsigned srt;  // Rt
  bool sf;       // 64-bit register
  bool ar;       // acquire / release
};

constexpr uint32_t Syndrome(const Case& c) {
  return 1u << 24 | c.sas << 22 | uint32_t{c.sse} << 21 | c.srt << 16 | uint32_t{c.sf} << 15 | uint32_t{c.ar} << 14;
}

void ExpectSyndromes(const Case* cases, size_t n) {
  for (size_t k = 0; k < n; ++k)
    EXPECT_EQ(DataAbortInstructionSyndrome(cases[k].word), Syndrome(cases[k]))
        << cases[k].text << std::hex << " got 0x" << DataAbortInstructionSyndrome(cases[k].word) << " want 0x"
        << Syndrome(cases[k]);
}

template <size_t N> void ExpectSyndromes(const Case (&cases)[N]) { ExpectSyndromes(cases, N); }

void ExpectNoSyndrome(std::initializer_list<std::pair<const char*, uint32_t>> words) {
  for (const auto& [text, word] : words) EXPECT_EQ(DataAbortInstructionSyndrome(word), 0u) << text;
}

// ================================================================ ISV = 1

TEST(DataAbortSyndrome, UnsignedOffsetLoadsOfEverySize) {
  ExpectSyndromes({
      {"ldrb w3, [x1]", 0x39400023, 0, false, 3, false, false},
      {"ldrh w3, [x1, #2]", 0x79400423, 1, false, 3, false, false},
      {"ldr w3, [x1, #4]", 0xB9400423, 2, false, 3, false, false},
      {"ldr x3, [x1, #8]", 0xF9400423, 3, false, 3, true, false},
  });
}

TEST(DataAbortSyndrome, UnsignedOffsetStoresOfEverySize) {
  ExpectSyndromes({
      {"strb w4, [x1]", 0x39000024, 0, false, 4, false, false},
      {"strh w4, [x1]", 0x79000024, 1, false, 4, false, false},
      {"str w4, [x1]", 0xB9000024, 2, false, 4, false, false},
      {"str x4, [x1]", 0xF9000024, 3, false, 4, true, false},
  });
}

TEST(DataAbortSyndrome, SignExtendingLoadsSetSseAndTheTargetWidth) {
  ExpectSyndromes({
      {"ldrsb x5, [x1]", 0x39800025, 0, true, 5, true, false},
      {"ldrsb w5, [x1]", 0x39C00025, 0, true, 5, false, false},
      {"ldrsh x5, [x1]", 0x79800025, 1, true, 5, true, false},
      {"ldrsh w5, [x1]", 0x79C00025, 1, true, 5, false, false},
      {"ldrsw x5, [x1]", 0xB9800025, 2, true, 5, true, false},
  });
}

TEST(DataAbortSyndrome, UnscaledForms) {
  ExpectSyndromes({
      {"ldurb w6, [x1, #-1]", 0x385FF026, 0, false, 6, false, false},
      {"ldurh w6, [x1, #-2]", 0x785FE026, 1, false, 6, false, false},
      {"ldur w6, [x1, #-4]", 0xB85FC026, 2, false, 6, false, false},
      {"ldur x6, [x1, #-8]", 0xF85F8026, 3, false, 6, true, false},
      {"sturb w6, [x1, #-1]", 0x381FF026, 0, false, 6, false, false},
      {"stur x6, [x1, #-8]", 0xF81F8026, 3, false, 6, true, false},
      {"ldursb x6, [x1, #-1]", 0x389FF026, 0, true, 6, true, false},
      {"ldursh w6, [x1, #-1]", 0x78DFF026, 1, true, 6, false, false},
      {"ldursw x6, [x1, #-1]", 0xB89FF026, 2, true, 6, true, false},
  });
}

TEST(DataAbortSyndrome, UnprivilegedForms) {
  ExpectSyndromes({
      {"ldtrb w7, [x1]", 0x38400827, 0, false, 7, false, false},
      {"ldtrh w7, [x1]", 0x78400827, 1, false, 7, false, false},
      {"ldtr w7, [x1]", 0xB8400827, 2, false, 7, false, false},
      {"ldtr x7, [x1]", 0xF8400827, 3, false, 7, true, false},
      {"sttr x7, [x1]", 0xF8000827, 3, false, 7, true, false},
      {"sttrb w7, [x1]", 0x38000827, 0, false, 7, false, false},
      {"ldtrsb w7, [x1]", 0x38C00827, 0, true, 7, false, false},
      {"ldtrsh x7, [x1]", 0x78800827, 1, true, 7, true, false},
      {"ldtrsw x7, [x1]", 0xB8800827, 2, true, 7, true, false},
  });
}

TEST(DataAbortSyndrome, RegisterOffsetForms) {
  ExpectSyndromes({
      {"ldr x8, [x1, x2]", 0xF8626828, 3, false, 8, true, false},
      {"ldrb w8, [x1, w2, uxtw]", 0x38624828, 0, false, 8, false, false},
      {"str w8, [x1, x2, lsl #2]", 0xB8227828, 2, false, 8, false, false},
      {"ldrsh x8, [x1, x2]", 0x78A26828, 1, true, 8, true, false},
      {"ldrsb w8, [x1, x2]", 0x38E26828, 0, true, 8, false, false},
  });
}

TEST(DataAbortSyndrome, LiteralLoads) {
  ExpectSyndromes({
      {"ldr w9, <lit>", 0x18000049, 2, false, 9, false, false},
      {"ldr x9, <lit>", 0x58000049, 3, false, 9, true, false},
      {"ldrsw x9, <lit>", 0x98000049, 2, true, 9, true, false},
  });
}

TEST(DataAbortSyndrome, SrtIs31ForTheZeroRegister) {
  ExpectSyndromes({
      {"str xzr, [x1]", 0xF900003F, 3, false, 31, true, false},
      {"ldr xzr, [x1]", 0xF940003F, 3, false, 31, true, false},
      {"strb wzr, [x1]", 0x3900003F, 0, false, 31, false, false},
  });
}

TEST(DataAbortSyndrome, LoadAcquireAndStoreReleaseSetAr) {
  ExpectSyndromes({
      {"ldar x10, [x1]", 0xC8DFFC2A, 3, false, 10, true, true},
      {"ldar w10, [x1]", 0x88DFFC2A, 2, false, 10, false, true},
      {"ldarb w10, [x1]", 0x08DFFC2A, 0, false, 10, false, true},
      {"ldarh w10, [x1]", 0x48DFFC2A, 1, false, 10, false, true},
      {"stlr x10, [x1]", 0xC89FFC2A, 3, false, 10, true, true},
      {"stlrb w10, [x1]", 0x089FFC2A, 0, false, 10, false, true},
      {"stlrh w10, [x1]", 0x489FFC2A, 1, false, 10, false, true},
      {"stlr w10, [x1]", 0x889FFC2A, 2, false, 10, false, true},
  });
}

TEST(DataAbortSyndrome, LimitedOrderingFormsHaveAnInstructionSyndrome) {
  // ISV, SAS, SSE, SRT, SF (AR is checked separately below).
  for (const Case& c : {Case{"ldlar x11, [x1]", 0xC8DF7C2B, 3, false, 11, true, false},
                        Case{"stllr w11, [x1]", 0x889F7C2B, 2, false, 11, false, false},
                        Case{"ldlarb w11, [x1]", 0x08DF7C2B, 0, false, 11, false, false}})
    EXPECT_EQ(DataAbortInstructionSyndrome(c.word) & ~(1u << 14), Syndrome(c)) << c.text;
}

// AR for LDLAR/STLLR: the Arm ARM's shared execute of aarch64/instrs/memory/ordered calls
// AArch64.SetLSInstructionSyndrome(dbytes, FALSE, t, regsize == 64, TRUE) for the
// limited-ordering forms too (AR = 1), where QEMU 10 reports AR = 0 (trans_LDAR/trans_STLR
// pass iss_ar = a->lasr).
TEST(DataAbortSyndrome, LimitedOrderingFormsSetArPerTheArmArm) {
  ExpectSyndromes({
      {"ldlar x11, [x1]", 0xC8DF7C2B, 3, false, 11, true, true},
      {"stllr w11, [x1]", 0x889F7C2B, 2, false, 11, false, true},
      {"ldlarb w11, [x1]", 0x08DF7C2B, 0, false, 11, false, true},
  });
}

TEST(DataAbortSyndrome, LoadAcquireRcpcSetsAr) {
  ExpectSyndromes({
      {"ldapr x12, [x1]", 0xF8BFC02C, 3, false, 12, true, true},
      {"ldapr w12, [x1]", 0xB8BFC02C, 2, false, 12, false, true},
      {"ldaprb w12, [x1]", 0x38BFC02C, 0, false, 12, false, true},
      {"ldaprh w12, [x1]", 0x78BFC02C, 1, false, 12, false, true},
  });
}

TEST(DataAbortSyndrome, UnscaledRcpcFormsSetAr) {
  ExpectSyndromes({
      {"ldapur x13, [x1, #-8]", 0xD95F802D, 3, false, 13, true, true},
      {"ldapur w13, [x1]", 0x9940002D, 2, false, 13, false, true},
      {"ldapurb w13, [x1]", 0x1940002D, 0, false, 13, false, true},
      {"ldapurh w13, [x1]", 0x5940002D, 1, false, 13, false, true},
      {"ldapursb x13, [x1]", 0x1980002D, 0, true, 13, true, true},
      {"ldapursb w13, [x1]", 0x19C0002D, 0, true, 13, false, true},
      {"ldapursh x13, [x1]", 0x5980002D, 1, true, 13, true, true},
      {"ldapursh w13, [x1]", 0x59C0002D, 1, true, 13, false, true},
      {"ldapursw x13, [x1]", 0x9980002D, 2, true, 13, true, true},
      {"stlur x13, [x1]", 0xD900002D, 3, false, 13, true, true},
      {"stlur w13, [x1]", 0x9900002D, 2, false, 13, false, true},
      {"stlurb w13, [x1]", 0x1900002D, 0, false, 13, false, true},
      {"stlurh w13, [x1]", 0x5900002D, 1, false, 13, false, true},
  });
}

// ================================================================ ISV = 0

TEST(DataAbortSyndrome, WritebackFormsHaveNone) {
  ExpectNoSyndrome({{"ldr x14, [x1, #8]!", 0xF8408C2E},
                    {"ldr x14, [x1], #8", 0xF840842E},
                    {"str w14, [x1, #-4]!", 0xB81FCC2E},
                    {"strb w14, [x1], #1", 0x3800142E},
                    {"ldrsw x14, [x1, #4]!", 0xB8804C2E}});
}

TEST(DataAbortSyndrome, PairsHaveNone) {
  ExpectNoSyndrome({{"ldp x15, x16, [x1]", 0xA940402F},
                    {"stp w15, w16, [x1]", 0x2900402F},
                    {"ldpsw x15, x16, [x1]", 0x6940402F},
                    {"stgp x0, x2, [x1]", 0x69000820}});
}

TEST(DataAbortSyndrome, ExclusivesHaveNone) {
  ExpectNoSyndrome({{"ldxr x17, [x1]", 0xC85F7C31},
                    {"stxr w18, x17, [x1]", 0xC8127C31},
                    {"ldaxr w17, [x1]", 0x885FFC31},
                    {"stlxr w18, w17, [x1]", 0x8812FC31},
                    {"ldxp x17, x19, [x1]", 0xC87F4C31}});
}

TEST(DataAbortSyndrome, AtomicsAndCompareAndSwapHaveNone) {
  ExpectNoSyndrome({{"ldadd x17, x19, [x1]", 0xF8310033},
                    {"swp w17, w19, [x1]", 0xB8318033},
                    {"ldaddal x17, x19, [x1]", 0xF8F10033},
                    {"stadd w17, [x1]", 0xB831003F},
                    {"cas x17, x19, [x1]", 0xC8B17C33},
                    {"casal w17, w19, [x1]", 0x88F1FC33},
                    {"casp x16, x17, x18, x19, [x1]", 0x48307C32}});
}

TEST(DataAbortSyndrome, PrefetchesHaveNone) {
  ExpectNoSyndrome({{"prfm pldl1keep, [x1]", 0xF9800020},
                    {"prfm pldl1keep, [x1, x2]", 0xF8A26820},
                    {"prfum pldl1keep, [x1, #-1]", 0xF89FF020},
                    {"prfm pldl1keep, <lit>", 0xD8000040}});
}

TEST(DataAbortSyndrome, TagInstructionsHaveNone) {
  ExpectNoSyndrome({{"stg x0, [x1]", 0xD9200820},
                    {"ldg x0, [x1]", 0xD9600020},
                    {"stzg x0, [x1]", 0xD9600820},
                    {"st2g x0, [x1]", 0xD9A00820}});
}

TEST(DataAbortSyndrome, DcZvaHasNone) { ExpectNoSyndrome({{"dc zva, x1", 0xD50B7421}}); }

TEST(DataAbortSyndrome, SimdAndFpRegisterAccessesHaveNone) {
  ExpectNoSyndrome({{"ldr d0, [x1]", 0xFD400020},
                    {"str q0, [x1]", 0x3D800020},
                    {"ldr s0, <lit>", 0x1C000040},
                    {"ldur b0, [x1]", 0x3C400020}});
}

}  // namespace
