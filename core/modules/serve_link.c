/* SPDX-License-Identifier: MIT */
/* The server's functions in the program: each loads the server
 * module (and so libmicrohttpd) on first use and calls its function. */
#include "serve_api.h"

static ct_module_slot serve_slot = CT_MODULE_SLOT_INIT;
static const ct_module_spec serve_spec = {
	"serve.so", "server", "libmicrohttpd", sizeof(ct_serve_module), CT_SERVE_SIGNATURE
};

static const ct_serve_module *get(void)
{
	return (const ct_serve_module *)ct__module_get(&serve_slot, &serve_spec);
}

static const ct_serve_module *peek(void)
{
	return (const ct_serve_module *)ct__module_peek(&serve_slot);
}

#define F(ret, name, params, args, fail) \
	CT_MODULE_FORWARD(ct_serve_module, get, ret, name, params, args, fail)
#define V(name, params, args) CT_MODULE_VFORWARD(ct_serve_module, peek, name, params, args)
CT_SERVE_API(F, V)
