// What one RPC cost upstream, for its access log line: the Gainsight calls
// sent on its behalf and the request ids Gainsight gave them. Every
// CallContext made from the RPC shares one trace; thread-safe.
#ifndef GAINSIGHT_GATEWAY_SERVER_OBSERVE_CALL_TRACE_H_
#define GAINSIGHT_GATEWAY_SERVER_OBSERVE_CALL_TRACE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace gg {

class CallTrace {
 public:
  // Request ids kept per call; further calls are counted only.
  static constexpr size_t kMaxRequestIds = 10;
  // Longest request id kept (Gainsight's are UUIDs).
  static constexpr size_t kMaxRequestIdLength = 64;

  // One answered (or failed) Gainsight call; `gainsight_request_id` is
  // empty when the answer carried none.
  void RecordUpstreamCall(absl::string_view gainsight_request_id);

  int64_t upstream_calls() const;
  std::vector<std::string> gainsight_request_ids() const;

 private:
  mutable absl::Mutex mu_;
  int64_t upstream_calls_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<std::string> request_ids_ ABSL_GUARDED_BY(mu_);
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_OBSERVE_CALL_TRACE_H_
