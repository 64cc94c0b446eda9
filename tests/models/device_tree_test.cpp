#include <gtest/gtest.h>
#include <libfdt.h>

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "models/platform/device_tree.h"

using mtesim::models::BuildDeviceTree;
using mtesim::models::DeviceTreeSpec;

namespace {

DeviceTreeSpec Spec() {
  DeviceTreeSpec s;
  s.ram_base = 0x40000000;
  s.ram_size = 512ull << 20;
  s.cpus = 3;
  s.uart_base = 0x09000000;
  s.uart_size = 0x1000;
  s.bootargs = "console=ttyAMA0 loglevel=8";
  return s;
}

std::string Prop(const void* fdt, const char* path, const char* name) {
  const int node = fdt_path_offset(fdt, path);
  if (node < 0) return "<no node>";
  int len = 0;
  const char* p = static_cast<const char*>(fdt_getprop(fdt, node, name, &len));
  return p ? std::string(p, static_cast<size_t>(len > 0 ? len - 1 : 0)) : "<no prop>";
}

uint64_t Reg64(const void* fdt, const char* path, int index) {
  int len = 0;
  const auto* cells = static_cast<const fdt32_t*>(fdt_getprop(fdt, fdt_path_offset(fdt, path), "reg", &len));
  return uint64_t{fdt32_to_cpu(cells[index * 2])} << 32 | fdt32_to_cpu(cells[index * 2 + 1]);
}

}  // namespace

TEST(DeviceTree, IsValidFdt) {
  const auto dtb = BuildDeviceTree(Spec());
  EXPECT_EQ(fdt_check_header(dtb.data()), 0);
  EXPECT_EQ(fdt_totalsize(dtb.data()), dtb.size());
}

TEST(DeviceTree, MemoryNodeDescribesRam) {
  const auto dtb = BuildDeviceTree(Spec());
  EXPECT_EQ(Prop(dtb.data(), "/memory@40000000", "device_type"), "memory");
  EXPECT_EQ(Reg64(dtb.data(), "/memory@40000000", 0), 0x40000000u);
  EXPECT_EQ(Reg64(dtb.data(), "/memory@40000000", 1), 512ull << 20);
}

TEST(DeviceTree, OneCpuNodePerPeWithPsciEnableMethod) {
  const auto dtb = BuildDeviceTree(Spec());
  for (const char* path : {"/cpus/cpu@0", "/cpus/cpu@1", "/cpus/cpu@2"})
    EXPECT_EQ(Prop(dtb.data(), path, "enable-method"), "psci") << path;
  EXPECT_LT(fdt_path_offset(dtb.data(), "/cpus/cpu@3"), 0);
  int len = 0;
  const auto* reg = static_cast<const fdt32_t*>(fdt_getprop(dtb.data(), fdt_path_offset(dtb.data(), "/cpus/cpu@2"), "reg", &len));
  ASSERT_EQ(len, 4);
  EXPECT_EQ(fdt32_to_cpu(*reg), 2u);  // MPIDR Aff0
}

TEST(DeviceTree, SingleCpuHasNoEnableMethodAsInQemu) {
  DeviceTreeSpec s = Spec();
  s.cpus = 1;
  const auto dtb = BuildDeviceTree(s);
  EXPECT_EQ(Prop(dtb.data(), "/cpus/cpu@0", "enable-method"), "<no prop>");
}

TEST(DeviceTree, PsciUsesHvc) {
  const auto dtb = BuildDeviceTree(Spec());
  EXPECT_EQ(Prop(dtb.data(), "/psci", "method"), "hvc");
  EXPECT_EQ(fdt_node_check_compatible(dtb.data(), fdt_path_offset(dtb.data(), "/psci"), "arm,psci-1.0"), 0);
}

// With EL2 (QEMU virt's virtualization=on) the firmware answers on the SMC conduit.
TEST(DeviceTree, PsciUsesSmcWhenThePesHaveEl2) {
  DeviceTreeSpec spec = Spec();
  spec.psci_method = "smc";
  const auto dtb = BuildDeviceTree(spec);
  EXPECT_EQ(Prop(dtb.data(), "/psci", "method"), "smc");
}

TEST(DeviceTree, UartIsPl011AndStdoutPath) {
  const auto dtb = BuildDeviceTree(Spec());
  const int uart = fdt_path_offset(dtb.data(), "/pl011@9000000");
  ASSERT_GE(uart, 0);
  EXPECT_EQ(fdt_node_check_compatible(dtb.data(), uart, "arm,pl011"), 0);
  EXPECT_EQ(fdt_node_check_compatible(dtb.data(), uart, "arm,primecell"), 0);
  EXPECT_EQ(Reg64(dtb.data(), "/pl011@9000000", 0), 0x09000000u);
  EXPECT_EQ(Prop(dtb.data(), "/chosen", "stdout-path"), "/pl011@9000000");
}

TEST(DeviceTree, BootargsFromAppend) {
  const auto dtb = BuildDeviceTree(Spec());
  EXPECT_EQ(Prop(dtb.data(), "/chosen", "bootargs"), "console=ttyAMA0 loglevel=8");
}

TEST(DeviceTree, TimerNode) {
  const auto dtb = BuildDeviceTree(Spec());
  EXPECT_EQ(fdt_node_check_compatible(dtb.data(), fdt_path_offset(dtb.data(), "/timer"), "arm,armv8-timer"), 0);
}

TEST(DeviceTree, GrowsForLongBootargs) {
  DeviceTreeSpec s = Spec();
  s.bootargs = std::string(20000, 'x');
  const auto dtb = BuildDeviceTree(s);
  EXPECT_EQ(Prop(dtb.data(), "/chosen", "bootargs").size(), 20000u);
}

// ---- the interrupt controller, timer and UART interrupts, as QEMU 10's virt writes
// them (fdt_add_gic_node, fdt_add_timer_nodes, create_uart; compared with
// `qemu-system-aarch64 -M virt,gic-version=N,virtualization=on|off,its=off,dumpdtb=...`).

namespace {

// QEMU virt's memory map for the GIC (hw/arm/virt.c base_memmap).
DeviceTreeSpec GicSpec(unsigned version, bool virtualization) {
  DeviceTreeSpec s = Spec();
  s.gic.version = version;
  s.gic.distributor_base = 0x08000000;
  s.gic.distributor_size = 0x10000;
  s.gic.cpu_interface_base = 0x08010000;
  s.gic.cpu_interface_size = 0x10000;
  s.gic.hyp_interface_base = 0x08030000;
  s.gic.hyp_interface_size = 0x10000;
  s.gic.virtual_cpu_base = 0x08040000;
  s.gic.virtual_cpu_size = 0x10000;
  s.gic.redistributor_base = 0x080A0000;
  s.gic.redistributor_size = 0xF60000;
  s.gic.virtualization = virtualization;
  return s;
}

constexpr const char* kIntc = "/intc@8000000";

// A property as its 32-bit cells; empty when absent.
std::vector<uint32_t> CellsOf(const void* fdt, const char* path, const char* name) {
  int len = 0;
  const auto* p = static_cast<const fdt32_t*>(fdt_getprop(fdt, fdt_path_offset(fdt, path), name, &len));
  std::vector<uint32_t> cells;
  for (int k = 0; p && k < len / 4; ++k) cells.push_back(fdt32_to_cpu(p[k]));
  return cells;
}

bool HasProp(const void* fdt, const char* path, const char* name) {
  return fdt_getprop(fdt, fdt_path_offset(fdt, path), name, nullptr) != nullptr;
}

std::vector<uint32_t> RegCells(std::initializer_list<std::pair<uint64_t, uint64_t>> ranges) {
  std::vector<uint32_t> cells;
  for (const auto& [base, size] : ranges)
    for (uint64_t v : {base, size}) {
      cells.push_back(static_cast<uint32_t>(v >> 32));
      cells.push_back(static_cast<uint32_t>(v));
    }
  return cells;
}

}  // namespace

TEST(DeviceTreeGic, V3IsArmGicV3WithDistributorAndRedistributors) {
  for (bool virt : {false, true}) {
    const auto dtb = BuildDeviceTree(GicSpec(3, virt));
    const int intc = fdt_path_offset(dtb.data(), kIntc);
    ASSERT_GE(intc, 0);
    EXPECT_EQ(Prop(dtb.data(), kIntc, "compatible"), "arm,gic-v3");
    EXPECT_EQ(CellsOf(dtb.data(), kIntc, "reg"), RegCells({{0x08000000, 0x10000}, {0x080A0000, 0xF60000}}));
    EXPECT_EQ(CellsOf(dtb.data(), kIntc, "#redistributor-regions"), std::vector<uint32_t>{1});
  }
}

TEST(DeviceTreeGic, V2IsCortexA15GicWithDistributorAndCpuInterface) {
  const auto dtb = BuildDeviceTree(GicSpec(2, false));
  EXPECT_EQ(Prop(dtb.data(), kIntc, "compatible"), "arm,cortex-a15-gic");
  EXPECT_EQ(CellsOf(dtb.data(), kIntc, "reg"), RegCells({{0x08000000, 0x10000}, {0x08010000, 0x10000}}));
}

TEST(DeviceTreeGic, V2WithVirtualizationAddsTheHypervisorAndVirtualCpuInterfaces) {
  const auto dtb = BuildDeviceTree(GicSpec(2, true));
  EXPECT_EQ(Prop(dtb.data(), kIntc, "compatible"), "arm,cortex-a15-gic");
  EXPECT_EQ(CellsOf(dtb.data(), kIntc, "reg"), RegCells({{0x08000000, 0x10000},
                                                          {0x08010000, 0x10000},
                                                          {0x08030000, 0x10000},
                                                          {0x08040000, 0x10000}}));
}

TEST(DeviceTreeGic, IsAnInterruptControllerWithThreeCells) {
  for (unsigned version : {2u, 3u}) {
    const auto dtb = BuildDeviceTree(GicSpec(version, false));
    EXPECT_TRUE(HasProp(dtb.data(), kIntc, "interrupt-controller")) << version;
    EXPECT_EQ(CellsOf(dtb.data(), kIntc, "#interrupt-cells"), std::vector<uint32_t>{3}) << version;
  }
}

TEST(DeviceTreeGic, MaintenanceInterruptOnlyWithVirtualization) {
  for (unsigned version : {2u, 3u}) {
    const auto with = BuildDeviceTree(GicSpec(version, true));
    EXPECT_EQ(CellsOf(with.data(), kIntc, "interrupts"), (std::vector<uint32_t>{1, 9, 4})) << version;
    const auto without = BuildDeviceTree(GicSpec(version, false));
    EXPECT_FALSE(HasProp(without.data(), kIntc, "interrupts")) << version;
  }
}

TEST(DeviceTreeGic, PhandleIsTheRootsInterruptParent) {
  for (unsigned version : {2u, 3u}) {
    const auto dtb = BuildDeviceTree(GicSpec(version, false));
    const uint32_t phandle = fdt_get_phandle(dtb.data(), fdt_path_offset(dtb.data(), kIntc));
    EXPECT_NE(phandle, 0u);
    EXPECT_EQ(CellsOf(dtb.data(), "/", "interrupt-parent"), std::vector<uint32_t>{phandle}) << version;
  }
}

TEST(DeviceTreeGic, TimerInterruptsAreLevelPpisWithGicV3) {
  const auto dtb = BuildDeviceTree(GicSpec(3, true));
  EXPECT_EQ(CellsOf(dtb.data(), "/timer", "interrupts"),
            (std::vector<uint32_t>{1, 13, 4, 1, 14, 4, 1, 11, 4, 1, 10, 4}));
}

TEST(DeviceTreeGic, TimerInterruptsCarryTheCpuMaskWithGicV2) {
  DeviceTreeSpec spec = GicSpec(2, false);
  spec.cpus = 3;  // mask 0b111 in bits [15:8]
  const auto dtb = BuildDeviceTree(spec);
  EXPECT_EQ(CellsOf(dtb.data(), "/timer", "interrupts"),
            (std::vector<uint32_t>{1, 13, 0x704, 1, 14, 0x704, 1, 11, 0x704, 1, 10, 0x704}));
}

TEST(DeviceTreeGic, UartInterruptIsSpi1LevelHigh) {
  const auto dtb = BuildDeviceTree(GicSpec(3, false));
  EXPECT_EQ(CellsOf(dtb.data(), "/pl011@9000000", "interrupts"), (std::vector<uint32_t>{0, 1, 4}));
}
