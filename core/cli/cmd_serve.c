/* SPDX-License-Identifier: MIT */
/* claimtrack serve: a read-only local web view of the archive. */
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "serve.h"

static const char serve_usage[] =
"usage: claimtrack serve [-A DIR] [--listen ADDRESS:PORT]\n"
"\n"
"Serve the archive read-only to a browser: its documents with their latest\n"
"figure changes (/), a page per document with its timeline charts and\n"
"versions (/doc/ID), a page per diff (/diff/ID/N: version N-1 to N), and\n"
"the archive's figure changes as an Atom feed for feed readers\n"
"(/changes.atom). Every page is the HTML 'timeline' and 'diff' write with\n"
"--format html. It only reads the archive; 'add' and 'fetch' may write to\n"
"it meanwhile. Stop it with Ctrl-C.\n"
"\n"
"Options:\n"
"  -A, --archive DIR      archive (default $CLAIMTRACK_ARCHIVE, else\n"
"                         ~/.local/share/claimtrack/archive)\n"
"  -l, --listen ADDR:PORT where to listen (default 127.0.0.1:8080); PORT 0\n"
"                         picks a free port. IPv6 as [::1]:8080. Anything\n"
"                         but loopback lets others on the network read it.\n"
"  -h, --help             this help\n"
"\n"
"On start it prints the address it serves, e.g. http://127.0.0.1:8080/.\n"
"Exit status: 0 stopped by a signal, 2 trouble (no archive, port in use).\n";

/* "127.0.0.1:8080", "[::1]:8080", ":8080" (loopback), "8080". */
static int parse_listen(char *addr, size_t size, unsigned *port, const char *arg)
{
	const char *colon, *p;
	char *end;
	unsigned long n;
	size_t len;

	if (arg[0] == '[') {
		const char *close = strchr(arg, ']');

		if (!close || close[1] != ':')
			return -1;
		len = (size_t)(close - arg - 1);
		p = close + 2;
		if (len == 0 || len >= size)
			return -1;
		memcpy(addr, arg + 1, len);
		addr[len] = '\0';
	} else if ((colon = strrchr(arg, ':')) != NULL) {
		len = (size_t)(colon - arg);
		if (len >= size || memchr(arg, ':', len))
			return -1;
		memcpy(addr, arg, len);
		addr[len] = '\0';
		if (!len)
			snprintf(addr, size, "127.0.0.1");
		p = colon + 1;
	} else {
		snprintf(addr, size, "127.0.0.1");
		p = arg;
	}
	if (!*p || *p == '-' || *p == '+')
		return -1;
	n = strtoul(p, &end, 10);
	if (*end || n > 65535)
		return -1;
	*port = (unsigned)n;
	return 0;
}

static int loopback(const char *addr)
{
	return !strncmp(addr, "127.", 4) || !strcmp(addr, "::1");
}

int cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "archive", required_argument, NULL, 'A' },
		{ "listen", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *archive_opt = NULL, *listen_arg = "127.0.0.1:8080";
	char addr[64], title[300], base[100];
	unsigned port = 0;
	serve_ctx ctx;
	ct_archive *archive = NULL;
	ct_server *server = NULL;
	ct_host *host = NULL;
	sigset_t set;
	int c, rc, sig = 0, v6;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":A:l:h", opts, NULL)) != -1) {
		switch (c) {
		case 'A': archive_opt = optarg; break;
		case 'l': listen_arg = optarg; break;
		case 'h': fputs(serve_usage, stdout); return EXIT_OK;
		default: return cli_bad_option("serve", c, argv);
		}
	}
	if (argc != optind)
		return cli_usage_error("serve", "takes no arguments");
	if (parse_listen(addr, sizeof(addr), &port, listen_arg) < 0)
		return cli_usage_error("serve", "--listen takes ADDRESS:PORT (127.0.0.1:8080, [::1]:8080), "
			"not '%s'", listen_arg);
	memset(&ctx, 0, sizeof(ctx));
	/* the archive must be there now. Each request opens it again; this one
	 * is held only so that libgit2 stays set up between requests (its
	 * first use in a process costs more than a whole index page) */
	if ((rc = cli_archive_open(&archive, archive_opt)) != EXIT_OK)
		return rc;
	if ((rc = cli_host(&host)) != EXIT_OK)
		goto out;
	if (serve_index_new(&ctx.index) < 0 || serve_feed_new(&ctx.feed) < 0) {
		rc = cli_lib_error();
		goto out;
	}
	ctx.archive_path = cli_archive_path(archive_opt);
	ctx.host = host;
	snprintf(title, sizeof(title), "claimtrack: %s", ctx.archive_path);
	ctx.title = title;
	/* the server's thread inherits this mask: the signals come to sigwait */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (ct_server_listen(&server, addr, port) < 0) {
		rc = cli_lib_error();
		goto out;
	}
	v6 = strchr(addr, ':') != NULL;
	snprintf(base, sizeof(base), "http://%s%s%s:%u/", v6 ? "[" : "", addr, v6 ? "]" : "",
		ct_server_port(server));
	snprintf(ctx.feed_url, sizeof(ctx.feed_url), "%schanges.atom", base);
	if (ct_server_run(server, serve_handle, &ctx) < 0) {
		rc = cli_lib_error();
		goto out;
	}
	if (!loopback(addr))
		cli_warn("serve: listening on %s, not loopback: anyone who can reach this machine "
			"can read the archive", addr);
	printf("serving %s at %s\n", ctx.archive_path, base);
	fflush(stdout);
	sigwait(&set, &sig);
	rc = EXIT_OK;
out:
	ct_server_stop(server);
	serve_index_free(ctx.index);
	serve_feed_free(ctx.feed);
	ct_host_free(host);
	ct_archive_free(archive);
	return rc;
}
