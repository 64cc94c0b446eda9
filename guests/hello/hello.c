/* The smallest guest: proves boot, console and power-off work. */
#include "rt.h"

int main(void)
{
	printf("Hello from an AArch64 guest at EL%lu\n", read_sysreg(CurrentEL) >> 2);
	return 0;
}
