/* SPDX-License-Identifier: MIT */
/*
 * The archive's public functions (include/claimtrack/archive.h), the API of
 * the archive module: F(ret, name, params, args, fail) for a function that
 * returns, fail being what it returns when the module cannot be loaded;
 * V(name, params, args) for a void one. A function added to archive.h is
 * added here too (the program fails to link until it is).
 */
#ifndef CT_MODULES_ARCHIVE_API_H
#define CT_MODULES_ARCHIVE_API_H

#include "claimtrack/archive.h"
#include "claimtrack/watch.h"

#define CT_ARCHIVE_API(F, V) \
	F(int, ct_archive_init, (ct_archive **out, const char *path), (out, path), CT_EUNSUPPORTED) \
	F(int, ct_archive_open, (ct_archive **out, const char *path), (out, path), CT_EUNSUPPORTED) \
	V(ct_archive_free, (ct_archive *archive), (archive)) \
	F(const char *, ct_archive_path, (const ct_archive *archive), (archive), NULL) \
	V(ct_archive_set_durable, (ct_archive *archive, int durable), (archive, durable)) \
	V(ct_archive_set_stale_lock, (ct_archive *archive, int seconds), (archive, seconds)) \
	F(int, ct_archive_id_check, (const char *id), (id), CT_EUNSUPPORTED) \
	V(ct_version_dispose, (ct_archive_version *v), (v)) \
	V(ct_versions_free, (ct_archive_version *v, size_t count), (v, count)) \
	V(ct_add_result_dispose, (ct_add_result *r), (r)) \
	F(int, ct_archive_summary, (ct_buf *out, const ct_add_result *r), (out, r), CT_EUNSUPPORTED) \
	F(int, ct_archive_add, (ct_add_result *out, ct_archive *archive, ct_host *host, \
		const char *id, const char *data, size_t len, const ct_add_options *opts), \
		(out, archive, host, id, data, len, opts), CT_EUNSUPPORTED) \
	F(int, ct_archive_prepare, (ct_prepared **out, const ct_archive *archive, ct_host *host, \
		const char *id, const char *data, size_t len, const ct_add_options *opts), \
		(out, archive, host, id, data, len, opts), CT_EUNSUPPORTED) \
	F(int, ct_archive_commit, (ct_add_result *out, ct_archive *archive, ct_host *host, \
		ct_prepared *prepared), (out, archive, host, prepared), CT_EUNSUPPORTED) \
	V(ct_prepared_free, (ct_prepared *prepared), (prepared)) \
	F(int, ct_prepared_deflate, (ct_prepared *prepared), (prepared), CT_EUNSUPPORTED) \
	F(int, ct_archive_batch_begin, (ct_archive *archive), (archive), CT_EUNSUPPORTED) \
	F(int, ct_archive_batch_flush, (ct_archive *archive), (archive), CT_EUNSUPPORTED) \
	F(int, ct_archive_batch_end, (ct_archive *archive), (archive), CT_EUNSUPPORTED) \
	V(ct_archive_batch_abort, (ct_archive *archive), (archive)) \
	F(size_t, ct_archive_batch_pending, (const ct_archive *archive), (archive), 0) \
	F(size_t, ct_archive_batch_unrecorded, (const ct_archive *archive), (archive), 0) \
	F(int, ct_archive_log, (ct_archive_version **out, size_t *count, ct_archive *archive, \
		const char *id), (out, count, archive, id), CT_EUNSUPPORTED) \
	F(int, ct_archive_latest, (ct_archive_version *out, ct_archive *archive, const char *id), \
		(out, archive, id), CT_EUNSUPPORTED) \
	F(int, ct_archive_find_source, (ct_archive_version *out, ct_archive *archive, const char *id, \
		const char *data, size_t len), (out, archive, id, data, len), CT_EUNSUPPORTED) \
	F(int, ct_archive_resolve, (ct_archive_version *out, ct_archive *archive, const char *spec), \
		(out, archive, spec), CT_EUNSUPPORTED) \
	F(int, ct_archive_read, (ct_buf *out, ct_archive *archive, const ct_archive_version *v, \
		const char *what), (out, archive, v, what), CT_EUNSUPPORTED) \
	F(int, ct_archive_claims, (ct_claimset *set, ct_archive *archive, ct_host *host, \
		const ct_archive_version *v), (set, archive, host, v), CT_EUNSUPPORTED) \
	F(int, ct_archive_verify_version, (ct_verify_status *status, ct_buf *why, \
		ct_archive *archive, ct_host *host, const ct_archive_version *v), \
		(status, why, archive, host, v), CT_EUNSUPPORTED) \
	F(int, ct_archive_gc, (ct_gc_stats *stats, ct_archive *archive, const ct_gc_options *opts), \
		(stats, archive, opts), CT_EUNSUPPORTED) \
	F(int, ct_archive_sync, (ct_sync_stats *stats, ct_archive *archive, ct_host *host, \
		const char *remote), (stats, archive, host, remote), CT_EUNSUPPORTED) \
	F(int, ct_archive_list, (char ***out, size_t *count, ct_archive *archive), \
		(out, count, archive), CT_EUNSUPPORTED) \
	F(int, ct_archive_tips, (ct_archive_tip **out, size_t *count, ct_archive *archive), \
		(out, count, archive), CT_EUNSUPPORTED) \
	V(ct_archive_tips_free, (ct_archive_tip *tips, size_t count), (tips, count)) \
	F(int, ct_archive_tip_version, (ct_archive_version *out, ct_archive *archive, \
		const ct_archive_tip *tip), (out, archive, tip), CT_EUNSUPPORTED) \
	F(int, ct_archive_check_refs, (char ***out, size_t *count, ct_archive *archive), \
		(out, count, archive), CT_EUNSUPPORTED) \
	V(ct_strings_free, (char **s, size_t count), (s, count)) \
	F(int, ct_archive_state_read, (ct_buf *out, char *commit_out, ct_archive *archive, \
		const char *name), (out, commit_out, archive, name), CT_EUNSUPPORTED) \
	F(int, ct_archive_state_write, (ct_archive *archive, const char *name, const char *data, \
		size_t len, const char *expected_commit, char *commit_out), \
		(archive, name, data, len, expected_commit, commit_out), CT_EUNSUPPORTED)

#include "../module.h"

typedef struct ct_archive_module {
	ct_module_head head;
	CT_ARCHIVE_API(CT_MODULE_MEMBER, CT_MODULE_VMEMBER)
} ct_archive_module;

#define CT_ARCHIVE_SIGNATURE CT_ARCHIVE_API(CT_MODULE_SIG, CT_MODULE_VSIG)

#endif
