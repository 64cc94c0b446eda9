// The instruction syndrome of a Data Abort (ESR_ELx.ISS[24:14]: ISV, SAS, SSE, SRT, SF,
// AR), which a stage-2 abort taken to EL2 carries so that a hypervisor can emulate the
// access (MMIO) without decoding the instruction itself.
#pragma once
#include <cstdint>

namespace mtesim::isa {

// Bit positions of the Data and Instruction Abort syndrome (ESR_ELx.ISS, and ISS2 from
// bit 32 of ESR_ELx), shared by whoever builds a syndrome and whoever reads one (the
// hypervisor model).
namespace abort_iss {
constexpr unsigned ISV = 24, SAS = 22, SSE = 21, SRT = 16, SF = 15, AR = 14;
constexpr unsigned FnV = 10, CM = 8, S1PTW = 7, WnR = 6;
constexpr unsigned ISS2_TagAccess = 9, ISS2_TnD = 10;  // in ISS2 (ESR_ELx bit 32 + n)
}  // namespace abort_iss

// ISV = 1 with the fields, for a load or store of a single general-purpose register
// without writeback: LDR/STR (unsigned offset, unscaled, unprivileged, register offset,
// literal) in every size and sign extension, LDAR/STLR and LDLAR/STLLR, LDAPR,
// LDAPUR/STLUR (the last three classes with AR = 1). Pairs, exclusives, atomics, writeback
// forms, prefetches, tag and cache instructions give 0 (ISV = 0).
uint32_t DataAbortInstructionSyndrome(uint32_t insn);

}  // namespace mtesim::isa
