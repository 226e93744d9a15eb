/* SPDX-License-Identifier: MIT */
/*
 * Where installed pieces live, and loading the internal modules (see
 * module.h) on first use.
 */
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "claimtrack/common.h"
#include "module.h"

void ct__install_dirs(const char *exe_path, const char *kind, const char *builtin,
	const char *rel, void (*fn)(const char *dir, void *payload), void *payload)
{
	static const char *const beside[] = { "/build/", "/", "/../lib/claimtrack/" };
	char exe[PATH_MAX], dir[2 * PATH_MAX], *slash;
	ssize_t n;
	size_t i;

	exe[0] = '\0';
	if (exe_path && realpath(exe_path, exe)) {
		/* resolved */
	} else if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) > 0) {
		exe[n] = '\0';
	} else {
		exe[0] = '\0';
	}
	if (exe[0] && (slash = strrchr(exe, '/')) != NULL) {
		*slash = '\0';
		for (i = 0; i < sizeof(beside) / sizeof(beside[0]); i++) {
			snprintf(dir, sizeof(dir), "%s%s%s", exe, beside[i], kind);
			fn(dir, payload);
		}
		if (rel && *rel) {
			snprintf(dir, sizeof(dir), "%s/%s", exe, rel);
			fn(dir, payload);
		}
	}
	if (builtin)
		fn(builtin, payload);
}

typedef struct search {
	const ct_module_spec *spec;
	char path[PATH_MAX + 128];
	char tried[512];       /* the directories looked in, for the message */
	int found;
} search;

static void try_dir(const char *dir, void *payload)
{
	search *s = payload;
	size_t n = strlen(s->tried);

	if (s->found)
		return;
	snprintf(s->path, sizeof(s->path), "%s/%s", dir, s->spec->file);
	if (access(s->path, F_OK) == 0) {
		s->found = 1;
		return;
	}
	if (n < sizeof(s->tried) - 1)
		snprintf(s->tried + n, sizeof(s->tried) - n, "%s%s", n ? ", " : "", dir);
}

/* Open and check one module file; NULL with why filled. */
static const ct_module_head *open_file(const ct_module_spec *spec, const char *path,
	char *why, size_t size)
{
	const ct_module_head *head;
	ct_module_entry_fn entry;
	const char *e;
	void *h;

	if (!(h = dlopen(path, RTLD_NOW | RTLD_LOCAL))) {
		e = dlerror();
		snprintf(why, size, "%.700s", e ? e : path);
		return NULL;
	}
	*(void **)(&entry) = dlsym(h, CT_MODULE_ENTRY_SYMBOL);
	if (!entry || !(head = entry())) {
		snprintf(why, size, "%.600s has no %s", path, CT_MODULE_ENTRY_SYMBOL);
		goto fail;
	}
	if (head->abi != CT_MODULE_ABI || !head->version || strcmp(head->version, CT_VERSION) ||
	    head->struct_size != spec->struct_size || !head->signature ||
	    strcmp(head->signature, spec->signature)) {
		snprintf(why, size, "%.500s is from another build of claimtrack (version %.20s), "
			"this is %s: install both from one build", path,
			head->version ? head->version : "?", CT_VERSION);
		goto fail;
	}
	return head;   /* stays loaded for the life of the process */
fail:
	dlclose(h);
	return NULL;
}

static const ct_module_head *load(const ct_module_spec *spec, char *why, size_t size)
{
	const char *env = getenv("CLAIMTRACK_MODULE_DIR");
	search s;

	memset(&s, 0, sizeof(s));
	s.spec = spec;
	if (env && *env)
		try_dir(env, &s);
	else
		ct__install_dirs(NULL, "modules", ct__module_dir, ct__module_dir_rel, try_dir, &s);
	if (!s.found) {
		snprintf(why, size, "%s is in none of %s%s", spec->file, s.tried,
			env && *env ? " ($CLAIMTRACK_MODULE_DIR)" : "");
		return NULL;
	}
	return open_file(spec, s.path, why, size);
}

/* pthread_once takes no argument: the slot being loaded, per thread. */
static _Thread_local struct {
	ct_module_slot *slot;
	const ct_module_spec *spec;
} loading;

static void load_once(void)
{
	ct_module_slot *slot = loading.slot;
	char why[sizeof(slot->why)];
	const ct_module_head *head = load(loading.spec, why, sizeof(why));

	if (!head)
		snprintf(slot->why, sizeof(slot->why), "%s", why);
	slot->table = head;
}

const ct_module_head *ct__module_get(ct_module_slot *slot, const ct_module_spec *spec)
{
	const ct_module_head *head = slot->table;

	if (head)
		return head;
	loading.slot = slot;
	loading.spec = spec;
	pthread_once(&slot->once, load_once);
	if ((head = slot->table) != NULL)
		return head;
	ct_error_set(CT_EUNSUPPORTED, "claimtrack's %s module (%s, built with %s) did not load: %s",
		spec->name, spec->file, spec->library, slot->why);
	return NULL;
}

const ct_module_head *ct__module_peek(ct_module_slot *slot)
{
	return slot->table;
}
