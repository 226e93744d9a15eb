/* SPDX-License-Identifier: MIT */
/*
 * Character encodings of input documents (internal to core/): the one
 * detection policy every parser plugin uses, through the host's decode()
 * service (see ct_host_services in claimtrack/plugin.h).
 */
#ifndef CT_CHARSET_H
#define CT_CHARSET_H

#include <stddef.h>

#include "claimtrack/plugin.h"

/*
 * The document as UTF-8. Detection: a byte-order mark; the charset the
 * document declares (flags CT_DECODE_XML / CT_DECODE_HTML say which
 * declarations its format has); the charset of content_type; else a sniff.
 * mem allocates out->owned (NULL when the input is valid UTF-8 already and
 * out->data points into it). Adds to *replaced (may be NULL) the invalid
 * bytes or sequences that became U+FFFD. Returns 0, or CT_PLUGIN_ENOMEM.
 */
int ct_charset_decode(const ct_host_services *mem, const char *data, size_t len,
	const char *content_type, unsigned int flags, ct_decoded *out, size_t *replaced);

/* The canonical name of a charset label ("latin1" -> "windows-1252"), or
 * NULL when no converter of this system reads it. */
const char *ct_charset_canonical(const char *label);

#endif
