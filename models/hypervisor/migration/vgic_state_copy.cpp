#include "models/hypervisor/migration/vgic_state_copy.h"

#include "models/devices/gic/gicv3.h"
#include "models/hypervisor/kvm_errors.h"

namespace mtesim::hyp {
namespace {

constexpr unsigned kSpiWords = kVgicNrIrqs / 32 - 1;  // bit-per-interrupt words of the SPIs (1..8)

// One register at a time from the source into the destination; the first error stops
// the rest (every later call is a no-op) and is what Copy returns.
class Copier {
 public:
  Copier(Vgic& source, Vgic& destination) : src_(source), dst_(destination) {}

  uint64_t Get(uint32_t group, uint64_t attr) {
    uint64_t value = 0;
    if (err_ == 0) err_ = src_.GetAttr(Attr(group, attr, &value));
    return value;
  }
  void Set(uint32_t group, uint64_t attr, uint64_t value) {
    if (err_ == 0) err_ = dst_.SetAttr(Attr(group, attr, &value));
    if (err_ == 0) ++registers_;
  }
  void Copy(uint32_t group, uint64_t attr) {
    const uint64_t v = Get(group, attr);
    Set(group, attr, v);
  }
  // A set/clear register pair: the clear register takes the bits that are not set, then
  // the set register those that are, so the destination ends exactly as the source
  // whatever it held (QEMU's kvm_dist_putbmp).
  void CopyPair(uint32_t group, uint64_t set_attr, uint64_t clear_attr) {
    const uint64_t v = Get(group, set_attr);
    Set(group, clear_attr, ~v & 0xFFFFFFFF);
    Set(group, set_attr, v);
  }
  int64_t result() const { return err_ != 0 ? err_ : registers_; }
  int error() const { return err_; }

 private:
  static KvmDeviceAttr Attr(uint32_t group, uint64_t attr, uint64_t* value) {
    KvmDeviceAttr a;
    a.group = group;
    a.attr = attr;
    a.addr = value;
    return a;
  }
  Vgic& src_;
  Vgic& dst_;
  int err_ = 0;
  int64_t registers_ = 0;
};

// ---- GICv3 (kvm_arm_gicv3_put's order) ----

// The attr's vCPU field: the vCPU's affinity as GICR_TYPER[63:32] packs it (Aff3 above
// Aff2.Aff1.Aff0); the vGIC gives vCPU i the affinity the model gives PE i.
uint64_t AffinityOf(unsigned vcpu) {
  const uint64_t mpidr = models::Gicv3::MpidrAffinity(vcpu);
  return (mpidr >> 8 & 0xFF000000u) | (mpidr & 0xFFFFFF);
}

void CopyRedistributor(Copier& c, uint64_t aff) {
  constexpr uint32_t g = KVM_DEV_ARM_VGIC_GRP_REDIST_REGS;
  const uint64_t r = aff << KVM_DEV_ARM_VGIC_V3_MPIDR_SHIFT;
  // LPI tables before GICR_CTLR.EnableLPIs, which KVM checks them against.
  for (const uint64_t off : {0x70, 0x74, 0x78, 0x7C}) c.Copy(g, r | off);  // PROPBASER, PENDBASER halves
  for (const uint64_t off : {0x0000, 0x0010, 0x0014}) c.Copy(g, r | off);  // CTLR, STATUSR, WAKER
  constexpr uint64_t sgi = 0x10000;
  c.Copy(g, r | (sgi + 0x080));                                 // IGROUPR0
  c.CopyPair(g, r | (sgi + 0x100), r | (sgi + 0x180));          // ISENABLER0 / ICENABLER0
  c.Copy(g, r | (sgi + 0xC04));                                 // ICFGR1 (the PPIs' trigger modes)
  c.Copy(KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO, r | 0);               // the PPIs' input levels
  c.CopyPair(g, r | (sgi + 0x200), r | (sgi + 0x280));          // ISPENDR0 (the latch)
  c.CopyPair(g, r | (sgi + 0x300), r | (sgi + 0x380));          // ISACTIVER0 / ICACTIVER0
  for (uint64_t off = 0x400; off < 0x420; off += 4) c.Copy(g, r | (sgi + off));  // IPRIORITYR0-7
}

void CopyDistributorV3(Copier& c) {
  constexpr uint32_t g = KVM_DEV_ARM_VGIC_GRP_DIST_REGS;
  c.Copy(g, 0x0010);  // GICD_STATUSR
  for (unsigned w = 1; w <= kSpiWords; ++w) {
    c.CopyPair(g, 0x100 + 4 * w, 0x180 + 4 * w);  // ISENABLER / ICENABLER
    c.Copy(g, 0x080 + 4 * w);                     // IGROUPR
  }
  for (unsigned intid = 32; intid < kVgicNrIrqs; ++intid) {  // IROUTER, 32 bits at a time as KVM takes them
    c.Copy(g, 0x6000 + 8 * intid);
    c.Copy(g, 0x6000 + 8 * intid + 4);
  }
  for (unsigned w = 2; w < kVgicNrIrqs / 16; ++w) c.Copy(g, 0xC00 + 4 * w);  // ICFGR (the SPIs')
  for (unsigned intid = 32; intid < kVgicNrIrqs; intid += 32) c.Copy(KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO, intid);
  for (unsigned w = 1; w <= kSpiWords; ++w) c.CopyPair(g, 0x200 + 4 * w, 0x280 + 4 * w);  // pending latch
  for (unsigned w = 1; w <= kSpiWords; ++w) c.CopyPair(g, 0x300 + 4 * w, 0x380 + 4 * w);  // active
  for (unsigned off = 0x420; off < 0x400 + kVgicNrIrqs; off += 4) c.Copy(g, off);         // IPRIORITYR
}

// ICC_* as KVM_DEV_ARM_VGIC_SYSREG_INSTR_MASK encodes them.
constexpr uint64_t Icc(unsigned crn, unsigned crm, unsigned op2) { return 3u << 14 | crn << 7 | crm << 3 | op2; }

void CopyCpuInterface(Copier& c, uint64_t aff) {
  constexpr uint32_t g = KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS;
  const uint64_t r = aff << KVM_DEV_ARM_VGIC_V3_MPIDR_SHIFT;
  c.Copy(g, r | Icc(12, 12, 5));  // ICC_SRE_EL1
  const uint64_t ctlr = c.Get(g, r | Icc(12, 12, 4));
  c.Set(g, r | Icc(12, 12, 4), ctlr);  // ICC_CTLR_EL1 (CBPR decides how BPR1 is written)
  c.Copy(g, r | Icc(12, 12, 6));  // ICC_IGRPEN0_EL1
  c.Copy(g, r | Icc(12, 12, 7));  // ICC_IGRPEN1_EL1
  c.Copy(g, r | Icc(4, 6, 0));    // ICC_PMR_EL1
  c.Copy(g, r | Icc(12, 8, 3));   // ICC_BPR0_EL1
  c.Copy(g, r | Icc(12, 12, 3));  // ICC_BPR1_EL1
  // As many active-priority registers per group as the priority bits need
  // (ICC_CTLR_EL1.PRIbits + 1: 5 -> one, 6 -> two, 7 -> four).
  const unsigned pri_bits = static_cast<unsigned>(ctlr >> 8 & 7) + 1;
  const unsigned aprs = pri_bits >= 7 ? 4 : pri_bits == 6 ? 2 : 1;
  for (unsigned n = 0; n < aprs; ++n) {
    c.Copy(g, r | Icc(12, 8, 4 + n));  // ICC_AP0R<n>_EL1
    c.Copy(g, r | Icc(12, 9, n));      // ICC_AP1R<n>_EL1
  }
}

void CopyV3(Copier& c, unsigned vcpus) {
  c.Copy(KVM_DEV_ARM_VGIC_GRP_DIST_REGS, 0x0000);  // GICD_CTLR first, as QEMU (its ARE/DS shape the rest)
  for (unsigned v = 0; v < vcpus; ++v) CopyRedistributor(c, AffinityOf(v));
  CopyDistributorV3(c);
  for (unsigned v = 0; v < vcpus; ++v) CopyCpuInterface(c, AffinityOf(v));
}

// ---- GICv2 (kvm_arm_gic_put's order) ----

void CopyV2(Copier& c, unsigned cpus) {
  constexpr uint32_t g = KVM_DEV_ARM_VGIC_GRP_DIST_REGS;
  const auto cpu = [](unsigned i) { return uint64_t{i} << KVM_DEV_ARM_VGIC_CPUID_SHIFT; };
  // Distributor off while its state is rebuilt; GICD_CTLR last.
  c.Set(g, 0x000, 0);
  // Banked per CPU: the SGIs' and PPIs' group, enable, active and priority words, and
  // the SGIs' pending sources.
  for (unsigned i = 0; i < cpus; ++i) {
    c.Copy(g, cpu(i) | 0x080);
    c.CopyPair(g, cpu(i) | 0x100, cpu(i) | 0x180);
    c.CopyPair(g, cpu(i) | 0x300, cpu(i) | 0x380);
    for (uint64_t off = 0x400; off < 0x420; off += 4) c.Copy(g, cpu(i) | off);
    for (uint64_t off = 0xF10; off < 0xF20; off += 4) c.Set(g, cpu(i) | off, 0xFFFFFFFF);  // CPENDSGIR
    for (uint64_t off = 0xF20; off < 0xF30; off += 4) c.Copy(g, cpu(i) | off);             // SPENDSGIR
  }
  // Distributor-wide: SPI group, enable, trigger modes (the PPIs' too), targets, priority, active.
  for (unsigned w = 1; w <= kSpiWords; ++w) {
    c.Copy(g, 0x080 + 4 * w);
    c.CopyPair(g, 0x100 + 4 * w, 0x180 + 4 * w);
  }
  for (unsigned w = 0; w < kVgicNrIrqs / 16; ++w) c.Copy(g, 0xC00 + 4 * w);
  for (unsigned off = 0x820; off < 0x800 + kVgicNrIrqs; off += 4) c.Copy(g, off);  // ITARGETSR before pending
  for (unsigned off = 0x420; off < 0x400 + kVgicNrIrqs; off += 4) c.Copy(g, off);
  for (unsigned w = 1; w <= kSpiWords; ++w) c.CopyPair(g, 0x300 + 4 * w, 0x380 + 4 * w);
  // Pending latches: a guest-style ICPENDR clears every CPU's latch (a PPI's included),
  // so everything is cleared first and then each CPU's latches are set.
  for (unsigned w = 0; w <= kSpiWords; ++w) c.Set(g, 0x280 + 4 * w, 0xFFFFFFFF);
  for (unsigned i = 0; i < cpus; ++i) c.Copy(g, cpu(i) | 0x200);
  for (unsigned w = 1; w <= kSpiWords; ++w) c.Copy(g, 0x200 + 4 * w);
  c.Copy(g, 0x000);  // GICD_CTLR
  // CPU interfaces: control, mask, binary points, active priorities (both groups).
  constexpr uint32_t cg = KVM_DEV_ARM_VGIC_GRP_CPU_REGS;
  for (unsigned i = 0; i < cpus; ++i) {
    for (const uint64_t off : {0x00, 0x04, 0x08, 0x1C}) c.Copy(cg, cpu(i) | off);
    for (uint64_t off = 0xD0; off < 0xF0; off += 4) c.Copy(cg, cpu(i) | off);
  }
}

}  // namespace

int64_t CopyVgicState(Vgic& source, Vgic& destination) {
  if (!source.initialized()) return 0;  // a GICv2 the guest never reached: nothing to carry
  if (source.version() != destination.version() || source.vcpu_count() != destination.vcpu_count()) return kEINVAL;
  Copier c(source, destination);
  if (source.version() == 3) CopyV3(c, source.vcpu_count());
  else CopyV2(c, source.vcpu_count());
  return c.result();
}

}  // namespace mtesim::hyp
