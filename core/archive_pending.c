/* Placeholder until the libgit2 archive lands. */
#include "claimtrack/archive.h"

int ct_archive_open(ct_archive **out, const char *path)
{
	*out = NULL;
	return ct_error_set(CT_EARCHIVE, "%s: archives are not implemented yet", path);
}

void ct_archive_free(ct_archive *archive) { (void)archive; }

int ct_archive_resolve(ct_version *out, ct_archive *archive, const char *spec)
{
	(void)out; (void)archive;
	return ct_error_set(CT_ENOTFOUND, "%s: archives are not implemented yet", spec);
}

int ct_archive_claims(ct_claimset *set, ct_archive *archive, ct_host *host, const ct_version *v)
{
	(void)set; (void)archive; (void)host; (void)v;
	return ct_error_set(CT_EARCHIVE, "archives are not implemented yet");
}

int ct_archive_log(ct_version **out, size_t *count, ct_archive *archive, const char *id)
{
	(void)out; (void)count; (void)archive;
	return ct_error_set(CT_ENOTFOUND, "%s: archives are not implemented yet", id);
}

void ct_version_dispose(ct_version *v) { (void)v; }

void ct_versions_free(ct_version *v, size_t count) { (void)v; (void)count; }
