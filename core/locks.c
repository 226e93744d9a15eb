/* SPDX-License-Identifier: MIT */
/*
 * Lock files, the one policy (see refs.h): O_EXCL creation, an flock held
 * for the holder's lifetime, stale = unheld and older than the stale age,
 * a wait that outlasts the stale age.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "claimtrack/common.h"
#include "refs.h"

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Sleep a little longer each time (0.2 ms doubling to 50 ms), jittered so
 * that writers started together spread out. */
void ct_lock_backoff(unsigned int attempt)
{
	struct timespec ts, now;
	long us = 200L << (attempt < 8 ? attempt : 8);
	unsigned long mix;

	if (us > 50000)
		us = 50000;
	/* rand() would give every forked writer the same "jitter" */
	clock_gettime(CLOCK_MONOTONIC, &now);
	mix = ((unsigned long)now.tv_nsec ^ ((unsigned long)getpid() << 16)) * 2654435761UL;
	us = us / 2 + (long)((mix >> 8) % (unsigned long)(us / 2 + 1));
	ts.tv_sec = us / 1000000;
	ts.tv_nsec = (us % 1000000) * 1000;
	nanosleep(&ts, NULL);
}

/* Whether a file last written at st's mtime is at least seconds old, to
 * the millisecond: whole seconds would call a lock made at 10.999 a second
 * old at 11.000. */
static int older_than(const struct stat *st, int seconds)
{
	struct timespec now;
	int64_t age_ms;

	clock_gettime(CLOCK_REALTIME, &now);
	age_ms = ((int64_t)now.tv_sec - (int64_t)st->st_mtim.tv_sec) * 1000 +
		((int64_t)now.tv_nsec - (int64_t)st->st_mtim.tv_nsec) / 1000000;
	return age_ms >= (int64_t)seconds * 1000;
}

int ct_lock_clear_stale(const char *path, int stale_seconds)
{
	struct stat held, named;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW), removed = 0;

	if (fd < 0)
		return errno == ENOENT;   /* gone already: as good as cleared */
	if (fstat(fd, &held) < 0 || !older_than(&held, stale_seconds) ||
	    flock(fd, LOCK_EX | LOCK_NB) < 0) {
		/* young, or its writer is alive and holds it */
		close(fd);
		return 0;
	}
	/* ours now: remove it only if the name still means this file, not a
	 * new lock someone made after another process cleared this one */
	if (stat(path, &named) == 0 && named.st_ino == held.st_ino &&
	    named.st_dev == held.st_dev && unlink(path) == 0)
		removed = 1;
	close(fd);
	return removed;
}

int ct_lock_wait_seconds(int stale_seconds)
{
	return stale_seconds + stale_seconds / 2 + 1;
}

/*
 * 1 when this process made the lock and holds it, 0 when someone else has
 * it. Between the create and the flock the file is a lock nobody holds:
 * a writer descheduled there for longer than the stale age (a loaded
 * machine, a short stale age) may find it cleared as a dead writer's and
 * another lock made in its place. The flock only counts if the name still
 * means the file it was taken on; otherwise two writers would each hold
 * "the" lock and one's ref update would overwrite the other's.
 */
static int lock_create(ct_lock *l)
{
	struct stat mine, named;

	l->fd = open(l->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (l->fd < 0)
		return errno == EEXIST ? 0 : -1;
	/* blocks only while a stale-lock clearer holds the file it removed */
	if (flock(l->fd, LOCK_EX) < 0) {
		int e = errno;

		close(l->fd);
		unlink(l->path);
		l->fd = -1;
		errno = e;
		return -1;
	}
	if (fstat(l->fd, &mine) < 0 || stat(l->path, &named) < 0 ||
	    mine.st_ino != named.st_ino || mine.st_dev != named.st_dev) {
		close(l->fd);
		l->fd = -1;
		return 0;
	}
	return 1;
}

static int lock_init(ct_lock *l, const char *target)
{
	size_t n = strlen(target);

	l->fd = -1;
	l->target = strdup(target);
	l->path = malloc(n + 6);
	if (!l->target || !l->path) {
		free(l->target);
		free(l->path);
		l->target = l->path = NULL;
		return ct_error_set(CT_ENOMEM, "out of memory");
	}
	memcpy(l->path, target, n);
	memcpy(l->path + n, ".lock", 6);
	return 0;
}

static void lock_forget(ct_lock *l)
{
	free(l->path);
	free(l->target);
	l->path = l->target = NULL;
	l->fd = -1;
}

static int create_error(ct_lock *l)
{
	int err = ct_error_set(CT_EIO, "cannot create lock file %s: %s", l->path, strerror(errno));

	lock_forget(l);
	return err;
}

int ct_lock_try(ct_lock *l, const char *target, int stale_seconds)
{
	int got, err;

	if ((err = lock_init(l, target)) < 0)
		return err;
	if ((got = lock_create(l)) == 0 && ct_lock_clear_stale(l->path, stale_seconds))
		got = lock_create(l);
	if (got < 0)
		return create_error(l);
	if (got == 0)
		lock_forget(l);
	return got;
}

int ct_lock_take(ct_lock *l, const char *target, int stale_seconds)
{
	int64_t deadline;
	unsigned int attempt;
	int got, err;

	if ((err = lock_init(l, target)) < 0)
		return err;
	deadline = now_ms() + (int64_t)ct_lock_wait_seconds(stale_seconds) * 1000;
	for (attempt = 0;; attempt++) {
		if ((got = lock_create(l)) > 0)
			return 0;
		if (got < 0)
			return create_error(l);
		if (ct_lock_clear_stale(l->path, stale_seconds))
			continue;
		if (now_ms() >= deadline)
			break;
		ct_lock_backoff(attempt);
	}
	err = ct_error_set(CT_ECONFLICT,
		"%s is held by a running process (claimtrack or git) and was not released in %d s; "
		"if no claimtrack or git command is writing to this archive, remove that file and "
		"run the command again",
		l->path, ct_lock_wait_seconds(stale_seconds));
	lock_forget(l);
	return err;
}

static int write_all(int fd, const void *data, size_t n)
{
	const char *p = data;

	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int fsync_parent(const char *path)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');
	int fd, err = 0;

	if (!slash || (size_t)(slash - path) >= sizeof(dir))
		return 0;
	memcpy(dir, path, (size_t)(slash - path));
	dir[slash - path] = '\0';
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -1;
	if (fsync(fd) < 0)
		err = -1;
	close(fd);
	return err;
}

int ct_lock_commit(ct_lock *l, const void *data, size_t len, int durable)
{
	int err = 0;

	if (write_all(l->fd, data, len) < 0 || (durable && fsync(l->fd) < 0)) {
		err = ct_error_set(CT_EIO, "cannot write lock file %s: %s", l->path, strerror(errno));
		ct_lock_release(l);
		return err;
	}
	/* the rename is the commit point: before it the old value stands whole,
	 * after it the new one; the flock goes with the descriptor */
	if (rename(l->path, l->target) < 0) {
		err = ct_error_set(CT_EIO, "cannot rename %s to %s: %s", l->path, l->target,
			strerror(errno));
		ct_lock_release(l);
		return err;
	}
	close(l->fd);
	if (durable && fsync_parent(l->target) < 0)
		err = ct_error_set(CT_EIO, "cannot sync the directory of %s: %s", l->target,
			strerror(errno));
	lock_forget(l);
	return err;
}

void ct_lock_release(ct_lock *l)
{
	if (!l->path)
		return;
	/* unlink while the flock is still held, so nobody judges it stale */
	unlink(l->path);
	if (l->fd >= 0)
		close(l->fd);
	lock_forget(l);
}
