/* MMU: the 16K translation granule with a 48-bit and a 36-bit input range (different
 * start levels), page and level-2 block mappings, AT S1E1R and translation faults; see
 * mmugranule.h. */
#include "mmugranule.h"

int main(void)
{
	run_config(PT_16K, 48);
	run_config(PT_16K, 36);
	return check_done();
}
