// Picks the job store: Redis when replicas share job state (--job-redis,
// else --redis), so that any replica answers for and finishes any job;
// else files in the spool directory, for one replica.
#ifndef GAINSIGHT_GATEWAY_SERVER_JOBS_JOB_STORE_FACTORY_H_
#define GAINSIGHT_GATEWAY_SERVER_JOBS_JOB_STORE_FACTORY_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "jobs/job_store.h"

namespace gg {

// Creates `spool_dir` when missing (the spool is needed either way).
absl::StatusOr<std::unique_ptr<JobStore>> OpenJobStore(
    const std::string& spool_dir, const std::string& redis_url,
    const std::string& key_prefix, absl::Duration retention);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_JOBS_JOB_STORE_FACTORY_H_
