// The system registers visible to EL0/EL1, declared once in a table: encoding, who may
// access them, and how a read or write behaves. MRS/MSR look the table up by encoding.
#include "isa/system_registers.h"

#include <array>
#include <string_view>

#include "isa/exec_context.h"

namespace mtesim::isa {

namespace {

using Ctx = ExecContext;
using R = AccessResult;

constexpr unsigned kCptrTcpac = 31;

// ---- access functions: EL0 enables in SCTLR_EL1 / CNTKCTL_EL1 (trap to EL1), then the
// HCR_EL2 traps of EL0 and EL1 accesses (to EL2) ----

R TrapToEl2If(const Ctx& c, unsigned hcr_bit) { return c.TrappedByHcr(hcr_bit) ? R::TrapToEl2 : R::Allowed; }
R El0Gate(const Ctx& c, bool allowed) { return c.s.PSTATE.EL == 0 && !allowed ? R::TrapToEl1 : R::Allowed; }

R El0IfUma(Ctx& c, bool) { return El0Gate(c, Bit(c.s.sys.SCTLR_EL1, sctlr::UMA)); }
R El0IfCounterFrequency(Ctx& c, bool) {
  return El0Gate(c, Bit(c.s.sys.CNTKCTL_EL1, cntkctl::EL0PCTEN) || Bit(c.s.sys.CNTKCTL_EL1, cntkctl::EL0VCTEN));
}
// CNTHCTL_EL2 (E2H = 0) traps EL0 and EL1 accesses to the physical counter (EL1PCTEN)
// and the EL1 physical timer (EL1PCEN) to EL2, after CNTKCTL_EL1's EL0 enables.
R TrapUnlessCnthctl(const Ctx& c, unsigned enable_bit) {
  return c.HaveEl2() && c.s.PSTATE.EL < 2 && !Bit(c.s.sys.CNTHCTL_EL2, enable_bit) ? R::TrapToEl2 : R::Allowed;
}
R El0IfVirtualCount(Ctx& c, bool) { return El0Gate(c, Bit(c.s.sys.CNTKCTL_EL1, cntkctl::EL0VCTEN)); }
R PhysicalCountAccess(Ctx& c, bool) {
  const R el0 = El0Gate(c, Bit(c.s.sys.CNTKCTL_EL1, cntkctl::EL0PCTEN));
  return el0 != R::Allowed ? el0 : TrapUnlessCnthctl(c, cnthctl::EL1PCTEN);
}
R El0IfVirtualTimer(Ctx& c, bool) { return El0Gate(c, Bit(c.s.sys.CNTKCTL_EL1, cntkctl::EL0VTEN)); }
R PhysicalTimerAccess(Ctx& c, bool) {
  const R el0 = El0Gate(c, Bit(c.s.sys.CNTKCTL_EL1, cntkctl::EL0PTEN));
  return el0 != R::Allowed ? el0 : TrapUnlessCnthctl(c, cnthctl::EL1PCEN);
}
// TPIDRRO_EL0: EL0 may read it, a write from EL0 is UNDEFINED.
R El0ReadOnly(Ctx& c, bool read) { return c.s.PSTATE.EL == 0 && !read ? R::Undefined : R::Allowed; }
// CTR_EL0: SCTLR_EL1.UCT at EL0, then HCR_EL2.TID2.
R CacheTypeAccess(Ctx& c, bool) {
  const R el0 = El0Gate(c, Bit(c.s.sys.SCTLR_EL1, sctlr::UCT));
  return el0 != R::Allowed ? el0 : TrapToEl2If(c, hcr::TID2);
}

R TrapTid1(Ctx& c, bool) { return TrapToEl2If(c, hcr::TID1); }  // REVIDR_EL1, AIDR_EL1
R TrapTid2(Ctx& c, bool) { return TrapToEl2If(c, hcr::TID2); }  // cache identification
R TrapTid3(Ctx& c, bool) { return TrapToEl2If(c, hcr::TID3); }  // the ID_AA64* group
R TrapTid5(Ctx& c, bool) { return TrapToEl2If(c, hcr::TID5); }  // GMID_EL1
R TrapTacr(Ctx& c, bool) { return TrapToEl2If(c, hcr::TACR); }  // ACTLR_EL1
R TrapTlor(Ctx& c, bool) { return TrapToEl2If(c, hcr::TLOR); }  // LOR registers
// The virtual memory controls: HCR_EL2.TVM traps writes, HCR_EL2.TRVM reads.
R TrapTvmTrvm(Ctx& c, bool read) { return TrapToEl2If(c, read ? hcr::TRVM : hcr::TVM); }
// GCR_EL1, RGSR_EL1, TFSR_EL1, TFSRE0_EL1: trapped while HCR_EL2.ATA = 0.
R TrapMteRegister(Ctx& c, bool) {
  return c.HaveEl2() && c.s.PSTATE.EL < 2 && !Bit(c.EffectiveHcr(), hcr::ATA) ? R::TrapToEl2 : R::Allowed;
}
// CPACR_EL1: CPTR_EL2.TCPAC.
R TrapTcpac(Ctx& c, bool) {
  return c.HaveEl2() && c.s.PSTATE.EL == 1 && Bit(c.s.sys.CPTR_EL2, kCptrTcpac) ? R::TrapToEl2 : R::Allowed;
}

// The generic timers' registers (isa/generic_timer.h); every write may move the
// timer's output or deadline.
template <GenericTimer T>
uint64_t ReadTimerControl(Ctx& c) {
  return TimerControlRead(c.TimerControl(T), c.TimerCountNow(T), c.TimerCompareValue(T));
}
template <GenericTimer T>
void WriteTimerControl(Ctx& c, uint64_t v) {
  c.TimerControl(T) = v & cntctl::kWritable;
  c.TimersChanged();
}
template <GenericTimer T>
uint64_t ReadTimerCompare(Ctx& c) { return c.TimerCompareValue(T); }
template <GenericTimer T>
void WriteTimerCompare(Ctx& c, uint64_t v) {
  c.TimerCompareValue(T) = v;
  c.TimersChanged();
}
template <GenericTimer T>
uint64_t ReadTimerValue(Ctx& c) { return TimerValueRead(c.TimerCountNow(T), c.TimerCompareValue(T)); }
template <GenericTimer T>
void WriteTimerValue(Ctx& c, uint64_t v) {
  c.TimerCompareValue(T) = TimerCompareFromValue(c.TimerCountNow(T), v);
  c.TimersChanged();
}

// The GICv3 CPU interface registers: absent (UNDEFINED) without one; otherwise the
// model's own checks (isa/gic_cpu_interface.h).
template <GicRegister G>
R GicAccess(Ctx& c, bool read) {
  GicCpuInterface* gic = c.gic_cpu_interface();
  return gic ? gic->Access(G, read, c) : R::Undefined;
}
template <GicRegister G>
uint64_t GicRead(Ctx& c) { return c.gic_cpu_interface()->Read(G, c); }
template <GicRegister G>
void GicWrite(Ctx& c, uint64_t v) { c.gic_cpu_interface()->Write(G, v, c); }

// A translation control changed: cached translations and the derived views are stale.
void TranslationControlWritten(Ctx& c) {
  c.UpdateDerivedState();
  c.TranslationChanged();
}

// SCTLR_ELx and TCR_ELx fields of MTE features the PE lacks are RES0.
uint64_t SctlrWritableBits(const Ctx& c) {
  uint64_t res0 = 0;
  if (c.mte_level() < 2) res0 |= 0x7Full << sctlr::ITFSB;  // ITFSB, TCF0, TCF, ATA0, ATA
  if (!c.mte().store_only) res0 |= 3ull << sctlr::TCSO0;   // TCSO0, TCSO
  return ~res0;
}
uint64_t TcrWritableBits(const Ctx& c) {
  uint64_t res0 = 0;
  if (c.mte_level() < 2) res0 |= 3ull << tcr::TCMA0;        // TCMA0, TCMA1
  if (!c.mte().canonical_tags) res0 |= 3ull << tcr::MTX0;  // MTX0, MTX1
  return ~res0;
}
uint64_t TcrEl2WritableBits(const Ctx& c) {
  uint64_t res0 = 0;
  if (c.mte_level() < 2) res0 |= 1ull << tcr_el2::TCMA;
  if (!c.mte().canonical_tags) res0 |= 1ull << tcr_el2::MTX;
  return ~res0;
}
// HCR_EL2 fields this PE has: the Armv8.0 bits 0-33 (TSC too: the firmware's SMC conduit
// stands in for EL3, as in QEMU), TLOR, FWB, and with FEAT_MTE2 ATA, DCT and TID5. E2H
// is RES0 (no FEAT_VHE) and RW is RAO (EL1 is AArch64-only).
uint64_t HcrWritableBits(const Ctx& c) {
  uint64_t valid = (uint64_t{1} << 34) - 1;
  valid |= uint64_t{1} << hcr::TLOR | uint64_t{1} << hcr::FWB;
  if (c.mte_level() >= 2) valid |= uint64_t{1} << hcr::ATA | uint64_t{1} << hcr::DCT | uint64_t{1} << hcr::TID5;
  return valid;
}

#define STORED(field) [](Ctx& c) -> uint64_t { return c.s.sys.field; }
#define STORE(field) [](Ctx& c, uint64_t v) { c.s.sys.field = v; }
#define STORE_MASKED(field, mask) [](Ctx& c, uint64_t v) { c.s.sys.field = v & (mask); }
#define STORE_TRANSLATION(field) [](Ctx& c, uint64_t v) { c.s.sys.field = v; TranslationControlWritten(c); }
#define ID(field) [](Ctx& c) -> uint64_t { return c.s.id.field; }
#define CONST(value) [](Ctx&) -> uint64_t { return value; }
#define TIMER_CTL(timer) ReadTimerControl<GenericTimer::timer>, WriteTimerControl<GenericTimer::timer>
#define TIMER_CVAL(timer) ReadTimerCompare<GenericTimer::timer>, WriteTimerCompare<GenericTimer::timer>
#define TIMER_TVAL(timer) ReadTimerValue<GenericTimer::timer>, WriteTimerValue<GenericTimer::timer>
#define GIC_RW(reg) GicAccess<GicRegister::reg>, GicRead<GicRegister::reg>, GicWrite<GicRegister::reg>
#define GIC_RO(reg) GicAccess<GicRegister::reg>, GicRead<GicRegister::reg>, nullptr
#define GIC_WO(reg) GicAccess<GicRegister::reg>, nullptr, GicWrite<GicRegister::reg>

// clang-format off
const SystemRegisterInfo kRegisters[] = {
  // name            op0 op1 CRn CRm op2  access               read                         write
  // EL1 reads of MIDR_EL1 and MPIDR_EL1 return the virtual values EL2 programs.
  {"MIDR_EL1",        3, 0, 0, 0, 0,  nullptr,
      [](Ctx& c) -> uint64_t { return c.HaveEl2() && c.s.PSTATE.EL == 1 ? c.s.sys.VPIDR_EL2 : c.s.id.MIDR_EL1; }, nullptr},
  {"MPIDR_EL1",       3, 0, 0, 0, 5,  nullptr,
      [](Ctx& c) -> uint64_t { return c.HaveEl2() && c.s.PSTATE.EL == 1 ? c.s.sys.VMPIDR_EL2 : c.s.id.MPIDR_EL1; }, nullptr},
  {"REVIDR_EL1",      3, 0, 0, 0, 6,  TrapTid1, ID(REVIDR_EL1), nullptr},
  {"ID_AA64PFR0_EL1", 3, 0, 0, 4, 0,  TrapTid3, ID(ID_AA64PFR0_EL1), nullptr},
  {"ID_AA64PFR1_EL1", 3, 0, 0, 4, 1,  TrapTid3, ID(ID_AA64PFR1_EL1), nullptr},
  {"ID_AA64PFR2_EL1", 3, 0, 0, 4, 2,  TrapTid3, ID(ID_AA64PFR2_EL1), nullptr},
  {"ID_AA64DFR0_EL1", 3, 0, 0, 5, 0,  TrapTid3, ID(ID_AA64DFR0_EL1), nullptr},
  {"ID_AA64ISAR0_EL1",3, 0, 0, 6, 0,  TrapTid3, ID(ID_AA64ISAR0_EL1), nullptr},
  {"ID_AA64ISAR1_EL1",3, 0, 0, 6, 1,  TrapTid3, ID(ID_AA64ISAR1_EL1), nullptr},
  {"ID_AA64ISAR2_EL1",3, 0, 0, 6, 2,  TrapTid3, ID(ID_AA64ISAR2_EL1), nullptr},
  {"ID_AA64MMFR0_EL1",3, 0, 0, 7, 0,  TrapTid3, ID(ID_AA64MMFR0_EL1), nullptr},
  {"ID_AA64MMFR1_EL1",3, 0, 0, 7, 1,  TrapTid3, ID(ID_AA64MMFR1_EL1), nullptr},
  {"ID_AA64MMFR2_EL1",3, 0, 0, 7, 2,  TrapTid3, ID(ID_AA64MMFR2_EL1), nullptr},
  {"CLIDR_EL1",       3, 1, 0, 0, 1,  TrapTid2, ID(CLIDR_EL1), nullptr},
  {"CCSIDR_EL1",      3, 1, 0, 0, 0,  TrapTid2,
      [](Ctx& c) -> uint64_t {  // 64 KiB 4-way L1s, 1 MiB 8-way L2, 64-byte lines
        return Bits(c.s.sys.CSSELR_EL1, 3, 1) == 0 ? 0x1FE01A : 0xFFE03A; }, nullptr},
  {"AIDR_EL1",        3, 1, 0, 0, 7,  TrapTid1, CONST(0), nullptr},
  {"CSSELR_EL1",      3, 2, 0, 0, 0,  TrapTid2, STORED(CSSELR_EL1), STORE_MASKED(CSSELR_EL1, 0xF)},
  {"CTR_EL0",         3, 3, 0, 0, 1,  CacheTypeAccess, ID(CTR_EL0), nullptr},
  {"DCZID_EL0",       3, 3, 0, 0, 7,  nullptr,
      [](Ctx& c) -> uint64_t {  // DZP reads 1 while DC ZVA would be trapped or prohibited
        return c.s.id.DCZID_BS | uint64_t{DataCacheZeroAccess(c) != R::Allowed} << 4; }, nullptr},

  {"SCTLR_EL1",       3, 0, 1, 0, 0,  TrapTvmTrvm, STORED(SCTLR_EL1),
      [](Ctx& c, uint64_t v) { c.s.sys.SCTLR_EL1 = v & SctlrWritableBits(c); TranslationControlWritten(c); }},
  {"ACTLR_EL1",       3, 0, 1, 0, 1,  TrapTacr, STORED(ACTLR_EL1), STORE(ACTLR_EL1)},
  {"CPACR_EL1",       3, 0, 1, 0, 2,  TrapTcpac, STORED(CPACR_EL1), STORE_MASKED(CPACR_EL1, 0x3ull << 20)},
  {"TTBR0_EL1",       3, 0, 2, 0, 0,  TrapTvmTrvm, STORED(TTBR0_EL1), STORE_TRANSLATION(TTBR0_EL1)},
  {"TTBR1_EL1",       3, 0, 2, 0, 1,  TrapTvmTrvm, STORED(TTBR1_EL1), STORE_TRANSLATION(TTBR1_EL1)},
  {"TCR_EL1",         3, 0, 2, 0, 2,  TrapTvmTrvm, STORED(TCR_EL1),
      [](Ctx& c, uint64_t v) { c.s.sys.TCR_EL1 = v & TcrWritableBits(c); TranslationControlWritten(c); }},
  {"SPSR_EL1",        3, 0, 4, 0, 0,  nullptr, STORED(SPSR_EL1), STORE_MASKED(SPSR_EL1, 0xF3F01FDFull)},
  {"ELR_EL1",         3, 0, 4, 0, 1,  nullptr, STORED(ELR_EL1), STORE(ELR_EL1)},
  // SP_EL0 is not accessible as a register while it is the current stack pointer.
  {"SP_EL0",          3, 0, 4, 1, 0,  nullptr,
      [](Ctx& c) -> uint64_t { if (!c.s.PSTATE.SP) c.Undefined(); return c.s.SP_el[0]; },
      [](Ctx& c, uint64_t v) { if (!c.s.PSTATE.SP) c.Undefined(); c.s.SP_el[0] = v; }},
  {"AFSR0_EL1",       3, 0, 5, 1, 0,  TrapTvmTrvm, STORED(AFSR0_EL1), STORE(AFSR0_EL1)},
  {"AFSR1_EL1",       3, 0, 5, 1, 1,  TrapTvmTrvm, STORED(AFSR1_EL1), STORE(AFSR1_EL1)},
  {"ESR_EL1",         3, 0, 5, 2, 0,  TrapTvmTrvm, STORED(ESR_EL1), STORE(ESR_EL1)},
  {"FAR_EL1",         3, 0, 6, 0, 0,  TrapTvmTrvm, STORED(FAR_EL1), STORE(FAR_EL1)},
  {"PAR_EL1",         3, 0, 7, 4, 0,  nullptr, STORED(PAR_EL1), STORE(PAR_EL1)},
  {"MAIR_EL1",        3, 0, 10, 2, 0, TrapTvmTrvm, STORED(MAIR_EL1), STORE_TRANSLATION(MAIR_EL1)},
  {"AMAIR_EL1",       3, 0, 10, 3, 0, TrapTvmTrvm, STORED(AMAIR_EL1), STORE(AMAIR_EL1)},
  {"VBAR_EL1",        3, 0, 12, 0, 0, nullptr, STORED(VBAR_EL1), STORE_MASKED(VBAR_EL1, ~uint64_t{0x7FF})},
  {"ISR_EL1",         3, 0, 12, 1, 0, nullptr, [](Ctx& c) -> uint64_t { return c.InterruptStatus(); }, nullptr},
  {"CONTEXTIDR_EL1",  3, 0, 13, 0, 1, TrapTvmTrvm, STORED(CONTEXTIDR_EL1), STORE_MASKED(CONTEXTIDR_EL1, 0xFFFFFFFF)},
  {"TPIDR_EL1",       3, 0, 13, 0, 4, nullptr, STORED(TPIDR_EL1), STORE(TPIDR_EL1)},
  {"TPIDR_EL0",       3, 3, 13, 0, 2, nullptr, STORED(TPIDR_EL0), STORE(TPIDR_EL0)},
  {"TPIDRRO_EL0",     3, 3, 13, 0, 3, El0ReadOnly, STORED(TPIDRRO_EL0), STORE(TPIDRRO_EL0)},
  // FEAT_LOR: no LORegions or descriptors (LORID_EL1 = 0), so LORC_EL1.EN has no effect.
  {"LORSA_EL1",       3, 0, 10, 4, 0, TrapTlor, STORED(LORSA_EL1), STORE_MASKED(LORSA_EL1, 0xFFFFFFFF0001ull)},
  {"LOREA_EL1",       3, 0, 10, 4, 1, TrapTlor, STORED(LOREA_EL1), STORE_MASKED(LOREA_EL1, 0xFFFFFFFF0000ull)},
  {"LORN_EL1",        3, 0, 10, 4, 2, TrapTlor, STORED(LORN_EL1), STORE_MASKED(LORN_EL1, 0xFF)},
  {"LORC_EL1",        3, 0, 10, 4, 3, TrapTlor, STORED(LORC_EL1), STORE_MASKED(LORC_EL1, 0x3FD)},
  {"LORID_EL1",       3, 0, 10, 4, 7, TrapTlor, CONST(0), nullptr},
  {"CNTKCTL_EL1",     3, 0, 14, 1, 0, nullptr, STORED(CNTKCTL_EL1), STORE_MASKED(CNTKCTL_EL1, 0x3FF)},

  // Memory Tagging (FEAT_MTE2). TFSR_ELx only hold TF1 and TF0 (no EL3 regime).
  {"GCR_EL1",         3, 0, 1, 0, 6,  TrapMteRegister, STORED(GCR_EL1), STORE_MASKED(GCR_EL1, 0x1FFFF), 2},
  {"RGSR_EL1",        3, 0, 1, 0, 5,  TrapMteRegister, STORED(RGSR_EL1), STORE_MASKED(RGSR_EL1, 0xFFFF0F), 2},
  {"TFSR_EL1",        3, 0, 5, 6, 0,  TrapMteRegister, STORED(TFSR_EL1), STORE_MASKED(TFSR_EL1, 3), 2},
  {"TFSRE0_EL1",      3, 0, 5, 6, 1,  TrapMteRegister, STORED(TFSRE0_EL1), STORE_MASKED(TFSRE0_EL1, 3), 2},
  {"TFSR_EL2",        3, 4, 5, 6, 0,  nullptr, STORED(TFSR_EL2), STORE_MASKED(TFSR_EL2, 3), 2},
  {"GMID_EL1",        3, 1, 0, 0, 4,  TrapTid5, ID(GMID_EL1), nullptr, 2},
  // PSTATE.TCO: with FEAT_MTE alone there is nothing to override, so it is RAZ/WI (as QEMU).
  {"TCO",             3, 3, 4, 2, 7,  nullptr,
      [](Ctx& c) -> uint64_t { return c.mte_level() >= 2 ? uint64_t{c.s.PSTATE.TCO} << 25 : 0; },
      [](Ctx& c, uint64_t v) { if (c.mte_level() >= 2) { c.s.PSTATE.TCO = Bit(v, 25); c.PstateChanged(); } },
      1},

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
  {"CNTPCT_EL0",      3, 3, 14, 0, 1, PhysicalCountAccess, [](Ctx& c) -> uint64_t { return c.PhysicalCount(); }, nullptr},
  {"CNTVCT_EL0",      3, 3, 14, 0, 2, El0IfVirtualCount, [](Ctx& c) -> uint64_t { return c.VirtualCountNow(); }, nullptr},
  {"CNTP_TVAL_EL0",   3, 3, 14, 2, 0, PhysicalTimerAccess, TIMER_TVAL(Physical)},
  {"CNTP_CTL_EL0",    3, 3, 14, 2, 1, PhysicalTimerAccess, TIMER_CTL(Physical)},
  {"CNTP_CVAL_EL0",   3, 3, 14, 2, 2, PhysicalTimerAccess, TIMER_CVAL(Physical)},
  {"CNTV_TVAL_EL0",   3, 3, 14, 3, 0, El0IfVirtualTimer, TIMER_TVAL(Virtual)},
  {"CNTV_CTL_EL0",    3, 3, 14, 3, 1, El0IfVirtualTimer, TIMER_CTL(Virtual)},
  {"CNTV_CVAL_EL0",   3, 3, 14, 3, 2, El0IfVirtualTimer, TIMER_CVAL(Virtual)},

  // PSTATE fields as registers.
  {"NZCV",            3, 3, 4, 2, 0,  nullptr,
      [](Ctx& c) -> uint64_t { return PstateToSpsr(c.s.PSTATE) & 0xF0000000; },
      [](Ctx& c, uint64_t v) { c.SetNZCV(Bit(v, 31), Bit(v, 30), Bit(v, 29), Bit(v, 28)); }},
  {"DAIF",            3, 3, 4, 2, 1,  El0IfUma,
      [](Ctx& c) -> uint64_t { return PstateToSpsr(c.s.PSTATE) & 0x3C0; },
      [](Ctx& c, uint64_t v) {
        auto& p = c.s.PSTATE; p.D = Bit(v, 9); p.A = Bit(v, 8); p.I = Bit(v, 7); p.F = Bit(v, 6);
        c.InterruptMaskingChanged(); }},
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
  {"DIT",             3, 3, 4, 2, 5,  nullptr,
      [](Ctx& c) -> uint64_t { return uint64_t{c.s.PSTATE.DIT} << 24; },
      [](Ctx& c, uint64_t v) { c.s.PSTATE.DIT = Bit(v, 24); }},
  {"SSBS",            3, 3, 4, 2, 6,  nullptr,
      [](Ctx& c) -> uint64_t { return uint64_t{c.s.PSTATE.SSBS} << 12; },
      [](Ctx& c, uint64_t v) { c.s.PSTATE.SSBS = Bit(v, 12); }},

  // EL2 (present when the PE implements EL2; nVHE, so no *_EL12 / *_EL02 aliases).
  {"VPIDR_EL2",       3, 4, 0, 0, 0,  nullptr, STORED(VPIDR_EL2), STORE_MASKED(VPIDR_EL2, 0xFFFFFFFF)},
  {"VMPIDR_EL2",      3, 4, 0, 0, 5,  nullptr, STORED(VMPIDR_EL2),
      [](Ctx& c, uint64_t v) { c.s.sys.VMPIDR_EL2 = (v & 0xFF41FFFFFFull) | 0x80000000u; }},
  {"SCTLR_EL2",       3, 4, 1, 0, 0,  nullptr, STORED(SCTLR_EL2),
      [](Ctx& c, uint64_t v) { c.s.sys.SCTLR_EL2 = v & SctlrWritableBits(c); TranslationControlWritten(c); }},
  {"ACTLR_EL2",       3, 4, 1, 0, 1,  nullptr, STORED(ACTLR_EL2), STORE(ACTLR_EL2)},
  {"HCR_EL2",         3, 4, 1, 1, 0,  nullptr, STORED(HCR_EL2),
      [](Ctx& c, uint64_t v) { c.s.sys.HCR_EL2 = (v & HcrWritableBits(c)) | uint64_t{1} << hcr::RW; c.HcrChanged(); }},
  {"MDCR_EL2",        3, 4, 1, 1, 1,  nullptr, STORED(MDCR_EL2), STORE(MDCR_EL2)},
  // CPTR_EL2: TCPAC, TTA and TFP are stored (FP/SIMD is absent, so TFP has nothing to trap).
  {"CPTR_EL2",        3, 4, 1, 1, 2,  nullptr, STORED(CPTR_EL2),
      [](Ctx& c, uint64_t v) { c.s.sys.CPTR_EL2 = (v & (1ull << 31 | 1ull << 20 | 1ull << 10)) | 0x33FF; }},
  {"HSTR_EL2",        3, 4, 1, 1, 3,  nullptr, STORED(HSTR_EL2), STORE_MASKED(HSTR_EL2, 0xBFEF)},
  {"HACR_EL2",        3, 4, 1, 1, 7,  nullptr, STORED(HACR_EL2), STORE(HACR_EL2)},
  {"TTBR0_EL2",       3, 4, 2, 0, 0,  nullptr, STORED(TTBR0_EL2), STORE_TRANSLATION(TTBR0_EL2)},
  {"TCR_EL2",         3, 4, 2, 0, 2,  nullptr, STORED(TCR_EL2),
      [](Ctx& c, uint64_t v) { c.s.sys.TCR_EL2 = (v & TcrEl2WritableBits(c)) | 0x80800000u; TranslationControlWritten(c); }},
  {"VTTBR_EL2",       3, 4, 2, 1, 0,  nullptr, STORED(VTTBR_EL2), STORE_TRANSLATION(VTTBR_EL2)},
  {"VTCR_EL2",        3, 4, 2, 1, 2,  nullptr, STORED(VTCR_EL2),
      [](Ctx& c, uint64_t v) { c.s.sys.VTCR_EL2 = v | 0x80000000u; TranslationControlWritten(c); }},
  {"SPSR_EL2",        3, 4, 4, 0, 0,  nullptr, STORED(SPSR_EL2), STORE_MASKED(SPSR_EL2, 0xF3F01FDFull)},
  {"ELR_EL2",         3, 4, 4, 0, 1,  nullptr, STORED(ELR_EL2), STORE(ELR_EL2)},
  // SP_EL1 is never the current stack pointer at EL2.
  {"SP_EL1",          3, 4, 4, 1, 0,  nullptr,
      [](Ctx& c) -> uint64_t { return c.s.SP_el[1]; }, [](Ctx& c, uint64_t v) { c.s.SP_el[1] = v; }},
  {"AFSR0_EL2",       3, 4, 5, 1, 0,  nullptr, STORED(AFSR0_EL2), STORE(AFSR0_EL2)},
  {"AFSR1_EL2",       3, 4, 5, 1, 1,  nullptr, STORED(AFSR1_EL2), STORE(AFSR1_EL2)},
  {"ESR_EL2",         3, 4, 5, 2, 0,  nullptr, STORED(ESR_EL2), STORE(ESR_EL2)},
  {"FAR_EL2",         3, 4, 6, 0, 0,  nullptr, STORED(FAR_EL2), STORE(FAR_EL2)},
  {"HPFAR_EL2",       3, 4, 6, 0, 4,  nullptr, STORED(HPFAR_EL2), STORE_MASKED(HPFAR_EL2, 0xFFFFFFFFFF0ull)},
  {"MAIR_EL2",        3, 4, 10, 2, 0, nullptr, STORED(MAIR_EL2), STORE_TRANSLATION(MAIR_EL2)},
  {"AMAIR_EL2",       3, 4, 10, 3, 0, nullptr, STORED(AMAIR_EL2), STORE(AMAIR_EL2)},
  {"VBAR_EL2",        3, 4, 12, 0, 0, nullptr, STORED(VBAR_EL2), STORE_MASKED(VBAR_EL2, ~uint64_t{0x7FF})},
  {"TPIDR_EL2",       3, 4, 13, 0, 2, nullptr, STORED(TPIDR_EL2), STORE(TPIDR_EL2)},
  // CNTHCTL_EL2: QEMU's writable bits without FEAT_ECV (the E2H = 1 layout's bits too).
  {"CNTHCTL_EL2",     3, 4, 14, 1, 0, nullptr, STORED(CNTHCTL_EL2),
      [](Ctx& c, uint64_t v) { c.s.sys.CNTHCTL_EL2 = v & 0xFFF; c.TimersChanged(); }},
  {"CNTVOFF_EL2",     3, 4, 14, 0, 3, nullptr, STORED(CNTVOFF_EL2),
      [](Ctx& c, uint64_t v) { c.s.sys.CNTVOFF_EL2 = v; c.TimersChanged(); }},
  {"CNTHP_TVAL_EL2",  3, 4, 14, 2, 0, nullptr, TIMER_TVAL(HypPhysical)},
  {"CNTHP_CTL_EL2",   3, 4, 14, 2, 1, nullptr, TIMER_CTL(HypPhysical)},
  {"CNTHP_CVAL_EL2",  3, 4, 14, 2, 2, nullptr, TIMER_CVAL(HypPhysical)},

  // The GICv3 CPU interface (present only with GICv3; isa/gic_cpu_interface.h).
  {"ICC_PMR_EL1",     3, 0, 4, 6, 0,   GIC_RW(ICC_PMR_EL1)},
  {"ICC_IAR0_EL1",    3, 0, 12, 8, 0,  GIC_RO(ICC_IAR0_EL1)},
  {"ICC_EOIR0_EL1",   3, 0, 12, 8, 1,  GIC_WO(ICC_EOIR0_EL1)},
  {"ICC_HPPIR0_EL1",  3, 0, 12, 8, 2,  GIC_RO(ICC_HPPIR0_EL1)},
  {"ICC_BPR0_EL1",    3, 0, 12, 8, 3,  GIC_RW(ICC_BPR0_EL1)},
  {"ICC_AP0R0_EL1",   3, 0, 12, 8, 4,  GIC_RW(ICC_AP0R0_EL1)},
  {"ICC_AP0R1_EL1",   3, 0, 12, 8, 5,  GIC_RW(ICC_AP0R1_EL1)},
  {"ICC_AP0R2_EL1",   3, 0, 12, 8, 6,  GIC_RW(ICC_AP0R2_EL1)},
  {"ICC_AP0R3_EL1",   3, 0, 12, 8, 7,  GIC_RW(ICC_AP0R3_EL1)},
  {"ICC_AP1R0_EL1",   3, 0, 12, 9, 0,  GIC_RW(ICC_AP1R0_EL1)},
  {"ICC_AP1R1_EL1",   3, 0, 12, 9, 1,  GIC_RW(ICC_AP1R1_EL1)},
  {"ICC_AP1R2_EL1",   3, 0, 12, 9, 2,  GIC_RW(ICC_AP1R2_EL1)},
  {"ICC_AP1R3_EL1",   3, 0, 12, 9, 3,  GIC_RW(ICC_AP1R3_EL1)},
  {"ICC_DIR_EL1",     3, 0, 12, 11, 1, GIC_WO(ICC_DIR_EL1)},
  {"ICC_RPR_EL1",     3, 0, 12, 11, 3, GIC_RO(ICC_RPR_EL1)},
  {"ICC_SGI1R_EL1",   3, 0, 12, 11, 5, GIC_WO(ICC_SGI1R_EL1)},
  {"ICC_ASGI1R_EL1",  3, 0, 12, 11, 6, GIC_WO(ICC_ASGI1R_EL1)},
  {"ICC_SGI0R_EL1",   3, 0, 12, 11, 7, GIC_WO(ICC_SGI0R_EL1)},
  {"ICC_IAR1_EL1",    3, 0, 12, 12, 0, GIC_RO(ICC_IAR1_EL1)},
  {"ICC_EOIR1_EL1",   3, 0, 12, 12, 1, GIC_WO(ICC_EOIR1_EL1)},
  {"ICC_HPPIR1_EL1",  3, 0, 12, 12, 2, GIC_RO(ICC_HPPIR1_EL1)},
  {"ICC_BPR1_EL1",    3, 0, 12, 12, 3, GIC_RW(ICC_BPR1_EL1)},
  {"ICC_CTLR_EL1",    3, 0, 12, 12, 4, GIC_RW(ICC_CTLR_EL1)},
  {"ICC_SRE_EL1",     3, 0, 12, 12, 5, GIC_RW(ICC_SRE_EL1)},
  {"ICC_IGRPEN0_EL1", 3, 0, 12, 12, 6, GIC_RW(ICC_IGRPEN0_EL1)},
  {"ICC_IGRPEN1_EL1", 3, 0, 12, 12, 7, GIC_RW(ICC_IGRPEN1_EL1)},
  {"ICC_SRE_EL2",     3, 4, 12, 9, 5,  GIC_RW(ICC_SRE_EL2)},
  {"ICH_AP0R0_EL2",   3, 4, 12, 8, 0,  GIC_RW(ICH_AP0R0_EL2)},
  {"ICH_AP0R1_EL2",   3, 4, 12, 8, 1,  GIC_RW(ICH_AP0R1_EL2)},
  {"ICH_AP0R2_EL2",   3, 4, 12, 8, 2,  GIC_RW(ICH_AP0R2_EL2)},
  {"ICH_AP0R3_EL2",   3, 4, 12, 8, 3,  GIC_RW(ICH_AP0R3_EL2)},
  {"ICH_AP1R0_EL2",   3, 4, 12, 9, 0,  GIC_RW(ICH_AP1R0_EL2)},
  {"ICH_AP1R1_EL2",   3, 4, 12, 9, 1,  GIC_RW(ICH_AP1R1_EL2)},
  {"ICH_AP1R2_EL2",   3, 4, 12, 9, 2,  GIC_RW(ICH_AP1R2_EL2)},
  {"ICH_AP1R3_EL2",   3, 4, 12, 9, 3,  GIC_RW(ICH_AP1R3_EL2)},
  {"ICH_HCR_EL2",     3, 4, 12, 11, 0, GIC_RW(ICH_HCR_EL2)},
  {"ICH_VTR_EL2",     3, 4, 12, 11, 1, GIC_RO(ICH_VTR_EL2)},
  {"ICH_MISR_EL2",    3, 4, 12, 11, 2, GIC_RO(ICH_MISR_EL2)},
  {"ICH_EISR_EL2",    3, 4, 12, 11, 3, GIC_RO(ICH_EISR_EL2)},
  {"ICH_ELRSR_EL2",   3, 4, 12, 11, 5, GIC_RO(ICH_ELRSR_EL2)},
  {"ICH_VMCR_EL2",    3, 4, 12, 11, 7, GIC_RW(ICH_VMCR_EL2)},
  {"ICH_LR0_EL2",     3, 4, 12, 12, 0, GIC_RW(ICH_LR0_EL2)},
  {"ICH_LR1_EL2",     3, 4, 12, 12, 1, GIC_RW(ICH_LR1_EL2)},
  {"ICH_LR2_EL2",     3, 4, 12, 12, 2, GIC_RW(ICH_LR2_EL2)},
  {"ICH_LR3_EL2",     3, 4, 12, 12, 3, GIC_RW(ICH_LR3_EL2)},
  {"ICH_LR4_EL2",     3, 4, 12, 12, 4, GIC_RW(ICH_LR4_EL2)},
  {"ICH_LR5_EL2",     3, 4, 12, 12, 5, GIC_RW(ICH_LR5_EL2)},
  {"ICH_LR6_EL2",     3, 4, 12, 12, 6, GIC_RW(ICH_LR6_EL2)},
  {"ICH_LR7_EL2",     3, 4, 12, 12, 7, GIC_RW(ICH_LR7_EL2)},
  {"ICH_LR8_EL2",     3, 4, 12, 13, 0, GIC_RW(ICH_LR8_EL2)},
  {"ICH_LR9_EL2",     3, 4, 12, 13, 1, GIC_RW(ICH_LR9_EL2)},
  {"ICH_LR10_EL2",    3, 4, 12, 13, 2, GIC_RW(ICH_LR10_EL2)},
  {"ICH_LR11_EL2",    3, 4, 12, 13, 3, GIC_RW(ICH_LR11_EL2)},
  {"ICH_LR12_EL2",    3, 4, 12, 13, 4, GIC_RW(ICH_LR12_EL2)},
  {"ICH_LR13_EL2",    3, 4, 12, 13, 5, GIC_RW(ICH_LR13_EL2)},
  {"ICH_LR14_EL2",    3, 4, 12, 13, 6, GIC_RW(ICH_LR14_EL2)},
  {"ICH_LR15_EL2",    3, 4, 12, 13, 7, GIC_RW(ICH_LR15_EL2)},
};
// clang-format on

#undef STORED
#undef STORE
#undef STORE_MASKED
#undef STORE_TRANSLATION
#undef ID
#undef CONST
#undef TIMER_CTL
#undef TIMER_CVAL
#undef TIMER_TVAL
#undef GIC_RW
#undef GIC_RO
#undef GIC_WO

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
// at EL1, so OSes can probe AArch32 and future ID registers safely (HCR_EL2.TID3 traps it
// like the rest of the group).
bool IsReservedIdRegister(unsigned op0, unsigned op1, unsigned crn, unsigned crm) {
  return op0 == 3 && op1 == 0 && crn == 0 && crm >= 1 && crm <= 7;
}

}  // namespace

AccessResult DataCacheZeroAccess(const ExecContext& c) {
  // SCTLR_EL1.DZE at EL0 (trap to EL1), then HCR_EL2.TDZ for EL0 and EL1 (trap to EL2).
  if (c.s.PSTATE.EL == 0 && !Bit(c.s.sys.SCTLR_EL1, sctlr::DZE)) return AccessResult::TrapToEl1;
  return c.TrappedByHcr(hcr::TDZ) ? AccessResult::TrapToEl2 : AccessResult::Allowed;
}

void EnforceAccess(ExecContext& c, Insn i, bool read, AccessResult result) {
  switch (result) {
    case AccessResult::Allowed: return;
    case AccessResult::Undefined: c.Undefined();
    case AccessResult::TrapToEl1: c.SystemAccessTrap(i, read, c.DefaultTargetEl());
    case AccessResult::TrapToEl2: c.SystemAccessTrap(i, read, 2);
  }
}

const SystemRegisterInfo* FindSystemRegister(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2,
                                             unsigned mte_level, bool have_el2) {
  const SystemRegisterInfo* r = FindSystemRegister(op0, op1, crn, crm, op2);
  if (!r || mte_level < r->min_mte_level) return nullptr;
  if (MinimumEl(r->op1) == 2 && !have_el2) return nullptr;
  return r;
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

// FEAT_IDST (ID_AA64MMFR2_EL1.IDS = 1): a read of the ID register space (op0 = 3, op1 =
// 0, 1 or 3, CRn = 0) that is not allowed or not implemented traps with EC 0x18 instead of
// UNDEF, so an OS can emulate it.
bool IdstTrapsRead(const ExecContext& c, const Operands& o) {
  return Bits(c.s.id.ID_AA64MMFR2_EL1, 39, 36) != 0 && o.op0 == 3 && o.crn == 0 && (o.op1 == 0 || o.op1 == 1 || o.op1 == 3);
}

// An access the encoding does not allow (absent register, EL too low, no such direction).
[[noreturn]] void NotAccessible(ExecContext& c, Insn i, const Operands& o, bool read) {
  if (read && IdstTrapsRead(c, o)) c.SystemAccessTrap(i, true, c.DefaultTargetEl());
  c.Undefined();
}

// Steps 1-3 of the header's procedure; returns the register when the access may proceed.
const SystemRegisterInfo* CheckedAccess(ExecContext& c, Insn i, bool read) {
  const Operands o = Decode(i);
  const SystemRegisterInfo* r = FindSystemRegister(o.op0, o.op1, o.crn, o.crm, o.op2, c.mte_level(), c.HaveEl2());
  if (!r || c.s.PSTATE.EL < MinimumEl(r->op1) || !(read ? r->read != nullptr : r->write != nullptr))
    NotAccessible(c, i, o, read);
  if (r->access) EnforceAccess(c, i, read, r->access(c, read));
  return r;
}

}  // namespace

uint64_t ExecContext::ReadSystemRegister(Insn i) {
  const Operands o = Decode(i);
  if (s.PSTATE.EL >= 1 && IsReservedIdRegister(o.op0, o.op1, o.crn, o.crm) &&
      !FindSystemRegister(o.op0, o.op1, o.crn, o.crm, o.op2, mte_level(), HaveEl2())) {
    EnforceAccess(*this, i, true, TrapTid3(*this, true));
    return 0;
  }
  return CheckedAccess(*this, i, true)->read(*this);
}

void ExecContext::WriteSystemRegister(Insn i, uint64_t v) { CheckedAccess(*this, i, false)->write(*this, v); }

}  // namespace mtesim::isa
