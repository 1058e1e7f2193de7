// Where a part's rows are read from: its file in the spool directory, or,
// for a part handed over by a replica that stopped (its spool directory was
// its own), the copy it left in the job store.
#ifndef GAINSIGHT_GATEWAY_SERVER_JOBS_PART_ROWS_H_
#define GAINSIGHT_GATEWAY_SERVER_JOBS_PART_ROWS_H_

#include <string>

#include "absl/status/status.h"
#include "gainsight/v1/bulk.pb.h"
#include "jobs/job_store.h"

namespace gg {

// Makes sure `part`'s rows are at `path`: a handed-over part is written
// there from the store. NOT_FOUND when they are nowhere.
absl::Status EnsurePartRows(JobStore& store, const std::string& path,
                            const gainsight::v1::Job& job,
                            const gainsight::v1::JobPart& part);

// Copies the rows of `job`'s parts still to upload from `spool_dir` into the
// store and marks them handed over. Returns how many parts were.
int HandOverRows(JobStore& store, const std::string& spool_dir,
                 gainsight::v1::Job& job);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_JOBS_PART_ROWS_H_
