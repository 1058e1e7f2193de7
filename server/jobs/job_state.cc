#include "jobs/job_state.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "common/status_details.h"
#include "google/protobuf/util/time_util.h"

namespace gg {

using gainsight::v1::Job;
using gainsight::v1::JobPart;
using gainsight::v1::JobState;

bool IsTerminal(JobState state) {
  return state == gainsight::v1::JOB_STATE_COMPLETED ||
         state == gainsight::v1::JOB_STATE_FAILED ||
         state == gainsight::v1::JOB_STATE_CANCELLED;
}

JobState OverallState(const Job& job) {
  JobState least = gainsight::v1::JOB_STATE_UNSPECIFIED;
  bool any_failed = job.has_error();
  bool any_cancelled = false;
  for (const JobPart& part : job.parts()) {
    if (part.state() == gainsight::v1::JOB_STATE_FAILED) any_failed = true;
    if (part.state() == gainsight::v1::JOB_STATE_CANCELLED) {
      any_cancelled = true;
    }
    if (IsTerminal(part.state())) continue;
    if (least == gainsight::v1::JOB_STATE_UNSPECIFIED || part.state() < least) {
      least = part.state();
    }
  }
  if (least != gainsight::v1::JOB_STATE_UNSPECIFIED) return least;
  if (any_failed) return gainsight::v1::JOB_STATE_FAILED;
  if (any_cancelled) return gainsight::v1::JOB_STATE_CANCELLED;
  return gainsight::v1::JOB_STATE_COMPLETED;
}

google::protobuf::Timestamp ToTimestamp(absl::Time t) {
  return google::protobuf::util::TimeUtil::MillisecondsToTimestamp(
      absl::ToUnixMillis(t));
}

absl::Time FromTimestamp(const google::protobuf::Timestamp& t) {
  return absl::FromUnixMillis(
      google::protobuf::util::TimeUtil::TimestampToMilliseconds(t));
}

std::string PartRows(const JobPart& part) {
  return absl::StrCat("rows ", part.first_row(), "-",
                      part.first_row() + part.row_count() - 1);
}

absl::Status PartError(absl::StatusCode code, absl::string_view reason,
                       const JobPart& part, absl::string_view message) {
  absl::Status status(code, message);
  AttachErrorInfo(
      status, reason,
      {{"part", absl::StrCat(part.index())},
       {"first_row", absl::StrCat(part.first_row())},
       {"last_row", absl::StrCat(part.first_row() + part.row_count() - 1)}});
  return status;
}

absl::Status OutcomeUnknownError(const JobPart& part,
                                 absl::string_view upstream_error) {
  return PartError(
      absl::StatusCode::kDataLoss, job_reason::kOutcomeUnknown, part,
      absl::StrCat(
          "part ", part.index(), " (", PartRows(part),
          ") was uploaded but Gainsight's answer never came (", upstream_error,
          "): those rows may or may not have loaded, and Gainsight offers no "
          "way to ask about an upload without its answer. Check the data "
          "job's execution log in Gainsight before loading them again, or "
          "import with delivery AT_LEAST_ONCE when the data job upserts"));
}

void FailPart(Job& job, JobPart& part, const absl::Status& error) {
  part.set_state(gainsight::v1::JOB_STATE_FAILED);
  *part.mutable_error() = ToRpcStatus(error);
  if (!job.has_error()) *job.mutable_error() = part.error();
}

void MarkAccepted(JobPart& part, const std::string& status_id, absl::Time now) {
  part.set_gainsight_status_id(status_id);
  part.set_state(gainsight::v1::JOB_STATE_INIT);
  part.set_outcome_unknown(false);
  *part.mutable_upload_time() = ToTimestamp(now);
}

bool ApplyStatus(Job& job, JobPart& part, const AsyncUploadStatus& status,
                 int max_row_errors) {
  JobState next = gainsight::v1::JOB_STATE_UNSPECIFIED;
  switch (status.state) {
    case AsyncState::kInit:
      next = gainsight::v1::JOB_STATE_INIT;
      break;
    case AsyncState::kInProgress:
      next = gainsight::v1::JOB_STATE_IN_PROGRESS;
      break;
    case AsyncState::kCompleted:
      next = gainsight::v1::JOB_STATE_COMPLETED;
      break;
    case AsyncState::kFailed:
      next = gainsight::v1::JOB_STATE_FAILED;
      break;
    case AsyncState::kUnknown:
      return false;
  }
  // States only move forward (a late answer must not undo a later one).
  if (next < part.state()) return false;
  part.set_state(next);
  if (!IsTerminal(next)) return false;
  job.set_succeeded_rows(job.succeeded_rows() + status.succeeded);
  job.set_failed_rows(job.failed_rows() + status.failed);
  for (const gainsight::v1::RowError& e : status.errors) {
    if (job.row_errors_size() >= max_row_errors) break;
    gainsight::v1::RowError* row = job.add_row_errors();
    *row = e;
    row->set_row(part.first_row() + e.row() - 1);
  }
  if (next == gainsight::v1::JOB_STATE_FAILED && !part.has_error()) {
    FailPart(
        job, part,
        PartError(
            absl::StatusCode::kAborted, "GAINSIGHT_UPLOAD_FAILED", part,
            absl::StrCat("Gainsight reported the upload of part ", part.index(),
                         " (", PartRows(part), ") as ", status.state_text)));
  }
  return true;
}

void CancelUnsentParts(Job& job, int in_flight) {
  for (JobPart& part : *job.mutable_parts()) {
    if (part.index() == in_flight) continue;
    if (part.state() != gainsight::v1::JOB_STATE_QUEUED) continue;
    part.set_state(gainsight::v1::JOB_STATE_CANCELLED);
    *part.mutable_error() = ToRpcStatus(PartError(
        absl::StatusCode::kCancelled, job_reason::kCancelled, part,
        part.outcome_unknown()
            ? absl::StrCat("cancelled before part ", part.index(), " (",
                           PartRows(part),
                           ") was uploaded again; an earlier upload's outcome "
                           "is unknown: those rows may or may not have loaded")
            : absl::StrCat("cancelled before part ", part.index(), " (",
                           PartRows(part), ") was uploaded")));
  }
}

}  // namespace gg
