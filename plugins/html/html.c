/* SPDX-License-Identifier: MIT */
/*
 * HTML parser plugin: libxml2's forgiving HTML parser reads the page into
 * our node table (tree.c), extract.c finds the article and meta.c the page
 * metadata. Feed item bodies (CT_PARSE_FRAGMENT) are read by fragment.c.
 */
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>

#include "html.h"

/* The page as UTF-8: the host's decoding, else the bytes as they are. */
static int decode_page(const ct_host_services *host, ct_sink *sink, const char *data,
	size_t len, const ct_parse_options *opts, ct_decoded *dec)
{
	const char *ctype = opts && opts->struct_size >= offsetof(ct_parse_options, content_type) +
		sizeof(opts->content_type) ? opts->content_type : NULL;

	memset(dec, 0, sizeof(*dec));
	dec->struct_size = sizeof(*dec);
	if (CT_HOST_HAS(host, decode))
		return host->decode(sink, data, len, ctype, CT_DECODE_HTML, dec);
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		data += 3;
		len -= 3;
	}
	dec->data = data;
	dec->len = len;
	dec->charset = "UTF-8";
	return 0;
}

static int html_parse(const ct_host_services *host, ct_sink *sink, const char *data,
	size_t len, const ct_parse_options *opts)
{
	html_ctx c;
	char *fixed = NULL;
	const char *bytes;
	ct_decoded dec;
	size_t flen = 0;
	int err;
	unsigned int flags = opts && opts->struct_size >= offsetof(ct_parse_options, flags) +
		sizeof(unsigned int) ? opts->flags : 0;

	const char *region = opts && opts->struct_size >= offsetof(ct_parse_options, region) +
		sizeof(opts->region) ? opts->region : NULL;
	char *cut = NULL;
	size_t cut_len = 0;

	if (region && (flags & CT_PARSE_REGION_CHECK))
		return html_region(host, sink, NULL, 0, region, 1, &cut, &cut_len);
	/* a snippet is text another plugin decoded (the host repairs any
	 * invalid byte): nothing to detect */
	if (flags & CT_PARSE_FRAGMENT)
		return html_fragment(host, sink, data, len);
	if ((err = decode_page(host, sink, data, len, opts, &dec)) < 0)
		return host->fail(sink, err, "out of memory decoding the page");
	memset(&c, 0, sizeof(c));
	c.host = host;
	c.sink = sink;
	c.opts = opts;
	xmlInitParser();
	bytes = dec.data;
	len = dec.len;
	if ((err = html_fix_entities(host, bytes, len, &fixed, &flen)) < 0) {
		host->free(dec.owned);
		return host->fail(sink, err, "out of memory decoding the page");
	}
	if (fixed) {
		host->free(dec.owned);
		dec.owned = NULL;
		bytes = fixed;
		len = flen;
	}
	/* region=: those nodes instead of the guess, the metadata as always */
	if (region && (err = html_region(host, sink, bytes, len, region, 0, &cut, &cut_len)) < 0)
		goto out;
	if ((err = html_meta_init(&c)) < 0) {
		err = host->fail(sink, err, "out of memory");
		goto out;
	}
	if ((err = html_build(&c, bytes, len)) < 0)
		goto out;
	/* the bytes are in the table now */
	host->free(fixed);
	host->free(dec.owned);
	fixed = dec.owned = NULL;
	if (c.count == 0) {
		host->log(sink, CT_LOG_WARN, "no article text found");
		goto out;
	}
	if ((err = html_meta_finish(&c)) < 0)
		goto out;
	err = cut ? html_fragment(host, sink, cut, cut_len) : html_extract(&c);
out:
	host->free(cut);
	html_meta_free(&c);
	html_tables_free(&c);
	host->free(fixed);
	host->free(dec.owned);
	return err < 0 ? err : 0;
}

/* Markup-looking bytes: a doctype or <html> is near certain, tags likely. */
static int html_probe(const char *data, size_t len, const char *name)
{
	static const char *const strong[] = { "<!doctype html", "<html", NULL };
	static const char *const weak[] = {
		"<head", "<body", "<div", "<p>", "<p ", "<meta", "<title", "<a ", "<br", "<table",
		"<span", "<script", NULL
	};
	size_t i = 0, k;
	int score = 0;

	(void)name;
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t'))
		i++;
	/* feeds start with <?xml and <rss/<feed; leave those to their plugin */
	for (k = 0; strong[k]; k++)
		if (len - i >= strlen(strong[k]) && !strncasecmp(data + i, strong[k], strlen(strong[k])))
			return 80;
	for (; i + 6 < len; i++) {
		if (data[i] != '<')
			continue;
		if (!strncasecmp(data + i, "<rss", 4) || !strncasecmp(data + i, "<feed", 5) ||
		    !strncasecmp(data + i, "<rdf:rdf", 8))
			return score > 10 ? 10 : score;
		for (k = 0; weak[k]; k++)
			if (len - i >= strlen(weak[k]) && !strncasecmp(data + i, weak[k], strlen(weak[k]))) {
				if (k < 2)
					return 70;
				score = score ? 50 : 30;
				break;
			}
	}
	return score;
}

static const char *const media_types[] = { "text/html", "application/xhtml+xml", NULL };
static const char *const extensions[] = { "html", "htm", "xhtml", NULL };

static const ct_plugin html_plugin = {
	sizeof(ct_plugin),
	CT_PLUGIN_ABI_VERSION,
	"html",
	"1.0.0",
	"HTML pages: main-content extraction with libxml2's HTML parser",
	media_types,
	extensions,
	html_probe,
	html_parse,
	CT_PLUGIN_READS_REGION
};

CT_PLUGIN_DEFINE(html_plugin)
