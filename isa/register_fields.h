// Bit positions of the system register fields mtesim acts on, declared once (names as in
// the Arm ARM's register descriptions). Everything that tests a control bit uses these.
#pragma once

namespace mtesim::isa {

// SCTLR_EL1 and SCTLR_EL2 (nVHE: the EL0 fields and SPAN are RES1/RES0 there).
namespace sctlr {
constexpr unsigned M = 0, A = 1, C = 2, SA = 3, SA0 = 4, nAA = 6, UMA = 9, I = 12, DZE = 14, UCT = 15;
constexpr unsigned nTWI = 16, nTWE = 18, WXN = 19, SPAN = 23, UCI = 26;
constexpr unsigned ITFSB = 37, TCF0 = 38, TCF = 40, ATA0 = 42, ATA = 43, DSSBS = 44, TCSO0 = 58, TCSO = 59;
}  // namespace sctlr

// TCR_EL1 (two VA ranges, ASIDs).
namespace tcr {
constexpr unsigned T0SZ = 0, EPD0 = 7, TG0 = 14, T1SZ = 16, A1 = 22, EPD1 = 23, TG1 = 30, IPS = 32, AS = 36;
constexpr unsigned TBI0 = 37, TBI1 = 38, TBID0 = 51, TBID1 = 52, TCMA0 = 57, TCMA1 = 58, MTX0 = 60, MTX1 = 61;
}  // namespace tcr

// TCR_EL2 without FEAT_VHE (one VA range, no ASID): a different layout from TCR_EL1.
namespace tcr_el2 {
constexpr unsigned T0SZ = 0, TG0 = 14, PS = 16, TBI = 20, TBID = 29, TCMA = 30, MTX = 33;
}  // namespace tcr_el2

// HCR_EL2.
namespace hcr {
constexpr unsigned VM = 0, SWIO = 1, PTW = 2, FMO = 3, IMO = 4, AMO = 5, VF = 6, VI = 7, VSE = 8, FB = 9;
constexpr unsigned BSU = 10, DC = 12, TWI = 13, TWE = 14, TID0 = 15, TID1 = 16, TID2 = 17, TID3 = 18, TSC = 19;
constexpr unsigned TIDCP = 20, TACR = 21, TSW = 22, TPCP = 23, TPU = 24, TTLB = 25, TVM = 26, TGE = 27, TDZ = 28;
constexpr unsigned HCD = 29, TRVM = 30, RW = 31, CD = 32, ID = 33, E2H = 34, TLOR = 35, FWB = 46, ATA = 56;
constexpr unsigned DCT = 57, TID5 = 58;
}  // namespace hcr

// VTCR_EL2 and VTTBR_EL2 (stage 2 of the EL1&0 regime).
namespace vtcr {
constexpr unsigned T0SZ = 0, SL0 = 6, TG0 = 14, PS = 16, VS = 19;
}  // namespace vtcr

}  // namespace mtesim::isa
