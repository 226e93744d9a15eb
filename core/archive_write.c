/* SPDX-License-Identifier: MIT */
/*
 * Writing a version: prepare (parse, extract, render, hash: no archive
 * needed, any thread) and commit (build the commit on the current tip and
 * move the branch by compare-and-swap, retrying when another writer got
 * there first). The tip cache remembers the last versions written so that
 * a bulk import reads nothing back.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <git2.h>

#include "claimtrack/archive.h"
#include "claimtrack/diff.h"
#include "claimtrack/text.h"
#include "archive_internal.h"
#include "claims_internal.h"

#define git_fail ct_archive__git_error
#define CAS_ATTEMPTS 1000
#define SIG_NAME "claimtrack"
#define SIG_EMAIL "claimtrack@localhost"
/* changes listed in a commit body before "... and N more" */
#define BODY_CHANGES_MAX 40

/* ---- the tip cache ---- */

static ct_tip_cache *cache_by_id(ct_archive *a, const char *id)
{
	size_t i;

	for (i = 0; i < CT_TIP_CACHE_SIZE; i++)
		if (a->cache[i].id && !strcmp(a->cache[i].id, id))
			return &a->cache[i];
	return NULL;
}

/* What the archive remembers of id's version at commit, or NULL. */
static ct_tip_cache *cache_find(ct_archive *a, const char *id, const git_oid *commit)
{
	ct_tip_cache *c = cache_by_id(a, id);

	if (!c || !git_oid_equal(&c->commit, commit))
		return NULL;
	c->used = ++a->cache_clock;
	return c;
}

/* Remember id's version at commit; takes the claims (*claims is left
 * empty). Never fails: a cache that cannot grow just forgets. */
static void cache_put(ct_archive *a, const char *id, const git_oid *commit,
	const git_oid *source, unsigned int number, int64_t observed, ct_claimset *claims)
{
	ct_tip_cache *c = cache_by_id(a, id);
	ct_claimset none = CT_CLAIMSET_INIT;
	size_t i;

	if (!c) {
		c = &a->cache[0];
		for (i = 1; i < CT_TIP_CACHE_SIZE && c->id; i++)
			if (!a->cache[i].id || a->cache[i].used < c->used)
				c = &a->cache[i];
		free(c->id);
		if (!(c->id = strdup(id))) {
			ct_claimset_clear(&c->claims);
			return;
		}
	}
	ct_claimset_clear(&c->claims);
	c->claims = *claims;
	*claims = none;
	git_oid_cpy(&c->commit, commit);
	git_oid_cpy(&c->source, source);
	c->number = number;
	c->observed = observed;
	c->used = ++a->cache_clock;
}

void ct_archive__cache_drop(ct_archive *a)
{
	size_t i;

	for (i = 0; i < CT_TIP_CACHE_SIZE; i++) {
		free(a->cache[i].id);
		ct_claimset_clear(&a->cache[i].claims);
		memset(&a->cache[i], 0, sizeof(a->cache[i]));
	}
}

int ct_archive_claims(ct_claimset *set, ct_archive *a, ct_host *host, const ct_archive_version *v)
{
	char label[300];
	git_oid oid;
	size_t i;

	if (git_oid_fromstr(&oid, v->commit) == 0)
		for (i = 0; i < CT_TIP_CACHE_SIZE; i++)
			if (a->cache[i].id && git_oid_equal(&oid, &a->cache[i].commit))
				return ct_claimset_copy(set, &a->cache[i].claims);
	snprintf(label, sizeof(label), "version %u (%.12s)", v->number, v->commit);
	return ct_archive__derive(NULL, set, a, host, v, label);
}

/* ---- writing ---- */

/* text.txt: each block's sentences one per line, blocks apart by a blank
 * line, so `git diff` shows the sentence that moved. */
int ct_archive__render_text(ct_buf *b, const ct_doc *doc)
{
	ct_span *sp = NULL;
	size_t i, k, j, ns;
	int err = 0;

	for (i = 0; i < doc->nblocks && !err; i++) {
		const ct_block *bl = &doc->blocks[i];

		if (i && (err = ct_buf_putc(b, '\n')) < 0)
			break;
		if ((err = ct_sentences(&sp, &ns, bl->text, bl->len)) < 0)
			break;
		for (k = 0, j = 0; k < ns; k++)
			j += sp[k].len + 1;
		if ((err = ct_buf_grow(b, j)) < 0)
			break;
		for (k = 0; k < ns; k++) {
			const char *s = bl->text + sp[k].start;
			char *o = b->ptr + b->len;

			/* one line per sentence: its own line breaks become spaces */
			for (j = 0; j < sp[k].len; j++)
				o[j] = s[j] == '\n' || s[j] == '\r' ? ' ' : s[j];
			o[j] = '\n';
			b->len += j + 1;
		}
		b->ptr[b->len] = '\0';
		free(sp);
		sp = NULL;
	}
	free(sp);
	if (!err && !b->ptr)
		err = ct_buf_grow(b, 0);
	return err;
}

/* claims.txt: one ct_claim_line per claim in canonical order. */
int ct_archive__render_claims(ct_buf *b, const ct_claimset *set)
{
	ct_claimset sorted = CT_CLAIMSET_INIT;
	size_t i;
	int err = 0;

	/* sorting moves whole claims and copies no string: a shallow copy of
	 * the items is enough, and only that array is freed */
	if (set->count) {
		if (!(sorted.items = malloc(set->count * sizeof(*sorted.items))))
			return ct_error_set(CT_ENOMEM, "out of memory");
		memcpy(sorted.items, set->items, set->count * sizeof(*sorted.items));
		sorted.count = sorted.alloc = set->count;
		ct_claimset_sort(&sorted);
	}
	/* the claims `claims` lists: dates and labels are re-derived on demand */
	for (i = 0; i < sorted.count && !err; i++)
		if (ct_claim_kind_is_listed(sorted.items[i].kind) &&
		    (err = ct_claims__line_put(b, &sorted.items[i])) == 0)
			err = ct_buf_putc(b, '\n');
	if (!err && !b->ptr)
		err = ct_buf_grow(b, 0);
	free(sorted.items);
	return err;
}

/* The extension of the stored source: the plugin's first one. */
static const char *source_ext(const ct_plugin *p)
{
	const char *e;
	size_t i;

	if (!p || !p->extensions || !(e = p->extensions[0]) || !*e || strlen(e) > 10)
		return "bin";
	for (i = 0; e[i]; i++)
		if (!((e[i] >= 'a' && e[i] <= 'z') || (e[i] >= '0' && e[i] <= '9')))
			return "bin";
	return e;
}

/* A trailer value on one line, without control characters. */
static int put_trailer(ct_buf *b, const char *key, const char *value)
{
	size_t i, n, start;
	int err;

	if (!value)
		return 0;
	n = strlen(value);
	for (start = 0; start < n && (unsigned char)value[start] <= ' '; start++)
		;
	while (n > start && (unsigned char)value[n - 1] <= ' ')
		n--;
	if (n == start)
		return 0;
	if (n - start > 1000)
		n = start + 1000;
	if ((err = ct_buf_printf(b, "%s: ", key)) < 0)
		return err;
	for (i = start; i < n && !err; i++) {
		unsigned char c = (unsigned char)value[i];

		err = ct_buf_putc(b, c < 0x20 || c == 0x7f ? ' ' : (char)c);
	}
	return err ? err : ct_buf_putc(b, '\n');
}

static void format_time(char *out, size_t size, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int summary_counts(ct_buf *b, const ct_add_result *r, unsigned int number)
{
	int err;

	if (number == 1)
		return ct_buf_printf(b, "%zu figure%s", r->nclaims, r->nclaims == 1 ? "" : "s");
	if (!r->changed && !r->added && !r->removed)
		err = ct_buf_puts(b, "no figure changed");
	else
		err = ct_buf_printf(b, "%zu changed, %zu added, %zu removed",
			r->changed, r->added, r->removed);
	/* in a feed, stories coming and going are item events, not figures */
	if (!err && (r->items_arrived || r->items_left))
		err = ct_buf_printf(b, "; %zu item%s arrived, %zu left", r->items_arrived,
			r->items_arrived == 1 ? "" : "s", r->items_left);
	return err;
}

int ct_archive_summary(ct_buf *b, const ct_add_result *r)
{
	return summary_counts(b, r, r->version.number);
}

typedef struct commit_info {
	const char *id;
	unsigned int number;
	int64_t observed;
	const ct_add_options *opts;
	const ct_doc *doc;
	const char *media_type;
	size_t nsentences;
} commit_info;

int ct_archive__message_head(ct_buf *b, const char *id, unsigned int number, int64_t observed,
	const ct_add_result *r, size_t nsentences, const ct_diff *d)
{
	char when[32];
	size_t i;
	int err;

	format_time(when, sizeof(when), observed);
	if ((err = ct_buf_printf(b, "%s: version %u (", id, number)) < 0 ||
	    (err = summary_counts(b, r, number)) < 0 ||
	    (err = ct_buf_puts(b, ")\n\n")) < 0)
		return err;
	if (number == 1)
		err = ct_buf_printf(b, "First version of %s, observed %s: %zu figure%s in %zu sentence%s.\n",
			id, when, r->nclaims, r->nclaims == 1 ? "" : "s",
			nsentences, nsentences == 1 ? "" : "s");
	else
		err = ct_buf_printf(b, "Observed %s: %zu figure%s in %zu sentence%s.\n",
			when, r->nclaims, r->nclaims == 1 ? "" : "s",
			nsentences, nsentences == 1 ? "" : "s");
	if (!err && d && d->count && number > 1) {
		err = ct_buf_printf(b, "\nFigures that changed since version %u:\n", number - 1);
		for (i = 0; i < d->count && i < BODY_CHANGES_MAX && !err; i++) {
			const ct_change *c = &d->changes[i];

			if (c->change == CT_CHANGE_CHANGED)
				err = ct_buf_printf(b, "  ~ %s -> %s\n", c->old->text, c->new->text);
			else if (c->change == CT_CHANGE_ADDED)
				err = ct_buf_printf(b, "  + %s\n", c->new->text);
			else
				err = ct_buf_printf(b, "  - %s\n", c->old->text);
		}
		if (!err && d->count > BODY_CHANGES_MAX)
			err = ct_buf_printf(b, "  ... and %zu more\n", d->count - BODY_CHANGES_MAX);
	}
	if (!err && d && d->nitems && number > 1) {
		err = ct_buf_printf(b, "\nFeed items that arrived or left since version %u:\n",
			number - 1);
		for (i = 0; i < d->nitems && i < BODY_CHANGES_MAX && !err; i++) {
			const ct_claim_section *it = d->items[i].item;

			err = ct_buf_printf(b, "  %s %s\n", d->items[i].event == CT_ITEM_ARRIVED ? "+" : "-",
				it && it->title ? it->title : it ? it->id : "(item)");
		}
		if (!err && d->nitems > BODY_CHANGES_MAX)
			err = ct_buf_printf(b, "  ... and %zu more\n", d->nitems - BODY_CHANGES_MAX);
	}
	if (!err)
		err = ct_buf_putc(b, '\n');
	return err;
}

static int build_message(ct_buf *b, const commit_info *ci, const ct_add_result *r,
	const ct_diff *d)
{
	char when[32];
	int err;

	format_time(when, sizeof(when), ci->observed);
	err = ct_archive__message_head(b, ci->id, ci->number, ci->observed, r, ci->nsentences, d);
	if (!err)
		err = put_trailer(b, "Claimtrack-Source", ci->opts->source_url);
	if (!err && !ci->opts->source_url && ci->opts->name) {
		const char *base = strrchr(ci->opts->name, '/');

		/* the file's name only: a machine's paths are nobody's business */
		err = put_trailer(b, "Claimtrack-File", base ? base + 1 : ci->opts->name);
	}
	if (!err)
		err = put_trailer(b, "Claimtrack-Media-Type", ci->media_type);
	if (!err) {
		char plugin[200];

		snprintf(plugin, sizeof(plugin), "%s %s", ci->doc->type,
			ci->doc->plugin_version ? ci->doc->plugin_version : "0");
		err = put_trailer(b, "Claimtrack-Plugin", plugin);
	}
	if (!err)
		err = put_trailer(b, "Claimtrack-Extractor", CT_EXTRACTOR_VERSION);
	if (!err)
		err = put_trailer(b, "Claimtrack-Observed", when);
	if (!err)
		err = put_trailer(b, "Claimtrack-ETag", ci->opts->etag);
	if (!err)
		err = put_trailer(b, "Claimtrack-Last-Modified", ci->opts->last_modified);
	if (!err)
		err = put_trailer(b, "Claimtrack-Region", ci->opts->region);
	return err;
}

/* The lines of text that are not empty: a sentence each. */
size_t ct_archive__count_sentences(const ct_buf *text)
{
	const char *p = text->ptr, *end = p + text->len, *nl;
	size_t n = 0;

	if (!p)
		return 0;
	for (; (nl = memchr(p, '\n', (size_t)(end - p))) != NULL; p = nl + 1)
		if (nl > text->ptr && nl[-1] != '\n')
			n++;
	return n;
}

void ct_archive__count_changes(ct_add_result *r, const ct_diff *d)
{
	r->changed = d ? d->changed : 0;
	r->added = d ? d->added : 0;
	r->removed = d ? d->removed : 0;
	r->items_arrived = d ? d->items_arrived : 0;
	r->items_left = d ? d->items_left : 0;
}

enum { F_SOURCE, F_TEXT, F_CLAIMS, F_COUNT };

struct ct_prepared {
	char *id;
	ct_add_options opts;      /* its strings owned */
	int64_t observed;
	char *media_type;
	ct_doc *doc;
	ct_claimset claims;
	size_t nsentences;
	char source_name[32];
	/* the stored files, by F_*: their ids and bytes; in a batch, when
	 * ct_prepared_deflate was called, their whole pack entries too */
	int packed;
	ct_packed files[F_COUNT];
	ct_buf raw[F_COUNT];
};

void ct_prepared_free(ct_prepared *p)
{
	size_t i;

	if (!p)
		return;
	free(p->id);
	free((char *)p->opts.type);
	free((char *)p->opts.name);
	free((char *)p->opts.source_url);
	free((char *)p->opts.content_type);
	free((char *)p->opts.etag);
	free((char *)p->opts.last_modified);
	free((char *)p->opts.region);
	free(p->media_type);
	ct_doc_free(p->doc);
	ct_claimset_clear(&p->claims);
	for (i = 0; i < F_COUNT; i++) {
		ct_buf_dispose(&p->files[i].entry);
		ct_buf_dispose(&p->raw[i]);
	}
	free(p);
}

static int dup_opt(const char **dst, const char *s)
{
	if (s && !(*dst = strdup(s)))
		return ct_error_set(CT_ENOMEM, "out of memory");
	return 0;
}

#define TRY_AGAIN 1

/* "tree ...\nparent ...\nauthor ...\ncommitter ...\n\n<message>": what
 * git_commit_create writes, made here so that a batch needs no parent
 * object to build a commit on. */
int ct_archive__commit_raw(ct_buf *b, const git_oid *tree, const git_oid *parent,
	int64_t when, const char *message)
{
	char hex[GIT_OID_HEXSZ + 1];
	int err;

	git_oid_tostr(hex, sizeof(hex), tree);
	if ((err = ct_buf_printf(b, "tree %s\n", hex)) < 0)
		return err;
	if (parent) {
		git_oid_tostr(hex, sizeof(hex), parent);
		if ((err = ct_buf_printf(b, "parent %s\n", hex)) < 0)
			return err;
	}
	if ((err = ct_buf_printf(b, "author " SIG_NAME " <" SIG_EMAIL "> %" PRId64 " +0000\n"
		"committer " SIG_NAME " <" SIG_EMAIL "> %" PRId64 " +0000\n\n", when, when)) < 0)
		return err;
	return ct_buf_puts(b, message);
}

/* A tree of the three files, entries in git's order (by name: all blobs). */
static int tree_raw(ct_buf *b, const ct_prepared *p)
{
	const char *name[F_COUNT] = { p->source_name, "text.txt", "claims.txt" };
	int order[F_COUNT] = { F_SOURCE, F_TEXT, F_CLAIMS }, i, j, t, err = 0;

	for (i = 1; i < F_COUNT; i++)
		for (j = i; j > 0 && strcmp(name[order[j - 1]], name[order[j]]) > 0; j--)
			t = order[j], order[j] = order[j - 1], order[j - 1] = t;
	for (i = 0; i < F_COUNT && !err; i++) {
		if ((err = ct_buf_printf(b, "100644 %s", name[order[i]])) == 0 &&
		    (err = ct_buf_putc(b, '\0')) == 0)
			err = ct_buf_put(b, (const char *)p->files[order[i]].oid.id, GIT_OID_RAWSZ);
	}
	return err;
}

/* Write one object: into the batch's pack, or loose through libgit2. */
int ct_archive__write_object(git_oid *out, ct_archive *a, git_object_t type,
	const void *data, size_t len, const char *id)
{
	git_odb *odb = NULL;
	int err = 0;

	if (a->sink)
		return ct_archive__sink_write(a->sink, out, type, data, len);
	if (git_repository_odb(&odb, a->repo) < 0 || git_odb_write(out, odb, data, len, type) < 0)
		err = git_fail(CT_EIO, "archive: cannot write an object of '%s'", id);
	git_odb_free(odb);
	return err;
}

/* The first line of a message: what git_commit_summary gives for ours. */
static int message_summary(char **out, const char *msg)
{
	size_t n = strcspn(msg, "\n");

	if (!(*out = malloc(n + 1)))
		return ct_error_set(CT_ENOMEM, "out of memory");
	memcpy(*out, msg, n);
	(*out)[n] = '\0';
	return 0;
}

/* Where a version observed before the tip goes (*ins). 1 when the
 * version next to that place holds the same bytes: r is that version and
 * nothing is to be written; 0 to insert; < 0 error. */
static int insert_point(ct_add_result *r, ct_insertion *ins, ct_archive *a, const char *id,
	const ct_prepared *p, const git_oid *tip, int64_t observed)
{
	const git_oid *same = NULL;
	unsigned int same_number = 0;
	git_commit *c = NULL;
	int err;

	if ((err = ct_archive__insertion(ins, a, id, tip, observed)) < 0)
		return err;
	if (ins->has_base && git_oid_equal(&ins->base_source, &p->files[F_SOURCE].oid))
		same = &ins->base, same_number = ins->base_number;
	else if (git_oid_equal(&ins->next_source, &p->files[F_SOURCE].oid))
		same = &ins->tail[0], same_number = ins->base_number + 1;
	if (!same)
		return 0;
	r->created = 0;
	if (ct_archive__commit(&c, a->repo, same) < 0)
		return git_fail(CT_EARCHIVE, "archive: cannot read a version of '%s'", id);
	err = ct_archive__version_fill(&r->version, a, c, same_number);
	git_commit_free(c);
	return err < 0 ? err : 1;
}

/* One attempt at committing a version: what it builds on and makes. */
typedef struct commit_attempt {
	ct_archive *a;
	ct_host *host;
	commit_info *ci;
	ct_prepared *p;
	git_oid tip;              /* the branch's tip read (tip_known) */
	git_oid on;               /* the commit built on (has_parent) */
	git_oid psource;          /* its source blob */
	git_oid coid;             /* the version's commit */
	git_oid newtip;           /* the branch's tip after (coid, or a re-made tail) */
	int tip_known, has_parent, inserting;
	int64_t ptime;
	const ct_tip_cache *cached;
	git_commit *parent;
	git_tree *ptree;
	ct_claimset prev_own;
	const ct_claimset *prev;  /* the claims of the version built on */
	ct_insertion ins;
	ct_buf msg;
} commit_attempt;

/* The branch's tip and what the new version needs of it: its number,
 * time and source id from the tip cache, else from the tip commit. */
static int attempt_read_tip(commit_attempt *t)
{
	const git_tree_entry *pse;
	int err = ct_archive__tip(&t->tip, t->a, t->ci->id);

	if (err == CT_ENOTFOUND)
		return 0;
	if (err < 0)
		return err;
	t->has_parent = t->tip_known = 1;
	git_oid_cpy(&t->on, &t->tip);
	if ((t->cached = cache_find(t->a, t->ci->id, &t->tip)) != NULL) {
		t->ci->number = t->cached->number;
		t->ptime = t->cached->observed;
		git_oid_cpy(&t->psource, &t->cached->source);
		t->prev = &t->cached->claims;
		return 0;
	}
	if (ct_archive__commit(&t->parent, t->a->repo, &t->tip) < 0 ||
	    git_commit_tree(&t->ptree, t->parent) < 0)
		return git_fail(CT_EARCHIVE, "archive: cannot read the latest version of '%s'",
			t->ci->id);
	if ((err = ct_archive__commit_number(&t->ci->number, t->a, t->parent)) < 0)
		return err;
	t->ptime = (int64_t)git_commit_time(t->parent);
	if ((pse = ct_archive__source_entry(t->ptree)) != NULL)
		git_oid_cpy(&t->psource, git_tree_entry_id(pse));
	return 0;
}

/* The same bytes as the latest version: r is that version, nothing is
 * recorded. */
static int attempt_unchanged(ct_add_result *r, commit_attempt *t)
{
	int err;

	r->created = 0;
	if (!t->parent && ct_archive__commit(&t->parent, t->a->repo, &t->tip) < 0)
		return git_fail(CT_EARCHIVE, "archive: cannot read the latest version of '%s'",
			t->ci->id);
	err = ct_archive__version_fill(&r->version, t->a, t->parent, t->ci->number);
	if (!err && !t->cached)
		cache_put(t->a, t->ci->id, &t->tip, &t->psource, t->ci->number,
			(int64_t)git_commit_time(t->parent), &t->p->claims);
	return err;
}

/* Observed before the latest version: it goes where its time puts it,
 * and the versions after it are re-made on top of it. 1 when a neighbour
 * there holds these bytes (r is that version, nothing to write). */
static int attempt_insert(ct_add_result *r, commit_attempt *t)
{
	int err;

	git_commit_free(t->parent);
	git_tree_free(t->ptree);
	t->parent = NULL;
	t->ptree = NULL;
	if ((err = insert_point(r, &t->ins, t->a, t->ci->id, t->p, &t->tip, t->ci->observed)) != 0)
		return err;
	t->inserting = 1;
	t->cached = NULL;
	t->prev = &t->prev_own;
	t->has_parent = t->ins.has_base;
	t->ci->number = t->has_parent ? t->ins.base_number : 1;
	if (!t->has_parent)
		return 0;
	git_oid_cpy(&t->on, &t->ins.base);
	if (ct_archive__commit(&t->parent, t->a->repo, &t->on) < 0)
		return git_fail(CT_EARCHIVE, "archive: cannot read a version of '%s'", t->ci->id);
	return 0;
}

/* The version's commit on t->on (its figure changes against the claims
 * of the version before), and when inserting the tail re-made on it. */
static int attempt_write(ct_add_result *r, commit_attempt *t, const git_oid *tree_oid)
{
	ct_buf raw = CT_BUF_INIT;
	ct_diff *d = NULL;
	int err = 0;

	if (t->has_parent && !t->cached) {
		ct_archive_version pv;

		if ((err = ct_archive__version_fill(&pv, t->a, t->parent, t->ci->number)) < 0)
			return err;
		err = ct_archive_claims(&t->prev_own, t->a, t->host, &pv);
		ct_version_dispose(&pv);
		if (err < 0)
			return ct_error_wrap(err, "archive: cannot re-read version %u of '%s'",
				t->ci->number, t->ci->id);
	}
	if (t->has_parent)
		t->ci->number++;
	if ((err = ct_diff_compute(&d, t->prev, &t->p->claims, NULL)) < 0)
		return err;
	ct_archive__count_changes(r, t->has_parent ? d : NULL);
	if ((err = build_message(&t->msg, t->ci, r, t->has_parent ? d : NULL)) == 0 &&
	    (err = ct_archive__commit_raw(&raw, tree_oid, t->has_parent ? &t->on : NULL,
		t->ci->observed, t->msg.ptr)) == 0)
		err = t->a->sink ? ct_archive__sink_put_commit(t->a->sink, t->ci->id, &t->coid, &raw) :
			ct_archive__write_object(&t->coid, t->a, GIT_OBJECT_COMMIT, raw.ptr, raw.len,
				t->ci->id);
	/* the diff borrows the claims of the version before */
	ct_diff_free(d);
	ct_buf_dispose(&raw);
	git_oid_cpy(&t->newtip, &t->coid);
	if (!err && t->inserting) {
		ct_claimset after = CT_CLAIMSET_INIT;

		if ((err = ct_claimset_copy(&after, &t->p->claims)) == 0)
			err = ct_archive__rechain(&t->newtip, t->a, t->host, t->ci->id, &t->coid,
				t->ci->number, &after, t->ins.tail, t->ins.ntail);
		ct_claimset_clear(&after);
	}
	return err;
}

/* The commits and all they name exist: move the ref from the tip this
 * was built against (batched: at the flush, after the pack is written),
 * and say what was stored. */
static int attempt_record(ct_add_result *r, commit_attempt *t)
{
	char *summary = NULL;
	int err;

	if (t->a->sink)
		err = ct_archive__pending_set(t->a, t->ci->id, t->tip_known ? &t->tip : NULL,
			&t->newtip);
	else
		err = ct_archive__move_ref(t->a, t->ci->id, &t->newtip, t->tip_known ? &t->tip : NULL);
	if (err == CT_REFS_MOVED)
		return TRY_AGAIN;
	if (err < 0)
		return err;
	r->created = 1;
	memset(&r->version, 0, sizeof(r->version));
	r->version.number = t->ci->number;
	git_oid_tostr(r->version.commit, sizeof(r->version.commit), &t->coid);
	r->version.observed_at = t->ci->observed;
	if ((err = message_summary(&summary, t->msg.ptr)) == 0 &&
	    (err = ct_archive__fill_from_message(&r->version, summary, t->msg.ptr)) == 0)
		err = ct_archive__dup(&r->version.source_name, t->p->source_name);
	free(summary);
	if (!err && !t->inserting)
		cache_put(t->a, t->ci->id, &t->coid, &t->p->files[F_SOURCE].oid, t->ci->number,
			t->ci->observed, &t->p->claims);
	return err;
}

/*
 * One attempt: read the tip, build the commit on it, move the ref if it
 * still points at that tip. TRY_AGAIN when another writer got there first.
 * The previous version's number, source id and claims come from the tip
 * cache when it still describes the tip, so a bulk import reads nothing
 * back; otherwise from the tip commit, re-deriving its claims.
 */
static int try_commit(ct_add_result *r, ct_archive *a, ct_host *host, commit_info *ci,
	ct_prepared *p, const git_oid *tree_oid)
{
	commit_attempt t;
	int err;

	memset(&t, 0, sizeof(t));
	t.a = a;
	t.host = host;
	t.ci = ci;
	t.p = p;
	t.prev = &t.prev_own;
	ci->number = 1;
	if ((err = attempt_read_tip(&t)) < 0)
		goto out;
	if (t.has_parent && git_oid_equal(&t.psource, &p->files[F_SOURCE].oid)) {
		err = attempt_unchanged(r, &t);
		goto out;
	}
	if (t.has_parent && ci->observed < t.ptime && (err = attempt_insert(r, &t)) != 0) {
		if (err > 0)
			err = 0;   /* a neighbour holds these bytes: one version */
		goto out;
	}
	if ((err = attempt_write(r, &t, tree_oid)) == 0)
		err = attempt_record(r, &t);
out:
	ct_insertion_dispose(&t.ins);
	git_tree_free(t.ptree);
	git_commit_free(t.parent);
	ct_buf_dispose(&t.msg);
	ct_claimset_clear(&t.prev_own);
	return err;
}

int ct_archive_prepare(ct_prepared **out, const ct_archive *a, ct_host *host,
	const char *id, const char *data, size_t len, const ct_add_options *opts)
{
	ct_add_options defaults = CT_ADD_OPTIONS_INIT;
	ct_parse_request req = CT_PARSE_REQUEST_INIT;
	ct_buf text = CT_BUF_INIT, lines = CT_BUF_INIT;
	const ct_plugin *plugin;
	ct_prepared *p;
	const char *media_type;
	size_t i;
	int err;

	*out = NULL;
	if (!opts)
		opts = &defaults;
	if ((err = ct_archive_id_check(id)) < 0)
		return err;
	if (!(p = calloc(1, sizeof(*p))))
		return ct_error_set(CT_ENOMEM, "out of memory");
	p->opts.version = CT_ADD_OPTIONS_VERSION;
	p->opts.observed_at = opts->observed_at;
	if (!(p->id = strdup(id)) || dup_opt(&p->opts.type, opts->type) < 0 ||
	    dup_opt(&p->opts.name, opts->name) < 0 ||
	    dup_opt(&p->opts.source_url, opts->source_url) < 0 ||
	    dup_opt(&p->opts.content_type, opts->content_type) < 0 ||
	    dup_opt(&p->opts.etag, opts->etag) < 0 ||
	    dup_opt(&p->opts.last_modified, opts->last_modified) < 0 ||
	    (opts->version >= 2 && dup_opt(&p->opts.region, opts->region) < 0)) {
		err = ct_error_set(CT_ENOMEM, "out of memory");
		goto out;
	}
	p->observed = opts->observed_at ? opts->observed_at : (int64_t)time(NULL);
	/* git cannot represent times before 1970 in a commit */
	if (p->observed < 0 || p->observed > INT64_C(253402300799)) {
		err = ct_error_set(CT_EINVAL, "%s: observation time is out of range (1970 to 9999)", id);
		goto out;
	}

	/* everything that can be wrong with the input fails before a write */
	req.type = opts->type;
	req.name = opts->name ? opts->name : id;
	req.content_type = opts->content_type;
	req.region = p->opts.region;
	if ((err = ct_host_parse(&p->doc, host, data, len, &req)) < 0)
		goto out;
	if (p->doc->nblocks == 0) {
		err = ct_error_set(CT_EINVAL, "%s: no text in this document", req.name);
		goto out;
	}
	plugin = ct_host_find(host, p->doc->type);
	media_type = opts->content_type ? opts->content_type :
		plugin && plugin->media_types ? plugin->media_types[0] : NULL;
	if (media_type && !(p->media_type = strdup(media_type))) {
		err = ct_error_set(CT_ENOMEM, "out of memory");
		goto out;
	}
	/* one sentence split per block serves the claims and text.txt; this
	 * thread's cache keeps the claims of the sentences its earlier
	 * versions had, which most of a new version repeats */
	if ((err = ct_claims__extract_render(&p->claims, &text, p->doc,
			ct_claims_cache__thread())) < 0 ||
	    (err = ct_archive__render_claims(&lines, &p->claims)) < 0)
		goto out;
	p->nsentences = ct_archive__count_sentences(&text);
	snprintf(p->source_name, sizeof(p->source_name), "source.%s", source_ext(plugin));

	/* the files' bytes and ids; a batch packs them at the commit, as
	 * deltas against the document's last version when it can */
	p->packed = a->sink != NULL;
	if ((err = ct_buf_put(&p->raw[F_SOURCE], data, len)) < 0)
		goto out;
	p->raw[F_TEXT] = text;
	p->raw[F_CLAIMS] = lines;
	memset(&text, 0, sizeof(text));
	memset(&lines, 0, sizeof(lines));
	for (i = 0; i < F_COUNT && !err; i++)
		err = ct_archive__hash(&p->files[i].oid, p->raw[i].ptr ? p->raw[i].ptr : "",
			p->raw[i].len, GIT_OBJECT_BLOB);
out:
	ct_buf_dispose(&text);
	ct_buf_dispose(&lines);
	if (err)
		ct_prepared_free(p);
	else
		*out = p;
	return err;
}

int ct_prepared_deflate(ct_prepared *p)
{
	size_t i;
	int err;

	for (i = 0; p->packed && i < F_COUNT; i++)
		if (!p->files[i].entry.len &&
		    (err = ct_archive__pack_entry(&p->files[i], GIT_OBJECT_BLOB,
			p->raw[i].ptr ? p->raw[i].ptr : "", p->raw[i].len, &p->files[i].oid)) < 0)
			return err;
	return 0;
}

int ct_archive_commit(ct_add_result *out, ct_archive *a, ct_host *host, ct_prepared *p)
{
	ct_buf tree = CT_BUF_INIT;
	git_oid tree_oid, oid;
	commit_info ci;
	unsigned int attempt;
	size_t i;
	int err = 0;

	memset(out, 0, sizeof(*out));
	memset(&ci, 0, sizeof(ci));
	if (p->packed != (a->sink != NULL))
		return ct_error_set(CT_EINVAL, "archive: '%s' was prepared %s a batch", p->id,
			p->packed ? "inside" : "outside");
	ci.id = p->id;
	ci.opts = &p->opts;
	ci.observed = p->observed;
	ci.doc = p->doc;
	ci.media_type = p->media_type;
	ci.nsentences = p->nsentences;
	out->nclaims = 0;
	for (i = 0; i < p->claims.count; i++)
		out->nclaims += ct_claim_kind_is_listed(p->claims.items[i].kind) != 0;
	/* blobs and tree before any commit names them */
	for (i = 0; i < F_COUNT && !err; i++) {
		if (p->packed)
			err = ct_archive__sink_put_blob(a->sink, p->id, (int)i, &p->files[i].oid,
				&p->raw[i], p->files[i].entry.len ? &p->files[i] : NULL);
		else
			err = ct_archive__write_object(&oid, a, GIT_OBJECT_BLOB, p->raw[i].ptr ? p->raw[i].ptr : "",
				p->raw[i].len, p->id);
	}
	if (err || (err = tree_raw(&tree, p)) < 0 ||
	    (err = ct_archive__write_object(&tree_oid, a, GIT_OBJECT_TREE, tree.ptr, tree.len, p->id)) < 0)
		goto out;
	for (attempt = 0;; attempt++) {
		ct_version_dispose(&out->version);
		err = try_commit(out, a, host, &ci, p, &tree_oid);
		if (err != TRY_AGAIN)
			break;
		/* another writer moved the branch first: it made progress, so this
		 * only repeats while others keep adding to the same document */
		if (attempt + 1 >= CAS_ATTEMPTS) {
			err = ct_error_set(CT_ECONFLICT,
				"archive: '%s' changed under this add %u times in a row while other "
				"writers added to it; nothing was stored, add it again", p->id, attempt + 1);
			break;
		}
		ct_lock_backoff(attempt);
	}
	if (err)
		goto out;
	/* hand the parser's diagnostics to the caller */
	out->warnings = p->doc->warnings;
	out->nwarnings = p->doc->nwarnings;
	p->doc->warnings = NULL;
	p->doc->nwarnings = 0;
out:
	if (err)
		ct_add_result_dispose(out);
	ct_buf_dispose(&tree);
	return err;
}

int ct_archive_add(ct_add_result *out, ct_archive *a, ct_host *host, const char *id,
	const char *data, size_t len, const ct_add_options *opts)
{
	ct_prepared *p = NULL;
	int err;

	memset(out, 0, sizeof(*out));
	if ((err = ct_archive_prepare(&p, a, host, id, data, len, opts)) < 0)
		return err;
	err = ct_archive_commit(out, a, host, p);
	ct_prepared_free(p);
	return err;
}

