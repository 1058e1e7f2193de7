#include "jobs/job_wait.h"

#include "absl/strings/str_cat.h"
#include "jobs/job_state.h"

namespace gg {
namespace {

bool HasPartsToUpload(const gainsight::v1::Job& job) {
  if (job.cancel_requested() || IsTerminal(job.state())) return false;
  for (const auto& part : job.parts()) {
    if (part.state() == gainsight::v1::JOB_STATE_QUEUED) return true;
  }
  return false;
}

bool CreatedBefore(const gainsight::v1::Job& a, const gainsight::v1::Job& b) {
  const absl::Time ta = FromTimestamp(a.create_time());
  const absl::Time tb = FromTimestamp(b.create_time());
  if (ta != tb) return ta < tb;
  return a.id() < b.id();
}

std::string ClockTime(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

}  // namespace

int JobsAhead(const gainsight::v1::Job& job,
              const std::vector<gainsight::v1::Job>& all) {
  int ahead = 0;
  for (const gainsight::v1::Job& other : all) {
    if (other.id() == job.id()) continue;
    if (HasPartsToUpload(other) && CreatedBefore(other, job)) ahead++;
  }
  return ahead;
}

gainsight::v1::JobWait ExplainWait(int jobs_ahead,
                                   const std::optional<WaitEstimate>& estimate,
                                   absl::Time now) {
  gainsight::v1::JobWait wait;
  wait.set_jobs_ahead(jobs_ahead);
  std::string reason;
  if (!estimate.has_value()) {
    reason = "waiting for bulk budget";
  } else if (estimate->wait <= absl::ZeroDuration()) {
    reason = "a bulk slot is free: the upload starts as soon as it is sent";
    *wait.mutable_estimated_start() = ToTimestamp(now);
  } else {
    const absl::Time start = now + estimate->wait;
    *wait.mutable_estimated_start() = ToTimestamp(start);
    if (estimate->window == "closed") {
      wait.set_window("bulk closed");
      reason =
          "the bulk class is closed after Gainsight refused a call "
          "(HTTP 429)";
    } else {
      wait.set_window(absl::StrCat("bulk ", estimate->window));
      reason = absl::StrCat("waiting for the bulk window ", estimate->window);
    }
    if (estimate->window_frees_at.has_value()) {
      *wait.mutable_window_frees_at() = ToTimestamp(*estimate->window_frees_at);
      absl::StrAppend(&reason,
                      estimate->window == "closed" ? "; it reopens at "
                                                   : "; a slot frees at ",
                      ClockTime(*estimate->window_frees_at));
    }
    absl::StrAppend(&reason, "; estimated start ", ClockTime(start));
  }
  absl::StrAppend(&reason, "; ", jobs_ahead, jobs_ahead == 1 ? " job" : " jobs",
                  " ahead");
  wait.set_reason(reason);
  return wait;
}

}  // namespace gg
