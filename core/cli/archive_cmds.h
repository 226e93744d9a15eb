/* SPDX-License-Identifier: MIT */
/* The archive commands' shared helpers now live in cli.h. */
#ifndef CLAIMTRACK_ARCHIVE_CMDS_H
#define CLAIMTRACK_ARCHIVE_CMDS_H

#include <getopt.h>
#include "cli.h"

#endif
