/* SPDX-License-Identifier: MIT */
/*
 * claimtrack: track how the figures reported in news coverage change.
 * Umbrella header for the library.
 */
#ifndef CLAIMTRACK_H
#define CLAIMTRACK_H

#include "common.h"
#include "buf.h"
#include "plugin.h"
#include "doc.h"
#include "text.h"
#include "claims.h"
#include "diff.h"
#include "archive.h"
#include "report.h"
#include "timeline.h"
#include "fetch.h"
#include "watch.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The version of the library the program runs with ("0.1.0"), as
 * curl_version(): CT_VERSION is the one it was compiled against. The
 * string is static; never NULL.
 */
const char *ct_version(void);

#ifdef __cplusplus
}
#endif
#endif
