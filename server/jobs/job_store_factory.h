// Picks the job store: Redis when the gateway shares a budget through Redis
// (so every replica answers for every job), else files in the spool
// directory.
#ifndef GAINSIGHT_GATEWAY_SERVER_JOBS_JOB_STORE_FACTORY_H_
#define GAINSIGHT_GATEWAY_SERVER_JOBS_JOB_STORE_FACTORY_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "jobs/job_store.h"

namespace gg {

// Creates `spool_dir` when missing (the spool is local either way).
absl::StatusOr<std::unique_ptr<JobStore>> OpenJobStore(
    const std::string& spool_dir, const std::string& redis_url,
    const std::string& key_prefix, const std::string& replica_id);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_JOBS_JOB_STORE_FACTORY_H_
