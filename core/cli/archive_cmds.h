/* Shared by the archive commands (init, add, log, list, show, import,
 * verify, gc): one usage line for a bad option instead of getopt's own
 * message followed by ours. Use with an optstring starting with ':'. */
#ifndef CLAIMTRACK_ARCHIVE_CMDS_H
#define CLAIMTRACK_ARCHIVE_CMDS_H

#include <getopt.h>
#include "cli.h"

static inline int cli_bad_option(const char *cmd, int c, char **argv)
{
	const char *arg = argv[optind - 1];

	if (c == ':')
		return cli_usage_error(cmd, "option '%s' needs a value", arg);
	if (optopt && !(arg[0] == '-' && arg[1] == '-'))
		return cli_usage_error(cmd, "unknown option '-%c'", optopt);
	return cli_usage_error(cmd, "unknown option '%s'", arg);
}

#endif
