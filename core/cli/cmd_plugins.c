/* claimtrack plugins: what loaded, from where, and what was refused. */
#include <getopt.h>
#include <string.h>

#include "cli.h"

static const char plugins_usage[] =
"usage: claimtrack plugins\n"
"\n"
"List the parser plugins that loaded: name, version, media types,\n"
"extensions and file. Plugins are searched in $CLAIMTRACK_PLUGIN_PATH\n"
"(colon-separated), beside the executable (build/plugins, or\n"
"../lib/claimtrack/plugins when installed), then in the install directory.\n"
"A refused plugin is reported on stderr with the reason; the first plugin\n"
"of a name wins.\n";

int cmd_plugins(int argc, char **argv)
{
	ct_host *host;
	size_t i;
	int rc;

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(plugins_usage, stdout);
		return EXIT_OK;
	}
	if (argc > 1)
		return cli_usage_error("plugins", "takes no arguments");
	if ((rc = cli_host(&host)) != EXIT_OK)
		return rc;
	for (i = 0; i < ct_host_count(host); i++) {
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
	if (ct_host_count(host) == 0)
		cli_warn("no plugins loaded; set CLAIMTRACK_PLUGIN_PATH to the plugin directory");
	ct_host_free(host);
	return fflush(stdout) == 0 ? EXIT_OK : EXIT_TROUBLE;
}
