#include "models/platform/device_tree.h"

#include <libfdt.h>

#include <cstdio>
#include <utility>

#include "models/devices/gic/interrupt_controller.h"
#include "models/error.h"

namespace mtesim::models {

namespace {

// Thin checked wrapper: every libfdt call either succeeds or the tree is too small,
// which BuildDeviceTree answers by growing the buffer and starting over.
struct FdtWriter {
  std::vector<uint8_t>& buf;
  int err = 0;
  void* fdt() { return buf.data(); }
  void Check(int rc) { if (rc < 0 && err == 0) err = rc; }
  void Begin(const char* name) { Check(fdt_begin_node(fdt(), name)); }
  void End() { Check(fdt_end_node(fdt())); }
  void Str(const char* name, const char* value) { Check(fdt_property_string(fdt(), name, value)); }
  void U32(const char* name, uint32_t value) { Check(fdt_property_u32(fdt(), name, value)); }
  void Empty(const char* name) { Check(fdt_property(fdt(), name, nullptr, 0)); }
  // A string list ("a\0b\0"), given as one buffer with its length.
  void StrList(const char* name, const char* list, int len) { Check(fdt_property(fdt(), name, list, len)); }
  // <hi lo> pairs for #address-cells = #size-cells = 2.
  void Reg64(uint64_t base, uint64_t size) {
    const fdt32_t cells[4] = {cpu_to_fdt32(static_cast<uint32_t>(base >> 32)), cpu_to_fdt32(static_cast<uint32_t>(base)),
                              cpu_to_fdt32(static_cast<uint32_t>(size >> 32)), cpu_to_fdt32(static_cast<uint32_t>(size))};
    Check(fdt_property(fdt(), "reg", cells, sizeof cells));
  }
};

constexpr uint32_t kClockPhandle = 0x8000;
constexpr uint32_t kGicPhandle = 0x8001;

// The GIC binding's interrupt specifier: <type number flags>. Type 0 is an SPI, 1 a PPI
// (numbered from the first PPI, INTID 16, which follows the SGIs);
// flags 4 is level-sensitive active-high, and GICv2 PPIs add the mask of the CPUs they
// reach in bits [15:8].
constexpr uint32_t kIrqTypeSpi = 0, kIrqTypePpi = 1, kIrqLevelHigh = 4;

void Cells(FdtWriter& w, const char* name, const std::vector<uint32_t>& values) {
  std::vector<fdt32_t> cells;
  for (uint32_t v : values) cells.push_back(cpu_to_fdt32(v));
  w.Check(fdt_property(w.fdt(), name, cells.data(), static_cast<int>(cells.size() * sizeof(fdt32_t))));
}

// <hi lo hi lo> per (base, size) for #address-cells = #size-cells = 2.
void Regs(FdtWriter& w, const std::vector<std::pair<uint64_t, uint64_t>>& ranges) {
  std::vector<uint32_t> cells;
  for (const auto& [base, size] : ranges)
    for (uint64_t v : {base, size}) {
      cells.push_back(static_cast<uint32_t>(v >> 32));
      cells.push_back(static_cast<uint32_t>(v));
    }
  Cells(w, "reg", cells);
}

// QEMU virt's interrupt controller node (fdt_add_gic_node).
void WriteGic(FdtWriter& w, const DeviceTreeSpec::Gic& gic) {
  char name[64];
  std::snprintf(name, sizeof name, "intc@%llx", static_cast<unsigned long long>(gic.distributor_base));
  w.Begin(name);
  w.U32("#interrupt-cells", 3);
  w.Empty("interrupt-controller");
  w.U32("#address-cells", 2);
  w.U32("#size-cells", 2);
  w.Empty("ranges");
  // The maintenance interrupt, INTID 25, is PPI 9.
  const std::vector<uint32_t> maintenance = {kIrqTypePpi, kMaintenanceInterrupt - kSgiCount, kIrqLevelHigh};
  if (gic.version == 3) {
    w.Str("compatible", "arm,gic-v3");
    w.U32("#redistributor-regions", 1);
    Regs(w, {{gic.distributor_base, gic.distributor_size}, {gic.redistributor_base, gic.redistributor_size}});
    if (gic.virtualization) Cells(w, "interrupts", maintenance);
  } else {
    w.Str("compatible", "arm,cortex-a15-gic");  // the binding's name for GICv2
    if (gic.virtualization) {
      Regs(w, {{gic.distributor_base, gic.distributor_size},
               {gic.cpu_interface_base, gic.cpu_interface_size},
               {gic.hyp_interface_base, gic.hyp_interface_size},
               {gic.virtual_cpu_base, gic.virtual_cpu_size}});
      Cells(w, "interrupts", maintenance);
    } else {
      Regs(w, {{gic.distributor_base, gic.distributor_size}, {gic.cpu_interface_base, gic.cpu_interface_size}});
    }
  }
  w.U32("phandle", kGicPhandle);
  w.End();
}

int Write(std::vector<uint8_t>& buf, const DeviceTreeSpec& spec) {
  FdtWriter w{buf};
  w.Check(fdt_create(w.fdt(), static_cast<int>(buf.size())));
  w.Check(fdt_finish_reservemap(w.fdt()));
  char name[64];

  w.Begin("");
  w.U32("#address-cells", 2);
  w.U32("#size-cells", 2);
  w.Str("compatible", "linux,dummy-virt");
  w.Str("model", "mtesim,virt");
  w.U32("interrupt-parent", kGicPhandle);

  w.Begin("chosen");
  w.Str("bootargs", spec.bootargs.c_str());
  std::snprintf(name, sizeof name, "/pl011@%llx", static_cast<unsigned long long>(spec.uart_base));
  w.Str("stdout-path", name);
  w.End();

  std::snprintf(name, sizeof name, "memory@%llx", static_cast<unsigned long long>(spec.ram_base));
  w.Begin(name);
  w.Str("device_type", "memory");
  w.Reg64(spec.ram_base, spec.ram_size);
  w.End();

  w.Begin("cpus");
  w.U32("#address-cells", 1);
  w.U32("#size-cells", 0);
  for (unsigned i = 0; i < spec.cpus; ++i) {
    std::snprintf(name, sizeof name, "cpu@%u", i);  // QEMU names CPU nodes by index, in decimal
    w.Begin(name);
    w.Str("device_type", "cpu");
    w.Str("compatible", "arm,armv8");
    w.U32("reg", i < spec.cpu_affinity.size() ? spec.cpu_affinity[i] : i);  // MPIDR affinity
    // As QEMU's virt: a lone boot CPU needs no enable-method, secondaries come up by PSCI.
    if (spec.cpus > 1) w.Str("enable-method", "psci");
    w.End();
  }
  w.End();

  w.Begin("psci");
  static const char kPsciCompatible[] = "arm,psci-1.0\0arm,psci-0.2\0arm,psci";
  w.StrList("compatible", kPsciCompatible, sizeof kPsciCompatible);
  w.Str("method", spec.psci_method.c_str());
  w.U32("cpu_on", 0xC4000003);
  w.U32("cpu_off", 0x84000002);
  w.End();

  w.Begin("apb-pclk");
  w.Str("compatible", "fixed-clock");
  w.U32("#clock-cells", 0);
  w.U32("clock-frequency", 24000000);
  w.Str("clock-output-names", "clk24mhz");
  w.U32("phandle", kClockPhandle);
  w.End();

  std::snprintf(name, sizeof name, "pl011@%llx", static_cast<unsigned long long>(spec.uart_base));
  w.Begin(name);
  static const char kUartCompatible[] = "arm,pl011\0arm,primecell";
  w.StrList("compatible", kUartCompatible, sizeof kUartCompatible);
  w.Reg64(spec.uart_base, spec.uart_size);
  static const char kClockNames[] = "uartclk\0apb_pclk";
  w.StrList("clock-names", kClockNames, sizeof kClockNames);
  const fdt32_t clocks[2] = {cpu_to_fdt32(kClockPhandle), cpu_to_fdt32(kClockPhandle)};
  w.Check(fdt_property(w.fdt(), "clocks", clocks, sizeof clocks));
  Cells(w, "interrupts", {kIrqTypeSpi, spec.uart_spi, kIrqLevelHigh});
  w.End();

  WriteGic(w, spec.gic);

  w.Begin("timer");
  static const char kTimerCompatible[] = "arm,armv8-timer\0arm,armv7-timer";
  w.StrList("compatible", kTimerCompatible, sizeof kTimerCompatible);
  // The binding's order: secure physical (PPI 13, INTID 29), non-secure physical (14, 30),
  // virtual (11, 27), hypervisor physical (10, 26). QEMU adds the EL2 virtual timer (PPI
  // 12) only for CPUs with FEAT_VHE, which mtesim's PEs do not implement.
  uint32_t flags = kIrqLevelHigh;
  if (spec.gic.version == 2) flags |= ((1u << spec.cpus) - 1) << 8;
  std::vector<uint32_t> timer_interrupts;
  for (unsigned intid : {kSecurePhysicalTimerPpi, kPhysicalTimerPpi, kVirtualTimerPpi, kHypPhysicalTimerPpi})
    timer_interrupts.insert(timer_interrupts.end(), {kIrqTypePpi, intid - kSgiCount, flags});
  Cells(w, "interrupts", timer_interrupts);
  w.Empty("always-on");
  w.End();

  w.End();  // root
  w.Check(fdt_finish(w.fdt()));
  return w.err;
}

}  // namespace

std::vector<uint8_t> BuildDeviceTree(const DeviceTreeSpec& spec) {
  std::vector<uint8_t> buf(4096);
  for (;;) {
    const int rc = Write(buf, spec);
    if (rc == 0) break;
    if (rc != -FDT_ERR_NOSPACE || buf.size() > (1u << 20)) throw Error(std::string("device tree: ") + fdt_strerror(rc));
    buf.assign(buf.size() * 2, 0);
  }
  buf.resize(fdt_totalsize(buf.data()));
  return buf;
}

}  // namespace mtesim::models
