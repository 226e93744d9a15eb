/*
 * RSS/Atom plugin: helpers shared between its source files. Everything here
 * is hidden inside the shared object (-fvisibility=hidden).
 */
#ifndef CT_RSS_H
#define CT_RSS_H

#include <stddef.h>

/* "YYYY-MM-DDTHH:MM:SSZ" plus the NUL. */
#define RSS_DATE_LEN 21

/*
 * Parse a feed date, RFC 822 ("Sat, 07 Sep 2002 00:00:01 GMT", as RSS
 * writes them, with the usual deviations) or RFC 3339 / W3C-DTF
 * ("2003-12-13T18:30:02.25+01:00", "2003-12", as Atom and Dublin Core write
 * them), into UTC ISO 8601. Returns 0 and fills out, or -1 when the text is
 * no date we understand.
 */
int rss_date_parse(char out[RSS_DATE_LEN], const char *s, size_t len);

#endif
