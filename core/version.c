/* SPDX-License-Identifier: MIT */
/* The library's version, for programs to report what they run with. */
#include "claimtrack/claimtrack.h"

const char *ct_version(void)
{
	return CT_VERSION;
}
