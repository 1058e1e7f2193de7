// The google.rpc error details the gateway attaches to a failed call
// (BadRequest, RetryInfo, QuotaFailure, ErrorInfo), read back from a
// grpc::Status, or from an absl::Status made by ToAbslStatus.
#ifndef GAINSIGHT_CLIENT_STATUS_DETAILS_H_
#define GAINSIGHT_CLIENT_STATUS_DETAILS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/support/status.h"

namespace gainsight_client {

struct ErrorDetails {
  std::optional<google::rpc::BadRequest> bad_request;
  std::optional<google::rpc::RetryInfo> retry_info;
  std::optional<google::rpc::QuotaFailure> quota_failure;
  std::optional<google::rpc::ErrorInfo> error_info;
};

// The same code and message; the google.rpc.Status details travel as a
// payload, so ParseDetails and RetryDelay work on the result.
absl::Status ToAbslStatus(const grpc::Status& status);

ErrorDetails ParseDetails(const grpc::Status& status);
ErrorDetails ParseDetails(const absl::Status& status);
ErrorDetails ParseDetails(const google::rpc::Status& status);

// How long RetryInfo asks the caller to wait; nullopt without RetryInfo.
std::optional<absl::Duration> RetryDelay(const grpc::Status& status);
std::optional<absl::Duration> RetryDelay(const absl::Status& status);

// "INVALID_ARGUMENT" for code 3, and so on.
std::string CodeName(int code);

// One line per detail, for people: "field companies[0].name: required",
// "retry after 1.5s", "quota sync 100/1m: ...", "reason QUOTA_...".
std::vector<std::string> DescribeDetails(const ErrorDetails& details);

}  // namespace gainsight_client

#endif  // GAINSIGHT_CLIENT_STATUS_DETAILS_H_
