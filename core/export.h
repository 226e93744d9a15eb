/* SPDX-License-Identifier: MIT */
/*
 * Forced first into every object of libclaimtrack.so (gcc -include): the
 * declarations of the public headers get default visibility, so with
 * -fvisibility=hidden exactly the public API is exported. Other builds of
 * the core (the program, its modules, the static library) do not use it.
 */
#ifndef CT_EXPORT_H
#define CT_EXPORT_H

#pragma GCC visibility push(default)
#include "claimtrack/claimtrack.h"
#pragma GCC visibility pop

#endif
