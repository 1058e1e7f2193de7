// Why a queued job waits, for GetJob and WatchJob: which rate window holds
// it back and until when, how many jobs go first, and when it should start.
#ifndef GAINSIGHT_GATEWAY_SERVER_JOBS_JOB_WAIT_H_
#define GAINSIGHT_GATEWAY_SERVER_JOBS_JOB_WAIT_H_

#include <optional>
#include <vector>

#include "absl/time/time.h"
#include "gainsight/v1/bulk.pb.h"
#include "quota/limiter.h"

namespace gg {

// Jobs in `all` created before `job` (ids break ties) that still have parts
// to upload and were not cancelled.
int JobsAhead(const gainsight::v1::Job& job,
              const std::vector<gainsight::v1::Job>& all);

// The explanation, from the jobs ahead and the limiter's estimate for an
// upload behind them (nullopt: the limiter cannot tell).
gainsight::v1::JobWait ExplainWait(int jobs_ahead,
                                   const std::optional<WaitEstimate>& estimate,
                                   absl::Time now);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_JOBS_JOB_WAIT_H_
