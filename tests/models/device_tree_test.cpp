#include <gtest/gtest.h>
#include <libfdt.h>

#include <string>

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
