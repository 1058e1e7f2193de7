#include "observe/call_trace.h"

namespace gg {

void CallTrace::RecordUpstreamCall(absl::string_view gainsight_request_id) {
  absl::MutexLock lock(&mu_);
  ++upstream_calls_;
  if (!gainsight_request_id.empty() &&
      gainsight_request_id.size() <= kMaxRequestIdLength &&
      request_ids_.size() < kMaxRequestIds) {
    request_ids_.emplace_back(gainsight_request_id);
  }
}

int64_t CallTrace::upstream_calls() const {
  absl::MutexLock lock(&mu_);
  return upstream_calls_;
}

std::vector<std::string> CallTrace::gainsight_request_ids() const {
  absl::MutexLock lock(&mu_);
  return request_ids_;
}

}  // namespace gg
