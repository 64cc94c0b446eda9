// How QEMU's virt machine numbers its PEs in MPIDR_EL1: clusters of as many PEs as the
// GIC's SGI target lists can name (8 for GICv2, 16 for GICv3); Aff1 is the cluster, Aff0
// the PE in it. The platform gives its PEs these affinities and the GICv3 routes by them.
#pragma once
#include <cstdint>

namespace mtesim::models {

constexpr unsigned kGicv2PesPerCluster = 8, kGicv3PesPerCluster = 16;

constexpr uint32_t PeAffinity(unsigned index, unsigned pes_per_cluster) {
  return (index / pes_per_cluster) << 8 | index % pes_per_cluster;
}

}  // namespace mtesim::models
