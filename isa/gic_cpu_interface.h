// The GICv3 CPU interface as the PE's system registers reach it (ICC_*, ICV_*, ICH_*).
//
// The interface's state lives with the interrupt controller model
// (models/devices/gic/), as QEMU keeps it in GICv3CPUState: the distributor and the
// redistributors decide what is pending, the CPU interface acknowledges and completes.
// isa/ knows only this abstract seam; the system register table
// (system_registers.cpp) declares the encodings once and forwards every access here,
// after the generic checks (the register exists, the EL the encoding requires).
// A PE without a GICv3 CPU interface (GICv2 platforms) has none of these registers:
// they are UNDEFINED, and ID_AA64PFR0_EL1.GIC reads 0.
#pragma once
#include <cstdint>

#include "isa/system_registers.h"

namespace mtesim::isa {

class ExecContext;

// Every register of the interface, named by its ICC_/ICH_ name. The ICV_* registers
// share the ICC_* encodings: whether an EL1 access reaches the physical (ICC) or the
// virtual (ICV) interface depends on HCR_EL2.IMO/FMO, which the model decides.
enum class GicRegister : uint8_t {
  ICC_PMR_EL1,
  ICC_IAR0_EL1, ICC_EOIR0_EL1, ICC_HPPIR0_EL1, ICC_BPR0_EL1,
  ICC_AP0R0_EL1, ICC_AP0R1_EL1, ICC_AP0R2_EL1, ICC_AP0R3_EL1,
  ICC_AP1R0_EL1, ICC_AP1R1_EL1, ICC_AP1R2_EL1, ICC_AP1R3_EL1,
  ICC_DIR_EL1, ICC_RPR_EL1, ICC_SGI1R_EL1, ICC_ASGI1R_EL1, ICC_SGI0R_EL1,
  ICC_IAR1_EL1, ICC_EOIR1_EL1, ICC_HPPIR1_EL1, ICC_BPR1_EL1, ICC_CTLR_EL1, ICC_SRE_EL1,
  ICC_IGRPEN0_EL1, ICC_IGRPEN1_EL1,
  ICC_SRE_EL2,
  ICH_AP0R0_EL2, ICH_AP0R1_EL2, ICH_AP0R2_EL2, ICH_AP0R3_EL2,
  ICH_AP1R0_EL2, ICH_AP1R1_EL2, ICH_AP1R2_EL2, ICH_AP1R3_EL2,
  ICH_HCR_EL2, ICH_VTR_EL2, ICH_MISR_EL2, ICH_EISR_EL2, ICH_ELRSR_EL2, ICH_VMCR_EL2,
  ICH_LR0_EL2, ICH_LR1_EL2, ICH_LR2_EL2, ICH_LR3_EL2, ICH_LR4_EL2, ICH_LR5_EL2, ICH_LR6_EL2, ICH_LR7_EL2,
  ICH_LR8_EL2, ICH_LR9_EL2, ICH_LR10_EL2, ICH_LR11_EL2, ICH_LR12_EL2, ICH_LR13_EL2, ICH_LR14_EL2, ICH_LR15_EL2,
  kCount
};

class GicCpuInterface {
 public:
  virtual ~GicCpuInterface() = default;
  // The checks beyond the encoding's minimum EL (which the table has made): traps to EL2
  // by ICH_HCR_EL2 (TC, TALL0, TALL1, TDIR), ICC_SRE_ELx.Enable, list registers beyond
  // ICH_VTR_EL2.ListRegs (UNDEFINED). `c` gives the EL and the effective HCR_EL2.
  virtual AccessResult Access(GicRegister r, bool read, const ExecContext& c) = 0;
  // The access itself (MRS / MSR): ICV_* instead of ICC_* where HCR_EL2 says so.
  virtual uint64_t Read(GicRegister r, const ExecContext& c) = 0;
  virtual void Write(GicRegister r, uint64_t value, const ExecContext& c) = 0;
};

}  // namespace mtesim::isa
