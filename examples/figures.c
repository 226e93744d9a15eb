/* SPDX-License-Identifier: MIT */
/*
 * figures: print the figures a document reports, one a line, through the
 * installed library. Build it with
 *
 *     cc -o figures figures.c $(pkg-config --cflags --libs claimtrack)
 *
 * and run `./figures article.html`. The parser plugins are found as the
 * claimtrack program finds them ($CLAIMTRACK_PLUGIN_PATH, then the
 * directory the library was built for).
 */
#include <stdio.h>
#include <stdlib.h>

#include <claimtrack/claimtrack.h>

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (data = malloc((size_t)n + 1)) != NULL && fread(data, 1, (size_t)n, f) == (size_t)n) {
		*len = (size_t)n;
	} else {
		free(data);
		data = NULL;
	}
	fclose(f);
	return data;
}

int main(int argc, char **argv)
{
	ct_parse_request req = CT_PARSE_REQUEST_INIT;
	ct_claimset set = CT_CLAIMSET_INIT;
	ct_host *host = NULL;
	ct_doc *doc = NULL;
	size_t len = 0, i;
	char *data, *line;
	int rc = 2;

	if (argc != 2) {
		fprintf(stderr, "usage: figures FILE   (libclaimtrack %s)\n", ct_version());
		return 2;
	}
	if (!(data = read_file(argv[1], &len))) {
		perror(argv[1]);
		return 2;
	}
	req.name = argv[1];
	if (ct_host_new(&host, NULL) < 0 || ct_host_parse(&doc, host, data, len, &req) < 0 ||
	    ct_claims_extract(&set, doc) < 0) {
		fprintf(stderr, "figures: %s: %s\n", argv[1], ct_error_last());
		goto out;
	}
	for (i = 0; i < set.count; i++) {
		if (ct_claim_line(&line, &set.items[i]) < 0) {
			fprintf(stderr, "figures: %s\n", ct_error_last());
			goto out;
		}
		printf("%s\n", line);
		free(line);
	}
	rc = 0;
out:
	ct_claimset_clear(&set);
	ct_doc_free(doc);
	ct_host_free(host);
	free(data);
	return rc;
}
