// The rules of a job's state, as pure functions over the Job message: which
// states are terminal, the job's state from its parts, and the changes the
// runner applies to a part (accepted, failed, cancelled, results in).
#ifndef GAINSIGHT_GATEWAY_SERVER_JOBS_JOB_STATE_H_
#define GAINSIGHT_GATEWAY_SERVER_JOBS_JOB_STATE_H_

#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "gainsight/bulk_wire.h"
#include "gainsight/v1/bulk.pb.h"

namespace gg {

// ErrorInfo reasons of job and part errors.
namespace job_reason {
// The upload was sent, no answer came, and the rows were not sent again.
inline constexpr char kOutcomeUnknown[] = "UPLOAD_OUTCOME_UNKNOWN";
// Every allowed upload of a part failed.
inline constexpr char kAttemptsExhausted[] = "UPLOAD_ATTEMPTS_EXHAUSTED";
// Gainsight kept reporting the part unfinished past --bulk-status-timeout.
inline constexpr char kStatusTimeout[] = "UPLOAD_STATUS_TIMEOUT";
// The part's rows are no longer anywhere the gateway can read them.
inline constexpr char kRowsLost[] = "SPOOLED_ROWS_LOST";
inline constexpr char kCancelled[] = "JOB_CANCELLED";
}  // namespace job_reason

bool IsTerminal(gainsight::v1::JobState state);

// The job's state from its parts: the least advanced state of the parts
// that are not terminal; once all are, FAILED if any failed (or the job
// has an error), else CANCELLED if any was cancelled, else COMPLETED.
gainsight::v1::JobState OverallState(const gainsight::v1::Job& job);

google::protobuf::Timestamp ToTimestamp(absl::Time t);
absl::Time FromTimestamp(const google::protobuf::Timestamp& t);

// "rows 1-500" of a part (import row numbers, from 1).
std::string PartRows(const gainsight::v1::JobPart& part);

// Errors with ErrorInfo reason and metadata (part, first_row, last_row).
absl::Status PartError(absl::StatusCode code, absl::string_view reason,
                       const gainsight::v1::JobPart& part,
                       absl::string_view message);

// The error of a part whose upload went out and whose outcome stays
// unknown: it names the rows and what to do.
absl::Status OutcomeUnknownError(const gainsight::v1::JobPart& part,
                                 absl::string_view upstream_error);

// Fails `part` with `error`, and the job with it (the job's first error is
// kept). The part's `outcome_unknown` is left as it is.
void FailPart(gainsight::v1::Job& job, gainsight::v1::JobPart& part,
              const absl::Status& error);

// Gainsight accepted the upload under `status_id`.
void MarkAccepted(gainsight::v1::JobPart& part, const std::string& status_id,
                  absl::Time now);

// Applies a status answer to an uploaded part; adds the counts and row
// errors of a part that ended (at most `max_row_errors` kept on the job).
// Returns whether the part is now terminal.
bool ApplyStatus(gainsight::v1::Job& job, gainsight::v1::JobPart& part,
                 const AsyncUploadStatus& status, int max_row_errors);

// CancelJob: parts not uploaded (and not in flight, `in_flight` -1 for
// none) become CANCELLED.
void CancelUnsentParts(gainsight::v1::Job& job, int in_flight);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_JOBS_JOB_STATE_H_
