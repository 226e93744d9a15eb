/* SPDX-License-Identifier: MIT */
/*
 * region=: the part of a page to read, as the XPath the plugin evaluates.
 * A simple CSS selector is translated here; the plugin (libxml2's XPath)
 * says whether an XPath is good.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claimtrack/buf.h"
#include "claimtrack/doc.h"

#define SEL_MAX 900   /* under the 1000 bytes a trailer keeps */

static int ident_char(unsigned char ch)
{
	return isalnum(ch) || ch == '-' || ch == '_' || ch >= 0x80;
}

static int bad_css(const char *sel, const char *why)
{
	return ct_error_set(CT_EINVAL, "%s: %s; a CSS selector here is made of tags, #id and "
		".class (div.content, main .story p); write anything else as an XPath "
		"(//div[@data-x='1'])", sel, why);
}

/* One compound ("div#main.wide") from *p on, appended as a step. */
static int compound(ct_buf *b, const char *sel, const char **p)
{
	const char *s = *p;
	size_t n;
	int err;

	for (n = 0; ident_char((unsigned char)s[n]); n++)
		;
	err = ct_buf_puts(b, "//");
	if (!err && n) {
		size_t i;

		for (i = 0; i < n && !err; i++)
			err = ct_buf_putc(b, (char)tolower((unsigned char)s[i]));
	} else if (!err) {
		err = ct_buf_putc(b, '*');
	}
	s += n;
	while (!err && (*s == '#' || *s == '.')) {
		char kind = *s++;

		for (n = 0; ident_char((unsigned char)s[n]); n++)
			;
		if (!n)
			return bad_css(sel, kind == '#' ? "'#' without an id" : "'.' without a class");
		if (kind == '#')
			err = ct_buf_printf(b, "[@id='%.*s']", (int)n, s);
		else
			err = ct_buf_printf(b, "[contains(concat(' ',normalize-space(@class),' '),' %.*s ')]",
				(int)n, s);
		s += n;
	}
	if (!err && *s && *s != ' ' && *s != '\t') {
		char why[64];

		snprintf(why, sizeof(why), "'%c' is not understood", *s);
		return bad_css(sel, why);
	}
	*p = s;
	return err;
}

int ct_region_xpath(char **out, const char *sel)
{
	ct_buf b = CT_BUF_INIT;
	const char *p = sel;
	size_t i;
	int err = 0;

	*out = NULL;
	while (*p == ' ' || *p == '\t')
		p++;
	if (!*p)
		return ct_error_set(CT_EINVAL, "an empty region");
	if (strlen(sel) > SEL_MAX)
		return ct_error_set(CT_EINVAL, "a region over %d bytes", SEL_MAX);
	for (i = 0; sel[i]; i++)
		if ((unsigned char)sel[i] < ' ' || sel[i] == 0x7f)
			return ct_error_set(CT_EINVAL, "a region holding a control character");
	if (*p == '/' || *p == '(') {
		if (!(*out = strdup(sel)))
			return ct_error_set(CT_ENOMEM, "out of memory");
		return 0;
	}
	while (*p && !err) {
		err = compound(&b, sel, &p);
		while (*p == ' ' || *p == '\t')
			p++;
	}
	if (!err && !(*out = ct_buf_detach(&b)))
		err = ct_error_set(CT_ENOMEM, "out of memory");
	ct_buf_dispose(&b);
	return err;
}

int ct_host_check_region(ct_host *host, const char *type, const char *sel)
{
	ct_parse_request req = CT_PARSE_REQUEST_INIT;
	ct_doc *doc = NULL;
	char *xpath = NULL;
	int err;

	if ((err = ct_region_xpath(&xpath, sel)) < 0)
		return err;
	free(xpath);
	req.type = type ? type : "html";
	req.name = "region";
	req.flags = CT_PARSE_REGION_CHECK;
	req.region = sel;
	/* the plugin reads no byte of it */
	err = ct_host_parse(&doc, host, "<html></html>", 13, &req);
	ct_doc_free(doc);
	if (err < 0 && !strncmp(ct_error_last(), "region: ", 8)) {
		char msg[1024];

		snprintf(msg, sizeof(msg), "%s", ct_error_last() + 8);
		ct_error_set(err, "%s", msg);
	}
	return err;
}
