#include "models/hypervisor/vm_stats.h"

namespace mtesim::hyp {

// In the order of VmStats::Counter.
VmStats::VmStats(stats::Group* group)
    : c_(group, {{"pages_sanitised", "host pages whose tags were cleared at their first map"},
                 {"faults_mapped", "stage-2 faults that mapped a page"},
                 {"faults_mmio", "stage-2 faults outside RAM (MMIO)"},
                 {"faults_notagaccess", "tag accesses to memory without tag storage (NoTagAccess)"},
                 {"faults_dirty_logged", "write faults on write-protected, dirty-logged pages"},
                 {"faults_spurious", "faults on pages already mapped as needed"},
                 {"faults_error", "faults that ended in an error"},
                 {"faults_missing", "faults that waited for a post-copy page"},
                 {"faults_access_flag", "access-flag faults on pages the swap policy aged"},
                 {"tag_bytes_copied_to_guest", "tag bytes written by KVM_ARM_MTE_COPY_TAGS"},
                 {"tag_bytes_copied_from_guest", "tag bytes read by KVM_ARM_MTE_COPY_TAGS"},
                 {"dirty_pages_logged", "pages newly marked in the dirty log"},
                 {"pages_swapped_out", "pages swapped out"},
                 {"pages_swapped_in", "pages swapped back in"},
                 {"swap_tag_bytes_saved", "packed tag bytes saved with swapped-out pages"},
                 {"swap_tag_bytes_restored", "packed tag bytes restored with swapped-in pages"},
                 {"pages_placed", "post-copy pages placed (UFFDIO_COPY)"}}) {}

}  // namespace mtesim::hyp
