/* SPDX-License-Identifier: MIT */
/*
 * region= (ct_parse_options.region): the nodes an XPath selects, cut out
 * of the page as markup that fragment.c then reads whole. For pages whose
 * main-content guess is wrong; libxml2's tree and XPath, which extraction
 * never needs, are built only here.
 */
#include <stdio.h>
#include <string.h>

#include <libxml/HTMLtree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "html.h"

typedef struct xerr {
	char msg[200];
} xerr;

static void quiet(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

static void keep_error(void *payload, xmlErrorPtr e)
{
	xerr *x = payload;
	size_t n;

	static const char *const why[] = {
		"", "a bad number", "an unfinished literal", "a literal expected", "a bad variable",
		"an undefined variable", "a bad predicate", "a bad expression", "an unclosed bracket",
		"an unknown function", "a bad operand", "a value of the wrong type",
		"a wrong number of arguments"
	};
	int code = e ? e->code - XML_XPATH_EXPRESSION_OK : 0;

	if (x->msg[0] || !e)
		return;
	/* libxml2 2.9 gives a code and a position, no message */
	if (e->message)
		snprintf(x->msg, sizeof(x->msg), "%s", e->message);
	else if (code > 0 && code < (int)(sizeof(why) / sizeof(why[0])))
		snprintf(x->msg, sizeof(x->msg), "%s at character %d", why[code], e->int1 + 1);
	else
		snprintf(x->msg, sizeof(x->msg), "error %d at character %d", code, e->int1 + 1);
	n = strlen(x->msg);
	while (n > 0 && (x->msg[n - 1] == '\n' || x->msg[n - 1] == ' '))
		x->msg[--n] = '\0';
}

/* xpath evaluated on doc; NULL after fail() with why. */
static xmlXPathObjectPtr evaluate(const ct_host_services *host, ct_sink *sink, xmlDocPtr doc,
	const char *xpath)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathCompExprPtr comp = NULL;
	xmlXPathObjectPtr res = NULL;
	xerr x;

	x.msg[0] = '\0';
	if (!ctx) {
		host->fail(sink, CT_PLUGIN_ENOMEM, "out of memory");
		return NULL;
	}
	ctx->error = keep_error;
	ctx->userData = &x;
	if ((comp = xmlXPathCtxtCompile(ctx, (const xmlChar *)xpath)) != NULL) {
		xmlGenericErrorFunc old = xmlGenericError;
		void *old_ctx = xmlGenericErrorContext;

		/* an unknown function is also told the generic handler */
		xmlSetGenericErrorFunc(NULL, quiet);
		res = xmlXPathCompiledEval(comp, ctx);
		xmlSetGenericErrorFunc(old_ctx, old);
	}
	if (!res || x.msg[0]) {
		host->fail(sink, CT_PLUGIN_EINVAL, "region %s is not an XPath libxml2 can evaluate (%s)",
			xpath, x.msg[0] ? x.msg : "invalid expression");
		xmlXPathFreeObject(res);
		res = NULL;
	} else if (res->type != XPATH_NODESET) {
		host->fail(sink, CT_PLUGIN_EINVAL, "region %s gives a value, not nodes of the page", xpath);
		xmlXPathFreeObject(res);
		res = NULL;
	}
	xmlXPathFreeCompExpr(comp);
	xmlXPathFreeContext(ctx);
	return res;
}

/* Is an ancestor of node in set? Then node is read with it, once. */
static int inside(xmlNodeSetPtr set, xmlNodePtr node)
{
	xmlNodePtr p;

	for (p = node->parent; p; p = p->parent)
		if (xmlXPathNodeSetContains(set, p))
			return 1;
	return 0;
}

/* The selected nodes as markup, each in a block of its own. */
static int cut(xmlBufferPtr out, xmlDocPtr doc, xmlNodeSetPtr set)
{
	int i, err = 0;

	for (i = 0; i < set->nodeNr && !err; i++) {
		xmlNodePtr n = set->nodeTab[i];

		if (inside(set, n))
			continue;
		if (n->type == XML_DOCUMENT_NODE || n->type == XML_HTML_DOCUMENT_NODE)
			n = xmlDocGetRootElement(doc);
		if (!n)
			continue;
		err = xmlBufferCCat(out, "<div>");
		if (n->type == XML_ELEMENT_NODE) {
			if (htmlNodeDump(out, doc, n) < 0)
				err = -1;
		} else if (n->type == XML_TEXT_NODE || n->type == XML_ATTRIBUTE_NODE ||
			   n->type == XML_CDATA_SECTION_NODE) {
			xmlChar *t = xmlNodeGetContent(n);
			xmlChar *esc = t ? xmlEncodeSpecialChars(doc, t) : NULL;

			if (esc)
				err = err ? err : xmlBufferCat(out, esc);
			xmlFree(esc);
			xmlFree(t);
		}
		if (!err)
			err = xmlBufferCCat(out, "</div>\n");
	}
	return err;
}

int html_region(const ct_host_services *host, ct_sink *sink, const char *data, size_t len,
	const char *xpath, int check_only, char **out, size_t *out_len)
{
	const int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
		HTML_PARSE_NONET | HTML_PARSE_NODEFDTD | HTML_PARSE_IGNORE_ENC | XML_PARSE_HUGE;
	xmlGenericErrorFunc old = xmlGenericError;
	void *old_ctx = xmlGenericErrorContext;
	xmlXPathObjectPtr res = NULL;
	xmlBufferPtr buf = NULL;
	xmlDocPtr doc;
	int err = 0;

	*out = NULL;
	*out_len = 0;
	if (check_only) {
		data = "<html><body></body></html>";
		len = strlen(data);
	}
	xmlInitParser();
	/* encoding errors go to the thread's generic handler: quiet here */
	xmlSetGenericErrorFunc(NULL, quiet);
	doc = htmlReadMemory(data, (int)len, NULL, "UTF-8", opts);
	xmlSetGenericErrorFunc(old_ctx, old);
	if (!doc)
		return host->fail(sink, CT_PLUGIN_EINVAL, "the page cannot be read for region %s", xpath);
	if (!(res = evaluate(host, sink, doc, xpath))) {
		err = CT_PLUGIN_EINVAL;
		goto out;
	}
	if (check_only)
		goto out;
	if (!res->nodesetval || res->nodesetval->nodeNr == 0) {
		err = host->fail(sink, CT_PLUGIN_EINVAL, "region %s selects nothing in this page", xpath);
		goto out;
	}
	if (!(buf = xmlBufferCreate()) || cut(buf, doc, res->nodesetval) != 0) {
		err = host->fail(sink, CT_PLUGIN_ENOMEM, "out of memory cutting out region %s", xpath);
		goto out;
	}
	if (!(*out = host->alloc((size_t)xmlBufferLength(buf) + 1))) {
		err = host->fail(sink, CT_PLUGIN_ENOMEM, "out of memory");
		goto out;
	}
	*out_len = (size_t)xmlBufferLength(buf);
	memcpy(*out, xmlBufferContent(buf), *out_len);
	(*out)[*out_len] = '\0';
out:
	if (buf)
		xmlBufferFree(buf);
	xmlXPathFreeObject(res);
	xmlFreeDoc(doc);
	return err;
}
