/* MMU: the 64K translation granule with a 48-bit and a 42-bit input range (different
 * start levels), page and level-2 block mappings, AT S1E1R and translation faults; see
 * mmugranule.h. */
#include "mmugranule.h"

int main(void)
{
	run_config(PT_64K, 48);
	run_config(PT_64K, 42);
	return check_done();
}
