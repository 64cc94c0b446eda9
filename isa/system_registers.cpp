// The system registers visible to EL0/EL1, declared once in a table: encoding, who may
// access them, and how a read or write behaves. MRS/MSR look the table up by encoding.
#include "isa/system_registers.h"

#include <array>
#include <string_view>

#include "isa/exec_context.h"

namespace mtesim::isa {

namespace {

using Ctx = ExecContext;

constexpr unsigned kSctlrUma = 9, kSctlrUct = 15, kSctlrSpan = 23;
constexpr unsigned kCntkctlEl0pcten = 0, kCntkctlEl0vcten = 1, kCntkctlEl0vten = 8, kCntkctlEl0pten = 9;

bool AlwaysAllowed(Ctx&) { return true; }
bool El0IfUma(Ctx& c) { return Bit(c.s.sys.SCTLR_EL1, kSctlrUma); }
bool El0IfUct(Ctx& c) { return Bit(c.s.sys.SCTLR_EL1, kSctlrUct); }
bool El0IfCounterFrequency(Ctx& c) {
  return Bit(c.s.sys.CNTKCTL_EL1, kCntkctlEl0pcten) || Bit(c.s.sys.CNTKCTL_EL1, kCntkctlEl0vcten);
}
bool El0IfVirtualCount(Ctx& c) { return Bit(c.s.sys.CNTKCTL_EL1, kCntkctlEl0vcten); }
bool El0IfPhysicalCount(Ctx& c) { return Bit(c.s.sys.CNTKCTL_EL1, kCntkctlEl0pcten); }
bool El0IfVirtualTimer(Ctx& c) { return Bit(c.s.sys.CNTKCTL_EL1, kCntkctlEl0vten); }
bool El0IfPhysicalTimer(Ctx& c) { return Bit(c.s.sys.CNTKCTL_EL1, kCntkctlEl0pten); }

// Timer control: ISTATUS (bit 2) is computed from the counter and the compare value.
uint64_t TimerControl(uint64_t ctl, uint64_t count, uint64_t cval) {
  const bool enabled = Bit(ctl, 0);
  return (ctl & 3) | (uint64_t{enabled && count >= cval} << 2);
}

// A translation control changed: cached translations and the derived views are stale.
void TranslationControlWritten(Ctx& c) {
  c.UpdateDerivedState();
  c.TranslationChanged();
}

// SCTLR_EL1 and TCR_EL1 fields of MTE features the PE lacks are RES0.
uint64_t SctlrWritableBits(const Ctx& c) {
  uint64_t res0 = 0;
  if (c.mte_level() < 2) res0 |= 0x7Full << 37;  // ITFSB, TCF0, TCF, ATA0, ATA
  if (!c.mte().store_only) res0 |= 3ull << 58;   // TCSO0, TCSO
  return ~res0;
}
uint64_t TcrWritableBits(const Ctx& c) {
  uint64_t res0 = 0;
  if (c.mte_level() < 2) res0 |= 3ull << 57;        // TCMA0, TCMA1
  if (!c.mte().canonical_tags) res0 |= 3ull << 60;  // MTX0, MTX1
  return ~res0;
}

#define STORED(field) [](Ctx& c) -> uint64_t { return c.s.sys.field; }
#define STORE(field) [](Ctx& c, uint64_t v) { c.s.sys.field = v; }
#define STORE_MASKED(field, mask) [](Ctx& c, uint64_t v) { c.s.sys.field = v & (mask); }
#define STORE_TRANSLATION(field) [](Ctx& c, uint64_t v) { c.s.sys.field = v; TranslationControlWritten(c); }
#define ID(field) [](Ctx& c) -> uint64_t { return c.s.id.field; }
#define CONST(value) [](Ctx&) -> uint64_t { return value; }

// clang-format off
const SystemRegisterInfo kRegisters[] = {
  // name            op0 op1 CRn CRm op2  el0 gate            read                         write
  {"MIDR_EL1",        3, 0, 0, 0, 0,  nullptr, ID(MIDR_EL1), nullptr},
  {"MPIDR_EL1",       3, 0, 0, 0, 5,  nullptr, ID(MPIDR_EL1), nullptr},
  {"REVIDR_EL1",      3, 0, 0, 0, 6,  nullptr, ID(REVIDR_EL1), nullptr},
  {"ID_AA64PFR0_EL1", 3, 0, 0, 4, 0,  nullptr, ID(ID_AA64PFR0_EL1), nullptr},
  {"ID_AA64PFR1_EL1", 3, 0, 0, 4, 1,  nullptr, ID(ID_AA64PFR1_EL1), nullptr},
  {"ID_AA64PFR2_EL1", 3, 0, 0, 4, 2,  nullptr, ID(ID_AA64PFR2_EL1), nullptr},
  {"ID_AA64DFR0_EL1", 3, 0, 0, 5, 0,  nullptr, ID(ID_AA64DFR0_EL1), nullptr},
  {"ID_AA64ISAR0_EL1",3, 0, 0, 6, 0,  nullptr, ID(ID_AA64ISAR0_EL1), nullptr},
  {"ID_AA64ISAR1_EL1",3, 0, 0, 6, 1,  nullptr, ID(ID_AA64ISAR1_EL1), nullptr},
  {"ID_AA64ISAR2_EL1",3, 0, 0, 6, 2,  nullptr, ID(ID_AA64ISAR2_EL1), nullptr},
  {"ID_AA64MMFR0_EL1",3, 0, 0, 7, 0,  nullptr, ID(ID_AA64MMFR0_EL1), nullptr},
  {"ID_AA64MMFR1_EL1",3, 0, 0, 7, 1,  nullptr, ID(ID_AA64MMFR1_EL1), nullptr},
  {"ID_AA64MMFR2_EL1",3, 0, 0, 7, 2,  nullptr, ID(ID_AA64MMFR2_EL1), nullptr},
  {"CLIDR_EL1",       3, 1, 0, 0, 1,  nullptr, ID(CLIDR_EL1), nullptr},
  {"CCSIDR_EL1",      3, 1, 0, 0, 0,  nullptr,
      [](Ctx& c) -> uint64_t {  // 64 KiB 4-way L1s, 1 MiB 8-way L2, 64-byte lines
        return Bits(c.s.sys.CSSELR_EL1, 3, 1) == 0 ? 0x1FE01A : 0xFFE03A; }, nullptr},
  {"AIDR_EL1",        3, 1, 0, 0, 7,  nullptr, CONST(0), nullptr},
  {"CSSELR_EL1",      3, 2, 0, 0, 0,  nullptr, STORED(CSSELR_EL1), STORE_MASKED(CSSELR_EL1, 0xF)},
  {"CTR_EL0",         3, 3, 0, 0, 1,  El0IfUct, ID(CTR_EL0), nullptr},
  {"DCZID_EL0",       3, 3, 0, 0, 7,  AlwaysAllowed,
      [](Ctx& c) -> uint64_t {  // DZP reads 1 while EL0 may not use DC ZVA
        const bool prohibited = c.s.PSTATE.EL == 0 && !Bit(c.s.sys.SCTLR_EL1, 14);
        return c.s.id.DCZID_BS | uint64_t{prohibited} << 4; }, nullptr},

  {"SCTLR_EL1",       3, 0, 1, 0, 0,  nullptr, STORED(SCTLR_EL1),
      [](Ctx& c, uint64_t v) { c.s.sys.SCTLR_EL1 = v & SctlrWritableBits(c); TranslationControlWritten(c); }},
  {"ACTLR_EL1",       3, 0, 1, 0, 1,  nullptr, STORED(ACTLR_EL1), STORE(ACTLR_EL1)},
  {"CPACR_EL1",       3, 0, 1, 0, 2,  nullptr, STORED(CPACR_EL1), STORE_MASKED(CPACR_EL1, 0x3ull << 20)},
  {"TTBR0_EL1",       3, 0, 2, 0, 0,  nullptr, STORED(TTBR0_EL1), STORE_TRANSLATION(TTBR0_EL1)},
  {"TTBR1_EL1",       3, 0, 2, 0, 1,  nullptr, STORED(TTBR1_EL1), STORE_TRANSLATION(TTBR1_EL1)},
  {"TCR_EL1",         3, 0, 2, 0, 2,  nullptr, STORED(TCR_EL1),
      [](Ctx& c, uint64_t v) { c.s.sys.TCR_EL1 = v & TcrWritableBits(c); TranslationControlWritten(c); }},
  {"SPSR_EL1",        3, 0, 4, 0, 0,  nullptr, STORED(SPSR_EL1), STORE_MASKED(SPSR_EL1, 0xF3F01FDFull)},
  {"ELR_EL1",         3, 0, 4, 0, 1,  nullptr, STORED(ELR_EL1), STORE(ELR_EL1)},
  // SP_EL0 is not accessible as a register while it is the current stack pointer.
  {"SP_EL0",          3, 0, 4, 1, 0,  nullptr,
      [](Ctx& c) -> uint64_t { if (!c.s.PSTATE.SP) c.Undefined(); return c.s.SP_el[0]; },
      [](Ctx& c, uint64_t v) { if (!c.s.PSTATE.SP) c.Undefined(); c.s.SP_el[0] = v; }},
  {"AFSR0_EL1",       3, 0, 5, 1, 0,  nullptr, STORED(AFSR0_EL1), STORE(AFSR0_EL1)},
  {"AFSR1_EL1",       3, 0, 5, 1, 1,  nullptr, STORED(AFSR1_EL1), STORE(AFSR1_EL1)},
  {"ESR_EL1",         3, 0, 5, 2, 0,  nullptr, STORED(ESR_EL1), STORE(ESR_EL1)},
  {"FAR_EL1",         3, 0, 6, 0, 0,  nullptr, STORED(FAR_EL1), STORE(FAR_EL1)},
  {"PAR_EL1",         3, 0, 7, 4, 0,  nullptr, STORED(PAR_EL1), STORE(PAR_EL1)},
  {"MAIR_EL1",        3, 0, 10, 2, 0, nullptr, STORED(MAIR_EL1), STORE_TRANSLATION(MAIR_EL1)},
  {"AMAIR_EL1",       3, 0, 10, 3, 0, nullptr, STORED(AMAIR_EL1), STORE(AMAIR_EL1)},
  {"VBAR_EL1",        3, 0, 12, 0, 0, nullptr, STORED(VBAR_EL1), STORE_MASKED(VBAR_EL1, ~uint64_t{0x7FF})},
  {"ISR_EL1",         3, 0, 12, 1, 0, nullptr, CONST(0), nullptr},
  {"CONTEXTIDR_EL1",  3, 0, 13, 0, 1, nullptr, STORED(CONTEXTIDR_EL1), STORE_MASKED(CONTEXTIDR_EL1, 0xFFFFFFFF)},
  {"TPIDR_EL1",       3, 0, 13, 0, 4, nullptr, STORED(TPIDR_EL1), STORE(TPIDR_EL1)},
  {"TPIDR_EL0",       3, 3, 13, 0, 2, AlwaysAllowed, STORED(TPIDR_EL0), STORE(TPIDR_EL0)},
  {"TPIDRRO_EL0",     3, 3, 13, 0, 3, AlwaysAllowed, STORED(TPIDRRO_EL0), STORE(TPIDRRO_EL0), true},
  // FEAT_LOR: no LORegions or descriptors (LORID_EL1 = 0), so LORC_EL1.EN has no effect.
  {"LORSA_EL1",       3, 0, 10, 4, 0, nullptr, STORED(LORSA_EL1), STORE_MASKED(LORSA_EL1, 0xFFFFFFFF0001ull)},
  {"LOREA_EL1",       3, 0, 10, 4, 1, nullptr, STORED(LOREA_EL1), STORE_MASKED(LOREA_EL1, 0xFFFFFFFF0000ull)},
  {"LORN_EL1",        3, 0, 10, 4, 2, nullptr, STORED(LORN_EL1), STORE_MASKED(LORN_EL1, 0xFF)},
  {"LORC_EL1",        3, 0, 10, 4, 3, nullptr, STORED(LORC_EL1), STORE_MASKED(LORC_EL1, 0x3FD)},
  {"LORID_EL1",       3, 0, 10, 4, 7, nullptr, CONST(0), nullptr},
  {"CNTKCTL_EL1",     3, 0, 14, 1, 0, nullptr, STORED(CNTKCTL_EL1), STORE_MASKED(CNTKCTL_EL1, 0x3FF)},

  // Memory Tagging (FEAT_MTE2). TFSR*_EL1 only hold TF1 and TF0 (no EL2 or EL3 regimes).
  {"GCR_EL1",         3, 0, 1, 0, 6,  nullptr, STORED(GCR_EL1), STORE_MASKED(GCR_EL1, 0x1FFFF), false, 2},
  {"RGSR_EL1",        3, 0, 1, 0, 5,  nullptr, STORED(RGSR_EL1), STORE_MASKED(RGSR_EL1, 0xFFFF0F), false, 2},
  {"TFSR_EL1",        3, 0, 5, 6, 0,  nullptr, STORED(TFSR_EL1), STORE_MASKED(TFSR_EL1, 3), false, 2},
  {"TFSRE0_EL1",      3, 0, 5, 6, 1,  nullptr, STORED(TFSRE0_EL1), STORE_MASKED(TFSRE0_EL1, 3), false, 2},
  {"GMID_EL1",        3, 1, 0, 0, 4,  nullptr, ID(GMID_EL1), nullptr, false, 2},
  // PSTATE.TCO: with FEAT_MTE alone there is nothing to override, so it is RAZ/WI (as QEMU).
  {"TCO",             3, 3, 4, 2, 7,  AlwaysAllowed,
      [](Ctx& c) -> uint64_t { return c.mte_level() >= 2 ? uint64_t{c.s.PSTATE.TCO} << 25 : 0; },
      [](Ctx& c, uint64_t v) { if (c.mte_level() >= 2) { c.s.PSTATE.TCO = Bit(v, 25); c.PstateChanged(); } },
      false, 1},

  // Debug: only what an OS touches on boot; no breakpoints or watchpoints are modelled.
  {"MDSCR_EL1",       2, 0, 0, 2, 2,  nullptr, STORED(MDSCR_EL1), STORE(MDSCR_EL1)},
  {"MDCCINT_EL1",     2, 0, 0, 2, 0,  nullptr, STORED(MDCCINT_EL1), STORE(MDCCINT_EL1)},
  {"MDRAR_EL1",       2, 0, 1, 0, 0,  nullptr, CONST(0), nullptr},
  {"OSLAR_EL1",       2, 0, 1, 0, 4,  nullptr, nullptr,
      [](Ctx& c, uint64_t v) { c.s.sys.OSLSR_EL1 = (c.s.sys.OSLSR_EL1 & ~uint64_t{2}) | (v & 1) << 1; }},
  {"OSLSR_EL1",       2, 0, 1, 1, 4,  nullptr, STORED(OSLSR_EL1), nullptr},
  {"OSDLR_EL1",       2, 0, 1, 3, 4,  nullptr, STORED(OSDLR_EL1), STORE_MASKED(OSDLR_EL1, 1)},

  // Generic timer.
  {"CNTFRQ_EL0",      3, 3, 14, 0, 0, El0IfCounterFrequency,
      [](Ctx& c) -> uint64_t { return c.CounterFrequency(); }, nullptr},
  {"CNTPCT_EL0",      3, 3, 14, 0, 1, El0IfPhysicalCount,
      [](Ctx& c) -> uint64_t { return c.VirtualCount() + c.s.sys.CNTVOFF_EL2; }, nullptr},
  {"CNTVCT_EL0",      3, 3, 14, 0, 2, El0IfVirtualCount,
      [](Ctx& c) -> uint64_t { return c.VirtualCount(); }, nullptr},
  {"CNTP_TVAL_EL0",   3, 3, 14, 2, 0, El0IfPhysicalTimer,
      [](Ctx& c) -> uint64_t { return static_cast<uint32_t>(c.s.sys.CNTP_CVAL_EL0 - c.VirtualCount()); },
      [](Ctx& c, uint64_t v) { c.s.sys.CNTP_CVAL_EL0 = c.VirtualCount() + SignExtend(v, 32); }},
  {"CNTP_CTL_EL0",    3, 3, 14, 2, 1, El0IfPhysicalTimer,
      [](Ctx& c) -> uint64_t { return TimerControl(c.s.sys.CNTP_CTL_EL0, c.VirtualCount(), c.s.sys.CNTP_CVAL_EL0); },
      STORE_MASKED(CNTP_CTL_EL0, 3)},
  {"CNTP_CVAL_EL0",   3, 3, 14, 2, 2, El0IfPhysicalTimer, STORED(CNTP_CVAL_EL0), STORE(CNTP_CVAL_EL0)},
  {"CNTV_TVAL_EL0",   3, 3, 14, 3, 0, El0IfVirtualTimer,
      [](Ctx& c) -> uint64_t { return static_cast<uint32_t>(c.s.sys.CNTV_CVAL_EL0 - c.VirtualCount()); },
      [](Ctx& c, uint64_t v) { c.s.sys.CNTV_CVAL_EL0 = c.VirtualCount() + SignExtend(v, 32); }},
  {"CNTV_CTL_EL0",    3, 3, 14, 3, 1, El0IfVirtualTimer,
      [](Ctx& c) -> uint64_t { return TimerControl(c.s.sys.CNTV_CTL_EL0, c.VirtualCount(), c.s.sys.CNTV_CVAL_EL0); },
      STORE_MASKED(CNTV_CTL_EL0, 3)},
  {"CNTV_CVAL_EL0",   3, 3, 14, 3, 2, El0IfVirtualTimer, STORED(CNTV_CVAL_EL0), STORE(CNTV_CVAL_EL0)},

  // PSTATE fields as registers.
  {"NZCV",            3, 3, 4, 2, 0,  AlwaysAllowed,
      [](Ctx& c) -> uint64_t { return PstateToSpsr(c.s.PSTATE) & 0xF0000000; },
      [](Ctx& c, uint64_t v) { c.SetNZCV(Bit(v, 31), Bit(v, 30), Bit(v, 29), Bit(v, 28)); }},
  {"DAIF",            3, 3, 4, 2, 1,  El0IfUma,
      [](Ctx& c) -> uint64_t { return PstateToSpsr(c.s.PSTATE) & 0x3C0; },
      [](Ctx& c, uint64_t v) {
        auto& p = c.s.PSTATE; p.D = Bit(v, 9); p.A = Bit(v, 8); p.I = Bit(v, 7); p.F = Bit(v, 6); }},
  {"CurrentEL",       3, 0, 4, 2, 2,  nullptr, [](Ctx& c) -> uint64_t { return uint64_t{c.s.PSTATE.EL} << 2; }, nullptr},
  {"SPSel",           3, 0, 4, 2, 0,  nullptr,
      [](Ctx& c) -> uint64_t { return c.s.PSTATE.SP; },
      [](Ctx& c, uint64_t v) { const ProcState old = c.s.PSTATE; c.s.PSTATE.SP = v & 1; c.SelectStackPointer(old); }},
  {"PAN",             3, 0, 4, 2, 3,  nullptr,
      [](Ctx& c) -> uint64_t { return uint64_t{c.s.PSTATE.PAN} << 22; },
      [](Ctx& c, uint64_t v) { c.s.PSTATE.PAN = Bit(v, 22); c.PstateChanged(); }},
  {"UAO",             3, 0, 4, 2, 4,  nullptr,
      [](Ctx& c) -> uint64_t { return uint64_t{c.s.PSTATE.UAO} << 23; },
      [](Ctx& c, uint64_t v) { c.s.PSTATE.UAO = Bit(v, 23); c.PstateChanged(); }},
  {"DIT",             3, 3, 4, 2, 5,  AlwaysAllowed,
      [](Ctx& c) -> uint64_t { return uint64_t{c.s.PSTATE.DIT} << 24; },
      [](Ctx& c, uint64_t v) { c.s.PSTATE.DIT = Bit(v, 24); }},
  {"SSBS",            3, 3, 4, 2, 6,  AlwaysAllowed,
      [](Ctx& c) -> uint64_t { return uint64_t{c.s.PSTATE.SSBS} << 12; },
      [](Ctx& c, uint64_t v) { c.s.PSTATE.SSBS = Bit(v, 12); }},
};
// clang-format on

#undef STORED
#undef STORE
#undef STORE_MASKED
#undef STORE_TRANSLATION
#undef ID
#undef CONST

struct Index {
  std::array<int16_t, 1 << 16> slot;
  Index() {
    slot.fill(-1);
    for (size_t k = 0; k < sizeof(kRegisters) / sizeof(kRegisters[0]); ++k) {
      const auto& r = kRegisters[k];
      slot[SystemRegisterKey(r.op0, r.op1, r.crn, r.crm, r.op2)] = static_cast<int16_t>(k);
    }
  }
};

const Index& TheIndex() {
  static const Index index;
  return index;
}

// The reserved ID register space (op0 = 3, op1 = 0, CRn = 0, CRm = 1..7) reads as zero
// at EL1, so OSes can probe AArch32 and future ID registers safely.
bool IsReservedIdRegister(unsigned op0, unsigned op1, unsigned crn, unsigned crm) {
  return op0 == 3 && op1 == 0 && crn == 0 && crm >= 1 && crm <= 7;
}

}  // namespace

const SystemRegisterInfo* FindSystemRegister(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2,
                                             unsigned mte_level) {
  const SystemRegisterInfo* r = FindSystemRegister(op0, op1, crn, crm, op2);
  return r && mte_level >= r->min_mte_level ? r : nullptr;
}

const SystemRegisterInfo* FindSystemRegister(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2) {
  const int16_t k = TheIndex().slot[SystemRegisterKey(op0, op1, crn, crm, op2)];
  return k < 0 ? nullptr : &kRegisters[k];
}

const SystemRegisterInfo* FindSystemRegister(const char* name) {
  for (const auto& r : kRegisters)
    if (std::string_view(r.name) == name) return &r;
  return nullptr;
}

namespace {

struct Operands {
  unsigned op0, op1, crn, crm, op2;
};

Operands Decode(Insn i) {
  return {2u + i.field(19, 19), i.field(18, 16), i.field(15, 12), i.field(11, 8), i.field(7, 5)};
}

[[noreturn]] void TrapToEl1(ExecContext& c, Insn i, bool read) {
  ExceptionRecord rec;
  rec.ec = ExceptionClass::SystemRegisterTrap;
  const Operands o = Decode(i);
  rec.iss = o.op0 << 20 | o.op2 << 17 | o.op1 << 14 | o.crn << 10 | i.Rt() << 5 | o.crm << 1 | uint32_t{read};
  c.TakeException(rec);
}

// FEAT_IDST (ID_AA64MMFR2_EL1.IDS = 1): a read of the ID register space (op0 = 3, op1 =
// 0, 1 or 3, CRn = 0) that is not allowed (from EL0) or not implemented traps with EC
// 0x18 instead of UNDEF, so an OS can emulate it.
bool IdstTrapsEl0Read(const ExecContext& c, const Operands& o) {
  return Bits(c.s.id.ID_AA64MMFR2_EL1, 39, 36) != 0 && o.op0 == 3 && o.crn == 0 && (o.op1 == 0 || o.op1 == 1 || o.op1 == 3);
}

// An EL0 access that a control bit disables traps to EL1 with EC 0x18 (its ISS names
// the register and the direction); an access to a register EL0 can never use is UNDEF.
void CheckEl0Access(ExecContext& c, const SystemRegisterInfo* r, Insn i, bool read) {
  if (c.s.PSTATE.EL != 0) return;
  if (!r->el0_gate || (!read && r->el0_read_only)) {
    if (read && IdstTrapsEl0Read(c, Decode(i))) TrapToEl1(c, i, read);
    c.Undefined();
  }
  if (r->el0_gate(c)) return;
  TrapToEl1(c, i, read);
}

}  // namespace

uint64_t ExecContext::ReadSystemRegister(Insn i) {
  const Operands o = Decode(i);
  const SystemRegisterInfo* r = FindSystemRegister(o.op0, o.op1, o.crn, o.crm, o.op2, mte_level());
  if (!r) {
    if (s.PSTATE.EL >= 1 && IsReservedIdRegister(o.op0, o.op1, o.crn, o.crm)) return 0;
    // An absent ID register (e.g. GMID_EL1 without FEAT_MTE2) is UnimplementedIDRegister():
    // a trap with EC 0x18 under FEAT_IDST, from EL0 and EL1 alike.
    if (IdstTrapsEl0Read(*this, o)) TrapToEl1(*this, i, true);
    Undefined();
  }
  CheckEl0Access(*this, r, i, true);
  if (!r->read) Undefined();
  return r->read(*this);
}

void ExecContext::WriteSystemRegister(Insn i, uint64_t v) {
  const Operands o = Decode(i);
  const SystemRegisterInfo* r = FindSystemRegister(o.op0, o.op1, o.crn, o.crm, o.op2, mte_level());
  if (!r) Undefined();
  CheckEl0Access(*this, r, i, false);
  if (!r->write) Undefined();
  r->write(*this, v);
}

}  // namespace mtesim::isa
