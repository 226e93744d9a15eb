/* SPDX-License-Identifier: MIT */
/*
 * Refs in git's on-disk format, read and moved here only.
 *
 * A lookup reads the loose file refs/heads/<id>, then, when there is none,
 * binary-searches packed-refs mapped into memory (git writes it sorted and
 * says so in its header), as git itself does: one open and a few dozen
 * comparisons whether the archive holds a thousand documents or millions.
 * libgit2 1.5 parses the whole packed-refs file into a table on the first
 * write and for every iteration, which is what made a million refs slow.
 * The map is checked against the file's identity on every lookup, so a
 * packed-refs rewritten by gc (or git pack-refs) is seen at once.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "claimtrack/buf.h"
#include "claimtrack/common.h"
#include "refs.h"

#define HEXSZ GIT_OID_HEXSZ
#define HEADS "refs/heads/"
#define PACKED_HEADER "# pack-refs with: peeled fully-peeled sorted \n"

struct ct_refs {
	char *gitdir;
	int stale;
	/* packed-refs, mapped */
	const char *map;
	size_t len;
	size_t start;             /* first record, after the header lines */
	int sorted;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
	int have;                 /* a map (or a known empty file) is current */
	char *view;               /* remote branches read as refs/heads (a clone) */
};

int ct_refs_open(ct_refs **out, const char *gitdir)
{
	ct_refs *r = calloc(1, sizeof(*r));

	*out = NULL;
	if (!r || !(r->gitdir = strdup(gitdir))) {
		free(r);
		return ct_error_set(CT_ENOMEM, "out of memory");
	}
	r->stale = CT_LOCK_STALE_SECONDS;
	*out = r;
	return 0;
}

static void packed_unmap(ct_refs *r)
{
	if (r->map)
		munmap((void *)r->map, r->len);
	r->map = NULL;
	r->len = r->start = 0;
	r->have = 0;
}

void ct_refs_free(ct_refs *r)
{
	if (!r)
		return;
	packed_unmap(r);
	free(r->gitdir);
	free(r->view);
	free(r);
}

int ct_refs_set_view(ct_refs *r, const char *remote_prefix)
{
	char *v = remote_prefix ? strdup(remote_prefix) : NULL;

	if (remote_prefix && !v)
		return ct_error_set(CT_ENOMEM, "out of memory");
	free(r->view);
	r->view = v;
	return 0;
}

void ct_refs_set_stale(ct_refs *r, int stale_seconds)
{
	r->stale = stale_seconds > 0 ? stale_seconds : CT_LOCK_STALE_SECONDS;
}

int ct_refs_stale(const ct_refs *r)
{
	return r->stale;
}

static int path_of(char *out, size_t size, const ct_refs *r, const char *name)
{
	if ((size_t)snprintf(out, size, "%s/%s", r->gitdir, name) >= size)
		return ct_error_set(CT_EINVAL, "ref name too long: %.80s", name);
	return 0;
}

/* ---- packed-refs ---- */

static int packed_check(ct_refs *r)
{
	char path[4400];
	struct stat st;
	const char *p, *end, *eol;
	int fd, err;

	if ((err = path_of(path, sizeof(path), r, "packed-refs")) < 0)
		return err;
	if (stat(path, &st) < 0) {
		if (errno != ENOENT)
			return ct_error_set(CT_EIO, "cannot read %s: %s", path, strerror(errno));
		packed_unmap(r);
		r->have = 1;
		r->size = -1;
		return 0;
	}
	if (r->have && r->size == st.st_size && r->ino == st.st_ino && r->dev == st.st_dev &&
	    r->mtime.tv_sec == st.st_mtim.tv_sec && r->mtime.tv_nsec == st.st_mtim.tv_nsec)
		return 0;
	packed_unmap(r);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		if (errno == ENOENT)
			return packed_check(r);   /* replaced between stat and open */
		return ct_error_set(CT_EIO, "cannot read %s: %s", path, strerror(errno));
	}
	if (fstat(fd, &st) < 0) {
		close(fd);
		return ct_error_set(CT_EIO, "cannot read %s: %s", path, strerror(errno));
	}
	if (st.st_size > 0) {
		void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);

		if (m == MAP_FAILED) {
			close(fd);
			return ct_error_set(CT_EIO, "cannot map %s: %s", path, strerror(errno));
		}
		r->map = m;
		r->len = (size_t)st.st_size;
	}
	close(fd);
	r->dev = st.st_dev;
	r->ino = st.st_ino;
	r->size = st.st_size;
	r->mtime = st.st_mtim;
	r->sorted = 0;
	/* header lines: "# pack-refs with: <traits> \n" says whether it is sorted */
	p = r->map;
	end = r->map + r->len;
	while (p && p < end && *p == '#') {
		eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		if ((size_t)(eol - p) > 17 && !memcmp(p, "# pack-refs with:", 17) &&
		    memmem(p, (size_t)(eol - p) + (eol < end), " sorted ", 8))
			r->sorted = 1;
		p = eol < end ? eol + 1 : end;
	}
	r->start = p ? (size_t)(p - r->map) : 0;
	r->have = 1;
	return 0;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int parse_hex(git_oid *out, const char *s)
{
	int i, h, l;

	for (i = 0; i < GIT_OID_RAWSZ; i++) {
		if ((h = hexval(s[2 * i])) < 0 || (l = hexval(s[2 * i + 1])) < 0)
			return -1;
		out->id[i] = (unsigned char)(h << 4 | l);
	}
	return 0;
}

/* The record's name and value at p (a line "<hex> <name>\n"); 0 or -1. */
static int packed_record(git_oid *oid, const char **name, size_t *nlen, const char *p,
	const char *end)
{
	const char *eol = memchr(p, '\n', (size_t)(end - p));

	if (!eol)
		eol = end;
	if (eol - p < HEXSZ + 2 || p[HEXSZ] != ' ' || parse_hex(oid, p) < 0)
		return -1;
	*name = p + HEXSZ + 1;
	*nlen = (size_t)(eol - *name);
	if (*nlen && (*name)[*nlen - 1] == '\r')
		(*nlen)--;
	return 0;
}

/* Start of the line holding p, skipping back over peeled ("^") lines. */
static const char *record_start(const char *base, const char *p)
{
	for (;;) {
		while (p > base && p[-1] != '\n')
			p--;
		if (p > base && *p == '^') {
			p--;
			continue;
		}
		return p;
	}
}

static const char *next_record(const char *p, const char *end)
{
	for (;;) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));

		if (!eol)
			return end;
		p = eol + 1;
		if (p >= end || *p != '^')
			return p;
	}
}

static int name_cmp(const char *name, size_t nlen, const char *want, size_t wlen)
{
	int c = memcmp(name, want, nlen < wlen ? nlen : wlen);

	if (c)
		return c;
	return nlen < wlen ? -1 : nlen > wlen ? 1 : 0;
}

/* 0 found, CT_ENOTFOUND, CT_EARCHIVE for a damaged record on the way. */
static int packed_find(git_oid *out, ct_refs *r, const char *refname)
{
	const char *base, *lo, *hi, *end, *name;
	size_t wlen = strlen(refname), nlen;
	git_oid oid;
	int err;

	if ((err = packed_check(r)) < 0)
		return err;
	if (!r->map)
		return CT_ENOTFOUND;
	base = r->map + r->start;
	end = r->map + r->len;
	if (!r->sorted) {
		/* written by something that does not sort: read it through */
		for (lo = base; lo < end; lo = next_record(lo, end)) {
			if (packed_record(&oid, &name, &nlen, lo, end) < 0)
				continue;
			if (!name_cmp(name, nlen, refname, wlen)) {
				git_oid_cpy(out, &oid);
				return 0;
			}
		}
		return CT_ENOTFOUND;
	}
	lo = base;
	hi = end;
	while (lo < hi) {
		const char *mid = record_start(base, lo + (hi - lo) / 2);
		int c;

		if (mid < lo)
			mid = lo;
		if (packed_record(&oid, &name, &nlen, mid, end) < 0)
			return ct_error_set(CT_EARCHIVE,
				"%s/packed-refs: damaged line at byte %zu; 'git pack-refs --all' rewrites it",
				r->gitdir, (size_t)(mid - r->map));
		c = name_cmp(name, nlen, refname, wlen);
		if (!c) {
			git_oid_cpy(out, &oid);
			return 0;
		}
		if (c < 0)
			lo = next_record(mid, end);
		else
			hi = mid;
	}
	return CT_ENOTFOUND;
}

/* ---- loose refs ---- */

#define SYMREF_WHY "is a symbolic ref, not a document's branch"

/* A loose ref file's content: "<hex>" and optional trailing space. */
static int parse_loose(git_oid *out, const char *buf, size_t n, const char **why)
{
	size_t i;

	if (n == 0) {
		*why = "is empty";
		return -1;
	}
	if (n >= 5 && !memcmp(buf, "ref: ", 5)) {
		*why = SYMREF_WHY;
		return -1;
	}
	if (n < HEXSZ || parse_hex(out, buf) < 0) {
		*why = "does not hold a commit id";
		return -1;
	}
	for (i = HEXSZ; i < n; i++)
		if (buf[i] != '\n' && buf[i] != ' ' && buf[i] != '\r' && buf[i] != '\t') {
			*why = "holds more than a commit id";
			return -1;
		}
	return 0;
}

/* 0 read, 1 no loose file, < 0 error; *why set for a damaged one. */
static int loose_read(git_oid *out, const char *path, const char **why)
{
	char buf[256];
	ssize_t n;
	int fd;

	*why = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0) {
		if (errno == ENOENT || errno == ENOTDIR || errno == EISDIR)
			return 1;
		return ct_error_set(CT_EIO, "cannot read %s: %s", path, strerror(errno));
	}
	do
		n = read(fd, buf, sizeof(buf));
	while (n < 0 && errno == EINTR);
	close(fd);
	if (n < 0)
		return errno == EISDIR ? 1 : ct_error_set(CT_EIO, "cannot read %s: %s", path,
			strerror(errno));
	if (parse_loose(out, buf, (size_t)n, why) < 0)
		return 0;
	return 0;
}

static int read_one(git_oid *out, ct_refs *r, const char *refname)
{
	char path[4400];
	const char *why;
	int err;

	if ((err = path_of(path, sizeof(path), r, refname)) < 0)
		return err;
	if ((err = loose_read(out, path, &why)) < 0)
		return err;
	if (err == 0 && why)
		return ct_error_set(CT_EARCHIVE,
			"%s: damaged ref: the file %s (git fsck reports it too); restore it from a "
			"copy of the archive, or remove it to drop the document's branch", path, why);
	if (err == 0)
		return 0;
	return packed_find(out, r, refname);
}

int ct_refs_read(git_oid *out, ct_refs *r, const char *refname)
{
	char remote[4400];
	int err = read_one(out, r, refname);

	/* a clone read as it is: refs/heads/X is the remote's X */
	if (err != CT_ENOTFOUND || !r->view || strncmp(refname, HEADS, strlen(HEADS)))
		return err;
	snprintf(remote, sizeof(remote), "%s%s", r->view, refname + strlen(HEADS));
	return read_one(out, r, remote);
}

static int mkdirs_for(const char *path)
{
	char dir[4400];
	char *p;

	snprintf(dir, sizeof(dir), "%s", path);
	if (!(p = strrchr(dir, '/')))
		return 0;
	*p = '\0';
	for (p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0755) < 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(dir, 0755) < 0 && errno != EEXIST ? -1 : 0;
}

int ct_refs_update(ct_refs *r, const char *refname, const git_oid *new_id,
	const git_oid *old_id, int durable)
{
	ct_lock l = CT_LOCK_INIT;
	char path[4400], line[HEXSZ + 2];
	git_oid cur;
	int err;

	if ((err = path_of(path, sizeof(path), r, refname)) < 0)
		return err;
	if ((err = ct_lock_take(&l, path, r->stale)) < 0) {
		if (err != CT_EIO || mkdirs_for(path) < 0 ||
		    (err = ct_lock_take(&l, path, r->stale)) < 0)
			return err;
	}
	/* the value is checked under the lock: that is the compare of the swap */
	err = ct_refs_read(&cur, r, refname);
	if (err == CT_ENOTFOUND) {
		err = old_id ? CT_REFS_MOVED : 0;
	} else if (err == 0) {
		err = old_id && git_oid_equal(&cur, old_id) ? 0 : CT_REFS_MOVED;
	}
	if (err) {
		ct_lock_release(&l);
		return err;
	}
	git_oid_tostr(line, sizeof(line), new_id);
	line[HEXSZ] = '\n';
	return ct_lock_commit(&l, line, HEXSZ + 1, durable);
}

/* ---- listing ---- */

typedef struct ref_vec {
	ct_ref *v;
	size_t n, cap;
} ref_vec;

static int vec_push(ref_vec *rv, const char *name, size_t nlen, const git_oid *oid,
	const char *why)
{
	ct_ref *e;

	if (rv->n == rv->cap) {
		size_t cap = rv->cap ? rv->cap * 2 : 256;
		ct_ref *nv = realloc(rv->v, cap * sizeof(*nv));

		if (!nv)
			return ct_error_set(CT_ENOMEM, "out of memory");
		rv->v = nv;
		rv->cap = cap;
	}
	e = &rv->v[rv->n];
	memset(e, 0, sizeof(*e));
	if (!(e->name = strndup(name, nlen)) || (why && !(e->why = strdup(why)))) {
		free(e->name);
		return ct_error_set(CT_ENOMEM, "out of memory");
	}
	if (oid)
		git_oid_cpy(&e->oid, oid);
	e->damaged = why != NULL;
	rv->n++;
	return 0;
}

void ct_refs_list_free(ct_ref *v, size_t count)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < count; i++) {
		free(v[i].name);
		free(v[i].why);
	}
	free(v);
}

static int is_lock_name(const char *n)
{
	size_t len = strlen(n);

	return len >= 5 && !strcmp(n + len - 5, ".lock");
}

/* "refs/remotes/origin/HEAD": git clone's symbolic ref at the remote's
 * default branch, the one symbolic ref an archive's clone holds by design. */
static int remote_head(const char *name, const char *why)
{
	size_t n = strlen(name);

	return !strncmp(name, "refs/remotes/", 13) && n > 18 && !strcmp(name + n - 5, "/HEAD") &&
		!strcmp(why, SYMREF_WHY);
}

/* Loose refs under dir (relative name rel/), recursively. */
static int loose_walk(ref_vec *rv, const ct_refs *r, const char *rel)
{
	char dir[4400], sub[4400], name[4400];
	struct dirent *e;
	DIR *d;
	int err = 0;

	if ((err = path_of(dir, sizeof(dir), r, rel)) < 0)
		return err;
	if (!(d = opendir(dir)))
		return errno == ENOENT || errno == ENOTDIR ? 0 :
			ct_error_set(CT_EIO, "cannot read %s: %s", dir, strerror(errno));
	while (!err && (e = readdir(d)) != NULL) {
		const char *why;
		git_oid oid;
		struct stat st;
		int got;

		if (e->d_name[0] == '.' || is_lock_name(e->d_name))
			continue;
		if ((size_t)snprintf(name, sizeof(name) - 1, "%s%s", rel, e->d_name) >= sizeof(name) - 1 ||
		    (size_t)snprintf(sub, sizeof(sub), "%s/%s", dir, e->d_name) >= sizeof(sub))
			continue;   /* longer than any ref git could make */
		if (e->d_type == DT_DIR || (e->d_type == DT_UNKNOWN && lstat(sub, &st) == 0 &&
			S_ISDIR(st.st_mode))) {
			strcat(name, "/");
			err = loose_walk(rv, r, name);
			continue;
		}
		if ((got = loose_read(&oid, sub, &why)) < 0)
			err = got;
		else if (got == 0 && why && remote_head(name, why))
			continue;   /* a clone's pointer at its remote's default branch */
		else if (got == 0)
			err = vec_push(rv, name, strlen(name), why ? NULL : &oid, why);
		/* got 1: gone meanwhile (a gc removed it): packed-refs has it */
	}
	closedir(d);
	return err;
}

static int cmp_ref(const void *x, const void *y)
{
	const ct_ref *a = x, *b = y;
	int c = strcmp(a->name, b->name);

	/* equal names: the loose one (marked 2) first, it wins */
	return c ? c : (b->damaged & 2) - (a->damaged & 2);
}

static int list_raw(ct_ref **out, size_t *count, ct_refs *r, const char *prefix)
{
	ref_vec rv = { NULL, 0, 0 };
	size_t nloose, i, k, plen = strlen(prefix);
	const char *p, *end;
	int err;

	*out = NULL;
	*count = 0;
	if ((err = loose_walk(&rv, r, prefix)) < 0 || (err = packed_check(r)) < 0)
		goto fail;
	nloose = rv.n;
	p = r->map ? r->map + r->start : NULL;
	end = r->map ? r->map + r->len : NULL;
	for (; p && p < end && !err; p = next_record(p, end)) {
		const char *name;
		size_t nlen;
		git_oid oid;

		if (packed_record(&oid, &name, &nlen, p, end) < 0) {
			char why[96];

			snprintf(why, sizeof(why), "packed-refs has a damaged line at byte %zu",
				(size_t)(p - r->map));
			err = vec_push(&rv, "packed-refs", 11, NULL, why);
			continue;
		}
		if (nlen >= plen && !memcmp(name, prefix, plen))
			err = vec_push(&rv, name, nlen, &oid, NULL);
	}
	if (err)
		goto fail;
	/* loose entries win over packed ones of the same name */
	for (i = 0; i < nloose; i++)
		rv.v[i].damaged |= 2;
	if (rv.n > 1)
		qsort(rv.v, rv.n, sizeof(*rv.v), cmp_ref);
	for (i = 0, k = 0; i < rv.n; i++) {
		if (k && !strcmp(rv.v[k - 1].name, rv.v[i].name) &&
		    strcmp(rv.v[i].name, "packed-refs")) {
			free(rv.v[i].name);
			free(rv.v[i].why);
			continue;
		}
		rv.v[k] = rv.v[i];
		rv.v[k].loose = (rv.v[k].damaged & 2) != 0;
		rv.v[k++].damaged &= 1;
	}
	rv.n = k;
	*out = rv.v;
	*count = rv.n;
	return 0;
fail:
	ct_refs_list_free(rv.v, rv.n);
	return err;
}

static int cmp_ref_name(const void *x, const void *y)
{
	return strcmp(((const ct_ref *)x)->name, ((const ct_ref *)y)->name);
}

/* With a view, the remote's branches join refs/heads/ under their own
 * names where no local branch has them (a clone read as it is). */
int ct_refs_list(ct_ref **out, size_t *count, ct_refs *r, const char *prefix)
{
	ct_ref *v = NULL, *rv = NULL, *nv, key = { 0 };
	size_t n = 0, nr = 0, i, vlen, hlen = strlen(HEADS), keep;
	char remote[4400];
	int err;

	if ((err = list_raw(&v, &n, r, prefix)) < 0 || !r->view || strncmp(prefix, HEADS, hlen))
		goto done;
	vlen = strlen(r->view);
	snprintf(remote, sizeof(remote), "%s%s", r->view, prefix + hlen);
	if ((err = list_raw(&rv, &nr, r, remote)) < 0)
		goto done;
	if (!nr)
		goto done;
	if (!(nv = realloc(v, (n + nr) * sizeof(*v)))) {
		err = ct_error_set(CT_ENOMEM, "out of memory");
		goto done;
	}
	v = nv;
	keep = n;
	for (i = 0; i < nr; i++) {
		const char *id = rv[i].name + vlen;
		char *name;

		if (!strcmp(id, "HEAD"))
			continue;
		if (!(name = malloc(hlen + strlen(id) + 1))) {
			err = ct_error_set(CT_ENOMEM, "out of memory");
			break;
		}
		sprintf(name, "%s%s", HEADS, id);
		key.name = name;
		/* the local branches are sorted: a local one wins */
		if (keep && bsearch(&key, v, keep, sizeof(*v), cmp_ref_name)) {
			free(name);
			continue;
		}
		v[n] = rv[i];
		free(v[n].name);
		v[n++].name = name;
		rv[i].name = NULL;
		rv[i].why = NULL;
	}
	if (n > keep)
		qsort(v, n, sizeof(*v), cmp_ref);
done:
	ct_refs_list_free(rv, nr);
	if (err < 0) {
		ct_refs_list_free(v, n);
		return err;
	}
	*out = v;
	*count = n;
	return 0;
}

/* ---- packing (gc) ---- */

/* "^<hex>\n" after an annotated tag's line, as the fully-peeled trait
 * promises; refs to anything else need none. */
static int put_peeled(ct_buf *b, git_repository *repo, const ct_ref *e)
{
	git_object *o = NULL, *peeled = NULL;
	char hex[HEXSZ + 1];
	int err = 0;

	if (!repo || strncmp(e->name, "refs/tags/", 10))
		return 0;
	if (git_object_lookup(&o, repo, &e->oid, GIT_OBJECT_ANY) < 0) {
		git_error_clear();
		return 0;
	}
	if (git_object_type(o) == GIT_OBJECT_TAG && git_object_peel(&peeled, o, GIT_OBJECT_ANY) == 0) {
		while (git_object_type(peeled) == GIT_OBJECT_TAG) {
			git_object *next = NULL;

			if (git_object_peel(&next, peeled, GIT_OBJECT_ANY) < 0)
				break;
			git_object_free(peeled);
			peeled = next;
		}
		git_oid_tostr(hex, sizeof(hex), git_object_id(peeled));
		err = ct_buf_printf(b, "^%s\n", hex);
	}
	git_error_clear();
	git_object_free(peeled);
	git_object_free(o);
	return err;
}

int ct_refs_pack(size_t *packed, ct_refs *r, git_repository *repo, int durable)
{
	ct_lock l = CT_LOCK_INIT;
	ct_ref *v = NULL;
	ct_buf b = CT_BUF_INIT;
	char path[4400], hex[HEXSZ + 1];
	size_t n = 0, i;
	int err;

	*packed = 0;
	if ((err = path_of(path, sizeof(path), r, "packed-refs")) < 0 ||
	    (err = ct_lock_take(&l, path, r->stale)) < 0)
		return err;
	/* read under the lock: nobody else rewrites packed-refs meanwhile */
	if ((err = ct_refs_list(&v, &n, r, "refs/")) < 0 ||
	    (err = ct_buf_grow(&b, 64 + n * 64)) < 0 ||
	    (err = ct_buf_puts(&b, PACKED_HEADER)) < 0)
		goto fail;
	for (i = 0; i < n && !err; i++) {
		/* a damaged ref stays as it is, for verify to report */
		if (v[i].damaged)
			continue;
		git_oid_tostr(hex, sizeof(hex), &v[i].oid);
		if ((err = ct_buf_printf(&b, "%s %s\n", hex, v[i].name)) == 0)
			err = put_peeled(&b, repo, &v[i]);
		(*packed)++;
	}
	if (err || (err = ct_lock_commit(&l, b.ptr, b.len, durable)) < 0)
		goto fail;
	/* now the loose copies: each removed under its own lock if it still
	 * says what packed-refs says; one that moved meanwhile stays and wins */
	for (i = 0; i < n; i++) {
		ct_lock rl = CT_LOCK_INIT;
		git_oid now;
		const char *why;

		if (!v[i].loose || v[i].damaged)
			continue;
		if (path_of(path, sizeof(path), r, v[i].name) < 0 ||
		    ct_lock_try(&rl, path, r->stale) != 1) {
			ct_error_clear();
			continue;
		}
		if (loose_read(&now, path, &why) == 0 && !why && git_oid_equal(&now, &v[i].oid))
			unlink(path);
		ct_lock_release(&rl);
	}
	ct_error_clear();
	ct_refs_list_free(v, n);
	ct_buf_dispose(&b);
	return 0;
fail:
	ct_lock_release(&l);
	ct_refs_list_free(v, n);
	ct_buf_dispose(&b);
	return err;
}

static void clear_locks_in(size_t *cleared, const ct_refs *r, const char *rel)
{
	char dir[4400], sub[4700];
	struct dirent *e;
	struct stat st;
	DIR *d;

	if (path_of(dir, sizeof(dir), r, rel) < 0 || !(d = opendir(dir)))
		return;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", dir, e->d_name);
		if (is_lock_name(e->d_name)) {
			if (ct_lock_clear_stale(sub, r->stale) && access(sub, F_OK) != 0)
				(*cleared)++;
		} else if (lstat(sub, &st) == 0 && S_ISDIR(st.st_mode)) {
			char next[4400];

			if ((size_t)snprintf(next, sizeof(next), "%s/%s", rel, e->d_name) < sizeof(next))
				clear_locks_in(cleared, r, next);
		}
	}
	closedir(d);
}

int ct_refs_clear_stale_locks(size_t *cleared, ct_refs *r)
{
	static const char *const top[] = { "packed-refs.lock", "HEAD.lock", "config.lock",
		"objects/pack/multi-pack-index.lock", "objects/pack/claimtrack-packs.lock" };
	char path[4400];
	size_t i;

	*cleared = 0;
	clear_locks_in(cleared, r, "refs");
	for (i = 0; i < sizeof(top) / sizeof(top[0]); i++)
		if (path_of(path, sizeof(path), r, top[i]) == 0 && access(path, F_OK) == 0 &&
		    ct_lock_clear_stale(path, r->stale))
			(*cleared)++;
	return 0;
}
