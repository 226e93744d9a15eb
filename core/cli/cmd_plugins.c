/* SPDX-License-Identifier: MIT */
/* claimtrack plugins: what loaded, from where, and what was refused. */
#include <string.h>

#include "cli.h"

static const char plugins_usage[] =
"usage: claimtrack plugins\n"
"   or: claimtrack plugins --manifest FILE.so\n"
"\n"
"List the parser plugins that loaded: name, version, media types,\n"
"extensions and file. Plugins are searched in $CLAIMTRACK_PLUGIN_PATH\n"
"(colon-separated), beside the executable (build/plugins in a build tree;\n"
"installed, the plugin directory relative to the program), then in the\n"
"plugin directory it was built for.\n"
"A refused plugin is reported on stderr with the reason; the first plugin\n"
"of a name wins. Listing loads every plugin, and so checks every one;\n"
"the exit status is 2 when none loads.\n"
"\n"
"A plugin NAME.so may have a manifest NAME.manifest beside it: its name,\n"
"media types and extensions, so that other commands load it only when\n"
"they choose it. --manifest loads FILE.so, checks it as a plugin and\n"
"prints its manifest; a plugin without one is loaded at every start.\n";

static int write_manifest(const char *file)
{
	ct_host_options o = CT_HOST_OPTIONS_INIT;
	ct_buf out = CT_BUF_INIT;
	ct_host *host = NULL;
	int rc = EXIT_OK;

	o.plugin_path = "";
	o.no_default_dirs = 1;
	if (ct_host_new(&host, &o) < 0)
		return cli_lib_error();
	if (ct_host_load(host, file) < 0 || ct_host_count(host) != 1 ||
	    ct_plugin_manifest(&out, ct_host_plugin(host, 0), file) < 0)
		rc = cli_lib_error();
	else
		rc = cli_write(&out);
	ct_buf_dispose(&out);
	ct_host_free(host);
	return rc;
}

int cmd_plugins(int argc, char **argv)
{
	ct_host *host;
	size_t i, n;
	int rc;

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(plugins_usage, stdout);
		return EXIT_OK;
	}
	if (argc > 1 && !strcmp(argv[1], "--manifest")) {
		if (argc != 3)
			return cli_usage_error("plugins", "--manifest takes one FILE.so");
		return write_manifest(argv[2]);
	}
	if (argc > 1)
		return cli_usage_error("plugins", "takes no arguments");
	if ((rc = cli_host(&host)) != EXIT_OK)
		return rc;
	n = ct_host_count(host);
	for (i = 0; i < n; i++) {
		const ct_plugin *p = ct_host_plugin(host, i);
		const char *const *s;

		printf("%-6s %-7s ", p->name, p->version ? p->version : "?");
		for (s = p->media_types; s && *s; s++)
			printf("%s%s", s == p->media_types ? "" : ",", *s);
		printf("  (");
		for (s = p->extensions; s && *s; s++)
			printf("%s.%s", s == p->extensions ? "" : " ", *s);
		printf(")\n       %s\n       %s\n", p->description ? p->description : "",
			ct_host_plugin_file(host, i));
	}
	ct_host_free(host);
	if (n == 0)
		return cli_error("no plugins loaded; set CLAIMTRACK_PLUGIN_PATH to the plugin directory");
	return fflush(stdout) == 0 ? EXIT_OK : EXIT_TROUBLE;
}
