// Removes what no job will read again from a spool directory: the parts of
// jobs that ended or that the store does not know (an import that broke off
// when its process died), and temporary files. Files younger than
// `min_age` are left alone: they may belong to an import that is still
// streaming, on this replica or another one sharing the directory.
#ifndef GAINSIGHT_GATEWAY_SERVER_JOBS_SPOOL_SWEEP_H_
#define GAINSIGHT_GATEWAY_SERVER_JOBS_SPOOL_SWEEP_H_

#include <string>

#include "absl/time/time.h"
#include "jobs/job_store.h"

namespace gg {

// How old an unclaimed spool file must be before a sweep removes it.
inline constexpr absl::Duration kOrphanMinAge = absl::Hours(1);

// Returns how many files were removed. `now` is the caller's clock, compared
// with the files' modification times.
int SweepSpool(const std::string& dir, JobStore& store, absl::Time now,
               absl::Duration min_age = kOrphanMinAge);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_JOBS_SPOOL_SWEEP_H_
