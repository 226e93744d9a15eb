/* SPDX-License-Identifier: MIT */
/*
 * The server module's API: include/claimtrack/server.h, built from
 * core/server/mhd.c with libmicrohttpd. The list's form is archive_api.h's.
 */
#ifndef CT_MODULES_SERVE_API_H
#define CT_MODULES_SERVE_API_H

#include "claimtrack/server.h"

#define CT_SERVE_API(F, V) \
	F(int, ct_server_listen, (ct_server **out, const char *address, unsigned port), \
		(out, address, port), CT_EUNSUPPORTED) \
	F(int, ct_server_run, (ct_server *server, ct_http_handler handler, void *ctx), \
		(server, handler, ctx), CT_EUNSUPPORTED) \
	F(unsigned, ct_server_port, (const ct_server *server), (server), 0) \
	V(ct_server_stop, (ct_server *server), (server))

#include "../module.h"

typedef struct ct_serve_module {
	ct_module_head head;
	CT_SERVE_API(CT_MODULE_MEMBER, CT_MODULE_VMEMBER)
} ct_serve_module;

#define CT_SERVE_SIGNATURE CT_SERVE_API(CT_MODULE_SIG, CT_MODULE_VSIG)

#endif
