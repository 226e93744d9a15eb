/* SPDX-License-Identifier: MIT */
/*
 * claimtrack: a small read-only HTTP server for `claimtrack serve`, built on
 * libmicrohttpd. It lives in a module the program loads on first use (like
 * the archive and fetching, see core/module.h) and is not part of
 * libclaimtrack: the library never links an HTTP server.
 *
 * Requests are answered one at a time on the server's own thread, by a
 * handler the caller gives; connections are accepted meanwhile. Only GET
 * and HEAD are passed to it (anything else is 405). The path is passed as
 * it came on the wire, not percent-decoded, so the handler can refuse
 * encoded slashes and dots before it decodes; the query is not passed.
 * Every response says nosniff and a Content-Security-Policy that allows no
 * script and nothing from elsewhere: even markup that escaped a page's
 * writer could not run.
 */
#ifndef CLAIMTRACK_SERVER_H
#define CLAIMTRACK_SERVER_H

#include "buf.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ct_http_response {
	int status;                 /* 200 unless the handler sets another */
	const char *content_type;   /* static; "text/html; charset=utf-8" unless set */
	ct_buf body;                /* the handler appends the body here */
	char timing[160];           /* a Server-Timing header's value, or "" */
} ct_http_response;

/* path: the request target without its query, as received. */
typedef void (*ct_http_handler)(void *ctx, const char *path, ct_http_response *res);

typedef struct ct_server ct_server;

/* Listen on address ("127.0.0.1", "::1", "0.0.0.0") and port (0: any free
 * one); nothing is answered until ct_server_run. CT_EIO with a message
 * when it cannot listen (the port in use, an address not this machine's). */
int ct_server_listen(ct_server **out, const char *address, unsigned port);

/* Answer requests with handler, on the server's own thread, until
 * ct_server_stop. The port is known before: a handler may say it. */
int ct_server_run(ct_server *server, ct_http_handler handler, void *ctx);

/* The port it listens on (the one chosen when 0 was asked for). */
unsigned ct_server_port(const ct_server *server);

/* Stop listening, finish the request under way, free the server (one
 * that was never run too). */
void ct_server_stop(ct_server *server);

#ifdef __cplusplus
}
#endif
#endif
