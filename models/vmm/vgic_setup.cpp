#include "models/vmm/vgic_setup.h"

#include "models/board/memory_map.h"
#include "models/hypervisor/vgic/vgic.h"
#include "models/hypervisor/vgic/vgic_api.h"

namespace mtesim::vmm {

int CreateVgic(hyp::Vm& vm, unsigned version) {
  using namespace hyp;
  KvmCreateDevice device;
  device.type = version == 2 ? KVM_DEV_TYPE_ARM_VGIC_V2 : KVM_DEV_TYPE_ARM_VGIC_V3;
  if (const int rc = vm.CreateDevice(device)) return rc;
  Vgic& vgic = *vm.vgic();
  uint64_t distributor = models::kGicDistributorBase;
  uint64_t second = version == 2 ? models::kGicCpuInterfaceBase : models::kGicRedistributorBase;
  KvmDeviceAttr attr;
  attr.group = KVM_DEV_ARM_VGIC_GRP_ADDR;
  attr.attr = version == 2 ? KVM_VGIC_V2_ADDR_TYPE_DIST : KVM_VGIC_V3_ADDR_TYPE_DIST;
  attr.addr = &distributor;
  if (const int rc = vgic.SetAttr(attr)) return rc;
  attr.attr = version == 2 ? KVM_VGIC_V2_ADDR_TYPE_CPU : KVM_VGIC_V3_ADDR_TYPE_REDIST;
  attr.addr = &second;
  if (const int rc = vgic.SetAttr(attr)) return rc;
  KvmDeviceAttr init;
  init.group = KVM_DEV_ARM_VGIC_GRP_CTRL;
  init.attr = KVM_DEV_ARM_VGIC_CTRL_INIT;
  return vgic.SetAttr(init);
}

}  // namespace mtesim::vmm
