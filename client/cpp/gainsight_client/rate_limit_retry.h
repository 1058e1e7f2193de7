// Retries a call the gateway refused with RESOURCE_EXHAUSTED, after the delay
// its RetryInfo names. Other failures, and RESOURCE_EXHAUSTED without
// RetryInfo, are returned as they are.
//
//   grpc::Status status = CallWithRateLimitRetry(
//       [&] { auto ctx = NewContext(options);
//             return stub->GetQuota(ctx.get(), request, &response); },
//       /*max_attempts=*/3,
//       [](absl::Duration wait) { std::cout << "waiting " << wait; });
#ifndef GAINSIGHT_CLIENT_RATE_LIMIT_RETRY_H_
#define GAINSIGHT_CLIENT_RATE_LIMIT_RETRY_H_

#include <functional>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gainsight_client/status_details.h"
#include "grpcpp/support/status.h"

namespace gainsight_client {

inline grpc::Status CallWithRateLimitRetry(
    const std::function<grpc::Status()>& call, int max_attempts,
    const std::function<void(absl::Duration)>& on_wait = nullptr) {
  for (int attempt = 1;; ++attempt) {
    grpc::Status status = call();
    if (status.error_code() != grpc::StatusCode::RESOURCE_EXHAUSTED ||
        attempt >= max_attempts) {
      return status;
    }
    std::optional<absl::Duration> delay = RetryDelay(status);
    if (!delay.has_value()) return status;
    if (on_wait) on_wait(*delay);
    absl::SleepFor(*delay);
  }
}

}  // namespace gainsight_client

#endif  // GAINSIGHT_CLIENT_RATE_LIMIT_RETRY_H_
