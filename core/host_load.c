/* SPDX-License-Identifier: MIT */
/*
 * Plugin host: finding plugins, their manifests, and loading each on first
 * use with its ABI checked.
 *
 * A plugin NAME.so may have a manifest NAME.manifest beside it, written
 * from its descriptor at build time ('claimtrack plugins --manifest'): its
 * name, version, media types and extensions. A plugin with a manifest is
 * loaded only when it is chosen; one without (or whose manifest is older
 * than it, or for another file size or ABI) is loaded when its directory is
 * scanned, as every plugin was before manifests.
 */
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "claimtrack/buf.h"
#include "claimtrack/doc.h"
#include "host_internal.h"
#include "module.h"

#define MANIFEST_MAGIC "claimtrack-plugin-manifest 1"
#define MANIFEST_MAX 65536

/* ---- refusals ---- */

static void refuse(ct_host *host, const char *file, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void refuse(ct_host *host, const char *file, const char *fmt, ...)
{
	char why[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	ct_error_set(CT_EPLUGIN, "plugin %s refused: %s", file, why);
	if (host->on_refuse)
		host->on_refuse(file, why, host->payload);
}

/* ---- entries ---- */

static void strv_free(char **v)
{
	char **p;

	for (p = v; p && *p; p++)
		free(*p);
	free(v);
}

static void entry_dispose(ct_host_entry *e)
{
	free(e->file);
	free(e->manifest);
	free(e->name);
	free(e->version);
	strv_free(e->media_types);
	strv_free(e->extensions);
	if (e->handle)
		dlclose(e->handle);
	memset(e, 0, sizeof(*e));
}

const char *const *ct__host_media_types(const ct_host_entry *e)
{
	if (e->manifest)
		return (const char *const *)e->media_types;
	return e->plugin ? e->plugin->media_types : NULL;
}

const char *const *ct__host_extensions(const ct_host_entry *e)
{
	if (e->manifest)
		return (const char *const *)e->extensions;
	return e->plugin ? e->plugin->extensions : NULL;
}

static ct_host_entry *entry_named(ct_host *host, const char *name)
{
	size_t i;

	for (i = 0; i < host->count; i++)
		if (!strcmp(host->items[i].name, name))
			return &host->items[i];
	return NULL;
}

/* Take over e (zeroed on success) as the host's next entry, unless a plugin
 * of its name came first. */
static int entry_add(ct_host *host, ct_host_entry *e)
{
	const ct_host_entry *first = entry_named(host, e->name);

	if (first) {
		refuse(host, e->file, "a plugin named '%s' is already loaded from %s",
			e->name, first->file);
		return CT_EPLUGIN;
	}
	if (host->count == host->alloc) {
		size_t alloc = host->alloc ? host->alloc * 2 : 4;
		ct_host_entry *ni = realloc(host->items, alloc * sizeof(*ni));

		if (!ni)
			return ct_error_set(CT_ENOMEM, "out of memory");
		host->items = ni;
		host->alloc = alloc;
	}
	host->items[host->count++] = *e;
	memset(e, 0, sizeof(*e));
	return 0;
}

/* Was this very file tried already, through another path? */
static int seen_before(ct_host *host, const struct stat *st)
{
	ct_host_seen *ns;
	size_t i;

	for (i = 0; i < host->nseen; i++)
		if (host->seen[i].dev == st->st_dev && host->seen[i].ino == st->st_ino)
			return 1;
	if ((ns = realloc(host->seen, (host->nseen + 1) * sizeof(*ns))) != NULL) {
		host->seen = ns;
		ns[host->nseen].dev = st->st_dev;
		ns[host->nseen++].ino = st->st_ino;
	}
	return 0;
}

/* ---- loading one file ---- */

/* dlopen path and check its descriptor; refuses (and returns CT_EPLUGIN)
 * with the reason when it is no plugin this host can use. */
static int open_plugin(ct_host *host, const char *path, void **handle, const ct_plugin **out)
{
	ct_plugin_entry_fn entry;
	const ct_plugin *p;
	void *h;

	if (!(h = dlopen(path, RTLD_NOW | RTLD_LOCAL))) {
		const char *e = dlerror();

		refuse(host, path, "cannot load: %s", e ? e : "unknown error");
		return CT_EPLUGIN;
	}
	*(void **)(&entry) = dlsym(h, CT_PLUGIN_ENTRY_SYMBOL);
	if (!entry) {
		refuse(host, path, "no %s symbol: not a claimtrack plugin", CT_PLUGIN_ENTRY_SYMBOL);
		goto fail;
	}
	if (!(p = entry(CT_PLUGIN_ABI_VERSION))) {
		refuse(host, path, "its entry point returned no descriptor");
		goto fail;
	}
	if (p->abi_version != CT_PLUGIN_ABI_VERSION) {
		refuse(host, path, "built for plugin ABI %u, this claimtrack speaks ABI %u",
			p->abi_version, CT_PLUGIN_ABI_VERSION);
		goto fail;
	}
	if (p->struct_size < CT_PLUGIN_MIN_SIZE) {
		refuse(host, path, "descriptor is %zu bytes, at least %zu expected",
			p->struct_size, (size_t)CT_PLUGIN_MIN_SIZE);
		goto fail;
	}
	if (!p->name || !p->name[0] || !p->parse) {
		refuse(host, path, "descriptor has no name or no parse callback");
		goto fail;
	}
	*handle = h;
	*out = p;
	return 0;
fail:
	dlclose(h);
	return CT_EPLUGIN;
}

static int load_now(ct_host *host, const char *path)
{
	ct_host_entry e;
	int err;

	memset(&e, 0, sizeof(e));
	if ((err = open_plugin(host, path, &e.handle, &e.plugin)) < 0)
		return err;
	e.state = CT_PLUGIN_LOADED;
	if (!(e.file = strdup(path)) || !(e.name = strdup(e.plugin->name)))
		err = ct_error_set(CT_ENOMEM, "out of memory");
	else
		err = entry_add(host, &e);
	entry_dispose(&e);
	return err;
}

int ct_host_load(ct_host *host, const char *path)
{
	struct stat st;

	if (stat(path, &st) == 0 && seen_before(host, &st))
		return 0;
	return load_now(host, path);
}

/* ---- manifests ---- */

static int strv_eq(const char *const *a, const char *const *b)
{
	for (; a && *a && b && *b; a++, b++)
		if (strcmp(*a, *b))
			return 0;
	return !(a && *a) && !(b && *b);
}

/* What in the descriptor the manifest got wrong, or NULL. */
static const char *manifest_mismatch(const ct_host_entry *e, const ct_plugin *p)
{
	if (strcmp(e->name, p->name))
		return "the name differs";
	if (strcmp(e->version, p->version ? p->version : "0"))
		return "the version differs";
	if (!strv_eq((const char *const *)e->media_types, p->media_types))
		return "the media types differ";
	if (!strv_eq((const char *const *)e->extensions, p->extensions))
		return "the extensions differ";
	return NULL;
}

static void load_pending(ct_host *host, ct_host_entry *e)
{
	const char *wrong;

	e->state = CT_PLUGIN_REFUSED;
	if (open_plugin(host, e->file, &e->handle, &e->plugin) < 0) {
		e->plugin = NULL;
		return;
	}
	if ((wrong = manifest_mismatch(e, e->plugin)) != NULL) {
		refuse(host, e->file, "its manifest %s does not describe it (%s); rewrite it with "
			"'claimtrack plugins --manifest %s'", e->manifest, wrong, e->file);
		dlclose(e->handle);
		e->handle = NULL;
		e->plugin = NULL;
		return;
	}
	e->state = CT_PLUGIN_LOADED;
}

const ct_plugin *ct__host_plugin_of(ct_host *host, ct_host_entry *e)
{
	const ct_plugin *p;

	pthread_mutex_lock(&host->lock);
	if (e->state == CT_PLUGIN_PENDING)
		load_pending(host, e);
	p = e->state == CT_PLUGIN_LOADED ? e->plugin : NULL;
	pthread_mutex_unlock(&host->lock);
	return p;
}

/* A manifest word: printable, no space, not empty. */
static int word_ok(const char *s)
{
	if (!s || !*s)
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || *s == 0x7f)
			return 0;
	return 1;
}

static int put_words(ct_buf *out, const char *key, const char *const *words)
{
	int err = ct_buf_puts(out, key);

	for (; !err && words && *words; words++) {
		if (!word_ok(*words))
			return ct_error_set(CT_EINVAL, "'%s' cannot go in a manifest (empty, or with a space)",
				*words);
		err = ct_buf_printf(out, " %s", *words);
	}
	return err ? err : ct_buf_putc(out, '\n');
}

int ct_plugin_manifest(ct_buf *out, const ct_plugin *plugin, const char *file)
{
	const char *version = plugin->version ? plugin->version : "0";
	struct stat st;
	int err;

	if (stat(file, &st) < 0)
		return ct_error_set(CT_EIO, "%s: %s", file, strerror(errno));
	if (!word_ok(plugin->name) || !word_ok(version))
		return ct_error_set(CT_EINVAL, "%s: its name or version cannot go in a manifest", file);
	if ((err = ct_buf_printf(out, MANIFEST_MAGIC "\n"
			"# What the host needs to choose this plugin without loading it,\n"
			"# written from its descriptor by 'claimtrack plugins --manifest'.\n"
			"abi %u\nsize %lld\nname %s\nversion %s\n", CT_PLUGIN_ABI_VERSION,
			(long long)st.st_size, plugin->name, version)) < 0 ||
	    (err = put_words(out, "media-types", plugin->media_types)) < 0 ||
	    (err = put_words(out, "extensions", plugin->extensions)) < 0)
		return err;
	return 0;
}

/* "a b c" into a NULL-terminated vector. */
static char **split_words(const char *s)
{
	char **v = calloc(1, sizeof(*v)), **nv;
	size_t n = 0, len;

	while (v) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			return v;
		len = strcspn(s, " \t");
		if (!(nv = realloc(v, (n + 2) * sizeof(*nv))) || !(nv[n] = strndup(s, len))) {
			strv_free(nv ? nv : v);
			return NULL;
		}
		v = nv;
		v[++n] = NULL;
		s += len;
	}
	return NULL;
}

/* One "key value" line into e; 0, or -1 when the manifest is unusable. */
static int manifest_line(ct_host_entry *e, const char *line, off_t so_size)
{
	const char *sp = strchr(line, ' ');
	size_t klen = sp ? (size_t)(sp - line) : strlen(line);
	const char *val = sp ? sp + 1 : "";
	char ***list = NULL, **words;

	if (klen == 3 && !strncmp(line, "abi", 3))
		return strtoul(val, NULL, 10) == CT_PLUGIN_ABI_VERSION ? 0 : -1;
	if (klen == 4 && !strncmp(line, "size", 4))
		return strtoll(val, NULL, 10) == (long long)so_size ? 0 : -1;
	if (klen == 4 && !strncmp(line, "name", 4))
		return word_ok(val) && !e->name && (e->name = strdup(val)) ? 0 : -1;
	if (klen == 7 && !strncmp(line, "version", 7))
		return word_ok(val) && !e->version && (e->version = strdup(val)) ? 0 : -1;
	if (klen == 11 && !strncmp(line, "media-types", 11))
		list = &e->media_types;
	else if (klen == 10 && !strncmp(line, "extensions", 10))
		list = &e->extensions;
	else
		return 0;   /* a key from a later claimtrack */
	if (*list || !(words = split_words(val)))
		return -1;
	*list = words;
	return 0;
}

/* Read the manifest beside the plugin at so_path into e; 0 when it can be
 * trusted: it says it is one, for this ABI and this file's size, with a
 * name, and it is not older than the plugin. */
static int manifest_read(ct_host_entry *e, const char *mpath, const struct stat *so)
{
	ct_buf b = CT_BUF_INIT;
	struct stat st;
	char *line, *next;
	int ok;

	if (stat(mpath, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > MANIFEST_MAX ||
	    st.st_mtim.tv_sec < so->st_mtim.tv_sec ||
	    (st.st_mtim.tv_sec == so->st_mtim.tv_sec && st.st_mtim.tv_nsec < so->st_mtim.tv_nsec))
		return -1;
	if (ct_buf_read_file(&b, mpath, MANIFEST_MAX) < 0 || !b.ptr) {
		ct_buf_dispose(&b);
		ct_error_clear();
		return -1;
	}
	ok = strncmp(b.ptr, MANIFEST_MAGIC "\n", sizeof(MANIFEST_MAGIC)) == 0;
	for (line = b.ptr; ok && line && *line; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (line[0] && line[0] != '#' && line != b.ptr)
			ok = manifest_line(e, line, so->st_size) == 0;
	}
	ct_buf_dispose(&b);
	if (ok && e->name && e->version && e->media_types && e->extensions &&
	    (e->manifest = strdup(mpath)) != NULL)
		return 0;
	free(e->name);
	free(e->version);
	strv_free(e->media_types);
	strv_free(e->extensions);
	e->name = e->version = NULL;
	e->media_types = e->extensions = NULL;
	return -1;
}

/* ---- scanning ---- */

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && strcmp(s + n - m, suffix) == 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One NAME.so of a directory: known from its manifest, else loaded. */
static void scan_file(ct_host *host, const char *dir, const char *name)
{
	char path[PATH_MAX], mpath[PATH_MAX];
	ct_host_entry e;
	struct stat st;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path) ||
	    (size_t)snprintf(mpath, sizeof(mpath), "%s/%.*s.manifest", dir,
		(int)(strlen(name) - 3), name) >= sizeof(mpath))
		return;
	if (stat(path, &st) < 0) {
		load_now(host, path);   /* which says why it cannot */
		return;
	}
	if (seen_before(host, &st))
		return;
	memset(&e, 0, sizeof(e));
	if (manifest_read(&e, mpath, &st) == 0) {
		if (!(e.file = strdup(path)))
			ct_error_set(CT_ENOMEM, "out of memory");
		else
			entry_add(host, &e);
		entry_dispose(&e);
		return;
	}
	load_now(host, path);
}

static void scan_dir(const char *dir, void *payload)
{
	ct_host *host = payload;
	DIR *d;
	struct dirent *e;
	char **names = NULL, **nn;
	size_t n = 0, i;

	if (!(d = opendir(dir)))
		return;
	while ((e = readdir(d)) != NULL) {
		if (!has_suffix(e->d_name, ".so"))
			continue;
		if (!(nn = realloc(names, (n + 1) * sizeof(*nn))))
			break;
		names = nn;
		if (!(names[n] = strdup(e->d_name)))
			break;
		n++;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++) {
		scan_file(host, dir, names[i]);
		free(names[i]);
	}
	free(names);
}

static void scan_path_list(ct_host *host, const char *list)
{
	char *copy, *p, *save = NULL;

	if (!list || !(copy = strdup(list)))
		return;
	for (p = strtok_r(copy, ":", &save); p; p = strtok_r(NULL, ":", &save))
		if (*p)
			scan_dir(p, host);
	free(copy);
}

int ct_host_new(ct_host **out, const ct_host_options *opts)
{
	ct_host_options def = CT_HOST_OPTIONS_INIT;
	ct_host *host;

	if (!opts)
		opts = &def;
	if (!(host = calloc(1, sizeof(*host))))
		return ct_error_set(CT_ENOMEM, "out of memory");
	if (pthread_mutex_init(&host->lock, NULL) != 0) {
		free(host);
		return ct_error_set(CT_ENOMEM, "cannot make a lock");
	}
	host->on_refuse = opts->on_refuse;
	host->payload = opts->payload;
	host->services = ct__host_default_services;
	if (opts->alloc && opts->realloc && opts->free) {
		host->services.alloc = opts->alloc;
		host->services.realloc = opts->realloc;
		host->services.free = opts->free;
	}
	scan_path_list(host, opts->plugin_path ? opts->plugin_path : getenv("CLAIMTRACK_PLUGIN_PATH"));
	if (!opts->no_default_dirs)
		ct__install_dirs(opts->exe_path, "plugins", ct__plugin_dir, ct__plugin_dir_rel,
			scan_dir, host);
	ct_error_clear();
	*out = host;
	return 0;
}

void ct_host_free(ct_host *host)
{
	size_t i;

	if (!host)
		return;
	for (i = 0; i < host->count; i++)
		entry_dispose(&host->items[i]);
	pthread_mutex_destroy(&host->lock);
	free(host->items);
	free(host->seen);
	free(host);
}

/* ---- what is loaded ---- */

/* The i-th plugin that loads, loading every one first. */
static ct_host_entry *loaded_at(const ct_host *chost, size_t i, size_t *count)
{
	ct_host *host = (ct_host *)chost;   /* loading on first use is no change of state */
	ct_host_entry *hit = NULL;
	size_t k, n = 0;

	for (k = 0; k < host->count; k++) {
		if (!ct__host_plugin_of(host, &host->items[k]))
			continue;
		if (n++ == i)
			hit = &host->items[k];
	}
	if (count)
		*count = n;
	return hit;
}

size_t ct_host_count(const ct_host *host)
{
	size_t n;

	loaded_at(host, (size_t)-1, &n);
	return n;
}

const ct_plugin *ct_host_plugin(const ct_host *host, size_t i)
{
	ct_host_entry *e = loaded_at(host, i, NULL);

	return e ? e->plugin : NULL;
}

const char *ct_host_plugin_file(const ct_host *host, size_t i)
{
	ct_host_entry *e = loaded_at(host, i, NULL);

	return e ? e->file : NULL;
}

const char *ct_host_plugin_manifest(const ct_host *host, size_t i)
{
	ct_host_entry *e = loaded_at(host, i, NULL);

	return e ? e->manifest : NULL;
}

const ct_plugin *ct_host_find(const ct_host *chost, const char *name)
{
	ct_host *host = (ct_host *)chost;
	ct_host_entry *e = entry_named(host, name);

	return e ? ct__host_plugin_of(host, e) : NULL;
}
