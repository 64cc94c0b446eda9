#include "models/hypervisor/vcpu_run_stats.h"

namespace mtesim::hyp {

// In the order of VcpuRunStats::Counter.
VcpuRunStats::VcpuRunStats(stats::Group* group)
    : c_(group, {{"exits", "exceptions taken to EL2 while a vCPU ran"},
                 {"stage2_faults", "stage-2 aborts handled"},
                 {"mmio_exits", "MMIO accesses handed to the VMM"},
                 {"mmio_in_kernel", "accesses to the vGIC's frames emulated in the kernel"},
                 {"hypercalls", "HVCs taken (the guest's PSCI calls)"},
                 {"undef_injected", "UNDEFINED exceptions injected"},
                 {"sysreg_emulated", "trapped system-register accesses emulated"},
                 {"gic_sysreg_emulated", "trapped ICC_* accesses replayed on the vGIC"},
                 {"interrupts", "physical interrupts (IRQ, FIQ, SError) taken to EL2"},
                 {"timer_interrupts", "host timer PPIs forwarded to a vCPU"},
                 {"ext_abort_injected", "synchronous external aborts injected"},
                 {"vcpu_switches", "a PE switched from one vCPU to another"},
                 {"slices_ended", "time slices ended by the scheduler's tick"},
                 {"wfi_yields", "trapped WFIs that gave the PE to another vCPU"},
                 {"kicks", "vCPUs kicked off their PE"}}) {}

}  // namespace mtesim::hyp
