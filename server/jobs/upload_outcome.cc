#include "jobs/upload_outcome.h"

#include "gainsight/bulk_wire.h"

namespace gg {

UploadDecision ClassifyUpload(const UpstreamOutcome& outcome) {
  UploadDecision decision;
  decision.status_id = UploadStatusId(outcome.data);
  if (outcome.status.ok()) {
    decision.verdict = decision.status_id.empty()
                           ? UploadVerdict::kAcceptedUnreadable
                           : UploadVerdict::kAccepted;
    return decision;
  }
  if (outcome.throttled) {
    decision.verdict = UploadVerdict::kNotReceived;  // not executed
    return decision;
  }
  if (!outcome.request_sent) {
    // Never sent, or sent incomplete. Refused outright (no credential, a
    // URL off the tenant) when the reason would not pass with time.
    switch (outcome.status.code()) {
      case absl::StatusCode::kCancelled:
      case absl::StatusCode::kUnavailable:
      case absl::StatusCode::kDeadlineExceeded:
      case absl::StatusCode::kResourceExhausted:
      case absl::StatusCode::kAborted:
        decision.verdict = UploadVerdict::kNotReceived;
        break;
      default:
        decision.verdict = UploadVerdict::kRefused;
    }
    decision.status_id.clear();
    return decision;
  }
  if (outcome.transient ||
      outcome.status.code() == absl::StatusCode::kCancelled) {
    // The request went out whole; an answer that still names a status id
    // tells what became of it.
    decision.verdict = decision.status_id.empty() ? UploadVerdict::kUnknown
                                                  : UploadVerdict::kAccepted;
    return decision;
  }
  decision.status_id.clear();
  decision.verdict = UploadVerdict::kRefused;
  return decision;
}

}  // namespace gg
