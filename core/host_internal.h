/* SPDX-License-Identifier: MIT */
/*
 * The plugin host's insides, shared by host.c (services, choosing and
 * running a plugin) and host_load.c (finding, loading, manifests).
 */
#ifndef CT_HOST_INTERNAL_H
#define CT_HOST_INTERNAL_H

#include <pthread.h>
#include <sys/types.h>

#include "claimtrack/doc.h"

typedef enum {
	CT_PLUGIN_PENDING = 0,   /* known from its manifest, not loaded yet */
	CT_PLUGIN_LOADED = 1,
	CT_PLUGIN_REFUSED = 2    /* it failed to load: said once, then skipped */
} ct_plugin_state;

/* One plugin file the host knows. Its name and labels come from its
 * manifest when it has one (and do not change when it loads), else from
 * its descriptor, loaded when the directory was scanned. */
typedef struct ct_host_entry {
	char *file;
	char *manifest;                  /* NULL: loaded without one */
	char *name;
	char *version;                   /* from the manifest */
	char **media_types, **extensions;/* from the manifest, NULL-terminated */
	ct_plugin_state state;           /* under the host's lock */
	const ct_plugin *plugin;
	void *handle;
} ct_host_entry;

typedef struct ct_host_seen {
	dev_t dev;
	ino_t ino;
} ct_host_seen;

struct ct_host {
	ct_host_services services;   /* this host's table: allocator may differ */
	ct_host_entry *items;        /* in search order; fixed once ct_host_new returns */
	size_t count, alloc;
	ct_host_seen *seen;          /* every file tried, so a refusal is said once */
	size_t nseen;
	pthread_mutex_t lock;        /* loading on first use, from any thread */
	void (*on_refuse)(const char *file, const char *why, void *payload);
	void *payload;
};

/* The entry's plugin, loading it on first use; NULL when it was refused
 * (the reason went to on_refuse and the last error once). */
const ct_plugin *ct__host_plugin_of(ct_host *host, ct_host_entry *e);

/* Its declared media types and extensions, loaded or not. */
const char *const *ct__host_media_types(const ct_host_entry *e);
const char *const *ct__host_extensions(const ct_host_entry *e);

/* The default services table (host.c). */
extern const ct_host_services ct__host_default_services;

#endif
