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

#endif
