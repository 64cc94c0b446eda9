// Shared by the EL2 unit tests: a FlatMemoryContext that records what the semantics pass
// to the PE model's hooks (TlbMaintenance, AddressTranslate, Hypercall, SecureMonitorCall),
// instruction encoders for MRS / MSR / SYS built from the operand fields (checked against
// aarch64-linux-gnu-as below), the EC 0x18 ISS built independently from the Arm ARM's
// layout (ISS[21:20] Op0, [19:17] Op2, [16:14] Op1, [13:10] CRn, [9:5] Rt, [4:1] CRm,
// [0] Direction, 1 = read), and small helpers to put the PE at an EL.
#pragma once
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "tests/support/a64_encoding.h"

#include "isa/exception.h"
#include "isa/exec_context.h"
#include "isa/tlb_invalidation.h"
#include "tests/isa/flat_memory_context.h"

namespace mtesim::test::el2 {

constexpr uint64_t kBase = FlatMemoryContext::kBase;

// ---- ESR_ELx fields (D24.2.46 ESR_EL1 / ESR_EL2) ----
constexpr uint64_t kIl = uint64_t{1} << 25;
constexpr uint32_t EcOf(uint64_t esr) { return static_cast<uint32_t>((esr >> 26) & 0x3F); }
constexpr uint32_t IssOf(uint64_t esr) { return static_cast<uint32_t>(esr & 0x1FFFFFF); }

// ---- HCR_EL2 bit positions (D24.2.61), spelled out here rather than taken from isa/ ----
namespace hcrbit {
constexpr unsigned VM = 0, SWIO = 1, PTW = 2, FMO = 3, IMO = 4, AMO = 5, VF = 6, VI = 7, VSE = 8, FB = 9;
constexpr unsigned DC = 12, TWI = 13, TWE = 14, TID0 = 15, TID1 = 16, TID2 = 17, TID3 = 18, TSC = 19;
constexpr unsigned TIDCP = 20, TACR = 21, TSW = 22, TPCP = 23, TPU = 24, TTLB = 25, TVM = 26, TGE = 27, TDZ = 28;
constexpr unsigned HCD = 29, TRVM = 30, RW = 31, CD = 32, ID = 33, E2H = 34, TLOR = 35, FWB = 46, ATA = 56;
constexpr unsigned DCT = 57, TID5 = 58;
}  // namespace hcrbit
constexpr uint64_t B(unsigned n) { return uint64_t{1} << n; }

// ---- encodings (C5.2.x / C6.2.x): tests/support/a64_encoding.h ----
using mtesim::test::a64::Mrs;
using mtesim::test::a64::Msr;
using mtesim::test::a64::Sys;
// Checked against aarch64-linux-gnu-as -march=armv8.5-a+memtag+lor / objdump.
static_assert(Mrs(3, 4, 1, 1, 0) == 0xD53C1100, "mrs x0, hcr_el2");
static_assert(Msr(3, 4, 1, 1, 0) == 0xD51C1100, "msr hcr_el2, x0");
static_assert(Mrs(3, 4, 4, 1, 0, 1) == 0xD53C4101, "mrs x1, sp_el1");
static_assert(Mrs(3, 0, 0, 0, 5, 3) == 0xD53800A3, "mrs x3, mpidr_el1");
static_assert(Mrs(3, 3, 0, 0, 1, 7) == 0xD53B0027, "mrs x7, ctr_el0");
static_assert(Mrs(3, 1, 0, 0, 4, 8) == 0xD5390088, "mrs x8, gmid_el1");
static_assert(Msr(3, 2, 0, 0, 0, 16) == 0xD51A0010, "msr csselr_el1, x16");
static_assert(Mrs(3, 0, 10, 4, 7, 11) == 0xD538A4EB, "mrs x11, lorid_el1");
static_assert(Sys(0, 7, 6, 2, 0) == 0xD5087640, "dc isw, x0");
static_assert(Sys(3, 7, 13, 1, 0) == 0xD50B7D20, "dc cvadp, x0");
static_assert(Sys(0, 7, 5, 0) == 0xD508751F, "ic iallu");
static_assert(Sys(4, 8, 0, 5, 4) == 0xD50C80A4, "tlbi ipas2le1is, x4");
static_assert(Sys(4, 8, 7, 6) == 0xD50C87DF, "tlbi vmalls12e1");
static_assert(Sys(4, 7, 8, 7, 6) == 0xD50C78E6, "at s12e0w, x6");
static_assert(Sys(3, 7, 14, 5, 0) == 0xD50B7EA0, "dc cigdvac, x0");

constexpr uint32_t kHvc1234 = 0xD4024682;  // hvc #0x1234
constexpr uint32_t kSmc5678 = 0xD40ACF03;  // smc #0x5678
constexpr uint32_t kSvc0 = 0xD4000001;     // svc #0
using mtesim::test::a64::kEret;
static_assert(mtesim::test::a64::Hvc(0x1234) == 0xD4024682 && mtesim::test::a64::Smc(0x5678) == 0xD40ACF03,
              "hvc #0x1234, smc #0x5678");
constexpr uint32_t kWfi = 0xD503207F;      // wfi
constexpr uint32_t kWfe = 0xD503205F;      // wfe
constexpr uint32_t kUdf = 0x00000000;      // udf #0

// The EC 0x18 ISS of an MRS / MSR / SYS with these operands (D24.2.46, "ISS encoding for
// an exception from MSR, MRS, or System instruction execution in AArch64 state").
constexpr uint32_t SysRegIss(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2, unsigned rt,
                             bool read) {
  return op0 << 20 | op2 << 17 | op1 << 14 | crn << 10 | rt << 5 | crm << 1 | unsigned{read};
}

// A register or system instruction named by its operand fields.
struct Enc {
  const char* name;
  unsigned op0, op1, crn, crm, op2;
};

// ---- the context ----
class El2Context : public FlatMemoryContext {
 public:
  El2Context() {
    s.PC = kBase + 0x1000;
    s.sys.VBAR_EL1 = kBase + 0x10000;
    s.sys.VBAR_EL2 = kBase + 0x20000;
    ConfigureEl2(true);
  }

  std::vector<isa::TlbInvalidation> tlb_ops;
  struct AtCall {
    uint64_t va;
    bool write;
    AtStage stage;
    bool pan;
  };
  std::vector<AtCall> at_calls;
  uint64_t at_result = 0x123400;
  std::vector<uint16_t> hypercalls, smcs;
  bool firmware_handles = true;

  void TlbMaintenance(const isa::TlbInvalidation& op) override {
    tlb_ops.push_back(op);
    isa::ExecContext::TlbMaintenance(op);
  }
  uint64_t AddressTranslate(uint64_t va, bool write, AtStage stage, bool pan) override {
    at_calls.push_back({va, write, stage, pan});
    return at_result;
  }
  bool Hypercall(uint16_t imm) override {
    hypercalls.push_back(imm);
    return firmware_handles;
  }
  bool SecureMonitorCall(uint16_t imm) override {
    smcs.push_back(imm);
    return firmware_handles;
  }
};

// PSTATE.EL = el with SPSel = sp (EL0 always uses SP_EL0), and the regime selected. The
// current SP (R[31]) is left as it is: tests that look at banking set it themselves.
inline void SetEl(isa::ExecContext& c, unsigned el, bool sp = true) {
  c.s.PSTATE.EL = static_cast<uint8_t>(el);
  c.s.PSTATE.SP = el == 0 ? false : sp;
  c.PstateChanged();
}

// HCR_EL2 as EL2 software writes it (the stored value, then the effective one).
inline void SetHcr(isa::ExecContext& c, uint64_t value) {
  c.s.sys.HCR_EL2 = value | B(hcrbit::RW);
  c.HcrChanged();
}

// Run `fn` (which takes an exception); true when it did.
template <typename Fn> bool Takes(Fn&& fn) {
  try {
    fn();
  } catch (const isa::ExceptionTaken&) {
    return true;
  }
  return false;
}

}  // namespace mtesim::test::el2
