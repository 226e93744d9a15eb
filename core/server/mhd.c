/* SPDX-License-Identifier: MIT */
/*
 * The server module (include/claimtrack/server.h) on libmicrohttpd: one
 * internal polling thread answers requests one at a time; the listening
 * socket is ours, so a port in use or a foreign address is said plainly.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <microhttpd.h>

#include "claimtrack/common.h"
#include "claimtrack/server.h"

struct ct_server {
	struct MHD_Daemon *daemon;
	ct_http_handler handler;
	void *ctx;
	unsigned port;
	int fd;
	int v6;
};

static const char csp[] = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
	"base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/* The path as it came: the handler decodes it after checking it. */
static size_t keep_escaped(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	return strlen(s);
}

static enum MHD_Result send_response(struct MHD_Connection *conn, ct_http_response *res)
{
	struct MHD_Response *r;
	enum MHD_Result ok;
	size_t len = res->body.len;
	char *data = ct_buf_detach(&res->body);
	int status = res->status;

	r = MHD_create_response_from_buffer(len, data ? data : (void *)"",
		data ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	if (!r) {
		free(data);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type", res->content_type);
	if (res->timing[0])
		MHD_add_response_header(r, "Server-Timing", res->timing);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Content-Security-Policy", csp);
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "Cache-Control", "no-cache");
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(r, "Allow", "GET, HEAD");
	ok = MHD_queue_response(conn, (unsigned int)status, r);
	MHD_destroy_response(r);
	return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
	const char *method, const char *version, const char *upload, size_t *upload_size,
	void **state)
{
	ct_server *s = cls;
	ct_http_response res;
	static int first;
	enum MHD_Result ok;

	(void)version;
	(void)upload;
	/* the first call only announces the request; a body (there should be
	 * none for GET) is then handed over in pieces */
	if (!*state) {
		*state = &first;
		return MHD_YES;
	}
	if (*upload_size) {
		*upload_size = 0;
		return MHD_YES;
	}
	memset(&res, 0, sizeof(res));
	res.status = 200;
	res.content_type = "text/html; charset=utf-8";
	if (strcmp(method, MHD_HTTP_METHOD_GET) && strcmp(method, MHD_HTTP_METHOD_HEAD)) {
		res.status = MHD_HTTP_METHOD_NOT_ALLOWED;
		res.content_type = "text/plain; charset=utf-8";
		ct_buf_puts(&res.body, "read-only: GET and HEAD only\n");
	} else {
		s->handler(s->ctx, url, &res);
	}
	ok = send_response(conn, &res);
	ct_buf_dispose(&res.body);
	return ok;
}

/* Our own listening socket, so every failure has its reason. */
static int listen_on(int *fd_out, unsigned *port_out, int *v6, const char *address, unsigned port)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, one = 1;

	memset(&ss, 0, sizeof(ss));
	if (port > 65535)
		return ct_error_set(CT_EINVAL, "port %u is not a port (0 to 65535)", port);
	*v6 = 0;
	if (inet_pton(AF_INET, address, &((struct sockaddr_in *)&ss)->sin_addr) == 1) {
		((struct sockaddr_in *)&ss)->sin_family = AF_INET;
		((struct sockaddr_in *)&ss)->sin_port = htons((uint16_t)port);
		len = sizeof(struct sockaddr_in);
	} else if (inet_pton(AF_INET6, address, &((struct sockaddr_in6 *)&ss)->sin6_addr) == 1) {
		((struct sockaddr_in6 *)&ss)->sin6_family = AF_INET6;
		((struct sockaddr_in6 *)&ss)->sin6_port = htons((uint16_t)port);
		len = sizeof(struct sockaddr_in6);
		*v6 = 1;
	} else {
		return ct_error_set(CT_EINVAL, "'%s' is not an IP address (127.0.0.1, ::1, ...)", address);
	}
	if ((fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
		return ct_error_set(CT_EIO, "cannot make a socket: %s", strerror(errno));
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, len) < 0 || listen(fd, 64) < 0) {
		int e = errno;

		close(fd);
		return ct_error_set(CT_EIO, "cannot listen on %s%s%s:%u: %s", *v6 ? "[" : "", address,
			*v6 ? "]" : "", port, strerror(e));
	}
	len = sizeof(ss);
	if (getsockname(fd, (struct sockaddr *)&ss, &len) == 0)
		port = ntohs(ss.ss_family == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port
						     : ((struct sockaddr_in6 *)&ss)->sin6_port);
	*fd_out = fd;
	*port_out = port;
	return 0;
}

int ct_server_listen(ct_server **out, const char *address, unsigned port)
{
	ct_server *s;
	int err, v6 = 0;

	*out = NULL;
	if (!(s = calloc(1, sizeof(*s))))
		return ct_error_set(CT_ENOMEM, "out of memory");
	if ((err = listen_on(&s->fd, &s->port, &v6, address, port)) < 0) {
		free(s);
		return err;
	}
	s->v6 = v6;
	*out = s;
	return 0;
}

int ct_server_run(ct_server *s, ct_http_handler handler, void *ctx)
{
	if (s->daemon)
		return ct_error_set(CT_EINVAL, "the HTTP server is running already");
	s->handler = handler;
	s->ctx = ctx;
	s->daemon = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL |
		(s->v6 ? MHD_USE_IPv6 : 0), 0, NULL, NULL, on_request, s,
		MHD_OPTION_LISTEN_SOCKET, (MHD_socket)s->fd,
		MHD_OPTION_UNESCAPE_CALLBACK, keep_escaped, NULL,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned int)256,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)30,
		MHD_OPTION_END);
	if (!s->daemon)
		return ct_error_set(CT_EIO, "the HTTP server (libmicrohttpd) did not start");
	return 0;
}

unsigned ct_server_port(const ct_server *server)
{
	return server->port;
}

void ct_server_stop(ct_server *server)
{
	if (!server)
		return;
	if (server->daemon)
		MHD_stop_daemon(server->daemon);   /* closes the listening socket too */
	else
		close(server->fd);
	free(server);
}
