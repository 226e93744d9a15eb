/*
 * HTML parser plugin: libxml2's forgiving HTML parser builds the tree, then
 * extract.c finds the article and meta.c the page metadata.
 */
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/globals.h>

#include "html.h"

/* libxml2 reports through these even with NOERROR; stay quiet. */
static void quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void quiet_structured(void *ctx, xmlErrorPtr err)
{
	(void)ctx;
	(void)err;
}

static xmlDoc *read_html(const char *data, size_t len, const char *encoding, const char *url)
{
	htmlParserCtxtPtr ctxt;
	xmlDoc *doc = NULL;
	xmlGenericErrorFunc old;
	xmlStructuredErrorFunc old_s;
	void *old_ctx, *old_sctx;
	int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
		   HTML_PARSE_NONET | HTML_PARSE_COMPACT | HTML_PARSE_NODEFDTD |
		   XML_PARSE_HUGE;  /* deep markup is parsed; our walks are loops */

	if (len > 0x7fffffff)
		return NULL;
	if (!(ctxt = htmlNewParserCtxt()))
		return NULL;
	if (ctxt->sax) {
		ctxt->sax->error = quiet;
		ctxt->sax->warning = quiet;
		ctxt->sax->serror = quiet_structured;
	}
	ctxt->vctxt.error = quiet;
	ctxt->vctxt.warning = quiet;
	if (encoding)
		opts |= HTML_PARSE_IGNORE_ENC;
	/* encoding errors go to the thread's generic handler: silence it for
	 * this parse only, and put back whatever the caller had */
	old = xmlGenericError;
	old_ctx = xmlGenericErrorContext;
	old_s = xmlStructuredError;
	old_sctx = xmlStructuredErrorContext;
	xmlSetGenericErrorFunc(NULL, quiet);
	xmlSetStructuredErrorFunc(NULL, quiet_structured);
	doc = htmlCtxtReadMemory(ctxt, data, (int)len, url, encoding, opts);
	htmlFreeParserCtxt(ctxt);
	xmlSetGenericErrorFunc(old_ctx, old);
	xmlSetStructuredErrorFunc(old_sctx, old_s);
	return doc;
}

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
	xmlDoc *doc = NULL;
	xmlNode *root;
	int err;
	unsigned int flags = opts && opts->struct_size >= offsetof(ct_parse_options, flags) +
		sizeof(unsigned int) ? opts->flags : 0;

	memset(&c, 0, sizeof(c));
	c.host = host;
	c.sink = sink;
	c.opts = opts;
	xmlInitParser();
	if ((err = decode_page(host, sink, data, len, opts, &dec)) < 0)
		return host->fail(sink, err, "out of memory decoding the page");
	bytes = dec.data;
	len = dec.len;
	{
		size_t flen = 0;

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
	}
	if (len == 0 || !(doc = read_html(bytes, len, "UTF-8", NULL)) ||
	    !(root = xmlDocGetRootElement(doc))) {
		if (!(flags & CT_PARSE_FRAGMENT))
			host->log(sink, CT_LOG_WARN, "no article text found");
		err = 0;
		goto out;
	}
	if ((err = html_flatten(&c, root)) < 0)
		goto out;
	if (flags & CT_PARSE_FRAGMENT) {
		err = html_emit_all(&c);
		goto out;
	}
	if ((err = html_meta_head(&c)) < 0)
		goto out;
	err = html_extract(&c);
out:
	host->free(c.title);
	host->free(c.n);
	host->free(fixed);
	host->free(dec.owned);
	if (doc)
		xmlFreeDoc(doc);
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
	html_parse
};

CT_PLUGIN_DEFINE(html_plugin)
