/* SPDX-License-Identifier: MIT */
/* claimtrack import: many versions at once, in group commits. */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "archive_cmds.h"

static const char import_usage[] =
"usage: claimtrack import [options] DIR\n"
"       claimtrack import [options] --manifest FILE\n"
"\n"
"Add many versions at once. DIR holds one subdirectory per document, named\n"
"by its id, with that document's versions as files, added in file-name\n"
"order. A version's observation time comes from its file name\n"
"(2025-06-01T12:00:00Z.html, 2025-06-01T12-00-00Z.txt, 1748779200.txt),\n"
"else from the file's modification time. A manifest lists one version a\n"
"line, \"ID TIME FILE\", FILE relative to the manifest; '#' starts a comment.\n"
"\n"
"Versions are written in group commits: each batch becomes one pack, and\n"
"only then do the documents' branches move. A version counts as stored once\n"
"its batch is written; a crash loses at most the batch in progress.\n"
"Importing the same tree again resumes: a version whose exact bytes the\n"
"document already holds is skipped; one observed before the document's\n"
"latest version and not stored goes where its time puts it.\n"
"\n"
"Options:\n"
"  -m, --manifest FILE  read the versions to add from FILE\n"
"  -t, --type NAME      parser plugin for every file (default: sniffed)\n"
"  -b, --batch N        versions per group commit (default 1000; 1 writes\n"
"                       each version on its own, as 'add' does)\n"
"      --durable        fsync each batch's pack and refs before going on\n"
"  -j, --jobs N         threads that parse and extract, the writing one\n"
"                       included (default: one per CPU); versions are still\n"
"                       written in order, by one thread\n"
"      --progress       show progress on stderr (default: when a terminal)\n"
"      --no-progress    do not\n"
"  -A, --archive DIR    archive (default $CLAIMTRACK_ARCHIVE, else\n"
"                       ~/.local/share/claimtrack/archive)\n"
"  -q, --quiet          print no summary\n"
"  -h, --help           this help\n"
"\n"
"Exit status: 0 every version stored, 2 some could not be (each is named).\n";

typedef struct entry {
	char *id;
	char *path;
	int64_t at;
} entry;

typedef struct entries {
	entry *v;
	size_t n, cap;
} entries;

static int entries_push(entries *e, const char *id, const char *path, int64_t at)
{
	entry *nv;

	if (e->n == e->cap) {
		e->cap = e->cap ? e->cap * 2 : 256;
		if (!(nv = realloc(e->v, e->cap * sizeof(*nv))))
			return cli_error("out of memory");
		e->v = nv;
	}
	if (!(e->v[e->n].id = strdup(id)) || !(e->v[e->n].path = strdup(path)))
		return cli_error("out of memory");
	e->v[e->n++].at = at;
	return EXIT_OK;
}

static void entries_free(entries *e)
{
	size_t i;

	for (i = 0; i < e->n; i++) {
		free(e->v[i].id);
		free(e->v[i].path);
	}
	free(e->v);
}

/* A time from a file name's stem: ISO 8601 (':' may be written '-' in
 * the time, as file systems prefer), or seconds since the epoch. */
static int time_from_name(int64_t *out, const char *name)
{
	char stem[256], *dot, *t;
	size_t i;

	snprintf(stem, sizeof(stem), "%s", name);
	if ((dot = strrchr(stem, '.')) && dot != stem)
		*dot = '\0';
	if (cli_parse_time(out, stem) == 0)
		return 0;
	if ((t = strchr(stem, 'T'))) {
		for (i = 1; t[i] && t[i] != 'Z' && t[i] != '+' && t[i] != '.' && i < 9; i++)
			if (t[i] == '-')
				t[i] = ':';
		if (cli_parse_time(out, stem) == 0)
			return 0;
	}
	for (i = 0; stem[i] >= '0' && stem[i] <= '9'; i++)
		;
	if (i && !stem[i] && i < 12) {
		*out = strtoll(stem, NULL, 10);
		return 0;
	}
	return -1;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of a directory, sorted; only names not starting with '.'. */
static int list_dir(char ***out, size_t *count, const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;
	char **v = NULL, **nv;
	size_t n = 0, cap = 0;

	*out = NULL;
	*count = 0;
	if (!d)
		return cli_error("import: %s: %s", path, strerror(errno));
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			if (!(nv = realloc(v, cap * sizeof(*v)))) {
				closedir(d);
				ct_strings_free(v, n);
				return cli_error("out of memory");
			}
			v = nv;
		}
		v[n++] = strdup(de->d_name);
	}
	closedir(d);
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_name);
	*out = v;
	*count = n;
	return EXIT_OK;
}

static int scan_tree(entries *e, const char *root)
{
	char **docs = NULL, **files = NULL, sub[4096], file[8192];
	size_t nd = 0, nf = 0, i, k;
	struct stat st;
	int rc;

	if ((rc = list_dir(&docs, &nd, root)) != EXIT_OK)
		return rc;
	for (i = 0; i < nd && rc == EXIT_OK; i++) {
		snprintf(sub, sizeof(sub), "%s/%s", root, docs[i]);
		if (stat(sub, &st) < 0 || !S_ISDIR(st.st_mode))
			continue;
		if (ct_archive_id_check(docs[i]) < 0) {
			rc = cli_error("import: %s: %s", sub, ct_error_last());
			break;
		}
		if ((rc = list_dir(&files, &nf, sub)) != EXIT_OK)
			break;
		for (k = 0; k < nf && rc == EXIT_OK; k++) {
			int64_t at;

			snprintf(file, sizeof(file), "%s/%s", sub, files[k]);
			if (stat(file, &st) < 0 || !S_ISREG(st.st_mode))
				continue;
			if (time_from_name(&at, files[k]) < 0)
				at = (int64_t)st.st_mtime;
			rc = entries_push(e, docs[i], file, at);
		}
		ct_strings_free(files, nf);
		files = NULL;
	}
	ct_strings_free(docs, nd);
	return rc;
}

/* Every line is checked before anything is written. */
static int read_manifest(entries *e, const char *manifest)
{
	ct_buf m = CT_BUF_INIT;
	char base[4096], path[8192], *line, *next, *slash;
	size_t lineno = 0;
	int rc = EXIT_OK;

	if (ct_buf_read_file(&m, manifest, 256u * 1024 * 1024) < 0) {
		ct_buf_dispose(&m);
		return cli_error("import: %s", ct_error_last());
	}
	snprintf(base, sizeof(base), "%s", manifest);
	if ((slash = strrchr(base, '/')))
		slash[1] = '\0';
	else
		base[0] = '\0';
	for (line = m.ptr; line && *line && rc == EXIT_OK; line = next) {
		char *id, *when, *file, *end;
		int64_t at;

		lineno++;
		if ((next = strchr(line, '\n')))
			*next++ = '\0';
		end = line + strlen(line);
		while (end > line && (end[-1] == '\r' || end[-1] == ' ' || end[-1] == '\t'))
			*--end = '\0';
		line += strspn(line, " \t");
		if (!*line || *line == '#')
			continue;
		id = line;
		when = id + strcspn(id, " \t");
		if (*when)
			*when++ = '\0';
		when += strspn(when, " \t");
		file = when + strcspn(when, " \t");
		if (*file)
			*file++ = '\0';
		file += strspn(file, " \t");
		if (!*when || !*file) {
			rc = cli_error("import: %s:%zu: expected ID TIME FILE", manifest, lineno);
			break;
		}
		if (ct_archive_id_check(id) < 0) {
			rc = cli_error("import: %s:%zu: %s", manifest, lineno, ct_error_last());
			break;
		}
		if (cli_parse_time(&at, when) < 0 || at <= 0) {
			rc = cli_error("import: %s:%zu: '%s' is not a time (use 2025-06-01T12:00:00Z)",
				manifest, lineno, when);
			break;
		}
		snprintf(path, sizeof(path), "%s%s", file[0] == '/' ? "" : base, file);
		rc = entries_push(e, id, path, at);
	}
	ct_buf_dispose(&m);
	return rc;
}

/* Entry indexes grouped by id, in entry order within an id. */
static const entries *sort_e;

static int cmp_by_id(const void *x, const void *y)
{
	size_t i = *(const size_t *)x, k = *(const size_t *)y;
	int c = strcmp(sort_e->v[i].id, sort_e->v[k].id);

	return c ? c : (i > k) - (i < k);
}

static size_t *by_id(const entries *e)
{
	size_t *ix = malloc((e->n ? e->n : 1) * sizeof(*ix)), i;

	if (!ix)
		return NULL;
	for (i = 0; i < e->n; i++)
		ix[i] = i;
	sort_e = e;
	if (e->n > 1)
		qsort(ix, e->n, sizeof(*ix), cmp_by_id);
	return ix;
}

/*
 * Resume: an entry observed no later than its document's latest stored
 * version is skipped only when the archive holds exactly its bytes. One it
 * does not hold stays in, and the archive puts it where its time says, so
 * nothing is ever skipped unstored. Each document's latest version is read
 * once: O(n log n) in entries.
 */
static int drop_archived(size_t *dropped, entries *e, ct_archive *archive)
{
	size_t *ix = by_id(e), i, k, kept = 0;
	char *drop = calloc(e->n ? e->n : 1, 1);
	ct_buf in = CT_BUF_INIT;

	*dropped = 0;
	if (!ix || !drop) {
		free(ix);
		free(drop);
		return cli_error("out of memory");
	}
	for (i = 0; i < e->n; i = k) {
		const char *id = e->v[ix[i]].id;
		ct_archive_version latest;
		int has;

		for (k = i + 1; k < e->n && !strcmp(e->v[ix[k]].id, id); k++)
			;
		has = ct_archive_latest(&latest, archive, id) == 0;
		for (; has && i < k; i++) {
			const entry *en = &e->v[ix[i]];
			ct_archive_version v;

			if (en->at > latest.observed_at)
				continue;
			ct_buf_clear(&in);
			/* unreadable: left in, the import names the file */
			if (ct_buf_read_file(&in, en->path, CT_MAX_INPUT) < 0)
				continue;
			if (ct_archive_find_source(&v, archive, id, in.ptr, in.len) == 0) {
				drop[ix[i]] = 1;
				ct_version_dispose(&v);
			}
		}
		if (has)
			ct_version_dispose(&latest);
	}
	ct_error_clear();
	for (i = 0; i < e->n; i++) {
		if (drop[i]) {
			free(e->v[i].id);
			free(e->v[i].path);
			(*dropped)++;
			continue;
		}
		e->v[kept++] = e->v[i];
	}
	e->n = kept;
	ct_buf_dispose(&in);
	free(ix);
	free(drop);
	return EXIT_OK;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct tally {
	size_t done, created, unchanged, failed, docs;
	double start, last;
} tally;

/* A flush that failed: its message, and its versions counted as failed
 * rather than new (only those the archive says it could not record). */
static void batch_failed(tally *t, const ct_archive *archive, int show)
{
	size_t lost = ct_archive_batch_unrecorded(archive);

	if (show)
		fputc('\n', stderr);
	cli_lib_error();
	t->failed += lost;
	t->created -= lost < t->created ? lost : t->created;
}

static void progress(const tally *t, size_t total, int final)
{
	double el = now_s() - t->start;
	int width = 30, fill = total ? (int)((double)t->done * width / (double)total) : width;

	fprintf(stderr, "\rimport [%.*s%*s] %zu/%zu versions, %zu new, %zu unchanged, %zu failed, %.0f/s ",
		fill, "##############################", width - fill, "", t->done, total,
		t->created, t->unchanged, t->failed, el > 0 ? (double)t->done / el : 0.0);
	if (final)
		fputc('\n', stderr);
	fflush(stderr);
}

static size_t count_docs(const entries *e)
{
	size_t *ix = by_id(e), i, n = 0;

	if (!ix)
		return 0;
	for (i = 0; i < e->n; i++)
		if (!i || strcmp(e->v[ix[i]].id, e->v[ix[i - 1]].id))
			n++;
	free(ix);
	return n;
}

/*
 * Parsing and extraction are most of an import's work and need no archive,
 * so worker threads prepare versions ahead (ct_archive_prepare) while this
 * thread commits them strictly in entry order: each document's history is
 * the same as a one-thread import would make. Workers stay at most WINDOW
 * entries ahead of the writer, which bounds the memory held.
 */
#define WINDOW 64

typedef struct slot {
	ct_prepared *p;
	char *err;            /* why it could not be prepared */
	int read_failed;      /* the file could not be read (no id in the message) */
	int ready;
} slot;

typedef struct pool {
	pthread_mutex_t mu;
	pthread_cond_t ready, room;
	const entries *e;
	const ct_archive *archive;
	ct_host *host;
	const char *type;
	size_t next;          /* the next entry to prepare */
	size_t base;          /* entries before it are committed */
	int stop;
	slot slots[WINDOW];   /* entry i in slots[i % WINDOW] */
} pool;

/* Read and prepare entry i into sl; in = a buffer to reuse. */
static void prepare_one(slot *sl, const pool *pl, size_t i, ct_buf *in)
{
	ct_add_options o = CT_ADD_OPTIONS_INIT;
	const entry *en = &pl->e->v[i];

	ct_buf_clear(in);
	if (ct_buf_read_file(in, en->path, CT_MAX_INPUT) < 0) {
		sl->read_failed = 1;
		sl->err = strdup(ct_error_last());
		return;
	}
	o.observed_at = en->at;
	o.type = pl->type;
	o.name = en->path;
	if (ct_archive_prepare(&sl->p, pl->archive, pl->host, en->id, in->ptr, in->len, &o) < 0) {
		sl->err = strdup(ct_error_last());
		return;
	}
	/* a document's first version here has no previous one in the batch
	 * to be a delta of: compress it whole now, in this thread */
	if ((i == 0 || strcmp(pl->e->v[i - 1].id, en->id)) && ct_prepared_deflate(sl->p) < 0) {
		sl->err = strdup(ct_error_last());
		ct_prepared_free(sl->p);
		sl->p = NULL;
	}
}

static void *worker(void *arg)
{
	pool *pl = arg;
	ct_buf in = CT_BUF_INIT;
	slot done;
	size_t i;

	pthread_mutex_lock(&pl->mu);
	for (;;) {
		if (pl->stop || pl->next >= pl->e->n)
			break;
		if (pl->next >= pl->base + WINDOW) {
			pthread_cond_wait(&pl->room, &pl->mu);
			continue;
		}
		i = pl->next++;
		pthread_mutex_unlock(&pl->mu);
		memset(&done, 0, sizeof(done));
		prepare_one(&done, pl, i, &in);
		done.ready = 1;
		pthread_mutex_lock(&pl->mu);
		pl->slots[i % WINDOW] = done;
		pthread_cond_broadcast(&pl->ready);
	}
	pthread_mutex_unlock(&pl->mu);
	ct_buf_dispose(&in);
	return NULL;
}

/*
 * Entry i once it is prepared; its slot is free again after. While it is
 * not, the writing thread prepares the next unclaimed entry itself rather
 * than wait: with one worker fewer than CPUs, no thread waits for a CPU
 * and none sits idle, and the writer, on which every version waits, is
 * never the one descheduled (three busy threads on two CPUs each got two
 * thirds of one, and the writer could not keep up).
 */
static slot pool_take(pool *pl, size_t i, ct_buf *in)
{
	slot s;

	pthread_mutex_lock(&pl->mu);
	while (!pl->slots[i % WINDOW].ready) {
		if (pl->next < pl->e->n && pl->next < pl->base + WINDOW) {
			size_t j = pl->next++;

			pthread_mutex_unlock(&pl->mu);
			memset(&s, 0, sizeof(s));
			prepare_one(&s, pl, j, in);
			s.ready = 1;
			pthread_mutex_lock(&pl->mu);
			pl->slots[j % WINDOW] = s;
			continue;
		}
		pthread_cond_wait(&pl->ready, &pl->mu);
	}
	s = pl->slots[i % WINDOW];
	memset(&pl->slots[i % WINDOW], 0, sizeof(s));
	pl->base = i + 1;
	pthread_cond_broadcast(&pl->room);
	pthread_mutex_unlock(&pl->mu);
	return s;
}

/* Stop the workers and drop what they prepared beyond the writer. */
static void pool_stop(pool *pl, pthread_t *threads, int nthreads)
{
	size_t i;
	int k;

	pthread_mutex_lock(&pl->mu);
	pl->stop = 1;
	pthread_cond_broadcast(&pl->room);
	pthread_mutex_unlock(&pl->mu);
	for (k = 0; k < nthreads; k++)
		pthread_join(threads[k], NULL);
	for (i = 0; i < WINDOW; i++) {
		ct_prepared_free(pl->slots[i].p);
		free(pl->slots[i].err);
	}
	pthread_cond_destroy(&pl->ready);
	pthread_cond_destroy(&pl->room);
	pthread_mutex_destroy(&pl->mu);
}

static int default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 8 ? 8 : (int)n;
}

enum { OPT_DURABLE = 256, OPT_PROGRESS, OPT_NO_PROGRESS };

typedef struct import_opts {
	const char *manifest, *type, *archive;
	long batch, jobs;
	int quiet, durable, show;
} import_opts;

/* The options; EXIT_OK, or the exit status to return (-h: -1). */
static int parse_opts(import_opts *o, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "manifest", required_argument, NULL, 'm' },
		{ "type", required_argument, NULL, 't' },
		{ "batch", required_argument, NULL, 'b' },
		{ "durable", no_argument, NULL, OPT_DURABLE },
		{ "jobs", required_argument, NULL, 'j' },
		{ "progress", no_argument, NULL, OPT_PROGRESS },
		{ "no-progress", no_argument, NULL, OPT_NO_PROGRESS },
		{ "archive", required_argument, NULL, 'A' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	char *end;
	int c;

	memset(o, 0, sizeof(*o));
	o->batch = 1000;
	o->show = isatty(2);
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":m:t:b:j:A:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'm': o->manifest = optarg; break;
		case 't': o->type = optarg; break;
		case 'b':
			o->batch = strtol(optarg, &end, 10);
			if (*end || o->batch < 1 || o->batch > 1000000)
				return cli_usage_error("import", "--batch takes a number from 1 to 1000000");
			break;
		case 'j':
			o->jobs = strtol(optarg, &end, 10);
			if (*end || o->jobs < 1 || o->jobs > 8)
				return cli_usage_error("import", "--jobs takes a number from 1 to 8");
			break;
		case OPT_DURABLE: o->durable = 1; break;
		case OPT_PROGRESS: o->show = 1; break;
		case OPT_NO_PROGRESS: o->show = 0; break;
		case 'A': o->archive = optarg; break;
		case 'q': o->quiet = 1; break;
		case 'h': fputs(import_usage, stdout); return -1;
		default: return cli_bad_option("import", c, argv);
		}
	}
	if (o->manifest ? argc != optind : argc - optind != 1)
		return cli_usage_error("import", "give one DIR, or --manifest FILE");
	return EXIT_OK;
}

/* Start the workers: one job prepares inline; more get one worker fewer
 * than jobs beside the writing thread, which prepares too while it has
 * nothing to write. Returns how many started. */
static int pool_start(pool *pl, pthread_t *threads, const entries *e, const ct_archive *archive,
	ct_host *host, const import_opts *o)
{
	long jobs = o->jobs ? o->jobs : default_jobs();
	int n = 0;

	memset(pl, 0, sizeof(*pl));
	pthread_mutex_init(&pl->mu, NULL);
	pthread_cond_init(&pl->ready, NULL);
	pthread_cond_init(&pl->room, NULL);
	pl->e = e;
	pl->archive = archive;
	pl->host = host;
	pl->type = o->type;
	if (jobs > 1 && e->n > 1)
		for (n = 0; n < jobs - 1; n++)
			if (pthread_create(&threads[n], NULL, worker, pl) != 0)
				break;
	return n;
}

/* Commit entry i, prepared in sl, and count it. */
static void commit_one(tally *t, slot *sl, const entry *en, ct_archive *archive, ct_host *host,
	int show)
{
	ct_add_result r;
	size_t k;

	if (sl->err) {
		if (show)
			fputc('\n', stderr);
		if (sl->read_failed)
			cli_error("import: %s", sl->err);
		else
			cli_error("import: %s: %s", en->id, sl->err);
		free(sl->err);
		t->failed++;
	} else if (ct_archive_commit(&r, archive, host, sl->p) < 0) {
		if (show)
			fputc('\n', stderr);
		cli_error("import: %s: %s", en->id, ct_error_last());
		t->failed++;
	} else {
		for (k = 0; k < r.nwarnings; k++)
			cli_warn("%s: %s", en->path, r.warnings[k]);
		if (r.created)
			t->created++;
		else
			t->unchanged++;
		ct_add_result_dispose(&r);
	}
	ct_prepared_free(sl->p);
	t->done++;
}

/* Prepare and commit every entry, in group commits of o->batch; EXIT_OK,
 * or the exit status when the batch could not start. */
static int import_all(tally *t, const entries *e, ct_archive *archive, ct_host *host,
	const import_opts *o)
{
	pthread_t threads[7];
	ct_buf in = CT_BUF_INIT;
	pool pl;
	int in_batch = 0, nthreads;
	size_t i;

	if (o->batch > 1) {
		if (ct_archive_batch_begin(archive) < 0)
			return cli_lib_error();
		in_batch = 1;
	}
	nthreads = pool_start(&pl, threads, e, archive, host, o);
	t->start = t->last = now_s();
	for (i = 0; i < e->n; i++) {
		slot sl;

		if (nthreads) {
			sl = pool_take(&pl, i, &in);
		} else {
			memset(&sl, 0, sizeof(sl));
			prepare_one(&sl, &pl, i, &in);
		}
		commit_one(t, &sl, &e->v[i], archive, host, o->show);
		if (in_batch && ct_archive_batch_pending(archive) >= (size_t)o->batch &&
		    ct_archive_batch_flush(archive) < 0)
			batch_failed(t, archive, o->show);
		if (o->show && now_s() - t->last >= 0.1) {
			t->last = now_s();
			progress(t, e->n, 0);
		}
	}
	pool_stop(&pl, threads, nthreads);
	if (in_batch && ct_archive_batch_end(archive) < 0)
		batch_failed(t, archive, o->show);
	ct_buf_dispose(&in);
	return EXIT_OK;
}

static void print_summary(const tally *t, size_t ndocs, size_t skipped)
{
	double el = now_s() - t->start;

	printf("imported %zu version%s of %zu document%s: %zu new, %zu unchanged, %zu failed "
		"(%.2f s, %.0f versions/s)\n", t->done, t->done == 1 ? "" : "s", ndocs,
		ndocs == 1 ? "" : "s", t->created, t->unchanged, t->failed, el,
		el > 0 ? (double)t->done / el : 0.0);
	if (skipped)
		printf("skipped %zu version%s already archived (the same bytes are stored)\n",
			skipped, skipped == 1 ? "" : "s");
	fflush(stdout);
}

int cmd_import(int argc, char **argv)
{
	ct_archive *archive = NULL;
	ct_host *host = NULL;
	entries e = { NULL, 0, 0 };
	import_opts o;
	tally t;
	int rc;
	size_t skipped = 0, ndocs = 0;

	memset(&t, 0, sizeof(t));
	if ((rc = parse_opts(&o, argc, argv)) != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	if ((rc = cli_archive_open(&archive, o.archive)) != EXIT_OK)
		return rc;
	if (o.durable)
		ct_archive_set_durable(archive, 1);
	if ((rc = o.manifest ? read_manifest(&e, o.manifest) : scan_tree(&e, argv[optind])) != EXIT_OK)
		goto out;
	if ((rc = drop_archived(&skipped, &e, archive)) != EXIT_OK)
		goto out;
	ndocs = count_docs(&e);
	if ((rc = cli_host(&host)) != EXIT_OK)
		goto out;
	if ((rc = import_all(&t, &e, archive, host, &o)) != EXIT_OK)
		goto out;
	if (o.show)
		progress(&t, e.n, 1);
	if (!o.quiet)
		print_summary(&t, ndocs, skipped);
	rc = t.failed ? EXIT_TROUBLE : EXIT_OK;
out:
	entries_free(&e);
	ct_archive_free(archive);
	ct_host_free(host);
	return rc;
}
