#include "models/platform/device_tree.h"

#include <libfdt.h>

#include <cstdio>

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
    std::snprintf(name, sizeof name, "cpu@%x", i);
    w.Begin(name);
    w.Str("device_type", "cpu");
    w.Str("compatible", "arm,armv8");
    w.U32("reg", i);  // MPIDR affinity (Aff0 = index)
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
  w.End();

  w.Begin("timer");
  static const char kTimerCompatible[] = "arm,armv8-timer\0arm,armv7-timer";
  w.StrList("compatible", kTimerCompatible, sizeof kTimerCompatible);
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
