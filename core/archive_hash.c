/* SPDX-License-Identifier: MIT */
/*
 * Object ids for what an import writes. git_odb_hash runs libgit2's
 * collision-detecting SHA-1, about a third of the speed of libcrypto's,
 * and an import hashes every file of every version (some 20 KB a
 * version): this hashes the same "TYPE SIZE\0" header and bytes with
 * libcrypto. The ids are the same; only objects this process builds are
 * hashed here, and whatever reads them back (libgit2, git fsck) checks
 * them with collision detection as before.
 *
 * OpenSSL 3 looks EVP_sha1() up in its provider tables on every init
 * (under a lock the import's threads share): the digest is fetched once,
 * and each thread keeps one context, reset for each object.
 */
#include <openssl/evp.h>
#include <pthread.h>
#include <stdio.h>

#include "archive_internal.h"

static pthread_once_t md_once = PTHREAD_ONCE_INIT;
static pthread_key_t md_key;
static int md_key_ok;
static EVP_MD *md_sha1;

static void md_ctx_free(void *p)
{
	EVP_MD_CTX_free(p);
}

static void md_load(void)
{
	md_sha1 = EVP_MD_fetch(NULL, "SHA1", NULL);
	md_key_ok = pthread_key_create(&md_key, md_ctx_free) == 0;
}

/* This thread's context, or NULL. */
static EVP_MD_CTX *md_thread_ctx(void)
{
	EVP_MD_CTX *md;

	pthread_once(&md_once, md_load);
	if (!md_key_ok || !md_sha1)
		return NULL;
	if ((md = pthread_getspecific(md_key)) != NULL)
		return md;
	if (!(md = EVP_MD_CTX_new()))
		return NULL;
	if (pthread_setspecific(md_key, md) != 0) {
		EVP_MD_CTX_free(md);
		return NULL;
	}
	return md;
}

int ct_archive__hash(git_oid *out, const void *data, size_t len, git_object_t type)
{
	static const char *const names[] = {
		[GIT_OBJECT_COMMIT] = "commit", [GIT_OBJECT_TREE] = "tree",
		[GIT_OBJECT_BLOB] = "blob", [GIT_OBJECT_TAG] = "tag",
	};
	unsigned char sum[EVP_MAX_MD_SIZE];
	char hdr[32];
	unsigned int n = 0;
	EVP_MD_CTX *md;
	int hlen, ok;

	if (type < GIT_OBJECT_COMMIT || type > GIT_OBJECT_TAG)
		return ct_error_set(CT_EINVAL, "archive: cannot hash an object of type %d", (int)type);
	hlen = snprintf(hdr, sizeof(hdr), "%s %zu", names[type], len);
	if (!(md = md_thread_ctx()))
		return ct_error_set(CT_ENOMEM, "archive: cannot start SHA-1 (libcrypto)");
	/* the header's NUL is part of what is hashed */
	ok = EVP_DigestInit_ex(md, md_sha1, NULL) == 1 &&
		EVP_DigestUpdate(md, hdr, (size_t)hlen + 1) == 1 &&
		(!len || EVP_DigestUpdate(md, data, len) == 1) &&
		EVP_DigestFinal_ex(md, sum, &n) == 1 && n == GIT_OID_RAWSZ;
	if (!ok)
		return ct_error_set(CT_ERROR, "archive: cannot hash an object");
	git_oid_fromraw(out, sum);
	return 0;
}
