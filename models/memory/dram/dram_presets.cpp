// The DRAM presets. Each number is a public figure from the JEDEC standard or a vendor
// datasheet, converted to command-clock cycles: minimum intervals are rounded up (a
// controller may not issue early), the refresh interval, a maximum, down.
#include "models/error.h"
#include "models/memory/dram/dram_config.h"

namespace mtesim::dram {

namespace {

// DDR4-3200AA (22-22-22), JESD79-4 speed bin table; an 8 Gb x8 device as in Micron's
// MT40A1G8 datasheet; eight of them make one 64-bit rank.
DramConfig Ddr4_3200() {
  DramConfig c;
  c.preset = "ddr4_3200";
  c.channels = 1;
  c.ranks = 1;
  c.banks = 16;            // 4 bank groups x 4 banks
  c.row_bytes = 8 * 1024;  // 1 KiB page per x8 device (1K columns x 8 bits) x 8 devices
  c.line_bytes = 64;
  c.rows = 65536;          // 8 Gb x8: row address A0-A15
  c.row_buffer_policy = "open";
  c.address_mapping = "RoBaRaCoCh";
  c.t.tck_ps = 625;  // 1600 MHz clock, 3200 MT/s
  c.t.tRCD = 22;     // 13.75 ns
  c.t.tCL = 22;      // CL22 (tAA 13.75 ns)
  c.t.tCWL = 16;     // CWL16, the 1 tCK write-preamble setting at 3200
  c.t.tRP = 22;      // 13.75 ns
  c.t.tRAS = 52;     // 32 ns / 0.625 ns = 51.2, rounded up
  c.t.tBURST = 4;    // BL8 on a double-data-rate bus
  c.t.tREFI = 12480; // 7.8 us (normal temperature range)
  c.t.tRFC = 560;    // tRFC1 350 ns for 8 Gb
  return c;
}

// LPDDR5-6400, JESD209-5 figures: the command clock CK runs at 800 MHz and the data clock
// WCK at 3200 MHz (WCK:CK 4:1), data on both WCK edges. One 16-bit channel of a 16 Gb
// die (16-bank mode, 2 KiB page).
DramConfig Lpddr5_6400() {
  DramConfig c;
  c.preset = "lpddr5_6400";
  c.channels = 1;
  c.ranks = 1;
  c.banks = 16;            // 16B (bank) mode
  c.row_bytes = 2 * 1024;  // 2 KiB page of a x16 channel
  c.line_bytes = 64;
  c.rows = 65536;          // 16 Gb / (16 banks x 2 KiB): row address R0-R15
  c.row_buffer_policy = "open";
  c.address_mapping = "RoBaRaCoCh";
  c.t.tck_ps = 1250;  // CK 800 MHz
  c.t.tRCD = 15;      // 18 ns / 1.25 ns = 14.4, rounded up
  c.t.tCL = 17;       // RL 17 nCK (read latency set 0, DBI off, at 6400 MT/s)
  c.t.tCWL = 9;       // WL 9 nCK (write latency set A at 6400 MT/s)
  c.t.tRP = 15;       // tRPpb 18 ns, rounded up
  c.t.tRAS = 34;      // 42 ns / 1.25 ns = 33.6, rounded up
  c.t.tBURST = 2;     // BL16 at 6400 MT/s = 2.5 ns = 2 tCK
  c.t.tREFI = 3120;   // all-bank tREFI 3.9 us
  c.t.tRFC = 224;     // tRFCab 280 ns for 12/16 Gb
  return c;
}

}  // namespace

// (An initializer_list at namespace scope keeps its array for the program's life.)
const std::initializer_list<const char*> kDramPresetNames = {"ddr4_3200", "lpddr5_6400"};

DramConfig DramPreset(const std::string& name) {
  if (name == "ddr4_3200") return Ddr4_3200();
  if (name == "lpddr5_6400") return Lpddr5_6400();
  throw Error("DRAM preset '" + name + "': unknown (expected ddr4_3200 or lpddr5_6400)");
}

}  // namespace mtesim::dram
