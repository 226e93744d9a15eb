/* SPDX-License-Identifier: MIT */
/*
 * Object ids for what an import writes. git_odb_hash runs libgit2's
 * collision-detecting SHA-1, about a third of the speed of libcrypto's,
 * and an import hashes every file of every version (some 20 KB a
 * version): this hashes the same "TYPE SIZE\0" header and bytes with
 * libcrypto. The ids are the same; only objects this process builds are
 * hashed here, and whatever reads them back (libgit2, git fsck) checks
 * them with collision detection as before.
 */
#include <openssl/evp.h>
#include <stdio.h>

#include "archive_internal.h"

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
	if (!(md = EVP_MD_CTX_new()))
		return ct_error_set(CT_ENOMEM, "out of memory");
	/* the header's NUL is part of what is hashed */
	ok = EVP_DigestInit_ex(md, EVP_sha1(), NULL) == 1 &&
		EVP_DigestUpdate(md, hdr, (size_t)hlen + 1) == 1 &&
		(!len || EVP_DigestUpdate(md, data, len) == 1) &&
		EVP_DigestFinal_ex(md, sum, &n) == 1 && n == GIT_OID_RAWSZ;
	EVP_MD_CTX_free(md);
	if (!ok)
		return ct_error_set(CT_ERROR, "archive: cannot hash an object");
	git_oid_fromraw(out, sum);
	return 0;
}
