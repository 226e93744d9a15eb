/* SPDX-License-Identifier: MIT */
/* A fetch job's results (ct_fetch_many runs in the HTTP module; what it
 * leaves is freed here, without loading it). */
#include <stdlib.h>

#include "claimtrack/watch.h"

void ct_fetch_job_dispose(ct_fetch_job *job)
{
	if (!job)
		return;
	ct_buf_dispose(&job->body);
	ct_fetch_result_dispose(&job->res);
	free(job->error);
	job->error = NULL;
}
